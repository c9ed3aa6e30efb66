//! The HTTP server: our own accept loop over hyper (so a response can be dropped on purpose),
//! and the one middleware every request passes: project check, faults, `Date`, access log.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::error::ApiError;
use crate::state::AppState;

/// Lets a request close its own connection without an answer (the drop fault).
#[derive(Clone, Debug)]
pub struct ConnectionKill(Arc<Notify>);

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
    let kill = Arc::new(Notify::new());
    let handle = ConnectionKill(Arc::clone(&kill));
    let service =
        hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(handle.clone());
            app.clone().oneshot(req.map(axum::body::Body::new))
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
            () = kill.notified() => break, // dropping `conn` closes the socket, no answer sent
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

/// The one middleware around every route: CORS outside ([`crate::cors::cors`]), then the
/// gate (one layer rather than two: each layer costs a boxed service call per request).
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    crate::cors::cors(&state, req, async |req| gate(&state, req, next).await).await
}

/// Project check, faults, `Date` and the access log.
async fn gate(state: &AppState, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // The access log needs its own copy of the method and path; skip it when nobody listens.
    let logged = tracing::enabled!(tracing::Level::INFO)
        .then(|| (req.method().clone(), req.uri().path().to_owned()));
    let refused = project_check(state, req.uri().path());
    let control = req.uri().path().starts_with("/__emulator/")
        || crate::web::is_page(req.uri().path())
        || (state.config().web_root.is_some() && crate::web::is_static(req.uri().path()));
    let mut response = if let Some(err) = refused {
        err.into_response()
    } else if control {
        next.run(req).await
    } else {
        let faults = state.faults();
        if faults.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
        }
        if faults.error_rate > 0.0 && fastrand::f64() < faults.error_rate {
            if req.uri().path().starts_with("/login/") {
                crate::login::error::LoginError::unavailable().into_response()
            } else {
                ApiError::unavailable().into_response()
            }
        } else {
            let kill = req.extensions().get::<ConnectionKill>().cloned();
            let response = next.run(req).await;
            if faults.drop_rate > 0.0
                && fastrand::f64() < faults.drop_rate
                && let Some(kill) = kill
            {
                if let Some((method, path)) = &logged {
                    tracing::info!(
                        "{method} {path} {} {:?} (dropped by fault injection)",
                        response.status().as_u16(),
                        started.elapsed()
                    );
                }
                state.note_dropped();
                kill.0.notify_one();
                return std::future::pending().await;
            }
            response
        }
    };
    if let Some(date) = date_header(state) {
        response.headers_mut().insert(header::DATE, date);
    }
    if let Some((method, path)) = logged {
        tracing::info!(
            "{method} {path} {} {:?}",
            response.status().as_u16(),
            started.elapsed()
        );
    }
    response
}
