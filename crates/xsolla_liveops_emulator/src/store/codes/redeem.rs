//! The checks every redemption runs, the count of a use, the unit choices, and a coupon's
//! redemption with its grant in one transaction.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction};
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::coupons::{CouponRedemption, RedeemedCoupon};
use xsolla_liveops::models::promotions::{BonusItem, SelectedUnitItems};

use super::errors::{code_expired, invalid, limit_reached, not_available};
use super::limits::{UserCounts, save_user_counts, user_counts};
use super::rewards::store_item;
use super::validate::{check_code, valid_code};
use super::{CodePromotion, Kind, counters};
use crate::error::{ApiError, ApiResult};
use crate::store::catalog::Item;
use crate::store::{Cache, inventory};

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

/// A code's row: its id, campaign and own counts.
struct CodeRow {
    id: i64,
    promotion_id: i64,
    used: i64,
    reserved: i64,
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
    let row = code_row(conn, code)?.ok_or_else(missing)?;
    let p = cache
        .codes
        .by_id
        .get(&row.promotion_id)
        .filter(|p| kinds.contains(&p.kind))
        .ok_or_else(missing)?;
    check_campaign_running(p, missing, now)?;
    check_code_limit(p, &row)?;
    let user = user_counts(conn, p, sub, now)?;
    check_user_limit(p, user)?;
    check_total_limit(conn, p)?;
    check_attribute_conditions(conn, p, sub)?;
    Ok(Found {
        promotion: Arc::clone(p),
        code_id: row.id,
        code: code.to_owned(),
        user,
    })
}

fn code_row(conn: &Connection, code: &str) -> ApiResult<Option<CodeRow>> {
    Ok(conn
        .prepare_cached("SELECT id, promotion_id, used, reserved FROM codes WHERE code = ?1")?
        .query_row([code], |r| {
            Ok(CodeRow {
                id: r.get(0)?,
                promotion_id: r.get(1)?,
                used: r.get(2)?,
                reserved: r.get(3)?,
            })
        })
        .optional()?)
}

/// 422/9810 once an enabled campaign is over; `missing` while it is disabled or pending.
fn check_campaign_running(p: &CodePromotion, missing: fn() -> ApiError, now: i64) -> ApiResult<()> {
    if p.is_enabled && p.in_period(now) {
        Ok(())
    } else if p.is_enabled && p.has_ended(now) {
        Err(code_expired())
    } else {
        Err(missing())
    }
}

/// 422/9804 when the code's own uses and reservations reach the per-code limit.
fn check_code_limit(p: &CodePromotion, row: &CodeRow) -> ApiResult<()> {
    let spent = p
        .def
        .redeem_code_limit
        .is_some_and(|l| row.used + row.reserved >= l);
    if spent { Err(limit_reached()) } else { Ok(()) }
}

/// 422/9804 when the player has no uses left in this period.
fn check_user_limit(p: &CodePromotion, user: UserCounts) -> ApiResult<()> {
    let spent = p
        .def
        .redeem_user_limit
        .is_some_and(|l| user.available(l) <= 0);
    if spent { Err(limit_reached()) } else { Ok(()) }
}

/// 422/9804 when the campaign's uses and reservations reach the total limit.
fn check_total_limit(conn: &Connection, p: &CodePromotion) -> ApiResult<()> {
    if let Some(l) = p.def.redeem_total_limit {
        let c = counters(conn, p.id)?;
        if c.used + c.reserved >= l {
            return Err(limit_reached());
        }
    }
    Ok(())
}

/// 422/9808 when the player's attributes do not meet the campaign's conditions.
fn check_attribute_conditions(conn: &Connection, p: &CodePromotion, sub: &str) -> ApiResult<()> {
    if p.def.attribute_conditions.is_empty() {
        return Ok(());
    }
    let attrs = inventory::attributes(conn, sub)?;
    if crate::conditions::all_match(&p.def.attribute_conditions, &attrs) {
        Ok(())
    } else {
        Err(not_available())
    }
}

/// Counts one use (or reservation) against the code, the player and the campaign.
pub(super) fn count_use(
    tx: &Connection,
    found: &Found,
    sub: &str,
    reserve: bool,
    now: i64,
) -> ApiResult<()> {
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
pub(super) fn resolve_units(
    cache: &Cache,
    bonus: &[BonusItem],
    selected: &SelectedUnitItems,
) -> ApiResult<Vec<(String, i64)>> {
    let mut units = Vec::new();
    let mut out = Vec::with_capacity(bonus.len());
    for b in bonus {
        match cache.items.get(&b.sku.0).filter(|i| is_unit(i)) {
            Some(unit) => {
                units.push(b.sku.0.as_str());
                out.push((unit_choice(unit, b, selected)?, b.quantity));
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

/// The item the player chose for the unit reward `b` (422/1102 without a choice, or with one
/// that is not an item of the unit).
fn unit_choice(unit: &Item, b: &BonusItem, selected: &SelectedUnitItems) -> ApiResult<String> {
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
    Ok(choice.0.clone())
}

/// Whether a catalog item is a unit the player chooses an item of.
pub(super) fn is_unit(item: &Item) -> bool {
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
        inventory::grant(tx, cache, sub, &sku, quantity, &source, now)?;
        items.push(store_item(cache, &sku, quantity, locale, true));
    }
    Ok(RedeemedCoupon { items })
}
