//! Coupon redemption through the typed client: its checks in order, grants in the inventory,
//! total limits and attribute conditions, unit choices, per-code limits. Campaigns on `/v2`
//! and `/v3`, adding, generating and listing codes, codes of disabled or expired campaigns,
//! the admin's per-player limit calls and the refusal of malformed redemptions are in
//! `codes_per_family`, run for each family.

use crate::codes_support::*;
use crate::common::*;
use serde_json::json;
use xsolla_liveops::models::common::{AttributeCondition, StringOperator};
use xsolla_liveops::models::coupons::CouponRedemption;
use xsolla_liveops::models::promotions::{BonusItemInput, Periods};

#[test]
fn redemption_checks_run_in_order_and_grant_in_the_inventory() {
    rt().block_on(async {
        let h = start(T0 + 60).await;
        let c = h.client("p1");
        let admin = c.admin().coupons();
        let mut body = coupon("welcome", T0, 500);
        body.coupon.validity = Periods::single(date(T0), Some(date(T0 + 10 * DAY)));
        body.coupon.redeem_user_limit = Some(2);
        body.coupon.redeem_code_limit = Some(3);
        body.coupon.bonus.push(BonusItemInput::new("potion", 2));
        launch_coupon(&c, body, &["WELCOME", "OTHER"]).await;

        let rewards = c.coupons().rewards(code("WELCOME")).send().await.unwrap();
        assert_eq!(rewards.bonus.len(), 2);
        assert_eq!(rewards.bonus[0].item.sku.0, "gold");
        assert_eq!(rewards.bonus[0].quantity, 500);
        assert!(!rewards.is_selectable);

        let redeemed = c.coupons().redeem(code("WELCOME")).send().await.unwrap();
        assert_eq!(redeemed.items.len(), 2);
        assert_eq!(redeemed.items[0].sku.0, "gold");
        assert_eq!(redeemed.items[0].quantity, 500);
        assert!(redeemed.items[0].is_free);
        assert_eq!(redeemed.items[0].name.as_deref(), Some("Gold"));
        assert_eq!(h.quantity("p1", "gold"), 500);
        assert_eq!(h.quantity("p1", "potion"), 2);

        // Second use of the player's two; then the per-player limit is spent.
        c.coupons().redeem(code("OTHER")).send().await.unwrap();
        let err = c
            .coupons()
            .redeem(code("WELCOME"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            api(&err),
            (
                422,
                9804,
                "[0401-9804]: You have reached the coupon redemption limit.".into()
            )
        );
        assert_eq!(
            api(&c
                .coupons()
                .rewards(code("WELCOME"))
                .send()
                .await
                .unwrap_err())
            .1,
            9804
        );
        assert_eq!(
            h.quantity("p1", "gold"),
            1000,
            "nothing granted by a refusal"
        );

        // Per-code limit: WELCOME has 3 uses; p1 used one, p2 and p3 take the rest.
        h.client("p2")
            .coupons()
            .redeem(code("WELCOME"))
            .send()
            .await
            .unwrap();
        h.client("p3")
            .coupons()
            .redeem(code("WELCOME"))
            .send()
            .await
            .unwrap();
        let err = h
            .client("p4")
            .coupons()
            .redeem(code("WELCOME"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9804);
        h.client("p4")
            .coupons()
            .redeem(code("OTHER"))
            .send()
            .await
            .unwrap();

        let limits = admin
            .code_limits("welcome", [code("WELCOME"), code("OTHER"), code("MISSING")])
            .send()
            .await
            .unwrap();
        assert_eq!(limits.total_items_count, Some(2));
        assert_eq!(limits.items[0].code.as_str(), "WELCOME");
        assert_eq!(
            (
                limits.items[0].per_code.used,
                limits.items[0].per_code.available
            ),
            (3, Some(0))
        );
        assert_eq!(limits.items[1].per_code.available, Some(1));
        let all = admin.code_limits("welcome", []).send().await.unwrap();
        assert_eq!(all.items.len(), 2);
        assert!(!all.has_more);
        let page = admin
            .code_limits("welcome", [])
            .limit(1)
            .send()
            .await
            .unwrap();
        assert!(page.has_more);
        let state = admin.get("welcome").send().await.unwrap();
        assert!(
            state.total_limit_state.is_none(),
            "no total limit, no state"
        );
    });
}

#[test]
fn total_limit_and_attribute_conditions() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().coupons();
        let mut body = coupon("vip", T0, 10);
        body.coupon.redeem_total_limit = Some(2);
        body.coupon.attribute_conditions = vec![AttributeCondition::String {
            attribute: "tier".into(),
            operator: StringOperator::Eq,
            value: "gold".into(),
            can_be_missing: None,
        }];
        admin.create(body).send().await.unwrap();
        admin
            .generate_codes("vip", 5)
            .unwrap()
            .send()
            .await
            .unwrap();
        admin.activate("vip").send().await.unwrap();
        let codes = admin.codes("vip").send().await.unwrap().codes;

        let err = c
            .coupons()
            .redeem(codes[0].code.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            api(&err),
            (
                422,
                9808,
                "[0401-9808]: Coupon is not available in your region.".into()
            )
        );
        for p in ["p1", "p2", "p3"] {
            let mut attrs = serde_json::Map::new();
            attrs.insert("tier".into(), json!("gold"));
            h.emu.set_attributes(p, attrs).unwrap();
        }
        c.coupons()
            .redeem(codes[0].code.clone())
            .send()
            .await
            .unwrap();
        h.client("p2")
            .coupons()
            .redeem(codes[1].code.clone())
            .send()
            .await
            .unwrap();
        let err = h
            .client("p3")
            .coupons()
            .redeem(codes[2].code.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9804, "the total limit is spent");
        let state = admin
            .get("vip")
            .send()
            .await
            .unwrap()
            .total_limit_state
            .unwrap();
        assert_eq!((state.available, state.used), (0, 2));
        assert_eq!(h.quantity("p3", "gold"), 0);
    });
}

#[test]
fn unit_rewards_need_a_choice() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let mut body = coupon("game", T0, 1);
        body.coupon.bonus = vec![BonusItemInput::new("game", 1)];
        launch_coupon(&c, body, &["GAME"]).await;

        let rewards = c.coupons().rewards(code("GAME")).send().await.unwrap();
        assert!(rewards.is_selectable);
        let choices: Vec<_> = rewards.choices().collect();
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].1.len(), 2);
        assert_eq!(choices[0].1[0].sku.0, "key_steam");

        for bad in [
            CouponRedemption::new(code("GAME")),
            CouponRedemption::new(code("GAME")).select("game", "gold"),
            CouponRedemption::new(code("GAME"))
                .select("game", "key_epic")
                .select("potion", "key_epic"),
        ] {
            let err = c.coupons().redeem(bad).send().await.unwrap_err();
            let (status, code, message) = api(&err);
            assert_eq!((status, code), (422, 1102), "{message}");
            assert!(message.contains("selected_unit_items"), "{message}");
        }
        assert!(h.inventory("p1").is_empty());
        let redeemed = c
            .coupons()
            .redeem(CouponRedemption::new(code("GAME")).select("game", "key_epic"))
            .send()
            .await
            .unwrap();
        assert_eq!(redeemed.items[0].sku.0, "key_epic");
        assert_eq!(h.inventory("p1"), [("key_epic".to_owned(), 1)]);
    });
}
