//! Reward chain, value point and clan routes (reference §6): the player's chains, balances,
//! claims and clan, and administration of value points, the items that earn them and the
//! chains. The chain administration is served on `/v2` and on `/v3` (see [`v3_routes`]).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::models::rewards::{
    AdminRewardChain, AdminRewardChainPage, AdminValuePoint, ClanContributor, ClanUpdate,
    ClientRewardChainPage, ClientValuePoint, CreatedRewardChain, CreatedValuePoint,
    ItemValuePointsInput, ItemValuePointsList, RewardChainInput, RewardChainUpdate,
    ValuePointInput, ValuePointPage,
};

use super::Routes;
use crate::auth::{Admin, User};
use crate::error::ApiResult;
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::rewards::{self, Viewer};
use crate::store::{catalog, paginate};

/// Every reward chain, value point and clan route, for `/v2`.
pub fn routes(r: Routes) -> Routes {
    r.route("/user/reward_chain", get(list_user))
        .route("/user/reward_chain/{reward_chain_id}/balance", get(balance))
        .route(
            "/user/reward_chain/{reward_chain_id}/step/{step_id}/claim",
            post(claim),
        )
        .route(
            "/user/clan/contributors/{reward_chain_id}/top",
            get(top_contributors),
        )
        .route("/user/clan/update", put(update_clan))
        .route(
            "/admin/items/value_points",
            get(list_value_points).post(create_value_point),
        )
        .route(
            "/admin/items/value_points/sku/{item_sku}",
            get(get_value_point)
                .put(update_value_point)
                .delete(delete_value_point),
        )
        .route(
            "/admin/items/{value_point_sku}/value_points/rewards",
            get(get_item_rewards)
                .put(set_item_rewards)
                .patch(patch_item_rewards)
                .delete(delete_item_rewards),
        )
        .with(v3_routes)
}

/// The reward chain administration, which Xsolla documents on `/v2` and (delete, toggle,
/// reset) on `/v3`; both prefixes serve all of it.
pub fn v3_routes(r: Routes) -> Routes {
    r.route("/admin/reward_chain", post(create).get(list_admin))
        .route(
            "/admin/reward_chain/id/{reward_chain_id}",
            get(get_admin).put(update).delete(delete),
        )
        .route(
            "/admin/reward_chain/id/{reward_chain_id}/toggle",
            put(toggle),
        )
        .route(
            "/admin/reward_chain/id/{reward_chain_id}/reset",
            post(reset),
        )
}

fn sku<'a>(p: &'a PathParams, name: &str) -> ApiResult<&'a str> {
    let sku = p.text(name)?;
    if catalog::valid_sku(sku) {
        Ok(sku)
    } else {
        Err(rewards::item_not_found(sku))
    }
}

// --- players ---------------------------------------------------------------------------------

async fn list_user(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<ClientRewardChainPage>> {
    let (limit, offset) = q.page(50)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let viewer = Viewer::load(&db.conn, &sub)?;
    let chains = rewards::visible_chains(&db.cache, &viewer.attrs, now);
    let total = chains.len() as u64;
    let (page, has_more) = paginate(chains, limit, offset);
    let items = page
        .into_iter()
        .map(|d| rewards::client_view(&db.conn, &db.cache, d, &viewer, now, q.locale()))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(ListPage {
        has_more,
        total_items_count: Some(total),
        items,
    }))
}

async fn balance(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<ClientValuePoint>> {
    let id = chain_id(&p)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let viewer = Viewer::load(&db.conn, &sub)?;
    let doc = rewards::visible_chain(&db.cache, &viewer.attrs, id, now)?;
    let amount = rewards::balance(&db.conn, doc, viewer.holder(doc), now)?;
    Ok(Json(rewards::client_value_point(
        doc,
        &db.cache,
        amount,
        q.locale(),
    )))
}

async fn claim(State(s): State<AppState>, User(sub): User, p: PathParams) -> ApiResult<StatusCode> {
    let id = p
        .id("reward_chain_id", "")
        .map_err(|_| rewards::step_not_found())?;
    let step = p.id("step_id", "").map_err(|_| rewards::step_not_found())?;
    let now = s.clock().now_unix();
    s.store()
        .submit(move |tx, cache| rewards::claim(tx, cache, &sub, id, step, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn top_contributors(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
) -> ApiResult<Json<Vec<ClanContributor>>> {
    let id = chain_id(&p)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let viewer = Viewer::load(&db.conn, &sub)?;
    let doc = rewards::visible_chain(&db.cache, &viewer.attrs, id, now)?;
    Ok(Json(match (doc.is_clan(), viewer.clan.as_deref()) {
        (true, Some(clan)) => rewards::top_contributors(&db.conn, doc, clan, now)?,
        _ => Vec::new(),
    }))
}

async fn update_clan(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<ClanUpdate>> {
    let now = s.clock().now_unix();
    let locale = q.locale().to_owned();
    let reward = s
        .store()
        .lock()
        .write(|tx, cache| rewards::update_clan(tx, cache, &sub, now, &locale))?;
    Ok(Json(ClanUpdate { reward }))
}

// --- value points ----------------------------------------------------------------------------

async fn list_value_points(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<ValuePointPage>> {
    let (limit, offset) = q.page(50)?;
    let db = s.store().lock();
    let (items, has_more) = paginate(rewards::value_points(&db.cache), limit, offset);
    Ok(Json(ListPage {
        has_more,
        total_items_count: None,
        items,
    }))
}

async fn create_value_point(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<ValuePointInput>,
) -> ApiResult<(StatusCode, Json<CreatedValuePoint>)> {
    let sku = body.sku.clone();
    let item_id = s
        .store()
        .lock()
        .write_definitions(|tx, cache| rewards::create_value_point(tx, cache, body))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedValuePoint {
            sku,
            item_id: Some(item_id),
        }),
    ))
}

async fn get_value_point(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<AdminValuePoint>> {
    let sku = sku(&p, "item_sku")?;
    let db = s.store().lock();
    let vp = rewards::value_point(&db.cache, sku)?;
    Ok(Json(rewards::value_point_view(&db.cache, vp, true)))
}

async fn update_value_point(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<ValuePointInput>,
) -> ApiResult<StatusCode> {
    let sku = sku(&p, "item_sku")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::update_value_point(tx, cache, sku, body))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_value_point(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let sku = sku(&p, "item_sku")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::delete_value_point(tx, cache, sku))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_item_rewards(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<ItemValuePointsList>> {
    let sku = sku(&p, "value_point_sku")?;
    let db = s.store().lock();
    Ok(Json(rewards::item_rewards(&db.conn, &db.cache, sku)?))
}

async fn write_item_rewards(
    s: &AppState,
    p: &PathParams,
    body: &[ItemValuePointsInput],
    replace: bool,
) -> ApiResult<StatusCode> {
    let sku = sku(p, "value_point_sku")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::set_item_rewards(tx, cache, sku, body, replace))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_item_rewards(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<Vec<ItemValuePointsInput>>,
) -> ApiResult<StatusCode> {
    write_item_rewards(&s, &p, &body, true).await
}

async fn patch_item_rewards(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<Vec<ItemValuePointsInput>>,
) -> ApiResult<StatusCode> {
    write_item_rewards(&s, &p, &body, false).await
}

async fn delete_item_rewards(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let sku = sku(&p, "value_point_sku")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::delete_item_rewards(tx, cache, sku))?;
    Ok(StatusCode::NO_CONTENT)
}

// --- reward chains (admin) -------------------------------------------------------------------

fn chain_id(p: &PathParams) -> ApiResult<i64> {
    p.id("reward_chain_id", "")
        .map_err(|_| rewards::chain_not_found())
}

async fn create(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<RewardChainInput>,
) -> ApiResult<(StatusCode, Json<CreatedRewardChain>)> {
    let now = s.clock().now_unix();
    let id = s
        .store()
        .lock()
        .write_definitions(|tx, cache| rewards::create(tx, cache, body, now))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedRewardChain {
            reward_chain_id: id,
        }),
    ))
}

async fn list_admin(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<AdminRewardChainPage>> {
    let (limit, offset) = q.page(10)?;
    let enabled = q.flag("enabled")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let (items, has_more) = paginate(rewards::admin_list(&db.cache, enabled, now), limit, offset);
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
) -> ApiResult<Json<AdminRewardChain>> {
    let id = chain_id(&p)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    Ok(Json(rewards::admin_view(
        rewards::get(&db.cache, id)?,
        &db.cache,
        now,
    )))
}

async fn update(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<RewardChainUpdate>,
) -> ApiResult<StatusCode> {
    let id = chain_id(&p)?;
    let now = s.clock().now_unix();
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::update(tx, cache, id, body, now))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = chain_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::delete(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn toggle(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = chain_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::toggle(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = chain_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| rewards::reset(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}
