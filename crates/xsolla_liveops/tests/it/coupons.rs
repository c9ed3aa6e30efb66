//! Coupons: documented examples through our types, and the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_operation, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::coupons::{
    AdminCoupon, AdminCouponPage, CouponInput, CouponRedemption, CouponRewards, NewCoupon,
    RedeemedCoupon,
};
use xsolla_liveops::models::promotions::{
    CodeInput, CodeLimitPage, CodeList, CreatedCode, CreatedPromotion, DateRange, GenerateCodes,
    GeneratedCodes, ItemName, UserLimit, UserLimitChange,
};
use xsolla_liveops::{Code, CodeRejection, Error, ExternalId};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/coupons.json")).unwrap()
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

const ADMIN: &str = "/v2/project/{project_id}/admin/coupon";
const ONE: &str = "/v2/project/{project_id}/admin/coupon/{external_id}";
const USER_LIMIT: &str =
    "/v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}";

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    n += check_operation::<CouponRedemption, RedeemedCoupon>(
        "POST",
        "/v2/project/{project_id}/coupon/redeem",
    );
    n += check_operation::<NoBody, CouponRewards>(
        "GET",
        "/v2/project/{project_id}/coupon/code/{coupon_code}/rewards",
    );
    n += check_operation::<NewCoupon<DateRange>, CreatedPromotion>("POST", ADMIN);
    n += check_operation::<NoBody, AdminCouponPage<DateRange>>("GET", ADMIN);
    n += check_operation::<NoBody, AdminCoupon<DateRange>>("GET", ONE);
    n += check_operation::<CouponInput<DateRange>, NoContent>("PUT", ONE);
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
        "/v2/project/{project_id}/admin/code/limit/coupon/external_id/{external_id}",
    );
    assert!(n > 0);
    println!("coupons: {n} spec examples");
}

#[test]
fn documented_v3_examples_round_trip() {
    let f = fixtures();
    let created: NewCoupon =
        round_trip("create_v3_request", &f["create_v3_request"], Compare::Exact);
    assert_eq!(created.coupon.validity.promotion_periods.len(), 1);
    assert_eq!(created.coupon.attribute_conditions.len(), 1);
    let update: CouponInput =
        round_trip("update_v3_request", &f["update_v3_request"], Compare::Exact);
    assert_eq!(update.validity.promotion_periods.len(), 2);
    round_trip::<CreatedPromotion>("created", &f["created"], Compare::Superset);
    let page: AdminCouponPage = round_trip("list_v3", &f["list_v3"], Compare::Superset);
    assert_eq!(page.active_promotions_count, Some(1));
    let coupon: AdminCoupon = round_trip("get_v3", &f["get_v3"], Compare::Superset);
    assert_eq!(coupon.validity.promotion_periods[0].date_until, None);
    assert_eq!(coupon.total_limit_state.map(|s| s.available), Some(50));

    // A coupon read back becomes an update body without the server-derived fields.
    let body = serde_json::to_value(CouponInput::from(coupon.clone())).unwrap();
    for derived in [
        "external_id",
        "is_enabled",
        "total_codes_count",
        "total_limit_state",
    ] {
        assert!(body.get(derived).is_none(), "{derived} is sent");
    }
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
fn inputs_reject_unknown_derived_and_wrong_form_fields() {
    let f = fixtures();
    let mut body = f["create_v3_request"].clone();
    body["is_enabled"] = json!(true);
    assert!(serde_json::from_value::<NewCoupon>(body).is_err());
    let mut body = f["create_v3_request"].clone();
    body["bonus"][0]["name"] = json!("x");
    assert!(serde_json::from_value::<NewCoupon>(body).is_err());
    let mut body = f["update_v3_request"].clone();
    body["external_id"] = json!("coupon_external_id");
    assert!(serde_json::from_value::<CouponInput>(body).is_err());
    // A /v3 body with /v2 dates, and the other way round.
    let mut body = f["update_v3_request"].clone();
    body["date_start"] = json!("2020-04-15T18:16:00+05:00");
    assert!(serde_json::from_value::<CouponInput>(body).is_err());
    assert!(
        serde_json::from_value::<CouponInput<DateRange>>(f["update_v3_request"].clone()).is_err()
    );
    assert!(
        serde_json::from_value::<NewCoupon<DateRange>>(f["create_v3_request"].clone()).is_err()
    );
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

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn player_calls_use_bearer_and_are_never_retried() {
    rt().block_on(async {
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

        // A plain code is enough; a 503 is reported, not retried.
        server.push(Reply::json(
            503,
            json!({"statusCode": 503, "errorCode": 0, "errorMessage": "down"}),
        ));
        let err = client
            .coupons()
            .redeem(code("abc123"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), 2, "a redemption is never retried");
        assert_eq!(server.last().json(), json!({"coupon_code": "abc123"}));

        server.push(Reply::json(
            200,
            json!({"bonus": [], "is_selectable": false}),
        ));
        client
            .coupons()
            .rewards(code("WINTER2021"))
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/coupon/code/WINTER2021/rewards")
        );
        assert!(r.body.is_empty());
    });
}

#[test]
fn refused_redemptions_classify() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::json(
            404,
            json!({"statusCode": 404, "errorCode": 4001,
                "errorMessage": "[0401-9807]: Enter valid coupon code."}),
        ));
        let err = client
            .coupons()
            .redeem(code("NOPE"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.code_rejection()),
            Some(CodeRejection::Unknown)
        );
        server.push(Reply::json(
            422,
            json!({"statusCode": 422, "errorCode": 9804,
                "errorMessage": "[0401-9804]: You have reached the coupon redemption limit."}),
        ));
        let err = client
            .coupons()
            .rewards(code("USED"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.code_rejection()),
            Some(CodeRejection::UsedUp)
        );
    });
}

#[test]
fn admin_crud_picks_v3_or_v2_from_the_body_form() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let coupons = client.admin().coupons();
        let f = fixtures();

        let v3: NewCoupon = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
        server.push(Reply::json(201, f["created"].clone()));
        let created = coupons.create(v3).send().await.unwrap();
        assert_eq!(created.external_id, ExternalId::from("coupon_external_id"));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v3/project/44056/admin/coupon")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.json(), f["create_v3_request"]);

        let v2_example = crate::common::spec::examples("POST", ADMIN).requests[0]
            .1
            .clone();
        let v2: NewCoupon<DateRange> = serde_json::from_value(v2_example.clone()).unwrap();
        server.push(Reply::json(201, f["created"].clone()));
        coupons.create(v2).send().await.unwrap();
        let r = server.last();
        assert_eq!(r.path, "/v2/project/44056/admin/coupon");
        assert_eq!(r.json(), v2_example);

        server.push(Reply::json(200, f["list_v3"].clone()));
        let page = coupons.list().limit(500).offset(0).send().await.unwrap();
        assert_eq!(page.items.len(), 1);
        let r = server.last();
        assert_eq!(
            (r.path.as_str(), r.query.as_deref()),
            ("/v3/project/44056/admin/coupon", Some("limit=50&offset=0"))
        );
        server.push(Reply::json(200, json!({"items": []})));
        coupons.list_v2().send().await.unwrap();
        assert_eq!(server.last().path, "/v2/project/44056/admin/coupon");

        server.push(Reply::json(200, f["get_v3"].clone()));
        let coupon = coupons.get("summer/2022").send().await.unwrap();
        assert_eq!(
            server.last().path,
            "/v3/project/44056/admin/coupon/summer%2F2022"
        );
        server.push(Reply::json(
            200,
            crate::common::spec::examples("GET", ONE).responses[0]
                .2
                .clone(),
        ));
        let old = coupons.get_v2("summer20221").send().await.unwrap();
        assert!(old.validity.date_start.is_some());
        assert_eq!(
            server.last().path,
            "/v2/project/44056/admin/coupon/summer20221"
        );

        coupons
            .update("summer20221", CouponInput::from(coupon))
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v3/project/44056/admin/coupon/summer20221")
        );
        assert!(r.json().get("external_id").is_none());
        coupons
            .update("summer20221", CouponInput::from(old))
            .send()
            .await
            .unwrap();
        assert_eq!(
            server.last().path,
            "/v2/project/44056/admin/coupon/summer20221"
        );
        assert_eq!(
            server.last().json()["date_start"],
            "2020-04-15T18:16:00+05:00"
        );

        let before = server.requests().len();
        coupons.delete("c1").send().await.unwrap();
        coupons.delete_v2("c1").send().await.unwrap();
        coupons.activate("c1").send().await.unwrap();
        coupons.deactivate("c1").send().await.unwrap();
        let seen: Vec<_> = server.requests()[before..]
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert_eq!(
            seen,
            [
                "DELETE /v3/project/44056/admin/coupon/c1",
                "DELETE /v2/project/44056/admin/coupon/c1",
                "PUT /v2/project/44056/admin/coupon/c1/activate",
                "PUT /v2/project/44056/admin/coupon/c1/deactivate",
            ]
        );
    });
}

#[test]
fn admin_codes_and_limits() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let coupons = client.admin().coupons();

        server.push(Reply::json(201, json!({"code": "WINTER2021"})));
        let created = coupons
            .create_code("c1", code("WINTER2021"))
            .send()
            .await
            .unwrap();
        assert_eq!(created.code.as_str(), "WINTER2021");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/coupon/c1/code")
        );
        assert_eq!(r.json(), json!({"coupon_code": "WINTER2021"}));

        // Walking code pages: a full page asks for the next one.
        let codes = |n: usize| {
            let codes: Vec<_> = (0..n).map(|i| json!({"code": format!("C{i}")})).collect();
            json!({"codes": codes, "total_count": 70})
        };
        server.push(Reply::json(200, codes(50)));
        server.push(Reply::json(200, codes(20)));
        let all = coupons.codes("c1").all().await.unwrap();
        assert_eq!(all.len(), 70);
        let queries: Vec<_> = server.requests()[1..]
            .iter()
            .map(|r| r.query.clone().unwrap())
            .collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);

        // Generating: out-of-range counts never leave the client; the call is not idempotent.
        let before = server.requests().len();
        assert!(matches!(
            coupons.generate_codes("c1", 0),
            Err(Error::InvalidInput(_))
        ));
        assert!(matches!(
            coupons.generate_codes("c1", 100_001),
            Err(Error::InvalidInput(_))
        ));
        assert_eq!(server.requests().len(), before);
        let down = json!({"statusCode": 503, "errorCode": 0, "errorMessage": "down"});
        server.push(Reply::json(503, down));
        let err = coupons
            .generate_codes("c1", 10)
            .unwrap()
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(
            server.requests().len(),
            before + 1,
            "generation is not retried"
        );
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/admin/coupon/c1/code/generate")
        );
        assert_eq!(r.json(), json!({"count": 10}));

        let limit = json!({"per_user": {"total": 10, "available": 9}});
        let user = "d342dad2-9d59-11e9-a384-42010aa8003f";
        let path = "/v2/project/44056/admin/user/limit/coupon/external_id/c1";
        server.push(Reply::json(200, limit.clone()));
        let got = coupons.user_limit("c1", user).send().await.unwrap();
        assert_eq!(got.per_user.available, 9);
        let r = server.last();
        assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", path));
        assert_eq!(
            r.query.as_deref(),
            Some(&*format!("user_external_id={user}"))
        );
        let check = |method: &str, available: i64| {
            let r = server.last();
            assert_eq!((r.method.as_str(), r.path.as_str()), (method, path));
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
            assert_eq!(
                r.json(),
                json!({"user": {"user_external_id": user}, "available": available})
            );
        };
        server.push(Reply::json(200, limit.clone()));
        coupons
            .increase_user_limit("c1", user, 2)
            .send()
            .await
            .unwrap();
        check("POST", 2);
        server.push(Reply::json(200, limit.clone()));
        coupons.set_user_limit("c1", user, 0).send().await.unwrap();
        check("PUT", 0);
        server.push(Reply::json(200, limit.clone()));
        let after = coupons
            .decrease_user_limit("c1", user, 1)
            .send()
            .await
            .unwrap();
        check("DELETE", 1);
        assert_eq!(after.per_user.total, 10);
        use xsolla_liveops::Endpoint;
        assert!(
            !coupons
                .increase_user_limit("c1", user, 1)
                .endpoint()
                .idempotent()
        );
        assert!(
            coupons
                .set_user_limit("c1", user, 1)
                .endpoint()
                .idempotent()
        );
        assert!(
            !coupons
                .decrease_user_limit("c1", user, 1)
                .endpoint()
                .idempotent()
        );

        let example = crate::common::spec::examples(
            "GET",
            "/v2/project/{project_id}/admin/code/limit/coupon/external_id/{external_id}",
        );
        server.push(Reply::json(
            200,
            example.successes().next().unwrap().2.clone(),
        ));
        let limits = coupons
            .code_limits("c1", [code("WINTER2023"), code("SUMMER2023")])
            .limit(10)
            .send()
            .await
            .unwrap();
        assert_eq!(limits.items[1].per_code.available, Some(0));
        let r = server.last();
        assert_eq!(
            r.path,
            "/v2/project/44056/admin/code/limit/coupon/external_id/c1"
        );
        assert_eq!(
            r.query.as_deref(),
            Some("codes[]=WINTER2023&codes[]=SUMMER2023&limit=10")
        );
    });
}
