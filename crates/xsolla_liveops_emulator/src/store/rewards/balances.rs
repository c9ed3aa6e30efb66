//! Balances: the value point ledger every balance change goes through, and the balance a
//! reward chain counts for a player or a clan in its current period.

use rusqlite::{Connection, OptionalExtension};
use xsolla_liveops::models::rewards::ClanContributor;

use super::clans::join_clan;
use super::{RewardChainDoc, TOP_CONTRIBUTORS, points_of_item};
use crate::error::ApiResult;
use crate::store::Cache;

/// Adds `amount` value points of `sku` to a player (a negative amount takes them away, never
/// below zero) at time `at`; returns the new total. The only way balances change: call it
/// inside the transaction that earned the points.
pub fn credit(tx: &Connection, sub: &str, sku: &str, amount: i64, at: i64) -> ApiResult<i64> {
    let old: i64 = tx
        .prepare_cached("SELECT amount FROM value_points WHERE sub = ?1 AND sku = ?2")?
        .query_row([sub, sku], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let new = old.saturating_add(amount).max(0);
    tx.prepare_cached(
        "INSERT INTO value_points (sub, sku, amount) VALUES (?1, ?2, ?3)
         ON CONFLICT(sub, sku) DO UPDATE SET amount = excluded.amount",
    )?
    .execute(rusqlite::params![sub, sku, new])?;
    if new != old {
        let clan = join_clan(tx, sub)?.unwrap_or_default();
        tx.prepare_cached(
            "INSERT INTO value_point_ledger (sub, sku, clan, amount, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![sub, sku, clan, new - old, at])?;
    }
    Ok(new)
}

/// Credits the value points that `quantity` of `item_sku` earn (nothing when the item earns
/// none). Called by [`crate::store::inventory::grant`] for every grant.
pub fn credit_for_item(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    item_sku: &str,
    quantity: i64,
    at: i64,
) -> ApiResult<()> {
    for (vp, _, amount) in points_of_item(cache, item_sku) {
        credit(tx, sub, vp, amount.saturating_mul(quantity), at)?;
    }
    Ok(())
}

/// Where a chain's balance comes from: a player, a clan, or nobody (a clan chain seen by a
/// player without a clan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder<'a> {
    /// The player's own points.
    Player(&'a str),
    /// The points of every member of the clan.
    Clan(&'a str),
    /// No balance.
    Nobody,
}

/// The balance a chain counts at `now` for `holder`. The ledger rows are added up in `i128`
/// and the total clamped to `i64`: SQLite's `SUM` refuses a total past `i64::MAX` (a clan whose
/// members each hold a huge balance) with an error.
pub fn balance(
    conn: &Connection,
    doc: &RewardChainDoc,
    holder: Holder<'_>,
    now: i64,
) -> ApiResult<i64> {
    let sku = doc.chain.value_point.sku.0.as_str();
    let since = doc.period(now);
    let (sql, key) = match holder {
        Holder::Player(sub) => (
            "SELECT amount FROM value_point_ledger
             WHERE sku = ?1 AND sub = ?2 AND id > ?3 AND at >= ?4",
            sub,
        ),
        Holder::Clan(clan) => (
            "SELECT amount FROM value_point_ledger
             WHERE sku = ?1 AND clan = ?2 AND id > ?3 AND at >= ?4",
            clan,
        ),
        Holder::Nobody => return Ok(0),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let amounts = stmt.query_map(rusqlite::params![sku, key, doc.reset_after, since], |r| {
        r.get::<_, i64>(0)
    })?;
    let mut sum: i128 = 0;
    for amount in amounts {
        sum += i128::from(amount?);
    }
    Ok(clamp(sum).max(0))
}

/// `value` within `i64`.
fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// The ten members of `clan` who brought the most points to a chain in its current period
/// (added up as [`balance`] does, so no total overflows).
pub fn top_contributors(
    conn: &Connection,
    doc: &RewardChainDoc,
    clan: &str,
    now: i64,
) -> ApiResult<Vec<ClanContributor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sub, amount FROM value_point_ledger
         WHERE sku = ?1 AND clan = ?2 AND id > ?3 AND at >= ?4",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            doc.chain.value_point.sku.0,
            clan,
            doc.reset_after,
            doc.period(now)
        ],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    let mut totals: std::collections::BTreeMap<String, i128> = std::collections::BTreeMap::new();
    for row in rows {
        let (sub, amount) = row?;
        *totals.entry(sub).or_default() += i128::from(amount);
    }
    let mut top: Vec<(String, i64)> = totals
        .into_iter()
        .map(|(sub, total)| (sub, clamp(total)))
        .filter(|(_, total)| *total > 0)
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(usize::try_from(TOP_CONTRIBUTORS).unwrap_or(10));
    Ok(top
        .into_iter()
        .map(|(name, contributed_amount)| ClanContributor {
            name,
            contributed_amount,
        })
        .collect())
}
