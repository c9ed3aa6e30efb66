//! Personalized catalog rules: documented examples through our types, and the calls on the
//! wire.

use crate::common::mock::{MockServer, Reply, expected_basic};
use crate::common::spec::{NoBody, check_operation, examples};
use serde_json::{Value, json};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::personalization::{
    CatalogRule, CatalogRuleInput, CatalogRulePage, CatalogRulePatch, CatalogRuleSummaries,
    CreatedCatalogRule, RuleItemRef,
};
use xsolla_liveops::{ItemId, Sku};

const RULES: &str = "/v2/project/{project_id}/admin/user/attribute/rule";
const RULE: &str = "/v2/project/{project_id}/admin/user/attribute/rule/{rule_id}";

fn success(method: &str, path: &str) -> Value {
    examples(method, path)
        .successes()
        .next()
        .map(|(_, _, v)| v.clone())
        .expect("a success example")
}

fn request(method: &str, path: &str) -> Value {
    examples(method, path).requests[0].1.clone()
}

#[test]
fn spec_examples_round_trip() {
    let n = check_operation::<NoBody, CatalogRulePage>("GET", RULES)
        + check_operation::<CatalogRuleInput, CreatedCatalogRule>("POST", RULES)
        + check_operation::<NoBody, CatalogRuleSummaries>("GET", &format!("{RULES}/all"))
        + check_operation::<NoBody, CatalogRule>("GET", RULE)
        + check_operation::<CatalogRuleInput, NoContent>("PUT", RULE)
        + check_operation::<CatalogRulePatch, NoContent>("PATCH", RULE)
        + check_operation::<NoBody, NoContent>("DELETE", RULE);
    assert!(n > 0);
    println!("personalization: {n} spec examples");
}

#[test]
fn rule_items_are_named_by_id_or_by_sku_only() {
    let by_id: RuleItemRef = serde_json::from_value(json!({"item_id": 1})).unwrap();
    assert_eq!(by_id, RuleItemRef::from(ItemId(1)));
    let by_sku: RuleItemRef = serde_json::from_value(json!({"sku": "ork_armor"})).unwrap();
    assert_eq!(by_sku, RuleItemRef::from(Sku::from("ork_armor")));
    assert!(serde_json::from_value::<RuleItemRef>(json!({"item_id": 1, "sku": "x"})).is_err());
    assert!(serde_json::from_value::<RuleItemRef>(json!({"item_id": 1, "name": "x"})).is_err());
    assert!(serde_json::from_value::<RuleItemRef>(json!({})).is_err());
}

#[test]
fn inputs_reject_unknown_and_derived_fields() {
    let mut body = request("POST", RULES);
    body["rule_id"] = json!(4);
    assert!(serde_json::from_value::<CatalogRuleInput>(body).is_err());
    assert!(serde_json::from_value::<CatalogRulePatch>(json!({"enabled": false})).is_err());
    // A patch with nothing in it sends nothing.
    assert_eq!(
        serde_json::to_value(CatalogRulePatch::default()).unwrap(),
        json!({})
    );
}

#[test]
fn a_rule_read_back_becomes_a_replace_body() {
    let rule: CatalogRule = serde_json::from_value(success("GET", RULE)).unwrap();
    let body = serde_json::to_value(CatalogRuleInput::from(rule)).unwrap();
    assert!(body.get("rule_id").is_none());
    // Items read back carry names and types; the body names them by id only.
    assert_eq!(body["items"], json!([{"item_id": 1}]));
    assert_eq!(body["is_satisfied_for_unauth"], true);
    serde_json::from_value::<CatalogRuleInput>(body).expect("a valid body");

    // Without an id, the SKU names the item.
    let rule: CatalogRule = serde_json::from_value(json!({
        "rule_id": 2, "name": "Age", "is_enabled": false,
        "attribute_conditions": [{"attribute": "age", "type": "number", "operator": "le", "value": "18"}],
        "items": [{"sku": "kids_pack"}, {"name": "no id, no sku"}]
    }))
    .unwrap();
    let body = CatalogRuleInput::from(rule);
    assert_eq!(body.items, vec![RuleItemRef::from(Sku::from("kids_pack"))]);
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn rule_calls_use_basic_auth_and_the_documented_paths() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let rules = client.admin().personalization();

        server.push(Reply::json(200, success("GET", RULES)));
        let mut list = rules.list();
        list.endpoint_mut().is_enabled = Some(true);
        let page = list.limit(80).offset(10).send().await.unwrap();
        assert!(page.has_more);
        assert_eq!(
            page.items[0].items[1].sku.as_ref().map(|s| s.0.as_str()),
            Some("com.xsolla.potion_pack_1")
        );

        let input: CatalogRuleInput = serde_json::from_value(request("POST", RULES)).unwrap();
        server.push(Reply::json(201, json!({"rule_id": 1})));
        let created = rules.create(input.clone()).send().await.unwrap();
        assert_eq!(created.rule_id.0, 1);
        assert_eq!(server.last().json(), request("POST", RULES));

        server.push(Reply::json(200, success("GET", &format!("{RULES}/all"))));
        let all = rules.all().send().await.unwrap();
        assert_eq!(all.items.len(), 2);
        server.push(Reply::json(200, success("GET", RULE)));
        rules.get(1).send().await.unwrap();
        rules.update(1, input).send().await.unwrap();
        let patch = CatalogRulePatch {
            is_enabled: Some(false),
            ..CatalogRulePatch::default()
        };
        rules.patch(1, patch).send().await.unwrap();
        assert_eq!(server.last().json(), request("PATCH", RULE));
        rules.delete(1).send().await.unwrap();

        let seen: Vec<_> = server
            .requests()
            .into_iter()
            .map(|r| {
                assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
                (r.method, r.path, r.query)
            })
            .collect();
        let path = "/v2/project/44056/admin/user/attribute/rule";
        let want = vec![
            (
                "GET",
                path.to_owned(),
                Some("limit=50&offset=10&is_enabled=1"),
            ),
            ("POST", path.to_owned(), None),
            ("GET", format!("{path}/all"), None),
            ("GET", format!("{path}/1"), None),
            ("PUT", format!("{path}/1"), None),
            ("PATCH", format!("{path}/1"), None),
            ("DELETE", format!("{path}/1"), None),
        ];
        let want: Vec<_> = want
            .into_iter()
            .map(|(m, p, q)| (m.to_owned(), p, q.map(str::to_owned)))
            .collect();
        assert_eq!(seen, want);
    });
}

#[test]
fn rule_pages_follow_has_more() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let rule = success("GET", RULE);
        let page = |n: usize, more: bool| json!({"items": vec![rule.clone(); n], "total_items_count": 51, "has_more": more});
        server.push(Reply::json(200, page(50, true)));
        server.push(Reply::json(200, page(1, false)));
        let all = client.admin().personalization().list().all().await.unwrap();
        assert_eq!(all.len(), 51);
        let queries: Vec<_> = server.requests().into_iter().map(|r| r.query.unwrap()).collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);
    });
}

#[test]
fn error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let rules = client.admin().personalization();
        for (_, _, body) in examples("GET", RULES).errors() {
            server.push(Reply::json(
                body["statusCode"].as_u64().unwrap() as u16,
                body.clone(),
            ));
            let err = rules.list().send().await.unwrap_err();
            // 401 (1501, 1013) and 403 "Authorization header not sent" all mean bad credentials.
            assert!(err.is_unauthorized(), "{err}");
        }
        let (_, _, invalid) = examples("POST", RULES)
            .errors()
            .find(|(s, _, _)| *s == 422)
            .cloned()
            .unwrap();
        server.push(Reply::json(422, invalid));
        let input: CatalogRuleInput = serde_json::from_value(request("POST", RULES)).unwrap();
        let err = rules.create(input).send().await.unwrap_err();
        assert!(err.api().unwrap().is_validation());
    });
}
