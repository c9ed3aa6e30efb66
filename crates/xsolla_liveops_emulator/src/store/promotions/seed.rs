//! The seed's `discounts` and `bonuses` sections: creation bodies in the `/v3` form (or the
//! `/v2` form with `date_start`/`date_end`), each with an optional `is_enabled`.

use rusqlite::Transaction;
use serde::de::DeserializeOwned;
use serde_json::Value;
use xsolla_liveops::PromotionId;
use xsolla_liveops::models::discounts::{BonusPromotionInput, DiscountPromotionInput};
use xsolla_liveops::models::promotions::{DateRange, Periods};

use super::definitions::{PromotionInput, create};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;

/// Entry `i` of a seed section as a body of type `T`, with its `is_enabled` taken out (errors
/// name the entry).
fn seed_body<T: DeserializeOwned>(
    section: &str,
    i: usize,
    value: &Value,
) -> ApiResult<(T, Option<bool>)> {
    let mut value = value.clone();
    let enabled = value
        .as_object_mut()
        .and_then(|o| o.remove("is_enabled"))
        .and_then(|v| v.as_bool());
    let bytes = serde_json::to_vec(&value).map_err(|e| ApiError::internal("seed", e))?;
    crate::extract::decode(&bytes)
        .map(|body| (body, enabled))
        .map_err(|e| ApiError {
            message: format!("{section}[{i}]: {}", e.message),
            ..e
        })
}

/// Whether a seeded body is written in the `/v2` form.
fn is_v2(value: &Value) -> bool {
    value.get("date_start").is_some() || value.get("date_end").is_some()
}

/// Creates the promotions of a seed section, each entry read as a `V2` body when it is written
/// in the `/v2` form, else as a `V3` body; returns their ids and the entries' `is_enabled`.
fn seed_section<V2: PromotionInput, V3: PromotionInput>(
    tx: &Transaction<'_>,
    cache: &Cache,
    section: &str,
    values: &[Value],
    now: i64,
) -> ApiResult<Vec<(PromotionId, Option<bool>)>> {
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            if is_v2(value) {
                create_seeded::<V2>(tx, cache, section, i, value, now)
            } else {
                create_seeded::<V3>(tx, cache, section, i, value, now)
            }
        })
        .collect()
}

/// Creates the promotion of entry `i` of a seed section; returns its id and the entry's
/// `is_enabled`.
fn create_seeded<T: PromotionInput>(
    tx: &Transaction<'_>,
    cache: &Cache,
    section: &str,
    i: usize,
    value: &Value,
    now: i64,
) -> ApiResult<(PromotionId, Option<bool>)> {
    let (body, enabled) = seed_body::<T>(section, i, value)?;
    Ok((
        create(tx, |id| (T::BUILD)(cache, id, body, None, now))?,
        enabled,
    ))
}

/// Loads the seed's `discounts` and `bonuses`: creation bodies in the `/v3` form (or the `/v2`
/// form with `date_start`/`date_end`), each with an optional `is_enabled` (default `true`).
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    now: i64,
) -> ApiResult<()> {
    let mut enable = seed_section::<
        DiscountPromotionInput<DateRange>,
        DiscountPromotionInput<Periods>,
    >(tx, cache, "discounts", &seed.discounts, now)?;
    enable.extend(seed_section::<
        BonusPromotionInput<DateRange>,
        BonusPromotionInput<Periods>,
    >(tx, cache, "bonuses", &seed.bonuses, now)?);
    for (id, enabled) in enable {
        if enabled == Some(false) {
            tx.prepare_cached("UPDATE promotions SET is_enabled = 0, doc = json_set(doc, '$.is_enabled', json('false')) WHERE id = ?1")?
                .execute([id.0])?;
        }
    }
    Ok(())
}
