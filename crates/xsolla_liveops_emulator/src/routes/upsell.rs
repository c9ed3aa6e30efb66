//! Upsell routes (reference §3): the items offered to a player, and the project's setting.
//!
//! Xsolla documents the admin calls with the player's JWT; the emulator takes the project's
//! Basic credentials there, like every other configuration call (and like the typed client
//! sends them). Writes answer 202.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::models::upsell::{UpsellConfigAnswer, UpsellInput, UpsellItemsPage};

use super::Routes;
use crate::auth::{AdminOrPlayer, User};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::{paginate, upsell};

/// The upsell routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/items/upsell", get(items))
        .route("/admin/items/upsell", get(get_admin).post(save).put(save))
        .route("/admin/items/upsell/{toggle}", put(toggle))
}

async fn items(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<UpsellItemsPage>> {
    let (limit, offset) = q.page(50)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let running = upsell::Running::for_player(&db.conn, &db.cache, &sub, now)?;
    let offered = upsell::offered(&db.conn, &db.cache, &running, &sub)?;
    let (page, has_more) = paginate(offered, limit, offset);
    let items = page
        .iter()
        .map(|item| upsell::item_view(&db.conn, &db.cache, &running, item, &sub, now, q.locale()))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(ListPage {
        has_more,
        total_items_count: None,
        items,
    }))
}

async fn get_admin(State(s): State<AppState>, _: AdminOrPlayer) -> Json<UpsellConfigAnswer> {
    let db = s.store().lock();
    // Xsolla's spec answers an array: the one setting, or none before upsell is set up.
    Json(UpsellConfigAnswer::List(
        db.cache
            .upsell
            .as_deref()
            .map(|setting| upsell::config_view(&db.cache, setting))
            .into_iter()
            .collect(),
    ))
}

async fn save(
    State(s): State<AppState>,
    _: AdminOrPlayer,
    JsonBody(body): JsonBody<UpsellInput>,
) -> ApiResult<StatusCode> {
    s.store()
        .lock()
        .write_definitions(|tx, cache| upsell::save(tx, cache, body))?;
    Ok(StatusCode::ACCEPTED)
}

async fn toggle(
    State(s): State<AppState>,
    _: AdminOrPlayer,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let active = match p.text("toggle")? {
        "activate" => true,
        "deactivate" => false,
        _ => return Err(ApiError::no_route()),
    };
    s.store()
        .lock()
        .write_definitions(|tx, cache| upsell::set_active(tx, cache, active))?;
    Ok(StatusCode::ACCEPTED)
}
