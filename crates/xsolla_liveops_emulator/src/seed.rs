//! Seed files: a project described in the admin API's own request bodies.
//!
//! A seed is a JSON document:
//!
//! ```json
//! {
//!   "items": [{"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency",
//!              "image_url": "https://…", "price": {"amount": "0.99", "currency": "USD"}}],
//!   "daily_chains": [ /* bodies of POST /v2/project/{id}/admin/daily_chain */ ],
//!   "offer_chains": [ /* bodies of POST /v2/project/{id}/admin/offer_chain */ ],
//!   "users": [{"sub": "player-1", "attributes": {"level": "12"}}]
//! }
//! ```
//!
//! Items come first because chains refer to them by SKU.
//!
//! `value_points` holds bodies of `POST /v2/project/{id}/admin/items/value_points`;
//! `value_point_rewards` maps a value point's SKU to the body of
//! `PUT …/admin/items/{value_point_sku}/value_points/rewards` (the items that earn it);
//! `reward_chains` holds bodies of `POST …/admin/reward_chain`; `upsell` is the body of
//! `POST …/admin/items/upsell`.
//!
//! `discounts` and `bonuses` hold creation bodies of those promotions (`/v3` form, or `/v2`
//! with `date_start`/`date_end`), each with an optional `is_enabled` (default `true`);
//! `personalization_rules` holds rule creation bodies. Items may carry Xsolla's catalog
//! `limits` (`per_user`, `per_item`, `recurrent_schedule`).
//!
//! `coupons`, `promo_codes` and `unique_catalog_offers` hold creation bodies of those campaigns
//! plus optional `codes` (a list), `generate` (a count), `is_enabled` (seeded campaigns may
//! start enabled) and `user_limit_reset` (a daily, weekly or monthly schedule on which the
//! per-player limit starts over, which Xsolla's bodies cannot express).
//!
//! A seed is applied once, to a new database; a file database that already holds state keeps it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::daily::DailyChainInput;
use xsolla_liveops::models::offer::OfferChainInput;
use xsolla_liveops::models::rewards::{ItemValuePointsInput, RewardChainInput, ValuePointInput};
use xsolla_liveops::models::upsell::UpsellInput;

use crate::error::ApiError;
use crate::store::catalog::ItemInput;

const BUILTIN: &str = include_str!("default_seed.json");

/// A player known before any request: attributes for personalization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// The player id (the JWT `sub`).
    pub sub: String,
    /// Attributes that personalization conditions read.
    #[serde(default)]
    pub attributes: Map<String, Value>,
}

/// A whole project to load into a new database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// Catalog items, referred to by SKU everywhere else.
    #[serde(default)]
    pub items: Vec<ItemInput>,
    /// Daily chains, as create bodies.
    #[serde(default)]
    pub daily_chains: Vec<DailyChainInput>,
    /// Offer chains, as create bodies.
    #[serde(default)]
    pub offer_chains: Vec<OfferChainInput>,
    /// Players with attributes.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// The upsell setting, as a create body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upsell: Option<UpsellInput>,
    /// Coupon campaigns: creation bodies (`/v3` form, or `/v2` with `date_start`/`date_end`)
    /// plus optional `codes`, `generate`, `is_enabled` and `user_limit_reset`; see
    /// [`store::codes::seed`](crate::store::codes::seed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupons: Vec<Value>,
    /// Promo code campaigns, in the same form as `coupons`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promo_codes: Vec<Value>,
    /// Reward chains, as create bodies (their value points and rewards must exist).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reward_chains: Vec<RewardChainInput>,
    /// Value points, as create bodies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_points: Vec<ValuePointInput>,
    /// Items that earn value points: value point SKU → the items and amounts, as the body of
    /// the admin call that sets them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub value_point_rewards: BTreeMap<String, Vec<ItemValuePointsInput>>,
    /// Discount promotions, in the same form as `bonuses`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<Value>,
    /// Bonus promotions: creation bodies (`/v3` form, or `/v2` with `date_start`/`date_end`),
    /// each with an optional `is_enabled` (default `true`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonuses: Vec<Value>,
    /// Unique catalog offers, in the same form as `coupons`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique_catalog_offers: Vec<Value>,
    /// Personalized-catalog rules, as creation bodies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personalization_rules: Vec<Value>,
}

/// Why a seed file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The file could not be read.
    #[error("cannot read the seed file: {0}")]
    Io(#[from] std::io::Error),
    /// The document does not have the seed's shape.
    #[error("the seed does not match the format: {0}")]
    Format(String),
}

impl Seed {
    /// The built-in demo project: items with names and pictures, a 7-day rolling daily chain,
    /// and an offer chain that mixes free and paid steps and resets weekly.
    pub fn builtin() -> Self {
        Self::from_json(BUILTIN).unwrap_or_else(|e| {
            tracing::error!("the built-in seed is broken: {e}");
            Self::default()
        })
    }

    /// Reads a seed from JSON text.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        crate::extract::decode(text.as_bytes()).map_err(|e: ApiError| SeedError::Format(e.message))
    }

    /// Reads a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SeedError> {
        Self::from_json(&std::fs::read_to_string(path)?)
    }

    /// Logs the reserved sections that hold data, since they are not applied yet.
    pub fn warn_unsupported(&self) {
        // Every section is applied now; the list stays for sections still to come.
        let reserved: [(&str, usize); 0] = [];
        for (name, n) in reserved {
            if n > 0 {
                tracing::warn!("seed section `{name}` ({n} entries) is not supported yet");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_seed_parses() {
        let seed = Seed::from_json(BUILTIN).unwrap();
        assert!(seed.items.len() >= 5);
        assert_eq!(seed.daily_chains[0].steps.len(), 7);
        assert!(seed.offer_chains[0].steps.iter().any(|s| s.is_free));
        assert!(seed.offer_chains[0].steps.iter().any(|s| !s.is_free));
    }

    #[test]
    fn unknown_sections_are_refused() {
        let err = Seed::from_json(r#"{"itemz": []}"#).unwrap_err();
        assert!(err.to_string().contains("itemz"));
    }
}
