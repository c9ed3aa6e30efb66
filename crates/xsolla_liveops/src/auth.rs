//! Credentials: the player's Login JWT and the project's API key.
//!
//! Both are secrets: their `Debug` output is redacted, they have no `Display`, and nothing in
//! this crate logs them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ProjectId;

/// The claims of a Xsolla Login JWT that this crate reads.
///
/// Read without verifying the signature: only Xsolla (or the emulator) can verify it, and a
/// client only needs to know who the token is for and when it runs out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The player's id; the same id admin calls use as `user_external_id`.
    pub sub: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Issued at, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Token type, `xsolla_login` for Login tokens.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

/// Why a token could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// Not three base64url parts, or the payload is not JSON with `sub` and `exp`.
    #[error("not a readable JWT: {0}")]
    Malformed(String),
}

/// The player's Xsolla Login JWT, sent as `Authorization: Bearer`.
#[derive(Clone)]
pub struct UserToken {
    raw: String,
    claims: Claims,
}

impl UserToken {
    /// Reads the token's claims (without verifying its signature).
    pub fn parse(raw: impl Into<String>) -> Result<Self, TokenError> {
        let raw = raw.into();
        let claims = jsonwebtoken::dangerous::insecure_decode_claims::<Claims>(raw.trim())
            .map_err(|e| TokenError::Malformed(e.to_string()))?;
        Ok(Self {
            raw: raw.trim().to_owned(),
            claims,
        })
    }

    /// The claims.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The player id (`sub`).
    pub fn subject(&self) -> &str {
        &self.claims.sub
    }

    /// Expiry, Unix seconds.
    pub fn expires_at(&self) -> i64 {
        self.claims.exp
    }

    /// True when the token has expired at `now` (Unix seconds).
    pub fn is_expired_at(&self, now: i64) -> bool {
        now >= self.claims.exp
    }

    /// The token text, for the `Authorization` header. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.raw
    }
}

impl fmt::Debug for UserToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserToken")
            .field("sub", &self.claims.sub)
            .field("exp", &self.claims.exp)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl PartialEq for UserToken {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

/// A server-side API key.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key text, for the `Authorization` header. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Admin credentials: Basic auth with `project_id:api_key` (a merchant id works in place of the
/// project id).
#[derive(Clone, PartialEq, Eq)]
pub struct AdminCredentials {
    /// The login part: the project id or the merchant id.
    pub login: String,
    /// The API key.
    pub api_key: ApiKey,
}

impl AdminCredentials {
    /// Credentials for a project.
    pub fn new(project_id: ProjectId, api_key: impl Into<String>) -> Self {
        Self {
            login: project_id.to_string(),
            api_key: ApiKey::new(api_key),
        }
    }

    /// The `Authorization` header value. Keep it out of logs.
    pub fn basic_header(&self) -> String {
        use base64::Engine as _;
        let pair = format!("{}:{}", self.login, self.api_key.expose_secret());
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

impl fmt::Debug for AdminCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminCredentials")
            .field("login", &self.login)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// Writes a secret string type: serialized as the plain string on the wire, redacted in
/// `Debug` and `Display`.
macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps the secret text.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            /// The secret text, to send it. Keep it out of logs.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                Self(secret.to_owned())
            }
        }
    };
}

secret_string!(
    /// The access token of a Xsolla Login token set: the player's JWT. [`AccessToken::to_user_token`]
    /// turns it into the [`UserToken`] LiveOps calls send.
    AccessToken
);
secret_string!(
    /// A Xsolla Login refresh token: single use, exchanged for a new token set (and a new
    /// refresh token) by the refresh call. Persist it only where the player agreed to.
    RefreshToken
);
secret_string!(
    /// A Xsolla Login authorization code, from a `login_url`; exchanged once for a token set.
    AuthorizationCode
);
secret_string!(
    /// A player's password, as typed; sent once to Xsolla Login and kept nowhere.
    Password
);

impl AccessToken {
    /// The token as the player credential of LiveOps calls (its claims read, not verified).
    pub fn to_user_token(&self) -> Result<UserToken, TokenError> {
        UserToken::parse(self.0.clone())
    }
}
