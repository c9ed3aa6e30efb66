//! The seed sections `coupons`, `promo_codes` and `unique_catalog_offers`: each entry is an
//! admin creation body checked like the admin call, plus the seed-only keys.

use rusqlite::Transaction;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use xsolla_liveops::ExternalId;
use xsolla_liveops::models::common::{IntervalType, RecurrentSchedule};
use xsolla_liveops::models::promotions::{DateRange, Periods};

use super::campaigns::{create, load_one, save};
use super::errors::invalid;
use super::generate::{add_code, generate};
use super::{Coupon, Family, Fields, PromoCode, UniqueOffer};
use crate::error::{ApiError, ApiResult};
use crate::schedule;
use crate::store::Cache;

/// The keys a seed entry may add to the admin creation body.
const SEED_KEYS: [&str; 4] = ["codes", "generate", "is_enabled", "user_limit_reset"];

/// Loads the seed sections `coupons`, `promo_codes` and `unique_catalog_offers`: each entry is
/// the admin creation body (`/v3` form, or `/v2` with `date_start`/`date_end`) plus, optionally,
/// `codes` (a list), `generate` (a count), `is_enabled` and `user_limit_reset` (a daily, weekly
/// or monthly schedule of the per-player limit).
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    _: i64,
) -> ApiResult<()> {
    seed_section::<Coupon>(tx, cache, "coupons", &seed.coupons)?;
    seed_section::<PromoCode>(tx, cache, "promo_codes", &seed.promo_codes)?;
    seed_section::<UniqueOffer>(
        tx,
        cache,
        "unique_catalog_offers",
        &seed.unique_catalog_offers,
    )
}

/// Where a seed entry stands, to prefix its errors with `section[index]: `.
struct Place<'a> {
    section: &'a str,
    index: usize,
}

impl Place<'_> {
    fn at(&self, e: ApiError) -> ApiError {
        ApiError {
            message: format!("{}[{}]: {}", self.section, self.index, e.message),
            ..e
        }
    }
}

fn seed_section<F: Family>(
    tx: &Transaction<'_>,
    cache: &Cache,
    section: &str,
    entries: &[Value],
) -> ApiResult<()> {
    for (index, entry) in entries.iter().enumerate() {
        seed_entry::<F>(tx, cache, &Place { section, index }, entry)?;
    }
    Ok(())
}

fn seed_entry<F: Family>(
    tx: &Transaction<'_>,
    cache: &Cache,
    place: &Place<'_>,
    entry: &Value,
) -> ApiResult<()> {
    let Value::Object(map) = entry else {
        return Err(place.at(invalid("body", "must be an object")));
    };
    let (body, extra) = split_seed_keys(map);
    let (external_id, fields) = decode_body::<F>(&body, place)?;
    let id = create(tx, cache, F::KIND, external_id, fields).map_err(|e| place.at(e))?;
    let mut p = load_one(tx, id)?;
    if let Some(on) = option::<bool>(&extra, "is_enabled", place)? {
        p.is_enabled = on;
    }
    if let Some(s) = option::<RecurrentSchedule>(&extra, "user_limit_reset", place)? {
        check_reset_schedule(&s).map_err(|e| place.at(e))?;
        p.user_limit_reset = Some(s);
    }
    save(tx, &p)?;
    for code in option::<Vec<String>>(&extra, "codes", place)?.unwrap_or_default() {
        add_code(tx, id, &code).map_err(|e| place.at(e))?;
    }
    if let Some(n) = option::<u32>(&extra, "generate", place)? {
        generate(tx, id, n).map_err(|e| place.at(e))?;
    }
    Ok(())
}

/// The admin creation body and the seed-only keys of an entry.
fn split_seed_keys(map: &Map<String, Value>) -> (Map<String, Value>, Map<String, Value>) {
    let mut body = map.clone();
    let extra = SEED_KEYS
        .iter()
        .filter_map(|k| body.remove(*k).map(|v| ((*k).to_owned(), v)))
        .collect();
    (body, extra)
}

/// Decodes a creation body in the `/v2` form when it has `date_start` or `date_end`, else in
/// the `/v3` form.
fn decode_body<F: Family>(
    body: &Map<String, Value>,
    place: &Place<'_>,
) -> ApiResult<(ExternalId, Fields)> {
    let text = serde_json::to_vec(body).map_err(|e| ApiError::internal("seed", e))?;
    let decode = |e| place.at(e);
    Ok(
        if body.contains_key("date_start") || body.contains_key("date_end") {
            F::split(crate::extract::decode::<F::New<DateRange>>(&text).map_err(decode)?)
        } else {
            F::split(crate::extract::decode::<F::New<Periods>>(&text).map_err(decode)?)
        },
    )
}

/// A seed-only key's value, if the entry has it (422/1102 on the key when it does not decode).
fn option<T: DeserializeOwned>(
    extra: &Map<String, Value>,
    key: &str,
    place: &Place<'_>,
) -> ApiResult<Option<T>> {
    extra
        .get(key)
        .cloned()
        .map(|v| serde_json::from_value(v).map_err(|e| place.at(invalid(key, e))))
        .transpose()
}

/// 422/1102 on `user_limit_reset` unless it is a valid daily, weekly or monthly schedule.
fn check_reset_schedule(s: &RecurrentSchedule) -> ApiResult<()> {
    schedule::validate("user_limit_reset", s)?;
    if s.interval_type() == IntervalType::Hourly {
        return Err(invalid(
            "user_limit_reset",
            "resets daily, weekly or monthly",
        ));
    }
    Ok(())
}
