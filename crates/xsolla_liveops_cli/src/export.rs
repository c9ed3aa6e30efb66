//! Writing the target's configuration in the seed format.

use futures_util::{StreamExt, TryStreamExt, stream};
use serde::de::DeserializeOwned;
use serde_json::Value;
use xsolla_liveops::seed::Seed;
use xsolla_liveops::{Client, Error};

use crate::codes;
use crate::project::{Kind, Remote};

fn typed<T: DeserializeOwned>(r: &Remote) -> Result<T, Error> {
    serde_json::from_value(r.body.clone()).map_err(|e| {
        Error::InvalidInput(format!(
            "{} \"{}\" cannot be written in the seed format: {e}",
            r.kind.noun(),
            r.key
        ))
    })
}

/// The target's resources as a seed. Campaigns list all their codes, sorted. `items` and
/// `users` come from `catalog` (the LiveOps admin API cannot list them).
pub async fn export(
    client: &Client,
    mut remote: Vec<Remote>,
    catalog: Option<&Seed>,
    concurrency: usize,
) -> Result<Seed, Error> {
    remote.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
    let mut seed = Seed::default();
    if let Some(c) = catalog {
        seed.items = c.items.clone();
        seed.users = c.users.clone();
    }
    let campaigns: Vec<&Remote> = remote
        .iter()
        .filter(|r| r.kind.has_codes() && r.code_count > 0)
        .collect();
    let code_lists: Vec<((Kind, String), Vec<String>)> = stream::iter(campaigns)
        .map(|r| async move {
            let mut list = codes::list(client, r.kind, &r.key, concurrency, None).await?;
            list.sort();
            Ok::<_, Error>(((r.kind, r.key.clone()), list))
        })
        .buffered(concurrency.max(1))
        .try_collect()
        .await?;
    let code_lists: std::collections::BTreeMap<_, _> = code_lists.into_iter().collect();
    for r in &remote {
        match r.kind {
            Kind::ValuePoint => seed.value_points.push(typed(r)?),
            Kind::ValuePointRewards => {
                seed.value_point_rewards.insert(r.key.clone(), typed(r)?);
            }
            Kind::DailyChain => seed.daily_chains.push(typed(r)?),
            Kind::OfferChain => seed.offer_chains.push(typed(r)?),
            Kind::RewardChain => seed.reward_chains.push(typed(r)?),
            Kind::Upsell => seed.upsell = Some(typed(r)?),
            Kind::Discount => seed.discounts.push(r.body.clone()),
            Kind::Bonus => seed.bonuses.push(r.body.clone()),
            Kind::Rule => seed.personalization_rules.push(r.body.clone()),
            Kind::Coupon | Kind::PromoCode | Kind::UniqueOffer => {
                let mut body = r.body.clone();
                if let (Some(list), Value::Object(map)) =
                    (code_lists.get(&(r.kind, r.key.clone())), &mut body)
                {
                    map.insert("codes".into(), Value::from(list.clone()));
                }
                match r.kind {
                    Kind::Coupon => seed.coupons.push(body),
                    Kind::PromoCode => seed.promo_codes.push(body),
                    _ => seed.unique_catalog_offers.push(body),
                }
            }
        }
    }
    Ok(seed)
}
