//! Claims: a step is claimed once per period (per clan, on a clan chain) when the balance has
//! reached its price. The claim and the grant of the step's rewards are written in one
//! transaction, and the claim row's key makes a second claim of the same step a no-op, so a
//! step is granted exactly once however many claims race for it.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use serde_json::{Map, Value};
use xsolla_liveops::StepId;
use xsolla_liveops::models::rewards::AdminRewardStep;

use super::clans::join_clan;
use super::players::{rewards_for, visible_chains};
use super::{
    Holder, RewardChainDoc, already_claimed, balance, cannot_claim, not_enough_points,
    step_not_found,
};
use crate::error::ApiResult;
use crate::store::catalog::Item;
use crate::store::{Cache, inventory};

/// Whose balance a chain counts for `sub`, a member of `clan` (if any).
pub(super) fn holder<'a>(doc: &RewardChainDoc, sub: &'a str, clan: Option<&'a str>) -> Holder<'a> {
    match (doc.is_clan(), clan) {
        (false, _) => Holder::Player(sub),
        (true, Some(clan)) => Holder::Clan(clan),
        (true, None) => Holder::Nobody,
    }
}

/// The ids of the steps `sub` claimed on a chain in the period starting at `period` (as a
/// member of `clan`, or with `clan` empty on a player chain).
pub(super) fn claimed_steps(
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

/// Who claims a step, and when.
pub(super) struct Claimant<'a> {
    /// The player.
    pub sub: &'a str,
    /// Their attributes, which pick the rewards they get.
    pub attrs: &'a Map<String, Value>,
    /// The start of the chain's current schedule period.
    pub period: i64,
    /// The clan the claim counts for; empty on a player chain.
    pub clan: &'a str,
    /// The emulator clock.
    pub now: i64,
}

/// Records a claim and grants the step's rewards, pushing them onto `granted`; false when the
/// step was claimed already.
pub(super) fn take_step(
    tx: &Connection,
    cache: &Cache,
    doc: &RewardChainDoc,
    step: &AdminRewardStep,
    claimant: &Claimant<'_>,
    granted: &mut Vec<(Arc<Item>, i64)>,
) -> ApiResult<bool> {
    let Claimant {
        sub,
        attrs,
        period,
        clan,
        now,
    } = *claimant;
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
        inventory::grant(tx, cache, sub, &item.input.sku.0, quantity, &source, now)?;
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
    let claimant = Claimant {
        sub,
        attrs: &attrs,
        period,
        clan: clan_key,
        now,
    };
    if !take_step(tx, cache, doc, step, &claimant, &mut granted)? {
        return Err(already_claimed());
    }
    Ok(())
}
