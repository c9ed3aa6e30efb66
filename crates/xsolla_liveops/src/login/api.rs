//! The Login calls as values: each implements [`LoginEndpoint`] (method, path, query, body,
//! Bearer token). They do no I/O; a [`LoginClient`](super::LoginClient) sends them.

use http::Method;
use serde::de::DeserializeOwned;

use crate::auth::{AccessToken, AuthorizationCode, RefreshToken};
use crate::endpoint::segment;
use crate::ids::OAuthClientId;
use crate::models::common::NoContent;
use crate::models::login::{
    DeviceSignIn, DeviceType, LoginUrl, NewUser, PasswordSignIn, ResendConfirmation, Sessions,
    TokenSet, UserDetails,
};

/// What every Login call of one game shares: its OAuth 2.0 client and redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginSettings {
    /// The OAuth 2.0 client id.
    pub client_id: OAuthClientId,
    /// The redirect URI sent where a call issues a code (and repeated in the exchange);
    /// `None` lets Login use the client's only (or first) one.
    pub redirect_uri: Option<String>,
}

/// A request body: JSON, or `application/x-www-form-urlencoded` for the token call.
#[derive(Clone, PartialEq, Eq)]
pub enum LoginBody {
    /// A JSON document.
    Json(Vec<u8>),
    /// Form-encoded pairs.
    Form(String),
}

impl std::fmt::Debug for LoginBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Bodies carry passwords, codes and refresh tokens.
        match self {
            Self::Json(_) => f.write_str("Json(<redacted>)"),
            Self::Form(_) => f.write_str("Form(<redacted>)"),
        }
    }
}

/// One Login call.
pub trait LoginEndpoint {
    /// The decoded success body.
    type Output: DeserializeOwned;

    /// HTTP method.
    fn method(&self) -> Method;

    /// Path below the Login base URL, such as `/oauth2/login/token`.
    fn path(&self) -> String;

    /// Query parameters.
    fn query(&self, settings: &LoginSettings) -> Vec<(&'static str, String)>;

    /// The body, if the call has one.
    fn body(&self, settings: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        let _ = settings;
        Ok(None)
    }

    /// The access token sent as `Authorization: Bearer`, for calls that need one.
    fn bearer(&self) -> Option<&AccessToken> {
        None
    }
}

fn json<T: serde::Serialize>(body: &T) -> Result<Option<LoginBody>, serde_json::Error> {
    serde_json::to_vec(body).map(|b| Some(LoginBody::Json(b)))
}

/// The `scope` query value: `offline`, so that token sets carry a refresh token.
fn scope() -> (&'static str, String) {
    ("scope", crate::models::login::OFFLINE_SCOPE.to_owned())
}

/// The query of a call that issues a code: client, `response_type=code`, state, redirect, scope.
fn code_query(settings: &LoginSettings, state: &str) -> Vec<(&'static str, String)> {
    let mut q = vec![
        ("client_id", settings.client_id.to_string()),
        ("response_type", "code".to_owned()),
        ("state", state.to_owned()),
    ];
    if let Some(uri) = &settings.redirect_uri {
        q.push(("redirect_uri", uri.clone()));
    }
    q.push(scope());
    q
}

/// Password sign-in: `POST /oauth2/login/token?client_id&scope=offline`, tokens at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordToken {
    /// Username or e-mail, and password.
    pub body: PasswordSignIn,
}

impl LoginEndpoint for PasswordToken {
    type Output = TokenSet;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        "/oauth2/login/token".to_owned()
    }
    fn query(&self, settings: &LoginSettings) -> Vec<(&'static str, String)> {
        vec![("client_id", settings.client_id.to_string()), scope()]
    }
    fn body(&self, _: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        json(&self.body)
    }
}

/// Guest sign-in by device: `POST /oauth2/login/device/{device_type}`, answering a `login_url`
/// whose code [`TokenExchange`] turns into tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCode {
    /// The platform, in the path.
    pub device_type: DeviceType,
    /// Device name and id.
    pub body: DeviceSignIn,
    /// The `state` echoed in the `login_url`, at least 8 characters.
    pub state: String,
}

impl LoginEndpoint for DeviceCode {
    type Output = LoginUrl;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        format!("/oauth2/login/device/{}", self.device_type.as_str())
    }
    fn query(&self, settings: &LoginSettings) -> Vec<(&'static str, String)> {
        code_query(settings, &self.state)
    }
    fn body(&self, _: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        json(&self.body)
    }
}

/// Registration: `POST /oauth2/user`. `Some(login_url)` when the account is ready (exchange
/// its code to sign in), `None` (204) when the player must confirm their e-mail first.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterUser {
    /// The new account.
    pub body: NewUser,
    /// The `state` echoed in the `login_url`, at least 8 characters.
    pub state: String,
    /// Language of the confirmation e-mail (`en_XX`, `de_DE`, …).
    pub locale: Option<String>,
}

impl LoginEndpoint for RegisterUser {
    type Output = Option<LoginUrl>;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        "/oauth2/user".to_owned()
    }
    fn query(&self, settings: &LoginSettings) -> Vec<(&'static str, String)> {
        let mut q = code_query(settings, &self.state);
        if let Some(locale) = &self.locale {
            q.push(("locale", locale.clone()));
        }
        q
    }
    fn body(&self, _: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        json(&self.body)
    }
}

/// Sends the confirmation e-mail again: `POST /oauth2/user/resend_confirmation_link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResendConfirmationLink {
    /// Username or e-mail.
    pub body: ResendConfirmation,
    /// The `state` carried by the confirmation link.
    pub state: String,
    /// Language of the e-mail.
    pub locale: Option<String>,
}

impl LoginEndpoint for ResendConfirmationLink {
    type Output = NoContent;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        "/oauth2/user/resend_confirmation_link".to_owned()
    }
    fn query(&self, settings: &LoginSettings) -> Vec<(&'static str, String)> {
        let mut q = vec![
            ("client_id", settings.client_id.to_string()),
            ("state", self.state.clone()),
        ];
        if let Some(uri) = &settings.redirect_uri {
            q.push(("redirect_uri", uri.clone()));
        }
        if let Some(locale) = &self.locale {
            q.push(("locale", locale.clone()));
        }
        q
    }
    fn body(&self, _: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        json(&self.body)
    }
}

/// What the token call exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// An authorization code from a `login_url` (`grant_type=authorization_code`); the
    /// client's redirect URI goes with it.
    AuthorizationCode(AuthorizationCode),
    /// The latest refresh token (`grant_type=refresh_token`).
    RefreshToken(RefreshToken),
}

/// The token call: `POST /oauth2/token`, form-encoded. Exchanges a code, or renews a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenExchange {
    /// What is exchanged.
    pub grant: Grant,
}

/// Form-encodes pairs.
fn form(pairs: &[(&str, &str)]) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const FORM: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'*');
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, FORM),
                utf8_percent_encode(v, FORM)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl LoginEndpoint for TokenExchange {
    type Output = TokenSet;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        "/oauth2/token".to_owned()
    }
    fn query(&self, _: &LoginSettings) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn body(&self, settings: &LoginSettings) -> Result<Option<LoginBody>, serde_json::Error> {
        let client_id = settings.client_id.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![("client_id", &client_id)];
        match &self.grant {
            Grant::AuthorizationCode(code) => {
                pairs.push(("grant_type", "authorization_code"));
                pairs.push(("code", code.expose_secret()));
                if let Some(uri) = &settings.redirect_uri {
                    pairs.push(("redirect_uri", uri));
                }
            }
            Grant::RefreshToken(token) => {
                pairs.push(("grant_type", "refresh_token"));
                pairs.push(("refresh_token", token.expose_secret()));
            }
        }
        Ok(Some(LoginBody::Form(form(&pairs))))
    }
}

/// Sign-out: `GET /oauth2/logout?sessions=…` with the access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logout {
    /// The player's access token.
    pub token: AccessToken,
    /// `all` ends every session and invalidates every token; `sso` only the browser's.
    pub sessions: Sessions,
}

impl LoginEndpoint for Logout {
    type Output = NoContent;
    fn method(&self) -> Method {
        Method::GET
    }
    fn path(&self) -> String {
        "/oauth2/logout".to_owned()
    }
    fn query(&self, _: &LoginSettings) -> Vec<(&'static str, String)> {
        vec![("sessions", self.sessions.as_str().to_owned())]
    }
    fn bearer(&self) -> Option<&AccessToken> {
        Some(&self.token)
    }
}

/// The player's details: `GET /users/me` with the access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// The player's access token.
    pub token: AccessToken,
}

impl LoginEndpoint for Me {
    type Output = UserDetails;
    fn method(&self) -> Method {
        Method::GET
    }
    fn path(&self) -> String {
        "/users/me".to_owned()
    }
    fn query(&self, _: &LoginSettings) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn bearer(&self) -> Option<&AccessToken> {
        Some(&self.token)
    }
}

/// The URL of a call: base, path, and the percent-encoded query.
pub fn url<E: LoginEndpoint>(base: &str, endpoint: &E, settings: &LoginSettings) -> String {
    let mut url = format!("{base}{}", endpoint.path());
    for (i, (k, v)) in endpoint.query(settings).iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&segment(v));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> LoginSettings {
        LoginSettings {
            client_id: OAuthClientId(1),
            redirect_uri: Some("https://example.com/cb?x=1".into()),
        }
    }

    #[test]
    fn the_refresh_body_is_form_encoded() {
        let call = TokenExchange {
            grant: Grant::RefreshToken(RefreshToken::new("a b+c/=")),
        };
        let Some(LoginBody::Form(body)) = call.body(&settings()).unwrap() else {
            panic!("a form body");
        };
        assert_eq!(
            body,
            "client_id=1&grant_type=refresh_token&refresh_token=a%20b%2Bc%2F%3D"
        );
        assert!(!format!("{:?}", call.body(&settings()).unwrap()).contains("a b"));
    }

    #[test]
    fn device_calls_name_the_lower_case_type_and_send_state_and_redirect() {
        let call = DeviceCode {
            device_type: DeviceType::Ios,
            body: DeviceSignIn {
                device: "iPhone".into(),
                device_id: "0123456789abcdef".into(),
            },
            state: "state-123456".into(),
        };
        assert_eq!(
            url("http://h/api", &call, &settings()),
            "http://h/api/oauth2/login/device/ios?client_id=1&response_type=code\
             &state=state-123456&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&scope=offline"
        );
    }
}
