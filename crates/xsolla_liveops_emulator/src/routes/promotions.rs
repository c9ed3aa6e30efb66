//! Discount and bonus routes, the all-promotions list and promotion activation (reference §7),
//! on `/v3` (validity as `promotion_periods`) and `/v2` (validity as `date_start`/`date_end`).
//! One stored promotion reads back in either form.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use xsolla_liveops::models::discounts::BonusPromotion;
use xsolla_liveops::models::discounts::{
    BonusPromotionInput, BonusPromotionList, CreatedPromotionId, DiscountPromotion,
    DiscountPromotionInput, DiscountPromotionList, PromotionList, PromotionSummaryList,
};
use xsolla_liveops::models::promotions::{DateRange, PeriodForm, Periods};

use crate::auth::Admin;
use crate::error::ApiResult;
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::paginate;
use crate::store::promotions::{self, Kind};

/// The largest page of the promotion lists (Xsolla documents none; its examples ask for 50).
const PAGE: u64 = 50;

fn routes<P: PeriodForm + Send + Sync + 'static>() -> Router<AppState> {
    Router::new()
        .route("/admin/promotion", get(list_all::<P>))
        .route(
            "/admin/promotion/item",
            get(list_discounts::<P>).post(create_discount::<P>),
        )
        .route(
            "/admin/promotion/{promotion_id}/item",
            get(get_discount::<P>)
                .put(update_discount::<P>)
                .delete(delete_discount),
        )
        .route(
            "/admin/promotion/bonus",
            get(list_bonuses::<P>).post(create_bonus::<P>),
        )
        .route(
            "/admin/promotion/{promotion_id}/bonus",
            get(get_bonus::<P>)
                .put(update_bonus::<P>)
                .delete(delete_bonus),
        )
}

/// The `/v2` routes: `date_start`/`date_end` bodies, plus activation and deactivation.
pub fn v2() -> Router<AppState> {
    routes::<DateRange>()
        .route("/admin/promotion/{promotion_id}/activate", put(activate))
        .route(
            "/admin/promotion/{promotion_id}/deactivate",
            put(deactivate),
        )
}

/// The `/v3` routes: `promotion_periods` bodies.
pub fn v3() -> Router<AppState> {
    routes::<Periods>()
}

fn id(p: &PathParams, s: &AppState) -> ApiResult<i64> {
    let raw = p.0.get("promotion_id").map(String::as_str).unwrap_or("");
    raw.parse::<i64>()
        .map_err(|_| promotions::not_found(0, s.config().project_id))
}

fn project(s: &AppState) -> i64 {
    s.config().project_id.0
}

async fn create_discount<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<DiscountPromotionInput<P>>,
) -> ApiResult<(StatusCode, Json<CreatedPromotionId>)> {
    let now = s.clock().now_unix();
    let promotion_id = s.store().lock().write_definitions(|tx, cache| {
        promotions::create(tx, |id| {
            promotions::build_discount(cache, id, body, None, now)
        })
    })?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedPromotionId { promotion_id }),
    ))
}

async fn list_discounts<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<DiscountPromotionList<P>>> {
    let (limit, offset) = q.page(PAGE)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let all = db
        .cache
        .promotions
        .values()
        .filter(|d| d.kind == Kind::Discount);
    let (total, active, inactive) = promotions::counts(all.clone());
    let views: Vec<DiscountPromotion<P>> = all.map(|d| promotions::discount_view(d, now)).collect();
    let (page, _) = paginate(views, limit, offset);
    Ok(Json(PromotionList {
        promotions: page,
        total_promotions_count: Some(total),
        active_promotions_count: Some(active),
        inactive_promotions_count: Some(inactive),
    }))
}

async fn get_discount<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<DiscountPromotion<P>>> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let doc = promotions::find(&db.cache, Kind::Discount, id)
        .ok_or_else(|| promotions::not_found(id, project(&s)))?;
    Ok(Json(promotions::discount_view(doc, now)))
}

async fn update_discount<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<DiscountPromotionInput<P>>,
) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let project = project(&s);
    s.store().lock().write_definitions(|tx, cache| {
        promotions::update(tx, cache, Kind::Discount, id, project, |old| {
            promotions::build_discount(cache, id, body, Some(old), now)
        })
    })?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_discount(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let project = project(&s);
    s.store().lock().write_definitions(|tx, cache| {
        promotions::delete(tx, cache, Kind::Discount, id, project)
    })?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_bonus<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<BonusPromotionInput<P>>,
) -> ApiResult<(StatusCode, Json<CreatedPromotionId>)> {
    let now = s.clock().now_unix();
    let promotion_id = s.store().lock().write_definitions(|tx, cache| {
        promotions::create(tx, |id| promotions::build_bonus(cache, id, body, None, now))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedPromotionId { promotion_id }),
    ))
}

async fn list_bonuses<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<BonusPromotionList<P>>> {
    let (limit, offset) = q.page(PAGE)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let all = db
        .cache
        .promotions
        .values()
        .filter(|d| d.kind == Kind::Bonus);
    let (total, active, inactive) = promotions::counts(all.clone());
    let views: Vec<BonusPromotion<P>> = all.map(|d| promotions::bonus_view(d, now)).collect();
    let (page, _) = paginate(views, limit, offset);
    Ok(Json(PromotionList {
        promotions: page,
        total_promotions_count: Some(total),
        active_promotions_count: Some(active),
        inactive_promotions_count: Some(inactive),
    }))
}

async fn get_bonus<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<BonusPromotion<P>>> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let doc = promotions::find(&db.cache, Kind::Bonus, id)
        .ok_or_else(|| promotions::not_found(id, project(&s)))?;
    Ok(Json(promotions::bonus_view(doc, now)))
}

async fn update_bonus<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<BonusPromotionInput<P>>,
) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let project = project(&s);
    s.store().lock().write_definitions(|tx, cache| {
        promotions::update(tx, cache, Kind::Bonus, id, project, |old| {
            promotions::build_bonus(cache, id, body, Some(old), now)
        })
    })?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_bonus(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let project = project(&s);
    s.store()
        .lock()
        .write_definitions(|tx, cache| promotions::delete(tx, cache, Kind::Bonus, id, project))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_all<P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<PromotionSummaryList>> {
    let (limit, offset) = q.page(PAGE)?;
    let enabled = q.flag("enabled")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let codes = db.cache.codes.by_id.values();
    let (mut total, mut active, mut inactive) = promotions::counts(db.cache.promotions.values());
    for c in codes.clone() {
        total += 1;
        if c.is_enabled {
            active += 1;
        } else {
            inactive += 1;
        }
    }
    let views = db
        .cache
        .promotions
        .values()
        .filter(|d| enabled.is_none_or(|e| d.is_enabled == e))
        .map(|d| promotions::summary::<P>(&db.cache, d, now))
        .chain(
            codes
                .filter(|c| enabled.is_none_or(|e| c.is_enabled == e))
                .map(|c| promotions::code_summary::<P>(&db.cache, c)),
        )
        .collect();
    let (page, _) = paginate(views, limit, offset);
    Ok(Json(PromotionList {
        promotions: page,
        total_promotions_count: Some(total),
        active_promotions_count: Some(active),
        inactive_promotions_count: Some(inactive),
    }))
}

async fn activate(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    toggle(&s, &p, true)
}

async fn deactivate(State(s): State<AppState>, _: Admin, p: PathParams) -> ApiResult<StatusCode> {
    toggle(&s, &p, false)
}

fn toggle(s: &AppState, p: &PathParams, enabled: bool) -> ApiResult<StatusCode> {
    let id = p.id("promotion_id", "Promotion not found")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| promotions::set_enabled(tx, cache, id, enabled))?;
    Ok(StatusCode::NO_CONTENT)
}
