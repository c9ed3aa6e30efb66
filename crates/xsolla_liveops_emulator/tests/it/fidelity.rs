//! Where the emulator once differed from Xsolla's spec or left a rule unapplied: value points on
//! offer-chain steps and disabled value points, nullable fields, an optional body, the admin
//! upsell array, bonus price conditions and exclusions, and promo-code bonus items granted when
//! the cart is paid.

use reqwest::Method;
use serde_json::{Value, json};
use xsolla_liveops::models::rewards::ValuePointInput;
use xsolla_liveops_emulator::{Config, Seed};

use crate::common::*;

const NOW: i64 = 1_767_225_600; // 2026-01-01

async fn demo() -> Harness {
    Harness::with_config(Config::default(), NOW).await
}

fn hero_points(step: &Value) -> i64 {
    step["step_vp_rewards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["sku"] == "hero_points")
        .map_or(0, |r| r["amount"].as_i64().unwrap())
}

#[test]
fn an_offer_step_shows_the_value_points_its_item_earns_and_a_disabled_value_point_earns_none() {
    rt().block_on(async {
        let h = demo().await;
        let url = h.v2("/user/offer_chain");
        let (status, list, _) = h.raw(Method::GET, &url, h.bearer("p1"), None).await;
        assert_eq!(status, 200, "{list}");
        let chain = &list["items"][0];
        // Step 1 is three health potions at 5 points each; step 3 is gold, which earns none.
        assert_eq!(hero_points(&chain["steps"][0]), 15);
        assert_eq!(chain["steps"][2]["step_vp_rewards"], json!([]));
        assert_eq!(
            chain["steps"][0]["step_vp_rewards"][0]["name"],
            "Hero points"
        );

        let id = chain["id"].as_i64().unwrap();
        let claim = h.v2(&format!("/user/offer_chain/{id}/step/number/1/claim"));
        let (status, body, _) = h.raw(Method::POST, &claim, h.bearer("p1"), None).await;
        assert!(status < 300, "{status} {body}");
        assert_eq!(
            h.emu.grant_value_points("p1", "hero_points", 0).unwrap(),
            15
        );

        // Disabled: the step no longer shows the points and a grant credits none.
        let c = h.client("p1");
        let mut vp: ValuePointInput = c
            .admin()
            .value_points()
            .get("hero_points")
            .send()
            .await
            .unwrap()
            .into();
        vp.is_enabled = Some(false);
        c.admin()
            .value_points()
            .update("hero_points", vp.clone())
            .send()
            .await
            .unwrap();
        let (_, list, _) = h.raw(Method::GET, &url, h.bearer("p2"), None).await;
        assert_eq!(list["items"][0]["steps"][0]["step_vp_rewards"], json!([]));
        let (status, _, _) = h.raw(Method::POST, &claim, h.bearer("p2"), None).await;
        assert!(status < 300);
        assert_eq!(h.quantity("p2", "health_potion"), 3);
        assert_eq!(h.emu.grant_value_points("p2", "hero_points", 0).unwrap(), 0);

        // Enabled again: earning resumes.
        vp.is_enabled = Some(true);
        c.admin()
            .value_points()
            .update("hero_points", vp)
            .send()
            .await
            .unwrap();
        let (_, list, _) = h.raw(Method::GET, &url, h.bearer("p3"), None).await;
        assert_eq!(hero_points(&list["items"][0]["steps"][0]), 15);
    });
}

#[test]
fn fields_the_spec_makes_nullable_accept_null() {
    rt().block_on(async {
        let h = Harness::with_config(
            Config::default().with_seed(crate::codes_support::seed_with("")),
            NOW,
        )
        .await;
        let coupon = json!({
            "external_id": "null_coupon", "name": {"en-US": "Coupon"},
            "date_start": "2026-01-01T00:00:00+00:00", "date_end": null,
            "bonus": null, "redeem_total_limit": null, "redeem_user_limit": null,
            "redeem_code_limit": null
        });
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/coupon"),
                h.basic(),
                Some(&coupon.to_string()),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let promo = json!({
            "external_id": "null_promo", "name": {"en-US": "Promo"},
            "date_start": "2026-01-01T00:00:00+00:00", "date_end": null,
            "bonus": null, "discount": null, "discounted_items": null,
            "price_conditions": null, "item_price_conditions": null,
            "redeem_total_limit": null, "redeem_user_limit": null, "redeem_code_limit": null
        });
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/promocode"),
                h.basic(),
                Some(&promo.to_string()),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let bonus = json!({
            "name": {"en-US": "Bonus"}, "date_start": "2026-01-01T00:00:00+00:00",
            "date_end": null, "condition": null, "bonus": null, "price_conditions": null,
            "limits": {"per_user": null, "recurrent_schedule": null}
        });
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/promotion/bonus"),
                h.basic(),
                Some(&bonus.to_string()),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        // A value of the wrong type is still refused.
        let mut wrong = coupon.clone();
        wrong["external_id"] = json!("wrong_coupon");
        wrong["bonus"] = json!("gold");
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/coupon"),
                h.basic(),
                Some(&wrong.to_string()),
            )
            .await;
        assert_eq!(
            (status, body["errorCode"].as_i64()),
            (422, Some(1102)),
            "{body}"
        );
    });
}

#[test]
fn removing_a_promo_code_needs_no_body_and_the_admin_upsell_read_is_an_array_for_either_credential()
{
    rt().block_on(async {
        let h = demo().await;
        let url = h.v2("/promocode/remove");
        let (status, cart, _) = h.raw(Method::PUT, &url, h.bearer("p1"), None).await;
        assert_eq!(status, 200, "{cart}");
        assert_eq!(cart["cart_id"], "current");
        let (status, _, _) = h
            .raw(Method::PUT, &url, h.bearer("p1"), Some("{\"cart\":"))
            .await;
        assert_eq!(status, 422);

        let (status, upsell, _) = h
            .raw(Method::GET, &h.v2("/admin/items/upsell"), h.basic(), None)
            .await;
        assert_eq!(status, 200);
        assert_eq!(upsell.as_array().map(Vec::len), Some(1), "{upsell}");
        assert!(upsell[0]["items"].is_array());
        // The spec documents the upsell admin calls with a player's JWT: accepted too.
        let (status, same, _) = h
            .raw(
                Method::GET,
                &h.v2("/admin/items/upsell"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!((status, &same), (200, &upsell));
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/admin/items/upsell"),
                Some("Bearer nope".into()),
                None,
            )
            .await;
        assert_eq!(status, 401);
        let (status, _, _) = h
            .raw(Method::GET, &h.v2("/admin/items/upsell"), None, None)
            .await;
        assert_eq!(status, 401);
    });
}

/// Sword (9.99) and shield (4.99) as paid offer-chain steps, an optional discount, and the
/// bonus promotions `bonuses` makes knowing the discount's id.
async fn shop(
    discount: Option<Value>,
    bonuses: impl Fn(Option<i64>) -> Vec<Value>,
) -> (Harness, i64) {
    let h = Harness::start(NOW).await;
    let c = h.client("p1");
    let mut chain = offer_input(NOW - 10);
    chain.steps[0].is_free = false;
    chain.steps[0].items[0].sku = "sword".into();
    chain.steps[0].items[0].quantity = 1;
    chain.steps[1].is_free = false;
    chain.steps[1].items[0].sku = "shield".into();
    chain.steps[1].items[0].quantity = 1;
    let id = c
        .admin()
        .offer_chains()
        .create(chain)
        .send()
        .await
        .unwrap()
        .offer_chain_id;
    let create = |path: &'static str, body: Value| {
        let h = &h;
        async move {
            let (status, answer, _) = h
                .raw(
                    Method::POST,
                    &h.v2(path),
                    h.basic(),
                    Some(&body.to_string()),
                )
                .await;
            assert_eq!(status, 201, "{answer}");
            answer["promotion_id"]
                .as_i64()
                .or_else(|| answer["id"].as_i64())
        }
    };
    let discount_id = match discount {
        Some(d) => create("/admin/promotion/item", d).await,
        None => None,
    };
    for b in bonuses(discount_id) {
        create("/admin/promotion/bonus", b).await;
    }
    (h, id.0)
}

fn bonus(name: &str, sku: &str, extra: Value) -> Value {
    let mut b = json!({
        "name": {"en-US": name}, "date_start": "2025-01-01T00:00:00+00:00",
        "date_end": null, "condition": null, "bonus": [{"sku": sku, "quantity": 1}]
    });
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

async fn buy(h: &Harness, chain: i64, step: i64) {
    let url = h.v2(&format!(
        "/user/offer_chain/{chain}/step/number/{step}/order"
    ));
    let (status, body, _) = h.raw(Method::POST, &url, h.bearer("p1"), None).await;
    assert_eq!(status, 200, "{body}");
    let order = body["order_id"].as_i64().unwrap();
    assert!(h.emu.pay_order(order).unwrap());
}

#[test]
fn a_bonus_with_price_conditions_is_earned_only_by_a_purchase_in_that_range() {
    rt().block_on(async {
        let expensive = bonus(
            "Big spender",
            "gold",
            json!({"price_conditions": [{"operator": "ge", "value": "5.00"}]}),
        );
        let (h, chain) = shop(None, |_| vec![expensive.clone()]).await;
        buy(&h, chain, 1).await; // 9.99: earned
        assert_eq!(h.quantity("p1", "sword"), 1);
        assert_eq!(h.quantity("p1", "gold"), 1);
        buy(&h, chain, 2).await; // 4.99: not earned
        assert_eq!(h.quantity("p1", "shield"), 1);
        assert_eq!(h.quantity("p1", "gold"), 1);
    });
}

#[test]
fn excluded_promotions_do_not_combine() {
    rt().block_on(async {
        // Two bonuses that exclude each other: only the first (lower id) applies.
        let (h, chain) = shop(None, |_| {
            vec![
                bonus("First", "gold", json!({})),
                bonus("Second", "potion", json!({"excluded_promotions": [1]})),
            ]
        })
        .await;
        buy(&h, chain, 1).await;
        assert_eq!(h.quantity("p1", "gold"), 1);
        assert_eq!(h.quantity("p1", "potion"), 0);

        // A bonus that excludes the discount the purchase was priced with is not earned, and
        // the discount lowers the price that price conditions see (9.99 at 50% off is 5.00).
        let discount = json!({
            "name": {"en-US": "Sale"}, "date_start": "2025-01-01T00:00:00+00:00",
            "date_end": null, "discount": {"percent": "50.00"},
            "items": [{"sku": "sword"}]
        });
        let (h, chain) = shop(Some(discount), |discount_id| {
            let discount_id = discount_id.expect("the discount's id");
            vec![
                bonus(
                    "No stacking",
                    "gems",
                    json!({"excluded_promotions": [discount_id]}),
                ),
                bonus(
                    "Over 9",
                    "potion",
                    json!({"price_conditions": [{"operator": "gt", "value": "9.00"}]}),
                ),
                bonus(
                    "Over 4",
                    "gold",
                    json!({"price_conditions": [{"operator": "ge", "value": "5.00"}]}),
                ),
            ]
        })
        .await;
        buy(&h, chain, 1).await;
        assert_eq!(h.quantity("p1", "sword"), 1);
        assert_eq!(h.quantity("p1", "gems"), 0, "{:?}", h.inventory("p1"));
        assert_eq!(h.quantity("p1", "potion"), 0, "{:?}", h.inventory("p1"));
        assert_eq!(h.quantity("p1", "gold"), 1, "{:?}", h.inventory("p1"));
    });
}

#[test]
fn paying_a_cart_grants_the_promo_code_bonus_and_spends_the_reserved_use() {
    rt().block_on(async {
        let seed = crate::codes_support::seed_with(
            r#", "promo_codes": [{"external_id": "gift", "name": {"en-US": "Gift"},
                 "date_start": "2025-01-01T00:00:00+00:00",
                 "bonus": [{"sku": "potion", "quantity": 2}], "redeem_total_limit": 5,
                 "codes": ["GIFT1"], "is_enabled": true}]"#,
        );
        let h = Harness::with_config(Config::default().with_seed(seed), NOW).await;
        let (status, cart, _) = h
            .raw(
                Method::POST,
                &h.v2("/promocode/redeem"),
                h.bearer("p1"),
                Some(r#"{"coupon_code":"GIFT1"}"#),
            )
            .await;
        assert_eq!(status, 200, "{cart}");
        assert_eq!(h.quantity("p1", "potion"), 0);
        let url = h.v2("/admin/promocode/gift");
        let (_, before, _) = h.raw(Method::GET, &url, h.basic(), None).await;
        assert_eq!(before["total_limit_state"]["reserved"], 1, "{before}");

        let pay = h.url("/__emulator/users/p1/carts/current/pay");
        let (status, paid, _) = h.raw(Method::POST, &pay, None, None).await;
        assert_eq!(status, 200, "{paid}");
        assert_eq!(paid["granted"], json!([{"sku": "potion", "quantity": 2}]));
        assert_eq!(h.quantity("p1", "potion"), 2);
        let (_, after, _) = h.raw(Method::GET, &url, h.basic(), None).await;
        let state = &after["total_limit_state"];
        assert_eq!(
            (&state["reserved"], &state["used"]),
            (&json!(0), &json!(1)),
            "{after}"
        );

        // The cart is empty now: paying again grants nothing (the library call agrees).
        assert_eq!(h.emu.pay_cart("p1", "current").unwrap(), Vec::new());
        let (status, paid, _) = h.raw(Method::POST, &pay, None, None).await;
        assert_eq!(status, 200);
        assert_eq!(paid["granted"], json!([]));
        assert_eq!(h.quantity("p1", "potion"), 2);
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/users/p1/carts/bad%20id/pay"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 422);
    });
}

#[test]
fn the_demo_seed_still_loads() {
    assert!(Seed::builtin().items.len() > 3);
}
