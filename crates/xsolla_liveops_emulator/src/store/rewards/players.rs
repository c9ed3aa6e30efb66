//! What players see of reward chains: which chains are shown to them, and each chain as they
//! read it, with their balance, their claims and their clan's top contributors.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::Connection;
use serde_json::{Map, Value};
use xsolla_liveops::StepId;
use xsolla_liveops::models::common::{AttributeCondition, ClientSchedule, LocalizedText, UnixTime};
use xsolla_liveops::models::rewards::{
    AdminRewardChain, AdminRewardStep, ClientRewardChain, ClientRewardStep, ClientValuePoint,
    RewardChainItem,
};

use super::claims::{claimed_steps, holder};
use super::{Holder, RewardChainDoc, balance, chain_not_found, clan_of, top_contributors};
use crate::error::ApiResult;
use crate::store::catalog::Item;
use crate::store::{Cache, inventory, offer};
use crate::{conditions, schedule};

/// Whether the chain is live at `now` (the window offer chains share).
pub(super) fn in_window(chain: &AdminRewardChain, now: i64) -> bool {
    offer::in_window(chain.is_enabled, chain.date_start, chain.date_end, now)
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

pub(super) fn reward_view(item: &Item, quantity: i64, locale: &str) -> RewardChainItem {
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
pub(super) fn rewards_for<'a>(
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
