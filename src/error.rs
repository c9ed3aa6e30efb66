//! [`LiveOpsError`]: the one error type of the plugin.

use std::sync::Arc;

use xsolla_liveops::TokenError;

use crate::feature_id::LiveOpsFeature;

/// Why the plugin's network runtime could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The base URL is not an absolute `http` or `https` URL.
    #[error("the LiveOps base URL {0:?} is not an absolute http(s) URL")]
    InvalidBaseUrl(String),
    /// The client could not be built (for example an invalid base URL).
    #[error("the LiveOps client could not be built: {0}")]
    Client(#[source] xsolla_liveops::Error),
    /// The network thread could not be started.
    #[error("the LiveOps network thread could not start: {0}")]
    Runtime(#[source] std::io::Error),
}

/// Everything that can go wrong with a LiveOps request, carried by
/// [`LiveOpsFailed`](crate::LiveOpsFailed) and [`LiveOpsStatus`](crate::LiveOpsStatus).
///
/// Cheap to clone: the underlying errors are shared.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum LiveOpsError {
    /// The server or the connection failed; the typed client error is kept whole.
    #[error(transparent)]
    Client(Arc<xsolla_liveops::Error>),
    /// The token handed over with [`SetUserToken`](crate::SetUserToken) is not a readable JWT.
    #[error("the player token is not usable: {0}")]
    InvalidToken(#[source] TokenError),
    /// A claim's answer was lost and a re-read did not show the step granted, so the claim
    /// cannot be confirmed. Nothing was reported as granted.
    #[error("the claim could not be confirmed: the step does not show granted")]
    Unconfirmed,
    /// The request belongs to a feature whose plugin is not added.
    #[error("the LiveOps {0} feature is not enabled")]
    FeatureDisabled(LiveOpsFeature),
    /// The plugin's network runtime did not start, so nothing can be sent.
    #[error(transparent)]
    RuntimeUnavailable(Arc<StartError>),
    /// Another player logged in (or the player logged out) before the request finished; it
    /// was dropped unsent, or its answer was dropped.
    #[error("the player changed before the request finished")]
    PlayerChanged,
    /// No player is logged in: hand over a token with [`SetUserToken`](crate::SetUserToken).
    #[error("no player is logged in")]
    NotLoggedIn,
    /// Too many requests wait for a usable token; this one was not kept.
    #[error("too many requests wait for a new token (at most {limit})")]
    TooManyHeld {
        /// How many may wait.
        limit: usize,
    },
}

impl LiveOpsError {
    /// The typed client error, when the server or the connection failed.
    pub fn client(&self) -> Option<&xsolla_liveops::Error> {
        match self {
            Self::Client(e) => Some(e),
            _ => None,
        }
    }

    /// Xsolla's error body, when the server answered with an error.
    pub fn api(&self) -> Option<&xsolla_liveops::ApiError> {
        self.client().and_then(xsolla_liveops::Error::api)
    }

    /// True when the server refused the player's token (401).
    pub fn is_unauthorized(&self) -> bool {
        self.client()
            .is_some_and(xsolla_liveops::Error::is_unauthorized)
    }

    /// True when the outcome on the server is unknown (timeout, dropped connection, 5xx).
    pub fn is_ambiguous(&self) -> bool {
        self.client()
            .is_some_and(xsolla_liveops::Error::is_ambiguous)
    }
}

impl From<xsolla_liveops::Error> for LiveOpsError {
    fn from(error: xsolla_liveops::Error) -> Self {
        Self::Client(Arc::new(error))
    }
}

impl From<Arc<xsolla_liveops::Error>> for LiveOpsError {
    fn from(error: Arc<xsolla_liveops::Error>) -> Self {
        Self::Client(error)
    }
}
