//! Unique catalog offers: documented examples through our types, and the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic};
use crate::common::spec::{Compare, NoBody, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::promotions::{
    CodeInput, CodeList, CreatedCode, CreatedPromotion, DateRange, GenerateCodes, GeneratedCodes,
    PeriodForm, Periods,
};
use xsolla_liveops::models::unique_offers::{
    AdminUniqueOffer, AdminUniqueOfferPage, NewUniqueOffer, UniqueOfferInput,
};
use xsolla_liveops::{Code, Endpoint, Error};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/unique_offers.json")).unwrap()
}

const ADMIN: &str = "/v2/project/{project_id}/admin/unique_catalog_offer";
const ONE: &str = "/v2/project/{project_id}/admin/unique_catalog_offer/{external_id}";

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    n += check_operation::<NewUniqueOffer<DateRange>, CreatedPromotion>("POST", ADMIN);
    n += check_operation::<NoBody, AdminUniqueOfferPage<DateRange>>("GET", ADMIN);
    n += check_operation::<NoBody, AdminUniqueOffer<DateRange>>("GET", ONE);
    n += check_operation::<UniqueOfferInput<DateRange>, NoContent>("PUT", ONE);
    n += check_operation::<NoBody, NoContent>("DELETE", ONE);
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{ONE}/activate"));
    n += check_operation::<NoBody, NoContent>("PUT", &format!("{ONE}/deactivate"));
    n += check_operation::<CodeInput, CreatedCode>("POST", &format!("{ONE}/code"));
    n += check_operation::<NoBody, CodeList>("GET", &format!("{ONE}/code"));
    n += check_operation::<GenerateCodes, GeneratedCodes>("PUT", &format!("{ONE}/code/generate"));
    assert!(n > 0);
    println!("unique_offers: {n} spec examples");
}

#[test]
fn documented_v3_examples_round_trip() {
    let f = fixtures();
    let created: NewUniqueOffer =
        round_trip("create_v3_request", &f["create_v3_request"], Compare::Exact);
    assert_eq!(created.offer.items.len(), 2);
    let update: UniqueOfferInput =
        round_trip("update_v3_request", &f["update_v3_request"], Compare::Exact);
    assert_eq!(update.validity.promotion_periods[0].date_until, None);
    let page: AdminUniqueOfferPage = round_trip("list_v3", &f["list_v3"], Compare::Superset);
    let offer = page.items[0].clone();
    assert_eq!(offer.items[0].0, "booster_mega_1");

    // The /v2 read of the same offer converts to the /v3 form and back.
    let v2: AdminUniqueOffer<DateRange> =
        serde_json::from_value(examples("GET", ONE).responses[0].2.clone()).unwrap();
    let periods = v2.validity.to_periods();
    assert_eq!(periods.len(), 1);
    assert_eq!(Periods::from_periods(periods.clone()).to_periods(), periods);
    assert_eq!(DateRange::from_periods(periods), v2.validity);

    let body = serde_json::to_value(UniqueOfferInput::from(offer)).unwrap();
    for derived in [
        "external_id",
        "is_enabled",
        "total_codes_count",
        "total_limit_state",
    ] {
        assert!(body.get(derived).is_none(), "{derived} is sent");
    }
    // SKUs only: objects in `items` are refused, as Xsolla does.
    let mut bad = f["update_v3_request"].clone();
    bad["items"] = json!([{"sku": "elven_sword"}]);
    assert!(serde_json::from_value::<UniqueOfferInput>(bad).is_err());
    let mut bad = f["create_v3_request"].clone();
    bad["bonus"] = json!([]);
    assert!(serde_json::from_value::<NewUniqueOffer>(bad).is_err());
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn admin_calls_reach_the_documented_routes() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let offers = client.admin().unique_offers();
        let f = fixtures();

        let body: NewUniqueOffer = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
        server.push(Reply::json(
            201,
            json!({"external_id": "offer_external_id"}),
        ));
        let created = offers.create(body).send().await.unwrap();
        assert_eq!(created.external_id.0, "offer_external_id");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v3/project/44056/admin/unique_catalog_offer")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.json(), f["create_v3_request"]);

        let v2_example = examples("POST", ADMIN).requests[0].1.clone();
        let v2: NewUniqueOffer<DateRange> = serde_json::from_value(v2_example.clone()).unwrap();
        server.push(Reply::json(
            201,
            json!({"external_id": "offer_external_id"}),
        ));
        offers.create(v2).send().await.unwrap();
        assert_eq!(server.last().json(), v2_example);

        server.push(Reply::json(200, f["list_v3"].clone()));
        let all = offers.list().all().await.unwrap();
        assert_eq!(all.len(), 1, "a short page ends the walk");
        server.push(Reply::json(
            200,
            examples("GET", ADMIN).responses[0].2.clone(),
        ));
        offers.list_v2().offset(2).send().await.unwrap();
        server.push(Reply::json(200, f["list_v3"]["items"][0].clone()));
        let offer = offers.get("secret_store").send().await.unwrap();
        server.push(Reply::json(
            200,
            examples("GET", ONE).responses[0].2.clone(),
        ));
        offers.get_v2("secret_store").send().await.unwrap();
        offers
            .update("secret_store", UniqueOfferInput::from(offer))
            .send()
            .await
            .unwrap();
        offers.delete("secret_store").send().await.unwrap();
        offers.delete_v2("secret_store").send().await.unwrap();
        offers.activate("secret_store").send().await.unwrap();
        offers.deactivate("secret_store").send().await.unwrap();
        server.push(Reply::json(201, json!({"code": "SECRET1"})));
        offers
            .create_code("secret_store", Code::parse("SECRET1").unwrap())
            .send()
            .await
            .unwrap();
        server.push(Reply::json(
            200,
            json!({"codes": [{"code": "SECRET1"}], "total_count": 1}),
        ));
        offers.codes("secret_store").send().await.unwrap();
        server.push(Reply::json(200, json!({"count": 3})));
        offers
            .generate_codes("secret_store", 3)
            .unwrap()
            .send()
            .await
            .unwrap();
        assert!(matches!(
            offers.generate_codes("secret_store", 200_000),
            Err(Error::InvalidInput(_))
        ));
        assert!(
            !offers
                .generate_codes("secret_store", 3)
                .unwrap()
                .endpoint()
                .idempotent()
        );

        let one = "/project/44056/admin/unique_catalog_offer/secret_store";
        let seen: Vec<_> = server.requests()[2..]
            .iter()
            .map(|r| {
                let q = r
                    .query
                    .as_deref()
                    .map(|q| format!("?{q}"))
                    .unwrap_or_default();
                format!("{} {}{q}", r.method, r.path)
            })
            .collect();
        assert_eq!(
            seen,
            [
                "GET /v3/project/44056/admin/unique_catalog_offer?limit=50&offset=0".to_owned(),
                "GET /v2/project/44056/admin/unique_catalog_offer?offset=2".to_owned(),
                format!("GET /v3{one}"),
                format!("GET /v2{one}"),
                format!("PUT /v3{one}"),
                format!("DELETE /v3{one}"),
                format!("DELETE /v2{one}"),
                format!("PUT /v2{one}/activate"),
                format!("PUT /v2{one}/deactivate"),
                format!("POST /v2{one}/code"),
                format!("GET /v2{one}/code"),
                format!("PUT /v2{one}/code/generate"),
            ]
        );
        let update = server.requests()[6].json();
        assert_eq!(update["items"], json!(["booster_mega_1"]));
        assert!(update.get("is_enabled").is_none());
        assert!(
            server
                .requests()
                .iter()
                .all(|r| r.header("authorization") == Some(expected_basic().as_str()))
        );
    });
}
