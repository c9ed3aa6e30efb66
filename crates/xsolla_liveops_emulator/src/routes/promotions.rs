//! Discount and bonus routes, the all-promotions list and promotion activation (reference §7),
//! on `/v3` (validity as `promotion_periods`) and `/v2` (validity as `date_start`/`date_end`).
//! One stored promotion reads back in either form. Discounts and bonuses share every route
//! shape; `PromotionKind` says what differs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get, put};
use serde::Serialize;
use xsolla_liveops::models::discounts::{
    BonusPromotion, BonusPromotionInput, CreatedPromotionId, DiscountPromotion,
    DiscountPromotionInput, PromotionList, PromotionSummaryList,
};
use xsolla_liveops::models::promotions::{DateRange, PeriodForm, Periods};

use super::Routes;
use crate::auth::Admin;
use crate::error::ApiResult;
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::paginate;
use crate::store::promotions::{self, PromotionDoc, PromotionInput};

/// The largest page of the promotion lists (Xsolla documents none; its examples ask for 50).
const PAGE: u64 = 50;

/// What the routes of one kind of promotion differ in, with validity in the form `P`: the
/// body (which knows its stored kind and how it is built) and the admin read form.
trait PromotionKind<P: PeriodForm>: Send + Sync + 'static {
    /// The create and update body.
    type Input: PromotionInput;
    /// The admin read form.
    type View: Serialize + Send + 'static;
    /// The admin read form at `now`.
    const VIEW: fn(&PromotionDoc, i64) -> Self::View;
}

/// Percent discounts on items, at `/admin/promotion/item`.
struct Discounts;

impl<P: PeriodForm + Send + Sync + 'static> PromotionKind<P> for Discounts {
    type Input = DiscountPromotionInput<P>;
    type View = DiscountPromotion<P>;
    const VIEW: fn(&PromotionDoc, i64) -> Self::View = promotions::discount_view::<P>;
}

/// Bonus items with a purchase, at `/admin/promotion/bonus`.
struct Bonuses;

impl<P: PeriodForm + Send + Sync + 'static> PromotionKind<P> for Bonuses {
    type Input = BonusPromotionInput<P>;
    type View = BonusPromotion<P>;
    const VIEW: fn(&PromotionDoc, i64) -> Self::View = promotions::bonus_view::<P>;
}

fn routes<P: PeriodForm + Send + Sync + 'static>(r: Routes) -> Routes {
    r.route("/admin/promotion", get(list_all::<P>))
        .route("/admin/promotion/item", collection::<Discounts, P>())
        .route(
            "/admin/promotion/{promotion_id}/item",
            member::<Discounts, P>(),
        )
        .route("/admin/promotion/bonus", collection::<Bonuses, P>())
        .route(
            "/admin/promotion/{promotion_id}/bonus",
            member::<Bonuses, P>(),
        )
}

/// List and create, on a kind's collection path.
fn collection<K: PromotionKind<P>, P: PeriodForm + Send + Sync + 'static>() -> MethodRouter<AppState>
{
    get(list::<K, P>).post(create::<K, P>)
}

/// Read, replace and delete, on one promotion's path.
fn member<K: PromotionKind<P>, P: PeriodForm + Send + Sync + 'static>() -> MethodRouter<AppState> {
    get(read::<K, P>)
        .put(replace::<K, P>)
        .delete(delete::<K, P>)
}

/// The `/v2` routes: `date_start`/`date_end` bodies, plus activation and deactivation.
pub fn v2(r: Routes) -> Routes {
    routes::<DateRange>(r)
        .route("/admin/promotion/{promotion_id}/activate", put(activate))
        .route(
            "/admin/promotion/{promotion_id}/deactivate",
            put(deactivate),
        )
}

/// The `/v3` routes: `promotion_periods` bodies.
pub fn v3(r: Routes) -> Routes {
    routes::<Periods>(r)
}

fn id(p: &PathParams, s: &AppState) -> ApiResult<i64> {
    let raw = p.get("promotion_id").unwrap_or("");
    raw.parse::<i64>()
        .map_err(|_| promotions::not_found(0, s.config().project_id))
}

fn project(s: &AppState) -> i64 {
    s.config().project_id.0
}

/// One page of a promotion list, with the `(total, active, inactive)` counts of the whole list.
fn page_of<T>(
    views: Vec<T>,
    (total, active, inactive): (u64, u64, u64),
    limit: usize,
    offset: usize,
) -> Json<PromotionList<T>> {
    let (page, _) = paginate(views, limit, offset);
    Json(PromotionList {
        promotions: page,
        total_promotions_count: Some(total),
        active_promotions_count: Some(active),
        inactive_promotions_count: Some(inactive),
    })
}

async fn create<K: PromotionKind<P>, P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<K::Input>,
) -> ApiResult<(StatusCode, Json<CreatedPromotionId>)> {
    let now = s.clock().now_unix();
    let promotion_id = s.store().lock().write_definitions(|tx, cache| {
        promotions::create(tx, |id| (K::Input::BUILD)(cache, id, body, None, now))
    })?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedPromotionId { promotion_id }),
    ))
}

async fn list<K: PromotionKind<P>, P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<PromotionList<K::View>>> {
    let (limit, offset) = q.page(PAGE)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let all = db
        .cache
        .promotions
        .values()
        .filter(|d| d.kind == K::Input::KIND);
    let counts = promotions::counts(all.clone());
    let views: Vec<K::View> = all.map(|d| K::VIEW(d, now)).collect();
    Ok(page_of(views, counts, limit, offset))
}

async fn read<K: PromotionKind<P>, P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<K::View>> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let doc = promotions::find(&db.cache, K::Input::KIND, id)
        .ok_or_else(|| promotions::not_found(id, project(&s)))?;
    Ok(Json(K::VIEW(doc, now)))
}

async fn replace<K: PromotionKind<P>, P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<K::Input>,
) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let now = s.clock().now_unix();
    let project = project(&s);
    s.store().lock().write_definitions(|tx, cache| {
        promotions::update(tx, cache, K::Input::KIND, id, project, |old| {
            (K::Input::BUILD)(cache, id, body, Some(old), now)
        })
    })?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete<K: PromotionKind<P>, P: PeriodForm>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = id(&p, &s)?;
    let project = project(&s);
    s.store().lock().write_definitions(|tx, cache| {
        promotions::delete(tx, cache, K::Input::KIND, id, project)
    })?;
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
    Ok(page_of(views, (total, active, inactive), limit, offset))
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
