//! The emulator's one error type, answered as Xsolla's error body.
//!
//! Every failure a handler can meet ends as an [`ApiError`]: an HTTP status plus the
//! `statusCode` / `errorCode` / `errorMessage` / `transactionId` body Xsolla sends. Storage
//! failures become 500s; they never leave a half-written state behind because every write is
//! one SQLite transaction.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use xsolla_liveops::ErrorBody;

/// Error codes the emulator answers with. Xsolla's documentation shows some of them; where it
/// does not (chain claims), a code of the same family is used and the documented text is kept,
/// so that text-based classification in clients keeps working.
pub mod codes {
    /// Basic authentication missing or wrong.
    pub const ADMIN_AUTH: i64 = 1020;
    /// Bearer token missing, unreadable, badly signed or expired.
    pub const USER_AUTH: i64 = 1501;
    /// The request body or query broke the schema.
    pub const VALIDATION: i64 = 1102;
    /// A resource looked up by id or SKU does not exist.
    pub const NOT_FOUND: i64 = 4001;
    /// PUT on an enabled daily or offer chain.
    pub const ACTIVE_CHAIN: i64 = 6209;
    /// A chain step that cannot be claimed or bought now.
    pub const STEP_NOT_CLAIMABLE: i64 = 9912;
}

/// An error answer: status, Xsolla code, message text and optional per-property details.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Xsolla's `errorCode`.
    pub code: i64,
    /// The full `errorMessage`, usually `"[0401-NNNN]: text"`.
    pub message: String,
    /// `errorMessageExtended`, when there is something to say per property.
    pub extended: Option<Value>,
}

impl ApiError {
    /// An error whose message gets Xsolla's `[0401-<code>]: ` prefix.
    pub fn new(status: StatusCode, code: i64, text: impl std::fmt::Display) -> Self {
        Self {
            status,
            code,
            message: format!("[0401-{code}]: {text}"),
            extended: None,
        }
    }

    /// An error whose message is sent exactly as given (some Xsolla answers have no prefix).
    pub fn raw(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            extended: None,
        }
    }

    /// Adds `errorMessageExtended`.
    pub fn with_extended(mut self, extended: Value) -> Self {
        self.extended = Some(extended);
        self
    }

    /// 401 for a client call without a valid player token.
    pub fn user_unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::USER_AUTH,
            "Authorization failed: Provide authorization",
        )
    }

    /// 401 for an admin call without valid Basic credentials.
    pub fn admin_unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::ADMIN_AUTH,
            "Error in Authentication method occurred",
        )
    }

    /// 422/1102 naming the property that broke the schema.
    pub fn validation(property: &str, message: impl std::fmt::Display) -> Self {
        let message = message.to_string();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::VALIDATION,
            format!("Unprocessable Entity. {message}"),
        )
        .with_extended(serde_json::json!([{ "property": property, "message": message }]))
    }

    /// 404 with Xsolla's "not found" code and the given text.
    pub fn not_found(text: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, text)
    }

    /// 404 for a path no route serves.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "Not found")
    }

    /// 403 for a path whose project id is not the emulated project.
    pub fn forbidden_project() -> Self {
        Self::raw(StatusCode::FORBIDDEN, 0, "Requested endpoint is forbidden")
    }

    /// 413 for a body over the configured limit.
    pub fn too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, 0, "Request Entity Too Large")
    }

    /// 503 injected by the fault settings.
    pub fn unavailable() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, 0, "Service Unavailable")
    }

    /// 500 for a storage failure; the details go to the log, not to the client.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!("{context}: {err}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            0,
            "Internal Server Error",
        )
    }

    /// The JSON body Xsolla would send.
    pub fn body(&self) -> ErrorBody {
        let mut body = ErrorBody::new(self.status.as_u16(), self.code, "");
        body.error_message.clone_from(&self.message);
        body.transaction_id = Some(transaction_id());
        body.error_message_extended.clone_from(&self.extended);
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status.as_u16(), self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal("storage", err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let bytes = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut response = (self.status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

/// A request id in the dashed-hex form Xsolla uses.
pub fn transaction_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// `Result` with [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;
