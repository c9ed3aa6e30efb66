//! Coupons: what only coupons have. The calls every campaign family shares are tested per
//! family in `campaigns`.

use crate::common::mock::{MockServer, Reply, expected_bearer};
use crate::common::spec::{Compare, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::Code;
use xsolla_liveops::models::coupons::{
    AdminCoupon, AdminCouponPage, CouponInput, CouponRedemption, CouponRewards, NewCoupon,
};
use xsolla_liveops::models::promotions::{
    CodeLimitPage, CreatedPromotion, DateRange, GenerateCodes, ItemName,
};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/coupons.json")).unwrap()
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

#[test]
fn documented_v3_examples_hold_their_values() {
    let f = fixtures();
    let created: NewCoupon = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
    assert_eq!(created.coupon.validity.promotion_periods.len(), 1);
    assert_eq!(created.coupon.attribute_conditions.len(), 1);
    let update: CouponInput = serde_json::from_value(f["update_v3_request"].clone()).unwrap();
    assert_eq!(update.validity.promotion_periods.len(), 2);
    round_trip::<CreatedPromotion>("created", &f["created"], Compare::Superset);
    let page: AdminCouponPage = serde_json::from_value(f["list_v3"].clone()).unwrap();
    assert_eq!(page.active_promotions_count, Some(1));
    let coupon: AdminCoupon = serde_json::from_value(f["get_v3"].clone()).unwrap();
    assert_eq!(coupon.validity.promotion_periods[0].date_until, None);
    assert_eq!(coupon.total_limit_state.map(|s| s.available), Some(50));

    // A coupon read back keeps its periods in the update body…
    let body = serde_json::to_value(CouponInput::from(coupon.clone())).unwrap();
    assert_eq!(
        body["promotion_periods"][0]["date_from"],
        "2020-04-15T18:16:00+05:00"
    );
    // …and converts to the /v2 form, first period only.
    let v2 = serde_json::to_value(update.with_form::<DateRange>()).unwrap();
    assert_eq!(v2["date_start"], "2020-08-11T10:00:00+03:00");
    assert_eq!(v2["date_end"], "2020-08-11T20:00:00+03:00");
    assert!(v2.get("promotion_periods").is_none());
    let copy = serde_json::to_value(NewCoupon::from(coupon)).unwrap();
    assert_eq!(copy["external_id"], "summer20221");
}

#[test]
fn bonus_items_and_redemptions_are_strict() {
    let mut body = fixtures()["create_v3_request"].clone();
    body["bonus"][0]["name"] = json!("x");
    assert!(serde_json::from_value::<NewCoupon>(body).is_err());
    // Redemption bodies read unit choices, are strict, and codes must be in range to generate.
    let picked: CouponRedemption = serde_json::from_value(
        json!({"coupon_code": "WINTER2021", "selected_unit_items": {"game_1": "game_1_steam"}}),
    )
    .unwrap();
    assert_eq!(
        picked
            .selected_unit_items
            .get(&"game_1".into())
            .map(|s| s.0.as_str()),
        Some("game_1_steam")
    );
    assert!(
        serde_json::from_value::<CouponRedemption>(json!({"coupon_code": "A", "cart": null}))
            .is_err()
    );
    assert!(serde_json::from_value::<GenerateCodes>(json!({"count": 0})).is_err());
    assert!(serde_json::from_value::<GenerateCodes>(json!({"count": 100001})).is_err());
    assert_eq!(
        serde_json::from_value::<GenerateCodes>(json!({"count": 100000}))
            .unwrap()
            .count(),
        100_000
    );
}

#[test]
fn rewards_tell_which_units_need_a_choice() {
    let ex = crate::common::spec::examples(
        "GET",
        "/v2/project/{project_id}/coupon/code/{coupon_code}/rewards",
    );
    let (_, _, body) = ex.successes().next().expect("a documented answer");
    let rewards: CouponRewards = serde_json::from_value(body.clone()).unwrap();
    assert!(rewards.is_selectable);
    let choices: Vec<_> = rewards
        .choices()
        .map(|(unit, items)| (unit.0.as_str(), items.len()))
        .collect();
    assert_eq!(
        choices,
        [("com.xsolla.game_1", 2), ("com.xsolla.game_2", 1)]
    );
    assert_eq!(
        rewards.bonus[0]
            .item
            .name
            .as_ref()
            .and_then(|n| n.resolve("en")),
        Some("Game name")
    );
    assert!(matches!(
        rewards.bonus[0].item.name,
        Some(ItemName::Localized(_))
    ));
}

#[test]
fn documented_code_limits_read_well() {
    let (_, _, body) = crate::common::spec::examples(
        "GET",
        "/v2/project/{project_id}/admin/code/limit/coupon/external_id/{external_id}",
    )
    .successes()
    .next()
    .cloned()
    .expect("a documented answer");
    let limits: CodeLimitPage = serde_json::from_value(body).unwrap();
    assert_eq!(limits.items[1].per_code.available, Some(0));
}

#[test]
fn a_redemption_sends_the_unit_choices_and_lists_the_items_granted() {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let server = MockServer::start().await;
            let client = server.client();
            let granted =
                crate::common::spec::examples("POST", "/v2/project/{project_id}/coupon/redeem")
                    .successes()
                    .next()
                    .map(|(_, _, b)| b.clone())
                    .unwrap();
            server.push(Reply::json(200, granted));
            let redeemed = client
                .coupons()
                .redeem(CouponRedemption::new(code("WINTER2021")).select("game_1", "game_1_steam"))
                .send()
                .await
                .unwrap();
            assert_eq!(redeemed.items[0].sku.0, "com.xsolla.booster_mega_1");
            let r = server.last();
            assert_eq!(
                (r.method.as_str(), r.path.as_str()),
                ("POST", "/v2/project/44056/coupon/redeem")
            );
            assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
            assert_eq!(
                r.json(),
                json!({"coupon_code": "WINTER2021", "selected_unit_items": {"game_1": "game_1_steam"}})
            );
        });
}
