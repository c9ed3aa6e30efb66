//! Coupons, promo codes and unique catalog offers: campaigns, their codes, limits and
//! redemptions.
//!
//! Rules (times are the emulator clock):
//! - A campaign is created disabled and runs inside its validity periods (none: always). The
//!   `/v2` routes read and write the first period as `date_start`/`date_end`, the `/v3` routes
//!   the whole `promotion_periods` list; both are views of the same stored campaign.
//! - Codes are 1..128 ASCII letters and digits, case-sensitive, unique across the project (a
//!   coupon code cannot also be a promo code). They are added one by one or generated, up to
//!   100 000 per call, in one transaction.
//! - A redemption checks, in this order: the code exists, its campaign is enabled and inside a
//!   validity period (422/9810 once it is over, 404 before it starts or while disabled), the
//!   per-code, per-player and total limits (422/9804), the attribute conditions against the
//!   player's attributes (422/9808), the unit choices; then it counts the use and, for a
//!   coupon, grants the bonus items in the same transaction.
//! - A promo code is applied to a cart: the use is *reserved* (it counts against every limit)
//!   until the code is removed from the cart or replaced by another one. The cart holds the
//!   code's bonus items as free items, and its discounts are reported as rewards. A unique
//!   catalog offer code is entered the same way; it unlocks the offer's items for the player
//!   and counts as used.
//! - Per-player limits may start over on a schedule (daily, weekly or monthly at a whole hour
//!   with a UTC offset). Xsolla's coupon and promo-code bodies have no field for it; a seed
//!   entry sets it with `user_limit_reset`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::{
    AttributeCondition, ItemType, LocalizedText, RecurrentSchedule,
};
use xsolla_liveops::models::coupons::{
    AdminCoupon, CouponInput, CouponRedemption, CouponRewards, NewCoupon, RedeemedCoupon,
};
use xsolla_liveops::models::promo_codes::{
    AdminPromoCode, Cart, NewPromoCode, PromoCodeInput, PromoCodeRedemption, PromoCodeRewards,
};
use xsolla_liveops::models::promotions::{
    BonusItem, BonusReward, CartDiscount, CodeLimit, CodeLimitPage, CodeLimitState, DiscountedItem,
    DiscountedItemInput, DiscountedPrice, ItemName, ItemPrice, LimitState, PeriodForm,
    PriceCondition, PriceOperator, PromotionPeriod, RewardItem, SelectedUnitItems, StoreItem,
    UnitItem, UserLimit, UserLimitState,
};
use xsolla_liveops::models::unique_offers::{AdminUniqueOffer, NewUniqueOffer, UniqueOfferInput};
use xsolla_liveops::{ExternalId, PromotionId, Sku};

use super::catalog::Item;
use super::{Cache, inventory};
use crate::error::{ApiError, ApiResult, codes};
use crate::schedule;

/// The longest code.
pub const MAX_CODE_LEN: usize = 128;
/// The most codes one generate call makes.
pub const MAX_GENERATED: u32 = 100_000;
/// Length of a generated code.
pub const GENERATED_LEN: usize = 12;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Which family a campaign belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A coupon: its bonus items are granted on redemption.
    Coupon,
    /// A promo code: applied to a cart.
    #[serde(rename = "promocode")]
    PromoCode,
    /// A unique catalog offer: unlocks catalog items.
    #[serde(rename = "unique_catalog_offer")]
    UniqueOffer,
}

impl Kind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coupon => "coupon",
            Self::PromoCode => "promocode",
            Self::UniqueOffer => "unique_catalog_offer",
        }
    }

    /// 404 for an admin call on a campaign that does not exist (4001 with a 9802 message, as
    /// Xsolla documents it).
    pub fn not_found(self) -> ApiError {
        let what = match self {
            Self::PromoCode => "Promocode",
            Self::Coupon | Self::UniqueOffer => "Coupon",
        };
        ApiError::raw(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("[0401-9802]: {what} not found"),
        )
    }

    /// 404 for a limit call on a campaign that does not exist (errorCode 9802).
    pub fn limit_not_found(self) -> ApiError {
        let what = match self {
            Self::PromoCode => "Promocode",
            Self::Coupon | Self::UniqueOffer => "Coupon",
        };
        ApiError::new(StatusCode::NOT_FOUND, 9802, format!("{what} not found"))
    }

    /// 404 for a player's code that does not exist, or whose campaign is off or out of time.
    pub fn invalid_code(self) -> ApiError {
        let what = match self {
            Self::Coupon => "coupon",
            Self::PromoCode | Self::UniqueOffer => "promo",
        };
        ApiError::raw(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("[0401-9807]: Enter valid {what} code."),
        )
    }

    fn limit_word(self) -> &'static str {
        match self {
            Self::Coupon | Self::UniqueOffer => "coupon",
            Self::PromoCode => "promo code",
        }
    }
}

/// 404/9811 of the code lookups (verify, redeemable).
pub fn code_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, 9811, "Code not found.")
}

/// 422/9810: the code's campaign is over (Xsolla's code for an expired code).
pub fn code_expired() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9810,
        "Sorry, this code is expired.",
    )
}

/// 422/9804: a limit of the code, the player or the campaign is spent.
pub fn limit_reached() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9804,
        "You have reached the coupon redemption limit.",
    )
}

/// 422/9808: the player's attributes do not meet the campaign's conditions.
pub fn not_available() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9808,
        "Coupon is not available in your region.",
    )
}

/// 422/9803: the code is taken (by this or another campaign).
pub fn code_exists() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9803,
        "The code already exists.",
    )
}

/// 422/4509: the campaign has no per-player limit.
pub fn no_user_limit() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        4509,
        "Promotion does not have configured user limits.",
    )
}

/// 422/4509 for the code-limit listing of a campaign without a per-code limit.
pub fn no_code_limit() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        4509,
        "Promotion does not have configured code limits.",
    )
}

/// Whether `code` has the form of a code: 1..128 ASCII letters and digits.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// 422/1102 unless `code` has the form of a code.
pub fn check_code(property: &str, code: &str) -> ApiResult<()> {
    if valid_code(code) {
        Ok(())
    } else {
        Err(ApiError::validation(
            property,
            format!(
                "The property `{property}` must be 1 to {MAX_CODE_LEN} letters and digits (^[a-zA-Z0-9]+$)"
            ),
        ))
    }
}

/// What an admin body defines, whatever its family and validity form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    /// Name per locale.
    pub name: LocalizedText,
    /// Validity windows; empty means always.
    #[serde(default)]
    pub periods: Vec<PromotionPeriod>,
    /// Items granted (coupons) or given with the cart (promo codes).
    #[serde(default)]
    pub bonus: Vec<BonusItem>,
    /// Items unlocked (unique catalog offers).
    #[serde(default)]
    pub items: Vec<Sku>,
    /// Redemptions of all codes together.
    #[serde(default)]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions per player.
    #[serde(default)]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions per code.
    #[serde(default)]
    pub redeem_code_limit: Option<i64>,
    /// Conditions on the player's attributes.
    #[serde(default)]
    pub attribute_conditions: Vec<AttributeCondition>,
    /// Cart-wide discount (promo codes).
    #[serde(default)]
    pub discount: Option<CartDiscount>,
    /// Per-item discounts (promo codes).
    #[serde(default)]
    pub discounted_items: Vec<DiscountedItemInput>,
    /// Conditions on the cart total (promo codes).
    #[serde(default)]
    pub price_conditions: Vec<PriceCondition>,
    /// Conditions on item prices (promo codes).
    #[serde(default)]
    pub item_price_conditions: Vec<PriceCondition>,
    /// Promotions that must not stack (promo codes).
    #[serde(default)]
    pub excluded_promotions: Vec<PromotionId>,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodePromotion {
    /// Row id (the `promotion_id` of the code-limit listing).
    pub id: i64,
    /// Family.
    pub kind: Kind,
    /// External id, unique within the family.
    pub external_id: ExternalId,
    /// Enabled by the activate call.
    pub is_enabled: bool,
    /// When per-player counts start over (seed only; Xsolla's bodies have no such field).
    #[serde(default)]
    pub user_limit_reset: Option<RecurrentSchedule>,
    /// The definition.
    pub def: Fields,
}

impl CodePromotion {
    /// Whether `now` lies in a validity window.
    pub fn in_period(&self, now: i64) -> bool {
        self.def.periods.is_empty()
            || self.def.periods.iter().any(|p| {
                p.date_from.timestamp() <= now
                    && p.date_until.is_none_or(|until| now < until.timestamp())
            })
    }

    /// Whether every validity window closed before `now` (the campaign is over, not pending).
    pub fn has_ended(&self, now: i64) -> bool {
        !self.def.periods.is_empty()
            && self
                .def
                .periods
                .iter()
                .all(|p| p.date_until.is_some_and(|until| until.timestamp() <= now))
    }

    /// Start of the per-player reset period at `now` (0 without a schedule).
    pub fn user_period(&self, now: i64) -> i64 {
        self.user_limit_reset
            .as_ref()
            .map_or(0, |s| schedule::bounds(s, now).0)
    }
}

/// The campaigns in memory, by id and by family and external id.
#[derive(Debug, Default)]
pub struct CodeCache {
    /// By row id.
    pub by_id: BTreeMap<i64, Arc<CodePromotion>>,
    /// Row id by family and external id.
    pub by_external: HashMap<(Kind, String), i64>,
}

/// Reads every campaign.
pub fn load(conn: &Connection) -> ApiResult<CodeCache> {
    let mut cache = CodeCache::default();
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM code_promotions")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let p: CodePromotion = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("code promotion document", e))?;
        cache
            .by_external
            .insert((p.kind, p.external_id.as_ref().to_owned()), id);
        cache.by_id.insert(id, Arc::new(p));
    }
    Ok(cache)
}

/// The counts of a campaign that change with every redemption.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Redemptions done.
    pub used: i64,
    /// Redemptions held by carts.
    pub reserved: i64,
    /// Number of codes.
    pub codes: i64,
}

/// Reads a campaign's counters.
pub fn counters(conn: &Connection, id: i64) -> ApiResult<Counters> {
    Ok(conn
        .prepare_cached("SELECT used, reserved, codes_count FROM code_promotions WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Counters {
                used: r.get(0)?,
                reserved: r.get(1)?,
                codes: r.get(2)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// A validity form ([`Periods`](xsolla_liveops::models::promotions::Periods) or
/// [`DateRange`](xsolla_liveops::models::promotions::DateRange)) that handlers can move across
/// threads.
pub trait Form: PeriodForm + Send + Sync + 'static {}

impl<P: PeriodForm + Send + Sync + 'static> Form for P {}

/// A family of code campaigns: how its admin bodies and read form map onto [`Fields`].
pub trait Family: Send + Sync + 'static {
    /// The family.
    const KIND: Kind;
    /// The creation body.
    type New<P: Form>: DeserializeOwned + Send + 'static;
    /// The update body.
    type Input<P: Form>: DeserializeOwned + Send + 'static;
    /// The admin read form.
    type View<P: Form>: Serialize + Send + 'static;
    /// External id and definition of a creation body.
    fn split<P: Form>(body: Self::New<P>) -> (ExternalId, Fields);
    /// Definition of an update body.
    fn fields<P: Form>(body: Self::Input<P>) -> Fields;
    /// The admin read form of a stored campaign.
    fn view<P: Form>(p: &CodePromotion, c: Counters) -> Self::View<P>;
}

fn bonus_items(input: Vec<xsolla_liveops::models::promotions::BonusItemInput>) -> Vec<BonusItem> {
    input
        .into_iter()
        .map(|b| BonusItem {
            sku: b.sku,
            quantity: b.quantity,
        })
        .collect()
}

fn total_state(p: &CodePromotion, c: Counters) -> Option<LimitState> {
    p.def.redeem_total_limit.map(|total| LimitState {
        available: (total - c.used - c.reserved).max(0),
        reserved: c.reserved,
        used: c.used,
    })
}

/// Coupons.
#[derive(Debug)]
pub struct Coupons;

impl Family for Coupons {
    const KIND: Kind = Kind::Coupon;
    type New<P: Form> = NewCoupon<P>;
    type Input<P: Form> = CouponInput<P>;
    type View<P: Form> = AdminCoupon<P>;

    fn split<P: Form>(body: NewCoupon<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.coupon))
    }

    fn fields<P: Form>(c: CouponInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            bonus: bonus_items(c.bonus),
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            attribute_conditions: c.attribute_conditions,
            ..Fields::default()
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminCoupon<P> {
        let d = &p.def;
        AdminCoupon {
            external_id: p.external_id.clone(),
            name: d.name.clone(),
            validity: P::from_periods(d.periods.clone()),
            bonus: d.bonus.clone(),
            is_enabled: p.is_enabled,
            redeem_total_limit: d.redeem_total_limit,
            redeem_user_limit: d.redeem_user_limit,
            redeem_code_limit: d.redeem_code_limit,
            total_limit_state: total_state(p, c),
            total_codes_count: Some(u64::try_from(c.codes).unwrap_or(0)),
            attribute_conditions: d.attribute_conditions.clone(),
        }
    }
}

/// Promo codes.
#[derive(Debug)]
pub struct PromoCodes;

fn promo_view<P: Form>(p: &CodePromotion, c: Counters) -> AdminPromoCode<P> {
    let d = &p.def;
    AdminPromoCode {
        external_id: p.external_id.clone(),
        name: d.name.clone(),
        validity: P::from_periods(d.periods.clone()),
        bonus: d.bonus.clone(),
        is_enabled: p.is_enabled,
        redeem_total_limit: d.redeem_total_limit,
        redeem_user_limit: d.redeem_user_limit,
        redeem_code_limit: d.redeem_code_limit,
        discount: d.discount.clone(),
        discounted_items: (!d.discounted_items.is_empty()).then(|| {
            d.discounted_items
                .iter()
                .map(|i| DiscountedItem {
                    sku: i.sku.clone(),
                    discount: i.discount.clone(),
                    name: None,
                    item_type: None,
                    description: None,
                    image_url: None,
                    unit_items: Vec::new(),
                })
                .collect()
        }),
        total_limit_state: total_state(p, c),
        total_codes_count: Some(u64::try_from(c.codes).unwrap_or(0)),
        attribute_conditions: d.attribute_conditions.clone(),
        price_conditions: d.price_conditions.clone(),
        item_price_conditions: d.item_price_conditions.clone(),
        excluded_promotions: d.excluded_promotions.clone(),
    }
}

impl Family for PromoCodes {
    const KIND: Kind = Kind::PromoCode;
    type New<P: Form> = NewPromoCode<P>;
    type Input<P: Form> = PromoCodeInput<P>;
    type View<P: Form> = AdminPromoCode<P>;

    fn split<P: Form>(body: NewPromoCode<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.promo_code))
    }

    fn fields<P: Form>(c: PromoCodeInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            bonus: bonus_items(c.bonus),
            items: Vec::new(),
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            attribute_conditions: c.attribute_conditions,
            discount: c.discount.filter(|d| d.percent.is_some()),
            discounted_items: c.discounted_items,
            price_conditions: c.price_conditions,
            item_price_conditions: c.item_price_conditions,
            excluded_promotions: c.excluded_promotions,
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminPromoCode<P> {
        promo_view(p, c)
    }
}

/// Unique catalog offers.
#[derive(Debug)]
pub struct UniqueOffers;

impl Family for UniqueOffers {
    const KIND: Kind = Kind::UniqueOffer;
    type New<P: Form> = NewUniqueOffer<P>;
    type Input<P: Form> = UniqueOfferInput<P>;
    type View<P: Form> = AdminUniqueOffer<P>;

    fn split<P: Form>(body: NewUniqueOffer<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.offer))
    }

    fn fields<P: Form>(c: UniqueOfferInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            items: c.items,
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            ..Fields::default()
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminUniqueOffer<P> {
        let d = &p.def;
        AdminUniqueOffer {
            external_id: p.external_id.clone(),
            name: d.name.clone(),
            validity: P::from_periods(d.periods.clone()),
            items: d.items.clone(),
            is_enabled: p.is_enabled,
            redeem_total_limit: d.redeem_total_limit,
            redeem_user_limit: d.redeem_user_limit,
            redeem_code_limit: d.redeem_code_limit,
            total_limit_state: total_state(p, c),
            total_codes_count: Some(u64::try_from(c.codes).unwrap_or(0)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation and definition changes.
// ---------------------------------------------------------------------------------------------

fn invalid(property: &str, text: impl std::fmt::Display) -> ApiError {
    ApiError::validation(property, format!("The property `{property}` {text}"))
}

fn valid_external_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

fn locale_key(key: &str) -> bool {
    let b = key.as_bytes();
    (b.len() == 5
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b[2] == b'-'
        && b[3].is_ascii_uppercase()
        && b[4].is_ascii_uppercase())
        || (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
}

fn check_limit(property: &str, limit: Option<i64>) -> ApiResult<()> {
    match limit {
        Some(n) if n < 1 => Err(invalid(property, "must be at least 1 (or null: no limit)")),
        _ => Ok(()),
    }
}

fn check_percent(
    property: &str,
    percent: &xsolla_liveops::models::common::Decimal,
) -> ApiResult<()> {
    let text = percent.as_str();
    let two_places = text.split_once('.').is_none_or(|(_, frac)| frac.len() <= 2);
    let value = percent.to_f64();
    if !two_places || text.starts_with('-') || value <= 0.0 || value > 100.0 {
        return Err(invalid(
            property,
            "must be a percentage above 0 and at most 100, like \"10.00\"",
        ));
    }
    Ok(())
}

fn check_price_conditions(property: &str, conditions: &[PriceCondition]) -> ApiResult<()> {
    for (i, c) in conditions.iter().enumerate() {
        if let PriceOperator::Other(op) = &c.operator {
            return Err(invalid(
                &format!("{property}[{i}].operator"),
                format!("has an unknown operator {op:?}; expected ge, gt, le, lt, eq or ne"),
            ));
        }
        let text = c.value.as_str();
        let ok =
            !text.starts_with('-') && text.split_once('.').is_none_or(|(_, frac)| frac.len() <= 4);
        if !ok {
            return Err(invalid(
                &format!("{property}[{i}].value"),
                "must match ^\\d+(\\.\\d{1,4})?$",
            ));
        }
    }
    Ok(())
}

fn check_sku(cache: &Cache, property: &str, sku: &Sku) -> ApiResult<()> {
    if cache.items.contains_key(&sku.0) {
        Ok(())
    } else {
        Err(ApiError::validation(
            property,
            format!("Item with sku = '{sku}' not found"),
        ))
    }
}

/// Checks a definition against the rules the schema cannot express and against the catalog.
pub fn validate(cache: &Cache, kind: Kind, f: &Fields) -> ApiResult<()> {
    if let Some(bad) = f.name.0.keys().find(|k| !locale_key(k)) {
        return Err(ApiError::validation(
            &format!("name.{bad}"),
            format!("The property name.{bad} is not a locale like en-US"),
        ));
    }
    if f.name
        .0
        .values()
        .all(|v| v.as_deref().is_none_or(str::is_empty))
    {
        return Err(invalid("name", "must have text in at least one language"));
    }
    let many = f.periods.len() > 1;
    for (i, p) in f.periods.iter().enumerate() {
        match p.date_until {
            Some(until) if until <= p.date_from => {
                return Err(invalid(
                    &format!("promotion_periods[{i}].date_until"),
                    "must be after date_from",
                ));
            }
            None if many => {
                return Err(invalid(
                    &format!("promotion_periods[{i}].date_until"),
                    "is required when several periods are given",
                ));
            }
            _ => {}
        }
    }
    check_limit("redeem_total_limit", f.redeem_total_limit)?;
    check_limit("redeem_user_limit", f.redeem_user_limit)?;
    check_limit("redeem_code_limit", f.redeem_code_limit)?;
    if f.attribute_conditions.len() > 100 {
        return Err(invalid(
            "attribute_conditions",
            "holds at most 100 conditions",
        ));
    }
    for (i, b) in f.bonus.iter().enumerate() {
        check_sku(cache, &format!("bonus[{i}].sku"), &b.sku)?;
        if b.quantity < 1 {
            return Err(invalid(
                &format!("bonus[{i}].quantity"),
                "must be at least 1",
            ));
        }
    }
    for (i, sku) in f.items.iter().enumerate() {
        check_sku(cache, &format!("items[{i}]"), sku)?;
    }
    if kind == Kind::UniqueOffer && f.items.is_empty() {
        return Err(invalid("items", "must list at least one item"));
    }
    if let Some(p) = f.discount.as_ref().and_then(|d| d.percent.as_ref()) {
        check_percent("discount.percent", p)?;
    }
    for (i, d) in f.discounted_items.iter().enumerate() {
        check_sku(cache, &format!("discounted_items[{i}].sku"), &d.sku)?;
        check_percent(
            &format!("discounted_items[{i}].discount.percent"),
            &d.discount.percent,
        )?;
    }
    check_price_conditions("price_conditions", &f.price_conditions)?;
    check_price_conditions("item_price_conditions", &f.item_price_conditions)?;
    Ok(())
}

fn save(tx: &Connection, p: &CodePromotion) -> ApiResult<()> {
    let doc = serde_json::to_string(p).map_err(|e| ApiError::internal("code promotion", e))?;
    tx.prepare_cached("UPDATE code_promotions SET doc = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![p.id, doc])?;
    Ok(())
}

/// Creates a disabled campaign; returns its row id.
pub fn create(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: ExternalId,
    fields: Fields,
) -> ApiResult<i64> {
    if !valid_external_id(external_id.as_ref()) {
        return Err(invalid(
            "external_id",
            "must be 1 to 255 Latin letters, digits, periods, dashes and underscores",
        ));
    }
    validate(cache, kind, &fields)?;
    let taken: Option<i64> = tx
        .prepare_cached("SELECT id FROM code_promotions WHERE kind = ?1 AND external_id = ?2")?
        .query_row([kind.as_str(), external_id.as_ref()], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(invalid(
            "external_id",
            format!("is taken: a promotion {external_id:?} already exists"),
        ));
    }
    tx.prepare_cached(
        "INSERT INTO code_promotions (kind, external_id, doc) VALUES (?1, ?2, '{}')",
    )?
    .execute([kind.as_str(), external_id.as_ref()])?;
    let id = tx.last_insert_rowid();
    save(
        tx,
        &CodePromotion {
            id,
            kind,
            external_id,
            is_enabled: false,
            user_limit_reset: None,
            def: fields,
        },
    )?;
    Ok(id)
}

/// The campaign of a family by external id, or the family's 404.
pub fn get<'a>(
    cache: &'a Cache,
    kind: Kind,
    external_id: &str,
) -> ApiResult<&'a Arc<CodePromotion>> {
    cache
        .codes
        .by_external
        .get(&(kind, external_id.to_owned()))
        .and_then(|id| cache.codes.by_id.get(id))
        .ok_or_else(|| kind.not_found())
}

/// The campaigns of a family, in creation order.
pub fn list(cache: &Cache, kind: Kind) -> Vec<&Arc<CodePromotion>> {
    cache
        .codes
        .by_id
        .values()
        .filter(|p| p.kind == kind)
        .collect()
}

/// Replaces a campaign's definition; state (enabled, codes, counts) is kept.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: &str,
    fields: Fields,
) -> ApiResult<()> {
    let mut p = CodePromotion::clone(get(cache, kind, external_id)?);
    validate(cache, kind, &fields)?;
    p.def = fields;
    save(tx, &p)
}

/// Enables or disables a campaign.
pub fn set_enabled(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: &str,
    on: bool,
) -> ApiResult<()> {
    let mut p = CodePromotion::clone(get(cache, kind, external_id)?);
    p.is_enabled = on;
    save(tx, &p)
}

/// Deletes a campaign with its codes, player counts and carts; granted items stay, and its
/// codes can be added to another campaign.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, kind: Kind, external_id: &str) -> ApiResult<()> {
    let id = get(cache, kind, external_id)?.id;
    for sql in [
        "DELETE FROM code_promotions WHERE id = ?1",
        "DELETE FROM codes WHERE promotion_id = ?1",
        "DELETE FROM code_user_limits WHERE promotion_id = ?1",
        "DELETE FROM code_carts WHERE promotion_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Codes.
// ---------------------------------------------------------------------------------------------

/// Adds one code to a campaign (422/9803 when any campaign has it).
pub fn add_code(tx: &Connection, promotion_id: i64, code: &str) -> ApiResult<()> {
    check_code("coupon_code", code)?;
    let n = tx
        .prepare_cached("INSERT OR IGNORE INTO codes (code, promotion_id) VALUES (?1, ?2)")?
        .execute(rusqlite::params![code, promotion_id])?;
    if n == 0 {
        return Err(code_exists());
    }
    tx.prepare_cached("UPDATE code_promotions SET codes_count = codes_count + 1 WHERE id = ?1")?
        .execute([promotion_id])?;
    Ok(())
}

/// Generates `count` new random codes for a campaign, unique across the project: made in
/// memory and sorted (so the unique index grows by appends rather than random inserts), then
/// inserted with one prepared statement in the caller's transaction. A code that happens to
/// exist already is replaced by another. Returns how many were added.
pub fn generate(tx: &Connection, promotion_id: i64, count: u32) -> ApiResult<u64> {
    if !(1..=MAX_GENERATED).contains(&count) {
        return Err(invalid(
            "count",
            format!("must be between 1 and {MAX_GENERATED}"),
        ));
    }
    let mut rng = fastrand::Rng::new();
    let mut stmt =
        tx.prepare_cached("INSERT OR IGNORE INTO codes (code, promotion_id) VALUES (?1, ?2)")?;
    let wanted = u64::from(count);
    let mut added: u64 = 0;
    // Each round fills what collisions left missing; 62^12 codes make a second round rare.
    for _ in 0..8 {
        let missing = usize::try_from(wanted - added).unwrap_or(usize::MAX);
        if missing == 0 {
            break;
        }
        let mut batch: Vec<[u8; GENERATED_LEN]> = (0..missing)
            .map(|_| std::array::from_fn(|_| ALPHABET[rng.usize(..ALPHABET.len())]))
            .collect();
        batch.sort_unstable();
        batch.dedup();
        for code in &batch {
            // The alphabet is ASCII, so the bytes are always UTF-8.
            let code = std::str::from_utf8(code).map_err(|e| ApiError::internal("code", e))?;
            added += stmt.execute(rusqlite::params![code, promotion_id])? as u64;
        }
    }
    if added < wanted {
        return Err(ApiError::internal(
            "generating codes",
            "too many collisions",
        ));
    }
    tx.prepare_cached("UPDATE code_promotions SET codes_count = codes_count + ?2 WHERE id = ?1")?
        .execute(rusqlite::params![promotion_id, added as i64])?;
    Ok(added)
}

/// A page of a campaign's codes in the order they were added.
pub fn list_codes(
    conn: &Connection,
    promotion_id: i64,
    limit: usize,
    offset: usize,
) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM codes WHERE promotion_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![promotion_id, limit as i64, offset as i64],
        |r| r.get(0),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The per-code limit counts of a campaign: a page of all codes, or only `filter`.
pub fn code_limits(
    conn: &Connection,
    p: &CodePromotion,
    filter: &[String],
    limit: usize,
    offset: usize,
) -> ApiResult<CodeLimitPage> {
    let total = p.def.redeem_code_limit.ok_or_else(no_code_limit)?;
    let state = |code: String, used: i64, reserved: i64| CodeLimit {
        code: xsolla_liveops::Code(code),
        per_code: CodeLimitState {
            total: Some(total),
            available: Some((total - used - reserved).max(0)),
            used,
            reserved,
        },
    };
    let (items, count) = if filter.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT code, used, reserved FROM codes WHERE promotion_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![p.id, limit as i64, offset as i64], |r| {
            Ok(state(r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        let items: Vec<CodeLimit> = rows.collect::<Result<_, _>>()?;
        (items, counters(conn, p.id)?.codes)
    } else {
        let mut stmt = conn.prepare_cached(
            "SELECT code, used, reserved FROM codes WHERE code = ?1 AND promotion_id = ?2",
        )?;
        let mut found = Vec::new();
        for code in filter {
            if let Some(item) = stmt
                .query_row(rusqlite::params![code, p.id], |r| {
                    Ok(state(r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?
            {
                found.push(item);
            }
        }
        let count = found.len() as i64;
        (found.into_iter().skip(offset).take(limit).collect(), count)
    };
    let has_more = (offset.saturating_add(items.len()) as i64) < count;
    Ok(CodeLimitPage {
        promotion_id: Some(PromotionId(p.id)),
        items,
        total_items_count: Some(u64::try_from(count).unwrap_or(0)),
        has_more,
    })
}

// ---------------------------------------------------------------------------------------------
// Per-player limits.
// ---------------------------------------------------------------------------------------------

/// A player's counts on a campaign in the current reset period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserCounts {
    /// Start of the current reset period (0 without a schedule).
    pub period: i64,
    /// Uses in this period.
    pub used: i64,
    /// Admin adjustments in this period.
    pub adjust: i64,
}

impl UserCounts {
    /// Uses left under a limit of `total`.
    pub fn available(&self, total: i64) -> i64 {
        (total + self.adjust - self.used).max(0)
    }
}

/// A player's counts at `now`: a row from an earlier period counts as fresh.
pub fn user_counts(
    conn: &Connection,
    p: &CodePromotion,
    sub: &str,
    now: i64,
) -> ApiResult<UserCounts> {
    let period = p.user_period(now);
    let row: Option<(i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT period, used, adjust FROM code_user_limits WHERE promotion_id = ?1 AND sub = ?2",
        )?
        .query_row(rusqlite::params![p.id, sub], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(match row {
        Some((stored, used, adjust)) if stored == period => UserCounts {
            period,
            used,
            adjust,
        },
        _ => UserCounts {
            period,
            ..UserCounts::default()
        },
    })
}

fn save_user_counts(tx: &Connection, promotion_id: i64, sub: &str, c: UserCounts) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO code_user_limits (promotion_id, sub, period, used, adjust) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(promotion_id, sub) DO UPDATE SET period = excluded.period, used = excluded.used, adjust = excluded.adjust",
    )?
    .execute(rusqlite::params![promotion_id, sub, c.period, c.used, c.adjust])?;
    Ok(())
}

/// How an admin call changes a player's remaining uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitChange {
    /// Give this many more (at least 1).
    Increase(i64),
    /// Take this many away (at least 1).
    Decrease(i64),
    /// Set the remaining uses (at least 0).
    Set(i64),
}

fn user_limit_view(total: i64, c: UserCounts) -> UserLimit {
    UserLimit {
        per_user: UserLimitState {
            total,
            available: c.available(total),
        },
    }
}

/// A player's limit on a campaign (422/4509 without a per-player limit).
pub fn user_limit(
    conn: &Connection,
    p: &CodePromotion,
    sub: &str,
    now: i64,
) -> ApiResult<UserLimit> {
    let total = p.def.redeem_user_limit.ok_or_else(no_user_limit)?;
    Ok(user_limit_view(total, user_counts(conn, p, sub, now)?))
}

/// Changes a player's remaining uses; the result must stay within 0..=limit (422/4511).
pub fn change_user_limit(
    tx: &Connection,
    p: &CodePromotion,
    sub: &str,
    change: LimitChange,
    now: i64,
) -> ApiResult<UserLimit> {
    let (amount, minimum) = match change {
        LimitChange::Increase(n) | LimitChange::Decrease(n) => (n, 1),
        LimitChange::Set(n) => (n, 0),
    };
    if amount < minimum {
        return Err(invalid("available", format!("must be at least {minimum}")));
    }
    let total = p.def.redeem_user_limit.ok_or_else(no_user_limit)?;
    let mut c = user_counts(tx, p, sub, now)?;
    let current = total + c.adjust - c.used;
    let wanted = match change {
        LimitChange::Increase(n) => current.saturating_add(n),
        LimitChange::Decrease(n) => current.saturating_sub(n),
        LimitChange::Set(n) => n,
    };
    if !(0..=total).contains(&wanted) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            4511,
            format!("Available {} limit is out of range.", p.kind.limit_word()),
        ));
    }
    c.adjust += wanted - current;
    save_user_counts(tx, p.id, sub, c)?;
    Ok(user_limit_view(total, c))
}

// ---------------------------------------------------------------------------------------------
// Redemption.
// ---------------------------------------------------------------------------------------------

/// A code found for a player, with everything its checks read.
#[derive(Debug, Clone)]
pub struct Found {
    /// The campaign.
    pub promotion: Arc<CodePromotion>,
    /// The code's row id.
    pub code_id: i64,
    /// The code as stored.
    pub code: String,
    /// The player's counts.
    pub user: UserCounts,
}

/// Looks a code up for a player and runs every check of a redemption, in order: the code
/// exists in one of `kinds` (else `missing`), its campaign is enabled and in a validity period
/// (else `missing`), the per-code, per-player and total limits (9804), the attribute
/// conditions (9808).
pub fn check(
    conn: &Connection,
    cache: &Cache,
    sub: &str,
    code: &str,
    kinds: &[Kind],
    missing: fn() -> ApiError,
    now: i64,
) -> ApiResult<Found> {
    if !valid_code(code) {
        return Err(missing());
    }
    let row: Option<(i64, i64, i64, i64)> = conn
        .prepare_cached("SELECT id, promotion_id, used, reserved FROM codes WHERE code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (code_id, promotion_id, code_used, code_reserved) = row.ok_or_else(missing)?;
    let p = cache
        .codes
        .by_id
        .get(&promotion_id)
        .filter(|p| kinds.contains(&p.kind))
        .ok_or_else(missing)?;
    if !p.is_enabled || !p.in_period(now) {
        return Err(if p.is_enabled && p.has_ended(now) {
            code_expired()
        } else {
            missing()
        });
    }
    if p.def
        .redeem_code_limit
        .is_some_and(|l| code_used + code_reserved >= l)
    {
        return Err(limit_reached());
    }
    let user = user_counts(conn, p, sub, now)?;
    if p.def
        .redeem_user_limit
        .is_some_and(|l| user.available(l) <= 0)
    {
        return Err(limit_reached());
    }
    if let Some(l) = p.def.redeem_total_limit {
        let c = counters(conn, p.id)?;
        if c.used + c.reserved >= l {
            return Err(limit_reached());
        }
    }
    if !p.def.attribute_conditions.is_empty() {
        let attrs = inventory::attributes(conn, sub)?;
        if !crate::conditions::all_match(&p.def.attribute_conditions, &attrs) {
            return Err(not_available());
        }
    }
    Ok(Found {
        promotion: Arc::clone(p),
        code_id,
        code: code.to_owned(),
        user,
    })
}

/// Counts one use (or reservation) against the code, the player and the campaign.
fn count_use(tx: &Connection, found: &Found, sub: &str, reserve: bool, now: i64) -> ApiResult<()> {
    let column = if reserve { "reserved" } else { "used" };
    tx.prepare_cached(&format!(
        "UPDATE codes SET {column} = {column} + 1 WHERE id = ?1"
    ))?
    .execute([found.code_id])?;
    tx.prepare_cached(&format!(
        "UPDATE code_promotions SET {column} = {column} + 1 WHERE id = ?1"
    ))?
    .execute([found.promotion.id])?;
    let mut user = found.user;
    user.used += 1;
    save_user_counts(tx, found.promotion.id, sub, user)?;
    tx.prepare_cached(
        "INSERT INTO code_redemptions (promotion_id, code, sub, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![found.promotion.id, found.code, sub, now])?;
    Ok(())
}

/// The items a redemption grants: units replaced by the player's choice.
fn resolve_units(
    cache: &Cache,
    bonus: &[BonusItem],
    selected: &SelectedUnitItems,
) -> ApiResult<Vec<(String, i64)>> {
    let mut units = Vec::new();
    let mut out = Vec::with_capacity(bonus.len());
    for b in bonus {
        let item = cache.items.get(&b.sku.0);
        match item.filter(|i| is_unit(i)) {
            Some(unit) => {
                units.push(b.sku.0.as_str());
                let choice = selected.get(&b.sku).ok_or_else(|| {
                    invalid(
                        "selected_unit_items",
                        format!("must choose one of the items of the unit {:?}", b.sku.0),
                    )
                })?;
                if !unit.input.content.iter().any(|c| c.sku == *choice) {
                    return Err(invalid(
                        "selected_unit_items",
                        format!(
                            "names {:?}, which is not an item of the unit {:?}",
                            choice.0, b.sku.0
                        ),
                    ));
                }
                out.push((choice.0.clone(), b.quantity));
            }
            None => out.push((b.sku.0.clone(), b.quantity)),
        }
    }
    if let Some(extra) = selected.keys().find(|k| !units.contains(&k.0.as_str())) {
        return Err(invalid(
            "selected_unit_items",
            format!(
                "names {:?}, which is not a unit reward of this code",
                extra.0
            ),
        ));
    }
    Ok(out)
}

fn is_unit(item: &Item) -> bool {
    item.input.item_type == ItemType::Unit && !item.input.content.is_empty()
}

/// Redeems a coupon code: counts the use and grants the bonus items, in the caller's
/// transaction.
pub fn redeem_coupon(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    body: &CouponRedemption,
    now: i64,
    locale: &str,
) -> ApiResult<RedeemedCoupon> {
    let code = body.coupon_code.as_str();
    check_code("coupon_code", code)?;
    let found = check(
        tx,
        cache,
        sub,
        code,
        &[Kind::Coupon],
        || Kind::Coupon.invalid_code(),
        now,
    )?;
    let grants = resolve_units(cache, &found.promotion.def.bonus, &body.selected_unit_items)?;
    count_use(tx, &found, sub, false, now)?;
    let source = format!("coupon:{}:code:{}", found.promotion.external_id, found.code);
    let mut items = Vec::with_capacity(grants.len());
    for (sku, quantity) in grants {
        inventory::grant(tx, sub, &sku, quantity, &source, now)?;
        items.push(store_item(cache, &sku, quantity, locale, true));
    }
    Ok(RedeemedCoupon { items })
}

fn cart_row(
    conn: &Connection,
    sub: &str,
    cart_id: &str,
) -> ApiResult<Option<(i64, String, i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT promotion_id, code, period, units FROM code_carts WHERE sub = ?1 AND cart_id = ?2",
        )?
        .query_row([sub, cart_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?)
}

/// Takes the promo code off a cart and gives its reserved use back.
fn release(tx: &Connection, cache: &Cache, sub: &str, cart_id: &str, now: i64) -> ApiResult<()> {
    let Some((promotion_id, code, period, _)) = cart_row(tx, sub, cart_id)? else {
        return Ok(());
    };
    tx.prepare_cached("DELETE FROM code_carts WHERE sub = ?1 AND cart_id = ?2")?
        .execute([sub, cart_id])?;
    tx.prepare_cached(
        "UPDATE codes SET reserved = MAX(reserved - 1, 0) WHERE code = ?1 AND promotion_id = ?2",
    )?
    .execute(rusqlite::params![code, promotion_id])?;
    tx.prepare_cached("UPDATE code_promotions SET reserved = MAX(reserved - 1, 0) WHERE id = ?1")?
        .execute([promotion_id])?;
    if let Some(p) = cache.codes.by_id.get(&promotion_id) {
        let mut user = user_counts(tx, p, sub, now)?;
        if user.period == period && user.used > 0 {
            user.used -= 1;
            save_user_counts(tx, promotion_id, sub, user)?;
        }
    }
    Ok(())
}

/// 422/1102 unless a cart id is `current` or 1..64 letters, digits, `-` and `_`.
pub fn check_cart_id(id: &str) -> ApiResult<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(invalid("cart.id", "must be `current` or a cart id"))
    }
}

/// Applies a promo code (or a unique catalog offer code) to a player's cart.
pub fn redeem_promo(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    body: &PromoCodeRedemption,
    now: i64,
    locale: &str,
) -> ApiResult<Cart> {
    let code = body.coupon_code.as_str();
    check_code("coupon_code", code)?;
    let cart_id = body.cart.as_ref().map_or("current", |c| c.id.as_str());
    check_cart_id(cart_id)?;
    if let Some((promotion_id, applied, _, _)) = cart_row(tx, sub, cart_id)?
        && applied == code
        && cache.codes.by_id.contains_key(&promotion_id)
    {
        // Applying the code the cart already holds changes nothing.
        return cart_view(tx, cache, sub, cart_id, locale, true);
    }
    let found = check(
        tx,
        cache,
        sub,
        code,
        &[Kind::PromoCode, Kind::UniqueOffer],
        || Kind::PromoCode.invalid_code(),
        now,
    )?;
    let p = Arc::clone(&found.promotion);
    if p.kind == Kind::UniqueOffer {
        count_use(tx, &found, sub, false, now)?;
        return Ok(offer_cart(cache, &p, cart_id, locale));
    }
    let grants = resolve_units(cache, &p.def.bonus, &body.selected_unit_items)?;
    release(tx, cache, sub, cart_id, now)?;
    count_use(tx, &found, sub, true, now)?;
    let units = serde_json::to_string(&grants).map_err(|e| ApiError::internal("cart", e))?;
    tx.prepare_cached(
        "INSERT INTO code_carts (sub, cart_id, promotion_id, code, period, units, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        sub,
        cart_id,
        p.id,
        found.code,
        found.user.period,
        units,
        now
    ])?;
    cart_view(tx, cache, sub, cart_id, locale, true)
}

/// Takes the promo code off a player's cart (nothing to take off is fine) and returns the cart.
pub fn remove_promo(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    cart_id: &str,
    now: i64,
    locale: &str,
) -> ApiResult<Cart> {
    check_cart_id(cart_id)?;
    release(tx, cache, sub, cart_id, now)?;
    cart_view(tx, cache, sub, cart_id, locale, false)
}

/// Pays a player's cart: the promo code it holds is used for good (its reserved use becomes
/// a redemption) and its bonus items, with the units the player chose, are granted in this
/// transaction. A cart without a code grants nothing. Returns the grants.
pub fn pay_cart(
    tx: &Connection,
    sub: &str,
    cart_id: &str,
    now: i64,
) -> ApiResult<Vec<(String, i64)>> {
    check_cart_id(cart_id)?;
    let Some((promotion_id, code, _, units)) = cart_row(tx, sub, cart_id)? else {
        return Ok(Vec::new());
    };
    tx.prepare_cached("DELETE FROM code_carts WHERE sub = ?1 AND cart_id = ?2")?
        .execute([sub, cart_id])?;
    tx.prepare_cached(
        "UPDATE codes SET reserved = MAX(reserved - 1, 0), used = used + 1
         WHERE code = ?1 AND promotion_id = ?2",
    )?
    .execute(rusqlite::params![code, promotion_id])?;
    tx.prepare_cached(
        "UPDATE code_promotions SET reserved = MAX(reserved - 1, 0), used = used + 1 WHERE id = ?1",
    )?
    .execute([promotion_id])?;
    let grants: Vec<(String, i64)> =
        serde_json::from_str(&units).map_err(|e| ApiError::internal("cart units", e))?;
    let source = format!("promocode:{promotion_id}:cart:{cart_id}");
    for (sku, quantity) in &grants {
        inventory::grant(tx, sub, sku, *quantity, &source, now)?;
    }
    Ok(grants)
}

/// A player's cart: the free bonus items of the promo code it holds.
fn cart_view(
    conn: &Connection,
    cache: &Cache,
    sub: &str,
    cart_id: &str,
    locale: &str,
    with_rewards: bool,
) -> ApiResult<Cart> {
    let row = cart_row(conn, sub, cart_id)?;
    let applied = row
        .as_ref()
        .and_then(|(id, _, _, units)| cache.codes.by_id.get(id).map(|p| (p, units)));
    let Some((p, units)) = applied else {
        return Ok(Cart {
            cart_id: cart_id.to_owned(),
            price: None,
            is_free: false,
            items: Vec::new(),
            rewards: None,
        });
    };
    let grants: Vec<(String, i64)> =
        serde_json::from_str(units).map_err(|e| ApiError::internal("cart units", e))?;
    let items: Vec<StoreItem> = grants
        .iter()
        .map(|(sku, q)| store_item(cache, sku, *q, locale, true))
        .collect();
    Ok(Cart {
        cart_id: cart_id.to_owned(),
        price: None,
        is_free: !items.is_empty(),
        items,
        rewards: with_rewards.then(|| promo_rewards(cache, p, locale)),
    })
}

/// The answer to a unique catalog offer code: the unlocked items, at their prices.
fn offer_cart(cache: &Cache, p: &CodePromotion, cart_id: &str, locale: &str) -> Cart {
    let items: Vec<StoreItem> = p
        .def
        .items
        .iter()
        .map(|sku| {
            let mut item = store_item(cache, &sku.0, 1, locale, false);
            item.can_be_bought = Some(true);
            item
        })
        .collect();
    let mut currency: Option<String> = None;
    let mut sum = 0.0;
    let mut mixed = false;
    for item in &items {
        if let Some(price) = item.price.as_ref().and_then(ItemPrice::price) {
            sum += price.amount.to_f64();
            match &currency {
                None => currency = Some(price.currency.clone()),
                Some(c) if *c != price.currency => mixed = true,
                Some(_) => {}
            }
        }
    }
    let price = currency.filter(|_| !mixed).and_then(|currency| {
        let amount = xsolla_liveops::models::common::Decimal::new(format!("{sum:.2}")).ok()?;
        Some(DiscountedPrice {
            amount: amount.clone(),
            amount_without_discount: Some(amount),
            currency,
        })
    });
    Cart {
        cart_id: cart_id.to_owned(),
        is_free: price.is_none(),
        price,
        items,
        rewards: None,
    }
}

/// A catalog item as a redemption answer shows it.
fn store_item(cache: &Cache, sku: &str, quantity: i64, locale: &str, free: bool) -> StoreItem {
    let mut extra = Map::new();
    extra.insert("attributes".to_owned(), Value::Array(Vec::new()));
    extra.insert("virtual_prices".to_owned(), Value::Array(Vec::new()));
    let mut out = StoreItem {
        sku: Sku(sku.to_owned()),
        name: None,
        item_type: None,
        virtual_item_type: None,
        description: None,
        image_url: None,
        groups: Vec::new(),
        quantity,
        is_free: free,
        price: None,
        can_be_bought: None,
        promotions: Vec::new(),
        vp_rewards: Vec::new(),
        limits: None,
        periods: None,
        inventory_options: None,
        extra,
    };
    if let Some(item) = cache.items.get(sku) {
        let i = &item.input;
        out.name = i.name.resolve(locale).map(str::to_owned);
        out.item_type = Some(i.item_type.clone());
        out.description = i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned);
        out.image_url.clone_from(&i.image_url);
        if !free && let Some(price) = &i.price {
            out.price = Some(ItemPrice::Price(DiscountedPrice {
                amount: price.amount.clone(),
                amount_without_discount: Some(price.amount.clone()),
                currency: price.currency.clone(),
            }));
        }
    }
    out
}

/// An item as the reward previews show it; `localized` keeps names per language (coupons).
fn reward_item(
    cache: &Cache,
    sku: &Sku,
    quantity: Option<i64>,
    locale: &str,
    localized: bool,
) -> RewardItem {
    let Some(item) = cache.items.get(&sku.0) else {
        return RewardItem {
            sku: sku.clone(),
            name: None,
            item_type: None,
            virtual_item_type: None,
            bundle_type: None,
            description: None,
            image_url: None,
            quantity,
            inventory_options: None,
            content: Vec::new(),
            unit_items: Vec::new(),
        };
    };
    let i = &item.input;
    let unit = is_unit(item);
    RewardItem {
        sku: sku.clone(),
        name: if localized {
            Some(ItemName::Localized(i.name.normalized()))
        } else {
            i.name.resolve(locale).map(|t| ItemName::Text(t.to_owned()))
        },
        item_type: Some(i.item_type.clone()),
        virtual_item_type: None,
        bundle_type: i.bundle_type.clone(),
        description: i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned),
        image_url: i.image_url.clone(),
        quantity,
        inventory_options: None,
        content: if unit {
            Vec::new()
        } else {
            i.content
                .iter()
                .map(|c| reward_item(cache, &c.sku, Some(c.quantity), locale, localized))
                .collect()
        },
        unit_items: if unit {
            unit_items(cache, item, locale)
        } else {
            Vec::new()
        },
    }
}

fn unit_items(cache: &Cache, unit: &Item, locale: &str) -> Vec<UnitItem> {
    unit.input
        .content
        .iter()
        .map(|c| {
            let known = cache.items.get(&c.sku.0);
            UnitItem {
                sku: c.sku.clone(),
                name: known.and_then(|k| k.input.name.resolve(locale).map(str::to_owned)),
                item_type: known.map(|k| k.input.item_type.clone()),
                is_free: known.map(|k| k.is_free()),
                drm_name: None,
                drm_sku: None,
            }
        })
        .collect()
}

fn bonus_rewards(
    cache: &Cache,
    p: &CodePromotion,
    locale: &str,
    localized: bool,
) -> (Vec<BonusReward>, bool) {
    let bonus: Vec<BonusReward> = p
        .def
        .bonus
        .iter()
        .map(|b| BonusReward {
            item: reward_item(cache, &b.sku, None, locale, localized),
            quantity: b.quantity,
        })
        .collect();
    let selectable = bonus.iter().any(|b| !b.item.unit_items.is_empty());
    (bonus, selectable)
}

/// What a coupon grants, as a player sees it.
pub fn coupon_rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> CouponRewards {
    let (bonus, is_selectable) = bonus_rewards(cache, p, locale, true);
    CouponRewards {
        bonus,
        is_selectable,
        discount: None,
    }
}

/// What a promo code gives, as a player sees it (a unique catalog offer gives no rewards).
pub fn promo_rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> PromoCodeRewards {
    if p.kind == Kind::UniqueOffer {
        return PromoCodeRewards::default();
    }
    let (bonus, is_selectable) = bonus_rewards(cache, p, locale, false);
    let discounted: Vec<DiscountedItem> = p
        .def
        .discounted_items
        .iter()
        .map(|d| {
            let item = reward_item(cache, &d.sku, None, locale, false);
            DiscountedItem {
                sku: d.sku.clone(),
                discount: d.discount.clone(),
                name: item.name.and_then(|n| n.resolve(locale).map(str::to_owned)),
                item_type: item.item_type,
                description: item.description,
                image_url: item.image_url,
                unit_items: item.unit_items,
            }
        })
        .collect();
    PromoCodeRewards {
        bonus,
        discount: p.def.discount.clone(),
        discounted_items: Some(discounted),
        is_selectable,
    }
}

/// The coupon or promo code a code belongs to, in the `/v2` promo-code read form (404/9811 for
/// an unknown code or a unique catalog offer code).
pub fn redeemable(
    conn: &Connection,
    cache: &Cache,
    code: &str,
) -> ApiResult<AdminPromoCode<xsolla_liveops::models::promotions::DateRange>> {
    let promotion_id: i64 = conn
        .prepare_cached("SELECT promotion_id FROM codes WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or_else(code_not_found)?;
    let p = cache
        .codes
        .by_id
        .get(&promotion_id)
        .filter(|p| p.kind != Kind::UniqueOffer)
        .ok_or_else(code_not_found)?;
    let mut view = promo_view(p, counters(conn, p.id)?);
    view.total_codes_count = None;
    Ok(view)
}

// ---------------------------------------------------------------------------------------------
// Seed.
// ---------------------------------------------------------------------------------------------

const SEED_KEYS: [&str; 4] = ["codes", "generate", "is_enabled", "user_limit_reset"];

fn seed_entry<F: Family>(
    tx: &Transaction<'_>,
    cache: &Cache,
    section: &str,
    index: usize,
    entry: &Value,
) -> ApiResult<()> {
    let at = |e: ApiError| ApiError {
        message: format!("{section}[{index}]: {}", e.message),
        ..e
    };
    let Value::Object(map) = entry else {
        return Err(at(invalid("body", "must be an object")));
    };
    let mut body = map.clone();
    let extra: Map<String, Value> = SEED_KEYS
        .iter()
        .filter_map(|k| body.remove(*k).map(|v| ((*k).to_owned(), v)))
        .collect();
    let text = serde_json::to_vec(&body).map_err(|e| ApiError::internal("seed", e))?;
    let (external_id, fields) = if body.contains_key("date_start") || body.contains_key("date_end")
    {
        F::split(
            crate::extract::decode::<F::New<xsolla_liveops::models::promotions::DateRange>>(&text)
                .map_err(at)?,
        )
    } else {
        F::split(
            crate::extract::decode::<F::New<xsolla_liveops::models::promotions::Periods>>(&text)
                .map_err(at)?,
        )
    };
    let id = create(tx, cache, F::KIND, external_id, fields).map_err(at)?;
    let typed = |key: &str| extra.get(key).cloned();
    let mut p: CodePromotion = {
        let doc: String = tx
            .prepare_cached("SELECT doc FROM code_promotions WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        serde_json::from_str(&doc).map_err(|e| ApiError::internal("code promotion", e))?
    };
    if let Some(v) = typed("is_enabled") {
        p.is_enabled = serde_json::from_value(v).map_err(|e| at(invalid("is_enabled", e)))?;
    }
    if let Some(v) = typed("user_limit_reset") {
        let s: RecurrentSchedule =
            serde_json::from_value(v).map_err(|e| at(invalid("user_limit_reset", e)))?;
        schedule::validate("user_limit_reset", &s).map_err(at)?;
        if s.interval_type() == xsolla_liveops::models::common::IntervalType::Hourly {
            return Err(at(invalid(
                "user_limit_reset",
                "resets daily, weekly or monthly",
            )));
        }
        p.user_limit_reset = Some(s);
    }
    save(tx, &p)?;
    if let Some(v) = typed("codes") {
        let list: Vec<String> = serde_json::from_value(v).map_err(|e| at(invalid("codes", e)))?;
        for code in list {
            add_code(tx, id, &code).map_err(at)?;
        }
    }
    if let Some(v) = typed("generate") {
        let n: u32 = serde_json::from_value(v).map_err(|e| at(invalid("generate", e)))?;
        generate(tx, id, n).map_err(at)?;
    }
    Ok(())
}

/// Loads the seed sections `coupons`, `promo_codes` and `unique_catalog_offers`: each entry is
/// the admin creation body (`/v3` form, or `/v2` with `date_start`/`date_end`) plus, optionally,
/// `codes` (a list), `generate` (a count), `is_enabled` and `user_limit_reset` (a daily, weekly
/// or monthly schedule of the per-player limit).
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    coupons: &[Value],
    promo_codes: &[Value],
    offers: &[Value],
) -> ApiResult<()> {
    for (i, e) in coupons.iter().enumerate() {
        seed_entry::<Coupons>(tx, cache, "coupons", i, e)?;
    }
    for (i, e) in promo_codes.iter().enumerate() {
        seed_entry::<PromoCodes>(tx, cache, "promo_codes", i, e)?;
    }
    for (i, e) in offers.iter().enumerate() {
        seed_entry::<UniqueOffers>(tx, cache, "unique_catalog_offers", i, e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_letters_and_digits() {
        assert!(valid_code("WELCOME2025"));
        assert!(valid_code(&"a".repeat(128)));
        assert!(!valid_code(&"a".repeat(129)));
        assert!(!valid_code(""));
        assert!(!valid_code("WIN-TER"));
        assert!(!valid_code("wínter"));
    }

    #[test]
    fn locale_keys() {
        assert!(locale_key("en-US") && locale_key("en"));
        assert!(!locale_key("EN-us") && !locale_key("english"));
    }

    #[test]
    fn unknown_properties_of_flattened_bodies_are_refused() {
        let err = crate::extract::decode::<NewCoupon>(
            br#"{"external_id":"a","name":{"en-US":"A"},"bogus":1}"#,
        )
        .unwrap_err();
        assert_eq!(err.code, 1102, "{}", err.message);
        assert!(err.message.contains("bogus"), "{}", err.message);
    }
}
