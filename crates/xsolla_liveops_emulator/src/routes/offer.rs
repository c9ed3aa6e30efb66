//! Offer chain routes (reference §2): the player's chains, free claims, paid-step orders, and
//! administration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::models::offer::{
    AdminOfferChain, AdminOfferChainPage, ClaimedOfferStep, ClientOfferChain, ClientOfferChainPage,
    CreatedOfferChain, OfferChainInput, OfferStepOrder, PaymentToken,
};

use super::Routes;
use crate::auth::{Admin, User};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::offer::{self, CHAIN_NOT_FOUND, STEP_NOT_FOUND};
use crate::store::{inventory, paginate};

/// The offer chain routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/user/offer_chain", get(list_user))
        .route("/user/offer_chain/{offer_chain_id}", get(get_user))
        .route(
            "/user/offer_chain/{offer_chain_id}/step/number/{step_number}/claim",
            post(claim),
        )
        .route(
            "/user/offer_chain/{offer_chain_id}/step/number/{step_number}/order",
            post(order),
        )
        .route("/admin/offer_chain", post(create).get(list_admin))
        .route(
            "/admin/offer_chain/id/{offer_chain_id}",
            get(get_admin).put(update).delete(delete),
        )
        .route("/admin/offer_chain/id/{offer_chain_id}/toggle", put(toggle))
}

async fn list_user(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<ClientOfferChainPage>> {
    let (limit, offset) = q.page(30)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let attrs = inventory::attributes(&db.conn, &sub)?;
    let chains = offer::visible_chains(&db.cache, &attrs, now);
    let total = chains.len() as u64;
    let (page, has_more) = paginate(chains, limit, offset);
    let items = page
        .into_iter()
        .map(|c| offer::client_view(&db.conn, &db.cache, c, &sub, now, q.locale()))
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
) -> ApiResult<Json<ClientOfferChain>> {
    let id = p.id("offer_chain_id", CHAIN_NOT_FOUND)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let attrs = inventory::attributes(&db.conn, &sub)?;
    let doc = offer::visible_chains(&db.cache, &attrs, now)
        .into_iter()
        .find(|d| d.chain.id.0 == id)
        .ok_or_else(|| ApiError::not_found(CHAIN_NOT_FOUND))?;
    Ok(Json(offer::client_view(
        &db.conn,
        &db.cache,
        doc,
        &sub,
        now,
        q.locale(),
    )?))
}

async fn claim(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
) -> ApiResult<Json<ClaimedOfferStep>> {
    let id = p.id("offer_chain_id", STEP_NOT_FOUND)?;
    let step = p.id("step_number", STEP_NOT_FOUND)?;
    let now = s.clock().now_unix();
    let order_id = s
        .store()
        .submit(move |tx, cache| offer::claim(tx, cache, &sub, id, step, now))
        .await?;
    Ok(Json(ClaimedOfferStep {
        order_id: Some(order_id),
    }))
}

async fn order(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
) -> ApiResult<Json<OfferStepOrder>> {
    let id = p.id("offer_chain_id", STEP_NOT_FOUND)?;
    let step = p.id("step_number", STEP_NOT_FOUND)?;
    let now = s.clock().now_unix();
    let (order_id, token) = s
        .store()
        .lock()
        .write(|tx, cache| offer::order(tx, cache, &sub, id, step, now))?;
    Ok(Json(OfferStepOrder {
        order_id,
        token: PaymentToken::new(token),
    }))
}

async fn create(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<OfferChainInput>,
) -> ApiResult<(StatusCode, Json<CreatedOfferChain>)> {
    let now = s.clock().now_unix();
    let id = s
        .store()
        .lock()
        .write_definitions(|tx, cache| offer::create(tx, cache, body, now))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOfferChain { offer_chain_id: id }),
    ))
}

async fn list_admin(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<AdminOfferChainPage>> {
    let (limit, offset) = q.page(10)?;
    let enabled = q.flag("enabled")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let chains: Vec<AdminOfferChain> = db
        .cache
        .offer
        .values()
        .filter(|d| enabled.is_none_or(|e| d.chain.is_enabled == e))
        .map(|d| {
            let mut short = offer::admin_view(d, &db.cache.items, now);
            short.steps.clear();
            short
        })
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
) -> ApiResult<Json<AdminOfferChain>> {
    let id = p.id("offer_chain_id", CHAIN_NOT_FOUND)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    Ok(Json(offer::admin_view(
        offer::get(&db.cache, id)?,
        &db.cache.items,
        now,
    )))
}

async fn update(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<OfferChainInput>,
) -> ApiResult<StatusCode> {
    let id = p.id("offer_chain_id", CHAIN_NOT_FOUND)?;
    let now = s.clock().now_unix();
    s.store()
        .lock()
        .write_definitions(|tx, cache| offer::update(tx, cache, id, body, now))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("offer_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| offer::delete(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn toggle(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = p.id("offer_chain_id", CHAIN_NOT_FOUND)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| offer::toggle(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}
