//! Emulator answers validate against the response schemas of Xsolla's OpenAPI description
//! (`shared/reference/xsolla-shop-builder-openapi-2025-05.json`, found beside the repository or
//! at `$XSOLLA_OPENAPI`), for every operation the emulator serves that the spec covers.
//!
//! The spec is OpenAPI 3.0: its schemas are turned into JSON Schema (draft 4) by rewriting
//! `nullable: true` as a `null` type, and each response schema is validated with the spec's
//! `components` beside it so that its internal `$ref`s resolve. The spec knows only the `/v2`
//! paths; the `/v3` promotion forms are not covered by it. Operations of features still being
//! built (an answer 404 "Not found" from no route) are reported and skipped.

use std::path::PathBuf;

use crate::common::*;
use reqwest::Method;
use serde_json::{Value, json};
use xsolla_liveops_emulator::{Config, Seed};

pub fn spec_path() -> PathBuf {
    if let Ok(p) = std::env::var("XSOLLA_OPENAPI") {
        return PathBuf::from(p);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = "reference/xsolla-shop-builder-openapi-2025-05.json";
    manifest
        .ancestors()
        .map(|up| up.join("shared").join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "shared/{name} not found above {}; set XSOLLA_OPENAPI",
                manifest.display()
            )
        })
}

/// OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a `null` type (or a `null` branch).
fn to_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                to_json_schema(child);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = map.get_mut("enum") {
                        e.push(Value::Null);
                    }
                } else if !map.contains_key("type") {
                    let inner = Value::Object(std::mem::take(map));
                    map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

/// The admin reward chain list. Exception: its schema rejects the spec's own example (items
/// are `oneOf` [basic, clan] where the clan model is `allOf` [basic, …], so a chain matches
/// both or neither; `attribute_conditions` is typed as one condition, the example has a
/// list), so the answer is not validated; the test below proves the example fails.
const REWARD_CHAINS: &str = "/v2/project/{project_id}/admin/reward_chain";

/// The admin upsell read: answered as the spec's array.
const ADMIN_UPSELL: &str = "/v2/project/{project_id}/admin/items/upsell";

struct Spec {
    doc: Value,
}

impl Spec {
    fn load() -> Self {
        let text = std::fs::read_to_string(spec_path()).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        to_json_schema(&mut doc);
        Self { doc }
    }

    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            v = r
                .trim_start_matches("#/")
                .split('/')
                .fold(&self.doc, |cur, part| {
                    &cur[part.replace("~1", "/").replace("~0", "~")]
                });
        }
        v
    }

    /// The JSON schema of one operation's answer with this status, `None` without a body.
    fn response(&self, method: &str, path: &str, status: u16) -> Option<Value> {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "the spec has no {method} {path}");
        let resp = self.resolve(&op["responses"][status.to_string()]);
        assert!(
            resp.is_object(),
            "the spec has no {status} for {method} {path}"
        );
        let schema = resp
            .get("content")?
            .get("application/json")?
            .get("schema")?;
        Some(schema.clone())
    }

    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let root = json!({
            "components": self.doc["components"],
            "allOf": [schema],
        });
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
    }
}

struct Check<'a> {
    h: &'a Harness,
    spec: &'a Spec,
    checked: Vec<String>,
    skipped: Vec<String>,
    failures: Vec<String>,
}

impl Check<'_> {
    /// Calls `method url` and validates the answer against the schema of `spec_path`'s
    /// `status` answer; returns the body.
    async fn call(
        &mut self,
        method: Method,
        spec_path: &str,
        rest: &str,
        auth: Option<String>,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let url = self.h.v2(rest);
        let body_text = body.map(|b| b.to_string());
        let (got, json, _) = self
            .h
            .raw(method.clone(), &url, auth, body_text.as_deref())
            .await;
        let op = format!("{method} {spec_path}");
        if spec_path == REWARD_CHAINS {
            self.skipped
                .push(format!("{op} (the spec rejects its own example)"));
            return json;
        }
        if got == 404 && json["errorMessage"] == "[0401-4001]: Not found" {
            self.skipped.push(op);
            return Value::Null;
        }
        if got != status {
            self.failures
                .push(format!("{op}: status {got}, expected {status}: {json}"));
            return json;
        }
        match self
            .spec
            .response(&method.as_str().to_lowercase(), spec_path, status)
        {
            None => {}
            Some(schema) => {
                let validator = self.spec.validator(&schema);
                let errors: Vec<String> = validator
                    .iter_errors(&json)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                if !errors.is_empty() {
                    self.failures
                        .push(format!("{op}: {errors:?}\n  body: {json}"));
                }
            }
        }
        self.checked.push(op);
        json
    }
}

fn seed() -> Seed {
    let mut seed = catalog_seed();
    let extra = Seed::from_json(
        r#"{"items": [
            {"sku": "elixir", "name": {"en": "Elixir"}, "type": "virtual_good",
             "price": {"amount": "1.99", "currency": "USD"}, "limits": {"per_user": 3}}
        ], "users": [{"sub": "p1", "attributes": {"race": "ork"}}]}"#,
    )
    .unwrap();
    seed.items.extend(extra.items);
    seed.users.extend(extra.users);
    seed
}

#[test]
fn emulator_answers_validate_against_the_spec_response_schemas() {
    rt().block_on(async {
        let h = Harness::with_config(Config::default().with_seed(seed()), T0 + 60).await;
        let spec = Spec::load();
        let mut c = Check {
            h: &h,
            spec: &spec,
            checked: Vec::new(),
            skipped: Vec::new(),
            failures: Vec::new(),
        };
        let basic = || h.basic();
        let p = "/v2/project/{project_id}";
        let sp = |rest: &str| format!("{p}{rest}");

        // Discounts.
        let discount = json!({"name": {"en-US": "Sale", "de-DE": "Angebot"},
            "date_start": "2025-01-01T00:00:00+05:00", "date_end": null,
            "discount": {"percent": "10.00"}, "items": [{"sku": "sword"}],
            "attribute_conditions": [{"attribute": "race", "type": "string", "operator": "eq", "value": "ork", "can_be_missing": false}],
            "limits": {"per_user": 5, "recurrent_schedule": {"per_user": {"interval_type": "weekly", "day_of_week": 1, "time": "11:00:00+03:00"}}},
            "excluded_promotions": [12]});
        let created = c
            .call(Method::POST, &sp("/admin/promotion/item"), "/admin/promotion/item", basic(), Some(discount.clone()), 201)
            .await;
        let did = created["promotion_id"].as_i64().unwrap_or(1);
        let by_price = json!({"name": {"en-US": "Cheap things"}, "discount": {"percent": "5"}, "items": null,
            "price_conditions": [{"operator": "le", "value": "5.0000"}]});
        c.call(Method::POST, &sp("/admin/promotion/item"), "/admin/promotion/item", basic(), Some(by_price), 201)
            .await;
        c.call(Method::GET, &sp("/admin/promotion/item"), "/admin/promotion/item", basic(), None, 200)
            .await;
        c.call(Method::GET, &sp("/admin/promotion/{promotion_id}/item"), &format!("/admin/promotion/{did}/item"), basic(), None, 200)
            .await;

        // Bonuses.
        let bonus = json!({"name": {"en-US": "Gift"}, "date_start": "2025-01-01T00:00:00+00:00",
            "date_end": "2026-01-01T00:00:00+00:00", "condition": [{"sku": "sword"}],
            "bonus": [{"sku": "gems", "quantity": 5}], "limits": {"per_user": 2}});
        let created = c
            .call(Method::POST, &sp("/admin/promotion/bonus"), "/admin/promotion/bonus", basic(), Some(bonus), 201)
            .await;
        let bid = created["promotion_id"].as_i64().unwrap_or(2);
        let cart = json!({"name": {"en-US": "Any purchase"}, "condition": null, "bonus": [{"sku": "gold", "quantity": 1}],
            "price_conditions": [{"operator": "gt", "value": "10.0000"}]});
        c.call(Method::POST, &sp("/admin/promotion/bonus"), "/admin/promotion/bonus", basic(), Some(cart), 201)
            .await;
        c.call(Method::GET, &sp("/admin/promotion/bonus"), "/admin/promotion/bonus", basic(), None, 200)
            .await;
        c.call(Method::GET, &sp("/admin/promotion/{promotion_id}/bonus"), &format!("/admin/promotion/{bid}/bonus"), basic(), None, 200)
            .await;

        // Common promotion calls.
        c.call(Method::PUT, &sp("/admin/promotion/{promotion_id}/deactivate"), &format!("/admin/promotion/{bid}/deactivate"), basic(), None, 204)
            .await;
        c.call(Method::GET, &sp("/admin/promotion"), "/admin/promotion", basic(), None, 200).await;
        c.call(Method::PUT, &sp("/admin/promotion/{promotion_id}/activate"), &format!("/admin/promotion/{bid}/activate"), basic(), None, 204)
            .await;

        // Personalized-catalog rules.
        let rule = json!({"name": "Ork armour", "is_enabled": true,
            "attribute_conditions": [{"attribute": "race", "type": "string", "operator": "eq", "value": "ork", "can_be_missing": false}],
            "items": [{"sku": "sword"}, {"sku": "chest"}], "is_satisfied_for_unauth": false});
        let created = c
            .call(Method::POST, &sp("/admin/user/attribute/rule"), "/admin/user/attribute/rule", basic(), Some(rule), 201)
            .await;
        let rid = created["rule_id"].as_i64().unwrap_or(1);
        c.call(Method::GET, &sp("/admin/user/attribute/rule"), "/admin/user/attribute/rule", basic(), None, 200)
            .await;
        c.call(Method::GET, &sp("/admin/user/attribute/rule/all"), "/admin/user/attribute/rule/all", basic(), None, 200)
            .await;
        c.call(Method::GET, &sp("/admin/user/attribute/rule/{rule_id}"), &format!("/admin/user/attribute/rule/{rid}"), basic(), None, 200)
            .await;

        // User limits.
        let change = |n: i64| Some(json!({"user": {"user_external_id": "p1"}, "available": n}));
        let lp = "/admin/user/limit/promotion/id/{promotion_id}";
        let lr = format!("/admin/user/limit/promotion/id/{did}");
        c.call(Method::GET, &sp(lp), &format!("{lr}?user_external_id=p1"), basic(), None, 200).await;
        c.call(Method::DELETE, &sp(lp), &lr, basic(), change(2), 200).await;
        c.call(Method::POST, &sp(lp), &lr, basic(), change(1), 200).await;
        c.call(Method::PUT, &sp(lp), &lr, basic(), change(0), 200).await;
        c.call(Method::DELETE, &sp(&format!("{lp}/all")), &format!("{lr}/all"), basic(), Some(json!({"user": null})), 200)
            .await;
        c.call(Method::DELETE, &sp("/admin/user/limit/promotion/all"), "/admin/user/limit/promotion/all", basic(), Some(json!({"user": {"user_external_id": "p1"}})), 200)
            .await;
        let li = "/admin/user/limit/item/sku/{item_sku}";
        let lir = "/admin/user/limit/item/sku/elixir";
        c.call(Method::GET, &sp(li), &format!("{lir}?user_external_id=p1"), basic(), None, 200).await;
        c.call(Method::DELETE, &sp(li), lir, basic(), change(2), 200).await;
        c.call(Method::POST, &sp(li), lir, basic(), change(1), 200).await;
        c.call(Method::PUT, &sp(li), lir, basic(), change(3), 200).await;
        c.call(Method::DELETE, &sp(&format!("{li}/all")), &format!("{lir}/all"), basic(), Some(json!({"user": {"user_external_id": "p1"}})), 200)
            .await;
        c.call(Method::DELETE, &sp("/admin/user/limit/item/all"), "/admin/user/limit/item/all", basic(), Some(json!({"user": {"user_external_id": "p1"}})), 200)
            .await;

        // Item purchases and the order status.
        let order = c
            .call(Method::POST, &sp("/payment/item/{item_sku}"), "/payment/item/sword", h.bearer("p1"), Some(json!({"quantity": 2})), 200)
            .await;
        let oid = order["order_id"].as_i64().unwrap_or(1);
        c.call(Method::GET, &sp("/order/{order_id}"), &format!("/order/{oid}"), h.bearer("p1"), None, 200).await;
        c.call(Method::GET, &sp("/order/{order_id}"), "/order/987654", h.bearer("p1"), None, 404).await;
        c.call(Method::POST, &sp("/payment/item/{item_sku}/virtual/{virtual_currency_sku}"), "/payment/item/elixir/virtual/gems", h.bearer("p1"), Some(json!({})), 422)
            .await;
        c.call(Method::POST, &sp("/payment/item/{item_sku}/virtual/{virtual_currency_sku}"), "/payment/item/nothing/virtual/gems", h.bearer("p1"), None, 404)
            .await;

        // Other features' read operations, on the built-in demo project.
        let demo = Harness::with_config(Config::default(), T0 + 60).await;
        let mut d = Check {
            h: &demo,
            spec: &spec,
            checked: Vec::new(),
            skipped: Vec::new(),
            failures: Vec::new(),
        };
        let bearer = || demo.bearer("player-1");
        let dbasic = || demo.basic();
        for (path, auth) in [
            ("/admin/coupon", dbasic()),
            ("/admin/promocode", dbasic()),
            ("/admin/items/value_points", dbasic()),
            ("/admin/reward_chain", dbasic()),
            ("/admin/items/upsell", dbasic()),
            ("/items/upsell", bearer()),
            ("/user/reward_chain", bearer()),
        ] {
            let body = d.call(Method::GET, &sp(path), path, auth, None, 200).await;
            if path == "/admin/coupon" || path == "/admin/promocode" {
                let first = body["items"][0]["external_id"].as_str().map(str::to_owned);
                if let Some(ext) = first {
                    d.call(Method::GET, &sp(&format!("{path}/{{external_id}}")), &format!("{path}/{ext}"), dbasic(), None, 200)
                        .await;
                    d.call(Method::GET, &sp(&format!("{path}/{{external_id}}/code")), &format!("{path}/{ext}/code"), dbasic(), None, 200)
                        .await;
                }
            }
        }
        // Player code calls and the remaining reads, on the demo project.
        for (method, path, rest, auth, body, status) in [
            (Method::GET, "/promotion/code/{code}/verify", "/promotion/code/WELCOME2025/verify", bearer(), None, 200),
            (Method::GET, "/coupon/code/{coupon_code}/rewards", "/coupon/code/WELCOME2025/rewards", bearer(), None, 200),
            (Method::POST, "/coupon/redeem", "/coupon/redeem", bearer(), Some(json!({"coupon_code": "WELCOME2025"})), 200),
            (Method::GET, "/promocode/code/{promocode_code}/rewards", "/promocode/code/HERO10/rewards", bearer(), None, 200),
            (Method::POST, "/promocode/redeem", "/promocode/redeem", bearer(), Some(json!({"coupon_code": "HERO10"})), 200),
            (Method::PUT, "/promocode/remove", "/promocode/remove", bearer(), Some(json!({})), 200),
            (Method::GET, "/admin/promotion/redeemable/code/{code}", "/admin/promotion/redeemable/code/WELCOME2025", dbasic(), None, 200),
            (Method::GET, "/admin/user/limit/coupon/external_id/{external_id}", "/admin/user/limit/coupon/external_id/welcome_2025?user_external_id=player-1", dbasic(), None, 200),
            (Method::GET, "/admin/code/limit/promocode/external_id/{external_id}", "/admin/code/limit/promocode/external_id/hero_10", dbasic(), None, 200),
            (Method::GET, "/admin/items/value_points/sku/{item_sku}", "/admin/items/value_points/sku/hero_points", dbasic(), None, 200),
            (Method::GET, "/admin/items/{value_point_sku}/value_points/rewards", "/admin/items/hero_points/value_points/rewards", dbasic(), None, 200),
            (Method::GET, "/user/reward_chain/{reward_chain_id}/balance", "/user/reward_chain/1/balance", bearer(), None, 200),
            (Method::GET, "/admin/unique_catalog_offer", "/admin/unique_catalog_offer", dbasic(), None, 200),
        ] {
            d.call(method, &sp(path), rest, auth, body, status).await;
        }
        c.checked.append(&mut d.checked);
        c.skipped.append(&mut d.skipped);
        c.failures.append(&mut d.failures);

        eprintln!("validated {} operations: {:#?}", c.checked.len(), c.checked);
        if !c.skipped.is_empty() {
            eprintln!("skipped (not served yet, or a spec exception): {:#?}", c.skipped);
        }
        assert!(c.failures.is_empty(), "answers that break the spec:\n{}", c.failures.join("\n"));
        assert!(c.checked.len() >= 28, "only {} operations checked", c.checked.len());
    });
}

/// Schema errors of the spec's own examples for one answer.
fn example_errors(spec: &Spec, method: &str, path: &str, status: u16) -> Vec<String> {
    let op = &spec.doc["paths"][path][method];
    let resp = spec.resolve(&op["responses"][status.to_string()]);
    let content = &resp["content"]["application/json"];
    let schema = spec.validator(&content["schema"]);
    let mut examples: Vec<Value> = Vec::new();
    if let Some(e) = content.get("example") {
        examples.push(e.clone());
    }
    if let Some(map) = content.get("examples").and_then(Value::as_object) {
        for e in map.values() {
            examples.push(spec.resolve(e)["value"].clone());
        }
    }
    assert!(!examples.is_empty(), "{method} {path} has no example");
    examples
        .iter()
        .flat_map(|e| {
            schema
                .iter_errors(e)
                .map(|err| format!("{err} at {}", err.instance_path()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_exceptions_are_needed_by_the_spec_itself() {
    let spec = Spec::load();
    assert!(
        !example_errors(&spec, "get", REWARD_CHAINS, 200).is_empty(),
        "the reward chain list example now validates: drop the exception"
    );
    assert_eq!(
        example_errors(&spec, "get", ADMIN_UPSELL, 200),
        Vec::<String>::new(),
        "the upsell example is the array form"
    );
}
