//! Coupon, promo-code and unique-catalog-offer routes (reference §4, §5, §7): redeeming and
//! verifying codes (player), and managing campaigns, codes and limits (admin).
//!
//! Campaign CRUD is served on `/v3` (`promotion_periods`) by [`v3_routes`] and on `/v2`
//! (`date_start`/`date_end`) by [`routes`]; everything else is `/v2` only, as Xsolla documents.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use xsolla_liveops::Code;
use xsolla_liveops::models::codes::CodeVerification;
use xsolla_liveops::models::coupons::{CouponRedemption, CouponRewards, RedeemedCoupon};
use xsolla_liveops::models::promo_codes::{
    Cart, PromoCodeRedemption, PromoCodeRemoval, PromoCodeRewards,
};
use xsolla_liveops::models::promotions::{
    CodeEntry, CodeInput, CodeLimitPage, CodeList, CreatedCode, CreatedPromotion, DateRange,
    GenerateCodes, GeneratedCodes, Periods, PromotionPage, UserLimit, UserLimitChange,
};

use crate::auth::{Admin, User};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, OptionalJsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::codes::{
    self, Coupons, Family, Form, Kind, LimitChange, PromoCodes, UniqueOffers, code_not_found,
};
use crate::store::paginate;

/// Most codes, code limits or campaigns on one page.
const PAGE: u64 = 50;

/// The `/v2` routes: client calls, campaign CRUD in the date-range form, activation, codes and
/// limits.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/coupon/redeem", post(redeem_coupon))
        .route("/coupon/code/{coupon_code}/rewards", get(coupon_rewards))
        .route("/promocode/redeem", post(redeem_promo))
        .route("/promocode/remove", put(remove_promo))
        .route(
            "/promocode/code/{promocode_code}/rewards",
            get(promo_rewards),
        )
        .route("/promotion/code/{code}/verify", get(verify))
        .route("/admin/promotion/redeemable/code/{code}", get(redeemable))
        .merge(crud::<Coupons, DateRange>("coupon"))
        .merge(crud::<PromoCodes, DateRange>("promocode"))
        .merge(crud::<UniqueOffers, DateRange>("unique_catalog_offer"))
        .merge(manage::<Coupons>("coupon"))
        .merge(manage::<PromoCodes>("promocode"))
        .merge(manage::<UniqueOffers>("unique_catalog_offer"))
        .merge(limits::<Coupons>("coupon"))
        .merge(limits::<PromoCodes>("promocode"))
}

/// The `/v3` routes: campaign CRUD with `promotion_periods`.
pub fn v3_routes() -> Router<AppState> {
    Router::new()
        .merge(crud::<Coupons, Periods>("coupon"))
        .merge(crud::<PromoCodes, Periods>("promocode"))
        .merge(crud::<UniqueOffers, Periods>("unique_catalog_offer"))
}

fn crud<F: Family, P: Form>(base: &str) -> Router<AppState> {
    Router::new()
        .route(
            &format!("/admin/{base}"),
            post(create::<F, P>).get(list::<F, P>),
        )
        .route(
            &format!("/admin/{base}/{{external_id}}"),
            get(get_one::<F, P>).put(update::<F, P>).delete(delete::<F>),
        )
}

fn manage<F: Family>(base: &str) -> Router<AppState> {
    Router::new()
        .route(
            &format!("/admin/{base}/{{external_id}}/activate"),
            put(set_enabled::<F, true>),
        )
        .route(
            &format!("/admin/{base}/{{external_id}}/deactivate"),
            put(set_enabled::<F, false>),
        )
        .route(
            &format!("/admin/{base}/{{external_id}}/code"),
            post(create_code::<F>).get(list_codes::<F>),
        )
        .route(
            &format!("/admin/{base}/{{external_id}}/code/generate"),
            put(generate::<F>),
        )
}

fn limits<F: Family>(base: &str) -> Router<AppState> {
    Router::new()
        .route(
            &format!("/admin/user/limit/{base}/external_id/{{external_id}}"),
            get(get_user_limit::<F>)
                .post(increase_user_limit::<F>)
                .put(set_user_limit::<F>)
                .delete(decrease_user_limit::<F>),
        )
        .route(
            &format!("/admin/code/limit/{base}/external_id/{{external_id}}"),
            get(code_limits::<F>),
        )
}

/// A player on the code routes, where a missing `Authorization` header is a 403 (Xsolla
/// documents it so for redeem, rewards, remove and verify); a bad token is the usual 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player(pub String);

impl FromRequestParts<AppState> for Player {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Err(ApiError::raw(
                StatusCode::FORBIDDEN,
                0,
                "Authorization header not sent",
            ));
        }
        User::from_request_parts(parts, state)
            .await
            .map(|User(sub)| Player(sub))
    }
}

// ---------------------------------------------------------------------------------------------
// Player calls.
// ---------------------------------------------------------------------------------------------

async fn redeem_coupon(
    State(s): State<AppState>,
    Player(sub): Player,
    q: Params,
    JsonBody(body): JsonBody<CouponRedemption>,
) -> ApiResult<Json<RedeemedCoupon>> {
    let now = s.clock().now_unix();
    let locale = q.locale().to_owned();
    let redeemed = s
        .store()
        .submit(move |tx, cache| codes::redeem_coupon(tx, cache, &sub, &body, now, &locale))
        .await?;
    Ok(Json(redeemed))
}

async fn coupon_rewards(
    State(s): State<AppState>,
    Player(sub): Player,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<CouponRewards>> {
    let code = p.text("coupon_code")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let found = codes::check(
        &db.conn,
        &db.cache,
        &sub,
        code,
        &[Kind::Coupon],
        || Kind::Coupon.invalid_code(),
        now,
    )?;
    Ok(Json(codes::coupon_rewards(
        &db.cache,
        &found.promotion,
        q.locale(),
    )))
}

async fn redeem_promo(
    State(s): State<AppState>,
    Player(sub): Player,
    q: Params,
    JsonBody(body): JsonBody<PromoCodeRedemption>,
) -> ApiResult<Json<Cart>> {
    let now = s.clock().now_unix();
    let cart = s
        .store()
        .lock()
        .write(|tx, cache| codes::redeem_promo(tx, cache, &sub, &body, now, q.locale()))?;
    Ok(Json(cart))
}

async fn remove_promo(
    State(s): State<AppState>,
    Player(sub): Player,
    q: Params,
    OptionalJsonBody(body): OptionalJsonBody<PromoCodeRemoval>,
) -> ApiResult<Json<Cart>> {
    let now = s.clock().now_unix();
    let cart_id = body
        .and_then(|b| b.cart)
        .map_or_else(|| "current".to_owned(), |c| c.id);
    let cart = s
        .store()
        .lock()
        .write(|tx, cache| codes::remove_promo(tx, cache, &sub, &cart_id, now, q.locale()))?;
    Ok(Json(cart))
}

async fn promo_rewards(
    State(s): State<AppState>,
    Player(sub): Player,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<PromoCodeRewards>> {
    let code = p.text("promocode_code")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let found = codes::check(
        &db.conn,
        &db.cache,
        &sub,
        code,
        &[Kind::PromoCode, Kind::UniqueOffer],
        || Kind::PromoCode.invalid_code(),
        now,
    )?;
    Ok(Json(codes::promo_rewards(
        &db.cache,
        &found.promotion,
        q.locale(),
    )))
}

async fn verify(
    State(s): State<AppState>,
    Player(sub): Player,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<CodeVerification>> {
    let code = p.text("code")?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let found = codes::check(
        &db.conn,
        &db.cache,
        &sub,
        code,
        &[Kind::Coupon, Kind::PromoCode, Kind::UniqueOffer],
        code_not_found,
        now,
    )?;
    let code = Code(found.code.clone());
    let promotion = &found.promotion;
    Ok(Json(match promotion.kind {
        Kind::Coupon => CodeVerification::Coupon {
            code,
            rewards: codes::coupon_rewards(&db.cache, promotion, q.locale()),
        },
        // Unique catalog offer codes are entered in the promo code field.
        Kind::PromoCode | Kind::UniqueOffer => CodeVerification::PromoCode {
            code,
            rewards: codes::promo_rewards(&db.cache, promotion, q.locale()),
        },
    }))
}

async fn redeemable(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let code = p.text("code")?;
    if !codes::valid_code(code) {
        // Xsolla's router answers a malformed code this way.
        return Ok(ApiError::raw(
            StatusCode::METHOD_NOT_ALLOWED,
            0,
            "Method is not allowed. Method must be one of: OPTIONS",
        )
        .into_response());
    }
    let db = s.store().lock();
    Ok(Json(codes::redeemable(&db.conn, &db.cache, code)?).into_response())
}

// ---------------------------------------------------------------------------------------------
// Campaign administration.
// ---------------------------------------------------------------------------------------------

async fn create<F: Family, P: Form>(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<F::New<P>>,
) -> ApiResult<(StatusCode, Json<CreatedPromotion>)> {
    let (external_id, fields) = F::split(body);
    let answer = external_id.clone();
    s.store()
        .lock()
        .write_definitions(|tx, cache| codes::create(tx, cache, F::KIND, external_id, fields))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedPromotion {
            external_id: answer,
        }),
    ))
}

async fn list<F: Family, P: Form>(
    State(s): State<AppState>,
    _: Admin,
    q: Params,
) -> ApiResult<Json<PromotionPage<F::View<P>>>> {
    let (limit, offset) = q.page(PAGE)?;
    let enabled = q.flag("enabled")?;
    let db = s.store().lock();
    let all = codes::list(&db.cache, F::KIND);
    let active = all.iter().filter(|p| p.is_enabled).count() as u64;
    let total = all.len() as u64;
    let chosen: Vec<_> = all
        .into_iter()
        .filter(|p| enabled.is_none_or(|e| p.is_enabled == e))
        .collect();
    let (page, _) = paginate(chosen, limit, offset);
    let items = page
        .into_iter()
        .map(|p| Ok(F::view::<P>(p, codes::counters(&db.conn, p.id)?)))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(PromotionPage {
        items,
        total_promotions_count: Some(total),
        active_promotions_count: Some(active),
        inactive_promotions_count: Some(total - active),
    }))
}

async fn get_one<F: Family, P: Form>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<Json<F::View<P>>> {
    let id = p.text("external_id")?;
    let db = s.store().lock();
    let promotion = codes::get(&db.cache, F::KIND, id)?;
    Ok(Json(F::view::<P>(
        promotion,
        codes::counters(&db.conn, promotion.id)?,
    )))
}

async fn update<F: Family, P: Form>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<F::Input<P>>,
) -> ApiResult<StatusCode> {
    let id = p.text("external_id")?;
    let fields = F::fields(body);
    s.store()
        .lock()
        .write_definitions(|tx, cache| codes::update(tx, cache, F::KIND, id, fields))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = p.text("external_id")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| codes::delete(tx, cache, F::KIND, id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Activates (`ENABLED = true`) or deactivates a campaign.
async fn set_enabled<F: Family, const ENABLED: bool>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = p.text("external_id")?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| codes::set_enabled(tx, cache, F::KIND, id, ENABLED))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_code<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<CodeInput>,
) -> ApiResult<(StatusCode, Json<CreatedCode>)> {
    let id = p.text("external_id")?;
    let code = body.coupon_code.as_str();
    s.store().lock().write(|tx, cache| {
        let promotion = codes::get(cache, F::KIND, id)?;
        codes::add_code(tx, promotion.id, code)
    })?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedCode {
            code: body.coupon_code,
        }),
    ))
}

async fn list_codes<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<CodeList>> {
    let id = p.text("external_id")?;
    let (limit, offset) = q.page(PAGE)?;
    let db = s.store().lock();
    let promotion = codes::get(&db.cache, F::KIND, id)?;
    let page = codes::list_codes(&db.conn, promotion.id, limit, offset)?;
    let total = codes::counters(&db.conn, promotion.id)?.codes;
    Ok(Json(CodeList {
        codes: page
            .into_iter()
            .map(|c| CodeEntry { code: Code(c) })
            .collect(),
        total_count: u64::try_from(total).unwrap_or(0),
    }))
}

async fn generate<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<GenerateCodes>,
) -> ApiResult<Json<GeneratedCodes>> {
    let id = p.text("external_id")?;
    let count = s.store().lock().write(|tx, cache| {
        let promotion = codes::get(cache, F::KIND, id)?;
        codes::generate(tx, promotion.id, body.count())
    })?;
    Ok(Json(GeneratedCodes { count }))
}

// ---------------------------------------------------------------------------------------------
// Limits.
// ---------------------------------------------------------------------------------------------

fn check_user(id: &str) -> ApiResult<()> {
    if id.is_empty() || id.len() > 255 || id.chars().any(char::is_whitespace) {
        return Err(ApiError::validation(
            "user_external_id",
            "The property `user_external_id` must be 1 to 255 characters without spaces (^\\S+$)",
        ));
    }
    Ok(())
}

async fn get_user_limit<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<UserLimit>> {
    let id = p.text("external_id")?;
    let user = q.0.get("user_external_id").ok_or_else(|| {
        ApiError::validation(
            "user_external_id",
            "The property `user_external_id` is required",
        )
    })?;
    check_user(user)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let promotion = codes::get(&db.cache, F::KIND, id).map_err(|_| F::KIND.limit_not_found())?;
    Ok(Json(codes::user_limit(&db.conn, promotion, user, now)?))
}

async fn change_user_limit<F: Family>(
    s: &AppState,
    p: &PathParams,
    body: &UserLimitChange,
    change: LimitChange,
) -> ApiResult<Json<UserLimit>> {
    let id = p.text("external_id")?;
    let user = body.user.user_external_id.as_ref();
    check_user(user)?;
    let now = s.clock().now_unix();
    let limit = s.store().lock().write(|tx, cache| {
        let promotion = codes::get(cache, F::KIND, id).map_err(|_| F::KIND.limit_not_found())?;
        codes::change_user_limit(tx, promotion, user, change, now)
    })?;
    Ok(Json(limit))
}

async fn increase_user_limit<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    let change = LimitChange::Increase(body.available);
    change_user_limit::<F>(&s, &p, &body, change).await
}

async fn set_user_limit<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    let change = LimitChange::Set(body.available);
    change_user_limit::<F>(&s, &p, &body, change).await
}

async fn decrease_user_limit<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    let change = LimitChange::Decrease(body.available);
    change_user_limit::<F>(&s, &p, &body, change).await
}

/// The `codes[]` (or `codes`) values of a query string. Codes are letters and digits, so a
/// value is used as written; a percent-encoded one cannot be a code and is refused.
fn code_filter(uri: &Uri) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for pair in uri.query().unwrap_or_default().split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = key
            .replace("%5B", "[")
            .replace("%5D", "]")
            .replace("%5b", "[")
            .replace("%5d", "]");
        if key == "codes[]" || key == "codes" {
            codes::check_code("codes[]", value)?;
            if out.len() >= 1000 {
                return Err(ApiError::validation(
                    "codes[]",
                    "The property `codes[]` lists at most 1000 codes",
                ));
            }
            out.push(value.to_owned());
        }
    }
    Ok(out)
}

async fn code_limits<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    q: Params,
    uri: Uri,
) -> ApiResult<Json<CodeLimitPage>> {
    let id = p.text("external_id")?;
    let (limit, offset) = q.page(PAGE)?;
    let filter = code_filter(&uri)?;
    let db = s.store().lock();
    let promotion = codes::get(&db.cache, F::KIND, id).map_err(|_| F::KIND.limit_not_found())?;
    Ok(Json(codes::code_limits(
        &db.conn, promotion, &filter, limit, offset,
    )?))
}
