//! What every code campaign family shares (coupons, promo codes, unique catalog offers): the
//! documented examples through the family's types and the calls on the wire, each run once per
//! family (`campaigns::<test>::coupon`, `…::promo_code`, `…::unique_offer`).
//! What only one family has stays in its own test module.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::api::campaigns::{
    AdminCampaigns, CampaignKind, Campaigns, CodeLimits, Coupon, PromoCode, Redeemable,
    UniqueOffer, UserLimits,
};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::promotions::{
    CodeInput, CodeLimitPage, CodeList, CreatedCode, CreatedPromotion, DateRange, GenerateCodes,
    GeneratedCodes, Periods, PromotionPage, UserLimit, UserLimitChange,
};
use xsolla_liveops::{Admin, Client, Code, CodeRejection, Endpoint, Error, ExternalId};

/// A family's test data.
trait Family: CampaignKind {
    /// Documented `/v3` bodies and answers: `create_v3_request`, `update_v3_request`,
    /// `list_v3` and, when documented, `get_v3`.
    const FIXTURES: &'static str;
    /// Which `/v2` creation example of the spec is sent.
    const V2_CREATE_EXAMPLE: usize;
    /// The family's admin handler by its public name (`client.admin().coupons()`, …).
    fn handler(admin: Admin<'_>) -> AdminCampaigns<'_, Self>;
}

impl Family for Coupon {
    const FIXTURES: &'static str = include_str!("fixtures/coupons.json");
    const V2_CREATE_EXAMPLE: usize = 0;
    fn handler(admin: Admin<'_>) -> AdminCampaigns<'_, Self> {
        admin.coupons()
    }
}

impl Family for PromoCode {
    const FIXTURES: &'static str = include_str!("fixtures/promo_codes.json");
    const V2_CREATE_EXAMPLE: usize = 1;
    fn handler(admin: Admin<'_>) -> AdminCampaigns<'_, Self> {
        admin.promo_codes()
    }
}

impl Family for UniqueOffer {
    const FIXTURES: &'static str = include_str!("fixtures/unique_offers.json");
    const V2_CREATE_EXAMPLE: usize = 0;
    fn handler(admin: Admin<'_>) -> AdminCampaigns<'_, Self> {
        admin.unique_offers()
    }
}

/// A family with player calls: the name of its code in the spec's rewards path, and its
/// player handler by its public name.
trait Player: Redeemable {
    const CODE_PARAM: &'static str;
    fn handler(client: &Client) -> Campaigns<'_, Self>;
}

impl Player for Coupon {
    const CODE_PARAM: &'static str = "coupon_code";
    fn handler(client: &Client) -> Campaigns<'_, Self> {
        client.coupons()
    }
}

impl Player for PromoCode {
    const CODE_PARAM: &'static str = "promocode_code";
    fn handler(client: &Client) -> Campaigns<'_, Self> {
        client.promo_codes()
    }
}

/// Runs each named generic test once per listed family, as `campaigns::<test>::<family>`.
macro_rules! for_families {
    ($families:tt => $($test:ident),+ $(,)?) => {
        $(for_families!(@test $test $families);)+
    };
    (@test $test:ident [$($family:ident: $kind:ty),+]) => {
        mod $test {
            use super::*;
            $(
                #[test]
                fn $family() {
                    super::$test::<$kind>();
                }
            )+
        }
    };
}

for_families!([coupon: Coupon, promo_code: PromoCode, unique_offer: UniqueOffer] =>
    spec_examples_round_trip,
    documented_v3_bodies_round_trip,
    inputs_reject_derived_fields_and_the_other_form,
    admin_crud_picks_v3_or_v2_from_the_body_form,
    admin_codes_are_added_listed_and_generated,
);
// Unique offers have neither limits nor player calls.
for_families!([coupon: Coupon, promo_code: PromoCode] =>
    spec_limit_examples_round_trip,
    spec_player_examples_round_trip,
    user_limits_reach_their_routes,
    code_limits_filter_by_code,
    player_calls_use_bearer_and_are_never_retried,
    refused_redemptions_classify,
);

fn fixtures<K: Family>() -> Value {
    serde_json::from_str(K::FIXTURES).unwrap()
}

/// A campaign read back in the `/v3` form: `get_v3`, else the first of `list_v3`.
fn read_v3<K: Family>() -> Value {
    let f = fixtures::<K>();
    f.get("get_v3")
        .cloned()
        .unwrap_or_else(|| f["list_v3"]["items"][0].clone())
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

/// The spec's path of the family's admin routes: `/v2/project/{project_id}/admin/{segment}`.
fn spec_admin<K: CampaignKind>() -> String {
    format!("/v2/project/{{project_id}}/admin/{}", K::SEGMENT)
}

/// The spec's path of one campaign.
fn spec_one<K: CampaignKind>() -> String {
    format!("{}/{{external_id}}", spec_admin::<K>())
}

fn spec_user_limit<K: CampaignKind>() -> String {
    format!(
        "/v2/project/{{project_id}}/admin/user/limit/{}/external_id/{{external_id}}",
        K::SEGMENT
    )
}

fn spec_code_limit<K: CampaignKind>() -> String {
    format!(
        "/v2/project/{{project_id}}/admin/code/limit/{}/external_id/{{external_id}}",
        K::SEGMENT
    )
}

fn first_success(method: &str, path: &str) -> Value {
    examples(method, path)
        .successes()
        .next()
        .expect("a documented answer")
        .2
        .clone()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn spec_examples_round_trip<K: Family>() {
    let (admin, one) = (spec_admin::<K>(), spec_one::<K>());
    let mut n = 0;
    n += check_operation::<K::New<DateRange>, CreatedPromotion>("POST", &admin);
    n += check_operation::<NoBody, PromotionPage<K::Admin<DateRange>>>("GET", &admin);
    n += check_operation::<NoBody, K::Admin<DateRange>>("GET", &one);
    n += check_operation::<K::Input<DateRange>, NoContent>("PUT", &one);
    n += check_operation::<NoBody, NoContent>("DELETE", &one);
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{one}/activate"));
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{one}/deactivate"));
    n += check_operation::<CodeInput, CreatedCode>("POST", &format!("{one}/code"));
    n += check_operation::<NoBody, CodeList>("GET", &format!("{one}/code"));
    n += check_operation::<GenerateCodes, GeneratedCodes>("PUT", &format!("{one}/code/generate"));
    assert!(n > 0);
    println!("{}: {n} spec examples", K::SEGMENT);
}

fn spec_limit_examples_round_trip<K: UserLimits + CodeLimits>() {
    let user_limit = spec_user_limit::<K>();
    let mut n = check_operation::<NoBody, UserLimit>("GET", &user_limit);
    for method in ["POST", "PUT", "DELETE"] {
        n += check_operation::<UserLimitChange, UserLimit>(method, &user_limit);
    }
    n += check_operation::<NoBody, CodeLimitPage>("GET", &spec_code_limit::<K>());
    assert!(n > 0);
}

fn spec_player_examples_round_trip<K: Player>() {
    let redeem = format!("/v2/project/{{project_id}}/{}/redeem", K::SEGMENT);
    let rewards = format!(
        "/v2/project/{{project_id}}/{}/code/{{{}}}/rewards",
        K::SEGMENT,
        K::CODE_PARAM
    );
    let n = check_operation::<K::Redemption, K::Redeemed>("POST", &redeem)
        + check_operation::<NoBody, K::Rewards>("GET", &rewards);
    assert!(n > 0);
}

fn documented_v3_bodies_round_trip<K: Family>() {
    let f = fixtures::<K>();
    round_trip::<K::New<Periods>>("create_v3_request", &f["create_v3_request"], Compare::Exact);
    round_trip::<K::Input<Periods>>("update_v3_request", &f["update_v3_request"], Compare::Exact);
    round_trip::<PromotionPage<K::Admin<Periods>>>("list_v3", &f["list_v3"], Compare::Superset);
    let read: K::Admin<Periods> = round_trip("read_v3", &read_v3::<K>(), Compare::Superset);

    // A campaign read back becomes an update body without the server-derived fields…
    let body = serde_json::to_value(K::Input::from(read.clone())).unwrap();
    for derived in [
        "external_id",
        "is_enabled",
        "total_codes_count",
        "total_limit_state",
    ] {
        assert!(body.get(derived).is_none(), "{derived} is sent");
    }
    // …and a creation body under the same external id.
    let copy = serde_json::to_value(K::New::from(read)).unwrap();
    assert_eq!(copy["external_id"], read_v3::<K>()["external_id"]);
}

fn inputs_reject_derived_fields_and_the_other_form<K: Family>() {
    let f = fixtures::<K>();
    let mut body = f["create_v3_request"].clone();
    body["is_enabled"] = json!(true);
    assert!(serde_json::from_value::<K::New<Periods>>(body).is_err());
    for (key, value) in [
        ("is_enabled", json!(false)),
        ("external_id", json!("campaign_external_id")),
    ] {
        let mut body = f["update_v3_request"].clone();
        body[key] = value;
        assert!(
            serde_json::from_value::<K::Input<Periods>>(body).is_err(),
            "an update body accepted {key}"
        );
    }
    // A /v3 body with /v2 dates, and the other way round.
    let mut body = f["update_v3_request"].clone();
    body["date_start"] = json!("2020-04-15T18:16:00+05:00");
    assert!(serde_json::from_value::<K::Input<Periods>>(body).is_err());
    let v3_update = f["update_v3_request"].clone();
    assert!(serde_json::from_value::<K::Input<DateRange>>(v3_update).is_err());
    let v3_create = f["create_v3_request"].clone();
    assert!(serde_json::from_value::<K::New<DateRange>>(v3_create).is_err());
}

fn admin_crud_picks_v3_or_v2_from_the_body_form<K: Family>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = <K as Family>::handler(client.admin());
        let f = fixtures::<K>();
        let base = format!("/project/44056/admin/{}", K::SEGMENT);
        let created = json!({"external_id": "campaign_external_id"});

        let v3: K::New<Periods> = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
        server.push(Reply::json(201, created.clone()));
        let answer = admin.create(v3).send().await.unwrap();
        assert_eq!(answer.external_id, ExternalId::from("campaign_external_id"));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", &*format!("/v3{base}"))
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.json(), f["create_v3_request"]);

        let v2_example = examples("POST", &spec_admin::<K>()).requests[K::V2_CREATE_EXAMPLE]
            .1
            .clone();
        let v2: K::New<DateRange> = serde_json::from_value(v2_example.clone()).unwrap();
        server.push(Reply::json(201, created));
        admin.create(v2).send().await.unwrap();
        let r = server.last();
        assert_eq!(r.path, format!("/v2{base}"));
        assert_eq!(r.json(), v2_example);

        // Lists: the limit is clamped to 50, and a short page ends the walk.
        let listed = f["list_v3"]["items"].as_array().unwrap().len();
        server.push(Reply::json(200, f["list_v3"].clone()));
        let page = admin.list().limit(500).offset(0).send().await.unwrap();
        assert_eq!(page.items.len(), listed);
        let r = server.last();
        assert_eq!(
            (r.path.as_str(), r.query.as_deref()),
            (&*format!("/v3{base}"), Some("limit=50&offset=0"))
        );
        server.push(Reply::json(200, f["list_v3"].clone()));
        let before = server.requests().len();
        assert_eq!(admin.list().all().await.unwrap().len(), listed);
        assert_eq!(
            server.requests().len(),
            before + 1,
            "a short page ends the walk"
        );
        server.push(Reply::json(200, json!({"items": []})));
        admin.list_v2().offset(2).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.path.as_str(), r.query.as_deref()),
            (&*format!("/v2{base}"), Some("offset=2"))
        );

        // Reads, in either form; external ids are percent-encoded.
        server.push(Reply::json(200, read_v3::<K>()));
        let read = admin.get("summer/2022").send().await.unwrap();
        assert_eq!(server.last().path, format!("/v3{base}/summer%2F2022"));
        let v2_read = first_success("GET", &spec_one::<K>());
        server.push(Reply::json(200, v2_read.clone()));
        let old = admin.get_v2("summer20221").send().await.unwrap();
        assert_eq!(server.last().path, format!("/v2{base}/summer20221"));

        // Updates go to the version of their body's form.
        server.push(Reply::empty(204));
        let update = K::Input::from(read);
        admin.update("summer20221", update).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", &*format!("/v3{base}/summer20221"))
        );
        assert!(r.json().get("external_id").is_none());
        server.push(Reply::empty(204));
        admin
            .update("summer20221", K::Input::from(old))
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(r.path, format!("/v2{base}/summer20221"));
        assert_eq!(r.json()["date_start"], v2_read["date_start"]);

        let before = server.requests().len();
        for _ in 0..4 {
            server.push(Reply::empty(204));
        }
        admin.delete("c1").send().await.unwrap();
        admin.delete_v2("c1").send().await.unwrap();
        admin.activate("c1").send().await.unwrap();
        admin.deactivate("c1").send().await.unwrap();
        let seen: Vec<_> = server.requests()[before..]
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert_eq!(
            seen,
            [
                format!("DELETE /v3{base}/c1"),
                format!("DELETE /v2{base}/c1"),
                format!("PUT /v2{base}/c1/activate"),
                format!("PUT /v2{base}/c1/deactivate"),
            ]
        );
        assert!(
            server
                .requests()
                .iter()
                .all(|r| r.header("authorization") == Some(expected_basic().as_str()))
        );
    });
}

fn admin_codes_are_added_listed_and_generated<K: Family>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = <K as Family>::handler(client.admin());
        let one = format!("/v2/project/44056/admin/{}/c1", K::SEGMENT);

        server.push(Reply::json(201, json!({"code": "WINTER2021"})));
        let created = admin
            .create_code("c1", code("WINTER2021"))
            .send()
            .await
            .unwrap();
        assert_eq!(created.code.as_str(), "WINTER2021");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", &*format!("{one}/code"))
        );
        assert_eq!(r.json(), json!({"coupon_code": "WINTER2021"}));

        // Walking code pages: a full page asks for the next one.
        let codes = |n: usize| {
            let codes: Vec<_> = (0..n).map(|i| json!({"code": format!("C{i}")})).collect();
            json!({"codes": codes, "total_count": 70})
        };
        server.push(Reply::json(200, codes(50)));
        server.push(Reply::json(200, codes(20)));
        let all = admin.codes("c1").all().await.unwrap();
        assert_eq!(all.len(), 70);
        let queries: Vec<_> = server.requests()[1..]
            .iter()
            .map(|r| (r.path.clone(), r.query.clone().unwrap()))
            .collect();
        let list = format!("{one}/code");
        assert_eq!(
            queries,
            [
                (list.clone(), "limit=50&offset=0".to_owned()),
                (list, "limit=50&offset=50".to_owned())
            ]
        );

        // Generating: out-of-range counts never leave the client; the call is not idempotent.
        let before = server.requests().len();
        for count in [0, 100_001, 200_000] {
            assert!(matches!(
                admin.generate_codes("c1", count),
                Err(Error::InvalidInput(_))
            ));
        }
        assert_eq!(server.requests().len(), before);
        assert!(
            !admin
                .generate_codes("c1", 3)
                .unwrap()
                .endpoint()
                .idempotent()
        );
        let down = json!({"statusCode": 503, "errorCode": 0, "errorMessage": "down"});
        server.push(Reply::json(503, down));
        let err = admin
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
            ("PUT", &*format!("{one}/code/generate"))
        );
        assert_eq!(r.json(), json!({"count": 10}));
        server.push(Reply::json(200, json!({"count": 500})));
        let made = admin
            .generate_codes("c1", 500)
            .unwrap()
            .send()
            .await
            .unwrap();
        assert_eq!(made.count, 500);
    });
}

fn user_limits_reach_their_routes<K: Family + UserLimits>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = <K as Family>::handler(client.admin());
        let limit = json!({"per_user": {"total": 10, "available": 9}});
        let user = "d342dad2-9d59-11e9-a384-42010aa8003f";
        let path = format!(
            "/v2/project/44056/admin/user/limit/{}/external_id/c1",
            K::SEGMENT
        );

        server.push(Reply::json(200, limit.clone()));
        let got = admin.user_limit("c1", user).send().await.unwrap();
        assert_eq!(got.per_user.available, 9);
        let r = server.last();
        assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", &*path));
        assert_eq!(
            r.query.as_deref(),
            Some(&*format!("user_external_id={user}"))
        );
        assert!(r.body.is_empty());
        let check = |method: &str, available: i64| {
            let r = server.last();
            assert_eq!((r.method.as_str(), r.path.as_str()), (method, &*path));
            assert_eq!(r.query, None);
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
            assert_eq!(
                r.json(),
                json!({"user": {"user_external_id": user}, "available": available})
            );
        };
        server.push(Reply::json(200, limit.clone()));
        admin
            .increase_user_limit("c1", user, 2)
            .send()
            .await
            .unwrap();
        check("POST", 2);
        server.push(Reply::json(200, limit.clone()));
        admin.set_user_limit("c1", user, 0).send().await.unwrap();
        check("PUT", 0);
        server.push(Reply::json(200, limit.clone()));
        let after = admin
            .decrease_user_limit("c1", user, 1)
            .send()
            .await
            .unwrap();
        check("DELETE", 1);
        assert_eq!(after.per_user.total, 10);
        assert!(
            !admin
                .increase_user_limit("c1", user, 1)
                .endpoint()
                .idempotent()
        );
        assert!(admin.set_user_limit("c1", user, 1).endpoint().idempotent());
        assert!(
            !admin
                .decrease_user_limit("c1", user, 1)
                .endpoint()
                .idempotent()
        );
    });
}

fn code_limits_filter_by_code<K: Family + CodeLimits>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = <K as Family>::handler(client.admin());
        let path = format!(
            "/v2/project/44056/admin/code/limit/{}/external_id/c1",
            K::SEGMENT
        );

        server.push(Reply::json(
            200,
            first_success("GET", &spec_code_limit::<K>()),
        ));
        admin
            .code_limits("c1", [code("WINTER2023"), code("SUMMER2023")])
            .limit(10)
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(r.path, path);
        assert_eq!(
            r.query.as_deref(),
            Some("codes[]=WINTER2023&codes[]=SUMMER2023&limit=10")
        );

        server.push(Reply::json(
            200,
            json!({"promotion_id": 1, "items": [], "has_more": false}),
        ));
        admin.code_limits("c1", []).send().await.unwrap();
        let r = server.last();
        assert_eq!((r.path.as_str(), r.query.as_deref()), (&*path, None));
    });
}

fn player_calls_use_bearer_and_are_never_retried<K: Player>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let player = <K as Player>::handler(&client);
        let redeem_path = format!("/v2/project/44056/{}/redeem", K::SEGMENT);
        let redeem_spec = format!("/v2/project/{{project_id}}/{}/redeem", K::SEGMENT);

        server.push(Reply::json(200, first_success("POST", &redeem_spec)));
        player.redeem(code("WINTER2021")).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", &*redeem_path)
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert_eq!(r.json(), json!({"coupon_code": "WINTER2021"}));

        // A 5xx is reported, not retried.
        server.push(Reply::json(
            503,
            json!({"statusCode": 503, "errorCode": 0, "errorMessage": "down"}),
        ));
        let err = player.redeem(code("abc123")).send().await.unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), 2, "a redemption is never retried");
        assert_eq!(server.last().json(), json!({"coupon_code": "abc123"}));

        server.push(Reply::json(
            200,
            json!({"bonus": [], "is_selectable": false}),
        ));
        player.rewards(code("WINTER2021")).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "GET",
                &*format!("/v2/project/44056/{}/code/WINTER2021/rewards", K::SEGMENT)
            )
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert!(r.body.is_empty());
    });
}

fn refused_redemptions_classify<K: Player>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let player = <K as Player>::handler(&client);
        server.push(Reply::json(
            404,
            json!({"statusCode": 404, "errorCode": 4001,
                "errorMessage": "[0401-9807]: Enter valid coupon code."}),
        ));
        let err = player.redeem(code("NOPE")).send().await.unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.code_rejection()),
            Some(CodeRejection::Unknown)
        );
        server.push(Reply::json(
            422,
            json!({"statusCode": 422, "errorCode": 9804,
                "errorMessage": "[0401-9804]: You have reached the coupon redemption limit."}),
        ));
        let err = player.rewards(code("USED")).send().await.unwrap_err();
        assert_eq!(
            err.api().and_then(|e| e.code_rejection()),
            Some(CodeRejection::UsedUp)
        );
    });
}
