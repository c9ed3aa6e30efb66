//! Login's error answers: `{"error": {"code", "description"}}`, the code a string `NNN-NNN`
//! or the number `0` for schema validation, and `Retry-After` on 429.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use xsolla_liveops::models::login::LoginErrorBody;

use crate::error::ApiError;

/// A Login error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginError {
    /// HTTP status.
    pub status: StatusCode,
    /// The code (`"003-001"`, or `"0"`, written as a number).
    pub code: &'static str,
    /// The description.
    pub description: String,
    /// Seconds for `Retry-After`, on 429.
    pub retry_after: Option<i64>,
}

/// `Result` with [`LoginError`].
pub type LoginResult<T> = Result<T, LoginError>;

impl LoginError {
    /// An answer with a status, code and description.
    pub fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            retry_after: None,
        }
    }

    /// 400 with the numeric code `0` and a go-style validation message.
    pub fn invalid(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "0", description)
    }

    /// 401 `003-001`: unknown user or wrong password (one answer for both).
    pub fn wrong_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "003-001",
            "Wrong username or password.",
        )
    }

    /// 401 `003-007`: the e-mail address is not confirmed.
    pub fn not_confirmed() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "003-007",
            "User account is not confirmed.",
        )
    }

    /// 401 `002-040`: the player is banned.
    pub fn banned() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "002-040", "The user is banned.")
    }

    /// 400 `010-023`: code or refresh token invalid, expired, spent, of another client, or
    /// with another redirect URI.
    pub fn invalid_grant() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "010-023",
            "The provided authorization code or refresh token is invalid, expired, revoked, \
             does not match the redirect URI, or was issued to another client.",
        )
    }

    /// 401 `002-016`: the access token is missing, invalid, expired or revoked.
    pub fn invalid_token() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "002-016", "Invalid token.")
    }

    /// 429 `002-057` with `Retry-After`.
    pub fn too_many_attempts(retry_after: i64) -> Self {
        Self {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "002-057",
                "Too many login attempts. Try again later.",
            )
        }
    }

    /// 400 `010-019`: the token call named an unknown client.
    pub fn invalid_client() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "010-019",
            "Client authentication failed.",
        )
    }

    /// 404 `003-061`: the other calls named an unknown client.
    pub fn unknown_client() -> Self {
        Self::new(StatusCode::NOT_FOUND, "003-061", "Object not found.")
    }

    /// 400 `010-022`: `state` missing or shorter than 8 characters.
    pub fn invalid_state() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "010-022",
            "The state parameter is required and must be at least 8 characters long.",
        )
    }

    /// 400 `010-011`: several redirect URIs and none sent.
    pub fn redirect_required() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "010-011",
            "The client has several redirect URIs: redirect_uri is required.",
        )
    }

    /// 400 `010-012`: the redirect URI is not one of the client's.
    pub fn redirect_not_registered() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "010-012",
            "The redirect_uri is not registered for this client.",
        )
    }

    /// 422 `003-003`: the username is taken.
    pub fn username_taken() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "003-003",
            "Username already exists.",
        )
    }

    /// 422 `003-004`: the e-mail address is taken.
    pub fn email_taken() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "003-004",
            "Email already exists.",
        )
    }

    /// 404 for a path Login does not serve.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "003-061", "Object not found.")
    }

    /// 405 for a method Login does not serve on a path.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "0",
            "Method is not allowed for this endpoint.",
        )
    }

    /// 413 for a body over the limit.
    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "0",
            "Request entity too large.",
        )
    }

    /// 500 `004-001`; the cause goes to the log (never a secret: only storage errors).
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!("login: {context}: {err}");
        Self::server_error()
    }

    /// 503 `004-001`, injected by the fault settings.
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "004-001",
            "Service unavailable.",
        )
    }

    /// 500 `004-001`.
    pub fn server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "004-001",
            "Something went wrong.",
        )
    }
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "HTTP {} {}: {}",
            self.status.as_u16(),
            self.code,
            self.description
        )
    }
}

impl std::error::Error for LoginError {}

impl From<rusqlite::Error> for LoginError {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal("storage", err)
    }
}

impl From<ApiError> for LoginError {
    /// A shared store failure (already logged where it was made).
    fn from(err: ApiError) -> Self {
        if err.status == StatusCode::PAYLOAD_TOO_LARGE {
            Self::too_large()
        } else if err.status.is_server_error() {
            Self::server_error()
        } else {
            Self::invalid(err.message)
        }
    }
}

impl IntoResponse for LoginError {
    fn into_response(self) -> Response {
        let body = LoginErrorBody::new(self.code, self.description);
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (self.status, bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            headers.insert(header::RETRY_AFTER, value);
        }
        response
    }
}
