//! Carrying a plan out: stage by stage in dependency order, a bounded number of calls in
//! flight, a result line per resource, and a clean stop at the first failure.

use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use xsolla_liveops::models::coupons::{CouponInput, NewCoupon};
use xsolla_liveops::models::daily::DailyChainInput;
use xsolla_liveops::models::discounts::{BonusPromotionInput, DiscountPromotionInput};
use xsolla_liveops::models::offer::OfferChainInput;
use xsolla_liveops::models::personalization::CatalogRuleInput;
use xsolla_liveops::models::promo_codes::{NewPromoCode, PromoCodeInput};
use xsolla_liveops::models::promotions::Periods;
use xsolla_liveops::models::rewards::{
    ItemValuePointsInput, RewardChainInput, RewardChainUpdate, ValuePointInput,
};
use xsolla_liveops::models::unique_offers::{NewUniqueOffer, UniqueOfferInput};
use xsolla_liveops::models::upsell::UpsellInput;
use xsolla_liveops::{
    Client, DailyChainId, Error, OfferChainId, PromotionId, RewardChainId, RuleId,
};

use crate::codes;
use crate::plan::{Action, Plan, Step};
use crate::project::{Kind, RemoteId};

/// How one step ended.
pub enum Outcome {
    Done,
    Failed(String, Error),
    NotAttempted(String),
}

/// The result of an apply.
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.outcomes.iter().any(|o| !matches!(o, Outcome::Done))
    }
}

fn body<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::InvalidInput(format!("body: {e}")))
}

/// The target's body with the file's fields laid over it, as an update sends it.
fn merged(step: &Step) -> Map<String, Value> {
    let mut map = match step.remote.as_ref().map(|r| &r.body) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Object(d)) = step.desired.as_ref().map(|d| &d.body) {
        for (k, v) in d {
            map.insert(k.clone(), v.clone());
        }
    }
    map
}

/// Gives each step of an update the id the target's step has (same number for daily and
/// offer chains, same position for reward chains), so players keep their progress.
fn with_step_ids(map: &mut Map<String, Value>, raw: &Value, by_number: bool) {
    let raw_steps = raw.get("steps").and_then(Value::as_array);
    if let Some(Value::Array(steps)) = map.get_mut("steps") {
        for (i, step) in steps.iter_mut().enumerate() {
            let found = raw_steps.and_then(|list| {
                if by_number {
                    list.iter()
                        .find(|s| s.get("step_number") == step.get("step_number"))
                } else {
                    list.get(i)
                }
            });
            let id = found
                .and_then(|s| s.get("step_id"))
                .cloned()
                .unwrap_or(Value::Null);
            if let Value::Object(s) = step {
                if by_number && id.is_null() {
                    s.remove("step_id");
                } else {
                    s.insert("step_id".into(), id);
                }
            }
        }
    }
}

fn num(step: &Step) -> Result<i64, Error> {
    match step.remote.as_ref().map(|r| &r.id) {
        Some(RemoteId::Num(n)) => Ok(*n),
        _ => Err(Error::InvalidInput(format!("{} has no id", step.label()))),
    }
}

fn desired_enabled(step: &Step) -> Option<bool> {
    step.desired
        .as_ref()
        .and_then(|d| d.body.get("is_enabled"))
        .and_then(Value::as_bool)
}

fn remote_enabled(step: &Step) -> Option<bool> {
    step.remote
        .as_ref()
        .and_then(|r| r.body.get("is_enabled"))
        .and_then(Value::as_bool)
}

async fn set_campaign_enabled(
    client: &Client,
    kind: Kind,
    key: &str,
    on: bool,
) -> Result<(), Error> {
    let a = client.admin();
    let id = key.to_owned();
    match (kind, on) {
        (Kind::Coupon, true) => a.coupons().activate(id).send().await.map(drop),
        (Kind::Coupon, false) => a.coupons().deactivate(id).send().await.map(drop),
        (Kind::PromoCode, true) => a.promo_codes().activate(id).send().await.map(drop),
        (Kind::PromoCode, false) => a.promo_codes().deactivate(id).send().await.map(drop),
        (_, true) => a.unique_offers().activate(id).send().await.map(drop),
        (_, false) => a.unique_offers().deactivate(id).send().await.map(drop),
    }
}

async fn set_promotion_enabled(client: &Client, id: i64, on: bool) -> Result<(), Error> {
    let p = client.admin().promotions();
    if on {
        p.activate(PromotionId(id)).send().await.map(drop)
    } else {
        p.deactivate(PromotionId(id)).send().await.map(drop)
    }
}

async fn create(client: &Client, step: &Step) -> Result<(), Error> {
    let a = client.admin();
    let d = step
        .desired
        .as_ref()
        .map(|d| d.body.clone())
        .unwrap_or_default();
    let mut map = match d {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let enabled = map.remove("is_enabled").and_then(|v| v.as_bool());
    let enabled_back = |m: &mut Map<String, Value>| {
        if let Some(e) = enabled {
            m.insert("is_enabled".into(), Value::Bool(e));
        }
    };
    match step.kind {
        Kind::ValuePoint => {
            enabled_back(&mut map);
            a.value_points()
                .create(body::<ValuePointInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::ValuePointRewards => {
            let items: Vec<ItemValuePointsInput> = body(
                step.desired
                    .as_ref()
                    .map(|d| d.body.clone())
                    .unwrap_or_default(),
            )?;
            a.value_points()
                .set_item_rewards(step.key.clone(), items)
                .send()
                .await?;
        }
        Kind::DailyChain => {
            enabled_back(&mut map);
            a.daily_chains()
                .create(body::<DailyChainInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::OfferChain => {
            enabled_back(&mut map);
            a.offer_chains()
                .create(body::<OfferChainInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::RewardChain => {
            enabled_back(&mut map);
            a.reward_chains()
                .create(body::<RewardChainInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::Upsell => {
            enabled_back(&mut map);
            a.upsell()
                .create(body::<UpsellInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::Rule => {
            enabled_back(&mut map);
            a.personalization()
                .create(body::<CatalogRuleInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::Discount => {
            let id = a
                .discounts()
                .create(body::<DiscountPromotionInput<Periods>>(Value::Object(map))?)
                .send()
                .await?
                .promotion_id;
            if enabled == Some(false) {
                set_promotion_enabled(client, id.0, false).await?;
            }
        }
        Kind::Bonus => {
            let id = a
                .bonuses()
                .create(body::<BonusPromotionInput<Periods>>(Value::Object(map))?)
                .send()
                .await?
                .promotion_id;
            if enabled == Some(false) {
                set_promotion_enabled(client, id.0, false).await?;
            }
        }
        Kind::Coupon => {
            a.coupons()
                .create(body::<NewCoupon<Periods>>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::PromoCode => {
            a.promo_codes()
                .create(body::<NewPromoCode<Periods>>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::UniqueOffer => {
            a.unique_offers()
                .create(body::<NewUniqueOffer<Periods>>(Value::Object(map))?)
                .send()
                .await?;
        }
    }
    if step.kind.has_codes() && enabled == Some(true) {
        set_campaign_enabled(client, step.kind, &step.key, true).await?;
    }
    Ok(())
}

/// Xsolla edits daily and offer chains only while they are switched off. The toggle flips the
/// state, so the state is read back after each flip rather than assumed.
async fn switch_off(client: &Client, kind: Kind, id: i64) -> Result<(), Error> {
    let a = client.admin();
    for _ in 0..3 {
        let enabled = if kind == Kind::DailyChain {
            a.daily_chains()
                .get(DailyChainId(id))
                .send()
                .await?
                .is_enabled
        } else {
            a.offer_chains()
                .get(OfferChainId(id))
                .send()
                .await?
                .is_enabled
        };
        if !enabled {
            return Ok(());
        }
        let flipped = if kind == Kind::DailyChain {
            a.daily_chains()
                .toggle(DailyChainId(id))
                .send()
                .await
                .map(drop)
        } else {
            a.offer_chains()
                .toggle(OfferChainId(id))
                .send()
                .await
                .map(drop)
        };
        if let Err(e) = flipped
            && !e.is_ambiguous()
        {
            return Err(e);
        }
    }
    Err(Error::InvalidInput(format!(
        "{} {id} could not be switched off for its update",
        kind.noun()
    )))
}

async fn update(client: &Client, step: &Step) -> Result<(), Error> {
    let a = client.admin();
    let mut map = merged(step);
    let raw = step
        .remote
        .as_ref()
        .map(|r| r.raw.clone())
        .unwrap_or_default();
    let enabled_changed = desired_enabled(step) != remote_enabled(step);
    let only_enabled =
        matches!(&step.action, Action::Update(f) if f.iter().all(|c| c.path == "is_enabled"));
    match step.kind {
        Kind::ValuePoint => {
            a.value_points()
                .update(
                    step.key.clone(),
                    body::<ValuePointInput>(Value::Object(map))?,
                )
                .send()
                .await?;
        }
        Kind::ValuePointRewards => {
            let items: Vec<ItemValuePointsInput> = body(
                step.desired
                    .as_ref()
                    .map(|d| d.body.clone())
                    .unwrap_or_default(),
            )?;
            a.value_points()
                .set_item_rewards(step.key.clone(), items)
                .send()
                .await?;
        }
        Kind::DailyChain => {
            if remote_enabled(step) == Some(true) {
                switch_off(client, step.kind, num(step)?).await?;
            }
            with_step_ids(&mut map, &raw, true);
            map.insert("id".into(), Value::from(num(step)?));
            a.daily_chains()
                .update(
                    DailyChainId(num(step)?),
                    body::<DailyChainInput>(Value::Object(map))?,
                )
                .send()
                .await?;
        }
        Kind::OfferChain => {
            if remote_enabled(step) == Some(true) {
                switch_off(client, step.kind, num(step)?).await?;
            }
            with_step_ids(&mut map, &raw, true);
            map.insert("id".into(), Value::from(num(step)?));
            a.offer_chains()
                .update(
                    OfferChainId(num(step)?),
                    body::<OfferChainInput>(Value::Object(map))?,
                )
                .send()
                .await?;
        }
        Kind::RewardChain => {
            map.remove("value_point");
            map.remove("clan_type");
            with_step_ids(&mut map, &raw, false);
            a.reward_chains()
                .update(
                    RewardChainId(num(step)?),
                    body::<RewardChainUpdate>(Value::Object(map))?,
                )
                .send()
                .await?;
        }
        Kind::Upsell => {
            a.upsell()
                .update(body::<UpsellInput>(Value::Object(map))?)
                .send()
                .await?;
        }
        Kind::Rule => {
            a.personalization()
                .update(
                    RuleId(num(step)?),
                    body::<CatalogRuleInput>(Value::Object(map))?,
                )
                .send()
                .await?;
        }
        Kind::Discount | Kind::Bonus => {
            map.remove("is_enabled");
            let id = num(step)?;
            if !only_enabled {
                if step.kind == Kind::Discount {
                    a.discounts()
                        .update(
                            PromotionId(id),
                            body::<DiscountPromotionInput<Periods>>(Value::Object(map))?,
                        )
                        .send()
                        .await?;
                } else {
                    a.bonuses()
                        .update(
                            PromotionId(id),
                            body::<BonusPromotionInput<Periods>>(Value::Object(map))?,
                        )
                        .send()
                        .await?;
                }
            }
            if enabled_changed && let Some(on) = desired_enabled(step) {
                set_promotion_enabled(client, id, on).await?;
            }
        }
        Kind::Coupon | Kind::PromoCode | Kind::UniqueOffer => {
            map.remove("is_enabled");
            map.remove("external_id");
            let key = step.key.clone();
            if !only_enabled {
                match step.kind {
                    Kind::Coupon => {
                        a.coupons()
                            .update(key, body::<CouponInput<Periods>>(Value::Object(map))?)
                            .send()
                            .await?;
                    }
                    Kind::PromoCode => {
                        a.promo_codes()
                            .update(key, body::<PromoCodeInput<Periods>>(Value::Object(map))?)
                            .send()
                            .await?;
                    }
                    _ => {
                        a.unique_offers()
                            .update(key, body::<UniqueOfferInput<Periods>>(Value::Object(map))?)
                            .send()
                            .await?;
                    }
                }
            }
            if enabled_changed && let Some(on) = desired_enabled(step) {
                set_campaign_enabled(client, step.kind, &step.key, on).await?;
            }
        }
    }
    Ok(())
}

async fn delete(client: &Client, step: &Step) -> Result<(), Error> {
    let a = client.admin();
    let key = step.key.clone();
    match step.kind {
        Kind::ValuePoint => a.value_points().delete(key).send().await.map(drop),
        Kind::ValuePointRewards => a
            .value_points()
            .delete_item_rewards(key)
            .send()
            .await
            .map(drop),
        Kind::DailyChain => a
            .daily_chains()
            .delete(DailyChainId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::OfferChain => a
            .offer_chains()
            .delete(OfferChainId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::RewardChain => a
            .reward_chains()
            .delete(RewardChainId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::Rule => a
            .personalization()
            .delete(RuleId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::Discount => a
            .discounts()
            .delete(PromotionId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::Bonus => a
            .bonuses()
            .delete(PromotionId(num(step)?))
            .send()
            .await
            .map(drop),
        Kind::Coupon => a.coupons().delete(key).send().await.map(drop),
        Kind::PromoCode => a.promo_codes().delete(key).send().await.map(drop),
        Kind::UniqueOffer => a.unique_offers().delete(key).send().await.map(drop),
        Kind::Upsell => Err(Error::InvalidInput(
            "the upsell setting cannot be deleted through the admin API".into(),
        )),
    }
}

/// Runs one step: the resource, then its codes.
async fn run(client: &Client, step: &Step) -> Result<String, Error> {
    let mut line = match &step.action {
        Action::Create => {
            create(client, step).await?;
            format!("created {}", step.label())
        }
        Action::Update(fields) => {
            update(client, step).await?;
            format!("updated {} ({} field(s))", step.label(), fields.len())
        }
        Action::Delete => {
            delete(client, step).await?;
            format!("deleted {}", step.label())
        }
        Action::Keep => format!("codes of {}", step.label()),
    };
    for code in &step.add_codes {
        codes::create(client, step.kind, &step.key, code).await?;
    }
    if !step.add_codes.is_empty() {
        line.push_str(&format!(", {} code(s) added", step.add_codes.len()));
    }
    if step.generate > 0 {
        let made = codes::generate(client, step.kind, &step.key, step.generate).await?;
        line.push_str(&format!(", {made} code(s) generated"));
    }
    Ok(line)
}

/// Applies the plan's changing steps; stops starting new ones after the first failure.
pub async fn apply(client: &Client, plan: &Plan, concurrency: usize, quiet: bool) -> Report {
    let steps: Vec<&Step> = plan.steps.iter().filter(|s| s.changes()).collect();
    let pb = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(steps.len() as u64)
    };
    pb.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let stop = AtomicBool::new(false);
    let mut outcomes = Vec::new();
    // Groups that must finish before the next starts: creations and updates by stage, then
    // deletions by reverse stage.
    let mut groups: Vec<Vec<&Step>> = Vec::new();
    let mut last: Option<(bool, usize)> = None;
    for step in steps {
        let g = (matches!(step.action, Action::Delete), step.kind.stage());
        if last != Some(g) {
            groups.push(Vec::new());
            last = Some(g);
        }
        if let Some(group) = groups.last_mut() {
            group.push(step);
        }
    }
    for group in groups {
        if stop.load(Ordering::Acquire) {
            outcomes.extend(group.iter().map(|s| Outcome::NotAttempted(s.label())));
            continue;
        }
        let results: Vec<Outcome> = stream::iter(group)
            .map(|step| {
                let (pb, stop) = (&pb, &stop);
                async move {
                    if stop.load(Ordering::Acquire) {
                        return Outcome::NotAttempted(step.label());
                    }
                    let outcome = match run(client, step).await {
                        Ok(line) => {
                            pb.suspend(|| println!("ok      {line}"));
                            Outcome::Done
                        }
                        Err(e) => {
                            stop.store(true, Ordering::Release);
                            pb.suspend(|| {
                                println!("FAILED  {}: {}", step.label(), crate::explain(&e))
                            });
                            Outcome::Failed(step.label(), e)
                        }
                    };
                    pb.inc(1);
                    outcome
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        outcomes.extend(results);
    }
    pb.finish_and_clear();
    Report { outcomes }
}
