//! Discounts, bonuses and the calls common to all promotions: documented examples through our
//! types, and the calls on the wire in their `/v3` and `/v2` forms.

use crate::common::mock::{MockServer, Reply, expected_basic};
use crate::common::spec::{Compare, NoBody, check_operation, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::api::discounts::{
    ActivatePromotion, Bonus, CreateDiscount, Discount, ListPromotions, PromotionKind,
};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::discounts::{
    BonusPromotion, BonusPromotionInput, BonusPromotionList, CreatedPromotionId,
    DiscountAttributeConditions, DiscountPromotion, DiscountPromotionInput, DiscountPromotionList,
    ListedPeriod, PromotionDate, PromotionSummaryList, PromotionType,
};
use xsolla_liveops::models::promotions::{DateRange, Periods};
use xsolla_liveops::{Endpoint, ProjectId};

const ITEM: &str = "/v2/project/{project_id}/admin/promotion/item";
const ITEM_ID: &str = "/v2/project/{project_id}/admin/promotion/{promotion_id}/item";
const BONUS: &str = "/v2/project/{project_id}/admin/promotion/bonus";
const BONUS_ID: &str = "/v2/project/{project_id}/admin/promotion/{promotion_id}/bonus";
const ALL: &str = "/v2/project/{project_id}/admin/promotion";

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/discounts.json")).unwrap()
}

#[test]
fn spec_examples_round_trip() {
    // The spec documents the /v2 form (`date_start` / `date_end`), hence `DateRange`.
    let n = check_operation::<DiscountPromotionInput<DateRange>, CreatedPromotionId>("POST", ITEM)
        + check_operation::<NoBody, DiscountPromotionList<DateRange>>("GET", ITEM)
        + check_operation::<NoBody, DiscountPromotion<DateRange>>("GET", ITEM_ID)
        + check_operation::<DiscountPromotionInput<DateRange>, NoContent>("PUT", ITEM_ID)
        + check_operation::<NoBody, NoContent>("DELETE", ITEM_ID)
        + check_operation::<BonusPromotionInput<DateRange>, CreatedPromotionId>("POST", BONUS)
        + check_operation::<NoBody, BonusPromotionList<DateRange>>("GET", BONUS)
        + check_operation::<NoBody, BonusPromotion<DateRange>>("GET", BONUS_ID)
        + check_operation::<BonusPromotionInput<DateRange>, NoContent>("PUT", BONUS_ID)
        + check_operation::<NoBody, NoContent>("DELETE", BONUS_ID)
        + check_operation::<NoBody, PromotionSummaryList>("GET", ALL)
        + check_operation::<NoBody, NoContent>("PUT", &format!("{ALL}/{{promotion_id}}/activate"))
        + check_operation::<NoBody, NoContent>(
            "PUT",
            &format!("{ALL}/{{promotion_id}}/deactivate"),
        );
    assert!(n > 0);
    println!("discounts: {n} spec examples");
}

#[test]
fn spec_oddities_are_modelled() {
    // The discount request schema nests attribute conditions in groups; its example follows it.
    let ex = crate::common::spec::examples("POST", ITEM);
    let (_, personalized) = ex
        .requests
        .iter()
        .find(|(name, _)| name == "personalized")
        .expect("the personalized example");
    let body: DiscountPromotionInput<DateRange> =
        round_trip("personalized", personalized, Compare::Exact);
    match body.attribute_conditions {
        Some(DiscountAttributeConditions::Groups(groups)) => assert_eq!(groups.len(), 2),
        other => panic!("expected groups, got {other:?}"),
    }
    // The all-promotions list writes dates without offset; they are kept and still readable.
    let ex = crate::common::spec::examples("GET", ALL);
    let (_, _, list) = ex.successes().next().expect("a list example");
    let list: PromotionSummaryList = round_trip("all promotions", list, Compare::Superset);
    let first = &list.promotions[0];
    assert_eq!(first.promotion_type, Some(PromotionType::ItemBonus));
    match &first.period {
        ListedPeriod::Dates {
            date_start: Some(start),
            date_end: None,
        } => {
            assert_eq!(start, &PromotionDate::Local("2020-01-01T00:00".into()));
            assert_eq!(
                start.to_datetime().map(|d| d.timestamp()),
                Some(1_577_836_800)
            );
        }
        other => panic!("unexpected period {other:?}"),
    }
    let coupon = &list.promotions[2].condition.as_ref().unwrap()[0].item;
    assert_eq!(
        coupon.external_id.as_ref().map(|e| e.0.as_str()),
        Some("coupon_2")
    );
    assert_eq!(coupon.redeem_code_limit, Some(1));
}

#[test]
fn v3_fixtures_round_trip() {
    let f = fixtures();
    let periods: Periods = round_trip("periods_example", &f["periods_example"], Compare::Exact);
    assert_eq!(periods.promotion_periods.len(), 1);
    let create: DiscountPromotionInput = round_trip(
        "create_discount_v3",
        &f["create_discount_v3"],
        Compare::Exact,
    );
    assert_eq!(create.discount.percent.as_str(), "10.00");
    let by_price: DiscountPromotionInput = round_trip(
        "create_discount_by_price_v3",
        &f["create_discount_by_price_v3"],
        Compare::Exact,
    );
    assert!(by_price.items.is_none());
    // `items: null` is written, not left out: Xsolla requires the key.
    assert_eq!(
        serde_json::to_value(&by_price).unwrap()["items"],
        Value::Null
    );
    assert!(
        serde_json::to_value(&by_price)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("items")
    );
    let read: DiscountPromotion =
        round_trip("get_discount_v3", &f["get_discount_v3"], Compare::Superset);
    let list: DiscountPromotionList = round_trip(
        "list_discounts_v3",
        &f["list_discounts_v3"],
        Compare::Superset,
    );
    assert_eq!(list.promotions.len(), 2);
    assert!(!list.promotions[1].is_enabled);
    round_trip::<BonusPromotionInput>("create_bonus_v3", &f["create_bonus_v3"], Compare::Exact);
    let cart: BonusPromotionInput = round_trip(
        "create_cart_bonus_v3",
        &f["create_cart_bonus_v3"],
        Compare::Exact,
    );
    assert!(cart.condition.is_none());
    let bonus: BonusPromotion = round_trip("get_bonus_v3", &f["get_bonus_v3"], Compare::Superset);
    let all: PromotionSummaryList = round_trip(
        "list_promotions_v3",
        &f["list_promotions_v3"],
        Compare::Superset,
    );
    assert_eq!(
        all.promotions[1].promotion_type,
        Some(PromotionType::Other("unique_catalog_offer".into()))
    );
    assert!(matches!(
        &all.promotions[1].period,
        ListedPeriod::Periods { promotion_periods } if promotion_periods.len() == 2
    ));

    // Read back, then written again: server-derived and computed fields are dropped.
    let body = serde_json::to_value(DiscountPromotionInput::try_from(read).unwrap()).unwrap();
    for derived in ["id", "is_enabled"] {
        assert!(body.get(derived).is_none(), "{derived} must not be sent");
    }
    assert!(body["limits"].get("per_item").is_none());
    assert_eq!(body["limits"]["per_user"], 10);
    assert_eq!(
        body["limits"]["recurrent_schedule"]["per_user"],
        json!({"interval_type": "daily", "time": "11:00:00+08:00"})
    );
    assert_eq!(
        body["promotion_periods"][0]["date_from"],
        "2020-04-15T18:16:00+05:00"
    );
    serde_json::from_value::<DiscountPromotionInput>(body).expect("a valid update body");
    let body = serde_json::to_value(BonusPromotionInput::from(bonus)).unwrap();
    assert!(body.get("id").is_none() && body.get("is_enabled").is_none());
    assert_eq!(body["condition"], Value::Null);
    assert_eq!(
        body["limits"]["recurrent_schedule"]["per_user"]["day_of_month"],
        31
    );
    serde_json::from_value::<BonusPromotionInput>(body).expect("a valid update body");
}

#[test]
fn inputs_reject_derived_fields_and_the_other_form() {
    let f = fixtures();
    for (key, value) in [
        ("id", json!(7)),
        ("is_enabled", json!(true)),
        ("bogus", json!(1)),
    ] {
        let mut body = f["create_discount_v3"].clone();
        body[key] = value.clone();
        assert!(
            serde_json::from_value::<DiscountPromotionInput>(body).is_err(),
            "discount input accepted {key}"
        );
        let mut body = f["create_bonus_v3"].clone();
        body[key] = value;
        assert!(
            serde_json::from_value::<BonusPromotionInput>(body).is_err(),
            "bonus input accepted {key}"
        );
    }
    // A /v2 body is not a /v3 body and the other way round.
    let mut v3 = f["create_discount_v3"].clone();
    v3["date_start"] = json!("2020-04-15T18:16:00+05:00");
    assert!(serde_json::from_value::<DiscountPromotionInput>(v3).is_err());
    let v3 = f["create_discount_v3"].clone();
    assert!(serde_json::from_value::<DiscountPromotionInput<DateRange>>(v3).is_err());
    // Nested objects of a body are strict too.
    let mut body = f["create_discount_v3"].clone();
    body["discount"]["amount"] = json!("1.00");
    assert!(serde_json::from_value::<DiscountPromotionInput>(body).is_err());
    let mut body = f["create_discount_v3"].clone();
    body["items"][0]["name"] = json!("x");
    assert!(serde_json::from_value::<DiscountPromotionInput>(body).is_err());
    let mut body = f["create_discount_by_price_v3"].clone();
    body["price_conditions"][0]["currency"] = json!("USD");
    assert!(serde_json::from_value::<DiscountPromotionInput>(body).is_err());
    let mut body = f["create_bonus_v3"].clone();
    body["limits"]["per_item"] = json!(3);
    assert!(serde_json::from_value::<BonusPromotionInput>(body).is_err());
}

#[test]
fn a_discount_without_percent_cannot_become_a_body() {
    let mut read = fixtures()["get_discount_v3"].clone();
    read["discount"] = json!({"percent": null});
    let read: DiscountPromotion = serde_json::from_value(read).unwrap();
    let err = DiscountPromotionInput::try_from(read).unwrap_err();
    assert!(matches!(err, xsolla_liveops::Error::InvalidInput(_)));
}

#[test]
fn paths_follow_the_period_form() {
    let f = fixtures();
    let v3 = CreateDiscount::<Periods> {
        body: serde_json::from_value(f["create_discount_v3"].clone()).unwrap(),
    };
    assert_eq!(v3.path(ProjectId(1)), "/v3/project/1/admin/promotion/item");
    let list = ListPromotions::<DateRange>::default();
    assert_eq!(list.path(ProjectId(1)), "/v2/project/1/admin/promotion");
    assert!(list.idempotent() && !v3.idempotent());
    // Activation sets a state: repeating it changes nothing.
    assert!(
        ActivatePromotion {
            promotion: 3.into()
        }
        .idempotent()
    );
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn seen(server: &MockServer, skip: usize) -> Vec<(String, String, Option<String>)> {
    server
        .requests()
        .into_iter()
        .skip(skip)
        .map(|r| (r.method, r.path, r.query))
        .collect()
}

fn calls(list: &[(&str, &str, Option<&str>)]) -> Vec<(String, String, Option<String>)> {
    list.iter()
        .map(|(m, p, q)| (m.to_string(), p.to_string(), q.map(str::to_owned)))
        .collect()
}

/// A promotion kind's test data.
trait Kind: PromotionKind {
    /// The `/v3` creation body sent.
    const CREATE: &'static str;
    /// A promotion read back.
    const READ: &'static str;
    /// The update body of a promotion read back.
    fn update_body(read: Self::Promotion<Periods>) -> Self::Input<Periods>;
}

impl Kind for Discount {
    const CREATE: &'static str = "create_discount_v3";
    const READ: &'static str = "get_discount_v3";
    fn update_body(read: DiscountPromotion) -> DiscountPromotionInput {
        DiscountPromotionInput::try_from(read).unwrap()
    }
}

impl Kind for Bonus {
    const CREATE: &'static str = "create_cart_bonus_v3";
    const READ: &'static str = "get_bonus_v3";
    fn update_body(read: BonusPromotion) -> BonusPromotionInput {
        read.into()
    }
}

#[test]
fn discount_calls_reach_v3_and_v2_paths_with_basic_auth() {
    crud_calls_reach_v3_and_v2_paths::<Discount>();
}

#[test]
fn bonus_calls_reach_v3_and_v2_paths_with_basic_auth() {
    crud_calls_reach_v3_and_v2_paths::<Bonus>();
}

fn crud_calls_reach_v3_and_v2_paths<K: Kind>() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin().promotions_of::<K>();
        let f = fixtures();
        let v3 = "/v3/project/44056/admin/promotion";
        let kind = K::SEGMENT;

        // `items: null` or `condition: null` is sent as such.
        server.push(Reply::json(201, json!({"promotion_id": 2384756})));
        let body: K::Input<Periods> = serde_json::from_value(f[K::CREATE].clone()).unwrap();
        let created = admin.create(body).send().await.unwrap();
        assert_eq!(created.promotion_id.0, 2384756);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", &*format!("{v3}/{kind}"))
        );
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.json(), f[K::CREATE]);

        for _ in 0..2 {
            server.push(Reply::json(200, json!({"promotions": []})));
        }
        admin.list().limit(500).offset(0).send().await.unwrap();
        admin.list().limit(10).send().await.unwrap();
        server.push(Reply::json(200, f[K::READ].clone()));
        let read = admin.get(1).send().await.unwrap();
        let update = K::update_body(read);
        server.push(Reply::empty(204));
        admin.update(1, update.clone()).send().await.unwrap();
        assert_eq!(server.last().json(), serde_json::to_value(&update).unwrap());
        server.push(Reply::empty(204));
        admin.delete(1).send().await.unwrap();
        let v2 = admin.v2();
        server.push(Reply::json(200, json!({"promotions": []})));
        v2.list().send().await.unwrap();
        server.push(Reply::empty(204));
        v2.delete(2).send().await.unwrap();
        let v2 = "/v2/project/44056/admin/promotion";
        assert_eq!(
            seen(&server, 1),
            calls(&[
                ("GET", &*format!("{v3}/{kind}"), Some("limit=50&offset=0")),
                ("GET", &*format!("{v3}/{kind}"), Some("limit=10")),
                ("GET", &*format!("{v3}/1/{kind}"), None),
                ("PUT", &*format!("{v3}/1/{kind}"), None),
                ("DELETE", &*format!("{v3}/1/{kind}"), None),
                ("GET", &*format!("{v2}/{kind}"), None),
                ("DELETE", &*format!("{v2}/2/{kind}"), None),
            ])
        );
        for r in server.requests() {
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        }
    });
}

#[test]
fn discount_calls_carry_the_documented_bodies() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let discounts = client.admin().discounts();
        let f = fixtures();

        server.push(Reply::json(200, f["list_discounts_v3"].clone()));
        let page = discounts.list().send().await.unwrap();
        assert_eq!(page.promotions.len(), 2);

        // The same calls in the /v2 form.
        let v2 = discounts.v2();
        let ex = crate::common::spec::examples("POST", ITEM);
        let simple = ex.requests[0].1.clone();
        let body: DiscountPromotionInput<DateRange> =
            serde_json::from_value(simple.clone()).unwrap();
        server.push(Reply::json(201, json!({"promotion_id": 5})));
        v2.create(body.clone()).send().await.unwrap();
        assert_eq!(server.last().json(), simple);
        let (_, _, list) = crate::common::spec::examples("GET", ITEM)
            .successes()
            .next()
            .cloned()
            .unwrap();
        server.push(Reply::json(200, list));
        v2.list().send().await.unwrap();
        let (_, _, one) = crate::common::spec::examples("GET", ITEM_ID)
            .successes()
            .next()
            .cloned()
            .unwrap();
        server.push(Reply::json(200, one));
        let read = v2.get(5).send().await.unwrap();
        assert!(read.period.date_start.is_some());
        server.push(Reply::empty(204));
        v2.update(5, body).send().await.unwrap();
        server.push(Reply::empty(204));
        v2.delete(5).send().await.unwrap();
        for r in server.requests().into_iter().skip(1) {
            assert!(
                r.path.starts_with("/v2/project/44056/admin/promotion/"),
                "{}",
                r.path
            );
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        }
        assert_eq!(server.requests().len(), 6);
    });
}

#[test]
fn common_promotion_calls() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let promotions = client.admin().promotions();
        server.push(Reply::json(200, fixtures()["list_promotions_v3"].clone()));
        let mut list = promotions.list();
        list.endpoint_mut().enabled = Some(true);
        let page = list.limit(20).send().await.unwrap();
        assert_eq!(page.total_promotions_count, Some(2));
        let (_, _, v2_list) = crate::common::spec::examples("GET", ALL)
            .successes()
            .next()
            .cloned()
            .unwrap();
        server.push(Reply::json(200, v2_list));
        let mut list = promotions.v2().list();
        list.endpoint_mut().enabled = Some(false);
        list.send().await.unwrap();
        server.push(Reply::empty(204));
        promotions.activate(111425).send().await.unwrap();
        server.push(Reply::empty(204));
        promotions.deactivate(111425).send().await.unwrap();
        server.push(Reply::empty(204));
        // Activation is a /v2 call whatever the form of the handler.
        promotions.v2().activate(7).send().await.unwrap();
        assert_eq!(
            seen(&server, 0),
            calls(&[
                (
                    "GET",
                    "/v3/project/44056/admin/promotion",
                    Some("limit=20&enabled=1")
                ),
                (
                    "GET",
                    "/v2/project/44056/admin/promotion",
                    Some("enabled=0")
                ),
                (
                    "PUT",
                    "/v2/project/44056/admin/promotion/111425/activate",
                    None
                ),
                (
                    "PUT",
                    "/v2/project/44056/admin/promotion/111425/deactivate",
                    None
                ),
                ("PUT", "/v2/project/44056/admin/promotion/7/activate", None),
            ])
        );
        for r in server.requests() {
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
            assert!(r.body.is_empty() || r.method == "POST");
        }
    });
}

#[test]
fn promotion_lists_end_with_a_short_page() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let one = fixtures()["get_discount_v3"].clone();
        let page =
            |n: usize| json!({"promotions": vec![one.clone(); n], "total_promotions_count": 53});
        server.push(Reply::json(200, page(50)));
        server.push(Reply::json(200, page(3)));
        let all = client.admin().discounts().list().all().await.unwrap();
        assert_eq!(all.len(), 53);
        let queries: Vec<_> = server
            .requests()
            .into_iter()
            .map(|r| r.query.unwrap())
            .collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);
    });
}

#[test]
fn error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin();
        let (_, _, not_found) = crate::common::spec::examples("GET", ITEM_ID)
            .errors()
            .find(|(s, _, _)| *s == 404)
            .cloned()
            .unwrap();
        server.push(Reply::json(404, not_found));
        let err = admin.discounts().get(111425).send().await.unwrap_err();
        let api = err.api().expect("an API error");
        assert!(api.is_not_found());
        assert_eq!(api.error_code(), Some(9502));

        let (_, _, invalid) = crate::common::spec::examples("POST", BONUS)
            .errors()
            .find(|(s, _, _)| *s == 422)
            .cloned()
            .unwrap();
        server.push(Reply::json(422, invalid));
        let body: BonusPromotionInput =
            serde_json::from_value(fixtures()["create_bonus_v3"].clone()).unwrap();
        let err = admin.bonuses().create(body).send().await.unwrap_err();
        assert!(err.api().unwrap().is_validation());
        assert_eq!(server.requests().len(), 2, "a create is never retried");

        let (_, _, denied) =
            crate::common::spec::examples("PUT", &format!("{ALL}/{{promotion_id}}/activate"))
                .errors()
                .find(|(s, _, _)| *s == 401)
                .cloned()
                .unwrap();
        server.push(Reply::json(401, denied));
        let err = admin.promotions().activate(1).send().await.unwrap_err();
        assert!(err.is_unauthorized());
    });
}
