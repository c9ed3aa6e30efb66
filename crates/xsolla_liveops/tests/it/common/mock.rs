//! A real HTTP server on 127.0.0.1 that records requests and answers from a script.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use xsolla_liveops::{AdminCredentials, Client, ProjectId, UserToken};

/// What the server saw.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self {
            status,
            body: body.to_string(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            body: String::new(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Inner {
    seen: Vec<Recorded>,
    script: VecDeque<Reply>,
}

/// The server; it stops with the runtime that started it.
#[derive(Clone)]
pub struct MockServer {
    pub base_url: String,
    inner: Arc<Mutex<Inner>>,
}

impl MockServer {
    /// Binds 127.0.0.1:0 on the current tokio runtime.
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Self {
            base_url: format!("http://{addr}"),
            inner,
        }
    }

    /// Queues answers, used in order; when the queue is empty the server answers 204.
    pub fn push(&self, reply: Reply) {
        self.inner.lock().unwrap().script.push_back(reply);
    }

    /// Requests seen so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().seen.clone()
    }

    /// The last request seen.
    pub fn last(&self) -> Recorded {
        self.requests().pop().expect("the server saw a request")
    }

    /// A client for project 44056 with a player token and admin credentials.
    pub fn client(&self) -> Client {
        Client::builder(ProjectId(44056))
            .base_url(&self.base_url)
            .user_token(UserToken::parse(test_jwt("player-1", 4_102_444_800)).unwrap())
            .admin_credentials(AdminCredentials::new(ProjectId(44056), TEST_API_KEY))
            .build()
            .expect("client")
    }
}

/// The API key the test clients use.
pub const TEST_API_KEY: &str = "k3y-super-secret-do-not-print";

/// An unsigned JWT with `sub` and `exp` (clients only read the claims).
pub fn test_jwt(sub: &str, exp: i64) -> String {
    let enc = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let header = enc(serde_json::json!({"alg": "HS256", "typ": "JWT"}));
    let payload = enc(serde_json::json!({"sub": sub, "exp": exp, "type": "xsolla_login"}));
    format!("{header}.{payload}.c2lnbmF0dXJlLXNlY3JldC1wYXJ0")
}

/// `Bearer …` for [`test_jwt`]`("player-1", …)`, as the server should see it.
pub fn expected_bearer() -> String {
    format!("Bearer {}", test_jwt("player-1", 4_102_444_800))
}

/// `Basic …` for the test admin credentials.
pub fn expected_basic() -> String {
    let pair = format!("44056:{TEST_API_KEY}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

async fn handle(State(inner): State<Arc<Mutex<Inner>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default()
        .to_vec();
    let reply = {
        let mut inner = inner.lock().unwrap();
        inner.seen.push(Recorded {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            body,
        });
        inner
            .script
            .pop_front()
            .unwrap_or_else(|| Reply::empty(204))
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::new(Body::from(reply.body.clone()));
    *response.status_mut() = StatusCode::from_u16(reply.status).expect("status");
    if !reply.body.is_empty() {
        response
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("application/json"));
    }
    for (k, v) in &reply.headers {
        response.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    response
}
