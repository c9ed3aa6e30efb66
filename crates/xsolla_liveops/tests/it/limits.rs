//! User limits on promotions and items: documented examples through our types, and the calls
//! on the wire (which ones carry a body, which a `user_external_id` query, which may be
//! retried).

use crate::common::mock::{MockServer, Reply, expected_basic};
use crate::common::spec::{NoBody, check_operation, examples};
use serde_json::{Value, json};
use xsolla_liveops::api::limits::{
    DecreaseUserItemLimit, DecreaseUserPromotionLimit, GetUserItemLimit, IncreaseUserItemLimit,
    IncreaseUserPromotionLimit, RefreshAllUserItemLimits, RefreshPromotionLimit,
    SetUserPromotionLimit,
};
use xsolla_liveops::models::common::NoContent;
use xsolla_liveops::models::limits::{
    LimitRejection, UserExternalId, UserLimit, UserLimitChange, UserLimitRefresh, UserLimitTarget,
};
use xsolla_liveops::{Endpoint, ProjectId};

const PROMO: &str = "/v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}";
const PROMO_ALL_USERS: &str =
    "/v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}/all";
const PROMO_ALL: &str = "/v2/project/{project_id}/admin/user/limit/promotion/all";
const ITEM: &str = "/v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}";
const ITEM_ALL_USERS: &str = "/v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}/all";
const ITEM_ALL: &str = "/v2/project/{project_id}/admin/user/limit/item/all";

const USER: &str = "d342dad2-9d59-11e9-a384-42010aa8003f";

#[test]
fn spec_examples_round_trip() {
    let mut n = 0;
    for path in [PROMO, ITEM] {
        n += check_operation::<NoBody, UserLimit>("GET", path)
            + check_operation::<UserLimitChange, UserLimit>("POST", path)
            + check_operation::<UserLimitChange, UserLimit>("PUT", path)
            + check_operation::<UserLimitChange, UserLimit>("DELETE", path);
    }
    n += check_operation::<UserLimitRefresh, NoContent>("DELETE", PROMO_ALL_USERS)
        + check_operation::<UserLimitRefresh, NoContent>("DELETE", ITEM_ALL_USERS)
        + check_operation::<UserLimitTarget, NoContent>("DELETE", PROMO_ALL)
        + check_operation::<UserLimitTarget, NoContent>("DELETE", ITEM_ALL);
    assert!(n > 0);
    println!("limits: {n} spec examples");
}

#[test]
fn bodies_and_queries_match_the_spec() {
    // Only the get calls name the player in the query; every other call has a JSON body.
    let spec = crate::common::spec::spec();
    for path in [
        PROMO,
        ITEM,
        PROMO_ALL_USERS,
        ITEM_ALL_USERS,
        PROMO_ALL,
        ITEM_ALL,
    ] {
        for (method, op) in spec["paths"][path].as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            let query: Vec<_> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| match p["$ref"].as_str() {
                    Some(r) => r
                        .trim_start_matches("#/")
                        .split('/')
                        .fold(spec, |cur, part| &cur[part]),
                    None => p,
                })
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let has_body = op.get("requestBody").is_some();
            if method == "get" {
                assert_eq!(query, ["user_external_id"], "{method} {path}");
                assert!(!has_body);
            } else {
                assert!(query.is_empty() && has_body, "{method} {path}");
            }
        }
    }
}

#[test]
fn refresh_for_everyone_sends_a_null_user() {
    let everyone = UserLimitRefresh { user: None };
    assert_eq!(
        serde_json::to_value(&everyone).unwrap(),
        json!({"user": null})
    );
    let back: UserLimitRefresh = serde_json::from_value(json!({"user": null})).unwrap();
    assert_eq!(back, everyone);
    // The key is required even though its value may be null.
    let missing = serde_json::from_value::<UserLimitRefresh>(json!({})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `user`"),
        "{missing}"
    );
    // Bodies are strict.
    assert!(
        serde_json::from_value::<UserLimitChange>(
            json!({"user": {"user_external_id": USER}, "available": 1, "total": 3})
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<UserLimitTarget>(
            json!({"user": {"user_external_id": USER, "id": 1}})
        )
        .is_err()
    );
}

#[test]
fn relative_changes_are_never_retried() {
    let change = UserLimitChange::new(USER, 1);
    let increase = IncreaseUserPromotionLimit {
        promotion: 1.into(),
        body: change.clone(),
    };
    let decrease = DecreaseUserPromotionLimit {
        promotion: 1.into(),
        body: change.clone(),
    };
    let set = SetUserPromotionLimit {
        promotion: 1.into(),
        body: change.clone(),
    };
    let item_up = IncreaseUserItemLimit {
        sku: "sword".into(),
        body: change.clone(),
    };
    let item_down = DecreaseUserItemLimit {
        sku: "sword".into(),
        body: change,
    };
    assert!(!increase.idempotent() && !decrease.idempotent());
    assert!(!item_up.idempotent() && !item_down.idempotent());
    assert!(set.idempotent());
    let refresh = RefreshPromotionLimit {
        promotion: 1.into(),
        body: UserLimitRefresh { user: None },
    };
    assert!(refresh.idempotent());
    let all = RefreshAllUserItemLimits {
        body: UserLimitTarget {
            user: xsolla_liveops::models::limits::LimitUser {
                user_external_id: USER.into(),
            },
        },
    };
    assert!(all.idempotent());
}

#[test]
fn string_path_and_query_values_are_encoded() {
    let get = GetUserItemLimit {
        sku: "a/b?c".into(),
        user: UserExternalId::from("x y&z"),
    };
    assert_eq!(
        get.path(ProjectId(1)),
        "/v2/project/1/admin/user/limit/item/sku/a%2Fb%3Fc"
    );
    assert_eq!(get.query(), vec![("user_external_id", "x y&z".to_owned())]);
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn limit() -> Value {
    json!({"per_user": {"total": 10, "available": 9}})
}

fn change(available: u32) -> Value {
    json!({"user": {"user_external_id": USER}, "available": available})
}

fn target() -> Value {
    json!({"user": {"user_external_id": USER}})
}

#[test]
fn promotion_limit_calls() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let limits = client.admin().user_limits();
        for _ in 0..4 {
            server.push(Reply::json(200, limit()));
        }
        let got = limits.promotion(111425, USER).send().await.unwrap();
        assert_eq!((got.per_user.total, got.per_user.available), (10, 9));
        limits
            .increase_promotion(111425, USER, 2)
            .send()
            .await
            .unwrap();
        limits.set_promotion(111425, USER, 0).send().await.unwrap();
        limits
            .decrease_promotion(111425, USER, 1)
            .send()
            .await
            .unwrap();
        server.push(Reply::empty(200));
        limits
            .refresh_promotion(111425, Some(USER.into()))
            .send()
            .await
            .unwrap();
        server.push(Reply::empty(200));
        limits.refresh_promotion(111425, None).send().await.unwrap();
        server.push(Reply::empty(200));
        limits.refresh_all_promotions(USER).send().await.unwrap();

        let path = "/v2/project/44056/admin/user/limit/promotion";
        let want = [
            (
                "GET",
                format!("{path}/id/111425"),
                Some(format!("user_external_id={USER}")),
                None,
            ),
            ("POST", format!("{path}/id/111425"), None, Some(change(2))),
            ("PUT", format!("{path}/id/111425"), None, Some(change(0))),
            ("DELETE", format!("{path}/id/111425"), None, Some(change(1))),
            (
                "DELETE",
                format!("{path}/id/111425/all"),
                None,
                Some(target()),
            ),
            (
                "DELETE",
                format!("{path}/id/111425/all"),
                None,
                Some(json!({"user": null})),
            ),
            ("DELETE", format!("{path}/all"), None, Some(target())),
        ];
        let seen = server.requests();
        assert_eq!(seen.len(), want.len());
        for (r, (method, path, query, body)) in seen.iter().zip(want) {
            assert_eq!(
                (r.method.as_str(), &r.path, &r.query),
                (method, &path, &query)
            );
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
            match body {
                Some(body) => {
                    assert_eq!(r.header("content-type"), Some("application/json"));
                    assert_eq!(r.json(), body, "{method} {path}");
                }
                None => assert!(r.body.is_empty()),
            }
        }
    });
}

#[test]
fn item_limit_calls() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let limits = client.admin().user_limits();
        for _ in 0..4 {
            server.push(Reply::json(200, limit()));
        }
        limits
            .item("booster_mega_1", "user 1")
            .send()
            .await
            .unwrap();
        limits
            .increase_item("booster_mega_1", USER, 3)
            .send()
            .await
            .unwrap();
        limits
            .set_item("booster_mega_1", USER, 5)
            .send()
            .await
            .unwrap();
        limits
            .decrease_item("booster_mega_1", USER, 1)
            .send()
            .await
            .unwrap();
        server.push(Reply::empty(200));
        limits
            .refresh_item("booster_mega_1", None)
            .send()
            .await
            .unwrap();
        server.push(Reply::empty(200));
        limits.refresh_all_items(USER).send().await.unwrap();

        let path = "/v2/project/44056/admin/user/limit/item";
        let sku = format!("{path}/sku/booster_mega_1");
        let want = [
            (
                "GET",
                sku.clone(),
                Some("user_external_id=user%201".to_owned()),
                None,
            ),
            ("POST", sku.clone(), None, Some(change(3))),
            ("PUT", sku.clone(), None, Some(change(5))),
            ("DELETE", sku.clone(), None, Some(change(1))),
            (
                "DELETE",
                format!("{sku}/all"),
                None,
                Some(json!({"user": null})),
            ),
            ("DELETE", format!("{path}/all"), None, Some(target())),
        ];
        let seen = server.requests();
        assert_eq!(seen.len(), want.len());
        for (r, (method, path, query, body)) in seen.iter().zip(want) {
            assert_eq!(
                (r.method.as_str(), &r.path, &r.query),
                (method, &path, &query)
            );
            assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
            match body {
                Some(body) => assert_eq!(r.json(), body, "{method} {path}"),
                None => assert!(r.body.is_empty()),
            }
        }
    });
}

#[test]
fn a_failed_decrease_is_not_repeated() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::empty(503));
        let err = client
            .admin()
            .user_limits()
            .decrease_item("sword", USER, 1)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous());
        assert_eq!(server.requests().len(), 1);
    });
}

#[test]
fn error_bodies_are_classified() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let limits = client.admin().user_limits();
        let mut classified = Vec::new();
        for path in [PROMO, ITEM] {
            for (status, name, body) in examples("DELETE", path).errors() {
                server.push(Reply::json(*status, body.clone()));
                let err = if path == PROMO {
                    limits.decrease_promotion(1, USER, 1).send().await
                } else {
                    limits.decrease_item("sword", USER, 1).send().await
                }
                .unwrap_err();
                let api = err.api().expect("an API error").clone();
                classified.push((name.clone(), LimitRejection::of(&api)));
                match status {
                    401 => assert!(api.is_unauthorized()),
                    404 => assert!(api.is_not_found()),
                    // The documented 1102 body says 404 inside a 422 answer.
                    422 if api.error_code() == Some(1102) => assert!(api.is_validation()),
                    _ => {}
                }
            }
        }
        use LimitRejection::*;
        let want = [
            ("response", None),
            ("Item not found", Some(UnknownTarget)),
            ("User not found", Some(UnknownUser)),
            ("Invalid user_external_id", None),
            (
                "Promotion does not have configured user limits",
                Some(NotConfigured),
            ),
            (
                "Available promotion limit is out of range",
                Some(OutOfRange),
            ),
            ("response", None),
            ("Item not found", Some(UnknownTarget)),
            ("User not found", Some(UnknownUser)),
            ("Invalid user_external_id", None),
            (
                "Item does not have configured user limits",
                Some(NotConfigured),
            ),
            ("Available item limit is out of range", Some(OutOfRange)),
        ];
        let mut want: Vec<_> = want.into_iter().map(|(n, c)| (n.to_owned(), c)).collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        classified.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(classified, want);
    });
}
