//! Discount and bonus definitions: building the stored form from a `/v2` or `/v3` body,
//! creating, replacing, deleting, turning on and off, and loading them.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use serde::de::DeserializeOwned;
use xsolla_liveops::PromotionId;
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::discounts::{
    BonusPromotionInput, DiscountAttributeConditions, DiscountPromotionInput,
};
use xsolla_liveops::models::promotions::{PeriodForm, PromotionLimitsInput, PromotionPeriod};

use super::validate::{
    check_bonus_items, check_condition_groups, check_conditions, check_limits, check_name,
    check_optional_price_conditions, check_periods, check_skus, items_or_price_conditions,
    percent_is_0_to_100,
};
use super::{Kind, PromotionDoc, not_found, update_failed};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;

/// Checks what every promotion body starts with, its name and its validity in the form `P`,
/// and returns the validity as periods.
fn checked_periods<P: PeriodForm>(
    name: &LocalizedText,
    period: &P,
) -> ApiResult<Vec<PromotionPeriod>> {
    check_name(name)?;
    let periods = period.to_periods();
    check_periods::<P>(&periods)?;
    Ok(periods)
}

/// When the limit schedule was written: kept from `existing` while the schedule is unchanged.
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
    let periods = checked_periods(&input.name, &input.period)?;
    percent_is_0_to_100(&input.discount.percent)?;
    let price_conditions = check_optional_price_conditions(input.price_conditions.as_deref())?;
    let items =
        items_or_price_conditions(cache, input.items.as_deref(), price_conditions.as_deref())?;
    check_condition_groups(input.attribute_conditions.as_ref())?;
    check_limits(input.limits.as_ref())?;
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
    let periods = checked_periods(&input.name, &input.period)?;
    let condition = input
        .condition
        .as_deref()
        .map(|c| check_skus(cache, "condition", c))
        .transpose()?;
    let bonus = check_bonus_items(cache, input.bonus)?;
    if let Some(c) = &input.attribute_conditions {
        check_conditions("attribute_conditions", c)?;
    }
    let price_conditions = check_optional_price_conditions(input.price_conditions.as_deref())?;
    check_limits(input.limits.as_ref())?;
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

/// How a body of type `T` becomes a stored promotion: `(cache, id, body, existing, now)`, with
/// `existing` the promotion an update replaces.
pub type Build<T> = fn(&Cache, i64, T, Option<&PromotionDoc>, i64) -> ApiResult<PromotionDoc>;

/// A discount or bonus body, in either validity form: the stored kind it makes and how.
pub trait PromotionInput: DeserializeOwned + Send + 'static {
    /// The kind of promotion the body describes.
    const KIND: Kind;
    /// Checks the body and builds the stored form.
    const BUILD: Build<Self>;
}

impl<P: PeriodForm + Send + 'static> PromotionInput for DiscountPromotionInput<P> {
    const KIND: Kind = Kind::Discount;
    const BUILD: Build<Self> = build_discount::<P>;
}

impl<P: PeriodForm + Send + 'static> PromotionInput for BonusPromotionInput<P> {
    const KIND: Kind = Kind::Bonus;
    const BUILD: Build<Self> = build_bonus::<P>;
}

/// Writes a promotion's stored form.
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

/// Loads every stored discount and bonus into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let out = &mut cache.promotions;
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM promotions")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let doc: PromotionDoc =
            serde_json::from_str(&doc).map_err(|e| ApiError::internal("promotion document", e))?;
        out.insert(id, Arc::new(doc));
    }
    Ok(())
}
