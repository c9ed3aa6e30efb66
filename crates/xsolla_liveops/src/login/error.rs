//! Login failures: the `{"error": {"code", "description"}}` envelope read into a typed reason.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, TransportError};
use crate::models::login::{LoginErrorBody, LoginErrorCode};

/// Why Xsolla Login refused a call, from its error code (and, for a bare 429, its status).
///
/// Branch on this, never on the description text, which is English and may change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoginReason {
    /// `003-001`: no account with that username or e-mail, or the password is wrong (one
    /// reason for both, so an attacker cannot tell which).
    WrongCredentials,
    /// `003-007`: the account's e-mail address is not confirmed yet; the player must follow
    /// the link Xsolla sent.
    NotConfirmed,
    /// `002-040`: the account is banned.
    Banned,
    /// `010-023`: the authorization code or the refresh token is invalid, expired, revoked,
    /// already used, issued to another client, or its redirect URI differs. For a refresh, the
    /// session is over: sign the player in again.
    InvalidGrant,
    /// `002-016`, `1901-0001`, `010-017`: the access token is invalid, expired or revoked.
    InvalidToken,
    /// `002-057` or a 429 without a code: too many attempts or requests. `retry_after` is the
    /// server's `Retry-After`, when it sent one; wait at least that long.
    TooManyAttempts {
        /// How long to wait before the next attempt, from `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// `002-058`: the attempt limit is spent; the account is unblocked only through the link
    /// Xsolla e-mailed, or by resetting the password.
    AttemptsLimitExceeded,
    /// `010-007` or `003-038`: Login wants a captcha solved. A game without a captcha UI should
    /// ask the player to try again later.
    CaptchaRequired,
    /// `003-003`: the username is taken.
    UsernameTaken,
    /// `003-004`: the e-mail address is taken.
    EmailTaken,
    /// `010-003`: the project does not allow registration.
    RegistrationNotAllowed,
    /// `010-019`: the OAuth 2.0 client is unknown or could not be authenticated.
    InvalidClient,
    /// `010-022`: `state` missing or shorter than 8 characters.
    InvalidState,
    /// `010-011`: the client has several redirect URIs and none was sent.
    RedirectUriRequired,
    /// `010-012`: the redirect URI sent is not one of the client's.
    RedirectUriNotRegistered,
    /// `0`, `002-027`, `002-028`: a parameter is missing or invalid (schema validation).
    InvalidParameter,
    /// `003-002`: no such user.
    UserNotFound,
    /// `003-019`: no such project.
    ProjectNotFound,
    /// `003-061`: an object (often the client, or the project's settings) was not found.
    ObjectNotFound,
    /// `003-025`, `003-040`, `010-026`: the token could not be issued, the user is not
    /// authorized, or the request was denied.
    Unauthorized,
    /// `003-020`: the call is not available for this project.
    CallUnavailable,
    /// `003-022`, `003-033`: the project is set up wrongly or is of the wrong type.
    ProjectMisconfigured,
    /// `004-001` or a 5xx: something went wrong on Login's side; try again later.
    ServerError,
    /// Any other code (kept in [`LoginApiError::code`]).
    Other,
}

impl LoginReason {
    /// The reason for an error code and HTTP status; `retry_after` fills
    /// [`LoginReason::TooManyAttempts`].
    pub fn classify(
        code: Option<&LoginErrorCode>,
        status: u16,
        retry_after: Option<Duration>,
    ) -> Self {
        let reason = match code.map(LoginErrorCode::as_str) {
            Some("003-001") => Self::WrongCredentials,
            Some("003-007") => Self::NotConfirmed,
            Some("002-040") => Self::Banned,
            Some("010-023") => Self::InvalidGrant,
            Some("002-016" | "1901-0001" | "010-017") => Self::InvalidToken,
            Some("002-057") => Self::TooManyAttempts { retry_after },
            Some("002-058") => Self::AttemptsLimitExceeded,
            Some("010-007" | "003-038") => Self::CaptchaRequired,
            Some("003-003") => Self::UsernameTaken,
            Some("003-004") => Self::EmailTaken,
            Some("010-003") => Self::RegistrationNotAllowed,
            Some("010-019") => Self::InvalidClient,
            Some("010-022") => Self::InvalidState,
            Some("010-011") => Self::RedirectUriRequired,
            Some("010-012") => Self::RedirectUriNotRegistered,
            Some("0" | "002-027" | "002-028") => Self::InvalidParameter,
            Some("003-002") => Self::UserNotFound,
            Some("003-019") => Self::ProjectNotFound,
            Some("003-061") => Self::ObjectNotFound,
            Some("003-025" | "003-040" | "010-026") => Self::Unauthorized,
            Some("003-020") => Self::CallUnavailable,
            Some("003-022" | "003-033") => Self::ProjectMisconfigured,
            Some("004-001") => Self::ServerError,
            _ => Self::Other,
        };
        match reason {
            Self::Other if status == 429 => Self::TooManyAttempts { retry_after },
            Self::Other if status >= 500 => Self::ServerError,
            Self::Other if status == 401 && code.is_none() => Self::InvalidToken,
            reason => reason,
        }
    }

    /// True when the session cannot go on: the refresh token or the access token was refused.
    /// Drop the tokens and sign the player in again.
    pub fn ends_session(&self) -> bool {
        matches!(
            self,
            Self::InvalidGrant | Self::InvalidToken | Self::Banned | Self::Unauthorized
        )
    }
}

impl fmt::Display for LoginReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::WrongCredentials => "wrong username, e-mail or password",
            Self::NotConfirmed => "the account's e-mail address is not confirmed",
            Self::Banned => "the account is banned",
            Self::InvalidGrant => "the authorization code or refresh token is no longer valid",
            Self::InvalidToken => "the access token is invalid or expired",
            Self::TooManyAttempts {
                retry_after: Some(d),
            } => return write!(f, "too many attempts; try again in {} s", d.as_secs()),
            Self::TooManyAttempts { retry_after: None } => "too many attempts; try again later",
            Self::AttemptsLimitExceeded => {
                "the attempt limit is spent; unblock the account through the e-mailed link"
            }
            Self::CaptchaRequired => "a captcha must be solved; try again later",
            Self::UsernameTaken => "the username is taken",
            Self::EmailTaken => "the e-mail address is taken",
            Self::RegistrationNotAllowed => "registration is not allowed",
            Self::InvalidClient => "the OAuth 2.0 client is unknown",
            Self::InvalidState => "the state parameter is missing or too short",
            Self::RedirectUriRequired => "the client needs a redirect URI",
            Self::RedirectUriNotRegistered => "the redirect URI is not registered",
            Self::InvalidParameter => "a parameter is missing or invalid",
            Self::UserNotFound => "no such user",
            Self::ProjectNotFound => "no such project",
            Self::ObjectNotFound => "not found",
            Self::Unauthorized => "the request was denied",
            Self::CallUnavailable => "the call is not available for this project",
            Self::ProjectMisconfigured => "the Login project is misconfigured",
            Self::ServerError => "Xsolla Login failed; try again later",
            Self::Other => "refused",
        };
        f.write_str(text)
    }
}

/// An error answer from Xsolla Login.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginApiError {
    /// HTTP status.
    pub status: u16,
    /// Why, from the code.
    pub reason: LoginReason,
    /// The error code, when the answer had the envelope.
    pub code: Option<LoginErrorCode>,
    /// The description text, when the answer had the envelope. For display only.
    pub description: Option<String>,
    /// `details`, when the server sent them.
    pub details: Option<serde_json::Value>,
    /// The body text when it was not a Login error envelope (a proxy page, say); at most 1 KiB.
    pub raw: Option<String>,
}

impl LoginApiError {
    /// Reads an error answer: its status, body and `Retry-After` delay.
    pub fn from_response(status: u16, body: &[u8], retry_after: Option<Duration>) -> Self {
        match serde_json::from_slice::<LoginErrorBody>(body) {
            Ok(envelope) => {
                let error = envelope.error;
                Self {
                    status,
                    reason: LoginReason::classify(Some(&error.code), status, retry_after),
                    code: Some(error.code),
                    description: Some(error.description),
                    details: error.details,
                    raw: None,
                }
            }
            Err(_) => {
                let raw = (!body.is_empty())
                    .then(|| String::from_utf8_lossy(body).chars().take(1024).collect());
                Self {
                    status,
                    reason: LoginReason::classify(None, status, retry_after),
                    code: None,
                    description: None,
                    details: None,
                    raw,
                }
            }
        }
    }
}

impl fmt::Display for LoginApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.reason)?;
        match (&self.code, &self.description, &self.raw) {
            (Some(code), Some(d), _) => write!(f, " (code {code}: {d})"),
            (Some(code), None, _) => write!(f, " (code {code})"),
            (None, _, Some(raw)) => write!(f, " ({raw})"),
            _ => Ok(()),
        }
    }
}

/// What went wrong in a Login call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// Login answered with an error.
    #[error("Xsolla Login refused the call: {0}")]
    Api(Box<LoginApiError>),
    /// A success body did not match the expected type.
    #[error("could not decode the Login answer at `{path}` (HTTP {status}): {source}")]
    Decode {
        /// JSON path of the failure.
        path: String,
        /// HTTP status of the answer.
        status: u16,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// A `login_url` came back without an authorization code, or with another `state`.
    #[error("the login URL {0}")]
    BadLoginUrl(&'static str),
    /// A request body could not be encoded.
    #[error("could not encode the request body: {0}")]
    Encode(#[source] serde_json::Error),
    /// The request did not get an answer in time.
    #[error("the request timed out")]
    Timeout,
    /// Connecting, sending or reading failed (DNS, refused connection, TLS, reset).
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),
    /// An argument was rejected before anything was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl LoginError {
    /// Why Login refused the call, when it answered with an error.
    pub fn reason(&self) -> Option<&LoginReason> {
        match self {
            Self::Api(e) => Some(&e.reason),
            _ => None,
        }
    }

    /// The error answer, when there was one.
    pub fn api(&self) -> Option<&LoginApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// How long to wait before trying again, when Login said (`Retry-After` on a 429).
    pub fn retry_after(&self) -> Option<Duration> {
        match self.reason() {
            Some(LoginReason::TooManyAttempts { retry_after }) => *retry_after,
            _ => None,
        }
    }

    /// True when the session cannot go on (see [`LoginReason::ends_session`]).
    pub fn ends_session(&self) -> bool {
        self.reason().is_some_and(LoginReason::ends_session)
    }

    /// True when the outcome on the server is unknown (timeouts, dropped connections, 5xx):
    /// a refresh that failed this way may have spent the refresh token.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Self::Timeout => true,
            Self::Transport(t) => !t.is_connect(),
            Self::Api(e) => e.status >= 500,
            _ => false,
        }
    }
}

impl From<Error> for LoginError {
    /// Maps a transport-level failure of the shared [`Transport`](crate::Transport).
    fn from(err: Error) -> Self {
        match err {
            Error::Timeout => Self::Timeout,
            Error::Transport(t) => Self::Transport(t),
            Error::Encode(e) => Self::Encode(e),
            Error::Decode {
                path,
                status,
                source,
            } => Self::Decode {
                path,
                status,
                source,
            },
            other => Self::InvalidInput(other.to_string()),
        }
    }
}
