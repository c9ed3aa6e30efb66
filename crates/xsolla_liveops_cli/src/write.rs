//! How each kind of resource is created, updated and deleted: one [`Writer`] per shape, the
//! campaign, promotion and switched-chain families each written once, and [`write()`], which
//! looks the step's kind up in one table of writers and runs it through one generic step.

use std::marker::PhantomData;

use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use xsolla_liveops::api::campaigns::{Coupon, PromoCode, UniqueOffer};
use xsolla_liveops::api::discounts::{Bonus, Discount};
use xsolla_liveops::models::promotions::Periods;
use xsolla_liveops::models::rewards::{ItemValuePointsInput, RewardChainUpdate};
use xsolla_liveops::{Client, Error, PromotionId, RewardChainId, RuleId};

use crate::families::{Campaign, DailyChains, OfferChains, Promotion, SwitchedChain, send};
use crate::plan::{Action, Step};
use crate::project::{Kind, RemoteId};

/// The admin calls that carry out a step for one kind of resource.
pub trait Writer {
    /// Creates the resource the file describes.
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error>;
    /// Makes the project's resource match the file.
    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error>;
    /// Deletes the project's resource.
    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error>;
}

/// One step of any kind: the writer's call for the step's action, as a boxed future so that
/// every kind's writer fits one table.
type WriteStep = for<'a> fn(&'a Client, &'a Step) -> LocalBoxFuture<'a, Result<(), Error>>;

/// The writer of each kind, in the order of [`Kind`] (a test checks it).
const WRITERS: [(Kind, WriteStep); 12] = [
    (Kind::ValuePoint, act::<ValuePoints>),
    (Kind::ValuePointRewards, act::<ValuePointRewards>),
    (Kind::DailyChain, act::<SwitchedChains<DailyChains>>),
    (Kind::OfferChain, act::<SwitchedChains<OfferChains>>),
    (Kind::RewardChain, act::<RewardChains>),
    (Kind::Upsell, act::<Upsell>),
    (Kind::Discount, act::<Promotions<Discount>>),
    (Kind::Bonus, act::<Promotions<Bonus>>),
    (Kind::Rule, act::<Rules>),
    (Kind::Coupon, act::<Campaigns<Coupon>>),
    (Kind::PromoCode, act::<Campaigns<PromoCode>>),
    (Kind::UniqueOffer, act::<Campaigns<UniqueOffer>>),
];

/// Carries out the step's action on the resource itself (its codes are the caller's).
pub async fn write(client: &Client, step: &Step) -> Result<(), Error> {
    let (_, step_of_kind) = WRITERS[step.kind as usize];
    step_of_kind(client, step).await
}

/// The one generic step: runs `W`'s call for the step's action; a step kept as it is calls
/// nothing.
fn act<'a, W: Writer + Default>(
    client: &'a Client,
    step: &'a Step,
) -> LocalBoxFuture<'a, Result<(), Error>> {
    Box::pin(async move {
        let writer = W::default();
        match step.action {
            Action::Create => writer.create(client, step).await,
            Action::Update(_) => writer.update(client, step).await,
            Action::Delete => writer.delete(client, step).await,
            Action::Keep => Ok(()),
        }
    })
}

/// A JSON body as the typed body a call sends.
fn parse<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::InvalidInput(format!("body: {e}")))
}

/// The file's body of the step.
fn desired(step: &Step) -> Value {
    step.desired
        .as_ref()
        .map(|d| d.body.clone())
        .unwrap_or_default()
}

/// The file's body without `is_enabled`, and the `is_enabled` it had: families created in a
/// fixed state and switched afterwards.
fn without_enabled(step: &Step) -> (Value, Option<bool>) {
    let mut map = match desired(step) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let enabled = map.remove("is_enabled").and_then(|v| v.as_bool());
    (Value::Object(map), enabled)
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

/// The target's body with the server's step ids.
fn raw(step: &Step) -> Value {
    step.remote
        .as_ref()
        .map(|r| r.raw.clone())
        .unwrap_or_default()
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

/// The target's numeric id of the resource.
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

/// The state the file asks for when it differs from the target's; families switched by a call
/// of their own.
fn enabled_change(step: &Step) -> Option<bool> {
    desired_enabled(step).filter(|_| desired_enabled(step) != remote_enabled(step))
}

/// Whether `is_enabled` is the only field of an update that differs.
fn only_enabled(step: &Step) -> bool {
    matches!(&step.action, Action::Update(f) if f.iter().all(|c| c.path == "is_enabled"))
}

/// Value points, matched by SKU.
#[derive(Default)]
struct ValuePoints;

impl Writer for ValuePoints {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().value_points().create(parse(desired(step))?)).await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let body = parse(Value::Object(merged(step)))?;
        send(client.admin().value_points().update(step.key.clone(), body)).await
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().value_points().delete(step.key.clone())).await
    }
}

/// The items that earn a value point: the whole list is set at once, created or updated.
#[derive(Default)]
struct ValuePointRewards;

impl ValuePointRewards {
    async fn set(client: &Client, step: &Step) -> Result<(), Error> {
        let items: Vec<ItemValuePointsInput> = parse(desired(step))?;
        send(
            client
                .admin()
                .value_points()
                .set_item_rewards(step.key.clone(), items),
        )
        .await
    }
}

impl Writer for ValuePointRewards {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        Self::set(client, step).await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        Self::set(client, step).await
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(
            client
                .admin()
                .value_points()
                .delete_item_rewards(step.key.clone()),
        )
        .await
    }
}

/// Daily and offer chains: switched off for an update, step ids kept by step number.
#[derive(Default)]
struct SwitchedChains<C>(PhantomData<C>);

/// Xsolla edits daily and offer chains only while they are switched off. The toggle flips the
/// state, so the state is read back after each flip rather than assumed.
async fn switch_off<C: SwitchedChain>(client: &Client, id: i64) -> Result<(), Error> {
    for _ in 0..3 {
        if !C::is_enabled(client, id).await? {
            return Ok(());
        }
        if let Err(e) = C::toggle(client, id).await
            && !e.is_ambiguous()
        {
            return Err(e);
        }
    }
    Err(Error::InvalidInput(format!(
        "{} {id} could not be switched off for its update",
        C::KIND.noun()
    )))
}

impl<C: SwitchedChain> Writer for SwitchedChains<C> {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        C::create(client, parse(desired(step))?).await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let mut map = merged(step);
        if remote_enabled(step) == Some(true) {
            switch_off::<C>(client, num(step)?).await?;
        }
        with_step_ids(&mut map, &raw(step), true);
        map.insert("id".into(), Value::from(num(step)?));
        C::update(client, num(step)?, parse(Value::Object(map))?).await
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        C::delete(client, num(step)?).await
    }
}

/// Reward chains: the value point and clan type are fixed at creation, step ids kept by
/// position.
#[derive(Default)]
struct RewardChains;

impl Writer for RewardChains {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().reward_chains().create(parse(desired(step))?)).await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let mut map = merged(step);
        map.remove("value_point");
        map.remove("clan_type");
        with_step_ids(&mut map, &raw(step), false);
        let id = RewardChainId(num(step)?);
        let body: RewardChainUpdate = parse(Value::Object(map))?;
        send(client.admin().reward_chains().update(id, body)).await
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let id = RewardChainId(num(step)?);
        send(client.admin().reward_chains().delete(id)).await
    }
}

/// The project's upsell setting: one per project, never deleted.
#[derive(Default)]
struct Upsell;

impl Writer for Upsell {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().upsell().create(parse(desired(step))?)).await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let body = parse(Value::Object(merged(step)))?;
        send(client.admin().upsell().update(body)).await
    }

    async fn delete(&self, _: &Client, _: &Step) -> Result<(), Error> {
        Err(Error::InvalidInput(
            "the upsell setting cannot be deleted through the admin API".into(),
        ))
    }
}

/// Personalization rules, matched by name.
#[derive(Default)]
struct Rules;

impl Writer for Rules {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(
            client
                .admin()
                .personalization()
                .create(parse(desired(step))?),
        )
        .await
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let id = RuleId(num(step)?);
        let body = parse(Value::Object(merged(step)))?;
        send(client.admin().personalization().update(id, body)).await
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().personalization().delete(RuleId(num(step)?))).await
    }
}

/// Discounts and bonuses: created enabled, switched by `activate` / `deactivate`.
#[derive(Default)]
struct Promotions<K>(PhantomData<K>);

/// Switches a discount or bonus on or off.
async fn set_promotion_enabled(client: &Client, id: i64, on: bool) -> Result<(), Error> {
    let calls = client.admin().promotions();
    if on {
        send(calls.activate(PromotionId(id))).await
    } else {
        send(calls.deactivate(PromotionId(id))).await
    }
}

impl<K: Promotion> Writer for Promotions<K> {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let (body, enabled) = without_enabled(step);
        let calls = client.admin().promotions_of::<K>();
        let id = calls.create(parse(body)?).send().await?.promotion_id;
        if enabled == Some(false) {
            set_promotion_enabled(client, id.0, false).await?;
        }
        Ok(())
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let mut map = merged(step);
        map.remove("is_enabled");
        let id = num(step)?;
        if !only_enabled(step) {
            let body = parse(Value::Object(map))?;
            send(
                client
                    .admin()
                    .promotions_of::<K>()
                    .update(PromotionId(id), body),
            )
            .await?;
        }
        if let Some(on) = enabled_change(step) {
            set_promotion_enabled(client, id, on).await?;
        }
        Ok(())
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let id = PromotionId(num(step)?);
        send(client.admin().promotions_of::<K>().delete(id)).await
    }
}

/// Coupons, promo codes and unique offers: created disabled, switched by `activate` /
/// `deactivate`, matched by external id.
#[derive(Default)]
struct Campaigns<K>(PhantomData<K>);

/// Switches a campaign on or off.
async fn set_campaign_enabled<K: Campaign>(
    client: &Client,
    key: &str,
    on: bool,
) -> Result<(), Error> {
    let calls = client.admin().campaigns::<K>();
    let id = key.to_owned();
    if on {
        send(calls.activate(id)).await
    } else {
        send(calls.deactivate(id)).await
    }
}

impl<K: Campaign> Writer for Campaigns<K> {
    async fn create(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let (body, enabled) = without_enabled(step);
        let body: K::New<Periods> = parse(body)?;
        send(client.admin().campaigns::<K>().create::<Periods>(body)).await?;
        if enabled == Some(true) {
            set_campaign_enabled::<K>(client, &step.key, true).await?;
        }
        Ok(())
    }

    async fn update(&self, client: &Client, step: &Step) -> Result<(), Error> {
        let mut map = merged(step);
        map.remove("is_enabled");
        map.remove("external_id");
        if !only_enabled(step) {
            let body: K::Input<Periods> = parse(Value::Object(map))?;
            let calls = client.admin().campaigns::<K>();
            send(calls.update::<Periods>(step.key.clone(), body)).await?;
        }
        if let Some(on) = enabled_change(step) {
            set_campaign_enabled::<K>(client, &step.key, on).await?;
        }
        Ok(())
    }

    async fn delete(&self, client: &Client, step: &Step) -> Result<(), Error> {
        send(client.admin().campaigns::<K>().delete(step.key.clone())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_table_follows_the_kinds() {
        for (i, (kind, _)) in WRITERS.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
    }
}
