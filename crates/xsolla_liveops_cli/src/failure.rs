//! Exit codes and failures: what the tool ends with and what it says when a call fails.

use xsolla_liveops::{Client, Error};

/// Nothing to change, or the command did what it was asked.
pub const OK: u8 = 0;
/// A call failed (network, server, an apply stopped part way): see the message.
pub const FAILED: u8 = 1;
/// `plan` found differences between the file and the project.
pub const CHANGES: u8 = 2;
/// The file is invalid, or names something the project lacks; nothing was sent.
pub const BAD_FILE: u8 = 3;
/// The project refused the API key (401) or the project id (403).
pub const REFUSED: u8 = 4;
/// The command line is wrong.
pub const USAGE: u8 = 64;

/// A failure with its exit code and a message a person can act on.
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What went wrong, for standard error.
    pub message: String,
}

impl Failure {
    /// A failure with its exit code.
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// A call's error as one line, never with a credential (the key travels only in a header).
pub fn explain(e: &Error) -> String {
    match e {
        Error::Api(api) => match &api.body {
            Some(body) => format!(
                "HTTP {} (error {}): {}",
                api.status, body.error_code, body.error_message
            ),
            None => format!("HTTP {}", api.status),
        },
        other => {
            let mut text = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text.push_str(&format!(": {more}"));
                }
                source = s.source();
            }
            text
        }
    }
}

/// A failed call as a failure: refusals of the key or project (exit 4) say what to check.
pub fn call_failure(e: &Error, client: &Client) -> Failure {
    match e.api().map(|a| a.status) {
        Some(401) => Failure::new(
            REFUSED,
            format!(
                "the project refused the API key (HTTP 401) for project {} at {}: check \
                 XSOLLA_API_KEY",
                client.project().0,
                client.base_url()
            ),
        ),
        Some(403) => Failure::new(
            REFUSED,
            format!(
                "the API key may not act on project {} at {} (HTTP 403): check --project-id \
                 and XSOLLA_API_KEY",
                client.project().0,
                client.base_url()
            ),
        ),
        _ => Failure::new(FAILED, explain(e)),
    }
}

/// A call that failed while the project was read, before anything was changed.
pub fn reading_failure(e: &Error, client: &Client) -> Failure {
    let mut f = call_failure(e, client);
    if f.code == FAILED {
        f.message = format!(
            "reading the project failed, nothing was changed: {}",
            f.message
        );
    }
    f
}
