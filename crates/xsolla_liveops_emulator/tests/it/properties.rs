//! Property: whatever JSON body and query string a request carries, on every LiveOps operation
//! of Xsolla's spec (client and admin), the emulator never panics and never answers 5xx; a
//! refusal is a 4xx in Xsolla's error shape (`statusCode` equal to the status, a numeric
//! `errorCode`, an `errorMessage`). Requests go through the router in-process, without
//! sockets; `PROPTEST_CASES` sets how many (256 by default).

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Map, Value};
use tower::ServiceExt;
use xsolla_liveops_emulator::internals::{AppState, Store, app};
use xsolla_liveops_emulator::{Clock, Config};

use crate::responses_match_the_openapi_schemas::spec_path;

const LIVEOPS_TAGS: [&str; 13] = [
    "promotions-common",
    "promotions-coupons",
    "promotions-promo-codes",
    "promotions-discounts",
    "promotions-bonuses",
    "promotions-unique-catalog-offers",
    "personalized-catalog",
    "upsell-admin",
    "upsell-client",
    "user-limits-admin",
    "reward-chain-value-points-admin",
    "reward-chain-client",
    "clan-reward-chain-client",
];

/// One operation of the spec: method, path template, whether it is an admin call, and the
/// names of its query parameters.
#[derive(Debug, Clone)]
struct Operation {
    method: String,
    path: String,
    admin: bool,
    query: Vec<String>,
}

fn operations() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(|| {
        let text = std::fs::read_to_string(spec_path()).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut out = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                let tagged = op["tags"].as_array().is_some_and(|t| {
                    t.iter()
                        .any(|t| LIVEOPS_TAGS.contains(&t.as_str().unwrap_or("")))
                });
                if !tagged {
                    continue;
                }
                let admin = op["security"].to_string().contains("basicAuth");
                let query = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| {
                        let p = match p.get("$ref").and_then(Value::as_str) {
                            Some(r) => r
                                .trim_start_matches("#/")
                                .split('/')
                                .fold(&doc, |cur, part| &cur[part]),
                            None => p,
                        };
                        (p["in"] == "query").then(|| p["name"].as_str().unwrap_or("").to_owned())
                    })
                    .collect();
                out.push(Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    admin,
                    query,
                });
            }
        }
        assert_eq!(out.len(), 105, "the spec's LiveOps operations");
        out
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-5i64..40).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~]{0,12}".prop_map(Value::String),
        "(gold|sword|en|en-US|daily|weekly|2026-01-01T00:00:00\\+00:00|10\\.00|ge|eq|string)"
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "(name|sku|items|bonus|quantity|external_id|date_start|date_end|promotion_periods|discount|percent|limits|per_user|user|attribute_conditions|steps|step_number|price|amount|coupon_code|cart|id|count|type|is_enabled|recurrent_schedule|interval_type|time|value_point|reward|code|available)"
            .prop_map(String::from),
        "[a-z_]{1,8}",
    ]
}

/// A body: nothing, bytes that are not JSON, or any JSON document.
fn body() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        1 => Just(None),
        1 => proptest::collection::vec(any::<u8>(), 0..24).prop_map(Some),
        6 => json_value().prop_map(|v| Some(v.to_string().into_bytes())),
    ]
}

fn path_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_]{1,10}",
        (0i64..6).prop_map(|n| n.to_string()),
        "[ -~]{0,6}"
    ]
}

#[derive(Debug, Clone)]
struct Case {
    op: usize,
    params: Vec<String>,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

fn case() -> impl Strategy<Value = Case> {
    let n = operations().len();
    (
        0..n,
        proptest::collection::vec(path_value(), 4),
        proptest::collection::vec((field_name(), "[ -~]{0,10}"), 0..4),
        body(),
    )
        .prop_map(|(op, params, query, body)| Case {
            op,
            params,
            query,
            body,
        })
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn request(case: &Case, bearer: &str, basic: &str) -> Request<Body> {
    let op = &operations()[case.op];
    let mut params = case.params.iter();
    let mut path = String::new();
    for (i, part) in op.path.split('{').enumerate() {
        if i == 0 {
            path.push_str(part);
            continue;
        }
        let (name, rest) = part.split_once('}').unwrap();
        if name == "project_id" {
            path.push_str("44056");
        } else {
            path.push_str(&encode(params.next().map_or("x", String::as_str)));
        }
        path.push_str(rest);
    }
    // Mostly the operation's own query parameters, sometimes others.
    let query: Vec<String> = case
        .query
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let key = if op.query.is_empty() || i % 3 == 2 {
                k.clone()
            } else {
                op.query[i % op.query.len()].clone()
            };
            format!("{}={}", encode(&key), encode(v))
        })
        .collect();
    if !query.is_empty() {
        path = format!("{path}?{}", query.join("&"));
    }
    let auth = if op.admin { basic } else { bearer };
    let builder = Request::builder()
        .method(op.method.as_str())
        .uri(path)
        .header(header::AUTHORIZATION, auth);
    match &case.body {
        Some(bytes) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(bytes.clone())),
        None => builder.body(Body::empty()),
    }
    .unwrap()
}

async fn check(app: &Router, case: &Case, bearer: &str, basic: &str) -> Result<(), TestCaseError> {
    let req = request(case, bearer, basic);
    let what = format!("{} {}", req.method(), req.uri());
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    prop_assert!(
        status < 500,
        "{what}: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    if status >= 400 {
        let body: Value = serde_json::from_slice(&bytes).map_err(|e| {
            TestCaseError::fail(format!("{what}: {status} without a JSON body: {e}"))
        })?;
        prop_assert_eq!(
            body["statusCode"].as_u64(),
            Some(u64::from(status)),
            "{}: {}",
            what,
            body
        );
        prop_assert!(body["errorCode"].is_i64(), "{what}: {body}");
        prop_assert!(body["errorMessage"].is_string(), "{what}: {body}");
    }
    Ok(())
}

#[test]
fn arbitrary_bodies_and_queries_get_xsolla_shaped_refusals_and_never_a_5xx() {
    let runtime = crate::common::rt();
    let config = Config::default();
    let clock = Clock::new();
    let store = Store::open(&config.storage, &config.seed, clock.now_unix()).unwrap();
    let basic = config_basic(&config);
    let state = AppState::new(config, clock, store);
    let app = app(state.clone());
    let token = state
        .keys()
        .mint("prop-player", state.clock().now_unix(), 86_400)
        .unwrap();
    let bearer = format!("Bearer {token}");
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    runner
        .run(&case(), |case| {
            runtime.block_on(check(&app, &case, &bearer, &basic))
        })
        .unwrap();
}

fn config_basic(config: &Config) -> String {
    use base64::Engine;
    let raw = format!("{}:{}", config.project_id, config.api_key);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}
