//! Cross-origin access for a web game on another origin (a `trunk serve` page on another port,
//! a game hosted elsewhere): the outermost layer, so a preflight is answered before the
//! project check, authentication and fault injection ever see it.
//!
//! Only the configured origins get CORS headers ([`CorsOrigins`]); the `Origin` is echoed,
//! never `*`, and no `Access-Control-Allow-Credentials` is sent: players authenticate with a
//! bearer token, not cookies. `Date` and `Retry-After` are exposed, so a page can read the
//! server's clock and a 429's wait (`Date` can be hidden to behave like a server that does not
//! list it: [`Config::cors_hide_date`](crate::Config::cors_hide_date)).

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::config::CorsOrigins;
use crate::state::AppState;

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS: &str = "authorization, content-type, accept";
const EXPOSE_HEADERS: &str = "Date, Retry-After";
const VARY: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
/// How long a browser may keep a preflight's answer, in seconds.
const MAX_AGE: &str = "600";

impl CorsOrigins {
    /// Whether a page of `origin` (`scheme://host[:port]`, as browsers send it) may call.
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            CorsOrigins::Loopback => is_loopback(origin),
            CorsOrigins::List(list) => list
                .iter()
                .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin)),
            CorsOrigins::Off => false,
        }
    }
}

/// `http(s)://localhost`, `127.0.0.1` or `[::1]`, on any port.
fn is_loopback(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.strip_prefix("[::1]") {
        Some(port) => return port.is_empty() || valid_port(port),
        None => rest,
    };
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let loopback = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1";
    loopback && port.is_none_or(|p| valid_port(&format!(":{p}")))
}

fn valid_port(port: &str) -> bool {
    port.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok())
}

/// The request's `Origin`, if it is one this emulator serves.
pub fn allowed_origin(state: &AppState, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().ok()?;
    state.config().cors.allows(text).then(|| origin.clone())
}

/// The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`), given
/// before auth and faults; `None` for any other request. `origin` is
/// [`allowed_origin`]'s answer.
pub fn preflight(req: &Request, origin: Option<&HeaderValue>) -> Option<Response> {
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if !preflight {
        return None;
    }
    let Some(origin) = origin else {
        // Not an origin we serve: no CORS headers, so the browser refuses the call.
        return Some((StatusCode::FORBIDDEN, "origin not allowed\n").into_response());
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let asked = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        asked.unwrap_or_else(|| HeaderValue::from_static(ALLOW_HEADERS)),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    Some(response)
}

/// The CORS headers of an answer other than a preflight: `Vary: Origin` always, and for an
/// allowed `origin` the origin itself and the headers a page may read.
pub fn decorate(state: &AppState, origin: Option<HeaderValue>, response: &mut Response) {
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        let exposed = if state.config().cors_hide_date {
            "Retry-After"
        } else {
            EXPOSE_HEADERS
        };
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(exposed),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_of_any_port_and_nothing_else() {
        let o = CorsOrigins::Loopback;
        for yes in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://localhost",
            "https://LOCALHOST:443",
            "http://[::1]:3000",
        ] {
            assert!(o.allows(yes), "{yes}");
        }
        for no in [
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:",
            "null",
            "file://",
            "http://evil.example",
            "http://localhost:80@evil.example",
        ] {
            assert!(!o.allows(no), "{no}");
        }
        let list = CorsOrigins::List(vec!["https://game.example/".into()]);
        assert!(list.allows("https://game.example"));
        assert!(!list.allows("http://127.0.0.1:8080"));
        assert!(!CorsOrigins::Off.allows("http://127.0.0.1:8080"));
    }
}
