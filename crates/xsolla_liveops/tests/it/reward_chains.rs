//! Reward chains, value points and clans: Xsolla's documented examples through our types, and
//! the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_errors, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::api::rewards::{
    ClaimRewardChainStep, DeleteItemValuePoints, DeleteRewardChain, GetRewardChain,
    PatchItemValuePoints, ResetRewardChain, SetItemValuePoints, ToggleRewardChain,
    UpdateRewardChain, UpdateUserClan,
};
use xsolla_liveops::models::common::{NoContent, RecurrentSchedule};
use xsolla_liveops::models::rewards::{
    AdminRewardChain, AdminRewardChainPage, AdminValuePoint, ClaimRefusal, ClanContributor,
    ClanType, ClanUpdate, ClientRewardChainPage, ClientValuePoint, CreatedRewardChain,
    CreatedValuePoint, ItemValuePointsInput, ItemValuePointsList, MaybeLocalized, RewardChainInput,
    RewardChainUpdate, RewardStepState, ValuePointInput, ValuePointPage,
};
use xsolla_liveops::{ApiError, Endpoint, Error, ErrorBody, RewardChainId, StepId};

/// A path of the spec, which writes every operation on `/v2`.
fn spec(path: &str) -> String {
    format!("/v2/project/{{project_id}}{path}")
}

const USER_CHAINS: &str = "/user/reward_chain";
const BALANCE: &str = "/user/reward_chain/{reward_chain_id}/balance";
const CLAIM: &str = "/user/reward_chain/{reward_chain_id}/step/{step_id}/claim";
const TOP: &str = "/user/clan/contributors/{reward_chain_id}/top";
const CLAN_UPDATE: &str = "/user/clan/update";
const VALUE_POINTS: &str = "/admin/items/value_points";
const VALUE_POINT: &str = "/admin/items/value_points/sku/{item_sku}";
const ITEM_REWARDS: &str = "/admin/items/{value_point_sku}/value_points/rewards";
const CHAINS: &str = "/admin/reward_chain";
const CHAIN: &str = "/admin/reward_chain/id/{reward_chain_id}";
const TOGGLE: &str = "/admin/reward_chain/id/{reward_chain_id}/toggle";
const RESET: &str = "/admin/reward_chain/id/{reward_chain_id}/reset";

/// The first success example of an operation.
fn success(method: &str, path: &str, name: &str) -> Value {
    examples(method, &spec(path))
        .successes()
        .find(|(_, n, _)| n == name)
        .map(|(_, _, v)| v.clone())
        .unwrap_or_else(|| panic!("no `{name}` example for {method} {path}"))
}

fn request(method: &str, path: &str, name: &str) -> Value {
    examples(method, &spec(path))
        .requests
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no `{name}` request example for {method} {path}"))
}

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    // Client.
    n += check_operation::<NoBody, ClientRewardChainPage>("GET", &spec(USER_CHAINS));
    n += check_operation::<NoBody, ClientValuePoint>("GET", &spec(BALANCE));
    n += check_operation::<NoBody, NoContent>("POST", &spec(CLAIM));
    n += check_operation::<NoBody, Vec<ClanContributor>>("GET", &spec(TOP));
    n += check_operation::<NoBody, ClanUpdate>("PUT", &spec(CLAN_UPDATE));
    // Value points.
    n += check_operation::<NoBody, ValuePointPage>("GET", &spec(VALUE_POINTS));
    n += check_operation::<ValuePointInput, CreatedValuePoint>("POST", &spec(VALUE_POINTS));
    n += check_operation::<NoBody, AdminValuePoint>("GET", &spec(VALUE_POINT));
    n += check_operation::<ValuePointInput, NoContent>("PUT", &spec(VALUE_POINT));
    n += check_operation::<NoBody, NoContent>("DELETE", &spec(VALUE_POINT));
    n += check_operation::<NoBody, ItemValuePointsList>("GET", &spec(ITEM_REWARDS));
    n += check_operation::<Vec<ItemValuePointsInput>, NoContent>("PUT", &spec(ITEM_REWARDS));
    n += check_operation::<Vec<ItemValuePointsInput>, NoContent>("PATCH", &spec(ITEM_REWARDS));
    n += check_operation::<NoBody, NoContent>("DELETE", &spec(ITEM_REWARDS));
    // Reward chains.
    n += check_operation::<NoBody, AdminRewardChainPage>("GET", &spec(CHAINS));
    n += check_operation::<RewardChainInput, CreatedRewardChain>("POST", &spec(CHAINS));
    n += check_operation::<NoBody, AdminRewardChain>("GET", &spec(CHAIN));
    n += update_chain_examples();
    n += check_operation::<NoBody, NoContent>("DELETE", &spec(CHAIN));
    n += check_operation::<NoBody, NoContent>("PUT", &spec(TOGGLE));
    n += check_operation::<NoBody, NoContent>("POST", &spec(RESET));
    println!("reward_chains: {n} spec examples");
    assert!(n > 0);
}

/// The update examples, run by hand for one of them.
fn update_chain_examples() -> usize {
    let path = spec(CHAIN);
    let ex = examples("PUT", &path);
    assert_eq!(ex.successes().count(), 0, "the update answers 204");
    let mut n = 0;
    for (name, body) in &ex.requests {
        let label = format!("PUT {path} request `{name}`");
        if body.get("clan_type").is_some() {
            // Xsolla's `clan` update example sends `clan_type`, which the schema lists but the
            // live API refuses on PUT (reference §0.9: `reward_chain_id`, `clan_type` and
            // `value_point` are fixed at creation). Our update type has no such field: the
            // example as written must be refused, and everything else in it must survive.
            assert!(
                serde_json::from_value::<RewardChainUpdate>(body.clone()).is_err(),
                "{label}: clan_type must be refused on update"
            );
            let mut rest = body.clone();
            rest.as_object_mut().unwrap().remove("clan_type");
            round_trip::<RewardChainUpdate>(&label, &rest, Compare::Exact);
        } else {
            round_trip::<RewardChainUpdate>(&label, body, Compare::Exact);
        }
        n += 1;
    }
    n + check_errors("PUT", &path)
}

#[test]
fn client_chains_expose_progress_for_a_game_ui() {
    let page: ClientRewardChainPage =
        serde_json::from_value(success("GET", USER_CHAINS, "response")).unwrap();
    let weekly = &page.items[0];
    assert_eq!(weekly.reward_chain_id, RewardChainId(10));
    assert_eq!(weekly.balance(), 130);
    assert!(!weekly.is_clan());
    assert_eq!(weekly.steps[0].state(130), RewardStepState::Claimed);
    assert_eq!(
        weekly.steps[1].state(130),
        RewardStepState::Locked { missing: 70 }
    );
    assert_eq!(weekly.claimable_steps(weekly.balance()).count(), 0);
    let (next, missing) = weekly.next_locked_step(weekly.balance()).unwrap();
    assert_eq!((next.step_id, missing), (StepId(2), 70));
    let claimable: Vec<_> = weekly.claimable_steps(250).map(|s| s.step_id).collect();
    assert_eq!(claimable, [StepId(2)]);
    assert_eq!(weekly.steps[1].reward[0].quantity, 2);
    assert!(!weekly.is_complete());
    let schedule = weekly.recurrent_schedule.as_ref().unwrap();
    assert_eq!(schedule.reset_next_date.unwrap().seconds(), 1_746_057_600);
    let running = chrono::DateTime::parse_from_rfc3339("2023-04-20T00:00:00Z").unwrap();
    assert!(weekly.is_running_at(running.to_utc()));
    assert!(!weekly.is_running_at(chrono::Utc::now()));

    let clan = &page.items[1];
    assert!(clan.is_clan());
    assert_eq!(clan.clan_type, Some(ClanType::Guild));
    assert_eq!(clan.top_contributors.len(), 3);
    assert_eq!(
        clan.popup_header.as_ref().and_then(|t| t.get("en")),
        Some("How to unlock rewards")
    );
    assert_eq!(clan.step(StepId(1)).map(|s| s.is_claimed), Some(true));

    let balance: ClientValuePoint =
        serde_json::from_value(success("GET", BALANCE, "clan")).unwrap();
    assert_eq!((balance.amount, balance.is_clan), (80, Some(true)));
    let none: Vec<ClanContributor> =
        serde_json::from_value(success("GET", TOP, "without-clan")).unwrap();
    assert!(none.is_empty());
    let update: ClanUpdate =
        serde_json::from_value(success("PUT", CLAN_UPDATE, "response")).unwrap();
    assert_eq!(update.reward[0].bundle_type.as_deref(), Some("standard"));
}

#[test]
fn unknown_clan_types_are_kept() {
    let t: ClanType = serde_json::from_value(json!("horde")).unwrap();
    assert_eq!(t, ClanType::Other("horde".into()));
    assert_eq!(serde_json::to_value(&t).unwrap(), json!("horde"));
}

#[test]
fn admin_reads_become_update_bodies_without_fixed_fields() {
    for name in ["common", "clan"] {
        let chain: AdminRewardChain = serde_json::from_value(success("GET", CHAIN, name)).unwrap();
        assert_eq!(chain.is_clan(), name == "clan");
        let body = serde_json::to_value(RewardChainUpdate::from(chain)).unwrap();
        for fixed in ["reward_chain_id", "clan_type", "value_point"] {
            assert!(body.get(fixed).is_none(), "{name}: {fixed} sent on update");
        }
        assert_eq!(body["steps"][0]["step_id"], 1);
        assert_eq!(body["steps"][1]["step_id"], 2);
        assert_eq!(
            body["recurrent_schedule"],
            json!({"interval_type": "weekly", "day_of_week": 2, "time": "11:00:00+08:00"})
        );
        // What we send is what an update accepts.
        round_trip::<RewardChainUpdate>(name, &body, Compare::Exact);
    }

    // The list writes the value point's texts plain or localized.
    let page: AdminRewardChainPage =
        serde_json::from_value(success("GET", CHAINS, "response")).unwrap();
    let vp = &page.items[0].value_point;
    assert!(matches!(vp.name, Some(MaybeLocalized::Localized(_))));
    assert!(matches!(vp.description, Some(MaybeLocalized::Plain(_))));
    assert_eq!(
        vp.name.as_ref().and_then(|n| n.resolve("de")),
        Some("Reward VP 1")
    );
    assert!(page.items[0].steps.is_empty());
    assert!(page.items[1].is_clan());

    let vp: AdminValuePoint =
        serde_json::from_value(success("GET", VALUE_POINT, "response")).unwrap();
    assert_eq!(vp.can_delete, Some(false));
    let body = serde_json::to_value(ValuePointInput::from(vp)).unwrap();
    assert!(body.get("can_delete").is_none() && body.get("type").is_none());
    round_trip::<ValuePointInput>("value point update", &body, Compare::Exact);
}

#[test]
fn inputs_refuse_server_derived_fields() {
    let create = request("POST", CHAINS, "default");
    for (key, value) in [("reward_chain_id", json!(3)), ("is_clan", json!(true))] {
        let mut body = create.clone();
        body[key] = value;
        assert!(
            serde_json::from_value::<RewardChainInput>(body).is_err(),
            "{key}"
        );
    }
    let update = request("PUT", CHAIN, "default");
    for (key, value) in [
        ("reward_chain_id", json!(3)),
        ("value_point", json!({"sku": "vp"})),
        ("clan_type", json!("guild")),
    ] {
        let mut body = update.clone();
        body[key] = value;
        assert!(
            serde_json::from_value::<RewardChainUpdate>(body).is_err(),
            "{key}"
        );
    }
    let mut vp = request("POST", VALUE_POINTS, "default");
    vp["can_delete"] = json!(true);
    assert!(serde_json::from_value::<ValuePointInput>(vp).is_err());
    assert!(
        serde_json::from_value::<Vec<ItemValuePointsInput>>(
            json!([{"sku": "a", "amount": 1, "item_id": 4}])
        )
        .is_err()
    );
    // A new step in an update says so with `step_id: null`.
    let mut chain: RewardChainUpdate = serde_json::from_value(update).unwrap();
    chain.steps[1].step_id = None;
    assert_eq!(
        serde_json::to_value(&chain).unwrap()["steps"][1]["step_id"],
        Value::Null
    );
}

fn api_error(status: u16, body: &Value) -> ApiError {
    ApiError {
        status,
        body: Some(Box::new(
            serde_json::from_value::<ErrorBody>(body.clone()).unwrap(),
        )),
        raw: None,
    }
}

#[test]
fn documented_claim_errors_are_classified() {
    let ex = examples("POST", &spec(CLAIM));
    let mut seen = Vec::new();
    for (status, name, body) in ex.errors() {
        let e = api_error(*status, body);
        let code = e.error_code().unwrap();
        let refusal = ClaimRefusal::of(&e);
        match code {
            9912 => {
                assert!(e.is_step_not_claimable() && !e.is_not_found(), "{name}");
                assert_eq!(refusal, Some(ClaimRefusal::AlreadyClaimed), "{name}");
            }
            9913 => {
                assert!(e.is_step_not_claimable() && !e.is_not_found(), "{name}");
                assert_eq!(refusal, Some(ClaimRefusal::NotEnoughPoints), "{name}");
            }
            9911 => {
                assert!(e.is_not_found() && !e.is_step_not_claimable(), "{name}");
                assert_eq!(refusal, Some(ClaimRefusal::StepNotFound), "{name}");
            }
            1501 => assert!(e.is_unauthorized() && refusal.is_none(), "{name}"),
            other => panic!("unexpected documented code {other}"),
        }
        seen.push(code);
    }
    seen.sort();
    assert_eq!(seen, [1501, 9911, 9912, 9913]);
    // The other wording of 9912 in the reference.
    let e = api_error(
        422,
        &json!({"statusCode": 422, "errorCode": 9912, "errorMessage": "[0401-9912]: Can't claim the step reward."}),
    );
    assert!(e.is_step_not_claimable());
    assert_eq!(ClaimRefusal::of(&e), Some(ClaimRefusal::NotClaimable));
}

#[test]
fn operations_declare_what_may_be_repeated() {
    let chain = RewardChainId(1);
    assert!(
        !ClaimRewardChainStep {
            chain,
            step: StepId(2)
        }
        .idempotent()
    );
    assert!(!UpdateUserClan.idempotent());
    assert!(!ToggleRewardChain { chain }.idempotent());
    assert!(!ResetRewardChain { chain }.idempotent());
    assert!(DeleteRewardChain { chain }.idempotent());
    assert!(GetRewardChain { chain }.idempotent());
    assert!(
        PatchItemValuePoints {
            value_point: "vp".into(),
            body: vec![]
        }
        .idempotent()
    );
    assert!(
        SetItemValuePoints {
            value_point: "vp".into(),
            body: vec![]
        }
        .idempotent()
    );
    assert!(
        DeleteItemValuePoints {
            value_point: "vp".into()
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

#[test]
fn client_calls_use_bearer_and_the_documented_paths() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let bearer = expected_bearer();

        server.push(Reply::json(200, success("GET", USER_CHAINS, "response")));
        let page = client
            .reward_chains()
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
            ("GET", "/v2/project/44056/user/reward_chain")
        );
        assert_eq!(r.query.as_deref(), Some("limit=50&offset=0"));
        assert_eq!(r.header("authorization"), Some(bearer.as_str()));

        server.push(Reply::json(200, success("GET", BALANCE, "common")));
        let balance = client.reward_chains().balance(10).send().await.unwrap();
        assert_eq!(balance.amount, 130);
        let r = server.last();
        assert_eq!(r.path, "/v2/project/44056/user/reward_chain/10/balance");
        assert_eq!(r.header("authorization"), Some(bearer.as_str()));

        server.push(Reply::empty(204));
        client.reward_chains().claim(10, 2).send().await.unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "POST",
                "/v2/project/44056/user/reward_chain/10/step/2/claim"
            )
        );
        assert!(r.body.is_empty());
        assert_eq!(r.header("authorization"), Some(bearer.as_str()));

        server.push(Reply::json(200, success("GET", TOP, "clan")));
        let top = client
            .reward_chains()
            .top_contributors(12)
            .send()
            .await
            .unwrap();
        assert_eq!(top[0].contributed_amount, 555);
        assert_eq!(
            server.last().path,
            "/v2/project/44056/user/clan/contributors/12/top"
        );

        server.push(Reply::json(200, success("PUT", CLAN_UPDATE, "response")));
        let update = client.reward_chains().update_clan().send().await.unwrap();
        assert_eq!(update.reward.len(), 2);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/user/clan/update")
        );
        assert!(r.body.is_empty());
        assert_eq!(r.header("authorization"), Some(bearer.as_str()));
    });
}

#[test]
fn pagination_walks_every_page() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let chain = success("GET", USER_CHAINS, "response")["items"][0].clone();
        let page = |n: usize, more: bool| {
            json!({"has_more": more, "total_items_count": 51, "items": vec![chain.clone(); n]})
        };
        server.push(Reply::json(200, page(50, true)));
        server.push(Reply::json(200, page(1, false)));
        let all = client.reward_chains().list().all().await.unwrap();
        assert_eq!(all.len(), 51);
        let queries: Vec<_> = server
            .requests()
            .into_iter()
            .map(|r| r.query.unwrap())
            .collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);

        // Value points come as `{items}` only: a full page means "ask again".
        let vp = success("GET", VALUE_POINT, "response");
        server.push(Reply::json(200, json!({"items": vec![vp.clone(); 50]})));
        server.push(Reply::json(200, json!({"items": vec![vp; 3]})));
        let all = client.admin().value_points().list().all().await.unwrap();
        assert_eq!(all.len(), 53);
        let queries: Vec<_> = server
            .requests()
            .into_iter()
            .skip(2)
            .map(|r| r.query.unwrap())
            .collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);
    });
}

#[test]
fn value_point_admin_calls_use_basic_auth_and_send_the_body() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin();
        let basic = expected_basic();

        let create = request("POST", VALUE_POINTS, "clan");
        server.push(Reply::json(201, success("POST", VALUE_POINTS, "response")));
        let created = admin
            .value_points()
            .create(serde_json::from_value(create.clone()).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(created.sku.0, "com.xsolla.item_new");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/items/value_points")
        );
        assert_eq!(r.header("authorization"), Some(basic.as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.json(), create);

        server.push(Reply::json(200, success("GET", VALUE_POINTS, "response")));
        let list = admin.value_points().list().limit(500).send().await.unwrap();
        assert_eq!(list.items.len(), 3);
        assert_eq!(server.last().query.as_deref(), Some("limit=50"));

        server.push(Reply::json(200, success("GET", VALUE_POINT, "response")));
        let vp = admin
            .value_points()
            .get("com.xsolla.reward_vp_1")
            .send()
            .await
            .unwrap();
        assert_eq!(
            server.last().path,
            "/v2/project/44056/admin/items/value_points/sku/com.xsolla.reward_vp_1"
        );

        let body = ValuePointInput::from(vp);
        admin
            .value_points()
            .update("vp/../x", body.clone())
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "PUT",
                "/v2/project/44056/admin/items/value_points/sku/vp%2F..%2Fx"
            )
        );
        assert_eq!(r.json(), serde_json::to_value(&body).unwrap());
        assert_eq!(r.header("authorization"), Some(basic.as_str()));

        admin
            .value_points()
            .delete("com.xsolla.reward_vp_1")
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "DELETE",
                "/v2/project/44056/admin/items/value_points/sku/com.xsolla.reward_vp_1"
            )
        );

        // Which items earn the value point.
        let rewards_path = "/v2/project/44056/admin/items/value_point_3/value_points/rewards";
        server.push(Reply::json(200, success("GET", ITEM_REWARDS, "response")));
        let items = admin
            .value_points()
            .item_rewards("value_point_3")
            .send()
            .await
            .unwrap();
        assert_eq!(items.items[1].amount, 200);
        assert_eq!(server.last().path, rewards_path);

        let set: Vec<ItemValuePointsInput> = items.items.into_iter().map(Into::into).collect();
        admin
            .value_points()
            .set_item_rewards("value_point_3", set)
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!((r.method.as_str(), r.path.as_str()), ("PUT", rewards_path));
        assert_eq!(r.json(), request("PUT", ITEM_REWARDS, "example"));

        let patch = vec![
            ItemValuePointsInput::new("booster_1", 100),
            ItemValuePointsInput::new("booster_mega", 0),
        ];
        admin
            .value_points()
            .patch_item_rewards("value_point_3", patch)
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PATCH", rewards_path)
        );
        assert_eq!(r.json(), request("PATCH", ITEM_REWARDS, "example"));
        assert_eq!(r.header("authorization"), Some(basic.as_str()));

        admin
            .value_points()
            .delete_item_rewards("value_point_3")
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("DELETE", rewards_path)
        );
        assert!(r.body.is_empty());
    });
}

#[test]
fn reward_chain_admin_calls_use_v2_and_v3_as_documented() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let admin = client.admin();

        let create = request("POST", CHAINS, "clan");
        let input: RewardChainInput = serde_json::from_value(create.clone()).unwrap();
        assert!(input.is_clan());
        assert!(matches!(
            input.recurrent_schedule,
            Some(RecurrentSchedule::Weekly { day_of_week: 1, .. })
        ));
        server.push(Reply::json(201, json!({"reward_chain_id": 10})));
        let created = admin.reward_chains().create(input).send().await.unwrap();
        assert_eq!(created.reward_chain_id, RewardChainId(10));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/reward_chain")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.json(), create);

        server.push(Reply::json(200, success("GET", CHAINS, "response")));
        let mut list = admin.reward_chains().list();
        list.endpoint_mut().enabled = Some(false);
        let page = list.limit(50).send().await.unwrap();
        assert!(page.has_more);
        assert_eq!(server.last().query.as_deref(), Some("limit=10&enabled=0"));

        server.push(Reply::json(200, success("GET", CHAIN, "clan")));
        let chain = admin.reward_chains().get(10).send().await.unwrap();
        assert_eq!(
            server.last().path,
            "/v2/project/44056/admin/reward_chain/id/10"
        );

        let update = RewardChainUpdate::from(chain);
        admin
            .reward_chains()
            .update(10, update.clone())
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("PUT", "/v2/project/44056/admin/reward_chain/id/10")
        );
        assert_eq!(r.json(), serde_json::to_value(&update).unwrap());
        assert!(r.json().get("clan_type").is_none());

        let before = server.requests().len();
        admin.reward_chains().toggle(10).send().await.unwrap();
        admin.reward_chains().reset(10).send().await.unwrap();
        admin.reward_chains().delete(10).send().await.unwrap();
        let seen: Vec<_> = server
            .requests()
            .into_iter()
            .skip(before)
            .map(|r| {
                assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
                (r.method, r.path)
            })
            .collect();
        let want = [
            ("PUT", "/v3/project/44056/admin/reward_chain/id/10/toggle"),
            ("POST", "/v3/project/44056/admin/reward_chain/id/10/reset"),
            ("DELETE", "/v3/project/44056/admin/reward_chain/id/10"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(seen, want);
    });
}

fn unavailable() -> Reply {
    Reply::json(
        503,
        json!({"statusCode": 503, "errorCode": 0, "errorMessage": "Service Unavailable"}),
    )
}

#[test]
fn state_changing_calls_are_not_retried_but_reads_are() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();

        server.push(unavailable());
        let err = client
            .admin()
            .reward_chains()
            .toggle(1)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), 1, "a toggle is never repeated");

        server.push(unavailable());
        let err = client
            .reward_chains()
            .update_clan()
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(
            server.requests().len(),
            2,
            "a clan update is never repeated"
        );

        server.push(unavailable());
        server.push(Reply::json(200, success("GET", BALANCE, "common")));
        let reply = client
            .reward_chains()
            .balance(1)
            .send_with_meta()
            .await
            .unwrap();
        assert_eq!(reply.attempts, 2);
    });
}

#[test]
fn claim_refusals_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let ex = examples("POST", &spec(CLAIM));
        let mut bodies: Vec<_> = ex.errors().map(|(s, _, b)| (*s, b.clone())).collect();
        bodies.sort_by_key(|(_, b)| b["errorCode"].as_i64());
        for (status, body) in bodies {
            server.push(Reply::json(status, body.clone()));
            let before = server.requests().len();
            let err = client.reward_chains().claim(10, 2).send().await.unwrap_err();
            assert_eq!(server.requests().len(), before + 1, "a claim is never retried");
            let Error::Api(api) = &err else {
                panic!("expected an API error, got {err:?}")
            };
            assert_eq!(api.status, status);
            assert_eq!(api.body.as_ref().unwrap().error_code, body["errorCode"].as_i64().unwrap());
            match api.error_code() {
                Some(9912 | 9913) => {
                    assert!(api.is_step_not_claimable());
                    assert!(ClaimRefusal::of(api).is_some());
                }
                Some(9911) => {
                    assert!(api.is_not_found());
                    assert_eq!(ClaimRefusal::of(api), Some(ClaimRefusal::StepNotFound));
                }
                Some(1501) => assert!(err.is_unauthorized()),
                other => panic!("unexpected {other:?}"),
            }
        }

        server.push(Reply::json(
            404,
            json!({"statusCode": 404, "errorCode": 9901, "errorMessage": "[0401-4001]: Reward chain not found"}),
        ));
        let err = client.admin().reward_chains().get(99).send().await.unwrap_err();
        assert!(err.api().is_some_and(ApiError::is_not_found));

        server.push(Reply::json(200, json!({"has_more": false, "items": [{"reward_chain_id": "x"}]})));
        match client.reward_chains().list().send().await.unwrap_err() {
            Error::Decode { path, .. } => assert_eq!(path, "items[0].reward_chain_id"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    });
}

#[test]
fn update_endpoint_value_carries_the_chain_id() {
    let body: RewardChainUpdate = serde_json::from_value(request("PUT", CHAIN, "default")).unwrap();
    let e = UpdateRewardChain {
        chain: RewardChainId(7),
        body,
    };
    assert_eq!(
        e.path(xsolla_liveops::ProjectId(1)),
        "/v2/project/1/admin/reward_chain/id/7"
    );
    assert!(e.idempotent());
}
