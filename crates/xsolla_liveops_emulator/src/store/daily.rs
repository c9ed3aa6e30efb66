//! Daily chains: definitions, the day arithmetic, and claims.
//!
//! Rules (times are the emulator clock, a day is 86 400 s):
//! - `calendar_hard`: step *i* (0-based, by step number) unlocks at `date_start + i` days and can
//!   be claimed until the next day begins; a day passed unclaimed is `blocked` for good, later
//!   days stay claimable. A recurrent chain repeats its days: cycle *c* covers days
//!   `c·N .. c·N+N−1`.
//! - `rolling`: the first step unlocks at `date_start`, each next step one day after the
//!   previous claim; nothing is ever blocked. After the last step a recurrent chain starts a
//!   new cycle whose first step unlocks one day after the last claim. Admin reset wipes all
//!   progress.
//! - Players only see enabled chains inside their `date_start`/`date_end` window. A claim on a
//!   chain that exists but is not visible, or on a step that is not `claimable`, is a 422.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::common::UnixTime;
use xsolla_liveops::models::daily::{
    AdminDailyChain, AdminDailyStep, AdminStepItem, ClientDailyChain, ClientDailyStep,
    DailyChainInput, DailyChainType, DailyStepInput, DailyStepStatus,
};
use xsolla_liveops::{DailyChainId, StepId, StepNumber};

use super::catalog::Item;
use super::{Cache, inventory, next_step_id};
use crate::error::{ApiError, ApiResult, codes};
use crate::validate;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// The 404 text of a chain lookup.
pub const CHAIN_NOT_FOUND: &str = "Daily reward was not found";
/// The 404 text of a claim whose chain or step does not exist.
pub const STEP_NOT_FOUND: &str = "Daily reward or daily reward step was not found";

/// 422 "Incorrect daily reward configuration" naming `property`.
fn invalid(property: &str, text: &str) -> ApiError {
    ApiError::validation(
        property,
        format!("Incorrect daily reward configuration: {text}"),
    )
}

/// Checks a create or update body against the catalog (and, on update, the chain's own step
/// ids), and turns it into the stored form with step ids assigned.
fn build(
    tx: &Connection,
    cache: &Cache,
    id: i64,
    input: DailyChainInput,
    existing: Option<&AdminDailyChain>,
) -> ApiResult<AdminDailyChain> {
    check_chain(&input)?;
    let steps = build_steps(tx, cache, &input, existing)?;
    Ok(AdminDailyChain {
        id: DailyChainId(id),
        name: input.name.normalized(),
        description: input.description.map(|d| d.normalized()),
        date_start: input.date_start,
        date_end: input.date_end,
        order: input.order,
        is_enabled: input.is_enabled,
        is_recurrent: input.is_recurrent.unwrap_or(false),
        chain_type: Some(input.chain_type),
        number_of_steps: None,
        steps,
    })
}

/// The chain-wide rules: texts, type, dates, step count and numbers.
fn check_chain(input: &DailyChainInput) -> ApiResult<()> {
    validate::localized("name", &input.name)?;
    if let Some(d) = &input.description {
        validate::localized("description", d)?;
    }
    if let DailyChainType::Other(t) = &input.chain_type {
        return Err(invalid(
            "type",
            &format!("unknown type {t:?}; expected calendar_hard or rolling"),
        ));
    }
    if let Some(end) = input.date_end
        && end <= input.date_start
    {
        return Err(invalid("date_end", "date_end must be after date_start"));
    }
    if input.steps.is_empty() {
        return Err(invalid("steps", "a chain needs at least one step"));
    }
    if input.steps.len() > 366 {
        return Err(invalid("steps", "a chain has at most 366 steps"));
    }
    let mut numbers: Vec<i64> = input.steps.iter().map(|s| s.step_number.0).collect();
    numbers.sort_unstable();
    if numbers.iter().enumerate().any(|(i, n)| *n != i as i64 + 1) {
        return Err(invalid(
            "steps",
            "step numbers must be 1, 2, 3… with no gaps or repeats",
        ));
    }
    Ok(())
}

/// The steps in their stored form, sorted by number: items checked, step ids assigned.
fn build_steps(
    tx: &Connection,
    cache: &Cache,
    input: &DailyChainInput,
    existing: Option<&AdminDailyChain>,
) -> ApiResult<Vec<AdminDailyStep>> {
    let own_ids: Vec<i64> = existing
        .map(|c| {
            c.steps
                .iter()
                .filter_map(|s| s.step_id.map(|i| i.0))
                .collect()
        })
        .unwrap_or_default();
    let mut steps = Vec::with_capacity(input.steps.len());
    let mut used_ids = Vec::new();
    for (i, step) in input.steps.iter().enumerate() {
        let items = step_items(cache, i, step)?;
        let step_id = match step.step_id {
            Some(sid) if own_ids.contains(&sid.0) && !used_ids.contains(&sid.0) => sid.0,
            Some(sid) => {
                return Err(invalid(
                    &format!("steps[{i}].step_id"),
                    &format!("step {sid} does not belong to this daily reward"),
                ));
            }
            None => next_step_id(tx)?,
        };
        used_ids.push(step_id);
        steps.push(AdminDailyStep {
            step_id: Some(StepId(step_id)),
            step_number: step.step_number,
            items,
        });
    }
    steps.sort_by_key(|s| s.step_number);
    Ok(steps)
}

/// Step `i`'s items as stored (by SKU only): at least one, each known, each at least once.
fn step_items(cache: &Cache, i: usize, step: &DailyStepInput) -> ApiResult<Vec<AdminStepItem>> {
    if step.items.is_empty() {
        return Err(invalid(
            &format!("steps[{i}].items"),
            "every step grants at least one item",
        ));
    }
    let mut items = Vec::with_capacity(step.items.len());
    for (j, item) in step.items.iter().enumerate() {
        if item.quantity < 1 {
            return Err(invalid(
                &format!("steps[{i}].items[{j}].quantity"),
                "quantity must be at least 1",
            ));
        }
        if !cache.items.contains_key(&item.sku.0) {
            return Err(invalid(
                &format!("steps[{i}].items[{j}].sku"),
                &format!("item with sku = '{}' not found", item.sku),
            ));
        }
        items.push(AdminStepItem {
            item_id: None,
            sku: item.sku.clone(),
            name: None,
            item_type: None,
            description: None,
            image_url: None,
            quantity: item.quantity,
        });
    }
    Ok(items)
}

fn save(tx: &Connection, chain: &AdminDailyChain) -> ApiResult<()> {
    let doc = serde_json::to_string(chain).map_err(|e| ApiError::internal("daily chain", e))?;
    tx.prepare_cached("INSERT OR REPLACE INTO daily_chains (id, doc) VALUES (?1, ?2)")?
        .execute(rusqlite::params![chain.id.0, doc])?;
    Ok(())
}

/// Creates a chain; returns its id.
pub fn create(
    tx: &Transaction<'_>,
    cache: &Cache,
    input: DailyChainInput,
) -> ApiResult<DailyChainId> {
    tx.prepare_cached("INSERT INTO daily_chains (doc) VALUES ('{}')")?
        .execute([])?;
    let id = tx.last_insert_rowid();
    let chain = build(tx, cache, id, input, None)?;
    save(tx, &chain)?;
    Ok(chain.id)
}

/// The chain or 404.
pub fn get(cache: &Cache, id: i64) -> ApiResult<&Arc<AdminDailyChain>> {
    cache
        .daily
        .get(&id)
        .ok_or_else(|| ApiError::not_found(CHAIN_NOT_FOUND))
}

/// Replaces a disabled chain; steps sent with their `step_id` keep players' progress.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    id: i64,
    input: DailyChainInput,
) -> ApiResult<()> {
    let existing = get(cache, id)?;
    if input.id.is_some_and(|given| given.0 != id) {
        return Err(ApiError::validation(
            "id",
            "The property `id` does not match the daily reward in the path",
        ));
    }
    if existing.is_enabled {
        return Err(active_chain());
    }
    let chain = build(tx, cache, id, input, Some(existing))?;
    save(tx, &chain)
}

/// 422/6209: an enabled chain cannot be edited.
pub fn active_chain() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        codes::ACTIVE_CHAIN,
        "Active chain cannot be updated. Please deactivate it first",
    )
}

/// Deletes a chain and every player's progress on it; granted items stay.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    get(cache, id)?;
    tx.execute("DELETE FROM daily_chains WHERE id = ?1", [id])?;
    tx.execute("DELETE FROM daily_claims WHERE chain_id = ?1", [id])?;
    Ok(())
}

/// Flips `is_enabled`; progress is kept.
pub fn toggle(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    let mut chain = AdminDailyChain::clone(get(cache, id)?);
    chain.is_enabled = !chain.is_enabled;
    save(tx, &chain)
}

/// Wipes every player's progress on a rolling chain.
pub fn reset(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    let chain = get(cache, id)?;
    if chain.chain_type != Some(DailyChainType::Rolling) {
        return Err(ApiError::validation(
            "type",
            "Only daily rewards of the rolling type can be reset",
        ));
    }
    tx.execute("DELETE FROM daily_claims WHERE chain_id = ?1", [id])?;
    Ok(())
}

/// The admin read form: items described from the catalog, `number_of_steps` filled in.
pub fn admin_view(chain: &AdminDailyChain, items: &HashMap<String, Arc<Item>>) -> AdminDailyChain {
    let mut out = chain.clone();
    out.number_of_steps = Some(u32::try_from(chain.steps.len()).unwrap_or(u32::MAX));
    for step in &mut out.steps {
        for item in &mut step.items {
            if let Some(known) = items.get(&item.sku.0) {
                *item = known.admin_view(item.quantity);
            }
        }
    }
    out
}

/// Whether players see the chain at `now`: enabled and inside its date window.
pub fn visible(chain: &AdminDailyChain, now: i64) -> bool {
    chain.is_enabled
        && chain.date_start.timestamp() <= now
        && chain.date_end.is_none_or(|end| now < end.timestamp())
}

/// One claim of one player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// The claimed step.
    pub step_id: i64,
    /// When the step had unlocked.
    pub unlocked_at: i64,
    /// When it was claimed.
    pub claimed_at: i64,
}

/// A player's position on a chain at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The cycle new claims belong to.
    pub cycle: i64,
    /// Status and unlock time of each step, in step order.
    pub steps: Vec<(DailyStepStatus, i64)>,
}

/// `calendar_hard`: status of every step at `now`, given the claims of cycle `cycle`
/// (use [`calendar_cycle`] to find it).
pub fn calendar(chain: &AdminDailyChain, cycle: i64, claims: &[Claim], now: i64) -> Progress {
    let start = chain.date_start.timestamp();
    let end = chain.date_end.map(|e| e.timestamp());
    let n = chain.steps.len() as i64;
    let today = if now < start {
        -1
    } else {
        (now - start).div_euclid(DAY)
    };
    let steps = chain
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let day = cycle * n + i as i64;
            let unlocked = start + day * DAY;
            let status = if claims
                .iter()
                .any(|c| Some(StepId(c.step_id)) == step.step_id)
            {
                DailyStepStatus::Claimed
            } else if end.is_some_and(|e| now >= e || unlocked >= e) || day < today {
                DailyStepStatus::Blocked
            } else if day == today {
                DailyStepStatus::Claimable
            } else {
                DailyStepStatus::ClaimInFuture
            };
            (status, unlocked)
        })
        .collect();
    Progress { cycle, steps }
}

/// The calendar cycle `now` falls in (always 0 for a chain that does not repeat).
pub fn calendar_cycle(chain: &AdminDailyChain, now: i64) -> i64 {
    let start = chain.date_start.timestamp();
    let n = chain.steps.len().max(1) as i64;
    if !chain.is_recurrent || now < start {
        0
    } else {
        (now - start).div_euclid(DAY) / n
    }
}

/// `rolling`: status of every step at `now`, given the claims of the player's latest cycle
/// (`cycle`; 0 and no claims for a new player).
pub fn rolling(chain: &AdminDailyChain, cycle: i64, claims: &[Claim], now: i64) -> Progress {
    let start = chain.date_start.timestamp();
    let end = chain.date_end.map(|e| e.timestamp());
    let claimed = |step: &AdminDailyStep| {
        claims
            .iter()
            .find(|c| Some(StepId(c.step_id)) == step.step_id)
            .copied()
    };
    let last_claim = claims.iter().map(|c| c.claimed_at).max();
    let complete = !claims.is_empty() && chain.steps.iter().all(|s| claimed(s).is_some());
    let (cycle, fresh, base) = match last_claim {
        Some(last) if complete && chain.is_recurrent => (cycle + 1, true, last + DAY),
        Some(last) => (cycle, false, last + DAY),
        None => (cycle, true, start),
    };
    let mut next_unlock = base;
    let steps = chain
        .steps
        .iter()
        .map(|step| match (fresh, claimed(step)) {
            (false, Some(c)) => (DailyStepStatus::Claimed, c.unlocked_at),
            _ => {
                let unlocked = next_unlock;
                let first_open = unlocked == base;
                next_unlock += DAY;
                let status = if end.is_some_and(|e| now >= e || unlocked >= e) {
                    DailyStepStatus::Blocked
                } else if first_open && now >= unlocked {
                    DailyStepStatus::Claimable
                } else {
                    DailyStepStatus::ClaimInFuture
                };
                (status, unlocked)
            }
        })
        .collect();
    Progress { cycle, steps }
}

fn claims_of(conn: &Connection, sub: &str, chain_id: i64, cycle: i64) -> ApiResult<Vec<Claim>> {
    let mut stmt = conn.prepare_cached(
        "SELECT step_id, unlocked_at, claimed_at FROM daily_claims
         WHERE sub = ?1 AND chain_id = ?2 AND cycle = ?3",
    )?;
    let rows = stmt.query_map(rusqlite::params![sub, chain_id, cycle], |r| {
        Ok(Claim {
            step_id: r.get(0)?,
            unlocked_at: r.get(1)?,
            claimed_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A player's progress on a chain at `now`.
pub fn progress(
    conn: &Connection,
    chain: &AdminDailyChain,
    sub: &str,
    now: i64,
) -> ApiResult<Progress> {
    let id = chain.id.0;
    if chain.chain_type == Some(DailyChainType::Rolling) {
        // The latest cycle's claims in one statement (no row: cycle 0, nothing claimed).
        let mut stmt = conn.prepare_cached(
            "SELECT cycle, step_id, unlocked_at, claimed_at FROM daily_claims
             WHERE sub = ?1 AND chain_id = ?2 AND cycle =
                 (SELECT MAX(cycle) FROM daily_claims WHERE sub = ?1 AND chain_id = ?2)",
        )?;
        let mut cycle = 0;
        let mut claims = Vec::new();
        let mut rows = stmt.query(rusqlite::params![sub, id])?;
        while let Some(r) = rows.next()? {
            cycle = r.get(0)?;
            claims.push(Claim {
                step_id: r.get(1)?,
                unlocked_at: r.get(2)?,
                claimed_at: r.get(3)?,
            });
        }
        Ok(rolling(chain, cycle, &claims, now))
    } else {
        let cycle = calendar_cycle(chain, now);
        Ok(calendar(
            chain,
            cycle,
            &claims_of(conn, sub, id, cycle)?,
            now,
        ))
    }
}

/// The chain as a player sees it at `now`.
pub fn client_view(
    conn: &Connection,
    cache: &Cache,
    chain: &AdminDailyChain,
    sub: &str,
    now: i64,
    locale: &str,
) -> ApiResult<ClientDailyChain> {
    let progress = progress(conn, chain, sub, now)?;
    let text = |t: &LocalizedText| t.resolve(locale).unwrap_or_default().to_owned();
    Ok(ClientDailyChain {
        id: chain.id,
        name: text(&chain.name),
        description: chain.description.as_ref().map(text),
        order: chain.order,
        chain_type: chain.chain_type.clone(),
        date_start: chain.date_start,
        date_end: chain.date_end,
        is_recurrent: Some(chain.is_recurrent),
        steps: chain
            .steps
            .iter()
            .zip(progress.steps)
            .map(|(step, (status, unlocked))| ClientDailyStep {
                step_number: step.step_number,
                status,
                unlocked_date: UnixTime(unlocked),
                items: step
                    .items
                    .iter()
                    .filter_map(|i| {
                        cache
                            .items
                            .get(&i.sku.0)
                            .map(|item| item.client_view(i.quantity, locale, &cache.items))
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The chains a player sees at `now`, in display order.
pub fn visible_chains(cache: &Cache, now: i64) -> Vec<&Arc<AdminDailyChain>> {
    let mut chains: Vec<_> = cache.daily.values().filter(|c| visible(c, now)).collect();
    chains.sort_by_key(|c| (c.order.unwrap_or(i64::MAX), c.id.0));
    chains
}

/// Claims a step for a player and grants its items, in one transaction.
pub fn claim(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    chain_id: i64,
    step_number: i64,
    now: i64,
) -> ApiResult<()> {
    let not_found = || ApiError::not_found(STEP_NOT_FOUND);
    let chain = cache.daily.get(&chain_id).ok_or_else(not_found)?;
    let index = chain
        .steps
        .iter()
        .position(|s| s.step_number == StepNumber(step_number))
        .ok_or_else(not_found)?;
    if !visible(chain, now) {
        return Err(not_claimable());
    }
    let progress = progress(tx, chain, sub, now)?;
    let (status, unlocked) = progress.steps[index];
    if status != DailyStepStatus::Claimable {
        return Err(not_claimable());
    }
    let step = &chain.steps[index];
    let step_id = step.step_id.map_or(0, |s| s.0);
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO daily_claims (sub, chain_id, cycle, step_id, unlocked_at, claimed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(rusqlite::params![sub, chain_id, progress.cycle, step_id, unlocked, now])?;
    if inserted == 0 {
        return Err(not_claimable());
    }
    let source = format!(
        "daily_chain:{chain_id}:step:{step_number}:cycle:{}",
        progress.cycle
    );
    for item in &step.items {
        inventory::grant(tx, cache, sub, &item.sku.0, item.quantity, &source, now)?;
    }
    Ok(())
}

/// 422 "Step can't be claimed".
pub fn not_claimable() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        codes::STEP_NOT_CLAIMABLE,
        "Step can't be claimed",
    )
}

/// Loads the stored chains into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM daily_chains")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let chain: AdminDailyChain = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("daily chain document", e))?;
        cache.daily.insert(id, Arc::new(chain));
    }
    Ok(())
}

/// Applies the seed's `daily_chains`.
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    _: i64,
) -> ApiResult<()> {
    for chain in &seed.daily_chains {
        create(tx, cache, chain.clone())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use xsolla_liveops::models::daily::AdminStepItem;

    fn chain(kind: DailyChainType, recurrent: bool, n: i64) -> AdminDailyChain {
        AdminDailyChain {
            id: DailyChainId(1),
            name: LocalizedText::en("c"),
            description: None,
            date_start: "2025-01-01T00:00:00+00:00".parse().unwrap(),
            date_end: None,
            order: None,
            is_enabled: true,
            is_recurrent: recurrent,
            chain_type: Some(kind),
            number_of_steps: None,
            steps: (1..=n)
                .map(|i| AdminDailyStep {
                    step_id: Some(StepId(100 + i)),
                    step_number: StepNumber(i),
                    items: vec![AdminStepItem {
                        item_id: None,
                        sku: "gold".into(),
                        name: None,
                        item_type: None,
                        description: None,
                        image_url: None,
                        quantity: 1,
                    }],
                })
                .collect(),
        }
    }

    const T0: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z

    fn statuses(p: &Progress) -> Vec<DailyStepStatus> {
        p.steps.iter().map(|s| s.0).collect()
    }

    #[test]
    fn calendar_blocks_missed_days_and_repeats() {
        use DailyStepStatus::*;
        let c = chain(DailyChainType::CalendarHard, true, 3);
        let p = calendar(&c, 0, &[], T0 + DAY + 5);
        assert_eq!(statuses(&p), [Blocked, Claimable, ClaimInFuture]);
        assert_eq!(p.steps[2].1, T0 + 2 * DAY);
        let cycle = calendar_cycle(&c, T0 + 4 * DAY);
        assert_eq!(cycle, 1);
        let p = calendar(&c, cycle, &[], T0 + 4 * DAY);
        assert_eq!(statuses(&p), [Blocked, Claimable, ClaimInFuture]);
        assert_eq!(p.steps[0].1, T0 + 3 * DAY);
    }

    #[test]
    fn rolling_waits_a_day_after_each_claim() {
        use DailyStepStatus::*;
        let c = chain(DailyChainType::Rolling, true, 2);
        assert_eq!(
            statuses(&rolling(&c, 0, &[], T0)),
            [Claimable, ClaimInFuture]
        );
        let one = [Claim {
            step_id: 101,
            unlocked_at: T0,
            claimed_at: T0 + 10,
        }];
        let p = rolling(&c, 0, &one, T0 + 20);
        assert_eq!(statuses(&p), [Claimed, ClaimInFuture]);
        assert_eq!(p.steps[1].1, T0 + 10 + DAY);
        assert_eq!(
            statuses(&rolling(&c, 0, &one, T0 + 10 + DAY)),
            [Claimed, Claimable]
        );
        let both = [
            one[0],
            Claim {
                step_id: 102,
                unlocked_at: T0 + 10 + DAY,
                claimed_at: T0 + 2 * DAY,
            },
        ];
        let p = rolling(&c, 0, &both, T0 + 2 * DAY + 1);
        assert_eq!(p.cycle, 1);
        assert_eq!(statuses(&p), [ClaimInFuture, ClaimInFuture]);
        assert_eq!(p.steps[0].1, T0 + 3 * DAY);
    }
}
