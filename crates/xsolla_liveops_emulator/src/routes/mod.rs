//! The HTTP surface: one module per LiveOps feature, mounted under `/v2/project/{project_id}`
//! (and `/v3/project/{project_id}` for the families Xsolla moved there), plus the control API.
//!
//! Files a new feature touches, bottom-up:
//! 1. `src/store/schema.sql`: its tables (`Store::reset` clears every table on its own);
//! 2. `src/store/<feature>.rs` (or a folder): its rules and SQL, with `load(conn, &mut Cache)`
//!    filling its part of the cache and `seed(tx, cache, seed, now)` applying its seed
//!    sections; grants go through `store::inventory::grant`;
//! 3. `src/store/cache.rs`: its field of the [`Cache`](crate::store::Cache), if it keeps
//!    definitions in memory;
//! 4. `src/store/mod.rs`: its module, its `load` in `LOADERS` and its `seed` in `SEED_STAGES`;
//! 5. `crates/xsolla_liveops/src/seed.rs` (the client's seed model): its seed sections;
//! 6. `src/routes/<feature>.rs`: a `routes()` function returning a `Router<AppState>` whose
//!    paths start after the project id (`/user/…`, `/admin/…`), merged into [`v2`] (and
//!    [`v3`]) below.
//!
//! Handlers take, in this order: `State`, the auth extractor ([`User`](crate::auth::User) or
//! [`Admin`](crate::auth::Admin)), [`PathParams`](crate::extract::PathParams),
//! [`Params`](crate::extract::Params), and last the [`JsonBody`](crate::extract::JsonBody).

pub mod codes;
pub mod daily;
pub mod inventory;
pub mod limits;
pub mod offer;
pub mod orders;
pub mod personalization;
pub mod promotions;
pub mod rewards;
pub mod upsell;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::IntoResponse;

use crate::error::ApiError;
use crate::state::AppState;

/// Routes served under `/v2/project/{project_id}`.
pub fn v2() -> Router<AppState> {
    Router::new()
        .merge(daily::routes())
        .merge(offer::routes())
        .merge(codes::routes())
        .merge(promotions::v2())
        .merge(personalization::routes())
        .merge(limits::routes())
        .merge(rewards::routes())
        .merge(upsell::routes())
        .merge(inventory::routes())
        .merge(orders::routes())
}

/// Routes served under `/v3/project/{project_id}` (promotion CRUD, when those features land).
pub fn v3() -> Router<AppState> {
    Router::new()
        .merge(promotions::v3())
        .merge(codes::v3_routes())
        .merge(rewards::v3_routes())
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let mut app = Router::new()
        .nest("/v2/project/{project_id}", v2())
        .nest("/v3/project/{project_id}", v3())
        .nest("/login/api", crate::login::routes());
    app = app.merge(crate::web::paystation_routes());
    if state.config().control_api {
        app =
            app.nest("/__emulator", crate::control::routes())
                .merge(crate::web::dashboard_routes(
                    state.config().web_root.is_none(),
                ));
    }
    let web_root = state.config().web_root.clone();
    app.fallback(move |req: axum::extract::Request| {
        let web_root = web_root.clone();
        async move {
            let served = match &web_root {
                Some(root) if crate::web::is_static(req.uri().path()) => {
                    crate::web::serve_file(root, req.method(), req.uri().path()).await
                }
                _ => None,
            };
            served.unwrap_or_else(|| ApiError::no_route().into_response())
        }
    })
    .method_not_allowed_fallback(|| async {
        ApiError::raw(
            StatusCode::METHOD_NOT_ALLOWED,
            0,
            "Method is not allowed for this endpoint",
        )
    })
    .layer(DefaultBodyLimit::max(state.config().body_limit))
    .layer(middleware::from_fn_with_state(
        state.clone(),
        crate::server::middleware,
    ))
    .with_state(state)
}
