//! Per-player limit routes (reference §9): promotion uses and item purchases left to one
//! player, on `/v2`. Every call answers 200; the get, increase, set and decrease calls answer
//! `{"per_user": {"total", "available"}}`.

use axum::Json;
use axum::extract::State;
use axum::routing::{delete, get};
use xsolla_liveops::models::limits::{
    UserLimit, UserLimitChange, UserLimitRefresh, UserLimitTarget,
};

use super::Routes;
use crate::auth::Admin;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::Cache;
use crate::store::limits::{self, Limit, Target};

/// The user-limit routes.
pub fn routes(r: Routes) -> Routes {
    r.route(
        "/admin/user/limit/promotion/id/{promotion_id}",
        get(get_promotion)
            .post(increase_promotion)
            .put(set_promotion)
            .delete(decrease_promotion),
    )
    .route(
        "/admin/user/limit/promotion/id/{promotion_id}/all",
        delete(refresh_promotion),
    )
    .route(
        "/admin/user/limit/promotion/all",
        delete(refresh_all_promotions),
    )
    .route(
        "/admin/user/limit/item/sku/{item_sku}",
        get(get_item)
            .post(increase_item)
            .put(set_item)
            .delete(decrease_item),
    )
    .route(
        "/admin/user/limit/item/sku/{item_sku}/all",
        delete(refresh_item),
    )
    .route("/admin/user/limit/item/all", delete(refresh_all_items))
}

/// How a change body moves the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Increase,
    Set,
    Decrease,
}

fn user_of(q: &Params) -> ApiResult<String> {
    let user = q.0.get("user_external_id").ok_or_else(|| {
        ApiError::validation(
            "user_external_id",
            "The property `user_external_id` is required",
        )
    })?;
    limits::check_user(user)?;
    Ok(user.clone())
}

fn known(conn: &rusqlite::Connection, user: &str) -> ApiResult<()> {
    if limits::known_user(conn, user)? {
        Ok(())
    } else {
        Err(limits::user_not_found())
    }
}

fn check_change(change: Change, body: &UserLimitChange) -> ApiResult<()> {
    limits::check_user(&body.user.user_external_id.0)?;
    let min = if change == Change::Set { 0 } else { 1 };
    if body.available < min {
        return Err(ApiError::validation(
            "available",
            format!("The property `available` must be at least {min}"),
        ));
    }
    Ok(())
}

fn apply(
    s: &AppState,
    change: Change,
    body: &UserLimitChange,
    limit: impl FnOnce(&Cache) -> ApiResult<LimitSpec>,
) -> ApiResult<Json<UserLimit>> {
    check_change(change, body)?;
    let now = s.clock().now_unix();
    let user = body.user.user_external_id.0.as_str();
    let out = s.store().lock().write(|tx, cache| {
        let spec = limit(cache)?;
        known(tx, user)?;
        let l = spec.limit();
        match change {
            Change::Increase => l.shift(tx, user, body.available, now),
            Change::Decrease => l.shift(tx, user, -body.available, now),
            Change::Set => l.set(tx, user, body.available, now),
        }
    })?;
    Ok(Json(out))
}

/// An owned description of a configured limit, built inside the lock.
struct LimitSpec {
    target: OwnedTarget,
    total: i64,
    schedule: Option<xsolla_liveops::models::common::RecurrentSchedule>,
}

enum OwnedTarget {
    Promotion(i64),
    Item(String),
}

impl LimitSpec {
    fn limit(&self) -> Limit<'_> {
        Limit {
            target: match &self.target {
                OwnedTarget::Promotion(id) => Target::Promotion(*id),
                OwnedTarget::Item(sku) => Target::Item(sku),
            },
            total: self.total,
            schedule: self.schedule.as_ref(),
        }
    }
}

fn promotion_spec(cache: &Cache, p: &PathParams) -> ApiResult<LimitSpec> {
    let id = p
        .id("promotion_id", "Promotion not found")
        .map_err(|_| limits::promotion_not_found())?;
    let doc = cache
        .promotions
        .get(&id)
        .ok_or_else(limits::promotion_not_found)?;
    let total = doc.per_user().ok_or_else(limits::promotion_not_limited)?;
    Ok(LimitSpec {
        target: OwnedTarget::Promotion(id),
        total,
        schedule: doc.limit_schedule().cloned(),
    })
}

fn item_spec(cache: &Cache, p: &PathParams) -> ApiResult<LimitSpec> {
    let sku = p.text("item_sku")?;
    let item = cache
        .items
        .get(sku)
        .ok_or_else(|| limits::item_not_found(sku))?;
    let l = Limit::of_item(&item.input).ok_or_else(limits::item_not_limited)?;
    Ok(LimitSpec {
        target: OwnedTarget::Item(sku.to_owned()),
        total: l.total,
        schedule: l.schedule.cloned(),
    })
}

fn get_limit(
    s: &AppState,
    q: &Params,
    spec: impl FnOnce(&Cache) -> ApiResult<LimitSpec>,
) -> ApiResult<Json<UserLimit>> {
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let spec = spec(&db.cache)?;
    let user = user_of(q)?;
    known(&db.conn, &user)?;
    Ok(Json(spec.limit().state(&db.conn, &user, now)?))
}

async fn get_promotion(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<UserLimit>> {
    get_limit(&s, &q, |c| promotion_spec(c, &p))
}

async fn increase_promotion(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Increase, &body, |c| promotion_spec(c, &p))
}

async fn set_promotion(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Set, &body, |c| promotion_spec(c, &p))
}

async fn decrease_promotion(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Decrease, &body, |c| promotion_spec(c, &p))
}

fn refresh(
    s: &AppState,
    body: &UserLimitRefresh,
    spec: impl FnOnce(&Cache) -> ApiResult<LimitSpec>,
) -> ApiResult<()> {
    let user = body.user.as_ref().map(|u| u.user_external_id.0.as_str());
    if let Some(user) = user {
        limits::check_user(user)?;
    }
    s.store().lock().write(|tx, cache| {
        let spec = spec(cache)?;
        if let Some(user) = user {
            known(tx, user)?;
        }
        limits::refresh(tx, spec.limit().target, user)
    })
}

async fn refresh_promotion(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitRefresh>,
) -> ApiResult<()> {
    refresh(&s, &body, |c| promotion_spec(c, &p))
}

fn refresh_everything(s: &AppState, promotions: bool, body: &UserLimitTarget) -> ApiResult<()> {
    let user = body.user.user_external_id.0.as_str();
    limits::check_user(user)?;
    s.store().lock().write(|tx, _| {
        known(tx, user)?;
        limits::refresh_all(tx, promotions, user)
    })
}

async fn refresh_all_promotions(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<UserLimitTarget>,
) -> ApiResult<()> {
    refresh_everything(&s, true, &body)
}

async fn get_item(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<UserLimit>> {
    get_limit(&s, &q, |c| item_spec(c, &p))
}

async fn increase_item(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Increase, &body, |c| item_spec(c, &p))
}

async fn set_item(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Set, &body, |c| item_spec(c, &p))
}

async fn decrease_item(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    apply(&s, Change::Decrease, &body, |c| item_spec(c, &p))
}

async fn refresh_item(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitRefresh>,
) -> ApiResult<()> {
    refresh(&s, &body, |c| item_spec(c, &p))
}

async fn refresh_all_items(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<UserLimitTarget>,
) -> ApiResult<()> {
    refresh_everything(&s, false, &body)
}
