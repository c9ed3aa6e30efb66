//! The one error type of this crate, and Xsolla's error body.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Xsolla's error body, kept whole.
///
/// Every LiveOps error answer carries `statusCode`, `errorCode` and `errorMessage`
/// (formatted `"[0401-NNNN]: text"`); `transactionId` and `errorMessageExtended` are optional.
/// Fields Xsolla may add later are kept in [`ErrorBody::extra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// Mirrors the HTTP status.
    pub status_code: u16,
    /// Xsolla's numeric error code (`1501`, `9912`, …). `0` for some gateway errors.
    #[serde(default)]
    pub error_code: i64,
    /// Human-readable message, usually `"[0401-NNNN]: text"`.
    #[serde(default)]
    pub error_message: String,
    /// Request id for Xsolla support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Per-property details: an array of `{property, message}`, an object, or `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message_extended: Option<serde_json::Value>,
    /// Any other field of the body.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ErrorBody {
    /// Builds a body in Xsolla's format: the message becomes `"[0401-<code>]: <text>"`.
    pub fn new(status: u16, error_code: i64, text: impl fmt::Display) -> Self {
        Self {
            status_code: status,
            error_code,
            error_message: format!("[0401-{error_code}]: {text}"),
            transaction_id: None,
            error_message_extended: None,
            extra: serde_json::Map::new(),
        }
    }

    /// The code inside the `[0401-NNNN]` prefix of the message, which is not always
    /// [`ErrorBody::error_code`] (`errorCode 4001` comes with `[0401-9807]` for unknown codes).
    pub fn message_code(&self) -> Option<i64> {
        let rest = self.error_message.strip_prefix("[0401-")?;
        let end = rest.find(']')?;
        rest[..end].parse().ok()
    }

    /// The message without its `[0401-NNNN]: ` prefix.
    pub fn text(&self) -> &str {
        match self.error_message.find("]: ") {
            Some(i) if self.error_message.starts_with('[') => &self.error_message[i + 3..],
            _ => &self.error_message,
        }
    }

    fn has_code(&self, code: i64) -> bool {
        self.error_code == code || self.message_code() == Some(code)
    }
}

/// An error answer from the API: the HTTP status and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: u16,
    /// The parsed Xsolla error body, when the answer had one.
    pub body: Option<Box<ErrorBody>>,
    /// The raw body text when it was not an Xsolla error body (a proxy page, say); at most 1 KiB.
    pub raw: Option<String>,
}

/// Why a coupon, promo code or unique-offer code was turned down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeRejection {
    /// No such code in the project (`9807`, `9811`, `9802`).
    Unknown,
    /// The code's or the player's redemption limit is spent (`9804`, `4511`).
    UsedUp,
    /// The promotion is not running now: outside its validity period (`9810`).
    Expired,
    /// The code exists but not for this player: region or personalization conditions (`9808`).
    NotApplicable,
}

impl ApiError {
    /// The Xsolla error code, when there was a body.
    pub fn error_code(&self) -> Option<i64> {
        self.body.as_ref().map(|b| b.error_code)
    }

    fn has_code(&self, code: i64) -> bool {
        self.body.as_ref().is_some_and(|b| b.has_code(code))
    }

    fn text_contains(&self, needle: &str) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| b.error_message.to_ascii_lowercase().contains(needle))
    }

    /// 401, or 403 "Authorization header not sent": the token or key is missing, bad or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401 || (self.status == 403 && self.text_contains("authorization"))
    }

    /// 404: the chain, step, promotion, code, item or user does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }

    /// 422 with code 1102: the request broke the schema.
    pub fn is_validation(&self) -> bool {
        self.status == 422 && self.has_code(1102)
    }

    /// A daily, offer or reward chain step that cannot be claimed (or bought) now:
    /// already claimed, missed, not yet unlocked, a previous step open, not enough value points.
    pub fn is_step_not_claimable(&self) -> bool {
        self.status == 422
            && (self.has_code(9912)
                || self.has_code(9913)
                || self.text_contains("step can't be claimed")
                || self.text_contains("step cannot be"))
    }

    /// 422 with code 5006: a virtual-currency purchase the player's balance does not cover.
    pub fn is_not_enough_virtual_currency(&self) -> bool {
        self.status == 422 && self.has_code(5006)
    }

    /// 422 with code 6209: an enabled daily or offer chain cannot be updated; disable it first.
    pub fn is_chain_active(&self) -> bool {
        self.status == 422
            && (self.has_code(6209) || self.text_contains("active chain cannot be updated"))
    }

    /// Classifies a refused code redemption, reward preview or verification.
    pub fn code_rejection(&self) -> Option<CodeRejection> {
        let schema_error = self.has_code(1102);
        if self.has_code(9804)
            || self.has_code(4511)
            || (!schema_error && self.text_contains("limit"))
        {
            return Some(CodeRejection::UsedUp);
        }
        if self.has_code(9808) || self.text_contains("not available") {
            return Some(CodeRejection::NotApplicable);
        }
        if self.has_code(9810) || self.text_contains("expired") || self.text_contains("not active")
        {
            return Some(CodeRejection::Expired);
        }
        if self.has_code(9807)
            || self.has_code(9811)
            || self.has_code(9802)
            || (self.status == 404 && self.text_contains("code"))
        {
            return Some(CodeRejection::Unknown);
        }
        None
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.body, &self.raw) {
            (Some(body), _) => write!(
                f,
                "HTTP {} (error code {}): {}",
                self.status, body.error_code, body.error_message
            ),
            (None, Some(raw)) => write!(f, "HTTP {}: {raw}", self.status),
            (None, None) => write!(f, "HTTP {}", self.status),
        }
    }
}

/// Which credential an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// The player's Xsolla Login JWT, sent as `Authorization: Bearer`.
    User,
    /// The project id and API key, sent as `Authorization: Basic`.
    Admin,
}

/// What went wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    #[error("Xsolla API error: {0}")]
    Api(ApiError),
    /// A success body did not match the expected type.
    #[error("could not decode the response at `{path}` (HTTP {status}): {source}")]
    Decode {
        /// JSON path of the failure, such as `items[0].steps[2].status`.
        path: String,
        /// HTTP status of the answer.
        status: u16,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// A request body could not be encoded.
    #[error("could not encode the request body: {0}")]
    Encode(#[source] serde_json::Error),
    /// The request did not get an answer in time.
    #[error("the request timed out")]
    Timeout,
    /// Connecting, sending or reading failed (DNS, refused connection, TLS, reset).
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),
    /// The operation needs a credential the client does not hold.
    #[error("no {0:?} credentials configured for this client")]
    MissingCredentials(AuthScheme),
    /// An argument was rejected before anything was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl Error {
    /// The API error, when the server answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// True when the outcome on the server is unknown: the request may or may not have been
    /// processed (timeouts, dropped connections, 5xx). A claim that failed this way must be
    /// reconciled by reading state again, never blindly repeated.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Transport(t) => !t.is_connect(),
            Error::Api(e) => e.status >= 500,
            _ => false,
        }
    }

    /// Shortcut for [`ApiError::is_unauthorized`].
    pub fn is_unauthorized(&self) -> bool {
        self.api().is_some_and(ApiError::is_unauthorized)
            || matches!(self, Error::MissingCredentials(AuthScheme::User))
    }
}

/// A failure below HTTP: the source error is kept.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    message: String,
    connect: bool,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TransportError {
    /// Wraps a lower-level error. `connect` tells whether the failure happened before the
    /// request could reach the server (refused, DNS): such a request was certainly not processed.
    pub fn new(
        message: impl Into<String>,
        connect: bool,
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            message: message.into(),
            connect,
            source,
        }
    }

    /// True when the request never reached the server.
    pub fn is_connect(&self) -> bool {
        self.connect
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
