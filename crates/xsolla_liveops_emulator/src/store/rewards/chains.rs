//! Reward chain definitions: the stored form, creating, replacing, deleting, toggling and
//! resetting chains, and the admin read forms.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use xsolla_liveops::models::common::{RecurrentSchedule, RecurrentScheduleState};
use xsolla_liveops::models::rewards::{
    AdminRewardChain, AdminRewardItem, AdminRewardStep, ChainValuePoint, MaybeLocalized,
    RewardChainInput, RewardChainUpdate, RewardItemInput, RewardStepUpdate, ValuePointRef,
};
use xsolla_liveops::{RewardChainId, StepId};

use super::chain_not_found;
use super::validate::{check_chain, check_step, own_step_id};
use crate::error::{ApiError, ApiResult};
use crate::schedule;
use crate::store::offer::fill_reset_dates;
use crate::store::{Cache, next_step_id};

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
    /// The recurrent schedule, if the chain has one.
    pub(super) fn schedule(&self) -> Option<&RecurrentSchedule> {
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
    let is_clan = check_chain(cache, &head, &steps)?.doc.is_clan;
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
        check_step(cache, i, &step)?;
        let step_id = match step.step_id {
            Some(sid) => own_step_id(i, sid, &own_ids, &used)?,
            None => next_step_id(tx)?,
        };
        used.push(step_id);
        out_steps.push(stored_step(step, step_id));
    }
    let schedule_since = match (existing, &head.recurrent_schedule) {
        (Some(old), Some(s)) if old.schedule() == Some(s) => old.schedule_since,
        _ => now,
    };
    Ok(RewardChainDoc {
        chain: stored_chain(id, head, is_clan, out_steps),
        schedule_since,
        reset_after: existing.map_or(0, |d| d.reset_after),
    })
}

/// The stored form of a checked step.
fn stored_step(step: RewardStepUpdate, step_id: i64) -> AdminRewardStep {
    let reward = step
        .reward
        .into_iter()
        .map(
            |RewardItemInput {
                 sku,
                 quantity,
                 attribute_conditions,
             }| AdminRewardItem {
                sku,
                quantity,
                attribute_conditions: attribute_conditions.filter(|c| !c.is_empty()),
            },
        )
        .collect();
    AdminRewardStep {
        step_id: Some(StepId(step_id)),
        name: Some(step.name.normalized()),
        price: step.price,
        image_url: step.image_url,
        reward,
    }
}

/// The stored form of a checked chain head with its stored steps.
fn stored_chain(
    id: i64,
    head: RewardChainInput,
    is_clan: bool,
    steps: Vec<AdminRewardStep>,
) -> AdminRewardChain {
    AdminRewardChain {
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
        steps,
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
    }
}

/// Writes a chain's stored form.
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
        value_point: ValuePointRef {
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
/// The chain's value point, described from the stored value point.
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
        fill_reset_dates(state, doc.schedule_since, now);
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
