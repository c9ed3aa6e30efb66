//! The HTTP server: our own accept loop over hyper (so a response can be dropped on purpose),
//! and the one layer every request passes: CORS, project check, faults, `Date`, access log.

use std::cell::RefCell;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::{Layer, Service, ServiceExt as _};

use crate::error::ApiError;
use crate::state::{AppState, Faults};

/// Marks a response that must not be sent: the connection closes without an answer (the
/// drop fault). [`serve`]'s connections act on it; a caller of the router itself (a test)
/// sees the response with the mark.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// How long shutdown waits for requests in flight.
const GRACE: Duration = Duration::from_secs(5);

/// Accepts connections until `shutdown` turns true, then lets open connections finish (at most
/// five seconds).
pub async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                connections.spawn(connection(stream, app.clone(), shutdown.clone()));
                while connections.try_join_next().is_some() {}
            }
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let answer = app.clone().oneshot(req.map(axum::body::Body::new));
        async move {
            let Ok(response) = answer.await;
            if response.extensions().get::<DropConnection>().is_some() {
                // A service error ends the connection: hyper closes the socket and writes
                // nothing.
                return Err("the answer was dropped by fault injection");
            }
            Ok(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut closing = *shutdown.borrow();
    if closing {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = shutdown.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

fn project_check(state: &AppState, path: &str) -> Option<ApiError> {
    let mut parts = path.split('/').skip(1);
    let (Some(version), Some("project"), Some(id)) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if version != "v2" && version != "v3" {
        return None;
    }
    match id.parse::<i64>() {
        Ok(id) if id == state.config().project_id.0 => None,
        Ok(_) => Some(ApiError::forbidden_project()),
        Err(_) => Some(ApiError::no_route()),
    }
}

thread_local! {
    /// The last `Date` value this thread built, with the emulated second it shows.
    static DATE: RefCell<(i64, Option<HeaderValue>)> = const { RefCell::new((i64::MIN, None)) };
}

/// The `Date` header for the emulator's current time, formatted at most once per second and
/// thread.
fn date_header(state: &AppState) -> Option<HeaderValue> {
    let now = state.clock().now_unix();
    DATE.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.0 != now || cell.1.is_none() {
            *cell = (now, HeaderValue::from_str(&state.clock().http_date()).ok());
        }
        cell.1.clone()
    })
}

/// The layer around every route: CORS, then the project check, faults, `Date` and the access
/// log ([`Gate`]).
#[derive(Clone, Debug)]
pub(crate) struct GateLayer(pub(crate) AppState);

impl<S> Layer<S> for GateLayer {
    type Service = Gate<S>;

    fn layer(&self, inner: S) -> Gate<S> {
        Gate {
            state: self.0.clone(),
            inner,
        }
    }
}

/// A route behind the gate. Written as a service rather than with `middleware::from_fn`,
/// which clones the route and boxes a future for every request: here a request without
/// faults calls the route directly, and only the fault paths take a boxed future.
#[derive(Clone, Debug)]
pub(crate) struct Gate<S> {
    state: AppState,
    inner: S,
}

impl<S> Service<Request> for Gate<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + Unpin + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Gated<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let state = &self.state;
        let origin = crate::cors::allowed_origin(state, req.headers());
        // A preflight is answered before the project check, auth and faults see it.
        if let Some(response) = crate::cors::preflight(&req, origin.as_ref()) {
            return Gated::Ready(Some(response));
        }
        let path = req.uri().path();
        let finish = Finish {
            state: state.clone(),
            origin,
            // The access log needs its own copy of the method and path; skip it when nobody
            // listens.
            logged: tracing::enabled!(tracing::Level::INFO)
                .then(|| (req.method().clone(), path.to_owned(), Instant::now())),
        };
        if let Some(refused) = project_check(state, path) {
            return Gated::Ready(Some(finish.apply(refused.into_response())));
        }
        let control = path.starts_with("/__emulator/")
            || crate::web::is_page(path)
            || (state.config().web_root.is_some() && crate::web::is_static(path));
        let faults = state.faults();
        if control || !faults.any() {
            return Gated::Route {
                future: self.inner.call(req),
                finish: Some(finish),
            };
        }
        // Faults are set: the slow path, with the route called once its delay is over.
        let clone = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, clone);
        let future = Box::pin(async move {
            let response = with_faults(&finish.state, faults, req, ready).await;
            finish.apply(response)
        });
        Gated::Faulted(future)
    }
}

/// What a gated request adds to its answer.
pub(crate) struct Finish {
    state: AppState,
    origin: Option<HeaderValue>,
    logged: Option<(Method, String, Instant)>,
}

impl Finish {
    /// Adds `Date` and the CORS headers, and writes the access log line.
    fn apply(self, mut response: Response) -> Response {
        if let Some(date) = date_header(&self.state) {
            response.headers_mut().insert(header::DATE, date);
        }
        if let Some((method, path, started)) = self.logged {
            let dropped = if response.extensions().get::<DropConnection>().is_some() {
                " (dropped by fault injection)"
            } else {
                ""
            };
            tracing::info!(
                "{method} {path} {} {:?}{dropped}",
                response.status().as_u16(),
                started.elapsed()
            );
        }
        crate::cors::decorate(&self.state, self.origin, &mut response);
        response
    }
}

/// The answer of a gated request.
pub(crate) enum Gated<F> {
    /// Answered by the gate itself (a preflight, a refused project).
    Ready(Option<Response>),
    /// Answered by the route.
    Route {
        /// The route's answer.
        future: F,
        /// Taken when the route answers.
        finish: Option<Finish>,
    },
    /// Answered by the route under injected faults.
    Faulted(Pin<Box<dyn Future<Output = Response> + Send>>),
}

impl<F> Future for Gated<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Gated::Ready(response) => Poll::Ready(Ok(response
                .take()
                .unwrap_or_else(|| ApiError::internal("gate", "polled again").into_response()))),
            Gated::Route { future, finish } => {
                let Ok(response) = std::task::ready!(Pin::new(future).poll(cx));
                Poll::Ready(Ok(match finish.take() {
                    Some(finish) => finish.apply(response),
                    None => response,
                }))
            }
            Gated::Faulted(future) => future.as_mut().poll(cx).map(Ok),
        }
    }
}

/// A request under injected faults: delayed, failed with 503 or answered and then dropped
/// (see [`DropConnection`]), as the faults say.
async fn with_faults<S>(state: &AppState, faults: Faults, req: Request, route: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.error_rate > 0.0 && fastrand::f64() < faults.error_rate {
        return if req.uri().path().starts_with("/login/") {
            crate::login::error::LoginError::unavailable().into_response()
        } else {
            ApiError::unavailable().into_response()
        };
    }
    let Ok(mut response) = route.oneshot(req).await;
    if faults.drop_rate > 0.0 && fastrand::f64() < faults.drop_rate {
        state.note_dropped();
        response.extensions_mut().insert(DropConnection);
    }
    response
}
