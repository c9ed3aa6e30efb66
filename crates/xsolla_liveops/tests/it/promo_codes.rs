//! Promo codes: documented examples through our types, and the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::promo_codes::{
    AdminPromoCode, AdminPromoCodePage, Cart, CartRef, NewPromoCode, PromoCodeInput,
    PromoCodeRedemption, PromoCodeRemoval, PromoCodeRewards,
};
use xsolla_liveops::models::promotions::{
    CodeInput, CodeLimitPage, CodeList, CreatedCode, CreatedPromotion, DateRange, GenerateCodes,
    GeneratedCodes, ItemPrice, PriceOperator, UserLimit, UserLimitChange,
};
use xsolla_liveops::{Code, CodeRejection, Endpoint, Error};

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
const ONE: &str = "/v2/project/{project_id}/admin/promocode/{external_id}";
const USER_LIMIT: &str =
    "/v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}";

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    n += check_operation::<PromoCodeRedemption, Cart>("POST", REDEEM);
    n += check_operation::<PromoCodeRemoval, Cart>("PUT", REMOVE);
    n += check_operation::<NoBody, PromoCodeRewards>("GET", REWARDS);
    n += check_operation::<NewPromoCode<DateRange>, CreatedPromotion>("POST", ADMIN);
    n += check_operation::<NoBody, AdminPromoCodePage<DateRange>>("GET", ADMIN);
    n += check_operation::<NoBody, AdminPromoCode<DateRange>>("GET", ONE);
    n += check_operation::<PromoCodeInput<DateRange>, NoContent>("PUT", ONE);
    n += check_operation::<NoBody, NoContent>("DELETE", ONE);
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{ONE}/activate"));
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{ONE}/deactivate"));
    n += check_operation::<CodeInput, CreatedCode>("POST", &format!("{ONE}/code"));
    n += check_operation::<NoBody, CodeList>("GET", &format!("{ONE}/code"));
    n += check_operation::<GenerateCodes, GeneratedCodes>("PUT", &format!("{ONE}/code/generate"));
    n += check_operation::<NoBody, UserLimit>("GET", USER_LIMIT);
    for method in ["POST", "PUT", "DELETE"] {
        n += check_operation::<UserLimitChange, UserLimit>(method, USER_LIMIT);
    }
    n += check_operation::<NoBody, CodeLimitPage>(
        "GET",
        "/v2/project/{project_id}/admin/code/limit/promocode/external_id/{external_id}",
    );
    assert!(n > 0);
    println!("promo_codes: {n} spec examples");
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
fn documented_v3_examples_round_trip() {
    let f = fixtures();
    let created: NewPromoCode =
        round_trip("create_v3_request", &f["create_v3_request"], Compare::Exact);
    assert_eq!(
        created.promo_code.price_conditions[0].operator,
        PriceOperator::Ge
    );
    let update: PromoCodeInput =
        round_trip("update_v3_request", &f["update_v3_request"], Compare::Exact);
    assert_eq!(update.bonus[1].quantity, 2);
    let page: AdminPromoCodePage = round_trip("list_v3", &f["list_v3"], Compare::Superset);
    assert!(!page.items[0].has_discount());
    let promo: AdminPromoCode = round_trip("get_v3", &f["get_v3"], Compare::Superset);
    assert!(promo.has_discount());
    let body = serde_json::to_value(PromoCodeInput::from(promo)).unwrap();
    for derived in [
        "external_id",
        "is_enabled",
        "total_codes_count",
        "total_limit_state",
    ] {
        assert!(body.get(derived).is_none(), "{derived} is sent");
    }
    assert_eq!(body["excluded_promotions"], json!([23, 45]));
    assert_eq!(body["discount"], json!({"percent": "10.99"}));

    let mut bad = f["update_v3_request"].clone();
    bad["is_enabled"] = json!(false);
    assert!(serde_json::from_value::<PromoCodeInput>(bad).is_err());
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
        assert_eq!(server.last().json(), json!({"coupon_code": "SUMMER2021"}));

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
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/promocode/code/SO6rew99j9/rewards")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(
            404,
            json!({"statusCode": 404, "errorCode": 4001,
                "errorMessage": "[0401-9807]: Enter valid promo code."}),
        ));
        let err = client
            .promo_codes()
            .redeem(code("NOPE"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.code_rejection()),
            Some(CodeRejection::Unknown)
        );
    });
}

#[test]
fn admin_calls_reach_the_documented_routes() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let promos = client.admin().promo_codes();
        let f = fixtures();

        let body: NewPromoCode = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
        server.push(Reply::json(
            201,
            json!({"external_id": "promo_code_external_id"}),
        ));
        promos.create(body).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v3/project/44056/admin/promocode")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.json(), f["create_v3_request"]);

        let v2_example = examples("POST", ADMIN).requests[1].1.clone();
        let v2: NewPromoCode<DateRange> = serde_json::from_value(v2_example.clone()).unwrap();
        server.push(Reply::json(
            201,
            json!({"external_id": "promo_code_external_id"}),
        ));
        promos.create(v2).send().await.unwrap();
        assert_eq!(server.last().path, "/v2/project/44056/admin/promocode");
        assert_eq!(server.last().json(), v2_example);

        server.push(Reply::json(200, f["list_v3"].clone()));
        promos.list().send().await.unwrap();
        server.push(Reply::json(200, success("GET", ADMIN)));
        let old = promos.list_v2().send().await.unwrap();
        assert_eq!(old.items[1].price_conditions.len(), 2);
        server.push(Reply::json(200, f["get_v3"].clone()));
        let promo = promos.get("summer20221").send().await.unwrap();
        server.push(Reply::json(200, success("GET", ONE)));
        promos.get_v2("summer20221").send().await.unwrap();
        promos
            .update("summer20221", PromoCodeInput::from(promo.clone()))
            .send()
            .await
            .unwrap();
        promos
            .update(
                "summer20221",
                PromoCodeInput::from(promo).with_form::<DateRange>(),
            )
            .send()
            .await
            .unwrap();
        promos.delete("summer20221").send().await.unwrap();
        promos.delete_v2("summer20221").send().await.unwrap();
        promos.activate("summer20221").send().await.unwrap();
        promos.deactivate("summer20221").send().await.unwrap();
        server.push(Reply::json(201, json!({"code": "SUMMER2021"})));
        promos
            .create_code("summer20221", code("SUMMER2021"))
            .send()
            .await
            .unwrap();
        server.push(Reply::json(200, success("GET", &format!("{ONE}/code"))));
        let codes = promos.codes("summer20221").limit(5).send().await.unwrap();
        assert_eq!(codes.total_count, 5);
        server.push(Reply::json(200, json!({"count": 500})));
        let made = promos
            .generate_codes("summer20221", 500)
            .unwrap()
            .send()
            .await
            .unwrap();
        assert_eq!(made.count, 500);
        assert!(matches!(
            promos.generate_codes("x", 0),
            Err(Error::InvalidInput(_))
        ));

        let seen: Vec<_> = server.requests()[2..]
            .iter()
            .map(|r| {
                format!(
                    "{} {}{}",
                    r.method,
                    r.path,
                    r.query
                        .as_deref()
                        .map(|q| format!("?{q}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let one = "/project/44056/admin/promocode/summer20221";
        assert_eq!(
            seen,
            [
                "GET /v3/project/44056/admin/promocode".to_owned(),
                "GET /v2/project/44056/admin/promocode".to_owned(),
                format!("GET /v3{one}"),
                format!("GET /v2{one}"),
                format!("PUT /v3{one}"),
                format!("PUT /v2{one}"),
                format!("DELETE /v3{one}"),
                format!("DELETE /v2{one}"),
                format!("PUT /v2{one}/activate"),
                format!("PUT /v2{one}/deactivate"),
                format!("POST /v2{one}/code"),
                format!("GET /v2{one}/code?limit=5"),
                format!("PUT /v2{one}/code/generate"),
            ]
        );
        let bodies: Vec<_> = server
            .requests()
            .into_iter()
            .filter(|r| !r.body.is_empty())
            .map(|r| r.json())
            .collect();
        assert_eq!(bodies[3]["date_start"], "2020-04-15T18:16:00+05:00");
        assert_eq!(bodies[4], json!({"coupon_code": "SUMMER2021"}));
        assert_eq!(bodies[5], json!({"count": 500}));

        let user = "d342dad2-9d59-11e9-a384-42010aa8003f";
        let path = "/v2/project/44056/admin/user/limit/promocode/external_id/summer20221";
        let limit = json!({"per_user": {"total": 10, "available": 9}});
        let before = server.requests().len();
        for _ in 0..4 {
            server.push(Reply::json(200, limit.clone()));
        }
        promos.user_limit("summer20221", user).send().await.unwrap();
        promos
            .increase_user_limit("summer20221", user, 3)
            .send()
            .await
            .unwrap();
        promos
            .set_user_limit("summer20221", user, 0)
            .send()
            .await
            .unwrap();
        promos
            .decrease_user_limit("summer20221", user, 1)
            .send()
            .await
            .unwrap();
        let seen: Vec<_> = server.requests()[before..]
            .iter()
            .map(|r| {
                (
                    r.method.clone(),
                    r.path.clone(),
                    r.query.clone(),
                    if r.body.is_empty() {
                        Value::Null
                    } else {
                        r.json()
                    },
                )
            })
            .collect();
        let change = |n: i64| json!({"user": {"user_external_id": user}, "available": n});
        assert_eq!(
            seen,
            [
                (
                    "GET".to_owned(),
                    path.to_owned(),
                    Some(format!("user_external_id={user}")),
                    Value::Null
                ),
                ("POST".to_owned(), path.to_owned(), None, change(3)),
                ("PUT".to_owned(), path.to_owned(), None, change(0)),
                ("DELETE".to_owned(), path.to_owned(), None, change(1)),
            ]
        );
        assert!(
            !promos
                .decrease_user_limit("x", user, 1)
                .endpoint()
                .idempotent()
        );

        server.push(Reply::json(
            200,
            json!({"promotion_id": 1, "items": [], "has_more": false}),
        ));
        promos.code_limits("summer20221", []).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.path.as_str(), r.query.as_deref()),
            (
                "/v2/project/44056/admin/code/limit/promocode/external_id/summer20221",
                None
            )
        );
    });
}
