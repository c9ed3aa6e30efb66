//! Xsolla Login (`https://login.xsolla.com/api`): the bodies of the OAuth 2.0 calls a game
//! makes without a backend, the token set they answer with, the user's details, the claims of
//! the access token, and the `{"error": {"code", "description"}}` envelope of Login errors.
//!
//! Shared by the client's `login` module and the emulator's Login routes.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::auth::{AccessToken, Password, RefreshToken};

/// The token lifetime Xsolla Login documents as its default, for token sets without
/// `expires_in`.
pub const DEFAULT_EXPIRES_IN: u64 = 3600;

/// The scope that makes Login answer with a refresh token.
pub const OFFLINE_SCOPE: &str = "offline";

/// Body of password sign-in (`POST /oauth2/login/token`) and of `POST /oauth2/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordSignIn {
    /// The username or the e-mail address.
    pub username: String,
    /// The password.
    pub password: Password,
}

/// Body of registration (`POST /oauth2/user`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    /// The username, 3..255 characters.
    pub username: String,
    /// The password, 6..100 characters.
    pub password: Password,
    /// The e-mail address, 1..255 characters.
    pub email: String,
    /// Whether the player accepted the consent (projects that ask for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_consent: Option<bool>,
    /// Whether the player agreed to promotional e-mails, `0` or `1` as the SDKs send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_email_agreement: Option<u8>,
    /// Extra registration fields the project collects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Map<String, Value>>,
}

/// Body of the resend-confirmation call (`POST /oauth2/user/resend_confirmation_link`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendConfirmation {
    /// The username or the e-mail address.
    pub username: String,
}

/// The platform named in the device sign-in path; Xsolla accepts only these two, in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceType {
    /// `android`.
    Android,
    /// `ios`.
    Ios,
}

impl DeviceType {
    /// The path segment: `android` or `ios`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Android => "android",
            Self::Ios => "ios",
        }
    }

    /// Reads a path segment; only the exact lower-case names are accepted.
    pub fn parse(segment: &str) -> Option<Self> {
        match segment {
            "android" => Some(Self::Android),
            "ios" => Some(Self::Ios),
            _ => None,
        }
    }
}

impl fmt::Display for DeviceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Body of guest sign-in by device (`POST /oauth2/login/device/{device_type}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSignIn {
    /// Manufacturer and model, at most 100 characters.
    pub device: String,
    /// The device's stable id, 16..36 characters.
    pub device_id: String,
}

/// The shortest and longest `device_id` Login accepts.
pub const DEVICE_ID_LEN: std::ops::RangeInclusive<usize> = 16..=36;
/// The longest `device` Login accepts.
pub const DEVICE_NAME_MAX: usize = 100;

/// An answer carrying the redirect URI with the authorization `code` (and `state`) in its query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginUrl {
    /// The redirect URI with `code` and `state` in its query. It holds a one-time code: keep it
    /// out of logs.
    pub login_url: String,
}

impl LoginUrl {
    /// A query parameter of the URL, percent-decoded (`code`, `state`).
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.login_url.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or(query);
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then(|| {
                let value = value.replace('+', " ");
                percent_encoding::percent_decode_str(&value)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }
}

/// What the token calls answer: the player's JWT, its lifetime and (with `scope=offline`) the
/// refresh token that renews it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    /// The player's JWT, sent as `Authorization: Bearer` to Login and to LiveOps.
    pub access_token: AccessToken,
    /// Seconds the access token is valid for. Xsolla's schema once spelled it `expire_in`;
    /// both are read, and a missing value means [`DEFAULT_EXPIRES_IN`].
    #[serde(default = "default_expires_in", alias = "expire_in")]
    pub expires_in: u64,
    /// The refresh token, present when `scope=offline` was asked for. Single use: every
    /// refresh answers with a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    /// `bearer`.
    #[serde(default = "default_token_type")]
    pub token_type: String,
    /// The scope granted, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

fn default_expires_in() -> u64 {
    DEFAULT_EXPIRES_IN
}

fn default_token_type() -> String {
    "bearer".to_owned()
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &self.refresh_token)
            .field("token_type", &self.token_type)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Which sessions sign-out ends (`GET /oauth2/logout?sessions=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sessions {
    /// Only the browser's single-sign-on session; tokens stay valid.
    Sso,
    /// Every session of the player: all access and refresh tokens stop working.
    All,
}

impl Sessions {
    /// The query value: `sso` or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sso => "sso",
            Self::All => "all",
        }
    }
}

/// A group the player belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserGroup {
    /// The group id.
    pub id: i64,
    /// The group name.
    pub name: String,
    /// Whether new players join it.
    #[serde(default)]
    pub is_default: bool,
    /// Whether it can be deleted (user details only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_deletable: Option<bool>,
}

/// A device the player signed in from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDevice {
    /// The server's id of the link (not the device's own id).
    pub id: i64,
    /// Manufacturer and model.
    #[serde(default)]
    pub device: Option<String>,
    /// `android` or `ios`.
    #[serde(default, rename = "type")]
    pub device_type: Option<String>,
    /// When it was last used, RFC 3339.
    #[serde(default)]
    pub last_used_at: Option<String>,
}

/// A ban: when it started, when it ends, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserBan {
    /// Start, RFC 3339.
    #[serde(default)]
    pub date_from: Option<String>,
    /// End, RFC 3339, `None` for a permanent ban.
    #[serde(default)]
    pub date_to: Option<String>,
    /// The reason given.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The player's details (`GET /users/me`). Most fields may be `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserDetails {
    /// The user id, the access token's `sub`.
    pub id: String,
    /// The username (none for a guest).
    #[serde(default)]
    pub username: Option<String>,
    /// The nickname.
    #[serde(default)]
    pub nickname: Option<String>,
    /// The full name.
    #[serde(default)]
    pub name: Option<String>,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// The avatar URL.
    #[serde(default)]
    pub picture: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub birthday: Option<String>,
    /// `f`, `m`, `other`, …
    #[serde(default)]
    pub gender: Option<String>,
    /// Country code.
    #[serde(default)]
    pub country: Option<String>,
    /// Free-form tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// The id in the game's own system.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Age-check data (South Korea).
    #[serde(default)]
    pub connection_information: Option<String>,
    /// When the account was created, RFC 3339.
    #[serde(default)]
    pub registered: Option<String>,
    /// The last sign-in, RFC 3339.
    #[serde(default)]
    pub last_login: Option<String>,
    /// True for a guest (device) account.
    #[serde(default)]
    pub is_anonymous: bool,
    /// The ban, if any.
    #[serde(default)]
    pub ban: Option<UserBan>,
    /// The player's groups.
    #[serde(default)]
    pub groups: Vec<UserGroup>,
    /// Devices linked to the account.
    #[serde(default)]
    pub devices: Vec<UserDevice>,
}

impl UserDetails {
    /// What to call the player: nickname, then username, then e-mail, then `Guest`.
    pub fn display_name(&self) -> &str {
        [&self.nickname, &self.username, &self.email]
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
            .map_or("Guest", String::as_str)
    }
}

/// The claims of a Xsolla Login access token (the documented ones; tokens carry more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginClaims {
    /// The user id (a UUID): key everything on it.
    pub sub: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// `https://login.xsolla.com`.
    pub iss: String,
    /// The Login project (a UUID), not the store project.
    pub xsolla_login_project_id: String,
    /// The player's groups.
    #[serde(default)]
    pub groups: Vec<UserGroup>,
    /// How the player signed in: `xsolla_login` (password), `device`, `social`, …
    #[serde(rename = "type")]
    pub token_type: String,
    /// The username, when the account has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The e-mail address, when the account has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The OAuth 2.0 client the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    /// The scope asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The token's own id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// A Login error code: normally a string `NNN-NNN` (`003-001`), but schema-validation failures
/// send the number `0`. Both read into the same text (`"0"` for the number).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoginErrorCode(pub String);

impl LoginErrorCode {
    /// A code from its text.
    pub fn new(code: impl Into<String>) -> Self {
        Self(code.into())
    }

    /// The code text (`"003-001"`, `"0"`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LoginErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LoginErrorCode {
    /// A code of digits only (`0`) is written as a number, as Login does; others as strings.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<i64>() {
            Ok(n) if !self.0.starts_with('+') && !self.0.starts_with('-') => {
                serializer.serialize_i64(n)
            }
            _ => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for LoginErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = LoginErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer error code")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LoginErrorCode(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LoginErrorCode(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(LoginErrorCode(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(LoginErrorCode(v.to_string()))
            }
        }
        deserializer.deserialize_any(CodeVisitor)
    }
}

/// The inside of a Login error answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginErrorDetail {
    /// The code to branch on.
    pub code: LoginErrorCode,
    /// English text that may change: show it, never branch on it.
    #[serde(default)]
    pub description: String,
    /// More about the failure, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

/// A Login error answer: `{"error": {"code": "003-001", "description": "…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginErrorBody {
    /// The error.
    pub error: LoginErrorDetail,
}

impl LoginErrorBody {
    /// A body with a code and a description.
    pub fn new(code: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            error: LoginErrorDetail {
                code: LoginErrorCode::new(code),
                description: description.into(),
                details: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_read_as_strings_or_numbers_and_write_back_alike() {
        let body: LoginErrorBody =
            serde_json::from_str(r#"{"error":{"code":0,"description":"x"}}"#).unwrap();
        assert_eq!(body.error.code.as_str(), "0");
        assert_eq!(
            serde_json::to_value(&body).unwrap()["error"]["code"],
            serde_json::json!(0)
        );
        let body: LoginErrorBody =
            serde_json::from_str(r#"{"error":{"code":"003-001","description":"x"}}"#).unwrap();
        assert_eq!(body.error.code.as_str(), "003-001");
        assert_eq!(
            serde_json::to_value(&body).unwrap()["error"]["code"],
            serde_json::json!("003-001")
        );
    }

    #[test]
    fn token_sets_accept_the_old_spelling_and_a_missing_lifetime() {
        let set: TokenSet =
            serde_json::from_str(r#"{"access_token":"a","expire_in":299,"token_type":"bearer"}"#)
                .unwrap();
        assert_eq!(set.expires_in, 299);
        assert!(set.refresh_token.is_none());
        let set: TokenSet = serde_json::from_str(r#"{"access_token":"a"}"#).unwrap();
        assert_eq!(set.expires_in, DEFAULT_EXPIRES_IN);
        assert_eq!(set.token_type, "bearer");
    }

    #[test]
    fn login_urls_give_their_code_and_state() {
        let url = LoginUrl {
            login_url: "https://login.xsolla.com/api/blank?code=a%2Bb&state=xyz12345#f".into(),
        };
        assert_eq!(url.query_param("code").as_deref(), Some("a+b"));
        assert_eq!(url.query_param("state").as_deref(), Some("xyz12345"));
        assert_eq!(url.query_param("token"), None);
    }
}
