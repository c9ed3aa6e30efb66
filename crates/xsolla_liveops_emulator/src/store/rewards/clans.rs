//! Clans: a player without a stored membership follows the `clan` user attribute; once points
//! or claims were recorded for a clan, the membership is stored and changes only through the
//! clan update.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value};
use xsolla_liveops::models::rewards::RewardChainItem;

use super::claims::{Claimant, claimed_steps, take_step};
use super::players::{in_window, reward_view};
use super::{CLAN_ATTRIBUTE, Holder, balance};
use crate::error::ApiResult;
use crate::store::{Cache, inventory};

/// The clan the `clan` attribute names: a non-blank string or a number.
fn clan_attribute(attrs: &Map<String, Value>) -> Option<String> {
    match attrs.get(CLAN_ATTRIBUTE)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The player's stored membership, if any.
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
pub(super) fn join_clan(tx: &Connection, sub: &str) -> ApiResult<Option<String>> {
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
            let claimant = Claimant {
                sub,
                attrs: &attrs,
                period,
                clan: old,
                now,
            };
            for step in doc.chain.steps.iter().filter(|s| {
                s.price.amount <= reached && !s.step_id.is_some_and(|i| claimed.contains(&i.0))
            }) {
                take_step(tx, cache, doc, step, &claimant, &mut granted)?;
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
