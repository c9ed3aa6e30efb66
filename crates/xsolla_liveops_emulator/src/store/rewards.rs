//! Value points, the items that earn them, reward chains, their claims, and clans.
//!
//! Rules (times are the emulator clock):
//! - A value point is an item kind of its own, kept apart from the catalog but sharing its SKU
//!   space: a SKU is either a catalog item or a value point. Its item ids start at 5001.
//! - An item earns value points when an item value-point reward maps it to one: every grant of
//!   that item, wherever it comes from (a daily or offer chain step, a paid order, a coupon, a
//!   reward step), credits `amount × quantity` points in the grant's own transaction.
//! - Every balance change goes through [`credit`], which writes the player's running total
//!   (`value_points`, what the control API answers) and one row of `value_point_ledger` with
//!   the time, the change actually applied (a total never drops below zero) and the player's
//!   clan at that moment.
//! - A reward chain's balance is the sum of the ledger rows of its value point that are newer
//!   than the chain's last admin reset and fall in its current schedule period (weekly or
//!   monthly; all rows for a chain without a schedule), never below zero. A clan chain sums the
//!   rows of the player's clan instead of the player's own.
//! - A step can be claimed once per period (per clan, on a clan chain) when the balance has
//!   reached its price; claiming grants the step's rewards (those whose attribute conditions the
//!   player meets) and does not spend points: steps are thresholds on one progress track.
//! - A new schedule period starts with no claims and no balance; an admin reset wipes the
//!   chain's balances and claims for everybody.
//! - Clans: a player without a stored membership follows the `clan` user attribute; once points
//!   or claims were recorded for a clan, the membership is stored and changes only through the
//!   clan update, which also claims, for the player, every step the old clan had unlocked that
//!   the player had not claimed, and returns those rewards.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::{
    AttributeCondition, ClientSchedule, IntervalType, ItemType, LocalizedText, RecurrentSchedule,
    RecurrentScheduleState, UnixTime,
};
use xsolla_liveops::models::offer::ValuePointReward;
use xsolla_liveops::models::rewards::{
    AdminRewardChain, AdminRewardItem, AdminRewardStep, AdminValuePoint, ChainValuePoint,
    ClanContributor, ClientRewardChain, ClientRewardStep, ClientValuePoint, ItemValuePoints,
    ItemValuePointsInput, ItemValuePointsList, MaybeLocalized, MediaType, RewardChainInput,
    RewardChainItem, RewardChainUpdate, RewardItemInput, RewardStepUpdate, ValuePointInput,
};
use xsolla_liveops::{ItemId, RewardChainId, StepId};

use super::catalog::{self, Item};
use super::{Cache, inventory, next_step_id};
use crate::error::{ApiError, ApiResult};
use crate::{conditions, schedule, validate};

/// The user attribute that names a player's clan.
pub const CLAN_ATTRIBUTE: &str = "clan";
/// At most this many steps in a chain.
pub const MAX_STEPS: usize = 31;
/// At most this many rewards in a step.
pub const MAX_REWARDS: usize = 10;
/// At most this many entries in one partial update of item value points.
pub const MAX_PATCH: usize = 100;
/// At most this many contributors in a top list.
pub const TOP_CONTRIBUTORS: i64 = 10;

/// `errorCode` of a reward chain looked up by id that does not exist (Xsolla's documented body
/// pairs it with a `[0401-4001]` message).
pub const CHAIN_NOT_FOUND_CODE: i64 = 9901;
/// `errorCode` of a claim on an unknown step.
pub const STEP_NOT_FOUND_CODE: i64 = 9911;
/// `errorCode` of a claim refused because the step is claimed or not available.
pub const NOT_CLAIMABLE_CODE: i64 = 9912;
/// `errorCode` of a claim refused because the balance is below the step's price.
pub const NOT_ENOUGH_POINTS_CODE: i64 = 9913;

/// 404 for a reward chain id that does not exist.
pub fn chain_not_found() -> ApiError {
    ApiError::raw(
        StatusCode::NOT_FOUND,
        CHAIN_NOT_FOUND_CODE,
        "[0401-4001]: Reward chain not found",
    )
}

/// 404/9911 for a claim on a chain or step that does not exist.
pub fn step_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        STEP_NOT_FOUND_CODE,
        "Reward chain step not found.",
    )
}

/// 422/9912 for a step this player already claimed.
pub fn already_claimed() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        NOT_CLAIMABLE_CODE,
        "Reward already claimed.",
    )
}

/// 422/9912 for a step that cannot be claimed (chain not shown to the player, no clan).
pub fn cannot_claim() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        NOT_CLAIMABLE_CODE,
        "Can't claim the step reward.",
    )
}

/// 422/9913 for a step whose price the balance has not reached.
pub fn not_enough_points() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        NOT_ENOUGH_POINTS_CODE,
        "Not enough value points to claim step reward.",
    )
}

/// 404/4001 for an item or value point SKU that does not exist.
pub fn item_not_found(sku: &str) -> ApiError {
    ApiError::not_found(format!("Item with sku = '{sku}' not found"))
}

// ---------------------------------------------------------------------------------------------
// Value points
// ---------------------------------------------------------------------------------------------

/// A stored value point: its admin read form and its item id.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuePoint {
    /// The item id the emulator gave it.
    pub item_id: ItemId,
    /// The admin read form (without `can_delete`, which depends on the chains).
    pub doc: AdminValuePoint,
}

fn value_point_type() -> ItemType {
    ItemType::ValuePoint
}

fn check_value_point(input: &ValuePointInput) -> ApiResult<()> {
    if !catalog::valid_sku(&input.sku.0) {
        return Err(ApiError::validation(
            "sku",
            format!("The property `sku` has an invalid value: {:?}", input.sku.0),
        ));
    }
    validate::localized("name", &input.name)?;
    for (property, text) in [
        ("description", &input.description),
        ("long_description", &input.long_description),
    ] {
        if let Some(text) = text {
            validate::localized(property, text)?;
        }
    }
    for (i, media) in input.media_list.iter().flatten().enumerate() {
        if matches!(media.media_type, MediaType::Other(_)) {
            return Err(ApiError::validation(
                "media_list",
                format!("The property `media_list[{i}].type` must be `image` or `video`"),
            ));
        }
    }
    Ok(())
}

fn value_point_doc(input: ValuePointInput, is_clan: bool) -> AdminValuePoint {
    AdminValuePoint {
        sku: input.sku,
        name: input.name.normalized(),
        item_type: Some(value_point_type()),
        is_enabled: input.is_enabled.unwrap_or(true),
        description: input.description.map(|d| d.normalized()),
        long_description: input.long_description.map(|d| d.normalized()),
        image_url: input.image_url,
        media_list: input.media_list.unwrap_or_default(),
        order: input.order,
        is_clan,
        can_delete: None,
    }
}

fn save_value_point(tx: &Connection, doc: &AdminValuePoint) -> ApiResult<ItemId> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("value point", e))?;
    let next: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(item_id), 5000) + 1 FROM value_point_items")?
        .query_row([], |r| r.get(0))?;
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO value_point_items (sku, item_id, doc) VALUES (?1, ?2, ?3)
             ON CONFLICT(sku) DO UPDATE SET doc = excluded.doc
             RETURNING item_id",
        )?
        .query_row(rusqlite::params![doc.sku.0, next, text], |r| r.get(0))?;
    Ok(ItemId(id))
}

/// Creates a value point. Its SKU must be new to both the value points and the catalog.
pub fn create_value_point(
    tx: &Transaction<'_>,
    cache: &Cache,
    input: ValuePointInput,
) -> ApiResult<ItemId> {
    check_value_point(&input)?;
    let sku = &input.sku.0;
    if cache.value_points.contains_key(sku) || cache.items.contains_key(sku) {
        return Err(ApiError::validation(
            "sku",
            format!("An item with sku = '{sku}' already exists"),
        ));
    }
    let is_clan = input.is_clan.unwrap_or(false);
    save_value_point(tx, &value_point_doc(input, is_clan))
}

/// Creates or replaces a value point (seeds: applying a seed twice changes nothing).
pub fn upsert_value_point(tx: &Connection, input: ValuePointInput) -> ApiResult<ItemId> {
    check_value_point(&input)?;
    let is_clan = input.is_clan.unwrap_or(false);
    save_value_point(tx, &value_point_doc(input, is_clan))
}

/// The value point or 404.
pub fn value_point<'a>(cache: &'a Cache, sku: &str) -> ApiResult<&'a Arc<ValuePoint>> {
    cache
        .value_points
        .get(sku)
        .ok_or_else(|| item_not_found(sku))
}

fn used_by_chain(cache: &Cache, sku: &str) -> bool {
    cache
        .reward
        .values()
        .any(|d| d.chain.value_point.sku.0 == sku)
}

/// The admin read form, with `can_delete` when `with_can_delete`.
pub fn value_point_view(cache: &Cache, vp: &ValuePoint, with_can_delete: bool) -> AdminValuePoint {
    let mut doc = vp.doc.clone();
    if with_can_delete {
        doc.can_delete = Some(!used_by_chain(cache, &doc.sku.0));
    }
    doc
}

/// The value points in display order (`order`, then SKU).
pub fn value_points(cache: &Cache) -> Vec<AdminValuePoint> {
    let mut out: Vec<AdminValuePoint> = cache
        .value_points
        .values()
        .map(|v| value_point_view(cache, v, false))
        .collect();
    out.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.sku.0).cmp(&(b.order.unwrap_or(i64::MAX), &b.sku.0))
    });
    out
}

/// Replaces a value point. The SKU in the body must be the one in the path, and `is_clan`
/// cannot change.
pub fn update_value_point(
    tx: &Transaction<'_>,
    cache: &Cache,
    sku: &str,
    input: ValuePointInput,
) -> ApiResult<()> {
    let existing = value_point(cache, sku)?;
    check_value_point(&input)?;
    if input.sku.0 != sku {
        return Err(ApiError::validation(
            "sku",
            "The property `sku` must be the SKU in the path",
        ));
    }
    if input.is_clan.is_some_and(|c| c != existing.doc.is_clan) {
        return Err(ApiError::validation(
            "is_clan",
            "The property `is_clan` cannot be changed after the value point is created",
        ));
    }
    save_value_point(tx, &value_point_doc(input, existing.doc.is_clan)).map(drop)
}

/// Deletes a value point no reward chain uses, with the item rewards that earn it. Players'
/// past balances stay in the ledger.
pub fn delete_value_point(tx: &Transaction<'_>, cache: &Cache, sku: &str) -> ApiResult<()> {
    value_point(cache, sku)?;
    if used_by_chain(cache, sku) {
        return Err(ApiError::validation(
            "sku",
            format!("The value point '{sku}' is used by a reward chain: delete the chain first"),
        ));
    }
    tx.execute("DELETE FROM value_point_items WHERE sku = ?1", [sku])?;
    tx.execute("DELETE FROM item_value_points WHERE vp_sku = ?1", [sku])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Items that earn value points
// ---------------------------------------------------------------------------------------------

/// The items that earn a value point, by item SKU.
pub fn item_rewards(
    conn: &Connection,
    cache: &Cache,
    vp_sku: &str,
) -> ApiResult<ItemValuePointsList> {
    value_point(cache, vp_sku)?;
    let mut stmt = conn.prepare_cached(
        "SELECT item_sku, amount FROM item_value_points WHERE vp_sku = ?1 ORDER BY item_sku",
    )?;
    let rows = stmt.query_map([vp_sku], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (sku, amount) = row?;
        let known = cache.items.get(&sku);
        items.push(ItemValuePoints {
            item_id: known.map(|i| i.item_id),
            sku: sku.into(),
            name: known.map(|i| i.input.name.normalized()),
            image_url: known.and_then(|i| i.input.image_url.clone()),
            amount,
        });
    }
    Ok(ItemValuePointsList { items })
}

/// Sets the points items earn. `replace` (PUT) first removes every item of the value point;
/// otherwise (PATCH, 100 entries at most) only the listed items change and an amount of 0
/// removes one. Items must exist in the catalog; a SKU may appear once.
pub fn set_item_rewards(
    tx: &Transaction<'_>,
    cache: &Cache,
    vp_sku: &str,
    items: &[ItemValuePointsInput],
    replace: bool,
) -> ApiResult<()> {
    value_point(cache, vp_sku)?;
    if !replace && items.len() > MAX_PATCH {
        return Err(ApiError::validation(
            "body",
            format!("At most {MAX_PATCH} items can be updated in one request"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if item.amount < 0 {
            return Err(ApiError::validation(
                &format!("[{i}].amount"),
                format!("The property `[{i}].amount` must be at least 0"),
            ));
        }
        if !seen.insert(item.sku.0.as_str()) {
            return Err(ApiError::validation(
                &format!("[{i}].sku"),
                format!("The item with sku = '{}' is listed twice", item.sku),
            ));
        }
        if !cache.items.contains_key(&item.sku.0) {
            return Err(item_not_found(&item.sku.0));
        }
    }
    if replace {
        tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1")?
            .execute([vp_sku])?;
    }
    for item in items {
        if item.amount == 0 {
            tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1 AND item_sku = ?2")?
                .execute([vp_sku, item.sku.0.as_str()])?;
        } else {
            tx.prepare_cached(
                "INSERT INTO item_value_points (vp_sku, item_sku, amount) VALUES (?1, ?2, ?3)
                 ON CONFLICT(vp_sku, item_sku) DO UPDATE SET amount = excluded.amount",
            )?
            .execute(rusqlite::params![vp_sku, item.sku.0, item.amount])?;
        }
    }
    Ok(())
}

/// Stops every item from earning a value point.
pub fn delete_item_rewards(tx: &Transaction<'_>, cache: &Cache, vp_sku: &str) -> ApiResult<()> {
    value_point(cache, vp_sku)?;
    tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1")?
        .execute([vp_sku])?;
    Ok(())
}

/// What one unit of `item_sku` earns: `(value point SKU, amount)`. A disabled value point
/// earns nothing (and is not shown) until it is enabled again.
pub fn points_of_item(conn: &Connection, item_sku: &str) -> ApiResult<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.vp_sku, r.amount FROM item_value_points r
         JOIN value_point_items v ON v.sku = r.vp_sku
         WHERE r.item_sku = ?1 AND json_extract(v.doc, '$.is_enabled') IS NOT 0
         ORDER BY r.vp_sku",
    )?;
    let rows = stmt.query_map([item_sku], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The value points an item earns, as catalog views show them (`vp_rewards`).
pub fn vp_rewards(
    conn: &Connection,
    cache: &Cache,
    item_sku: &str,
    locale: &str,
) -> ApiResult<Vec<ValuePointReward>> {
    Ok(points_of_item(conn, item_sku)?
        .into_iter()
        .map(|(sku, amount)| {
            let vp = cache.value_points.get(&sku);
            ValuePointReward {
                item_id: vp.map(|v| v.item_id),
                amount,
                name: vp.and_then(|v| v.doc.name.resolve(locale).map(str::to_owned)),
                image_url: vp.and_then(|v| v.doc.image_url.clone()),
                is_clan: vp.map(|v| v.doc.is_clan),
                sku: sku.into(),
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Balances
// ---------------------------------------------------------------------------------------------

fn clan_attribute(attrs: &Map<String, Value>) -> Option<String> {
    match attrs.get(CLAN_ATTRIBUTE)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn stored_clan(conn: &Connection, sub: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT clan FROM clan_members WHERE sub = ?1")?
        .query_row([sub], |r| r.get(0))
        .optional()?)
}

/// The player's clan: the stored membership, else the `clan` attribute in `attrs`.
pub fn clan_of(
    conn: &Connection,
    sub: &str,
    attrs: &Map<String, Value>,
) -> ApiResult<Option<String>> {
    Ok(stored_clan(conn, sub)?.or_else(|| clan_attribute(attrs)))
}

/// The player's clan, stored as their membership when it came from the attribute: from now on
/// it changes only through the clan update.
fn join_clan(tx: &Connection, sub: &str) -> ApiResult<Option<String>> {
    if let Some(clan) = stored_clan(tx, sub)? {
        return Ok(Some(clan));
    }
    let clan = clan_attribute(&inventory::attributes(tx, sub)?);
    if let Some(clan) = &clan {
        tx.prepare_cached("INSERT OR REPLACE INTO clan_members (sub, clan) VALUES (?1, ?2)")?
            .execute([sub, clan.as_str()])?;
    }
    Ok(clan)
}

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
/// none). Called by [`inventory::grant`] for every grant.
pub fn credit_for_item(
    tx: &Connection,
    sub: &str,
    item_sku: &str,
    quantity: i64,
    at: i64,
) -> ApiResult<()> {
    for (vp, amount) in points_of_item(tx, item_sku)? {
        credit(tx, sub, &vp, amount.saturating_mul(quantity), at)?;
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

/// The balance a chain counts at `now` for `holder`.
pub fn balance(
    conn: &Connection,
    doc: &RewardChainDoc,
    holder: Holder<'_>,
    now: i64,
) -> ApiResult<i64> {
    let sku = doc.chain.value_point.sku.0.as_str();
    let since = doc.period(now);
    let sum: i64 = match holder {
        Holder::Player(sub) => conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount), 0) FROM value_point_ledger
                 WHERE sub = ?1 AND sku = ?2 AND id > ?3 AND at >= ?4",
            )?
            .query_row(rusqlite::params![sub, sku, doc.reset_after, since], |r| {
                r.get(0)
            })?,
        Holder::Clan(clan) => conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount), 0) FROM value_point_ledger
                 WHERE sku = ?1 AND clan = ?2 AND id > ?3 AND at >= ?4",
            )?
            .query_row(rusqlite::params![sku, clan, doc.reset_after, since], |r| {
                r.get(0)
            })?,
        Holder::Nobody => 0,
    };
    Ok(sum.max(0))
}

/// The ten members of `clan` who brought the most points to a chain in its current period.
pub fn top_contributors(
    conn: &Connection,
    doc: &RewardChainDoc,
    clan: &str,
    now: i64,
) -> ApiResult<Vec<ClanContributor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sub, SUM(amount) AS total FROM value_point_ledger
         WHERE sku = ?1 AND clan = ?2 AND id > ?3 AND at >= ?4
         GROUP BY sub HAVING total > 0 ORDER BY total DESC, sub LIMIT ?5",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            doc.chain.value_point.sku.0,
            clan,
            doc.reset_after,
            doc.period(now),
            TOP_CONTRIBUTORS
        ],
        |r| {
            Ok(ClanContributor {
                name: r.get(0)?,
                contributed_amount: r.get(1)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------------
// Reward chains: definitions
// ---------------------------------------------------------------------------------------------

/// A stored reward chain: the admin read form (value point by SKU only) plus when its schedule
/// was last written and the ledger position of its last reset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardChainDoc {
    /// The chain.
    pub chain: AdminRewardChain,
    /// Unix seconds of the last write of `recurrent_schedule`.
    pub schedule_since: i64,
    /// Ledger rows up to this id were earned before the last admin reset and do not count.
    #[serde(default)]
    pub reset_after: i64,
}

impl RewardChainDoc {
    fn schedule(&self) -> Option<&RecurrentSchedule> {
        self.chain.recurrent_schedule.as_ref().map(|s| &s.schedule)
    }

    /// Start of the schedule period `now` falls in; 0 for a chain without a schedule.
    pub fn period(&self, now: i64) -> i64 {
        self.schedule().map_or(0, |s| schedule::bounds(s, now).0)
    }

    /// True for a clan chain.
    pub fn is_clan(&self) -> bool {
        self.chain.is_clan()
    }
}

fn invalid(property: &str, text: &str) -> ApiError {
    ApiError::validation(
        property,
        format!("Invalid reward chain configuration: {text}"),
    )
}

fn check_conditions(property: &str, c: Option<&Vec<AttributeCondition>>) -> ApiResult<()> {
    if c.is_some_and(|c| c.len() > 100) {
        return Err(invalid(property, "at most 100 conditions"));
    }
    Ok(())
}

/// Checks a create or update body and turns it into the stored form. `head` carries every
/// chain-level field (for an update, with the chain's fixed value point and clan type);
/// `steps` the steps, existing ones with their ids.
fn build(
    tx: &Connection,
    cache: &Cache,
    id: i64,
    head: RewardChainInput,
    steps: Vec<RewardStepUpdate>,
    existing: Option<&RewardChainDoc>,
    now: i64,
) -> ApiResult<RewardChainDoc> {
    validate::localized("name", &head.name)?;
    for (property, text) in [
        ("description", &head.description),
        ("long_description", &head.long_description),
        ("popup_header", &head.popup_header),
        ("popup_instruction", &head.popup_instruction),
    ] {
        if let Some(text) = text {
            validate::localized(property, text)?;
        }
    }
    if let Some(end) = head.date_end
        && end <= head.date_start
    {
        return Err(invalid("date_end", "date_end must be after date_start"));
    }
    let vp_sku = &head.value_point.sku.0;
    let vp = cache.value_points.get(vp_sku).ok_or_else(|| {
        invalid(
            "value_point.sku",
            &format!("value point with sku = '{vp_sku}' not found"),
        )
    })?;
    let is_clan = vp.doc.is_clan;
    if is_clan {
        for (property, text) in [
            ("popup_header", &head.popup_header),
            ("popup_instruction", &head.popup_instruction),
        ] {
            if text.is_none() {
                return Err(ApiError::validation(
                    property,
                    format!("The property `{property}` is required for a clan reward chain"),
                ));
            }
        }
    } else if head.is_clan() || head.popup_image_url.is_some() {
        return Err(invalid(
            "clan_type",
            "clan fields need a clan value point (`is_clan: true`)",
        ));
    }
    if let Some(s) = &head.recurrent_schedule {
        schedule::validate("recurrent_schedule", s)?;
        if !matches!(
            s.interval_type(),
            IntervalType::Weekly | IntervalType::Monthly
        ) {
            return Err(invalid(
                "recurrent_schedule.interval_type",
                "reward chains reset weekly or monthly",
            ));
        }
    }
    check_conditions("attribute_conditions", head.attribute_conditions.as_ref())?;
    if steps.is_empty() || steps.len() > MAX_STEPS {
        return Err(invalid(
            "steps",
            &format!("a chain has 1 to {MAX_STEPS} steps"),
        ));
    }
    let own_ids: Vec<i64> = existing
        .map(|d| {
            d.chain
                .steps
                .iter()
                .filter_map(|s| s.step_id.map(|i| i.0))
                .collect()
        })
        .unwrap_or_default();
    let mut used = Vec::new();
    let mut out_steps = Vec::with_capacity(steps.len());
    for (i, step) in steps.into_iter().enumerate() {
        validate::localized(&format!("steps[{i}].name"), &step.name)?;
        if step.name.is_empty() {
            return Err(invalid(
                &format!("steps[{i}].name"),
                "every step has a name",
            ));
        }
        if step.price.amount < 1 {
            return Err(invalid(
                &format!("steps[{i}].price.amount"),
                "the price is at least 1 value point",
            ));
        }
        if step.reward.is_empty() || step.reward.len() > MAX_REWARDS {
            return Err(invalid(
                &format!("steps[{i}].reward"),
                &format!("every step grants 1 to {MAX_REWARDS} rewards"),
            ));
        }
        let mut rewards = Vec::with_capacity(step.reward.len());
        for (j, reward) in step.reward.into_iter().enumerate() {
            let property = format!("steps[{i}].reward[{j}]");
            if reward.quantity < 1 {
                return Err(invalid(
                    &format!("{property}.quantity"),
                    "quantity must be at least 1",
                ));
            }
            if !cache.items.contains_key(&reward.sku.0) {
                return Err(invalid(
                    &format!("{property}.sku"),
                    &format!("item with sku = '{}' not found", reward.sku),
                ));
            }
            check_conditions(
                &format!("{property}.attribute_conditions"),
                reward.attribute_conditions.as_ref(),
            )?;
            let RewardItemInput {
                sku,
                quantity,
                attribute_conditions,
            } = reward;
            rewards.push(AdminRewardItem {
                sku,
                quantity,
                attribute_conditions: attribute_conditions.filter(|c| !c.is_empty()),
            });
        }
        let step_id = match step.step_id {
            Some(sid) if own_ids.contains(&sid.0) && !used.contains(&sid.0) => sid.0,
            Some(sid) => {
                return Err(invalid(
                    &format!("steps[{i}].step_id"),
                    &format!("step {sid} does not belong to this reward chain"),
                ));
            }
            None => next_step_id(tx)?,
        };
        used.push(step_id);
        out_steps.push(AdminRewardStep {
            step_id: Some(StepId(step_id)),
            name: Some(step.name.normalized()),
            price: step.price,
            image_url: step.image_url,
            reward: rewards,
        });
    }
    let schedule_since = match (existing, &head.recurrent_schedule) {
        (Some(old), Some(s)) if old.schedule() == Some(s) => old.schedule_since,
        _ => now,
    };
    Ok(RewardChainDoc {
        chain: AdminRewardChain {
            reward_chain_id: RewardChainId(id),
            name: head.name.normalized(),
            description: head.description.map(|d| d.normalized()),
            long_description: head.long_description.map(|d| d.normalized()),
            image_url: head.image_url,
            order: head.order,
            date_start: head.date_start,
            date_end: head.date_end,
            is_enabled: head.is_enabled,
            value_point: ChainValuePoint {
                sku: head.value_point.sku,
                name: None,
                item_type: None,
                is_enabled: None,
                description: None,
                long_description: None,
                image_url: None,
                media_list: None,
                order: None,
                is_clan: Some(is_clan),
                amount: None,
            },
            steps: out_steps,
            recurrent_schedule: head
                .recurrent_schedule
                .map(|schedule| RecurrentScheduleState {
                    schedule,
                    reset_next_date: None,
                    displayable_reset_start_date: None,
                    displayable_reset_next_date: None,
                }),
            attribute_conditions: head.attribute_conditions.filter(|c| !c.is_empty()),
            is_always_visible: head.is_always_visible,
            popup_header: head.popup_header.map(|t| t.normalized()),
            popup_instruction: head.popup_instruction.map(|t| t.normalized()),
            popup_image_url: head.popup_image_url,
            clan_type: if is_clan { head.clan_type } else { None },
            top_contributors: Vec::new(),
        },
        schedule_since,
        reset_after: existing.map_or(0, |d| d.reset_after),
    })
}

fn save(tx: &Connection, doc: &RewardChainDoc) -> ApiResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("reward chain", e))?;
    tx.prepare_cached("INSERT OR REPLACE INTO reward_chains (id, doc) VALUES (?1, ?2)")?
        .execute(rusqlite::params![doc.chain.reward_chain_id.0, text])?;
    Ok(())
}

/// Creates a chain; returns its id.
pub fn create(
    tx: &Transaction<'_>,
    cache: &Cache,
    mut input: RewardChainInput,
    now: i64,
) -> ApiResult<RewardChainId> {
    tx.prepare_cached("INSERT INTO reward_chains (doc) VALUES ('{}')")?
        .execute([])?;
    let id = tx.last_insert_rowid();
    let steps = std::mem::take(&mut input.steps)
        .into_iter()
        .map(RewardStepUpdate::from)
        .collect();
    let doc = build(tx, cache, id, input, steps, None, now)?;
    save(tx, &doc)?;
    Ok(doc.chain.reward_chain_id)
}

/// The chain or 404.
pub fn get(cache: &Cache, id: i64) -> ApiResult<&Arc<RewardChainDoc>> {
    cache.reward.get(&id).ok_or_else(chain_not_found)
}

/// Replaces a chain; steps sent with their `step_id` keep players' claims. The value point and
/// the clan type stay as created.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    id: i64,
    input: RewardChainUpdate,
    now: i64,
) -> ApiResult<()> {
    let existing = get(cache, id)?;
    let RewardChainUpdate {
        name,
        description,
        long_description,
        image_url,
        order,
        date_start,
        date_end,
        is_enabled,
        steps,
        recurrent_schedule,
        attribute_conditions,
        is_always_visible,
        popup_header,
        popup_instruction,
        popup_image_url,
    } = input;
    let head = RewardChainInput {
        name,
        description,
        long_description,
        image_url,
        order,
        date_start,
        date_end,
        is_enabled,
        value_point: xsolla_liveops::models::rewards::ValuePointRef {
            sku: existing.chain.value_point.sku.clone(),
        },
        steps: Vec::new(),
        recurrent_schedule,
        attribute_conditions,
        is_always_visible,
        popup_header,
        popup_instruction,
        popup_image_url,
        clan_type: existing.chain.clan_type.clone(),
    };
    let doc = build(tx, cache, id, head, steps, Some(existing), now)?;
    save(tx, &doc)
}

/// Deletes a chain and every claim on it; granted items and value points stay.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    get(cache, id)?;
    tx.execute("DELETE FROM reward_chains WHERE id = ?1", [id])?;
    tx.execute("DELETE FROM reward_claims WHERE chain_id = ?1", [id])?;
    Ok(())
}

/// Flips `is_enabled`; progress is kept.
pub fn toggle(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    let mut doc = RewardChainDoc::clone(get(cache, id)?);
    doc.chain.is_enabled = !doc.chain.is_enabled;
    save(tx, &doc)
}

/// Wipes every player's balance and claims on a chain: points earned so far stop counting for
/// it (they stay in the players' totals and in other chains of the same value point).
pub fn reset(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    let mut doc = RewardChainDoc::clone(get(cache, id)?);
    doc.reset_after = tx
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM value_point_ledger")?
        .query_row([], |r| r.get(0))?;
    tx.execute("DELETE FROM reward_claims WHERE chain_id = ?1", [id])?;
    save(tx, &doc)
}

fn iso(ts: i64, schedule: &RecurrentSchedule) -> Option<String> {
    let offset = match schedule {
        RecurrentSchedule::Hourly {} => None,
        RecurrentSchedule::Daily { time }
        | RecurrentSchedule::Weekly { time, .. }
        | RecurrentSchedule::Monthly { time, .. } => schedule::parse_time(time).map(|t| t.1),
    };
    let offset = offset.or_else(|| chrono::FixedOffset::east_opt(0))?;
    chrono::DateTime::from_timestamp(ts, 0).map(|d| d.with_timezone(&offset).to_rfc3339())
}

fn chain_value_point(doc: &RewardChainDoc, cache: &Cache) -> ChainValuePoint {
    let mut out = doc.chain.value_point.clone();
    if let Some(vp) = cache.value_points.get(&out.sku.0) {
        let v = &vp.doc;
        out.name = Some(MaybeLocalized::Localized(v.name.clone()));
        out.item_type = v.item_type.clone();
        out.is_enabled = Some(v.is_enabled);
        out.description = v.description.clone().map(MaybeLocalized::Localized);
        out.long_description = v.long_description.clone().map(MaybeLocalized::Localized);
        out.image_url.clone_from(&v.image_url);
        out.media_list = Some(v.media_list.clone());
        out.order = v.order;
        out.is_clan = Some(v.is_clan);
    }
    out
}

/// The admin read form at `now`: value point described, schedule dates filled in.
pub fn admin_view(doc: &RewardChainDoc, cache: &Cache, now: i64) -> AdminRewardChain {
    let mut out = doc.chain.clone();
    out.value_point = chain_value_point(doc, cache);
    if out.is_always_visible.is_none() {
        out.is_always_visible = Some(true);
    }
    if let Some(state) = &mut out.recurrent_schedule {
        let (_, next) = schedule::bounds(&state.schedule, now);
        let (_, first) = schedule::bounds(&state.schedule, doc.schedule_since);
        state.reset_next_date = Some(UnixTime(next));
        state.displayable_reset_next_date = iso(next, &state.schedule);
        state.displayable_reset_start_date = iso(first, &state.schedule);
    }
    out
}

/// The chains in admin list order (id), optionally only enabled or disabled ones.
pub fn admin_list(cache: &Cache, enabled: Option<bool>, now: i64) -> Vec<AdminRewardChain> {
    cache
        .reward
        .values()
        .filter(|d| enabled.is_none_or(|e| d.chain.is_enabled == e))
        .map(|d| {
            let mut short = admin_view(d, cache, now);
            short.steps.clear();
            short
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reward chains: players
// ---------------------------------------------------------------------------------------------

fn in_window(chain: &AdminRewardChain, now: i64) -> bool {
    chain.is_enabled
        && chain.date_start.timestamp() <= now
        && chain.date_end.is_none_or(|end| now < end.timestamp())
}

impl conditions::Personalized for AdminRewardChain {
    fn conditions(&self) -> Option<&[AttributeCondition]> {
        self.attribute_conditions.as_deref()
    }
    fn always_visible(&self) -> Option<bool> {
        self.is_always_visible
    }
}

/// The chains a player with `attrs` sees at `now`, in display order: enabled, inside their date
/// window, and either matching their attribute conditions or (without conditions) always
/// visible, or shown because no personalized chain matches.
pub fn visible_chains<'a>(
    cache: &'a Cache,
    attrs: &Map<String, Value>,
    now: i64,
) -> Vec<&'a Arc<RewardChainDoc>> {
    let live = cache.reward.values().filter(|d| in_window(&d.chain, now));
    let mut out = conditions::visible(live, |d| &d.chain, attrs);
    out.sort_by_key(|d| (d.chain.order.unwrap_or(i64::MAX), d.chain.reward_chain_id.0));
    out
}

/// The chain `id` if the player sees it, else 404.
pub fn visible_chain<'a>(
    cache: &'a Cache,
    attrs: &Map<String, Value>,
    id: i64,
    now: i64,
) -> ApiResult<&'a Arc<RewardChainDoc>> {
    visible_chains(cache, attrs, now)
        .into_iter()
        .find(|d| d.chain.reward_chain_id.0 == id)
        .ok_or_else(chain_not_found)
}

fn holder<'a>(doc: &RewardChainDoc, sub: &'a str, clan: Option<&'a str>) -> Holder<'a> {
    match (doc.is_clan(), clan) {
        (false, _) => Holder::Player(sub),
        (true, Some(clan)) => Holder::Clan(clan),
        (true, None) => Holder::Nobody,
    }
}

fn claimed_steps(
    conn: &Connection,
    sub: &str,
    chain_id: i64,
    period: i64,
    clan: &str,
) -> ApiResult<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT step_id FROM reward_claims
         WHERE sub = ?1 AND chain_id = ?2 AND period = ?3 AND clan = ?4",
    )?;
    let rows = stmt.query_map(rusqlite::params![sub, chain_id, period, clan], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn reward_view(item: &Item, quantity: i64, locale: &str) -> RewardChainItem {
    let i = &item.input;
    RewardChainItem {
        sku: i.sku.clone(),
        name: i.name.resolve(locale).map(str::to_owned),
        item_type: Some(i.item_type.clone()),
        description: i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned),
        image_url: i.image_url.clone(),
        quantity,
        bundle_type: i.bundle_type.clone(),
    }
}

/// The rewards of a step that a player with `attrs` gets.
fn rewards_for<'a>(
    step: &'a AdminRewardStep,
    attrs: &'a Map<String, Value>,
    items: &'a HashMap<String, Arc<Item>>,
) -> impl Iterator<Item = (&'a Arc<Item>, i64)> + 'a {
    step.reward
        .iter()
        .filter(move |r| {
            r.attribute_conditions
                .as_ref()
                .is_none_or(|c| conditions::all_match(c, attrs))
        })
        .filter_map(move |r| items.get(&r.sku.0).map(|item| (item, r.quantity)))
}

/// The value point of a chain as a player sees it, with `amount` as the balance.
pub fn client_value_point(
    doc: &RewardChainDoc,
    cache: &Cache,
    amount: i64,
    locale: &str,
) -> ClientValuePoint {
    let text = |t: &LocalizedText| t.resolve(locale).map(str::to_owned);
    let vp = cache.value_points.get(&doc.chain.value_point.sku.0);
    ClientValuePoint {
        sku: doc.chain.value_point.sku.clone(),
        name: vp
            .and_then(|v| text(&v.doc.name))
            .unwrap_or_else(|| doc.chain.value_point.sku.0.clone()),
        image_url: vp.and_then(|v| v.doc.image_url.clone()),
        description: vp.and_then(|v| v.doc.description.as_ref().and_then(text)),
        long_description: vp.and_then(|v| v.doc.long_description.as_ref().and_then(text)),
        amount,
        is_clan: Some(doc.is_clan()),
    }
}

/// A player's context for reading chains: attributes and clan.
#[derive(Debug, Clone)]
pub struct Viewer<'a> {
    /// The player.
    pub sub: &'a str,
    /// Their attributes.
    pub attrs: Map<String, Value>,
    /// Their clan, if any.
    pub clan: Option<String>,
}

impl<'a> Viewer<'a> {
    /// Reads a player's attributes and clan.
    pub fn load(conn: &Connection, sub: &'a str) -> ApiResult<Self> {
        let attrs = inventory::attributes(conn, sub)?;
        let clan = clan_of(conn, sub, &attrs)?;
        Ok(Self { sub, attrs, clan })
    }

    /// Whose points a chain counts for this player.
    pub fn holder(&self, doc: &RewardChainDoc) -> Holder<'_> {
        holder(doc, self.sub, self.clan.as_deref())
    }
}

/// The chain as a player sees it at `now`.
pub fn client_view(
    conn: &Connection,
    cache: &Cache,
    doc: &RewardChainDoc,
    viewer: &Viewer<'_>,
    now: i64,
    locale: &str,
) -> ApiResult<ClientRewardChain> {
    let chain = &doc.chain;
    let id = chain.reward_chain_id.0;
    let period = doc.period(now);
    let holder = viewer.holder(doc);
    let amount = balance(conn, doc, holder, now)?;
    let (claimed, top) = match holder {
        Holder::Player(sub) => (claimed_steps(conn, sub, id, period, "")?, Vec::new()),
        Holder::Clan(clan) => (
            claimed_steps(conn, viewer.sub, id, period, clan)?,
            top_contributors(conn, doc, clan, now)?,
        ),
        Holder::Nobody => (Vec::new(), Vec::new()),
    };
    let text = |t: &LocalizedText| t.resolve(locale).map(str::to_owned);
    Ok(ClientRewardChain {
        reward_chain_id: chain.reward_chain_id,
        name: text(&chain.name).unwrap_or_default(),
        description: chain.description.as_ref().and_then(text),
        long_description: chain.long_description.as_ref().and_then(text),
        image_url: chain.image_url.clone(),
        order: chain.order,
        date_start: chain.date_start,
        date_end: chain.date_end,
        value_point: client_value_point(doc, cache, amount, locale),
        clan_type: chain.clan_type.clone(),
        top_contributors: top,
        steps: chain
            .steps
            .iter()
            .map(|step| ClientRewardStep {
                step_id: step.step_id.unwrap_or(StepId(0)),
                name: step.name.as_ref().and_then(text),
                is_claimed: step.step_id.is_some_and(|s| claimed.contains(&s.0)),
                image_url: step.image_url.clone(),
                price: step.price,
                reward: rewards_for(step, &viewer.attrs, &cache.items)
                    .map(|(item, q)| reward_view(item, q, locale))
                    .collect(),
            })
            .collect(),
        recurrent_schedule: doc.schedule().map(|s| ClientSchedule {
            interval_type: s.interval_type(),
            reset_next_date: Some(UnixTime(schedule::bounds(s, now).1)),
        }),
        popup_header: chain.popup_header.clone(),
        popup_instruction: chain.popup_instruction.clone(),
        popup_image_url: chain.popup_image_url.clone(),
    })
}

/// Records a claim and grants the step's rewards; false when the step was claimed already.
#[allow(clippy::too_many_arguments)]
fn take_step(
    tx: &Connection,
    cache: &Cache,
    doc: &RewardChainDoc,
    step: &AdminRewardStep,
    sub: &str,
    attrs: &Map<String, Value>,
    period: i64,
    clan: &str,
    now: i64,
    granted: &mut Vec<(Arc<Item>, i64)>,
) -> ApiResult<bool> {
    let chain_id = doc.chain.reward_chain_id.0;
    let step_id = step.step_id.map_or(0, |s| s.0);
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO reward_claims (sub, chain_id, period, clan, step_id, claimed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(rusqlite::params![sub, chain_id, period, clan, step_id, now])?;
    if inserted == 0 {
        return Ok(false);
    }
    let source = format!("reward_chain:{chain_id}:step:{step_id}:period:{period}");
    for (item, quantity) in rewards_for(step, attrs, &cache.items) {
        inventory::grant(tx, sub, &item.input.sku.0, quantity, &source, now)?;
        granted.push((Arc::clone(item), quantity));
    }
    Ok(true)
}

/// Claims a step for a player and grants its rewards, in one transaction.
pub fn claim(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    chain_id: i64,
    step_id: i64,
    now: i64,
) -> ApiResult<()> {
    let doc = cache.reward.get(&chain_id).ok_or_else(step_not_found)?;
    let step = doc
        .chain
        .steps
        .iter()
        .find(|s| s.step_id == Some(StepId(step_id)))
        .ok_or_else(step_not_found)?;
    let attrs = inventory::attributes(tx, sub)?;
    if !visible_chains(cache, &attrs, now)
        .iter()
        .any(|d| d.chain.reward_chain_id.0 == chain_id)
    {
        return Err(cannot_claim());
    }
    let clan = if doc.is_clan() {
        Some(join_clan(tx, sub)?.ok_or_else(cannot_claim)?)
    } else {
        None
    };
    let clan_key = clan.as_deref().unwrap_or("");
    let period = doc.period(now);
    if claimed_steps(tx, sub, chain_id, period, clan_key)?.contains(&step_id) {
        return Err(already_claimed());
    }
    if balance(tx, doc, holder(doc, sub, clan.as_deref()), now)? < step.price.amount {
        return Err(not_enough_points());
    }
    let mut granted = Vec::new();
    if !take_step(
        tx,
        cache,
        doc,
        step,
        sub,
        &attrs,
        period,
        clan_key,
        now,
        &mut granted,
    )? {
        return Err(already_claimed());
    }
    Ok(())
}

/// Re-reads a player's clan from their `clan` attribute. When it changed, every step the old
/// clan had unlocked on a running clan chain and the player had not claimed is claimed for
/// them, and those rewards are returned.
pub fn update_clan(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    now: i64,
    locale: &str,
) -> ApiResult<Vec<RewardChainItem>> {
    let attrs = inventory::attributes(tx, sub)?;
    let new = clan_attribute(&attrs);
    let old = stored_clan(tx, sub)?;
    if old == new {
        return Ok(Vec::new());
    }
    let mut granted = Vec::new();
    if let Some(old) = &old {
        for doc in cache
            .reward
            .values()
            .filter(|d| d.is_clan() && in_window(&d.chain, now))
        {
            let period = doc.period(now);
            let reached = balance(tx, doc, Holder::Clan(old), now)?;
            let claimed = claimed_steps(tx, sub, doc.chain.reward_chain_id.0, period, old)?;
            for step in doc.chain.steps.iter().filter(|s| {
                s.price.amount <= reached && !s.step_id.is_some_and(|i| claimed.contains(&i.0))
            }) {
                take_step(
                    tx,
                    cache,
                    doc,
                    step,
                    sub,
                    &attrs,
                    period,
                    old,
                    now,
                    &mut granted,
                )?;
            }
        }
    }
    match &new {
        Some(clan) => tx
            .prepare_cached("INSERT OR REPLACE INTO clan_members (sub, clan) VALUES (?1, ?2)")?
            .execute([sub, clan.as_str()])?,
        None => tx
            .prepare_cached("DELETE FROM clan_members WHERE sub = ?1")?
            .execute([sub])?,
    };
    Ok(granted
        .iter()
        .map(|(item, quantity)| reward_view(item, *quantity, locale))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Cache and seed
// ---------------------------------------------------------------------------------------------

/// Loads value points and reward chains into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let mut stmt = conn.prepare_cached("SELECT sku, item_id, doc FROM value_point_items")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (sku, item_id, doc) = row?;
        let doc: AdminValuePoint = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("value point document", e))?;
        cache.value_points.insert(
            sku,
            Arc::new(ValuePoint {
                item_id: ItemId(item_id),
                doc,
            }),
        );
    }
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM reward_chains")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let doc: RewardChainDoc = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("reward chain document", e))?;
        cache.reward.insert(id, Arc::new(doc));
    }
    Ok(())
}

/// Applies a seed's value points and item value-point rewards (before its chains, which refer
/// to them). Safe to apply twice.
pub fn seed_value_points(
    tx: &Transaction<'_>,
    value_points: &[ValuePointInput],
    rewards: &BTreeMap<String, Vec<ItemValuePointsInput>>,
    items: &HashMap<String, Arc<Item>>,
) -> ApiResult<()> {
    for vp in value_points {
        upsert_value_point(tx, vp.clone())?;
    }
    for (vp_sku, list) in rewards {
        if !value_points.iter().any(|v| &v.sku.0 == vp_sku) {
            return Err(item_not_found(vp_sku));
        }
        tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1")?
            .execute([vp_sku])?;
        for item in list {
            if !items.contains_key(&item.sku.0) {
                return Err(item_not_found(&item.sku.0));
            }
            if item.amount < 1 {
                return Err(ApiError::validation(
                    "amount",
                    "Seeded item value points must be at least 1",
                ));
            }
            tx.prepare_cached(
                "INSERT OR REPLACE INTO item_value_points (vp_sku, item_sku, amount) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![vp_sku, item.sku.0, item.amount])?;
        }
    }
    Ok(())
}
