//! Offer chains: documented examples through our types, and the calls on the wire.
//!
//! Xsolla's OpenAPI bundle predates offer chains, so the examples come from the API reference
//! (`tests/fixtures/offer_chains.json`, see its `_source`).

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::api::offer::{
    ClaimOfferChainStep, DeleteOfferChain, OrderOfferChainStep, ToggleOfferChain, UpdateOfferChain,
};
use xsolla_liveops::models::common::{IntervalType, RecurrentSchedule};
use xsolla_liveops::models::offer::{
    AdminOfferChain, AdminOfferChainPage, ClaimedOfferStep, ClientOfferChain, ClientOfferChainPage,
    CreatedOfferChain, OfferChainInput, OfferStepAction, OfferStepOrder, PaymentToken,
};
use xsolla_liveops::{Endpoint, ErrorBody, OfferChainId, OrderId, StepId, StepNumber};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/offer_chains.json")).unwrap()
}

#[test]
fn documented_examples_round_trip() {
    let f = fixtures();
    let mut n = 0;

    let chain: ClientOfferChain = round_trip("get_user", &f["get_user"], Compare::Superset);
    n += 1;
    assert_eq!(chain.steps[0].items[0].content.len(), 2);
    // The docs example carries neither `next_step_number` nor `is_claimed`: the first step is
    // the one to take, and it is paid.
    let next = chain.next_step().expect("a step to take");
    assert_eq!(next.step_number, StepNumber(1));
    assert_eq!(next.action(), OfferStepAction::Purchase);
    assert!(!chain.is_completed());

    let chain: ClientOfferChain = round_trip(
        "get_user_progress",
        &f["get_user_progress"],
        Compare::Superset,
    );
    n += 1;
    let next = chain.next_step().expect("step 2 is open");
    assert_eq!(next.step_number, StepNumber(2));
    assert!(next.is_paid());
    let price = next.step_price.as_ref().expect("a paid step has a price");
    assert_eq!(
        (price.amount.as_str(), price.currency.as_str()),
        ("4.99", "USD")
    );
    assert_eq!(next.step_vp_rewards[0].amount, 150);
    assert_eq!(next.step_loyalty_rewards[0].amount, 20);
    assert_eq!(chain.claimed_count(), 1);
    assert_eq!(chain.next_reset().map(|t| t.seconds()), Some(1_746_057_600));
    assert_eq!(
        chain.recurrent_schedule.as_ref().map(|s| s.interval_type),
        Some(IntervalType::Weekly)
    );
    assert_eq!(
        chain.step(StepNumber(3)).map(|s| s.action()),
        Some(OfferStepAction::Claim)
    );

    let page: ClientOfferChainPage = round_trip("list_user", &f["list_user"], Compare::Superset);
    n += 1;
    assert_eq!((page.items.len(), page.total_items_count), (2, Some(31)));

    let claimed: ClaimedOfferStep =
        round_trip("claim_response", &f["claim_response"], Compare::Exact);
    n += 1;
    assert_eq!(claimed.order_id, Some(OrderId(641)));
    let order: OfferStepOrder = round_trip("order_response", &f["order_response"], Compare::Exact);
    n += 1;
    assert_eq!(order.order_id, OrderId(641));
    assert_eq!(
        order.paystation_url(),
        "https://secure.xsolla.com/paystation4/?token=f4puMEFFDZcx9nv5HoNHIkPe9qghvBQo"
    );
    assert_eq!(
        order.sandbox_paystation_url(),
        "https://sandbox-secure.xsolla.com/paystation4/?token=f4puMEFFDZcx9nv5HoNHIkPe9qghvBQo"
    );

    for label in [
        "create_admin_request",
        "create_admin_request_personalized",
        "update_admin_request",
    ] {
        round_trip::<OfferChainInput>(label, &f[label], Compare::Exact);
        n += 1;
    }
    let personalized: OfferChainInput =
        serde_json::from_value(f["create_admin_request_personalized"].clone()).unwrap();
    assert_eq!(
        personalized.recurrent_schedule,
        Some(RecurrentSchedule::Weekly {
            day_of_week: 1,
            time: "01:00:00+08:00".into()
        })
    );
    assert_eq!(
        personalized.attribute_conditions.as_ref().map(Vec::len),
        Some(1)
    );

    let created: CreatedOfferChain = round_trip(
        "create_admin_response",
        &f["create_admin_response"],
        Compare::Exact,
    );
    n += 1;
    assert_eq!(created.offer_chain_id, OfferChainId(12));

    let admin: AdminOfferChain = round_trip("get_admin", &f["get_admin"], Compare::Superset);
    n += 1;
    assert_eq!(
        admin.steps[0]
            .step_price
            .as_ref()
            .map(|p| p.amount.as_str()),
        Some("2.99")
    );
    let list: AdminOfferChainPage = round_trip("list_admin", &f["list_admin"], Compare::Superset);
    n += 1;
    assert!(list.items.iter().all(|c| c.steps.is_empty()));

    for e in [
        "error_401",
        "error_admin_401",
        "error_404",
        "error_422_claim",
        "error_422_order",
        "error_422_active",
    ] {
        round_trip::<ErrorBody>(e, &f[e], Compare::Exact);
        n += 1;
    }
    assert!(n > 0);
    println!("offer_chains: {n} fixture examples (the spec has no offer chain operations)");
}

#[test]
fn read_back_chain_becomes_a_valid_update_body() {
    let admin: AdminOfferChain = serde_json::from_value(fixtures()["get_admin"].clone()).unwrap();
    let body = serde_json::to_value(OfferChainInput::from(admin)).unwrap();
    // Derived fields are dropped: the count and the schedule's computed dates.
    assert!(body.get("number_of_steps").is_none());
    assert_eq!(
        body["recurrent_schedule"],
        json!({"interval_type": "monthly", "day_of_month": 1, "time": "01:00:00+08:00"})
    );
    // Step ids are kept so players keep their progress; prices are the item's, never sent.
    assert_eq!(body["steps"][0]["step_id"], 8);
    assert_eq!(body["steps"][1]["step_id"], 10);
    assert!(body["steps"][0].get("step_price").is_none());
    assert_eq!(
        body["steps"][0]["items"][0],
        json!({"sku": "telescope", "quantity": 1, "order": 1})
    );
    assert_eq!(body["is_always_visible"], false);
    assert_eq!(
        body["attribute_conditions"][0]["attribute"],
        "account_status"
    );
    // And the body is one the strict input type (what the emulator decodes) accepts.
    serde_json::from_value::<OfferChainInput>(body).unwrap();
}

#[test]
fn input_rejects_server_derived_and_unknown_fields() {
    let f = fixtures();
    let mut body = f["create_admin_request"].clone();
    body["number_of_steps"] = json!(6);
    assert!(serde_json::from_value::<OfferChainInput>(body).is_err());
    let mut body = f["create_admin_request"].clone();
    body["steps"][0]["step_price"] = json!({"amount": 1, "currency": "USD"});
    assert!(serde_json::from_value::<OfferChainInput>(body).is_err());
    let mut body = f["create_admin_request"].clone();
    body["steps"][0]["items"][0]["item_id"] = json!(1);
    assert!(serde_json::from_value::<OfferChainInput>(body).is_err());
    let mut body = f["create_admin_request"].clone();
    body["steps"][0].as_object_mut().unwrap().remove("is_free");
    assert!(serde_json::from_value::<OfferChainInput>(body).is_err());
}

#[test]
fn completed_chain_has_no_next_step() {
    let mut json = fixtures()["get_user_progress"].clone();
    for step in json["steps"].as_array_mut().unwrap() {
        step["is_claimed"] = json!(true);
    }
    json["next_step_number"] = Value::Null;
    let chain: ClientOfferChain = serde_json::from_value(json).unwrap();
    assert!(chain.is_completed());
    assert!(chain.next_step().is_none());
    assert_eq!(chain.claimed_count(), 3);
}

#[test]
fn payment_token_never_shows_in_debug_output() {
    let order: OfferStepOrder =
        serde_json::from_value(fixtures()["order_response"].clone()).unwrap();
    let debug = format!("{order:?}");
    assert!(!debug.contains("f4puMEFF"), "{debug}");
    assert_eq!(
        order.token,
        PaymentToken::new("f4puMEFFDZcx9nv5HoNHIkPe9qghvBQo")
    );
}

#[test]
fn only_reads_and_absolute_writes_are_retried() {
    let chain = OfferChainId(3);
    let step = StepNumber(2);
    assert!(!ClaimOfferChainStep { chain, step }.idempotent());
    assert!(!OrderOfferChainStep { chain, step }.idempotent());
    assert!(!ToggleOfferChain { chain }.idempotent());
    assert!(DeleteOfferChain { chain }.idempotent());
    let body: OfferChainInput =
        serde_json::from_value(fixtures()["update_admin_request"].clone()).unwrap();
    assert!(UpdateOfferChain { chain, body }.idempotent());
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn client_calls_use_bearer_and_the_documented_paths() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let f = fixtures();

        server.push(Reply::json(200, f["list_user"].clone()));
        let page = client
            .offer_chains()
            .list()
            .limit(500)
            .offset(0)
            .send()
            .await
            .unwrap();
        assert_eq!(page.items.len(), 2);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/user/offer_chain")
        );
        assert_eq!(r.query.as_deref(), Some("limit=30&offset=0"));
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(200, f["get_user_progress"].clone()));
        let chain = client.offer_chains().get(7).send().await.unwrap();
        assert_eq!(server.last().path, "/v2/project/44056/user/offer_chain/7");
        assert_eq!(chain.next_step_number, Some(StepNumber(2)));

        server.push(Reply::json(200, f["claim_response"].clone()));
        let claimed = client.offer_chains().claim(7, 3).send().await.unwrap();
        assert_eq!(claimed.order_id, Some(OrderId(641)));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "POST",
                "/v2/project/44056/user/offer_chain/7/step/number/3/claim"
            )
        );
        assert!(r.body.is_empty());
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        // A claim answered with 204 and no body is still a success.
        server.push(Reply::empty(204));
        let claimed = client.offer_chains().claim(7, 3).send().await.unwrap();
        assert_eq!(claimed.order_id, None);

        server.push(Reply::json(200, f["order_response"].clone()));
        let order = client.offer_chains().order(7, 2).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "POST",
                "/v2/project/44056/user/offer_chain/7/step/number/2/order"
            )
        );
        assert!(r.body.is_empty());
        assert!(
            order
                .paystation_url()
                .ends_with("?token=f4puMEFFDZcx9nv5HoNHIkPe9qghvBQo")
        );
    });
}

#[test]
fn pagination_walks_every_page_thirty_at_a_time() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let chain = fixtures()["get_user"].clone();
        let page = |n: usize, more: bool| {
            json!({"has_more": more, "total_items_count": 61, "items": vec![chain.clone(); n]})
        };
        server.push(Reply::json(200, page(30, true)));
        server.push(Reply::json(200, page(30, true)));
        server.push(Reply::json(200, page(1, false)));
        let all = client.offer_chains().list().all().await.unwrap();
        assert_eq!(all.len(), 61);
        let queries: Vec<_> = server
            .requests()
            .into_iter()
            .map(|r| r.query.unwrap())
            .collect();
        assert_eq!(
            queries,
            ["limit=30&offset=0", "limit=30&offset=30", "limit=30&offset=60"]
        );
    });
}

#[test]
fn admin_calls_use_basic_auth_and_send_the_body() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin();
        let f = fixtures();

        let input: OfferChainInput =
            serde_json::from_value(f["create_admin_request"].clone()).unwrap();
        server.push(Reply::json(201, f["create_admin_response"].clone()));
        let created = admin.offer_chains().create(input).send().await.unwrap();
        assert_eq!(created.offer_chain_id, OfferChainId(12));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/offer_chain")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        // `date_end: null` and `recurrent_schedule: null` are left out: same meaning.
        let mut sent = f["create_admin_request"].clone();
        let obj = sent.as_object_mut().unwrap();
        obj.remove("date_end");
        obj.remove("recurrent_schedule");
        assert_eq!(r.json(), sent);

        server.push(Reply::json(200, f["list_admin"].clone()));
        let mut list = admin.offer_chains().list();
        list.endpoint_mut().enabled = Some(false);
        let page = list.limit(50).send().await.unwrap();
        assert_eq!(page.items.len(), 2);
        let r = server.last();
        assert_eq!(r.path, "/v2/project/44056/admin/offer_chain");
        assert_eq!(r.query.as_deref(), Some("limit=10&enabled=0"));

        server.push(Reply::json(200, f["get_admin"].clone()));
        let chain = admin.offer_chains().get(3).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/admin/offer_chain/id/3")
        );

        server.push(Reply::empty(204));
        let mut body = OfferChainInput::from(chain);
        body.is_enabled = false;
        admin.offer_chains().update(3, body).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/admin/offer_chain/id/3")
        );
        let sent = r.json();
        assert_eq!(sent["is_enabled"], false);
        assert_eq!(sent["steps"][0]["step_id"], 8);
        assert!(sent.get("number_of_steps").is_none());

        admin.offer_chains().toggle(3).send().await.unwrap();
        admin.offer_chains().delete(3).send().await.unwrap();
        let seen: Vec<_> = server
            .requests()
            .into_iter()
            .skip(4)
            .map(|r| {
                let auth = r.header("authorization").map(str::to_owned);
                (r.method, r.path, auth)
            })
            .collect();
        let basic = Some(expected_basic());
        assert_eq!(
            seen,
            [
                (
                    "PUT".to_owned(),
                    "/v2/project/44056/admin/offer_chain/id/3/toggle".to_owned(),
                    basic.clone()
                ),
                (
                    "DELETE".to_owned(),
                    "/v2/project/44056/admin/offer_chain/id/3".to_owned(),
                    basic
                ),
            ]
        );
    });
}

#[test]
fn error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let f = fixtures();

        server.push(Reply::json(422, f["error_422_claim"].clone()));
        let err = client.offer_chains().claim(7, 2).send().await.unwrap_err();
        let api = err.api().expect("an API error");
        assert!(api.is_step_not_claimable());
        assert_eq!(
            api.body.as_ref().unwrap().transaction_id.as_deref(),
            Some("x-x-x-x-transactionId-mock-x-x-x")
        );

        server.push(Reply::json(422, f["error_422_order"].clone()));
        let err = client.offer_chains().order(7, 3).send().await.unwrap_err();
        assert!(err.api().unwrap().is_step_not_claimable());

        server.push(Reply::json(404, f["error_404"].clone()));
        let err = client.offer_chains().get(99).send().await.unwrap_err();
        assert!(err.api().unwrap().is_not_found());

        server.push(Reply::json(401, f["error_401"].clone()));
        let err = client.offer_chains().list().send().await.unwrap_err();
        assert!(err.is_unauthorized());

        server.push(Reply::json(401, f["error_admin_401"].clone()));
        let err = client
            .admin()
            .offer_chains()
            .list()
            .send()
            .await
            .unwrap_err();
        assert!(err.is_unauthorized());

        server.push(Reply::json(422, f["error_422_active"].clone()));
        let body: OfferChainInput =
            serde_json::from_value(f["update_admin_request"].clone()).unwrap();
        let err = client
            .admin()
            .offer_chains()
            .update(3, body)
            .send()
            .await
            .unwrap_err();
        let api = err.api().unwrap();
        assert_eq!(api.error_code(), Some(6209));
        assert!(!api.is_step_not_claimable());

        // A claim or an order that meets a 503 is reported, never repeated: the caller
        // re-reads the chain instead.
        let before = server.requests().len();
        server.push(Reply::json(
            503,
            json!({"statusCode": 503, "errorCode": 0, "errorMessage": "busy"}),
        ));
        let err = client.offer_chains().claim(7, 3).send().await.unwrap_err();
        assert!(err.is_ambiguous());
        server.push(Reply::json(
            503,
            json!({"statusCode": 503, "errorCode": 0, "errorMessage": "busy"}),
        ));
        let err = client.offer_chains().order(7, 2).send().await.unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), before + 2);
    });
}

#[test]
fn step_ids_survive_in_update_bodies() {
    let body: OfferChainInput =
        serde_json::from_value(fixtures()["update_admin_request"].clone()).unwrap();
    let ids: Vec<_> = body.steps.iter().map(|s| s.step_id).collect();
    assert_eq!(ids, [None, None, Some(StepId(10)), Some(StepId(8)), None]);
}
