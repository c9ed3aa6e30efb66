//! Offer chains: definitions, per-player progress, free claims, paid orders.
//!
//! Rules:
//! - Steps are taken in step-number order; the next step is the first one not yet taken.
//! - A step is free when it says `is_free` or its item has no price. A free step is claimed at
//!   once: a zero-price order is recorded and the item granted in the same transaction. A paid
//!   step gets an order (`new`) and a Pay Station token; paying the order (the checkout page,
//!   the dashboard or the control API, all through [`orders::pay`]) marks it done, takes the
//!   step and grants the item, once.
//! - A `recurrent_schedule` starts a new period at each reset (hourly, weekly, monthly): progress
//!   is kept per period, so a reset wipes everybody's progress at once. With
//!   `is_reset_on_completion` a completed chain starts over at step 1 within the period.
//! - A player sees an enabled chain inside its date window when its `attribute_conditions` all
//!   hold; a chain without conditions is shown to everyone when `is_always_visible` (the
//!   default), otherwise only to players no personalized chain matches.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::{
    AttributeCondition, ClientSchedule, DateTime, IntervalType, LocalizedText, Price,
    RecurrentSchedule, RecurrentScheduleState, UnixTime,
};
use xsolla_liveops::models::offer::{
    AdminOfferChain, AdminOfferItem, AdminOfferStep, ClientOfferChain, ClientOfferStep,
    OfferChainInput, OfferStepInput, ValuePointReward,
};
use xsolla_liveops::models::orders::OrderStatus;
use xsolla_liveops::{OfferChainId, OrderId, StepId, StepNumber};

use super::catalog::Item;
use super::{Cache, inventory, next_step_id, orders};
use crate::error::{ApiError, ApiResult, codes};
use crate::{conditions, schedule, validate};

/// 404 text of a chain lookup.
pub const CHAIN_NOT_FOUND: &str = "The offer chain was not found";
/// 404 text of a claim or order whose chain or step does not exist.
pub const STEP_NOT_FOUND: &str = "Either the offer chain or the step was not found";

/// A stored offer chain: the admin read form (items by SKU only) plus when its schedule was
/// last written, which anchors `displayable_reset_start_date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferChainDoc {
    /// The chain.
    pub chain: AdminOfferChain,
    /// Unix seconds of the last write of `recurrent_schedule`.
    pub schedule_since: i64,
}

impl OfferChainDoc {
    fn schedule(&self) -> Option<&RecurrentSchedule> {
        self.chain.recurrent_schedule.as_ref().map(|s| &s.schedule)
    }
}

/// 422 "Invalid offer chain configuration" naming `property`.
fn invalid(property: &str, text: &str) -> ApiError {
    ApiError::validation(
        property,
        format!("Invalid offer chain configuration: {text}"),
    )
}

/// The stored document of a chain written as `input`, with fresh step ids for new steps and
/// the ids of `existing` kept where the input names them.
fn build(
    tx: &Connection,
    cache: &Cache,
    id: i64,
    input: OfferChainInput,
    existing: Option<&OfferChainDoc>,
    now: i64,
) -> ApiResult<OfferChainDoc> {
    check_chain(&input)?;
    let steps = build_steps(tx, cache, &input, existing)?;
    let schedule_since = match (existing, &input.recurrent_schedule) {
        (Some(old), Some(s)) if old.schedule() == Some(s) => old.schedule_since,
        _ => now,
    };
    Ok(OfferChainDoc {
        chain: stored_chain(id, input, steps),
        schedule_since,
    })
}

/// The chain-wide rules: texts, dates, schedule, conditions, step count and numbers.
fn check_chain(input: &OfferChainInput) -> ApiResult<()> {
    validate::localized("name", &input.name)?;
    if let Some(d) = &input.description {
        validate::localized("description", d)?;
    }
    if let Some(end) = input.date_end
        && end <= input.date_start
    {
        return Err(invalid("date_end", "date_end must be after date_start"));
    }
    if let Some(s) = &input.recurrent_schedule {
        schedule::validate("recurrent_schedule", s)?;
        if s.interval_type() == IntervalType::Daily {
            return Err(invalid(
                "recurrent_schedule.interval_type",
                "offer chains reset weekly, monthly or hourly",
            ));
        }
    }
    if let Some(c) = &input.attribute_conditions
        && c.len() > 100
    {
        return Err(invalid("attribute_conditions", "at most 100 conditions"));
    }
    if input.steps.is_empty() || input.steps.len() > 30 {
        return Err(invalid("steps", "a chain has 1 to 30 steps"));
    }
    let mut numbers: Vec<i64> = input.steps.iter().map(|s| s.step_number.0).collect();
    numbers.sort_unstable();
    if numbers[0] < 1 || numbers.windows(2).any(|w| w[0] == w[1]) {
        return Err(invalid(
            "steps",
            "step numbers must be unique and at least 1",
        ));
    }
    Ok(())
}

/// The steps in their stored form, sorted by number: each checked and given its step id.
fn build_steps(
    tx: &Connection,
    cache: &Cache,
    input: &OfferChainInput,
    existing: Option<&OfferChainDoc>,
) -> ApiResult<Vec<AdminOfferStep>> {
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
    let mut steps = Vec::with_capacity(input.steps.len());
    for (i, step) in input.steps.iter().enumerate() {
        check_step_item(cache, i, step)?;
        let step_id = match step.step_id {
            Some(sid) if own_ids.contains(&sid.0) && !used.contains(&sid.0) => sid.0,
            Some(sid) => {
                return Err(invalid(
                    &format!("steps[{i}].step_id"),
                    &format!("step {sid} does not belong to this offer chain"),
                ));
            }
            None => next_step_id(tx)?,
        };
        used.push(step_id);
        steps.push(stored_step(step_id, step));
    }
    steps.sort_by_key(|s| s.step_number);
    Ok(steps)
}

/// A step holds exactly one known item, at least once.
fn check_step_item(cache: &Cache, i: usize, step: &OfferStepInput) -> ApiResult<()> {
    if step.items.len() != 1 {
        return Err(invalid(
            &format!("steps[{i}].items"),
            "every step holds exactly one item",
        ));
    }
    let item = &step.items[0];
    if item.quantity < 1 {
        return Err(invalid(
            &format!("steps[{i}].items[0].quantity"),
            "quantity must be at least 1",
        ));
    }
    if !cache.items.contains_key(&item.sku.0) {
        return Err(invalid(
            &format!("steps[{i}].items[0].sku"),
            &format!("item with sku = '{}' not found", item.sku),
        ));
    }
    Ok(())
}

/// A step as stored: items by SKU only (the views fill in the catalog's details).
fn stored_step(step_id: i64, step: &OfferStepInput) -> AdminOfferStep {
    AdminOfferStep {
        step_id: Some(StepId(step_id)),
        step_number: step.step_number,
        is_free: step.is_free,
        step_price: None,
        items: step
            .items
            .iter()
            .map(|i| AdminOfferItem {
                item_id: None,
                sku: i.sku.clone(),
                item_type: None,
                name: None,
                description: None,
                image_url: None,
                is_free: None,
                quantity: i.quantity,
                order: i.order,
            })
            .collect(),
    }
}

/// The chain as stored, around its built steps.
fn stored_chain(id: i64, input: OfferChainInput, steps: Vec<AdminOfferStep>) -> AdminOfferChain {
    AdminOfferChain {
        id: OfferChainId(id),
        name: input.name.normalized(),
        description: input.description.map(|d| d.normalized()),
        order: input.order,
        date_start: input.date_start,
        date_end: input.date_end,
        is_enabled: input.is_enabled,
        recurrent_schedule: input
            .recurrent_schedule
            .map(|schedule| RecurrentScheduleState {
                schedule,
                reset_next_date: None,
                displayable_reset_start_date: None,
                displayable_reset_next_date: None,
            }),
        is_always_visible: input.is_always_visible,
        attribute_conditions: input.attribute_conditions.filter(|c| !c.is_empty()),
        is_reset_on_completion: input.is_reset_on_completion,
        number_of_steps: None,
        steps,
    }
}

fn save(tx: &Connection, doc: &OfferChainDoc) -> ApiResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("offer chain", e))?;
    tx.prepare_cached("INSERT OR REPLACE INTO offer_chains (id, doc) VALUES (?1, ?2)")?
        .execute(rusqlite::params![doc.chain.id.0, text])?;
    Ok(())
}

/// Creates a chain; returns its id.
pub fn create(
    tx: &Transaction<'_>,
    cache: &Cache,
    input: OfferChainInput,
    now: i64,
) -> ApiResult<OfferChainId> {
    tx.prepare_cached("INSERT INTO offer_chains (doc) VALUES ('{}')")?
        .execute([])?;
    let id = tx.last_insert_rowid();
    let doc = build(tx, cache, id, input, None, now)?;
    save(tx, &doc)?;
    Ok(doc.chain.id)
}

/// The chain or 404.
pub fn get(cache: &Cache, id: i64) -> ApiResult<&Arc<OfferChainDoc>> {
    cache
        .offer
        .get(&id)
        .ok_or_else(|| ApiError::not_found(CHAIN_NOT_FOUND))
}

/// Replaces a disabled chain.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    id: i64,
    input: OfferChainInput,
    now: i64,
) -> ApiResult<()> {
    let existing = get(cache, id)?;
    if input.id.is_some_and(|given| given.0 != id) {
        return Err(ApiError::validation(
            "id",
            "The property `id` does not match the offer chain in the path",
        ));
    }
    if existing.chain.is_enabled {
        return Err(super::daily::active_chain());
    }
    let doc = build(tx, cache, id, input, Some(existing), now)?;
    save(tx, &doc)
}

/// Deletes a chain and all progress on it; granted items and orders stay.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    get(cache, id)?;
    tx.execute("DELETE FROM offer_chains WHERE id = ?1", [id])?;
    tx.execute("DELETE FROM offer_claims WHERE chain_id = ?1", [id])?;
    Ok(())
}

/// Flips `is_enabled`; progress is kept.
pub fn toggle(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    let mut doc = OfferChainDoc::clone(get(cache, id)?);
    doc.chain.is_enabled = !doc.chain.is_enabled;
    save(tx, &doc)
}

fn step_item<'a>(
    step: &AdminOfferStep,
    items: &'a HashMap<String, Arc<Item>>,
) -> Option<&'a Arc<Item>> {
    step.items.first().and_then(|i| items.get(&i.sku.0))
}

/// Whether players claim the step (free) rather than buy it.
pub fn effective_free(step: &AdminOfferStep, items: &HashMap<String, Arc<Item>>) -> bool {
    step.is_free || step_item(step, items).is_none_or(|i| i.is_free())
}

fn price(step: &AdminOfferStep, items: &HashMap<String, Arc<Item>>) -> Option<Price> {
    if effective_free(step, items) {
        None
    } else {
        step_item(step, items).and_then(|i| i.input.price.clone())
    }
}

/// `ts` as an RFC 3339 date-time in the schedule's own offset (UTC for an hourly schedule).
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

/// Fills in the reset dates of a chain's recurrent schedule as the admin API reads them at
/// `now`: the next reset, in Unix seconds and as a date-time, and the first reset after the
/// schedule was written (`since`). Offer and reward chains read their schedules alike.
pub(crate) fn fill_reset_dates(state: &mut RecurrentScheduleState, since: i64, now: i64) {
    let (_, next) = schedule::bounds(&state.schedule, now);
    let (_, first) = schedule::bounds(&state.schedule, since);
    state.reset_next_date = Some(UnixTime(next));
    state.displayable_reset_next_date = iso(next, &state.schedule);
    state.displayable_reset_start_date = iso(first, &state.schedule);
}

/// The admin read form at `now`: items described, prices and schedule dates filled in.
pub fn admin_view(
    doc: &OfferChainDoc,
    items: &HashMap<String, Arc<Item>>,
    now: i64,
) -> AdminOfferChain {
    let mut out = doc.chain.clone();
    out.number_of_steps = Some(u32::try_from(out.steps.len()).unwrap_or(u32::MAX));
    if out.is_always_visible.is_none() {
        out.is_always_visible = Some(true);
    }
    if let Some(state) = &mut out.recurrent_schedule {
        fill_reset_dates(state, doc.schedule_since, now);
    }
    for step in &mut out.steps {
        step.step_price = price(step, items);
        step.is_free = effective_free(step, items);
        for item in &mut step.items {
            if let Some(known) = items.get(&item.sku.0) {
                let k = &known.input;
                item.item_id = Some(known.item_id);
                item.item_type = Some(k.item_type.clone());
                item.name = Some(k.name.normalized());
                item.description = k.description.as_ref().map(LocalizedText::normalized);
                item.image_url.clone_from(&k.image_url);
                item.is_free = Some(known.is_free());
            }
        }
    }
    out
}

/// Whether a chain is live at `now`: enabled, started, and not yet ended (the end is
/// exclusive). Offer and reward chains share this window.
pub(crate) fn in_window(
    is_enabled: bool,
    date_start: DateTime,
    date_end: Option<DateTime>,
    now: i64,
) -> bool {
    is_enabled && date_start.timestamp() <= now && date_end.is_none_or(|end| now < end.timestamp())
}

impl conditions::Personalized for AdminOfferChain {
    fn conditions(&self) -> Option<&[AttributeCondition]> {
        self.attribute_conditions.as_deref()
    }
    fn always_visible(&self) -> Option<bool> {
        self.is_always_visible
    }
}

/// The chains a player with `attrs` sees at `now`, in display order.
pub fn visible_chains<'a>(
    cache: &'a Cache,
    attrs: &Map<String, Value>,
    now: i64,
) -> Vec<&'a Arc<OfferChainDoc>> {
    let live = cache.offer.values().filter(|d| {
        let c = &d.chain;
        in_window(c.is_enabled, c.date_start, c.date_end, now)
    });
    let mut out = conditions::visible(live, |d| &d.chain, attrs);
    out.sort_by_key(|d| (d.chain.order.unwrap_or(i64::MAX), d.chain.id.0));
    out
}

/// A player's position on a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Start of the schedule period (0 without a schedule).
    pub period: i64,
    /// Restart count within the period.
    pub round: i64,
    /// Ids of the steps taken in this period and round.
    pub taken: Vec<i64>,
    /// Index of the next step; `None` when the chain is complete.
    pub next: Option<usize>,
}

/// Reads a player's progress at `now`.
pub fn progress(
    conn: &Connection,
    doc: &OfferChainDoc,
    sub: &str,
    now: i64,
) -> ApiResult<Progress> {
    let chain = &doc.chain;
    let period = doc.schedule().map_or(0, |s| schedule::bounds(s, now).0);
    let id = chain.id.0;
    let mut round: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(MAX(round), 0) FROM offer_claims WHERE sub = ?1 AND chain_id = ?2 AND period = ?3",
        )?
        .query_row(rusqlite::params![sub, id, period], |r| r.get(0))?;
    let load = |round: i64| -> ApiResult<Vec<i64>> {
        let mut stmt = conn.prepare_cached(
            "SELECT step_id FROM offer_claims WHERE sub = ?1 AND chain_id = ?2 AND period = ?3 AND round = ?4",
        )?;
        let rows = stmt.query_map(rusqlite::params![sub, id, period, round], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let mut taken = load(round)?;
    let next_of = |taken: &[i64]| {
        chain
            .steps
            .iter()
            .position(|s| !s.step_id.is_some_and(|sid| taken.contains(&sid.0)))
    };
    let mut next = next_of(&taken);
    if next.is_none() && chain.is_reset_on_completion == Some(true) {
        round += 1;
        taken = Vec::new();
        next = next_of(&taken);
    }
    Ok(Progress {
        period,
        round,
        taken,
        next,
    })
}

/// The chain as a player sees it at `now`.
pub fn client_view(
    conn: &Connection,
    cache: &Cache,
    doc: &OfferChainDoc,
    sub: &str,
    now: i64,
    locale: &str,
) -> ApiResult<ClientOfferChain> {
    let chain = &doc.chain;
    let progress = progress(conn, doc, sub, now)?;
    let pricing = super::promotions::Pricing::for_player(conn, cache, sub, now)?;
    let text = |t: &LocalizedText| t.resolve(locale).unwrap_or_default().to_owned();
    Ok(ClientOfferChain {
        id: chain.id,
        name: text(&chain.name),
        description: chain.description.as_ref().map(text),
        order: chain.order,
        date_start: chain.date_start,
        date_end: chain.date_end,
        recurrent_schedule: doc.schedule().map(|s| ClientSchedule {
            interval_type: s.interval_type(),
            reset_next_date: Some(UnixTime(schedule::bounds(s, now).1)),
        }),
        next_step_number: progress.next.map(|i| chain.steps[i].step_number),
        steps: chain
            .steps
            .iter()
            .map(|step| {
                Ok(ClientOfferStep {
                    step_number: step.step_number,
                    is_free: effective_free(step, &cache.items),
                    is_claimed: step.step_id.is_some_and(|s| progress.taken.contains(&s.0)),
                    step_price: pricing.step_price(step, price(step, &cache.items)),
                    items: step
                        .items
                        .iter()
                        .filter_map(|i| {
                            cache.items.get(&i.sku.0).map(|item| {
                                let mut view = item.client_view(i.quantity, locale, &cache.items);
                                view.order = i.order;
                                view
                            })
                        })
                        .collect(),
                    step_vp_rewards: step_vp_rewards(cache, step, locale),
                    step_loyalty_rewards: Vec::new(),
                })
            })
            .collect::<ApiResult<_>>()?,
    })
}

/// The value points a step earns: what each of its items earns, times its quantity, summed
/// per value point (what paying or claiming the step credits).
fn step_vp_rewards(cache: &Cache, step: &AdminOfferStep, locale: &str) -> Vec<ValuePointReward> {
    let mut total: Vec<ValuePointReward> = Vec::new();
    for item in &step.items {
        for mut reward in super::rewards::vp_rewards(cache, &item.sku.0, locale) {
            reward.amount = reward.amount.saturating_mul(item.quantity);
            match total.iter_mut().find(|t| t.sku == reward.sku) {
                Some(t) => t.amount = t.amount.saturating_add(reward.amount),
                None => total.push(reward),
            }
        }
    }
    total
}

/// What a player is about to take: the chain, the step's index and the progress.
fn next_step<'a>(
    conn: &Connection,
    cache: &'a Cache,
    sub: &str,
    chain_id: i64,
    step_number: i64,
    now: i64,
    refused: fn() -> ApiError,
) -> ApiResult<(&'a Arc<OfferChainDoc>, usize, Progress)> {
    let not_found = || ApiError::not_found(STEP_NOT_FOUND);
    let doc = cache.offer.get(&chain_id).ok_or_else(not_found)?;
    let index = doc
        .chain
        .steps
        .iter()
        .position(|s| s.step_number == StepNumber(step_number))
        .ok_or_else(not_found)?;
    let attrs = inventory::attributes(conn, sub)?;
    if !visible_chains(cache, &attrs, now)
        .iter()
        .any(|d| d.chain.id.0 == chain_id)
    {
        return Err(refused());
    }
    let progress = progress(conn, doc, sub, now)?;
    if progress.next != Some(index) {
        return Err(refused());
    }
    Ok((doc, index, progress))
}

fn record_order(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    (doc, index): (&OfferChainDoc, usize),
    progress: &Progress,
    status: OrderStatus,
    now: i64,
) -> ApiResult<i64> {
    let step = &doc.chain.steps[index];
    let items: Vec<(String, i64)> = step
        .items
        .iter()
        .map(|i| (i.sku.0.clone(), i.quantity))
        .collect();
    let (sku, quantity) = items.first().cloned().unwrap_or_default();
    let content = orders::priced_content(
        tx,
        cache,
        sub,
        &sku,
        quantity,
        price(step, &cache.items).as_ref(),
        now,
    )?;
    orders::insert(
        tx,
        &orders::NewOrder {
            sub,
            kind: orders::Kind::OfferChain,
            ref_id: doc.chain.id.0,
            step_id: step.step_id.map_or(0, |s| s.0),
            period: progress.period,
            round: progress.round,
            items: &items,
            content: &content,
            status,
        },
        now,
    )
}

/// 422 for a free-step claim that is not allowed now.
pub fn not_claimable() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        codes::STEP_NOT_CLAIMABLE,
        "The step cannot be claimed. Ensure all previous steps are completed and the step is marked as free.",
    )
}

/// 422 for an order on a step that cannot be bought now.
pub fn not_purchasable() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        codes::STEP_NOT_CLAIMABLE,
        "The step cannot be purchased",
    )
}

/// Claims a free step: records a zero-price order, marks the step taken and grants the item,
/// in one transaction. Returns the order id.
pub fn claim(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    chain_id: i64,
    step_number: i64,
    now: i64,
) -> ApiResult<OrderId> {
    let (doc, index, progress) =
        next_step(tx, cache, sub, chain_id, step_number, now, not_claimable)?;
    let step = &doc.chain.steps[index];
    if !effective_free(step, &cache.items) {
        return Err(not_claimable());
    }
    let order_id = record_order(
        tx,
        cache,
        sub,
        (doc, index),
        &progress,
        OrderStatus::Done,
        now,
    )?;
    take_step(
        tx,
        sub,
        chain_id,
        &progress,
        step.step_id.map_or(0, |s| s.0),
        order_id,
        now,
    )?;
    let source = format!("offer_chain:{chain_id}:step:{step_number}:order:{order_id}");
    for item in &step.items {
        inventory::grant(tx, cache, sub, &item.sku.0, item.quantity, &source, now)?;
    }
    Ok(OrderId(order_id))
}

fn take_step(
    tx: &Connection,
    sub: &str,
    chain_id: i64,
    progress: &Progress,
    step_id: i64,
    order_id: i64,
    now: i64,
) -> ApiResult<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO offer_claims (sub, chain_id, period, round, step_id, order_id, claimed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![sub, chain_id, progress.period, progress.round, step_id, order_id, now])?;
    Ok(n == 1)
}

/// Creates an order (status `new`) for a paid step. Returns the order id and a payment token.
pub fn order(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    chain_id: i64,
    step_number: i64,
    now: i64,
) -> ApiResult<(OrderId, String)> {
    let (doc, index, progress) =
        next_step(tx, cache, sub, chain_id, step_number, now, not_purchasable)?;
    if effective_free(&doc.chain.steps[index], &cache.items) {
        return Err(not_purchasable());
    }
    let order_id = record_order(
        tx,
        cache,
        sub,
        (doc, index),
        &progress,
        OrderStatus::New,
        now,
    )?;
    let step = &doc.chain.steps[index];
    super::promotions::attach_to_order(
        tx,
        cache,
        sub,
        order_id,
        step,
        price(step, &cache.items),
        now,
    )?;
    let token = orders::issue_token(tx, order_id, now)?;
    Ok((OrderId(order_id), token))
}

/// Takes the step a paid offer-chain order bought, in the period and round it was ordered in
/// (delivery of the order, inside its transaction; see [`orders::pay`]).
pub(crate) fn take_paid_step(tx: &Connection, order: &orders::OrderRow, now: i64) -> ApiResult<()> {
    let progress = Progress {
        period: order.period,
        round: order.round,
        taken: Vec::new(),
        next: None,
    };
    take_step(
        tx,
        &order.sub,
        order.ref_id,
        &progress,
        order.step_id,
        order.order_id,
        now,
    )
    .map(drop)
}

/// True when the step a paid offer-chain order is for was already taken in the period and
/// round it was ordered in (by another order, or claimed).
pub(crate) fn paid_step_taken(tx: &Connection, order: &orders::OrderRow) -> ApiResult<bool> {
    let taken = tx
        .prepare_cached(
            "SELECT 1 FROM offer_claims
             WHERE sub = ?1 AND chain_id = ?2 AND period = ?3 AND round = ?4 AND step_id = ?5",
        )?
        .query_row(
            rusqlite::params![
                order.sub,
                order.ref_id,
                order.period,
                order.round,
                order.step_id
            ],
            |_| Ok(()),
        )
        .optional()?;
    Ok(taken.is_some())
}

/// Loads the stored chains into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM offer_chains")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let chain: OfferChainDoc = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("offer chain document", e))?;
        cache.offer.insert(id, Arc::new(chain));
    }
    Ok(())
}

/// Applies the seed's `offer_chains`.
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    now: i64,
) -> ApiResult<()> {
    for chain in &seed.offer_chains {
        create(tx, cache, chain.clone(), now)?;
    }
    Ok(())
}
