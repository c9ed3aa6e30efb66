//! Daily chain routes (reference §1): the player's chains and claims, and administration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::models::daily::{
    AdminDailyChain, AdminDailyChainPage, ClientDailyChain, ClientDailyChainPage,
    CreatedDailyChain, DailyChainInput,
};

use super::Routes;
use crate::auth::{Admin, User};
use crate::error::ApiResult;
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::daily::{self, CHAIN_NOT_FOUND, STEP_NOT_FOUND};
use crate::store::paginate;

/// The daily chain routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/user/daily_chain", get(list_user))
        .route("/user/daily_chain/{daily_chain_id}", get(get_user))
        .route(
            "/user/daily_chain/{daily_chain_id}/step/number/{step_number}/claim",
            post(claim),
        )
        .route("/admin/daily_chain", post(create).get(list_admin))
        .route(
            "/admin/daily_chain/id/{daily_chain_id}",
            get(get_admin).put(update).delete(delete),
        )
        .route("/admin/daily_chain/id/{daily_chain_id}/toggle", put(toggle))
        .route("/admin/daily_chain/id/{daily_chain_id}/reset", post(reset))
}

async fn list_user(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<ClientDailyChainPage>> {
    let (limit, offset) = q.page(50)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let chains = daily::visible_chains(&db.cache, now);
    let total = chains.len() as u64;
    let (page, has_more) = paginate(chains, limit, offset);
    let items = page
        .into_iter()
        .map(|c| daily::client_view(&db.conn, &db.cache, c, &sub, now, q.locale()))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(ListPage {
        has_more,
        total_items_count: Some(total),
        items,
    }))
}

async fn get_user(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<ClientDailyChain>> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let chain = daily::get(&db.cache, id)?;
    if !daily::visible(chain, now) {
        return Err(crate::error::ApiError::not_found(CHAIN_NOT_FOUND));
    }
    Ok(Json(daily::client_view(
        &db.conn,
        &db.cache,
        chain,
        &sub,
        now,
        q.locale(),
    )?))
}

async fn claim(State(s): State<AppState>, User(sub): User, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("daily_chain_id", STEP_NOT_FOUND)?;
    let step = p.id("step_number", STEP_NOT_FOUND)?;
    let now = s.clock().now_unix();
    s.store()
        .submit(move |tx, cache| daily::claim(tx, cache, &sub, id, step, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<DailyChainInput>,
) -> ApiResult<(StatusCode, Json<CreatedDailyChain>)> {
    let id = s
        .store()
        .lock()
        .write_definitions(|tx, cache| daily::create(tx, cache, body))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedDailyChain { daily_chain_id: id }),
    ))
}

async fn list_admin(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<AdminDailyChainPage>> {
    let (limit, offset) = q.page(10)?;
    let enabled = q.flag("enabled")?;
    let db = s.store().lock();
    let chains: Vec<AdminDailyChain> = db
        .cache
        .daily
        .values()
        .filter(|c| enabled.is_none_or(|e| c.is_enabled == e))
        .map(|c| daily::admin_view(c, &db.cache.items))
        .collect();
    let (items, has_more) = paginate(chains, limit, offset);
    Ok(Json(ListPage {
        has_more,
        total_items_count: None,
        items,
    }))
}

async fn get_admin(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<AdminDailyChain>> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    let db = s.store().lock();
    Ok(Json(daily::admin_view(
        daily::get(&db.cache, id)?,
        &db.cache.items,
    )))
}

async fn update(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<DailyChainInput>,
) -> ApiResult<StatusCode> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| daily::update(tx, cache, id, body))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| daily::delete(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn toggle(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| daily::toggle(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("daily_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write(|tx, cache| daily::reset(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}
