//! A local, stateful emulator of the Xsolla LiveOps API.
//!
//! It answers on Xsolla's paths with Xsolla's bodies, status codes and error bodies, and keeps
//! real state in SQLite: daily chains unlock day by day on a clock you can move, offer chains
//! advance step by step with free claims and paid orders, and every reward lands in the
//! player's inventory in the same transaction as the claim that earned it. Run it as the
//! `liveops-emulator` binary, or start it in-process from tests:
//!
//! ```no_run
//! # async fn run() {
//! use std::time::Duration;
//! use xsolla_liveops::{Client, UserToken};
//! use xsolla_liveops_emulator::{Config, Emulator};
//!
//! let emu = Emulator::start(Config::default()).await.expect("emulator");
//! let token = UserToken::parse(emu.mint_token("player-1", Duration::from_secs(3600))).unwrap();
//! let client = Client::builder(emu.project_id())
//!     .base_url(emu.base_url())
//!     .user_token(token)
//!     .admin_credentials(emu.admin_credentials())
//!     .build()
//!     .unwrap();
//! let chains = client.daily_chains().list().send().await.unwrap();
//! client.daily_chains().claim(chains.items[0].id, 1).send().await.unwrap();
//! emu.clock().advance(86_400); // tomorrow: step 2 unlocks
//! # }
//! ```
//!
//! # What is served
//! - Daily chains (client and admin), offer chains (client and admin), on `/v2`.
//! - Reward chains, value points, the items that earn them and clans (client and admin, the
//!   chain administration on `/v2` and `/v3`), and upsell (client and admin), on `/v2`. Items
//!   that earn value points credit them whenever they are granted, in the grant's transaction,
//!   and offer-chain steps show them (`step_vp_rewards`); a disabled value point earns nothing
//!   (`src/store/rewards`).
//! - Discounts and bonuses (`/v3` with `promotion_periods`, `/v2` with `date_start`/`date_end`),
//!   the all-promotions list, activation, personalized-catalog rules, and per-player promotion
//!   and item limits with scheduled resets. Offer-chain steps show discounted prices; paying an
//!   order spends the discount's use and grants the bonus items the purchase earns (its
//!   condition items, `price_conditions` on the paid price, `excluded_promotions`) in the
//!   payment's transaction (`src/store/promotions`, `personalization.rs`, `limits.rs`).
//! - Coupons, promo codes and unique catalog offers (campaign CRUD on `/v3` and `/v2`,
//!   activation, codes added one by one or generated 100 000 at a time, per-player and per-code
//!   limits), code redemption, rewards, verification and the admin lookup by code
//!   (`src/store/codes`). A coupon grants in the redemption's transaction; a promo code is
//!   reserved on the player's cart until removed, and used for good, its bonus items granted,
//!   when the cart is paid; a unique-offer code unlocks its items.
//! - Xsolla Login under `/login/api` on the same port ([`Emulator::login_base_url`]): password
//!   sign-in, registration, guest sign-in by device id, code exchange and rotating refresh
//!   tokens, sign-out and the player's details, with the players and OAuth 2.0 clients of the
//!   seed's `login` section (`src/login`). Its access tokens are the player tokens the
//!   LiveOps routes accept.
//! - Orders and item purchases (`src/store/orders.rs`): the order status, items bought for real
//!   money (a `new` order and a Pay Station token) or for virtual currency (debited and granted
//!   at once, 422/5006 when the balance is short). Offer-chain steps and items share one
//!   state machine, `new` → `paid` → `done` or `canceled`; delivery grants in the transaction
//!   that marks the order `done`, so an order grants once however often it is paid.
//! - Pages (`src/web`), server-rendered without JavaScript: a Pay Station stand-in at
//!   `/paystation4/?token=…` (Xsolla's own path, so only the host differs) with sandbox test
//!   cards and single-use tokens bound to their order, and a dashboard at `/` (players,
//!   inventories, value points, orders to pay or cancel, the clock with time travel, faults).
//!   [`checkout::post_form`] posts the checkout page's form from code, as a browser does.
//! - The control API under `/__emulator/` (its table is in the crate README): tokens, clock,
//!   inventory, grants, attributes, value points, players, orders (list, pay, cancel, a fresh
//!   checkout link) and carts, faults, reset. The same controls are methods of [`Emulator`]
//!   for in-process use.
//!
//! # Behaviour worth knowing
//! - Player tokens are HS256 JWTs signed with [`Config::jwt_secret`]; `exp` is checked against
//!   the emulator clock, so advancing the clock by days expires short-lived tokens.
//! - Admin calls need Basic `project_id:api_key`. A path whose project id is another number
//!   gets `403 Requested endpoint is forbidden`; a path whose project id is not a number, 404.
//! - Bodies are checked like Xsolla does: unknown properties, wrong types, missing fields give
//!   422 / 1102 naming the property; a body over [`Config::body_limit`] gets 413.
//! - Every answer has a `Date` header from the emulator clock.
//! - Players see only enabled chains inside their date window; personalization is decided in
//!   one place for every feature (`src/conditions.rs`).
//! - A file database belongs to one running emulator: SQLite holds an exclusive lock on it, so
//!   a second emulator (or the `sqlite3` shell) opens it only after the first has stopped. A
//!   SIGKILL loses nothing a client saw succeed (`tests/it/crash_safety_with_a_file_database.rs`).
//!
//! # Performance
//! `cargo bench -p xsolla_liveops_emulator --bench claims` (add `-- --file` for a WAL file)
//! compares real claims with a trivial axum handler;
//! `cargo bench -p xsolla_liveops_emulator --features internals --bench codes` times code
//! generation. The figures, how they were reached and their history are in the crate README.
//!
//! # Layout
//! `config` → `store` (SQLite + cached definitions, one module per feature) → `routes` (one
//! module per feature) → `server` (accept loop and middleware). `src/routes/mod.rs` says how
//! to add a feature.
//!
//! # Public interface
//! [`Config`] (with [`Storage`] and [`Seed`]), [`Emulator`], [`Faults`], the [`Clock`] it
//! runs on, and the errors [`StartError`], [`StoreError`] and [`ApiError`]. The `internals`
//! feature adds the `internals` module: the store and router, for this crate's benchmarks and property
//! tests.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
pub mod checkout;
mod clock;
mod conditions;
mod config;
mod control;
mod cors;
mod error;
mod extract;
mod login;
mod routes;
mod schedule;
mod seed;
mod server;
mod state;
mod store;
mod validate;
mod web;

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::watch;
use xsolla_liveops::{AdminCredentials, ProjectId};

pub use clock::Clock;
pub use config::{
    Config, CorsOrigins, DEFAULT_API_KEY, DEFAULT_BODY_LIMIT, DEFAULT_JWT_SECRET,
    DEFAULT_PROJECT_ID, Storage,
};
pub use error::ApiError;
pub use seed::{Seed, SeedError};
pub use state::Faults;
pub use store::StoreError;

use state::AppState;
use store::{Store, inventory, orders};

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound, or the runtime thread failed.
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    /// The database could not be opened or seeded.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    state: AppState,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

async fn bind(config: Config) -> Result<(tokio::net::TcpListener, AppState), StartError> {
    let clock = Clock::new();
    let store = Store::open(&config.storage, &config.seed, clock.now_unix())?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    Ok((listener, AppState::new(config, clock, store)))
}

impl Emulator {
    /// Starts the emulator on the current tokio runtime.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        let (listener, state) = bind(config).await?;
        let addr = listener.local_addr()?;
        let (shutdown, rx) = watch::channel(false);
        tokio::spawn(server::serve(listener, routes::app(state.clone()), rx));
        Ok(Self {
            addr,
            state,
            shutdown,
            thread: None,
        })
    }

    /// Starts the emulator on a runtime of its own, in a background thread; for synchronous
    /// tests and programs without tokio.
    pub fn start_blocking(config: Config) -> Result<Self, StartError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (shutdown, shutdown_rx) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("liveops-emulator".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = tx.send(Err(StartError::Io(e)));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match bind(config).await {
                        Ok((listener, state)) => {
                            let app = routes::app(state.clone());
                            let addr = listener.local_addr();
                            match addr {
                                Ok(addr) => {
                                    let _ = tx.send(Ok((addr, state)));
                                    server::serve(listener, app, shutdown_rx).await;
                                }
                                Err(e) => {
                                    let _ = tx.send(Err(StartError::Io(e)));
                                }
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                        }
                    }
                });
            })?;
        let (addr, state) = rx
            .recv()
            .map_err(|_| StartError::Io(std::io::Error::other("the emulator thread stopped")))??;
        Ok(Self {
            addr,
            state,
            shutdown,
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`: what a client uses as its base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:<port>/login/api`: the base URL of the emulated Xsolla Login.
    pub fn login_base_url(&self) -> String {
        format!("http://{}/login/api", self.addr)
    }

    /// Confirms the e-mail of a Login player (by username or e-mail), as following the
    /// confirmation link would; false if there is no such player.
    pub fn confirm_login_user(&self, name: &str) -> Result<bool, ApiError> {
        login::store::write(self.state.store(), |tx| login::store::confirm(tx, name))
            .map(|user| user.is_some())
            .map_err(|e| ApiError::internal("confirming a player", e))
    }

    /// `http://127.0.0.1:<port>/paystation4/`: the Pay Station base URL of this emulator's
    /// checkout page; a payment token goes after `?token=` (see
    /// `xsolla_liveops::models::orders::paystation_url`).
    pub fn paystation_base_url(&self) -> String {
        format!("http://{}/paystation4/", self.addr)
    }

    /// The emulated project.
    pub fn project_id(&self) -> ProjectId {
        self.state.config().project_id
    }

    /// Basic-auth credentials admin calls must carry.
    pub fn admin_credentials(&self) -> AdminCredentials {
        AdminCredentials::new(self.project_id(), self.state.config().api_key.clone())
    }

    /// A player token for `sub`, valid for `ttl` from the emulator's current time. (Signing
    /// cannot fail with an HS256 key; should it ever, the token is empty and every call with
    /// it answers 401.)
    pub fn mint_token(&self, sub: &str, ttl: Duration) -> String {
        let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        self.state
            .keys()
            .mint(sub, self.state.clock().now_unix(), ttl)
            .unwrap_or_default()
    }

    /// The emulator clock (shared: moving it moves the server's time).
    pub fn clock(&self) -> &Clock {
        self.state.clock()
    }

    /// Sets a player's attributes (personalization conditions read them).
    pub fn set_attributes(
        &self,
        sub: &str,
        attributes: Map<String, Value>,
    ) -> Result<(), ApiError> {
        self.state
            .store()
            .lock()
            .write(|tx, _| inventory::set_attributes(tx, sub, &attributes))
    }

    /// Credits a player with value points (as an item that awards them would); returns the
    /// new balance.
    pub fn grant_value_points(&self, sub: &str, sku: &str, amount: i64) -> Result<i64, ApiError> {
        let now = self.state.clock().now_unix();
        self.state
            .store()
            .lock()
            .write(|tx, _| inventory::add_value_points(tx, sub, sku, amount, now))
    }

    /// A player's inventory: `(sku, quantity)` sorted by SKU.
    pub fn inventory(&self, sub: &str) -> Result<Vec<(String, i64)>, ApiError> {
        inventory::inventory(&self.state.store().lock().conn, sub)
    }

    /// Every grant a player received, oldest first: `(sku, quantity, source)`; the source
    /// names the claim, order or redemption that granted it.
    pub fn grants(&self, sub: &str) -> Result<Vec<(String, i64, String)>, ApiError> {
        inventory::grants(&self.state.store().lock().conn, sub)
    }

    /// Completes a paid order as if the player had paid it; true when this call granted it.
    pub fn pay_order(&self, order_id: i64) -> Result<bool, ApiError> {
        let now = self.state.clock().now_unix();
        self.state
            .store()
            .lock()
            .write(|tx, cache| orders::pay(tx, cache, order_id, now))
            .map(|p| p.granted)
    }

    /// Cancels a `new` order as if the player had canceled it in Pay Station (409 for an order
    /// already paid).
    pub fn cancel_order(&self, order_id: i64) -> Result<(), ApiError> {
        let now = self.state.clock().now_unix();
        self.state
            .store()
            .lock()
            .write(|tx, _| orders::cancel(tx, order_id, now))
            .map(drop)
    }

    /// Pays a player's cart (`"current"` or a cart id): the promo code applied to it is used
    /// for good and its bonus items are granted. Returns the grants (none for a cart without a
    /// code).
    pub fn pay_cart(&self, sub: &str, cart_id: &str) -> Result<Vec<(String, i64)>, ApiError> {
        let now = self.state.clock().now_unix();
        self.state
            .store()
            .lock()
            .write(|tx, cache| store::codes::pay_cart(tx, cache, sub, cart_id, now))
    }

    /// Injects faults into the LiveOps routes.
    pub fn set_faults(&self, faults: Faults) {
        self.state.set_faults(faults);
    }

    /// How many answers [`Faults::drop_rate`] dropped so far (the work behind each was done).
    pub fn dropped_answers(&self) -> u64 {
        self.state.dropped_answers()
    }

    /// Stops the server and waits for a blocking-mode thread to end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The emulator below its HTTP surface, for this crate's benchmarks and property tests: the
/// store, the router and the token keys. Enabled by the `internals` feature; not part of the
/// stable interface.
#[cfg(feature = "internals")]
#[cfg_attr(docsrs, doc(cfg(feature = "internals")))]
pub mod internals {
    pub use crate::auth::TokenKeys;
    pub use crate::routes::app;
    pub use crate::state::AppState;
    pub use crate::store::{Store, codes, daily};
}
