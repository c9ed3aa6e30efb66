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
//! 6. `src/routes/<feature>.rs`: a `routes(r: Routes) -> Routes` function adding its paths as
//!    they read after the project id (`/user/…`, `/admin/…`), listed in [`v2`] (and [`v3`])
//!    below.
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
use axum::response::IntoResponse;
use axum::routing::MethodRouter;

use crate::error::ApiError;
use crate::state::AppState;

/// Routes under one prefix (`/v2/project/{project_id}`): a feature writes its paths as they
/// read after the project id, and each is registered with the prefix in front. (A nested
/// router would strip the prefix and build a new URI for every request.)
pub struct Routes {
    prefix: &'static str,
    router: Router<AppState>,
}

impl Routes {
    /// No routes yet, under `prefix`.
    pub fn new(prefix: &'static str) -> Self {
        Self {
            prefix,
            router: Router::new(),
        }
    }

    /// Serves `method` at the prefix followed by `path`.
    pub fn route(mut self, path: &str, method: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(&format!("{}{path}", self.prefix), method);
        self
    }

    /// Adds the routes that `add` (a feature's `routes`) registers.
    pub fn with(self, add: impl FnOnce(Self) -> Self) -> Self {
        add(self)
    }

    /// The routes, ready to merge into the application.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// Routes served under `/v2/project/{project_id}`.
pub fn v2() -> Router<AppState> {
    Routes::new("/v2/project/{project_id}")
        .with(daily::routes)
        .with(offer::routes)
        .with(codes::routes)
        .with(promotions::v2)
        .with(personalization::routes)
        .with(limits::routes)
        .with(rewards::routes)
        .with(upsell::routes)
        .with(inventory::routes)
        .with(orders::routes)
        .into_router()
}

/// Routes served under `/v3/project/{project_id}`: the families Xsolla moved there.
pub fn v3() -> Router<AppState> {
    Routes::new("/v3/project/{project_id}")
        .with(promotions::v3)
        .with(codes::v3_routes)
        .with(rewards::v3_routes)
        .into_router()
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let mut app = Router::new()
        .merge(v2())
        .merge(v3())
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
    .layer(crate::server::GateLayer(state.clone()))
    .with_state(state)
}
