//! Seed files: a whole LiveOps project described in the admin API's own request bodies.
//!
//! The local emulator loads a seed into a new database, and the `liveops` command-line tool
//! plans, applies and exports a project in the same format, so one file describes a project
//! on a laptop and on Xsolla alike. A seed is a JSON document:
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
//! plus the keys of [`CAMPAIGN_SEED_KEYS`]: optional `codes` (a list), `generate` (a count),
//! `is_enabled` (seeded campaigns may start enabled) and `user_limit_reset` (a daily, weekly or
//! monthly schedule on which the per-player limit starts over, which Xsolla's bodies cannot
//! express).
//!
//! `login` ([`LoginSeed`]) sets up the emulator's Xsolla Login: OAuth 2.0 clients and players
//! with passwords. Xsolla's admin API cannot set any of it, so the `liveops` tool skips it.
//!
//! ```json
//! {"login": {
//!   "clients": [{"id": 1, "expires_in": 3600, "email_confirmation": false}],
//!   "users": [{"username": "ada", "email": "ada@example.com", "password": "correct horse"}]
//! }}
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::Password;
use crate::ids::{OAuthClientId, Sku};
use crate::models::common::{ItemType, LocalizedText, Price, StepItemInput};
use crate::models::daily::DailyChainInput;
use crate::models::offer::OfferChainInput;
use crate::models::promotions::LimitScheduleInput;
use crate::models::rewards::{ItemValuePointsInput, RewardChainInput, ValuePointInput};
use crate::models::upsell::UpsellInput;

const DEMO: &str = include_str!("demo_seed.json");

/// The keys a coupon, promo-code or unique-offer entry of a seed may carry besides the
/// campaign's creation body.
pub const CAMPAIGN_SEED_KEYS: [&str; 4] = ["codes", "generate", "is_enabled", "user_limit_reset"];

/// Purchase limits of a catalog item, as a seed (or Xsolla's catalog admin API) writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemLimitsInput {
    /// How many one player may buy (`None`: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_user: Option<i64>,
    /// How many may be sold in total (`None`: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_item: Option<i64>,
    /// When the per-player count starts over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent_schedule: Option<LimitScheduleInput>,
}

/// A catalog item's price in one virtual currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualPriceInput {
    /// SKU of the virtual currency (an item of type `virtual_currency`).
    pub sku: Sku,
    /// How many units of it one item costs.
    pub amount: i64,
    /// The price shown first when an item has several.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_default: bool,
}

/// A catalog item as a seed writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    /// SKU, 1..255 characters of letters, digits, `_`, `-` and `.`.
    pub sku: Sku,
    /// Name per language.
    pub name: LocalizedText,
    /// Description per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Item kind.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// Picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Price in real money; an item without a price is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Price>,
    /// Prices in virtual currency, one per currency that can buy the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub virtual_prices: Vec<VirtualPriceInput>,
    /// Bundle kind (`standard`, `virtual_currency_package`), for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<String>,
    /// What a bundle contains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<StepItemInput>,
    /// Purchase limits (`per_user`, `per_item`, `recurrent_schedule`), as Xsolla's catalog
    /// admin API writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ItemLimitsInput>,
}

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

/// An OAuth 2.0 client of the emulator's Xsolla Login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginClientSeed {
    /// The client id games send as `client_id`.
    pub id: OAuthClientId,
    /// Lifetime of the access tokens it issues, in seconds (default 3600).
    #[serde(default = "default_expires_in")]
    pub expires_in: u64,
    /// Whether new accounts must confirm their e-mail before password sign-in works
    /// (default `false`): registration then answers 204, and sign-in `003-007`.
    #[serde(default)]
    pub email_confirmation: bool,
    /// Redirect URIs; the first is used when a call sends none (default
    /// `https://login.xsolla.com/api/blank`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirect_uris: Vec<String>,
}

fn default_expires_in() -> u64 {
    crate::models::login::DEFAULT_EXPIRES_IN
}

fn default_true() -> bool {
    true
}

fn is_true(v: &bool) -> bool {
    *v
}

fn is_false(v: &bool) -> bool {
    !*v
}

/// A player of the emulator's Xsolla Login. The password is kept only as an Argon2 hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginUserSeed {
    /// The username (sign-in takes it or the e-mail address).
    pub username: String,
    /// The e-mail address.
    pub email: String,
    /// The password, in the clear in the seed file only.
    pub password: Password,
    /// Whether the e-mail address is confirmed (default `true`). An unconfirmed player gets
    /// `003-007` from clients with `email_confirmation` until
    /// `POST /__emulator/login/users/{username}/confirm`.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub confirmed: bool,
    /// Whether the player is banned (sign-in answers `002-040`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub banned: bool,
}

/// The emulator's Xsolla Login: clients and players. A seed without this section gets client
/// `1` (tokens for 3600 s, no e-mail confirmation) and no players.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSeed {
    /// OAuth 2.0 clients.
    #[serde(default)]
    pub clients: Vec<LoginClientSeed>,
    /// Players with passwords.
    #[serde(default)]
    pub users: Vec<LoginUserSeed>,
}

/// A whole project.
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
    /// plus the optional [`CAMPAIGN_SEED_KEYS`].
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
    /// The emulator's Xsolla Login (not part of a LiveOps project: `liveops` skips it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<LoginSeed>,
}

/// Why a seed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The file could not be read.
    #[error("cannot read the seed file: {0}")]
    Io(#[from] std::io::Error),
    /// The text is not JSON.
    #[error("the seed is not valid JSON (line {line}, column {column}): {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The document is JSON but does not have the seed's shape.
    #[error("the seed does not match the format at `{path}`: {message}")]
    Format {
        /// JSON path of the offending value (`coupons[0].name`, or `.` for the document).
        path: String,
        /// What was expected there.
        message: String,
    },
}

impl Seed {
    /// The demo project: items with names and pictures, a 7-day rolling daily chain, an offer
    /// chain that mixes free and paid steps and resets weekly, coupons, a promo code, value
    /// points with a reward chain, upsell, and Xsolla Login client `1` with two players:
    /// `ada` (password `ada-plays-2026`) and `grace` (password `grace-plays-2026`).
    pub fn builtin() -> Self {
        Self::from_json(DEMO).unwrap_or_default()
    }

    /// The demo project's JSON text.
    pub fn builtin_json() -> &'static str {
        DEMO
    }

    /// Reads a seed from JSON text; an error names the JSON path of the offending value.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let seed: Self = serde_path_to_error::deserialize(&mut de).map_err(describe)?;
        de.end().map_err(|e| SeedError::Syntax {
            line: e.line(),
            column: e.column(),
            message: "trailing characters after the document".into(),
        })?;
        Ok(seed)
    }

    /// Reads a seed file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SeedError> {
        Self::from_json(&std::fs::read_to_string(path)?)
    }

    /// The seed as pretty-printed JSON, the form `liveops export` writes.
    pub fn to_json_pretty(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn describe(err: serde_path_to_error::Error<serde_json::Error>) -> SeedError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let (line, column) = (inner.line(), inner.column());
    let text = inner.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
    if matches!(inner.classify(), serde_json::error::Category::Data) {
        SeedError::Format { path, message }
    } else {
        SeedError::Syntax {
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_section_reads_with_its_defaults_and_hides_passwords() {
        let seed = Seed::from_json(
            r#"{"login": {"clients": [{"id": 1}, {"id": 2, "expires_in": 60,
                "email_confirmation": true, "redirect_uris": ["https://x/cb"]}],
               "users": [{"username": "ada", "email": "ada@example.com", "password": "pw-123456",
                          "confirmed": false}]}}"#,
        )
        .unwrap();
        let login = seed.login.as_ref().unwrap();
        assert_eq!(login.clients[0].id, OAuthClientId(1));
        assert_eq!(login.clients[0].expires_in, 3600);
        assert!(!login.clients[0].email_confirmation);
        assert!(login.clients[1].email_confirmation);
        assert!(!login.users[0].confirmed && !login.users[0].banned);
        assert!(!format!("{seed:?}").contains("pw-123456"));
        // Written back, it reads the same.
        assert_eq!(Seed::from_json(&seed.to_json_pretty()).unwrap(), seed);
        let err = Seed::from_json(r#"{"login": {"users": [{"username": "a"}]}}"#).unwrap_err();
        assert!(err.to_string().contains("login.users[0]"), "{err}");
        let demo = Seed::from_json(DEMO).unwrap().login.unwrap();
        assert_eq!(demo.clients[0].id, OAuthClientId(1));
        assert_eq!(demo.users.len(), 2);
    }

    #[test]
    fn the_demo_seed_parses() {
        let seed = Seed::from_json(DEMO).unwrap();
        assert!(seed.items.len() >= 5);
        assert_eq!(seed.daily_chains[0].steps.len(), 7);
        assert!(seed.offer_chains[0].steps.iter().any(|s| s.is_free));
        assert!(seed.offer_chains[0].steps.iter().any(|s| !s.is_free));
    }

    #[test]
    fn unknown_sections_are_refused_with_their_name() {
        let err = Seed::from_json(r#"{"itemz": []}"#).unwrap_err();
        assert!(err.to_string().contains("itemz"), "{err}");
    }

    #[test]
    fn a_wrong_type_names_its_json_path() {
        let err = Seed::from_json(r#"{"value_points": [{"sku": 5}]}"#).unwrap_err();
        match err {
            SeedError::Format { path, .. } => assert_eq!(path, "value_points[0].sku"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn broken_json_gives_its_position() {
        let err = Seed::from_json("{\n  \"items\": [,]\n}").unwrap_err();
        assert!(matches!(err, SeedError::Syntax { line: 2, .. }), "{err}");
    }
}
