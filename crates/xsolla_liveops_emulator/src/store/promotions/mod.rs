//! Discounts and bonus promotions (reference §7): definitions, validation, the read forms of
//! `/v2` and `/v3`, the all-promotions list, and how they apply to what a player buys.
//!
//! Rules:
//! - A discount takes `percent` off the price of its `items` (or, with `price_conditions`, of
//!   every item whose price meets them); a bonus adds its `bonus` items to a purchase that holds
//!   one of its `condition` items (any purchase when `condition` is `null`).
//! - A promotion applies while it is enabled, the emulator clock is inside one of its periods
//!   (no period: always), the player meets its attribute conditions, and the player has uses
//!   left under `limits.per_user` (see [`super::limits`]).
//! - Where several discounts cover one item, the largest percent wins; discounts never stack.
//! - Offer-chain steps show the discounted `step_price`; the order remembers the discount it was
//!   priced with, and paying it uses one of the player's uses of that discount and grants the
//!   bonus items of every bonus promotion the purchase earns, in the payment's transaction.
//! - Discounts and bonuses are created enabled (Xsolla's list examples show them so) and share
//!   one id sequence.

use std::collections::BTreeMap;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::{
    AttributeCondition, DateTime, Decimal, LocalizedText, Price, RecurrentScheduleState, UnixTime,
};
use xsolla_liveops::models::discounts::{
    BonusPromotion, BonusPromotionInput, DiscountAttributeConditions, DiscountPromotion,
    DiscountPromotionInput, ItemSku, ListedCondition, ListedItem, ListedPeriod, ListedReward,
    PriceConditionInput, PromotionItem, PromotionSummary, PromotionType,
};
use xsolla_liveops::models::offer::AdminOfferStep;
use xsolla_liveops::models::promotions::{
    BonusItem, BonusItemInput, CartDiscount, LimitScheduleInput, LimitScheduleState, LimitTotal,
    PeriodForm, PriceCondition, PriceOperator, PromotionLimits, PromotionLimitsInput,
    PromotionPeriod,
};
use xsolla_liveops::{PromotionId, Sku};

use super::{Cache, inventory};
use crate::conditions;
use crate::error::{ApiError, ApiResult};
use crate::schedule;

/// Which kind of promotion a stored document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A percent discount on items (`promotion/item`).
    Discount,
    /// Bonus items with a purchase (`promotion/bonus`).
    Bonus,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Discount => "discount",
            Self::Bonus => "bonus",
        }
    }
}

/// A stored discount or bonus, in a form independent of the `/v2` or `/v3` path it came by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionDoc {
    /// Promotion id.
    pub id: i64,
    /// Discount or bonus.
    pub kind: Kind,
    /// Whether it applies at all.
    pub is_enabled: bool,
    /// Name by five-letter locale.
    pub name: LocalizedText,
    /// Validity windows; empty means always.
    pub periods: Vec<PromotionPeriod>,
    /// Percent off (discounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// Discounted items (discounts; `None` with price conditions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Sku>>,
    /// Items a purchase must hold (bonuses; `None`: any purchase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<Sku>>,
    /// Items granted (bonuses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<BonusItem>,
    /// Player conditions as written (a flat list, or groups of which one must hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<DiscountAttributeConditions>,
    /// Price range of the items covered (discounts) or of the purchase (bonuses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceCondition>>,
    /// Per-player limit and its reset schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimitsInput>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
    /// Unix seconds of the last write of the limit schedule (anchors the first reset date).
    pub schedule_since: i64,
}

impl PromotionDoc {
    /// The per-player limit, when one is configured.
    pub fn per_user(&self) -> Option<i64> {
        self.limits.as_ref().and_then(|l| l.per_user)
    }

    /// The reset schedule of the per-player limit, if any.
    pub fn limit_schedule(&self) -> Option<&xsolla_liveops::models::common::RecurrentSchedule> {
        self.limits
            .as_ref()
            .and_then(|l| l.recurrent_schedule.as_ref())
            .map(|s| &s.per_user)
    }

    /// Whether the promotion runs at `now` (enabled and inside a period).
    pub fn live(&self, now: i64) -> bool {
        self.is_enabled
            && (self.periods.is_empty()
                || self.periods.iter().any(|p| {
                    p.date_from.timestamp() <= now
                        && p.date_until.is_none_or(|u| now < u.timestamp())
                }))
    }

    /// Whether a player with `attrs` meets the attribute conditions.
    pub fn matches(&self, attrs: &Map<String, Value>) -> bool {
        match &self.attribute_conditions {
            None => true,
            Some(c) => {
                let groups = c.groups();
                groups.is_empty() || groups.iter().any(|g| conditions::all_match(g, attrs))
            }
        }
    }

    /// The conditions as one list, for bonuses (which are written with one list).
    fn flat_conditions(&self) -> Option<Vec<AttributeCondition>> {
        self.attribute_conditions
            .as_ref()
            .map(|c| c.groups().concat())
    }
}

/// The 404 of a discount or bonus looked up by id.
pub fn not_found(id: i64, project: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        9502,
        format!("Can not find promotion with ID = {id} in project {project}"),
    )
}

/// The 422 of an activation or deactivation that cannot be done.
pub fn update_failed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        9505,
        "Error was occurred while promotion was being updated",
    )
}

// ---------------------------------------------------------------------------------------------
// Fixed-point arithmetic on decimal strings.
// ---------------------------------------------------------------------------------------------

/// Units per 1 in [`fixed`].
const SCALE: i128 = 100_000_000;

/// A non-negative decimal string as an integer number of 10⁻⁸ (extra digits are cut off).
pub fn fixed(text: &str) -> Option<i128> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || int.len() > 20
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (text.contains('.') && frac.is_empty())
    {
        return None;
    }
    let whole: i128 = int.parse().ok()?;
    let mut part: i128 = 0;
    for (i, b) in frac.bytes().take(8).enumerate() {
        part += i128::from(b - b'0') * 10_i128.pow(7 - i as u32);
    }
    Some(whole * SCALE + part)
}

/// `amount` less `percent`, rounded half up to cents, as `"12.34"`.
pub fn discounted(amount: &Decimal, percent: &Decimal) -> Option<Decimal> {
    let a = fixed(amount.as_str())?;
    let p = fixed(percent.as_str())?;
    let hundred = 100 * SCALE;
    let value = a * (hundred - p) / hundred;
    let cents = (value + SCALE / 200) / (SCALE / 100);
    Decimal::new(format!("{}.{:02}", cents / 100, cents % 100)).ok()
}

fn price_ok(price: i128, conditions: &[PriceCondition]) -> bool {
    conditions.iter().all(|c| {
        let Some(v) = fixed(c.value.as_str()) else {
            return false;
        };
        match c.operator {
            PriceOperator::Ge => price >= v,
            PriceOperator::Gt => price > v,
            PriceOperator::Le => price <= v,
            PriceOperator::Lt => price < v,
            PriceOperator::Eq => price == v,
            PriceOperator::Ne => price != v,
            PriceOperator::Other(_) => false,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Validation and storage.
// ---------------------------------------------------------------------------------------------

fn invalid(property: &str, text: impl std::fmt::Display) -> ApiError {
    ApiError::validation(property, format!("The property `{property}` {text}"))
}

fn check_name(name: &LocalizedText) -> ApiResult<()> {
    for key in name.0.keys() {
        let b = key.as_bytes();
        let ok = b.len() == 5
            && b[0].is_ascii_lowercase()
            && b[1].is_ascii_lowercase()
            && b[2] == b'-'
            && b[3].is_ascii_uppercase()
            && b[4].is_ascii_uppercase();
        if !ok {
            return Err(ApiError::validation(
                &format!("name.{key}"),
                format!(
                    "The property name.{key} is not defined and the definition does not allow additional properties"
                ),
            ));
        }
    }
    if name.is_empty() {
        return Err(invalid("name", "must have text in at least one locale"));
    }
    Ok(())
}

fn check_periods(periods: &[PromotionPeriod], v2: bool) -> ApiResult<()> {
    let prop = |i: usize, field: &str| {
        if v2 {
            if field == "date_until" {
                "date_end".to_owned()
            } else {
                "date_start".to_owned()
            }
        } else {
            format!("promotion_periods[{i}].{field}")
        }
    };
    for (i, p) in periods.iter().enumerate() {
        if let Some(until) = p.date_until
            && until <= p.date_from
        {
            return Err(invalid(&prop(i, "date_until"), "must be after the start"));
        }
        if periods.len() > 1 && p.date_until.is_none() {
            return Err(invalid(
                &prop(i, "date_until"),
                "is required when several periods are given",
            ));
        }
    }
    let mut sorted: Vec<&PromotionPeriod> = periods.iter().collect();
    sorted.sort_by_key(|p| p.date_from);
    if sorted
        .windows(2)
        .any(|w| w[0].date_until.is_none_or(|u| u > w[1].date_from))
    {
        return Err(invalid("promotion_periods", "must not overlap"));
    }
    Ok(())
}

/// Checks a list of attribute conditions the way every promotion and rule body needs.
pub fn check_conditions(property: &str, conditions: &[AttributeCondition]) -> ApiResult<()> {
    if conditions.is_empty() || conditions.len() > 100 {
        return Err(invalid(property, "must hold 1 to 100 conditions"));
    }
    for (i, c) in conditions.iter().enumerate() {
        let attr = c.attribute();
        if attr.is_empty()
            || attr.len() > 255
            || !attr
                .chars()
                .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'))
        {
            return Err(invalid(
                &format!("{property}[{i}].attribute"),
                "must be 1 to 255 letters, digits, `-`, `_` or `.`",
            ));
        }
        let (value, ok) = match c {
            AttributeCondition::String { value, .. } => (value, true),
            AttributeCondition::Number { value, .. } => (value, value.parse::<f64>().is_ok()),
            AttributeCondition::Date { value, .. } => (
                value,
                chrono::DateTime::parse_from_rfc3339(value).is_ok()
                    || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
            ),
        };
        if value.len() > 255 || !ok {
            return Err(invalid(
                &format!("{property}[{i}].value"),
                "does not fit the condition's type",
            ));
        }
    }
    Ok(())
}

fn check_price_conditions(conditions: &[PriceConditionInput]) -> ApiResult<Vec<PriceCondition>> {
    if conditions.is_empty() {
        return Err(invalid(
            "price_conditions",
            "must hold at least one condition",
        ));
    }
    conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if let PriceOperator::Other(op) = &c.operator {
                return Err(invalid(
                    &format!("price_conditions[{i}].operator"),
                    format!("has an invalid value {op:?}: expected ge, gt, le, lt, eq or ne"),
                ));
            }
            let v = c.value.as_str();
            let (int, frac) = v.split_once('.').unwrap_or((v, "0"));
            if int.is_empty()
                || !int.bytes().all(|b| b.is_ascii_digit())
                || frac.is_empty()
                || frac.len() > 4
                || !frac.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(invalid(
                    &format!("price_conditions[{i}].value"),
                    "does not match the regex pattern ^\\d+(\\.\\d{1,4})?$",
                ));
            }
            Ok(PriceCondition {
                operator: c.operator.clone(),
                value: c.value.clone(),
            })
        })
        .collect()
}

fn check_limits(limits: &PromotionLimitsInput) -> ApiResult<()> {
    if let Some(n) = limits.per_user
        && n < 1
    {
        return Err(invalid("limits.per_user", "must be at least 1"));
    }
    if let Some(LimitScheduleInput { per_user }) = &limits.recurrent_schedule {
        if limits.per_user.is_none() {
            return Err(invalid(
                "limits.per_user",
                "is required with a reset schedule",
            ));
        }
        let property = "limits.recurrent_schedule.per_user";
        if per_user.interval_type() == xsolla_liveops::models::common::IntervalType::Hourly {
            return Err(invalid(
                &format!("{property}.interval_type"),
                "must be daily, weekly or monthly",
            ));
        }
        schedule::validate(property, per_user)?;
    }
    Ok(())
}

fn check_skus(cache: &Cache, property: &str, skus: &[ItemSku]) -> ApiResult<Vec<Sku>> {
    if skus.is_empty() {
        return Err(invalid(property, "must hold at least one item"));
    }
    let mut out: Vec<Sku> = Vec::with_capacity(skus.len());
    for (i, s) in skus.iter().enumerate() {
        if !cache.items.contains_key(&s.sku.0) {
            return Err(invalid(
                &format!("{property}[{i}].sku"),
                format!("names an unknown item: sku = '{}'", s.sku),
            ));
        }
        if out.contains(&s.sku) {
            return Err(invalid(
                &format!("{property}[{i}].sku"),
                "repeats an item already listed",
            ));
        }
        out.push(s.sku.clone());
    }
    Ok(out)
}

fn check_percent(percent: &Decimal) -> ApiResult<()> {
    let text = percent.as_str();
    let two_places = text.split_once('.').is_none_or(|(_, f)| f.len() <= 2);
    match fixed(text) {
        Some(p) if two_places && p <= 100 * SCALE => Ok(()),
        _ => Err(invalid(
            "discount.percent",
            "must be a decimal string from 0 to 100 with at most 2 decimals",
        )),
    }
}

fn schedule_since(
    existing: Option<&PromotionDoc>,
    limits: Option<&PromotionLimitsInput>,
    now: i64,
) -> i64 {
    let new = limits.and_then(|l| l.recurrent_schedule.as_ref());
    match existing {
        Some(old)
            if old
                .limits
                .as_ref()
                .and_then(|l| l.recurrent_schedule.as_ref())
                == new =>
        {
            old.schedule_since
        }
        _ => now,
    }
}

/// Builds a stored discount from a create or update body.
pub fn build_discount<P: PeriodForm>(
    cache: &Cache,
    id: i64,
    input: DiscountPromotionInput<P>,
    existing: Option<&PromotionDoc>,
    now: i64,
) -> ApiResult<PromotionDoc> {
    check_name(&input.name)?;
    let periods = input.period.to_periods();
    check_periods(
        &periods,
        matches!(
            P::VERSION,
            xsolla_liveops::models::promotions::ApiVersion::V2
        ),
    )?;
    check_percent(&input.discount.percent)?;
    let price_conditions = input
        .price_conditions
        .as_deref()
        .map(check_price_conditions)
        .transpose()?;
    let items = match (&input.items, &price_conditions) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "items",
                "must be null when price_conditions are given",
            ));
        }
        (None, None) => return Err(invalid("items", "is required")),
        (Some(items), None) => Some(check_skus(cache, "items", items)?),
        (None, Some(_)) => None,
    };
    match &input.attribute_conditions {
        Some(DiscountAttributeConditions::Groups(groups)) => {
            for (i, g) in groups.iter().enumerate() {
                check_conditions(&format!("attribute_conditions[{i}]"), g)?;
            }
        }
        Some(c) => {
            for g in c.groups() {
                check_conditions("attribute_conditions", g)?;
            }
        }
        None => {}
    }
    if let Some(l) = &input.limits {
        check_limits(l)?;
    }
    Ok(PromotionDoc {
        id,
        kind: Kind::Discount,
        is_enabled: existing.is_none_or(|e| e.is_enabled),
        name: input.name,
        periods,
        percent: Some(input.discount.percent),
        items,
        condition: None,
        bonus: Vec::new(),
        attribute_conditions: input.attribute_conditions,
        price_conditions,
        schedule_since: schedule_since(existing, input.limits.as_ref(), now),
        limits: input.limits,
        excluded_promotions: input.excluded_promotions,
    })
}

/// Builds a stored bonus promotion from a create or update body.
pub fn build_bonus<P: PeriodForm>(
    cache: &Cache,
    id: i64,
    input: BonusPromotionInput<P>,
    existing: Option<&PromotionDoc>,
    now: i64,
) -> ApiResult<PromotionDoc> {
    check_name(&input.name)?;
    let periods = input.period.to_periods();
    check_periods(
        &periods,
        matches!(
            P::VERSION,
            xsolla_liveops::models::promotions::ApiVersion::V2
        ),
    )?;
    let condition = input
        .condition
        .as_deref()
        .map(|c| check_skus(cache, "condition", c))
        .transpose()?;
    // The spec lets `bonus` be null: a bonus promotion may grant nothing (yet).
    let mut bonus = Vec::with_capacity(input.bonus.len());
    for (i, BonusItemInput { sku, quantity }) in input.bonus.into_iter().enumerate() {
        if !cache.items.contains_key(&sku.0) {
            return Err(invalid(
                &format!("bonus[{i}].sku"),
                format!("names an unknown item: sku = '{sku}'"),
            ));
        }
        if quantity < 1 {
            return Err(invalid(
                &format!("bonus[{i}].quantity"),
                "must be at least 1",
            ));
        }
        bonus.push(BonusItem { sku, quantity });
    }
    if let Some(c) = &input.attribute_conditions {
        check_conditions("attribute_conditions", c)?;
    }
    let price_conditions = input
        .price_conditions
        .as_deref()
        .map(check_price_conditions)
        .transpose()?;
    if let Some(l) = &input.limits {
        check_limits(l)?;
    }
    Ok(PromotionDoc {
        id,
        kind: Kind::Bonus,
        is_enabled: existing.is_none_or(|e| e.is_enabled),
        name: input.name,
        periods,
        percent: None,
        items: None,
        condition,
        bonus,
        attribute_conditions: input
            .attribute_conditions
            .map(DiscountAttributeConditions::All),
        price_conditions,
        schedule_since: schedule_since(existing, input.limits.as_ref(), now),
        limits: input.limits,
        excluded_promotions: input.excluded_promotions,
    })
}

fn save(tx: &Connection, doc: &PromotionDoc) -> ApiResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("promotion", e))?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO promotions (id, kind, is_enabled, doc) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![
        doc.id,
        doc.kind.as_str(),
        doc.is_enabled,
        text
    ])?;
    Ok(())
}

/// Creates a promotion from a body checked by `build`; returns its id.
pub fn create(
    tx: &Transaction<'_>,
    build: impl FnOnce(i64) -> ApiResult<PromotionDoc>,
) -> ApiResult<PromotionId> {
    tx.prepare_cached("INSERT INTO promotions (kind, is_enabled, doc) VALUES ('', 0, '{}')")?
        .execute([])?;
    let id = tx.last_insert_rowid();
    let doc = build(id)?;
    save(tx, &doc)?;
    Ok(PromotionId(id))
}

/// The promotion of `kind` with this id, or `None`.
pub fn find(cache: &Cache, kind: Kind, id: i64) -> Option<&Arc<PromotionDoc>> {
    cache.promotions.get(&id).filter(|d| d.kind == kind)
}

/// Replaces a promotion of `kind` with what `build` makes of it.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    id: i64,
    project: i64,
    build: impl FnOnce(&PromotionDoc) -> ApiResult<PromotionDoc>,
) -> ApiResult<()> {
    let existing = find(cache, kind, id).ok_or_else(|| not_found(id, project))?;
    let doc = build(existing)?;
    save(tx, &doc)
}

/// Deletes a promotion of `kind` for good, with every player's limit counts.
pub fn delete(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    id: i64,
    project: i64,
) -> ApiResult<()> {
    find(cache, kind, id).ok_or_else(|| not_found(id, project))?;
    tx.prepare_cached("DELETE FROM promotions WHERE id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM promotion_user_limits WHERE target = ?1")?
        .execute([id])?;
    Ok(())
}

/// Turns a discount or bonus on or off. Asking for the state it already has is a 422/9505,
/// as is an id that names no discount or bonus.
pub fn set_enabled(tx: &Transaction<'_>, cache: &Cache, id: i64, enabled: bool) -> ApiResult<()> {
    let doc = cache.promotions.get(&id).ok_or_else(update_failed)?;
    if doc.is_enabled == enabled {
        return Err(update_failed());
    }
    let mut doc = PromotionDoc::clone(doc);
    doc.is_enabled = enabled;
    save(tx, &doc)
}

/// Every stored discount and bonus, by id.
pub fn load(conn: &Connection) -> ApiResult<BTreeMap<i64, Arc<PromotionDoc>>> {
    let mut out = BTreeMap::new();
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM promotions")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let doc: PromotionDoc =
            serde_json::from_str(&doc).map_err(|e| ApiError::internal("promotion document", e))?;
        out.insert(id, Arc::new(doc));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Read forms.
// ---------------------------------------------------------------------------------------------

fn iso(ts: i64, time: Option<&str>) -> Option<String> {
    let offset = time
        .and_then(schedule::parse_time)
        .map(|t| t.1)
        .or_else(|| chrono::FixedOffset::east_opt(0))?;
    chrono::DateTime::from_timestamp(ts, 0).map(|d| d.with_timezone(&offset).to_rfc3339())
}

/// The limits as the admin API reads them back, with the reset dates at `now`.
pub fn limits_view(doc: &PromotionDoc, now: i64) -> Option<PromotionLimits> {
    let l = doc.limits.as_ref()?;
    Some(PromotionLimits {
        per_user: l.per_user.map(|total| LimitTotal { total }),
        per_item: None,
        recurrent_schedule: l.recurrent_schedule.as_ref().map(|s| {
            let time = match &s.per_user {
                xsolla_liveops::models::common::RecurrentSchedule::Daily { time }
                | xsolla_liveops::models::common::RecurrentSchedule::Weekly { time, .. }
                | xsolla_liveops::models::common::RecurrentSchedule::Monthly { time, .. } => {
                    Some(time.as_str())
                }
                xsolla_liveops::models::common::RecurrentSchedule::Hourly {} => None,
            };
            let (_, next) = schedule::bounds(&s.per_user, now);
            let (_, first) = schedule::bounds(&s.per_user, doc.schedule_since);
            LimitScheduleState {
                per_user: RecurrentScheduleState {
                    schedule: s.per_user.clone(),
                    reset_next_date: Some(UnixTime(next)),
                    displayable_reset_start_date: iso(first, time),
                    displayable_reset_next_date: iso(next, time),
                },
            }
        }),
    })
}

/// A discount as the admin API reads it in the form `P`.
pub fn discount_view<P: PeriodForm>(doc: &PromotionDoc, now: i64) -> DiscountPromotion<P> {
    DiscountPromotion {
        id: PromotionId(doc.id),
        period: P::from_periods(doc.periods.clone()),
        is_enabled: doc.is_enabled,
        name: doc.name.clone(),
        discount: Some(CartDiscount {
            percent: doc.percent.clone(),
        }),
        items: doc.items.as_ref().map(|items| {
            items
                .iter()
                .map(|s| PromotionItem {
                    sku: Some(s.clone()),
                })
                .collect()
        }),
        attribute_conditions: doc.attribute_conditions.clone(),
        limits: limits_view(doc, now),
        price_conditions: doc.price_conditions.clone(),
        excluded_promotions: doc.excluded_promotions.clone(),
    }
}

/// A bonus promotion as the admin API reads it in the form `P`.
pub fn bonus_view<P: PeriodForm>(doc: &PromotionDoc, now: i64) -> BonusPromotion<P> {
    BonusPromotion {
        id: PromotionId(doc.id),
        period: P::from_periods(doc.periods.clone()),
        name: doc.name.clone(),
        is_enabled: doc.is_enabled,
        condition: doc.condition.as_ref().map(|items| {
            items
                .iter()
                .map(|s| PromotionItem {
                    sku: Some(s.clone()),
                })
                .collect()
        }),
        bonus: Some(doc.bonus.clone()),
        attribute_conditions: doc.flat_conditions(),
        limits: limits_view(doc, now),
        excluded_promotions: doc.excluded_promotions.clone(),
        price_conditions: doc.price_conditions.clone(),
    }
}

fn listed_item(cache: &Cache, sku: &Sku) -> ListedItem {
    let item = cache.items.get(&sku.0);
    let input = item.map(|i| &i.input);
    ListedItem {
        sku: Some(sku.clone()),
        external_id: None,
        name: input.map(|i| i.name.normalized()),
        item_type: input.map(|i| i.item_type.clone()),
        bundle_type: input.and_then(|i| i.bundle_type.clone()).map(|b| {
            serde_json::from_value(Value::String(b.clone()))
                .unwrap_or(xsolla_liveops::models::discounts::BundleType::Other(b))
        }),
        description: input
            .and_then(|i| i.description.as_ref())
            .and_then(|d| d.resolve("en"))
            .map(str::to_owned),
        image_url: input.and_then(|i| i.image_url.clone()),
        inventory_options: None,
        content: None,
        unit_items: None,
        is_enabled: None,
        redeem_total_limit: None,
        redeem_user_limit: None,
        redeem_code_limit: None,
    }
}

/// A promotion as the all-promotions list shows it, with dates in the form `P`.
pub fn summary<P: PeriodForm>(cache: &Cache, doc: &PromotionDoc, now: i64) -> PromotionSummary {
    let period = match P::VERSION {
        xsolla_liveops::models::promotions::ApiVersion::V3 => ListedPeriod::Periods {
            promotion_periods: doc.periods.clone(),
        },
        xsolla_liveops::models::promotions::ApiVersion::V2 => ListedPeriod::Dates {
            date_start: doc.periods.first().map(|p| p.date_from.into()),
            date_end: doc
                .periods
                .first()
                .and_then(|p| p.date_until)
                .map(Into::into),
        },
    };
    let condition_skus = match doc.kind {
        Kind::Discount => doc.items.as_ref(),
        Kind::Bonus => doc.condition.as_ref(),
    };
    PromotionSummary {
        id: PromotionId(doc.id),
        period,
        name: doc.name.clone(),
        promotion_type: Some(match (doc.kind, &doc.condition) {
            (Kind::Discount, _) => PromotionType::ItemDiscount,
            (Kind::Bonus, Some(_)) => PromotionType::ItemBonus,
            (Kind::Bonus, None) => PromotionType::CartBonus,
        }),
        is_enabled: doc.is_enabled,
        bonus: Some(
            doc.bonus
                .iter()
                .map(|b| ListedReward {
                    item: listed_item(cache, &b.sku),
                    quantity: b.quantity,
                })
                .collect(),
        ),
        condition: condition_skus.map(|skus| {
            skus.iter()
                .map(|s| ListedCondition {
                    item: listed_item(cache, s),
                })
                .collect()
        }),
        discount: doc.percent.as_ref().map(|p| CartDiscount {
            percent: Some(p.clone()),
        }),
        limits: limits_view(doc, now),
    }
}

/// `(total, active, inactive)` counts of the promotions `keep` accepts.
pub fn counts<'a>(docs: impl Iterator<Item = &'a Arc<PromotionDoc>>) -> (u64, u64, u64) {
    docs.fold((0, 0, 0), |(t, a, i), d| {
        if d.is_enabled {
            (t + 1, a + 1, i)
        } else {
            (t + 1, a, i + 1)
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Applying promotions to purchases.
// ---------------------------------------------------------------------------------------------

/// The discounts a player can use at one moment: computed once per request, then applied to
/// any number of prices without further queries.
#[derive(Debug, Default)]
pub struct Pricing<'a> {
    discounts: Vec<&'a PromotionDoc>,
}

impl<'a> Pricing<'a> {
    /// The live discounts `sub` meets the conditions of and has uses left of, at `now`. Costs
    /// nothing when the project has no live discount.
    pub fn for_player(conn: &Connection, cache: &'a Cache, sub: &str, now: i64) -> ApiResult<Self> {
        let live: Vec<&PromotionDoc> = cache
            .promotions
            .values()
            .filter(|d| d.kind == Kind::Discount && d.live(now))
            .map(|d| &**d)
            .collect();
        if live.is_empty() {
            return Ok(Self::default());
        }
        let attrs = inventory::attributes(conn, sub)?;
        let mut discounts = Vec::with_capacity(live.len());
        for d in live {
            if d.matches(&attrs)
                && super::limits::promotion_available(conn, d, sub, now)? != Some(0)
            {
                discounts.push(d);
            }
        }
        Ok(Self { discounts })
    }

    /// The best discount for an item of this SKU and price, if any covers it.
    pub fn best(&self, sku: &str, price: &Price) -> Option<&'a PromotionDoc> {
        let amount = fixed(price.amount.as_str())?;
        self.discounts
            .iter()
            .filter(|d| match (&d.items, &d.price_conditions) {
                (Some(items), _) => items.iter().any(|s| s.0 == sku),
                (None, Some(conds)) => price_ok(amount, conds),
                (None, None) => false,
            })
            .max_by_key(|d| {
                d.percent
                    .as_ref()
                    .and_then(|p| fixed(p.as_str()))
                    .unwrap_or(0)
            })
            .copied()
    }

    /// The price of an item after the best discount covering it.
    pub fn apply(&self, sku: &str, price: Option<Price>) -> Option<Price> {
        let price = price?;
        match self.best(sku, &price).and_then(|d| d.percent.as_ref()) {
            Some(percent) => Some(Price {
                amount: discounted(&price.amount, percent).unwrap_or(price.amount),
                currency: price.currency,
            }),
            None => Some(price),
        }
    }

    /// The price of an offer-chain step after discounts (the step's first item decides).
    pub fn step_price(&self, step: &AdminOfferStep, price: Option<Price>) -> Option<Price> {
        match step.items.first() {
            Some(item) => self.apply(&item.sku.0, price),
            None => price,
        }
    }
}

/// Records, at order time, the discount an offer-chain step order was priced with, so that
/// paying the order uses one of the player's uses of it.
pub fn attach_to_order(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    order_id: i64,
    step: &AdminOfferStep,
    price: Option<Price>,
    now: i64,
) -> ApiResult<()> {
    let (Some(item), Some(price)) = (step.items.first(), price) else {
        return Ok(());
    };
    let pricing = Pricing::for_player(tx, cache, sub, now)?;
    if let Some(d) = pricing.best(&item.sku.0, &price) {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO order_promotions (order_id, promotion_id) VALUES (?1, ?2)",
        )?
        .execute(rusqlite::params![order_id, d.id])?;
    }
    Ok(())
}

fn stored(tx: &Connection, id: i64) -> ApiResult<Option<PromotionDoc>> {
    let doc: Option<String> = tx
        .prepare_cached("SELECT doc FROM promotions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    doc.map(|d| serde_json::from_str(&d).map_err(|e| ApiError::internal("promotion document", e)))
        .transpose()
}

/// Whether two promotions may apply to one purchase: neither lists the other in its
/// `excluded_promotions`.
fn combinable(a: &PromotionDoc, b: &PromotionDoc) -> bool {
    let lists = |x: &PromotionDoc, id: i64| {
        x.excluded_promotions
            .as_ref()
            .is_some_and(|ids| ids.iter().any(|p| p.0 == id))
    };
    !lists(a, b.id) && !lists(b, a.id)
}

/// Settles the promotions of a purchase being paid, inside the payment's transaction: uses one
/// use of the discount the order was priced with, and grants the items of every live bonus
/// promotion the purchase earns (using one of its uses too). `price` is the purchase's price
/// before discounts (`None`: free). A bonus is earned when the purchase holds one of its
/// `condition` items (any purchase without a condition), the paid price meets its
/// `price_conditions`, and neither it nor the discount or a bonus already earned excludes the
/// other (`excluded_promotions`). Returns the bonus grants.
pub fn settle_purchase(
    tx: &Connection,
    sub: &str,
    order_id: i64,
    items: &[(String, i64)],
    price: Option<&Price>,
    now: i64,
) -> ApiResult<Vec<(String, i64)>> {
    let attached: Option<i64> = tx
        .prepare_cached("SELECT promotion_id FROM order_promotions WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?;
    let discount = attached.map(|id| stored(tx, id)).transpose()?.flatten();
    if let Some(doc) = &discount {
        super::limits::use_promotion(tx, doc, sub, now)?;
    }
    let paid = price.and_then(|p| {
        let amount = match discount.as_ref().and_then(|d| d.percent.as_ref()) {
            Some(percent) => discounted(&p.amount, percent)?,
            None => p.amount.clone(),
        };
        fixed(amount.as_str())
    });
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM promotions WHERE kind = 'bonus' AND is_enabled = 1 ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut granted = Vec::new();
    if ids.is_empty() {
        return Ok(granted);
    }
    let attrs = inventory::attributes(tx, sub)?;
    let mut applied: Vec<PromotionDoc> = discount.into_iter().collect();
    for id in ids {
        let Some(doc) = stored(tx, id)? else { continue };
        let earned = doc.live(now)
            && doc.matches(&attrs)
            && doc
                .condition
                .as_ref()
                .is_none_or(|c| c.iter().any(|s| items.iter().any(|(sku, _)| *sku == s.0)))
            && doc
                .price_conditions
                .as_ref()
                .is_none_or(|c| paid.is_some_and(|p| price_ok(p, c)))
            && applied.iter().all(|other| combinable(&doc, other));
        if !earned || !super::limits::use_promotion(tx, &doc, sub, now)? {
            continue;
        }
        let source = format!("promotion:{id}:order:{order_id}");
        for b in &doc.bonus {
            inventory::grant(tx, sub, &b.sku.0, b.quantity, &source, now)?;
            granted.push((b.sku.0.clone(), b.quantity));
        }
        applied.push(doc);
    }
    Ok(granted)
}

/// The validity of a promotion as a date pair (`/v2` form), for code that shows one window.
pub fn first_window(doc: &PromotionDoc) -> (Option<DateTime>, Option<DateTime>) {
    doc.periods
        .first()
        .map_or((None, None), |p| (Some(p.date_from), p.date_until))
}

fn seed_body<T: serde::de::DeserializeOwned>(
    section: &str,
    i: usize,
    value: &Value,
) -> ApiResult<(T, Option<bool>)> {
    let mut value = value.clone();
    let enabled = value
        .as_object_mut()
        .and_then(|o| o.remove("is_enabled"))
        .and_then(|v| v.as_bool());
    let bytes = serde_json::to_vec(&value).map_err(|e| ApiError::internal("seed", e))?;
    crate::extract::decode(&bytes)
        .map(|body| (body, enabled))
        .map_err(|e| ApiError {
            message: format!("{section}[{i}]: {}", e.message),
            ..e
        })
}

fn is_v2(value: &Value) -> bool {
    value.get("date_start").is_some() || value.get("date_end").is_some()
}

/// Loads the seed's `discounts` and `bonuses`: creation bodies in the `/v3` form (or the `/v2`
/// form with `date_start`/`date_end`), each with an optional `is_enabled` (default `true`).
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    now: i64,
) -> ApiResult<()> {
    use xsolla_liveops::models::promotions::{DateRange, Periods};
    let mut enable = Vec::new();
    for (i, value) in seed.discounts.iter().enumerate() {
        let (id, enabled) = if is_v2(value) {
            let (body, enabled) =
                seed_body::<DiscountPromotionInput<DateRange>>("discounts", i, value)?;
            (
                create(tx, |id| build_discount(cache, id, body, None, now))?,
                enabled,
            )
        } else {
            let (body, enabled) =
                seed_body::<DiscountPromotionInput<Periods>>("discounts", i, value)?;
            (
                create(tx, |id| build_discount(cache, id, body, None, now))?,
                enabled,
            )
        };
        enable.push((id, enabled));
    }
    for (i, value) in seed.bonuses.iter().enumerate() {
        let (id, enabled) = if is_v2(value) {
            let (body, enabled) = seed_body::<BonusPromotionInput<DateRange>>("bonuses", i, value)?;
            (
                create(tx, |id| build_bonus(cache, id, body, None, now))?,
                enabled,
            )
        } else {
            let (body, enabled) = seed_body::<BonusPromotionInput<Periods>>("bonuses", i, value)?;
            (
                create(tx, |id| build_bonus(cache, id, body, None, now))?,
                enabled,
            )
        };
        enable.push((id, enabled));
    }
    for (id, enabled) in enable {
        if enabled == Some(false) {
            tx.prepare_cached("UPDATE promotions SET is_enabled = 0, doc = json_set(doc, '$.is_enabled', json('false')) WHERE id = ?1")?
                .execute([id.0])?;
        }
    }
    Ok(())
}

/// A coupon, promo-code or unique-catalog-offer campaign (store/codes.rs) as the
/// all-promotions list shows it: the campaign itself is the condition (its external id and
/// redemption limits), its bonus items the rewards. Its id is the campaign's row id, which is
/// its own sequence: it may equal a discount's or bonus's id.
pub fn code_summary<P: PeriodForm>(
    cache: &Cache,
    p: &super::codes::CodePromotion,
) -> PromotionSummary {
    use super::codes::Kind as CodeKind;
    let periods = &p.def.periods;
    let period = match P::VERSION {
        xsolla_liveops::models::promotions::ApiVersion::V3 => ListedPeriod::Periods {
            promotion_periods: periods.clone(),
        },
        xsolla_liveops::models::promotions::ApiVersion::V2 => ListedPeriod::Dates {
            date_start: periods.first().map(|w| w.date_from.into()),
            date_end: periods.first().and_then(|w| w.date_until).map(Into::into),
        },
    };
    let mut campaign = ListedItem {
        sku: None,
        external_id: Some(p.external_id.clone()),
        name: None,
        item_type: None,
        bundle_type: None,
        description: None,
        image_url: None,
        inventory_options: None,
        content: None,
        unit_items: None,
        is_enabled: Some(p.is_enabled),
        redeem_total_limit: p.def.redeem_total_limit,
        redeem_user_limit: p.def.redeem_user_limit,
        redeem_code_limit: p.def.redeem_code_limit,
    };
    campaign.name = Some(p.def.name.clone());
    PromotionSummary {
        id: PromotionId(p.id),
        period,
        name: p.def.name.clone(),
        promotion_type: Some(match p.kind {
            CodeKind::Coupon => PromotionType::CouponBonus,
            CodeKind::PromoCode => PromotionType::PromocodeBonusDiscount,
            CodeKind::UniqueOffer => PromotionType::Other("unique_catalog_offer".to_owned()),
        }),
        is_enabled: p.is_enabled,
        bonus: Some(
            p.def
                .bonus
                .iter()
                .map(|b| ListedReward {
                    item: listed_item(cache, &b.sku),
                    quantity: b.quantity,
                })
                .collect(),
        ),
        condition: Some(vec![ListedCondition { item: campaign }]),
        discount: p.def.discount.clone(),
        limits: None,
    }
}
