//! Code verification and lookup: documented examples through our types, the calls on the wire,
//! and how every documented refusal of a code classifies.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{NoBody, check_operation, examples, spec};
use serde_json::{Value, json};
use xsolla_liveops::models::codes::{CodeKind, CodeVerification, RedeemablePromotion};
use xsolla_liveops::{ApiError, Code, CodeRejection, ErrorBody};

const VERIFY: &str = "/v2/project/{project_id}/promotion/code/{code}/verify";
const REDEEMABLE: &str = "/v2/project/{project_id}/admin/promotion/redeemable/code/{code}";

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn success(method: &str, path: &str, name: &str) -> Value {
    examples(method, path)
        .successes()
        .find(|(_, n, _)| n == name)
        .unwrap_or_else(|| panic!("no example `{name}`"))
        .2
        .clone()
}

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    n += check_operation::<NoBody, CodeVerification>("GET", VERIFY);
    n += check_operation::<NoBody, RedeemablePromotion>("GET", REDEEMABLE);
    assert!(n > 0);
    println!("codes: {n} spec examples");
}

#[test]
fn verification_tells_coupons_from_promo_codes() {
    let coupon: CodeVerification =
        serde_json::from_value(success("GET", VERIFY, "coupon info")).unwrap();
    assert_eq!(coupon.kind(), CodeKind::Coupon);
    assert_eq!(coupon.code().as_str(), "WINTER2023");
    assert!(coupon.is_selectable());
    assert_eq!(coupon.bonus().len(), 2);
    let promo: CodeVerification =
        serde_json::from_value(success("GET", VERIFY, "promocode info")).unwrap();
    assert_eq!(promo.kind(), CodeKind::PromoCode);
    match &promo {
        CodeVerification::PromoCode { rewards, .. } => {
            assert_eq!(
                rewards.discounted_items()[0].name.as_deref(),
                Some("Elven sword")
            );
            assert_eq!(
                rewards
                    .discount
                    .as_ref()
                    .and_then(|d| d.percent.as_ref())
                    .map(|p| p.as_str()),
                Some("10.00")
            );
        }
        other => panic!("expected a promo code, got {other:?}"),
    }
    // A kind Xsolla may add later still reads, in the promo code shape, and writes back as sent.
    let raw = json!({"type": "unique_catalog_offer", "code": "SECRET1",
        "rewards": {"bonus": [], "is_selectable": false}});
    let other: CodeVerification = serde_json::from_value(raw.clone()).unwrap();
    assert_eq!(other.kind(), CodeKind::Other("unique_catalog_offer".into()));
    assert_eq!(
        serde_json::to_value(&other).unwrap()["type"],
        "unique_catalog_offer"
    );
    assert!(
        serde_json::from_value::<CodeVerification>(
            json!({"type": "coupon", "code": "A", "rewards": {"bonus": 3}})
        )
        .is_err()
    );

    let promo: RedeemablePromotion =
        serde_json::from_value(success("GET", REDEEMABLE, "Promo Code Response")).unwrap();
    assert!(promo.has_discount());
    let coupon: RedeemablePromotion =
        serde_json::from_value(success("GET", REDEEMABLE, "Coupon Response")).unwrap();
    assert!(!coupon.has_discount());
    assert_eq!(coupon.bonus[0].quantity, 3);
}

fn resolve(mut v: &Value) -> &Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let mut cur = spec();
        for part in r.trim_start_matches("#/").split('/') {
            cur = &cur[part];
        }
        v = cur;
    }
    v
}

/// Every documented error body of an operation: the named examples, or, where the spec only
/// gives per-property examples, the body built from them.
fn documented_errors(method: &str, path: &str) -> Vec<(u16, ErrorBody)> {
    let op = &spec()["paths"][path][method.to_ascii_lowercase()];
    let mut out = Vec::new();
    for (status, response) in op["responses"].as_object().unwrap() {
        let status: u16 = status.parse().unwrap();
        if status < 400 {
            continue;
        }
        let content = resolve(&resolve(response)["content"]["application/json"]);
        let mut bodies: Vec<Value> = content["examples"]
            .as_object()
            .map(|m| m.values().map(|e| resolve(e)["value"].clone()).collect())
            .unwrap_or_default();
        if bodies.is_empty() {
            let schema = resolve(&content["schema"]);
            let variants: Vec<&Value> = match schema["oneOf"].as_array() {
                Some(list) => list.iter().map(resolve).collect(),
                None => vec![schema],
            };
            for variant in variants {
                let props = variant["properties"].as_object().expect("an error schema");
                bodies.push(Value::Object(
                    props
                        .iter()
                        .filter_map(|(k, p)| Some((k.clone(), resolve(p).get("example")?.clone())))
                        .collect(),
                ));
            }
        }
        for body in bodies {
            out.push((status, serde_json::from_value(body).unwrap()));
        }
    }
    out
}

fn classify(status: u16, body: ErrorBody) -> Option<CodeRejection> {
    ApiError {
        status,
        body: Some(Box::new(body)),
        raw: None,
    }
    .code_rejection()
}

#[test]
fn documented_refusals_classify() {
    let ops = [
        ("POST", "/v2/project/{project_id}/coupon/redeem"),
        (
            "GET",
            "/v2/project/{project_id}/coupon/code/{coupon_code}/rewards",
        ),
        ("POST", "/v2/project/{project_id}/promocode/redeem"),
        (
            "GET",
            "/v2/project/{project_id}/promocode/code/{promocode_code}/rewards",
        ),
        ("PUT", "/v2/project/{project_id}/promocode/remove"),
        ("GET", VERIFY),
        ("GET", REDEEMABLE),
    ];
    let mut seen = 0;
    for (method, path) in ops {
        for (status, body) in documented_errors(method, path) {
            let code = body.message_code().unwrap_or(body.error_code);
            let want = match code {
                9807 | 9811 => Some(CodeRejection::Unknown),
                9804 => Some(CodeRejection::UsedUp),
                9808 => Some(CodeRejection::NotApplicable),
                // Authentication, schema errors and a malformed code are not refusals of a code.
                0 | 1102 | 1501 | 1020 => None,
                other => panic!("{method} {path}: unexpected documented code {other}"),
            };
            let text = body.error_message.clone();
            assert_eq!(
                classify(status, body),
                want,
                "{method} {path} {status}: {text}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} documented error bodies");
    println!("codes: {seen} documented error bodies classified");
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn verify_and_lookup_on_the_wire() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::json(200, success("GET", VERIFY, "promocode info")));
        let v = client
            .codes()
            .verify(code("SUMMER2023"))
            .send()
            .await
            .unwrap();
        assert_eq!(v.kind(), CodeKind::PromoCode);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/promotion/code/SUMMER2023/verify")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(
            422,
            json!({"errorCode": 9808, "statusCode": 422,
                "errorMessage": "[0401-9808]: Coupon is not available in your region."}),
        ));
        let err = client
            .codes()
            .verify(code("WINTER2023"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.api().and_then(ApiError::code_rejection),
            Some(CodeRejection::NotApplicable)
        );
        server.push(Reply::json(
            404,
            json!({"statusCode": 404, "errorCode": 9811,
                "errorMessage": "[0401-9811]: Code not found."}),
        ));
        let err = client
            .codes()
            .verify(code("nope"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.api().and_then(ApiError::code_rejection),
            Some(CodeRejection::Unknown)
        );

        server.push(Reply::json(
            200,
            success("GET", REDEEMABLE, "Coupon Response"),
        ));
        let p = client
            .admin()
            .codes()
            .redeemable(code("WINTER2021"))
            .send()
            .await
            .unwrap();
        assert_eq!(p.external_id.0, "coupon_fall_hammer_2");
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            (
                "GET",
                "/v2/project/44056/admin/promotion/redeemable/code/WINTER2021"
            )
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
    });
}

#[test]
fn code_lists_page_by_their_total_count() {
    use xsolla_liveops::Paginated;
    use xsolla_liveops::api::coupons::ListCouponCodes;
    use xsolla_liveops::models::promotions::CodeList;

    let page = |n: usize, total: u64| -> CodeList {
        serde_json::from_value(json!({
            "codes": (0..n).map(|i| json!({"code": format!("C{i}")})).collect::<Vec<_>>(),
            "total_count": total,
        }))
        .unwrap()
    };
    // 100 codes: the second full page is the last one, with no third request.
    assert_eq!(page(50, 100).next_offset(0), Some(50));
    assert_eq!(page(50, 100).next_offset(50), None);
    assert!(!ListCouponCodes::split_page(page(50, 100), 50).1);
    assert!(ListCouponCodes::split_page(page(50, 120), 50).1);
    assert!(!ListCouponCodes::split_page(page(7, 120), 113).1);
    // Without a count, a full page means another may follow.
    assert!(ListCouponCodes::split_page(page(50, 0), 0).1);
    assert!(!ListCouponCodes::split_page(page(3, 0), 0).1);
}
