//! Daily chains: documented examples through our types, and the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::models::daily::{
    AdminDailyChain, ClientDailyChain, ClientDailyChainPage, DailyChainInput, DailyChainType,
    DailyStepStatus,
};
use xsolla_liveops::{ErrorBody, StepNumber};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/daily_chains.json")).unwrap()
}

#[test]
fn documented_examples_round_trip() {
    let f = fixtures();
    let page: ClientDailyChainPage = round_trip("list_user", &f["list_user"], Compare::Superset);
    assert_eq!(page.items[0].steps[1].status, DailyStepStatus::Claimable);
    let chain: ClientDailyChain = round_trip("get_user", &f["get_user"], Compare::Superset);
    assert_eq!(
        chain.claimable_step().map(|s| s.step_number),
        Some(StepNumber(3))
    );
    assert_eq!(chain.steps[2].items[0].content.len(), 2);
    let created: DailyChainInput = round_trip(
        "create_admin_request",
        &f["create_admin_request"],
        Compare::Exact,
    );
    assert_eq!(created.chain_type, DailyChainType::CalendarHard);
    round_trip::<DailyChainInput>(
        "update_admin_request",
        &f["update_admin_request"],
        Compare::Exact,
    );
    let admin: AdminDailyChain = round_trip("get_admin", &f["get_admin"], Compare::Superset);
    // Reading a chain back and turning it into an update body drops the derived field.
    let body = serde_json::to_value(DailyChainInput::from(admin)).unwrap();
    assert!(body.get("number_of_steps").is_none());
    assert_eq!(body["steps"][0]["step_id"], 7);
    for e in ["error_401", "error_admin_401", "error_422"] {
        round_trip::<ErrorBody>(e, &f[e], Compare::Exact);
    }
}

#[test]
fn input_rejects_server_derived_fields() {
    let mut body = fixtures()["create_admin_request"].clone();
    body["number_of_steps"] = json!(3);
    assert!(serde_json::from_value::<DailyChainInput>(body).is_err());
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
        server.push(Reply::json(200, fixtures()["list_user"].clone()));
        let page = client
            .daily_chains()
            .list()
            .limit(500)
            .offset(0)
            .send()
            .await
            .unwrap();
        assert_eq!(page.items.len(), 1);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/user/daily_chain")
        );
        assert_eq!(r.query.as_deref(), Some("limit=50&offset=0"));
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert!(
            r.header("user-agent")
                .unwrap()
                .starts_with("xsolla_liveops/")
        );

        server.push(Reply::json(200, fixtures()["get_user"].clone()));
        client.daily_chains().get(102).send().await.unwrap();
        assert_eq!(server.last().path, "/v2/project/44056/user/daily_chain/102");

        server.push(Reply::empty(204));
        client.daily_chains().claim(102, 3).send().await.unwrap();
        let r = server.last();
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.path,
            "/v2/project/44056/user/daily_chain/102/step/number/3/claim"
        );
        assert!(r.body.is_empty());
    });
}

#[test]
fn pagination_walks_every_page() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let chain = fixtures()["get_user"].clone();
        let page = |n: usize, more: bool| json!({"has_more": more, "total_items_count": 101, "items": vec![chain.clone(); n]});
        server.push(Reply::json(200, page(50, true)));
        server.push(Reply::json(200, page(50, true)));
        server.push(Reply::json(200, page(1, false)));
        let all = client.daily_chains().list().all().await.unwrap();
        assert_eq!(all.len(), 101);
        let queries: Vec<_> = server.requests().into_iter().map(|r| r.query.unwrap()).collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50", "limit=50&offset=100"]);
    });
}

#[test]
fn admin_calls_use_basic_auth_and_send_the_body() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin();
        let input: DailyChainInput =
            serde_json::from_value(fixtures()["create_admin_request"].clone()).unwrap();
        server.push(Reply::json(201, json!({"daily_chain_id": 9})));
        let created = admin.daily_chains().create(input).send().await.unwrap();
        assert_eq!(created.daily_chain_id.0, 9);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/daily_chain")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.json(), fixtures()["create_admin_request"]);

        server.push(Reply::json(200, json!({"has_more": false, "items": []})));
        let mut list = admin.daily_chains().list();
        list.endpoint_mut().enabled = Some(true);
        list.limit(5).send().await.unwrap();
        assert_eq!(server.last().query.as_deref(), Some("limit=5&enabled=1"));

        let calls = [
            ("GET", "/v2/project/44056/admin/daily_chain/id/3"),
            ("PUT", "/v2/project/44056/admin/daily_chain/id/3/toggle"),
            ("POST", "/v2/project/44056/admin/daily_chain/id/3/reset"),
            ("DELETE", "/v2/project/44056/admin/daily_chain/id/3"),
        ];
        server.push(Reply::json(200, fixtures()["get_admin"].clone()));
        admin.daily_chains().get(3).send().await.unwrap();
        admin.daily_chains().toggle(3).send().await.unwrap();
        admin.daily_chains().reset(3).send().await.unwrap();
        admin.daily_chains().delete(3).send().await.unwrap();
        let seen: Vec<_> = server
            .requests()
            .into_iter()
            .skip(2)
            .map(|r| (r.method, r.path))
            .collect();
        let want: Vec<_> = calls
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(seen, want);
    });
}

#[test]
fn error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::json(
            422,
            json!({"statusCode":422,"errorCode":1102,"errorMessage":"[0401-1102]: Step can't be claimed","transactionId":"t-1"}),
        ));
        let err = client.daily_chains().claim(1, 2).send().await.unwrap_err();
        let api = err.api().expect("an API error");
        assert!(api.is_step_not_claimable());
        assert_eq!(api.body.as_ref().unwrap().transaction_id.as_deref(), Some("t-1"));
        assert_eq!(server.requests().len(), 1, "a claim is never retried");

        server.push(Reply::json(200, json!({"has_more": false, "items": [{"id": "oops"}]})));
        let err = client.daily_chains().list().send().await.unwrap_err();
        match err {
            xsolla_liveops::Error::Decode { path, .. } => assert_eq!(path, "items[0].id"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    });
}
