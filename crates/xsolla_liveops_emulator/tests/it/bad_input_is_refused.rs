//! Malformed requests get Xsolla's error bodies, never a crash, never a state change.

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::daily::DailyChainType;
use xsolla_liveops_emulator::Config;

fn valid_body() -> serde_json::Value {
    serde_json::to_value(daily_input(DailyChainType::Rolling, false, T0, 2)).unwrap()
}

#[test]
fn schema_violations_are_422_1102_naming_the_property() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let url = h.v2("/admin/daily_chain");
        let mut unknown = valid_body();
        unknown["number_of_steps"] = json!(2);
        let mut wrong_type = valid_body();
        wrong_type["is_enabled"] = json!("yes");
        let mut missing = valid_body();
        missing.as_object_mut().unwrap().remove("steps");
        let mut nested = valid_body();
        nested["steps"][1]["items"][0]["colour"] = json!("red");
        let mut bad_date = valid_body();
        bad_date["date_start"] = json!("yesterday");
        let mut bad_lang = valid_body();
        bad_lang["name"] = json!({"xx-YY": "?"});
        let cases = [
            (unknown.to_string(), "number_of_steps", "is not defined"),
            (wrong_type.to_string(), "is_enabled", "invalid value"),
            (missing.to_string(), "steps", "is required"),
            (
                nested.to_string(),
                "steps[1].items[0].colour",
                "is not defined",
            ),
            (bad_date.to_string(), "date_start", "invalid value"),
            (bad_lang.to_string(), "name.xx-YY", "is not defined"),
            ("{\"name\": ".to_owned(), "body", "Invalid JSON"),
            ("not json".to_owned(), "body", "Invalid JSON"),
            (String::new(), "body", "Invalid JSON"),
            ("[]".to_owned(), "body", "invalid value"),
        ];
        for (body, property, text) in cases {
            let (status, json, _) = h.raw(Method::POST, &url, h.basic(), Some(&body)).await;
            assert_eq!(status, 422, "{body}");
            assert_eq!(json["statusCode"], 422);
            assert_eq!(json["errorCode"], 1102);
            let message = json["errorMessage"].as_str().unwrap();
            assert!(
                message.starts_with("[0401-1102]: Unprocessable Entity."),
                "{message}"
            );
            assert!(message.contains(text), "{message}");
            assert_eq!(
                json["errorMessageExtended"][0]["property"], property,
                "{body}"
            );
            assert!(json["transactionId"].as_str().unwrap().len() >= 32);
        }
        let (_, json, _) = h.raw(Method::GET, &url, h.basic(), None).await;
        assert_eq!(json["items"], json!([]), "nothing was created");
        // Bad query values.
        let (status, json, _) = h
            .raw(Method::GET, &format!("{url}?limit=-1"), h.basic(), None)
            .await;
        assert_eq!((status, json["errorCode"].clone()), (422, json!(1102)));
        let (status, _, _) = h
            .raw(
                Method::GET,
                &format!("{url}?enabled=maybe"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(status, 422);
    });
}

#[test]
fn oversized_bodies_get_413() {
    rt().block_on(async {
        let config = Config {
            body_limit: 4096,
            ..Config::default().with_seed(catalog_seed())
        };
        let h = Harness::with_config(config, T0).await;
        let mut body = valid_body();
        body["description"] = json!({"en": "x".repeat(10_000)});
        let (status, json, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/daily_chain"),
                h.basic(),
                Some(&body.to_string()),
            )
            .await;
        assert_eq!(status, 413);
        assert_eq!(json["statusCode"], 413);
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.v2("/admin/daily_chain"),
                h.basic(),
                Some(&valid_body().to_string()),
            )
            .await;
        assert_eq!(status, 201);
    });
}

#[test]
fn auth_failures_get_the_documented_bodies() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let user = h.v2("/user/daily_chain");
        let admin = h.v2("/admin/daily_chain");
        let other_secret = {
            let other = Harness::with_config(
                Config {
                    jwt_secret: "other".into(),
                    ..Config::default()
                },
                T0,
            )
            .await;
            other.bearer("p1")
        };
        for auth in [
            None,
            Some("Bearer".to_owned()),
            Some("Bearer abc.def.ghi".to_owned()),
            other_secret,
            h.basic(),
        ] {
            let (status, json, _) = h.raw(Method::GET, &user, auth, None).await;
            assert_eq!(status, 401);
            assert_eq!(json["errorCode"], 1501);
            assert_eq!(
                json["errorMessage"],
                "[0401-1501]: Authorization failed: Provide authorization"
            );
        }
        let wrong_key =
            xsolla_liveops::AdminCredentials::new(h.emu.project_id(), "wrong").basic_header();
        let wrong_login = xsolla_liveops::AdminCredentials::new(
            xsolla_liveops::ProjectId(1),
            "local-emulator-api-key",
        )
        .basic_header();
        for auth in [
            None,
            Some(wrong_key),
            Some(wrong_login),
            Some("Basic !!!".to_owned()),
            h.bearer("p1"),
        ] {
            let (status, json, _) = h.raw(Method::GET, &admin, auth, None).await;
            assert_eq!(status, 401);
            assert_eq!(
                json["errorMessage"],
                "[0401-1020]: Error in Authentication method occurred"
            );
        }
        // Auth is checked before the body.
        let (status, _, _) = h.raw(Method::POST, &admin, None, Some("garbage")).await;
        assert_eq!(status, 401);
    });
}

#[test]
fn wrong_project_unknown_ids_and_odd_paths() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let (status, json, _) = h
            .raw(
                Method::GET,
                &h.url("/v2/project/1/user/daily_chain"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 403);
        assert_eq!(json["errorMessage"], "Requested endpoint is forbidden");
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.url("/v2/project/abc/admin/daily_chain"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(status, 404);

        for path in [
            "/user/daily_chain/abc",
            "/user/daily_chain/99999999999999999999999",
            "/user/daily_chain/-1",
            "/user/daily_chain/%FF%FE",
            "/user/daily_chain/..%2F..%2Fadmin",
            "/user/nothing/here",
            "/user/daily_chain/1/",
        ] {
            let (status, json, _) = h.raw(Method::GET, &h.v2(path), h.bearer("p1"), None).await;
            assert_eq!(status, 404, "{path}");
            assert_eq!(json["statusCode"], 404, "{path}");
        }
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.v2("/user/daily_chain/1/step/number/x/claim"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, json, _) = h
            .raw(
                Method::DELETE,
                &h.v2("/user/daily_chain"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 405);
        assert_eq!(json["statusCode"], 405);
        // `/` is the dashboard; any other path outside the API is not found.
        let (status, _, _) = h
            .raw(Method::GET, &h.url("/nothing/here"), None, None)
            .await;
        assert_eq!(status, 404);
        assert!(h.inventory("p1").is_empty());
    });
}

#[test]
fn every_answer_carries_the_emulator_date() {
    rt().block_on(async {
        let h = Harness::start(T0 + 12 * 3600).await;
        for (url, auth) in [
            (h.v2("/user/daily_chain"), h.bearer("p1")),
            (h.v2("/user/daily_chain"), None),
            (h.url("/nowhere"), None),
            (h.url("/__emulator/clock"), None),
        ] {
            let (_, _, headers) = h.raw(Method::GET, &url, auth, None).await;
            let date = headers["date"].to_str().unwrap();
            let parsed = chrono::DateTime::parse_from_rfc2822(date)
                .unwrap()
                .timestamp();
            assert!((parsed - (T0 + 12 * 3600)).abs() <= 2, "{date}");
        }
        // The typed client reads it as the server clock.
        let reply = h
            .client("p1")
            .daily_chains()
            .list()
            .send_with_meta()
            .await
            .unwrap();
        let server = reply.server_date.unwrap().timestamp();
        assert!((server - (T0 + 12 * 3600)).abs() <= 2);
    });
}
