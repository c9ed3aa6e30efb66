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
//!
//! The format itself ([`Seed`] and its parts) lives in the client crate
//! (`xsolla_liveops::seed`, feature `admin`) so tools can read and write seeds without
//! carrying a server; the crate root re-exports [`Seed`] and [`SeedError`], and the store
//! applies a seed.

pub use xsolla_liveops::seed::{Seed, SeedError};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_seed_parses() {
        let seed = Seed::builtin();
        assert!(seed.items.len() >= 5);
        assert_eq!(seed.daily_chains[0].steps.len(), 7);
    }

    #[test]
    fn unknown_sections_are_refused() {
        let err = Seed::from_json(r#"{"itemz": []}"#).unwrap_err();
        assert!(err.to_string().contains("itemz"));
    }
}
