//! The emulator's own pages, server-rendered HTML (maud) that works without JavaScript:
//! - the Pay Station stand-in at `/paystation4/?token=…`, the path Xsolla's checkout uses, so
//!   a game only swaps the host (`paystation.rs`);
//! - the dashboard at `/` with its form actions under `/dashboard/…`, mounted with the control
//!   API (`dashboard.rs`).
//!
//! - a built web game as static files (`--serve-web DIR`, `files.rs`).
//!
//! Fault injection never applies to these pages, so a dashboard can always switch faults off.

mod dashboard;
mod files;
mod paystation;

pub use files::{is_static, serve as serve_file};
pub use paystation::{CARD_DECLINED, CARD_PAYS};

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::state::AppState;

/// The Pay Station stand-in's routes.
pub fn paystation_routes() -> Router<AppState> {
    paystation::routes()
}

/// The dashboard's routes (the page and its form actions).
pub fn dashboard_routes(at_root: bool) -> Router<AppState> {
    dashboard::routes(at_root)
}

/// Whether `path` is one of these pages (never subject to fault injection).
pub fn is_page(path: &str) -> bool {
    path == "/" || path.starts_with("/paystation4") || path.starts_with("/dashboard")
}

/// The checkout path for a Pay Station token, relative to the emulator's base URL.
pub fn checkout_path(token: &str) -> String {
    format!("/paystation4/?token={}", xsolla_liveops::segment(token))
}

const STYLE: &str = include_str!("style.css");

/// A whole page: the shared head and stylesheet around `body`.
fn page(status: StatusCode, title: &str, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    };
    let mut response = (status, Html(markup.into_string())).into_response();
    // The checkout URL carries a payment token: keep the pages out of caches.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// `ts` (Unix seconds) as `2025-01-01 12:00:00 UTC`.
fn when(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map_or_else(
        || ts.to_string(),
        |d| d.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}
