//! Coupon, promo-code and unique-catalog-offer routes (reference §4, §5, §7): redeeming and
//! verifying codes (player), and managing campaigns, codes and limits (admin).
//!
//! Campaign CRUD is served on `/v3` (`promotion_periods`) by [`v3_routes`] and on `/v2`
//! (`date_start`/`date_end`) by [`routes`]; everything else is `/v2` only, as Xsolla documents.
//! Each handler is written once, generic over the [`Family`] (admin) or the code field
//! (player) it serves.

use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::routing::{get, post, put};
use rusqlite::Transaction;
use xsolla_liveops::Code;
use xsolla_liveops::models::codes::CodeVerification;
use xsolla_liveops::models::coupons::{CouponRedemption, RedeemedCoupon};
use xsolla_liveops::models::promo_codes::{Cart, PromoCodeRedemption, PromoCodeRemoval};
use xsolla_liveops::models::promotions::{
    CodeEntry, CodeInput, CodeLimitPage, CodeList, CreatedCode, CreatedPromotion, DateRange,
    GenerateCodes, GeneratedCodes, Periods, PromotionPage, UserLimit, UserLimitChange,
};

use super::Routes;
use crate::auth::{Admin, User};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, OptionalJsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::codes::{
    self, CodePromotion, Coupon, Family, Form, Kind, LimitChange, PromoCode, UniqueOffer,
    code_not_found,
};
use crate::store::{Cache, paginate};
use xsolla_liveops::api::campaigns::Redeemable;

/// Most codes, code limits or campaigns on one page.
const PAGE: u64 = 50;

/// The `/v2` routes: client calls, campaign CRUD in the date-range form, activation, codes and
/// limits.
pub fn routes(r: Routes) -> Routes {
    r.route("/coupon/redeem", post(redeem_coupon))
        .route("/promocode/redeem", post(redeem_promo))
        .route("/promocode/remove", put(remove_promo))
        .route("/promotion/code/{code}/verify", get(verify))
        .route("/admin/promotion/redeemable/code/{code}", get(redeemable))
        .with(player::<Coupon>)
        .with(player::<PromoCode>)
        .with(crud::<Coupon, DateRange>)
        .with(crud::<PromoCode, DateRange>)
        .with(crud::<UniqueOffer, DateRange>)
        .with(manage::<Coupon>)
        .with(manage::<PromoCode>)
        .with(manage::<UniqueOffer>)
        .with(limits::<Coupon>)
        .with(limits::<PromoCode>)
}

/// The `/v3` routes: campaign CRUD with `promotion_periods`.
pub fn v3_routes(r: Routes) -> Routes {
    r.with(crud::<Coupon, Periods>)
        .with(crud::<PromoCode, Periods>)
        .with(crud::<UniqueOffer, Periods>)
}

/// The path segment of a family's admin routes.
fn base<F: Family>() -> &'static str {
    F::KIND.as_str()
}

fn player<C: CodeField>(r: Routes) -> Routes {
    r.route(
        &format!("/{}/code/{{{}}}/rewards", C::SEGMENT, C::PATH_PARAM),
        get(rewards::<C>),
    )
}

fn crud<F: Family, P: Form>(r: Routes) -> Routes
where
    // The client's body types are plain data; generic code has to be told they are `Send`.
    F::New<P>: Send,
    F::Input<P>: Send,
{
    let base = base::<F>();
    r.route(
        &format!("/admin/{base}"),
        post(create::<F, P>).get(list::<F, P>),
    )
    .route(
        &format!("/admin/{base}/{{external_id}}"),
        get(get_one::<F, P>).put(update::<F, P>).delete(delete::<F>),
    )
}

fn manage<F: Family>(r: Routes) -> Routes {
    let base = base::<F>();
    r.route(
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

fn limits<F: Family>(r: Routes) -> Routes {
    let base = base::<F>();
    r.route(
        &format!("/admin/user/limit/{base}/external_id/{{external_id}}"),
        get(get_user_limit::<F>)
            .post(change_user_limit::<F>)
            .put(change_user_limit::<F>)
            .delete(change_user_limit::<F>),
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

/// A code field of the player API: the coupon field takes coupon codes, the promo-code field
/// takes promo codes and unique catalog offer codes. Built on the client's [`Redeemable`]
/// marker: its `SEGMENT` is the routes' path segment, its `Rewards` what a code gives.
trait CodeField: Redeemable {
    /// The path parameter naming the code.
    const PATH_PARAM: &'static str;
    /// The families whose codes the field takes.
    const KINDS: &'static [Kind];
    /// 404 for a code the field does not take, or whose campaign is off or out of time.
    fn invalid_code() -> ApiError;
    /// What `p` gives, as the player sees it.
    fn rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> Self::Rewards;
}

impl CodeField for Coupon {
    const PATH_PARAM: &'static str = "coupon_code";
    const KINDS: &'static [Kind] = &[Kind::Coupon];

    fn invalid_code() -> ApiError {
        Kind::Coupon.invalid_code()
    }

    fn rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> Self::Rewards {
        codes::coupon_rewards(cache, p, locale)
    }
}

impl CodeField for PromoCode {
    const PATH_PARAM: &'static str = "promocode_code";
    const KINDS: &'static [Kind] = &[Kind::PromoCode, Kind::UniqueOffer];

    fn invalid_code() -> ApiError {
        Kind::PromoCode.invalid_code()
    }

    fn rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> Self::Rewards {
        codes::promo_rewards(cache, p, locale)
    }
}

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

/// What a code of the field gives, after every check of a redemption.
async fn rewards<C: CodeField>(
    State(s): State<AppState>,
    Player(sub): Player,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<C::Rewards>> {
    let code = p.text(C::PATH_PARAM)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let found = codes::check(
        &db.conn,
        &db.cache,
        &sub,
        code,
        C::KINDS,
        C::invalid_code,
        now,
    )?;
    Ok(Json(C::rewards(&db.cache, &found.promotion, q.locale())))
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
            rewards: Coupon::rewards(&db.cache, promotion, q.locale()),
        },
        // Unique catalog offer codes are entered in the promo code field.
        Kind::PromoCode | Kind::UniqueOffer => CodeVerification::PromoCode {
            code,
            rewards: PromoCode::rewards(&db.cache, promotion, q.locale()),
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

/// The campaign named by the path's `external_id`.
fn external_id(p: &PathParams) -> ApiResult<&str> {
    p.text("external_id")
}

/// Runs a definition change, rebuilding the cache after it, and answers 204.
fn change_definition(
    s: &AppState,
    f: impl FnOnce(&Transaction<'_>, &Cache) -> ApiResult<()>,
) -> ApiResult<StatusCode> {
    s.store().lock().write_definitions(f)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Runs `f` on the row id of the family's campaign named by the path, in one write.
fn write_codes<F: Family, T>(
    s: &AppState,
    p: &PathParams,
    f: impl FnOnce(&Transaction<'_>, i64) -> ApiResult<T>,
) -> ApiResult<T> {
    let id = external_id(p)?;
    s.store().lock().write(|tx, cache| {
        let promotion = codes::get(cache, F::KIND, id)?;
        f(tx, promotion.id)
    })
}

async fn create<F: Family, P: Form>(
    State(s): State<AppState>,
    _: Admin,
    JsonBody(body): JsonBody<F::New<P>>,
) -> ApiResult<(StatusCode, Json<CreatedPromotion>)>
where
    F::New<P>: Send,
{
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
) -> ApiResult<Json<PromotionPage<F::Admin<P>>>> {
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
) -> ApiResult<Json<F::Admin<P>>> {
    let id = external_id(&p)?;
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
) -> ApiResult<StatusCode>
where
    F::Input<P>: Send,
{
    let id = external_id(&p)?;
    let fields = F::fields(body);
    change_definition(&s, |tx, cache| {
        codes::update(tx, cache, F::KIND, id, fields)
    })
}

async fn delete<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = external_id(&p)?;
    change_definition(&s, |tx, cache| codes::delete(tx, cache, F::KIND, id))
}

/// Activates (`ENABLED = true`) or deactivates a campaign.
async fn set_enabled<F: Family, const ENABLED: bool>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
) -> ApiResult<StatusCode> {
    let id = external_id(&p)?;
    change_definition(&s, |tx, cache| {
        codes::set_enabled(tx, cache, F::KIND, id, ENABLED)
    })
}

async fn create_code<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    p: PathParams,
    JsonBody(body): JsonBody<CodeInput>,
) -> ApiResult<(StatusCode, Json<CreatedCode>)> {
    let code = body.coupon_code.as_str();
    write_codes::<F, _>(&s, &p, |tx, promotion| codes::add_code(tx, promotion, code))?;
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
    let id = external_id(&p)?;
    let (limit, offset) = q.page(PAGE)?;
    let db = s.store().lock();
    let promotion = codes::get(&db.cache, F::KIND, id)?;
    let page = codes::list_codes(
        &db.conn,
        &db.cache.codes.cursors,
        promotion.id,
        limit,
        offset,
    )?;
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
    let count = write_codes::<F, _>(&s, &p, |tx, promotion| {
        codes::generate(tx, promotion, body.count())
    })?;
    Ok(Json(GeneratedCodes { count }))
}

// ---------------------------------------------------------------------------------------------
// Limits.
// ---------------------------------------------------------------------------------------------

/// The family's campaign for a limit call (404/9802 when there is none).
fn limited<'a, F: Family>(cache: &'a Cache, id: &str) -> ApiResult<&'a Arc<CodePromotion>> {
    codes::get(cache, F::KIND, id).map_err(|_| F::KIND.limit_not_found())
}

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
    let id = external_id(&p)?;
    let user = q.0.get("user_external_id").ok_or_else(|| {
        ApiError::validation(
            "user_external_id",
            "The property `user_external_id` is required",
        )
    })?;
    check_user(user)?;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    let promotion = limited::<F>(&db.cache, id)?;
    Ok(Json(codes::user_limit(&db.conn, promotion, user, now)?))
}

/// Changes a player's remaining uses; the method says how: `POST` gives `available` more,
/// `DELETE` takes `available` away, `PUT` sets them to `available`.
async fn change_user_limit<F: Family>(
    State(s): State<AppState>,
    _: Admin,
    method: Method,
    p: PathParams,
    JsonBody(body): JsonBody<UserLimitChange>,
) -> ApiResult<Json<UserLimit>> {
    let change = match method {
        Method::POST => LimitChange::Increase(body.available),
        Method::DELETE => LimitChange::Decrease(body.available),
        _ => LimitChange::Set(body.available),
    };
    let id = external_id(&p)?;
    let user = body.user.user_external_id.as_ref();
    check_user(user)?;
    let now = s.clock().now_unix();
    let limit = s.store().lock().write(|tx, cache| {
        let promotion = limited::<F>(cache, id)?;
        codes::change_user_limit(tx, promotion, user, change, now)
    })?;
    Ok(Json(limit))
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
    let id = external_id(&p)?;
    let (limit, offset) = q.page(PAGE)?;
    let filter = code_filter(&uri)?;
    let db = s.store().lock();
    let promotion = limited::<F>(&db.cache, id)?;
    Ok(Json(codes::code_limits(
        &db.conn,
        &db.cache.codes.cursors,
        promotion,
        &filter,
        limit,
        offset,
    )?))
}
