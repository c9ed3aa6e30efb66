//! A bundle granted by any path (daily claim, offer-chain claim, paid order, bonus promotion,
//! reward-chain claim, coupon, promo code on a paid cart) lands in the inventory as its
//! contents, as Xsolla credits it; the answers keep describing the bundle itself.

use std::future::Future;

use serde_json::json;
use xsolla_liveops::Code;
use xsolla_liveops_emulator::{Config, Seed};

use crate::common::{Harness, T0, rt};
use crate::reward_chain_support::{first_chain, grant_points};

/// `chest` holds 10 gold and a potion; `pack` (paid) holds two chests and a sword, so it
/// opens to 20 gold, 2 potions and a sword.
fn seed() -> Seed {
    Seed::from_json(
        r#"{
          "items": [
            {"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency"},
            {"sku": "potion", "name": {"en": "Potion"}, "type": "virtual_good"},
            {"sku": "sword", "name": {"en": "Sword"}, "type": "virtual_good"},
            {"sku": "chest", "name": {"en": "Chest"}, "type": "bundle", "bundle_type": "standard",
             "content": [{"sku": "gold", "quantity": 10}, {"sku": "potion", "quantity": 1}]},
            {"sku": "pack", "name": {"en": "Pack"}, "type": "bundle", "bundle_type": "standard",
             "price": {"amount": "4.99", "currency": "USD"},
             "content": [{"sku": "chest", "quantity": 2}, {"sku": "sword", "quantity": 1}]}
          ],
          "daily_chains": [{"name": {"en": "Daily"}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true, "type": "rolling",
            "steps": [{"step_number": 1, "items": [{"sku": "chest", "quantity": 1}]}]}],
          "offer_chains": [{"name": {"en": "Offers"}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true,
            "steps": [{"step_number": 1, "is_free": true, "items": [{"sku": "chest", "quantity": 1}]},
                      {"step_number": 2, "is_free": false, "items": [{"sku": "pack", "quantity": 1}]}]}],
          "value_points": [{"sku": "points", "name": {"en": "Points"}, "is_enabled": true}],
          "reward_chains": [{"name": {"en": "Rewards"}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true, "value_point": {"sku": "points"},
            "steps": [{"name": {"en": "One"}, "price": {"amount": 10},
                       "reward": [{"sku": "chest", "quantity": 3}]}]}],
          "coupons": [{"external_id": "chest", "name": {"en-US": "Chest"},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "bonus": [{"sku": "chest", "quantity": 1}], "is_enabled": true, "codes": ["CHEST"]}],
          "promo_codes": [{"external_id": "promo", "name": {"en-US": "Promo"},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "bonus": [{"sku": "chest", "quantity": 1}], "is_enabled": true, "codes": ["PROMOCHEST"]}]
        }"#,
    )
    .unwrap()
}

/// Runs `grant` for a fresh player on a fresh emulator and checks the inventory it leaves.
#[track_caller]
fn opens<F, Fut>(seed: Seed, grant: F, expected: &[(&str, i64)])
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = Harness>,
{
    rt().block_on(async {
        let h = Harness::with_config(Config::default().with_seed(seed), T0 + 60).await;
        let h = grant(h).await;
        let got = h.inventory("p1");
        let expected: Vec<(String, i64)> = expected
            .iter()
            .map(|(s, q)| ((*s).to_owned(), *q))
            .collect();
        assert_eq!(got, expected, "the inventory holds the bundle's contents");
    });
}

const CHEST: &[(&str, i64)] = &[("gold", 10), ("potion", 1)];

#[test]
fn a_daily_claim_opens_the_bundle() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            let chain = c.daily_chains().list().send().await.unwrap().items[0].id;
            c.daily_chains().claim(chain, 1).send().await.unwrap();
            h
        },
        CHEST,
    );
}

#[test]
fn an_offer_chain_claim_opens_the_bundle_and_its_answer_still_shows_the_bundle() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            let chain = c.offer_chains().list().send().await.unwrap().items[0].id;
            let seen = c.offer_chains().get(chain).send().await.unwrap();
            let item = &seen.steps[0].items[0];
            assert_eq!(item.sku.0, "chest");
            assert_eq!(item.content.len(), 2, "the answer describes the bundle");
            c.offer_chains().claim(chain, 1).send().await.unwrap();
            h
        },
        CHEST,
    );
}

#[test]
fn a_paid_order_opens_nested_bundles() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            let chain = c.offer_chains().list().send().await.unwrap().items[0].id;
            c.offer_chains().claim(chain, 1).send().await.unwrap();
            let order = c.offer_chains().order(chain, 2).send().await.unwrap();
            assert!(h.emu.pay_order(order.order_id.0).unwrap());
            h
        },
        // One chest from step 1, then a pack: two chests and a sword.
        &[("gold", 30), ("potion", 3), ("sword", 1)],
    );
}

#[test]
fn a_bonus_promotion_on_a_paid_order_opens_the_bundle() {
    let mut seed = seed();
    seed.bonuses = Seed::from_json(
        r#"{"bonuses": [{"name": {"en-US": "gift"}, "condition": null,
            "bonus": [{"sku": "chest", "quantity": 1}]}]}"#,
    )
    .unwrap()
    .bonuses;
    opens(
        seed,
        |h| async move {
            let c = h.client("p1");
            let chain = c.offer_chains().list().send().await.unwrap().items[0].id;
            c.offer_chains().claim(chain, 1).send().await.unwrap();
            let order = c.offer_chains().order(chain, 2).send().await.unwrap();
            assert!(h.emu.pay_order(order.order_id.0).unwrap());
            h
        },
        // Step 1's chest, the pack (two chests and a sword), the bonus chest.
        &[("gold", 40), ("potion", 4), ("sword", 1)],
    );
}

#[test]
fn a_reward_chain_claim_opens_the_bundle() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            grant_points(&h, "p1", "points", 10).await;
            let chain = first_chain(&c).await;
            let step = chain.steps[0].step_id;
            c.reward_chains()
                .claim(chain.reward_chain_id, step)
                .send()
                .await
                .unwrap();
            h
        },
        &[("gold", 30), ("potion", 3)],
    );
}

#[test]
fn a_coupon_redemption_opens_the_bundle_and_its_answer_still_shows_the_bundle() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            let redeemed = c
                .coupons()
                .redeem(Code::parse("CHEST").unwrap())
                .send()
                .await
                .unwrap();
            assert_eq!(redeemed.items[0].sku.0, "chest");
            h
        },
        CHEST,
    );
}

#[test]
fn a_promo_code_on_a_paid_cart_opens_the_bundle() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            c.promo_codes()
                .redeem(Code::parse("PROMOCHEST").unwrap())
                .send()
                .await
                .unwrap();
            let granted = h.emu.pay_cart("p1", "current").unwrap();
            assert_eq!(
                granted,
                [("chest".to_owned(), 1)],
                "the grant names the bundle"
            );
            h
        },
        CHEST,
    );
}

#[test]
fn the_control_api_inventory_shows_contents_only() {
    opens(
        seed(),
        |h| async move {
            let c = h.client("p1");
            let chain = c.daily_chains().list().send().await.unwrap().items[0].id;
            c.daily_chains().claim(chain, 1).send().await.unwrap();
            let (status, body, _) = h
                .raw(
                    reqwest::Method::GET,
                    &h.url("/__emulator/users/p1/inventory"),
                    None,
                    None,
                )
                .await;
            assert_eq!(status, 200);
            assert_eq!(
                body,
                json!({"items": [{"sku": "gold", "quantity": 10}, {"sku": "potion", "quantity": 1}]})
            );
            h
        },
        CHEST,
    );
}
