//! Promo codes: what only promo codes have (carts, discounts, conditions). The calls every
//! campaign family shares are tested per family in `campaigns`.

use crate::common::mock::{MockServer, Reply, expected_bearer};
use crate::common::spec::{check_operation, examples};
use serde_json::{Value, json};
use xsolla_liveops::Code;
use xsolla_liveops::models::promo_codes::{
    AdminPromoCode, AdminPromoCodePage, Cart, CartRef, NewPromoCode, PromoCodeInput,
    PromoCodeRedemption, PromoCodeRemoval, PromoCodeRewards,
};
use xsolla_liveops::models::promotions::{DateRange, ItemPrice, PriceOperator};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/promo_codes.json")).unwrap()
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn success(method: &str, path: &str) -> Value {
    examples(method, path)
        .successes()
        .next()
        .expect("a documented answer")
        .2
        .clone()
}

const REDEEM: &str = "/v2/project/{project_id}/promocode/redeem";
const REMOVE: &str = "/v2/project/{project_id}/promocode/remove";
const REWARDS: &str = "/v2/project/{project_id}/promocode/code/{promocode_code}/rewards";
const ADMIN: &str = "/v2/project/{project_id}/admin/promocode";

#[test]
fn spec_removal_examples_round_trip() {
    check_operation::<PromoCodeRemoval, Cart>("PUT", REMOVE);
}

#[test]
fn documented_cart_answers_read_well() {
    let cart: Cart = serde_json::from_value(success("POST", REDEEM)).unwrap();
    // The second item is a free gift whose price Xsolla writes as `[]`.
    assert!(matches!(cart.items[1].price, Some(ItemPrice::Empty(_))));
    assert!(cart.items[1].is_free);
    let price = cart.items[0]
        .price
        .as_ref()
        .and_then(ItemPrice::price)
        .unwrap();
    assert_eq!(price.amount.as_str(), "50.0000000000000000");
    assert_eq!(cart.items[0].vp_rewards.len(), 2);
    assert!(cart.items[0].extra.contains_key("attributes"));
    let rewards = cart.rewards.as_ref().unwrap();
    assert_eq!(rewards.discount.as_ref().unwrap().percent, None);
    assert_eq!(
        rewards.discounted_items()[0].discount.percent.as_str(),
        "50.00"
    );
    let rewards: PromoCodeRewards = serde_json::from_value(success("GET", REWARDS)).unwrap();
    assert_eq!(rewards.choices().count(), 2);
}

#[test]
fn documented_v3_examples_hold_their_values() {
    let f = fixtures();
    let created: NewPromoCode = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
    assert_eq!(
        created.promo_code.price_conditions[0].operator,
        PriceOperator::Ge
    );
    let update: PromoCodeInput = serde_json::from_value(f["update_v3_request"].clone()).unwrap();
    assert_eq!(update.bonus[1].quantity, 2);
    let page: AdminPromoCodePage = serde_json::from_value(f["list_v3"].clone()).unwrap();
    assert!(!page.items[0].has_discount());
    let promo: AdminPromoCode = serde_json::from_value(f["get_v3"].clone()).unwrap();
    assert!(promo.has_discount());
    let body = serde_json::to_value(PromoCodeInput::from(promo)).unwrap();
    assert_eq!(body["excluded_promotions"], json!([23, 45]));
    assert_eq!(body["discount"], json!({"percent": "10.99"}));

    let mut bad = f["create_v3_request"].clone();
    bad["discounted_items"][0]["name"] = json!("sword");
    assert!(serde_json::from_value::<NewPromoCode>(bad).is_err());
    assert!(
        serde_json::from_value::<PromoCodeRedemption>(
            json!({"coupon_code": "A", "cart": {"id": "current", "x": 1}})
        )
        .is_err()
    );
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn player_calls_apply_and_remove_codes_on_a_cart() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::json(200, success("POST", REDEEM)));
        let cart = client
            .promo_codes()
            .redeem(PromoCodeRedemption::new(code("SUMMER2021")).cart(CartRef::current()))
            .send()
            .await
            .unwrap();
        assert_eq!(cart.cart_id, "cart_id");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/promocode/redeem")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert_eq!(
            r.json(),
            json!({"coupon_code": "SUMMER2021", "cart": {"id": "current"}})
        );

        let down = json!({"statusCode": 502, "errorCode": 0, "errorMessage": "bad gateway"});
        server.push(Reply::json(502, down));
        let err = client
            .promo_codes()
            .redeem(code("SUMMER2021"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), 2, "a redemption is never retried");

        server.push(Reply::json(200, success("PUT", REMOVE)));
        let cart = client
            .promo_codes()
            .remove(Some(CartRef::id("cart_7")))
            .send()
            .await
            .unwrap();
        assert!(cart.rewards.is_none());
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/promocode/remove")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert_eq!(r.json(), json!({"cart": {"id": "cart_7"}}));
        server.push(Reply::json(200, success("PUT", REMOVE)));
        client.promo_codes().remove(None).send().await.unwrap();
        assert_eq!(server.last().json(), json!({}));

        server.push(Reply::json(200, success("GET", REWARDS)));
        client
            .promo_codes()
            .rewards(code("SO6rew99j9"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            server.last().path,
            "/v2/project/44056/promocode/code/SO6rew99j9/rewards"
        );
    });
}

#[test]
fn admin_reads_price_conditions_and_sends_v2_bodies() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let promos = client.admin().promo_codes();

        server.push(Reply::json(200, success("GET", ADMIN)));
        let old = promos.list_v2().send().await.unwrap();
        assert_eq!(old.items[1].price_conditions.len(), 2);

        let promo: AdminPromoCode = serde_json::from_value(fixtures()["get_v3"].clone()).unwrap();
        server.push(Reply::empty(204));
        promos
            .update(
                "summer20221",
                PromoCodeInput::from(promo).with_form::<DateRange>(),
            )
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/admin/promocode/summer20221")
        );
        assert_eq!(r.json()["date_start"], "2020-04-15T18:16:00+05:00");

        let one = format!("{ADMIN}/{{external_id}}/code");
        server.push(Reply::json(200, success("GET", &one)));
        let codes = promos.codes("summer20221").limit(5).send().await.unwrap();
        assert_eq!(codes.total_count, 5);
        assert_eq!(server.last().query.as_deref(), Some("limit=5"));
    });
}
