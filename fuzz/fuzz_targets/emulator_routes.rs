//! The emulator's request handling on every route (`fuzz/routes.txt`: the LiveOps API, orders
//! and purchases, Xsolla Login under `/login/api`, the control API but setting faults, the Pay
//! Station stand-in and the dashboard), through the axum router in process: whatever the path
//! parameters, query string and body, it never panics and never answers 5xx, a LiveOps refusal
//! is a 4xx in Xsolla's error shape, and a Login refusal a 4xx in Login's
//! `{"error": {"code", "description"}}`.
//!
//! Input: `<route index>[ <auth>]\n<path params, tab-separated>\n<query string>\n<body>`.
//! `<auth>` is `b` (Basic), `j` (a player's JWT), `n` (none) or `x` (a wrong one); without it
//! the route's own. The body goes as JSON, or form-encoded on the routes marked `form`.
//! `$token` in the path parameters, query or body stands for the last payment token the
//! emulator handed out (in a JSON answer or a redirect to the checkout), so inputs can open,
//! pay and cancel real orders. The state is shared between inputs and started afresh every 256
//! of them.

#![no_main]

use std::cell::RefCell;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use xsolla_liveops_emulator::internals::{AppState, Store, app};
use xsolla_liveops_emulator::{Clock, Config};

const ROUTES: &str = include_str!("../routes.txt");
const FRESH_EVERY: u32 = 256;

struct Route {
    method: &'static str,
    path: &'static str,
    auth: &'static str,
    form: bool,
}

struct World {
    runtime: tokio::runtime::Runtime,
    routes: Vec<Route>,
    app: Router,
    bearer: String,
    basic: String,
    runs: u32,
    /// The last payment token an answer carried.
    token: String,
}

fn routes() -> Vec<Route> {
    ROUTES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split(' ');
            Route {
                method: parts.next().unwrap_or("GET"),
                path: parts.next().unwrap_or("/"),
                auth: parts.next().unwrap_or("none"),
                form: parts.next() == Some("form"),
            }
        })
        .collect()
}

fn fresh_app() -> (Router, String, String) {
    let config = Config::default();
    let clock = Clock::new();
    let store = Store::open(&config.storage, &config.seed, clock.now_unix())
        .expect("the default seed loads");
    let basic = {
        use base64::Engine as _;
        let raw = format!("{}:{}", config.project_id, config.api_key);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    };
    let state = AppState::new(config, clock, store);
    let token = state
        .keys()
        .mint("player-1", state.clock().now_unix(), 10 * 365 * 86_400)
        .expect("a token");
    (app(state), format!("Bearer {token}"), basic)
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let (app, bearer, basic) = runtime.block_on(async { fresh_app() });
        Self {
            runtime,
            routes: routes(),
            app,
            bearer,
            basic,
            runs: 0,
            token: String::new(),
        }
    }
}

/// Percent-encodes all but unreserved characters (and, in a query, `=`, `&` and `%`, so the
/// fuzzer keeps its structure and may write escapes of its own).
fn encode(s: &str, query: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'=' | b'&' | b'%' if query => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A payment token in an answer: the `token` of a JSON object that names an order or a
/// checkout, or the `token` of a redirect to the checkout page.
fn payment_token(location: Option<&str>, body: &[u8]) -> Option<String> {
    if let Some(location) = location {
        let (_, query) = location.split_once("token=")?;
        return Some(query.split('&').next().unwrap_or_default().to_owned());
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let named = value.get("order_id").is_some() || value.get("checkout").is_some();
    let token = value.get("token")?.as_str()?;
    named.then(|| token.to_owned())
}

fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

thread_local! {
    static WORLD: RefCell<Option<World>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let (head, rest) = split_line(data);
    let (params, rest) = split_line(rest);
    let (query, body) = split_line(rest);
    let head = String::from_utf8_lossy(head);
    let mut head = head.split(' ');
    let index: usize = head.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let auth_flag = head.next();
    let params = String::from_utf8_lossy(params);
    let query = String::from_utf8_lossy(query);

    WORLD.with(|world| {
        let mut world = world.borrow_mut();
        let world = world.get_or_insert_with(World::new);
        world.runs += 1;
        if world.runs % FRESH_EVERY == 0 {
            let (app, bearer, basic) = world.runtime.block_on(async { fresh_app() });
            (world.app, world.bearer, world.basic) = (app, bearer, basic);
            world.token.clear();
        }
        let route = &world.routes[index % world.routes.len()];
        let params = params.replace("$token", &world.token);
        let query = query.replace("$token", &world.token);
        let body = if body.windows(6).any(|w| w == b"$token") {
            String::from_utf8_lossy(body)
                .replace("$token", &world.token)
                .into_bytes()
        } else {
            body.to_vec()
        };
        let mut values = params.split('\t');
        let mut path = String::new();
        for (i, part) in route.path.split('{').enumerate() {
            if i == 0 {
                path.push_str(part);
                continue;
            }
            let Some((name, tail)) = part.split_once('}') else {
                return;
            };
            if name == "project_id" {
                path.push_str("44056");
            } else {
                path.push_str(&encode(values.next().unwrap_or("1"), false));
            }
            path.push_str(tail);
        }
        if !query.is_empty() {
            path = format!("{path}?{}", encode(&query, true));
        }
        let auth = match auth_flag.unwrap_or(route.auth) {
            "b" | "basic" => Some(world.basic.clone()),
            "j" | "bearer" => Some(world.bearer.clone()),
            "x" => Some("Bearer not-a-token".to_owned()),
            _ => None,
        };
        let mut builder = Request::builder().method(route.method).uri(&path);
        if let Some(auth) = auth {
            builder = builder.header(header::AUTHORIZATION, auth);
        }
        let request = if body.is_empty() {
            builder.body(Body::empty())
        } else {
            let kind = if route.form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            builder
                .header(header::CONTENT_TYPE, kind)
                .body(Body::from(body))
        };
        let Ok(request) = request else {
            return; // not a valid URI: nothing a client could send
        };
        let what = format!("{} {path}", route.method);
        let app = world.app.clone();
        let (status, location, bytes) = world.runtime.block_on(async move {
            let response = app.oneshot(request).await.expect("the router answers");
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .filter(|l| l.starts_with("/paystation4"))
                .map(str::to_owned);
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            (status, location, bytes)
        });
        let text = String::from_utf8_lossy(&bytes);
        assert!(status < 500, "{what}: {status} {text}");
        if let Some(token) = payment_token(location.as_deref(), &bytes) {
            world.token = token;
        }
        let page = route.path == "/"
            || route.path.starts_with("/paystation4")
            || route.path.starts_with("/dashboard/");
        if status >= 400 && route.path.starts_with("/login/api") {
            let body: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{what}: {status} without a JSON body ({e}): {text}"));
            let code = &body["error"]["code"];
            assert!(code.is_string() || code == 0, "{what}: {body}");
            assert!(body["error"]["description"].is_string(), "{what}: {body}");
        } else if page {
            // A page answers HTML, a redirect, or axum's plain-text refusal of a form it cannot
            // read; only the status is checked.
        } else if status >= 400 && !route.path.starts_with("/__emulator") {
            let body: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{what}: {status} without a JSON body ({e}): {text}"));
            assert_eq!(
                body["statusCode"].as_u64(),
                Some(u64::from(status)),
                "{what}: {body}"
            );
            assert!(body["errorCode"].is_i64(), "{what}: {body}");
            assert!(body["errorMessage"].is_string(), "{what}: {body}");
        }
    });
});
