//! Xsolla Login for a game without a backend (feature `login`, on by default): password
//! sign-in, registration, guest sign-in by device id, token refresh, sign-out and the
//! player's details, over the same [`Transport`] as the LiveOps client.
//!
//! ```no_run
//! # async fn run() -> Result<(), xsolla_liveops::login::LoginError> {
//! use xsolla_liveops::login::LoginClient;
//! use xsolla_liveops::OAuthClientId;
//!
//! let login = LoginClient::builder(OAuthClientId(1))
//!     .base_url("http://127.0.0.1:8780/login/api")
//!     .build()?;
//! let tokens = login.sign_in("ada", "correct horse").send().await?;
//! let player = tokens.access_token.to_user_token().expect("a JWT"); // for LiveOps calls
//! // … later, before `tokens.expires_in` runs out:
//! let renewed = login
//!     .refresh(tokens.refresh_token.as_ref().expect("scope=offline"))
//!     .send()
//!     .await?;
//! login.sign_out(&renewed.access_token).send().await?;
//! # let _ = player; Ok(()) }
//! ```
//!
//! Every call is sent once, never retried: a refresh token is single use, so a blind retry of
//! a refresh whose answer was lost would spend it twice. [`LoginError::is_ambiguous`] tells
//! when that may have happened, and [`LoginError::retry_after`] how long Login asked to wait.
//!
//! Errors read Login's `{"error": {"code", "description"}}` envelope into a [`LoginReason`]
//! (a numeric `code` such as `0` is read too). Tokens, codes and passwords are secret types
//! whose `Debug` and `Display` never show them; nothing here logs a body, a header or a query.

pub mod api;
pub mod error;

use std::sync::Arc;
use std::time::Duration;

use crate::time::Instant;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};

use crate::auth::{AccessToken, AuthorizationCode, Password, RefreshToken};
use crate::ids::OAuthClientId;
use crate::models::login::{
    DEVICE_ID_LEN, DEVICE_NAME_MAX, DeviceSignIn, DeviceType, LoginUrl, NewUser, PasswordSignIn,
    ResendConfirmation, Sessions, TokenSet,
};
use crate::retry::parse_retry_after;
use crate::transport::{HttpRequest, Transport, TransportConfig};

pub use self::api::{Grant, LoginBody, LoginEndpoint, LoginSettings};
pub use self::error::{LoginApiError, LoginError, LoginReason};

/// Xsolla Login's production API.
pub const DEFAULT_LOGIN_URL: &str = "https://login.xsolla.com/api";

struct Shared {
    transport: Arc<dyn Transport>,
    base_url: String,
    settings: LoginSettings,
}

/// A Xsolla Login client for one OAuth 2.0 client. Cheap to clone; clones share the
/// connection pool. It holds no tokens: each call takes the one it needs.
#[derive(Clone)]
pub struct LoginClient {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for LoginClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginClient")
            .field("base_url", &self.shared.base_url)
            .field("settings", &self.shared.settings)
            .finish_non_exhaustive()
    }
}

/// Builds a [`LoginClient`].
pub struct LoginClientBuilder {
    base_url: String,
    settings: LoginSettings,
    transport: Option<Arc<dyn Transport>>,
    config: TransportConfig,
}

impl LoginClientBuilder {
    /// Base URL without a trailing slash: [`DEFAULT_LOGIN_URL`] (the default), or a local
    /// emulator's `http://127.0.0.1:8780/login/api`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// The redirect URI to send where a call issues a code, for clients with several.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.settings.redirect_uri = Some(uri.into());
        self
    }

    /// Connect timeout of the reqwest transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Whole-request timeout of the reqwest transport.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.config.request_timeout = timeout;
        self
    }

    /// A transport of your own, or the one a LiveOps [`Client`](crate::Client) uses. Timeouts
    /// set here then do not apply.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<LoginClient, LoginError> {
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(&self.config)?,
        };
        Ok(LoginClient {
            shared: Arc::new(Shared {
                transport,
                base_url: self.base_url,
                settings: self.settings,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(config: &TransportConfig) -> Result<Arc<dyn Transport>, LoginError> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new(config)?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: &TransportConfig) -> Result<Arc<dyn Transport>, LoginError> {
    Err(LoginError::InvalidInput(
        "no transport: enable the `reqwest` feature or call LoginClientBuilder::transport".into(),
    ))
}

/// A new device id for guest sign-in: 32 random lowercase letters and digits. Make it once
/// per install and keep it: the same id always signs in the same guest.
pub fn new_device_id() -> String {
    std::iter::repeat_with(|| {
        let c = fastrand::alphanumeric();
        c.to_ascii_lowercase()
    })
    .take(32)
    .collect()
}

/// A `state` value: 24 random letters and digits (Login wants more than 8).
fn new_state() -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(24)
        .collect()
}

/// A device id as Login accepts it: left-padded with `0` to 16 characters, cut at 36 (an
/// Android id can lose its leading zeros). The device name is cut at 100 characters.
pub fn normalize_device(device: &str, device_id: &str) -> DeviceSignIn {
    let id: String = device_id
        .trim()
        .chars()
        .take(*DEVICE_ID_LEN.end())
        .collect();
    let pad = DEVICE_ID_LEN.start().saturating_sub(id.chars().count());
    DeviceSignIn {
        device: device.chars().take(DEVICE_NAME_MAX).collect(),
        device_id: format!("{}{id}", "0".repeat(pad)),
    }
}

impl LoginClient {
    /// Starts building a client for an OAuth 2.0 client id.
    pub fn builder(client_id: OAuthClientId) -> LoginClientBuilder {
        LoginClientBuilder {
            base_url: DEFAULT_LOGIN_URL.to_owned(),
            settings: LoginSettings {
                client_id,
                redirect_uri: None,
            },
            transport: None,
            config: TransportConfig::default(),
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The OAuth 2.0 client id.
    pub fn client_id(&self) -> OAuthClientId {
        self.shared.settings.client_id
    }

    /// Client id and redirect URI.
    pub fn settings(&self) -> &LoginSettings {
        &self.shared.settings
    }

    /// Password sign-in with a username or an e-mail address; answers the token set at once.
    pub fn sign_in(
        &self,
        username: impl Into<String>,
        password: impl Into<Password>,
    ) -> LoginRequest<'_, api::PasswordToken> {
        self.request(api::PasswordToken {
            body: PasswordSignIn {
                username: username.into(),
                password: password.into(),
            },
        })
    }

    /// Guest sign-in: the device call, then the code exchange. The same `device_id` always
    /// signs in the same player, so keep it once made. It is padded and cut to Login's
    /// lengths by [`normalize_device`].
    pub fn sign_in_as_guest(
        &self,
        device_type: DeviceType,
        device: &str,
        device_id: &str,
    ) -> GuestSignIn<'_> {
        GuestSignIn {
            client: self,
            call: api::DeviceCode {
                device_type,
                body: normalize_device(device, device_id),
                state: new_state(),
            },
        }
    }

    /// Registration. With e-mail confirmation off the new player is signed in at once
    /// ([`Registration::SignedIn`]); with it on, Login e-mails a link and password sign-in
    /// answers [`LoginReason::NotConfirmed`] until it is followed.
    pub fn register(
        &self,
        username: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<Password>,
    ) -> Register<'_> {
        Register {
            client: self,
            call: api::RegisterUser {
                body: NewUser {
                    username: username.into(),
                    password: password.into(),
                    email: email.into(),
                    accept_consent: None,
                    promo_email_agreement: None,
                    fields: None,
                },
                state: new_state(),
                locale: None,
            },
        }
    }

    /// Sends the confirmation e-mail again.
    pub fn resend_confirmation(
        &self,
        username: impl Into<String>,
    ) -> LoginRequest<'_, api::ResendConfirmationLink> {
        self.request(api::ResendConfirmationLink {
            body: ResendConfirmation {
                username: username.into(),
            },
            state: new_state(),
            locale: None,
        })
    }

    /// Exchanges an authorization code (from a `login_url`) for a token set.
    pub fn exchange_code(&self, code: AuthorizationCode) -> LoginRequest<'_, api::TokenExchange> {
        self.request(api::TokenExchange {
            grant: Grant::AuthorizationCode(code),
        })
    }

    /// Renews a session: a new token set for the latest refresh token, which is spent. Never
    /// send the same refresh token twice, not even in parallel: all but one are refused
    /// ([`LoginReason::InvalidGrant`]).
    pub fn refresh(&self, refresh_token: &RefreshToken) -> LoginRequest<'_, api::TokenExchange> {
        self.request(api::TokenExchange {
            grant: Grant::RefreshToken(refresh_token.clone()),
        })
    }

    /// Sign-out of every session (`sessions=all`): every access and refresh token of the
    /// player stops working. Wipe the local tokens whatever the answer.
    pub fn sign_out(&self, access_token: &AccessToken) -> LoginRequest<'_, api::Logout> {
        self.request(api::Logout {
            token: access_token.clone(),
            sessions: Sessions::All,
        })
    }

    /// The player's details.
    pub fn me(&self, access_token: &AccessToken) -> LoginRequest<'_, api::Me> {
        self.request(api::Me {
            token: access_token.clone(),
        })
    }

    /// Wraps a call value in a request bound to this client.
    pub fn request<E: LoginEndpoint>(&self, endpoint: E) -> LoginRequest<'_, E> {
        LoginRequest {
            client: self,
            endpoint,
        }
    }

    /// Sends a call once and decodes its answer.
    pub async fn send<E: LoginEndpoint>(&self, endpoint: &E) -> Result<E::Output, LoginError> {
        let request = self.prepare(endpoint)?;
        let method = request.method.clone();
        let path = endpoint.path();
        let started = Instant::now();
        let result = self.shared.transport.send(request).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        // The path only: queries carry state, bodies and headers carry secrets.
        let response = match result {
            Ok(r) => {
                tracing::debug!(%method, %path, status = r.status, elapsed_ms, "xsolla login request");
                r
            }
            Err(e) => {
                tracing::debug!(%method, %path, error = %e, elapsed_ms, "xsolla login request failed");
                return Err(e.into());
            }
        };
        if (200..300).contains(&response.status) {
            return crate::client::decode::<E::Output>(response.status, &response.body)
                .map_err(LoginError::from);
        }
        let retry_after = response
            .headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, crate::time::unix_seconds()));
        Err(LoginError::Api(Box::new(LoginApiError::from_response(
            response.status,
            &response.body,
            retry_after,
        ))))
    }

    fn prepare<E: LoginEndpoint>(&self, endpoint: &E) -> Result<HttpRequest, LoginError> {
        let settings = &self.shared.settings;
        let url = api::url(&self.shared.base_url, endpoint, settings);
        let mut headers = http::HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(token) = endpoint.bearer() {
            let mut auth = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
                .map_err(|_| {
                    LoginError::InvalidInput("the token contains invalid header characters".into())
                })?;
            auth.set_sensitive(true);
            headers.insert(AUTHORIZATION, auth);
        }
        let body = match endpoint.body(settings).map_err(LoginError::Encode)? {
            Some(LoginBody::Json(bytes)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Some(Bytes::from(bytes))
            }
            Some(LoginBody::Form(text)) => {
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                Some(Bytes::from(text))
            }
            None => None,
        };
        Ok(HttpRequest {
            method: endpoint.method(),
            url,
            headers,
            body,
        })
    }

    /// The code of a `login_url`, checked against the `state` sent.
    fn code_of(url: &LoginUrl, state: &str) -> Result<AuthorizationCode, LoginError> {
        if url.query_param("state").is_some_and(|s| s != state) {
            return Err(LoginError::BadLoginUrl("carries another state"));
        }
        url.query_param("code")
            .filter(|c| !c.is_empty())
            .map(AuthorizationCode::new)
            .ok_or(LoginError::BadLoginUrl("has no authorization code"))
    }
}

/// A Login call bound to a client, ready to send.
#[must_use = "a request does nothing until it is sent"]
pub struct LoginRequest<'a, E> {
    client: &'a LoginClient,
    endpoint: E,
}

impl<E: LoginEndpoint> LoginRequest<'_, E> {
    /// The call value.
    pub fn endpoint(&self) -> &E {
        &self.endpoint
    }

    /// The call value, to adjust it.
    pub fn endpoint_mut(&mut self) -> &mut E {
        &mut self.endpoint
    }

    /// Sends the call once.
    pub async fn send(self) -> Result<E::Output, LoginError> {
        self.client.send(&self.endpoint).await
    }
}

impl LoginRequest<'_, api::Logout> {
    /// Ends only the browser's single-sign-on session (`sessions=sso`): tokens stay valid.
    pub fn sso_only(mut self) -> Self {
        self.endpoint.sessions = Sessions::Sso;
        self
    }
}

impl LoginRequest<'_, api::ResendConfirmationLink> {
    /// Language of the e-mail (`en_XX`, `de_DE`, …).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.endpoint.locale = Some(locale.into());
        self
    }
}

/// Guest sign-in by device id, ready to send: [`LoginClient::sign_in_as_guest`].
#[must_use = "a request does nothing until it is sent"]
pub struct GuestSignIn<'a> {
    client: &'a LoginClient,
    call: api::DeviceCode,
}

impl GuestSignIn<'_> {
    /// The device call this sends first.
    pub fn endpoint(&self) -> &api::DeviceCode {
        &self.call
    }

    /// Sends the device call, then exchanges its code for the token set.
    pub async fn send(self) -> Result<TokenSet, LoginError> {
        let url = self.client.send(&self.call).await?;
        let code = LoginClient::code_of(&url, &self.call.state)?;
        self.client.exchange_code(code).send().await
    }
}

/// What registration ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// The account is ready and the player is signed in.
    SignedIn(TokenSet),
    /// Login e-mailed a confirmation link; the player can sign in once it is followed.
    ConfirmationRequired,
}

/// Registration, ready to send: [`LoginClient::register`].
#[must_use = "a request does nothing until it is sent"]
pub struct Register<'a> {
    client: &'a LoginClient,
    call: api::RegisterUser,
}

impl Register<'_> {
    /// Records whether the player accepted the consent.
    pub fn accept_consent(mut self, accepted: bool) -> Self {
        self.call.body.accept_consent = Some(accepted);
        self
    }

    /// Records whether the player agreed to promotional e-mails.
    pub fn promo_email_agreement(mut self, agreed: bool) -> Self {
        self.call.body.promo_email_agreement = Some(u8::from(agreed));
        self
    }

    /// Language of the confirmation e-mail (`en_XX`, `de_DE`, …).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.call.locale = Some(locale.into());
        self
    }

    /// The registration call this sends first.
    pub fn endpoint(&self) -> &api::RegisterUser {
        &self.call
    }

    /// Registers, then (when the account needs no confirmation) exchanges the code.
    pub async fn send(self) -> Result<Registration, LoginError> {
        match self.client.send(&self.call).await? {
            None => Ok(Registration::ConfirmationRequired),
            Some(url) => {
                let code = LoginClient::code_of(&url, &self.call.state)?;
                let tokens = self.client.exchange_code(code).send().await?;
                Ok(Registration::SignedIn(tokens))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_are_padded_and_cut_to_logins_lengths() {
        let d = normalize_device("Pixel", "abc123");
        assert_eq!(d.device_id, "0000000000abc123");
        let long = "x".repeat(50);
        let d = normalize_device(&"m".repeat(150), &long);
        assert_eq!(d.device_id.len(), 36);
        assert_eq!(d.device.len(), 100);
    }

    #[test]
    fn codes_are_taken_from_login_urls_with_their_state_checked() {
        let url = LoginUrl {
            login_url: "https://x/cb?code=abc&state=s1234567".into(),
        };
        assert_eq!(
            LoginClient::code_of(&url, "s1234567")
                .unwrap()
                .expose_secret(),
            "abc"
        );
        assert!(matches!(
            LoginClient::code_of(&url, "other-state"),
            Err(LoginError::BadLoginUrl(_))
        ));
        let url = LoginUrl {
            login_url: "https://x/cb?state=s1234567".into(),
        };
        assert!(LoginClient::code_of(&url, "s1234567").is_err());
    }

    #[test]
    fn states_are_long_enough() {
        assert!(new_state().len() > 8);
        assert_ne!(new_state(), new_state());
    }
}
