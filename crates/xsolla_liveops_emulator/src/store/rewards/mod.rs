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

mod balances;
mod chains;
mod claims;
mod clans;
mod earning;
mod players;
mod validate;
mod value_points;

use std::sync::Arc;

use axum::http::StatusCode;
use rusqlite::{Connection, Transaction};
use xsolla_liveops::ItemId;
use xsolla_liveops::models::rewards::AdminValuePoint;

use super::Cache;
use crate::error::{ApiError, ApiResult};
use crate::seed::Seed;

pub use self::balances::{Holder, balance, credit, credit_for_item, top_contributors};
pub use self::chains::{
    RewardChainDoc, admin_list, admin_view, create, delete, get, reset, toggle, update,
};
pub use self::claims::claim;
pub use self::clans::{clan_of, update_clan};
pub use self::earning::{
    delete_item_rewards, item_rewards, points_of_item, seed_value_points, set_item_rewards,
    vp_rewards,
};
pub use self::players::{Viewer, client_value_point, client_view, visible_chain, visible_chains};
pub use self::value_points::{
    ValuePoint, create_value_point, delete_value_point, update_value_point, value_point,
    value_point_view, value_points,
};

/// Applies the seed's `value_points` and `value_point_rewards` (before the reward chains,
/// which refer to them). Safe to apply twice.
pub fn seed_points(tx: &Transaction<'_>, cache: &Cache, seed: &Seed, _: i64) -> ApiResult<()> {
    seed_value_points(
        tx,
        &seed.value_points,
        &seed.value_point_rewards,
        &cache.items,
    )
}

/// Applies the seed's `reward_chains`.
pub fn seed(tx: &Transaction<'_>, cache: &Cache, seed: &Seed, now: i64) -> ApiResult<()> {
    for chain in &seed.reward_chains {
        create(tx, cache, chain.clone(), now)?;
    }
    Ok(())
}

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
    let mut stmt = conn.prepare_cached(
        "SELECT item_sku, vp_sku, amount FROM item_value_points ORDER BY item_sku, vp_sku",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (item, vp, amount) = row?;
        cache.earnings.entry(item).or_default().push((vp, amount));
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
