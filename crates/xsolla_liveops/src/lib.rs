//! A typed client for the Xsolla LiveOps API.
//!
//! Daily chains, offer chains, upsell, coupons and promo codes, reward chains and value points,
//! orders and item purchases (the order status to track a payment, items bought for real money
//! through Pay Station or for virtual currency at once), and (with the `admin` feature) everything a game server or tool needs to configure them:
//! discounts, bonuses, unique catalog offers, personalization rules and limits.
//!
//! - [`models`]: serde types for every request and response, used by the client and by the
//!   local emulator alike.
//! - [`api`]: every operation as a value implementing [`Endpoint`]: method, path, query, body,
//!   credential, and whether it is safe to repeat.
//! - `seed` (feature `admin`): the seed-file format that describes a whole project, read by
//!   the local emulator and by the `liveops` command-line tool.
//! - [`Client`] (feature `client`, on by default through `reqwest`): sends them.
//!   Calls read `handler → builder → send()`:
//!
//! ```no_run
//! # async fn run() -> xsolla_liveops::Result<()> {
//! use xsolla_liveops::{Client, ProjectId, UserToken};
//!
//! let token = UserToken::parse(std::env::var("XSOLLA_TOKEN").unwrap_or_default()).expect("a JWT");
//! let client = Client::builder(ProjectId(44056))
//!     .base_url("http://127.0.0.1:8780")
//!     .user_token(token)
//!     .build()?;
//! for chain in client.daily_chains().list().all().await? {
//!     if let Some(step) = chain.claimable_step() {
//!         client.daily_chains().claim(chain.id, step.step_number).send().await?;
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Features
//! - `reqwest` (default): the reqwest transport (rustls, TLS 1.2 minimum); implies `client`.
//! - `client`: [`Client`] and the [`Transport`] trait, without a transport of its own.
//! - `admin`: server-side operations and `AdminCredentials`. Leave it off in game builds so
//!   they can never carry an API key.
//! - `login` (default): the `login` module, Xsolla Login for a game without a backend:
//!   password sign-in, registration, guest sign-in by device id, refresh, sign-out and the
//!   player's details. Implies `client`.
//!
//! # Errors and retries
//! One [`Error`] enum. API errors keep Xsolla's body whole ([`ErrorBody`]) and classify it
//! ([`ApiError::code_rejection`], [`ApiError::is_step_not_claimable`], …). Idempotent reads are
//! retried after transient failures by the pure [`retry::RetryPolicy`]; claims, redemptions and
//! orders never are: [`Error::is_ambiguous`] tells when to re-read state instead.
//!
//! # Secrets
//! [`UserToken`], [`ApiKey`] and `AdminCredentials` (feature `admin`) redact themselves in `Debug`, have no
//! `Display`, and are never logged. The Login secrets ([`AccessToken`], [`RefreshToken`],
//! [`AuthorizationCode`], [`Password`]) redact themselves in `Debug` and `Display` alike.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
pub mod auth;
pub mod endpoint;
pub mod error;
pub mod ids;
pub mod models;
pub mod retry;
#[cfg(feature = "admin")]
#[cfg_attr(docsrs, doc(cfg(feature = "admin")))]
pub mod seed;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
#[cfg(feature = "login")]
#[cfg_attr(docsrs, doc(cfg(feature = "login")))]
pub mod login;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod time;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod transport;

#[cfg(feature = "admin")]
#[cfg_attr(docsrs, doc(cfg(feature = "admin")))]
pub use auth::AdminCredentials;
pub use auth::{
    AccessToken, ApiKey, AuthorizationCode, Claims, Password, RefreshToken, TokenError, UserToken,
};
pub use endpoint::{Endpoint, Paginated};
pub use error::{ApiError, AuthScheme, CodeRejection, Error, ErrorBody, Result, TransportError};
pub use ids::*;

#[cfg(all(feature = "client", feature = "admin"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "client", feature = "admin"))))]
pub use client::Admin;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, Reply, Request};
#[cfg(feature = "login")]
#[cfg_attr(docsrs, doc(cfg(feature = "login")))]
pub use login::{LoginClient, LoginClientBuilder, LoginError, LoginReason, Registration};
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use transport::ReqwestTransport;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use transport::{HttpRequest, HttpResponse, Transport, TransportConfig};
