//! Support for the coupon, promo-code and unique-offer tests: a catalog with a unit item,
//! campaign bodies, and the families as one trait ([`families`]).
#![allow(dead_code, missing_docs)]

use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::coupons::{CouponInput, NewCoupon};
use xsolla_liveops::models::promo_codes::{NewPromoCode, PromoCodeInput};
use xsolla_liveops::models::promotions::{BonusItemInput, CartDiscount, Periods};
use xsolla_liveops::{Client, Code};
use xsolla_liveops_emulator::{Config, Seed};

use crate::common::{Harness, date};

pub mod families;

/// The test catalog plus a unit (a game with two keys) and extra sections from `extra`.
pub fn seed_with(extra: &str) -> Seed {
    Seed::from_json(&format!(
        r#"{{"items": [
            {{"sku": "gold", "name": {{"en": "Gold", "de": "Gold"}}, "type": "virtual_currency", "image_url": "https://img/gold.png"}},
            {{"sku": "potion", "name": {{"en": "Potion"}}, "description": {{"en": "Heals"}}, "type": "virtual_good"}},
            {{"sku": "sword", "name": {{"en": "Sword"}}, "type": "virtual_good", "price": {{"amount": "9.99", "currency": "USD"}}}},
            {{"sku": "shield", "name": {{"en": "Shield"}}, "type": "virtual_good", "price": {{"amount": "4.99", "currency": "USD"}}}},
            {{"sku": "key_steam", "name": {{"en": "Game (Steam)"}}, "type": "game_key"}},
            {{"sku": "key_epic", "name": {{"en": "Game (Epic)"}}, "type": "game_key"}},
            {{"sku": "game", "name": {{"en": "Game"}}, "type": "unit",
              "content": [{{"sku": "key_steam", "quantity": 1}}, {{"sku": "key_epic", "quantity": 1}}]}}
        ]{extra}}}"#
    ))
    .unwrap()
}

pub async fn start(now: i64) -> Harness {
    Harness::with_config(Config::default().with_seed(seed_with("")), now).await
}

pub fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub fn name(text: &str) -> LocalizedText {
    LocalizedText::default().with("en-US", text)
}

/// A coupon from `from` (no end) granting `gold` gold.
pub fn coupon(id: &str, from: i64, gold: i64) -> NewCoupon {
    NewCoupon::new(
        id,
        CouponInput {
            name: name("Coupon"),
            validity: Periods::single(date(from), None),
            bonus: vec![BonusItemInput::new("gold", gold)],
            ..Default::default()
        },
    )
}

/// A promo code from `from`: 10% off and one potion.
pub fn promo(id: &str, from: i64) -> NewPromoCode {
    NewPromoCode::new(
        id,
        PromoCodeInput {
            name: name("Promo"),
            validity: Periods::single(date(from), None),
            bonus: vec![BonusItemInput::new("potion", 1)],
            discount: Some(CartDiscount {
                percent: Some(xsolla_liveops::models::common::Decimal::new("10.00").unwrap()),
            }),
            ..Default::default()
        },
    )
}

/// Writes `pub async fn $name(c, body, codes)`: creates a campaign of the family reached by
/// `c.admin().$admin()`, adds `codes` to it and enables it.
macro_rules! launcher {
    ($name:ident, $body:ty, $admin:ident) => {
        pub async fn $name(c: &Client, body: $body, codes: &[&str]) {
            let admin = c.admin().$admin();
            let id = body.external_id.clone();
            admin.create(body).send().await.unwrap();
            for text in codes {
                admin
                    .create_code(id.clone(), code(text))
                    .send()
                    .await
                    .unwrap();
            }
            admin.activate(id).send().await.unwrap();
        }
    };
}

launcher!(launch_coupon, NewCoupon, coupons);
launcher!(launch_promo, NewPromoCode, promo_codes);
