//! Xsolla Login under `/login/api`, black-box over HTTP: sign-in, guests, codes, refresh
//! rotation, registration and confirmation, the wrong-password limit, sign-out, lifetimes.

use reqwest::Method;
use serde_json::json;
use xsolla_liveops::{Client, UserToken};
use xsolla_liveops_emulator::{Config, Emulator};

use crate::common::*;
use crate::login_support::*;

#[test]
fn password_sign_in_answers_a_token_set_with_the_documented_claims() {
    rt().block_on(async {
        let h = login_harness().await;
        let (status, body, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["token_type"], "bearer");
        assert_eq!(body["expires_in"], 3600);
        assert!(
            body["refresh_token"]
                .as_str()
                .is_some_and(|t| t.len() >= 32)
        );
        let c = claims(body["access_token"].as_str().unwrap());
        assert_eq!(c["iss"], "https://login.xsolla.com");
        assert_eq!(c["type"], "xsolla_login");
        assert_eq!(c["username"], "ada");
        assert_eq!(c["email"], "ada@example.com");
        assert_eq!(c["iat"], T0);
        assert_eq!(c["exp"], T0 + 3600);
        assert_eq!(c["client_id"], 1);
        assert_eq!(c["scope"], "offline");
        assert_eq!(c["sub"].as_str().unwrap().len(), 36, "a UUID: {c}");
        assert_eq!(
            c["xsolla_login_project_id"].as_str().unwrap().len(),
            36,
            "{c}"
        );
        assert_eq!(c["groups"][0]["is_default"], true);
        // The e-mail address works as the username, in any case.
        let (status, by_email, _) = h.sign_in(1, "ADA@example.com", "ada-secret-1").await;
        assert_eq!(status, 200, "{by_email}");
        assert_eq!(
            claims(by_email["access_token"].as_str().unwrap())["sub"],
            c["sub"]
        );
        // Without `offline` there is no refresh token.
        let (status, body, _) = h
            .post_raw(
                &h.login("/oauth2/login/token?client_id=1"),
                "application/json",
                br#"{"username":"ada","password":"ada-secret-1"}"#.to_vec(),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("refresh_token").is_none(), "{body}");
    });
}

#[test]
fn wrong_passwords_unknown_players_banned_and_unknown_clients_are_refused() {
    rt().block_on(async {
        let h = login_harness().await;
        assert_login_error(&h.sign_in(1, "ada", "wrong-password").await, 401, "003-001");
        assert_login_error(&h.sign_in(1, "nobody", "whatever-1").await, 401, "003-001");
        assert_login_error(
            &h.sign_in(1, "mallory", "mallory-secret-1").await,
            401,
            "002-040",
        );
        assert_login_error(&h.sign_in(9, "ada", "ada-secret-1").await, 404, "003-061");
        assert_login_error(&h.refresh(9, "whatever").await, 400, "010-019");
        let missing = h
            .post_raw(
                &h.login("/oauth2/login/token?client_id=1"),
                "application/json",
                br#"{"username":"ada"}"#.to_vec(),
            )
            .await;
        assert_login_error(&missing, 400, "0");
        assert!(
            missing.1["error"]["description"]
                .as_str()
                .unwrap()
                .contains("body.password"),
            "{:?}",
            missing.1
        );
        let no_client = h
            .post_raw(
                &h.login("/oauth2/login/token"),
                "application/json",
                br#"{"username":"ada","password":"ada-secret-1"}"#.to_vec(),
            )
            .await;
        assert_login_error(&no_client, 400, "0");
        // Paths and methods Login does not serve answer in Login's envelope.
        let (status, body, _) = h
            .raw(Method::GET, &h.login("/oauth2/nothing"), None, None)
            .await;
        assert_eq!(status, 404, "{body}");
        assert!(body["error"]["code"].is_string(), "{body}");
        let (status, body, _) = h
            .raw(Method::GET, &h.login("/oauth2/login/token"), None, None)
            .await;
        assert_eq!(status, 405, "{body}");
        assert_eq!(body["error"]["code"], 0, "{body}");
    });
}

#[test]
fn five_wrong_passwords_block_the_username_with_retry_after_until_the_clock_moves_on() {
    rt().block_on(async {
        let h = login_harness().await;
        for attempt in 1..=5 {
            let answer = h.sign_in(1, "grace", &format!("wrong-{attempt}")).await;
            assert_login_error(&answer, 401, "003-001");
        }
        // Blocked now, even with the right password, and through the e-mail address too.
        for name in ["grace", "Grace", "grace@example.com"] {
            let answer = h.sign_in(1, name, "grace-secret-1").await;
            assert_login_error(&answer, 429, "002-057");
            assert_eq!(answer.2["retry-after"], "60", "{:?}", answer.2);
        }
        // Another player is not affected.
        assert_eq!(h.sign_in(1, "ada", "ada-secret-1").await.0, 200);
        h.emu.clock().advance(30);
        let answer = h.sign_in(1, "grace", "grace-secret-1").await;
        assert_login_error(&answer, 429, "002-057");
        assert_eq!(answer.2["retry-after"], "30");
        h.emu.clock().advance(30);
        assert_eq!(h.sign_in(1, "grace", "grace-secret-1").await.0, 200);
        // A success starts the count over: four more wrong ones do not block.
        for _ in 0..4 {
            assert_eq!(h.sign_in(1, "grace", "wrong").await.0, 401);
        }
        assert_eq!(h.sign_in(1, "grace", "grace-secret-1").await.0, 200);
    });
}

#[test]
fn device_sign_in_wants_a_lower_case_type_and_maps_a_device_id_to_one_player() {
    rt().block_on(async {
        let h = login_harness().await;
        let query = "client_id=1&response_type=code&state=xsollatest&scope=offline";
        for bad in ["Android", "IOS", "windows", "macos"] {
            let answer = h.device_call(bad, query, "0123456789abcdef").await;
            assert_login_error(&answer, 400, "0");
            assert_eq!(
                answer.1["error"]["description"],
                "device_type in path should be one of [android ios]"
            );
        }
        let short = h.device_call("android", query, "0123456789abcde").await;
        assert_login_error(&short, 400, "0");
        assert!(
            short.1["error"]["description"]
                .as_str()
                .unwrap()
                .contains("body.device_id in body should be at least 16 chars long")
        );
        let long = h.device_call("ios", query, &"a".repeat(37)).await;
        assert_login_error(&long, 400, "0");
        let short_state = h
            .device_call(
                "ios",
                "client_id=1&response_type=code&state=abc",
                "0123456789abcdef",
            )
            .await;
        assert_login_error(&short_state, 400, "010-022");
        let no_state = h
            .device_call("ios", "client_id=1&response_type=code", "0123456789abcdef")
            .await;
        assert_login_error(&no_state, 400, "010-022");

        let (status, body, _) = h.device_call("ios", query, "0123456789abcdef").await;
        assert_eq!(status, 200, "{body}");
        let url = body["login_url"].as_str().unwrap();
        assert!(
            url.starts_with("https://login.xsolla.com/api/blank?"),
            "{url}"
        );
        assert_eq!(query_param(url, "state").as_deref(), Some("xsollatest"));
        let code = query_param(url, "code").unwrap();
        let (status, first, _) = h.exchange(1, &code, None).await;
        assert_eq!(status, 200, "{first}");
        assert!(first["refresh_token"].is_string(), "{first}");
        let first = claims(first["access_token"].as_str().unwrap());
        assert_eq!(first["type"], "device");

        // The same device id (under either type) is the same player; another id another one.
        let code = h.device_code("0123456789abcdef").await;
        let again = claims(
            h.exchange(1, &code, None).await.1["access_token"]
                .as_str()
                .unwrap(),
        );
        assert_eq!(again["sub"], first["sub"]);
        let code = h.device_code("fedcba9876543210").await;
        let other = claims(
            h.exchange(1, &code, None).await.1["access_token"]
                .as_str()
                .unwrap(),
        );
        assert_ne!(other["sub"], first["sub"]);
    });
}

#[test]
fn codes_work_once_for_their_client_and_redirect_and_expire_on_the_emulator_clock() {
    rt().block_on(async {
        let h = login_harness().await;
        let code = h.device_code("1111111111111111").await;
        assert_eq!(h.exchange(1, &code, None).await.0, 200);
        assert_login_error(&h.exchange(1, &code, None).await, 400, "010-023");

        // Another client, or another redirect URI, is refused (and the code stays usable).
        let code = h.device_code("1111111111111111").await;
        assert_login_error(&h.exchange(2, &code, None).await, 400, "010-023");
        assert_login_error(
            &h.exchange(1, &code, Some("https://elsewhere.example/"))
                .await,
            400,
            "010-023",
        );
        assert_eq!(
            h.exchange(1, &code, Some("https://login.xsolla.com/api/blank"))
                .await
                .0,
            200
        );

        // 60 s of life, on the emulator clock.
        let code = h.device_code("1111111111111111").await;
        h.emu.clock().advance(59);
        assert_eq!(h.exchange(1, &code, None).await.0, 200);
        let code = h.device_code("1111111111111111").await;
        let (status, clock, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/clock/advance"),
                None,
                Some(r#"{"seconds": 60}"#),
            )
            .await;
        assert_eq!(status, 200, "{clock}");
        assert_login_error(&h.exchange(1, &code, None).await, 400, "010-023");
        assert_login_error(&h.exchange(1, "made-up-code", None).await, 400, "010-023");
        assert_login_error(
            &h.token_call(&[("grant_type", "authorization_code"), ("client_id", "1")])
                .await,
            400,
            "0",
        );
        assert_login_error(
            &h.token_call(&[("grant_type", "password"), ("client_id", "1")])
                .await,
            400,
            "0",
        );
    });
}

#[test]
fn a_client_with_several_redirect_uris_wants_one_named_and_repeated_in_the_exchange() {
    rt().block_on(async {
        let h = login_harness().await;
        let base = "client_id=2&response_type=code&state=state-0002";
        let none = h.device_call("android", base, "2222222222222222").await;
        assert_login_error(&none, 400, "010-011");
        let unknown = h
            .device_call(
                "android",
                &format!("{base}&redirect_uri=https%3A%2F%2Fevil.example%2F"),
                "2222222222222222",
            )
            .await;
        assert_login_error(&unknown, 400, "010-012");
        let (status, body, _) = h
            .device_call(
                "android",
                &format!("{base}&redirect_uri=https%3A%2F%2Fgame.example%2Fb"),
                "2222222222222222",
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let url = body["login_url"].as_str().unwrap();
        assert!(url.starts_with("https://game.example/b?code="), "{url}");
        let code = query_param(url, "code").unwrap();
        assert_login_error(&h.exchange(2, &code, None).await, 400, "010-023");
        let (status, tokens, _) = h.exchange(2, &code, Some("https://game.example/b")).await;
        assert_eq!(status, 200, "{tokens}");
        assert_eq!(tokens["expires_in"], 300);
        // Without `offline` in the scope: no refresh token.
        assert!(tokens.get("refresh_token").is_none(), "{tokens}");
    });
}

#[test]
fn refresh_tokens_rotate_and_a_spent_one_is_refused() {
    rt().block_on(async {
        let h = login_harness().await;
        let (_, first, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        let r1 = first["refresh_token"].as_str().unwrap().to_owned();
        h.emu.clock().advance(100);
        let (status, second, _) = h.refresh(1, &r1).await;
        assert_eq!(status, 200, "{second}");
        let r2 = second["refresh_token"].as_str().unwrap().to_owned();
        assert_ne!(r1, r2);
        let c1 = claims(first["access_token"].as_str().unwrap());
        let c2 = claims(second["access_token"].as_str().unwrap());
        assert_eq!(c1["sub"], c2["sub"]);
        assert_eq!(c2["iat"], T0 + 100);
        assert_eq!(c2["type"], "xsolla_login");
        assert_login_error(&h.refresh(1, &r1).await, 400, "010-023");
        // Another client cannot use it either; the owner still can.
        assert_login_error(&h.refresh(2, &r2).await, 400, "010-023");
        assert_eq!(h.refresh(1, &r2).await.0, 200);
        assert_login_error(&h.refresh(1, "not-a-refresh-token").await, 400, "010-023");
        // The earlier access token stays valid until its `exp`.
        let me = h
            .get_bearer(
                &h.login("/users/me"),
                first["access_token"].as_str().unwrap(),
            )
            .await;
        assert_eq!(me.0, 200, "{:?}", me.1);
    });
}

#[test]
fn registration_signs_in_at_once_or_waits_for_the_confirmation_the_client_wants() {
    rt().block_on(async {
        let harness = login_harness().await;
        let h = &harness;
        let register = |client: i64, body: serde_json::Value| {
            let url = h.login(&format!(
                "/oauth2/user?client_id={client}&response_type=code&state=state-reg1&scope=offline\
                 &redirect_uri=https%3A%2F%2Fgame.example%2Fa"
            ));
            let url = if client == 1 {
                url.replace("&redirect_uri=https%3A%2F%2Fgame.example%2Fa", "")
            } else {
                url
            };
            let bytes = body.to_string().into_bytes();
            async move { h.post_raw(&url, "application/json", bytes).await }
        };
        let (status, body, _) = register(
            1,
            json!({"username": "linus", "password": "linus-secret", "email": "linus@example.com"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let url = body["login_url"].as_str().unwrap();
        assert_eq!(query_param(url, "state").as_deref(), Some("state-reg1"));
        let (status, tokens, _) = h
            .exchange(1, &query_param(url, "code").unwrap(), None)
            .await;
        assert_eq!(status, 200, "{tokens}");
        assert_eq!(
            claims(tokens["access_token"].as_str().unwrap())["username"],
            "linus"
        );
        assert_eq!(h.sign_in(1, "linus", "linus-secret").await.0, 200);

        let taken = register(
            1,
            json!({"username": "LINUS", "password": "other-secret", "email": "x@example.com"}),
        )
        .await;
        assert_login_error(&taken, 422, "003-003");
        let taken = register(
            1,
            json!({"username": "linus2", "password": "other-secret", "email": "Linus@Example.com"}),
        )
        .await;
        assert_login_error(&taken, 422, "003-004");
        for bad in [
            json!({"username": "li", "password": "linus-secret", "email": "l@example.com"}),
            json!({"username": "linus3", "password": "short", "email": "l@example.com"}),
            json!({"username": "linus3", "password": "linus-secret", "email": "no-at-sign"}),
            json!({"username": "linus3", "password": "linus-secret"}),
            json!({"username": 5, "password": "linus-secret", "email": "l@example.com"}),
        ] {
            assert_login_error(&register(1, bad).await, 400, "0");
        }

        // Client 2 wants e-mail confirmation: 204, then 003-007 until confirmed.
        let (status, body, _) = register(
            2,
            json!({"username": "margaret", "password": "margaret-secret", "email": "m@example.com"}),
        )
        .await;
        assert_eq!((status, body), (204, serde_json::Value::Null));
        assert_login_error(
            &h.sign_in(2, "margaret", "margaret-secret").await,
            401,
            "003-007",
        );
        let resend = h
            .post_raw(
                &h.login("/oauth2/user/resend_confirmation_link?client_id=2&state=state-reg2"),
                "application/json",
                br#"{"username":"margaret"}"#.to_vec(),
            )
            .await;
        assert_eq!(resend.0, 204, "{:?}", resend.1);
        let (status, confirmed, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/login/users/margaret/confirm"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 200, "{confirmed}");
        assert_eq!(confirmed["confirmed"], true);
        assert_eq!(h.sign_in(2, "margaret", "margaret-secret").await.0, 200);
    });
}

#[test]
fn a_seeded_unconfirmed_player_gets_003_007_until_the_control_route_confirms_them() {
    rt().block_on(async {
        let h = login_harness().await;
        assert_login_error(&h.sign_in(2, "eve", "eve-secret-1").await, 401, "003-007");
        // The wrong password is still told apart from the missing confirmation.
        assert_login_error(
            &h.sign_in(2, "eve", "not-her-password").await,
            401,
            "003-001",
        );
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/login/users/nobody/confirm"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 404);
        assert!(h.emu.confirm_login_user("eve@example.com").unwrap());
        assert_eq!(h.sign_in(2, "eve", "eve-secret-1").await.0, 200);
    });
}

#[test]
fn sign_out_of_all_sessions_revokes_access_and_refresh_tokens() {
    rt().block_on(async {
        let h = login_harness().await;
        let (_, a, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        let (_, b, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        let (_, g, _) = h.sign_in(1, "grace", "grace-secret-1").await;
        let token = |t: &serde_json::Value| t["access_token"].as_str().unwrap().to_owned();

        let me = h.get_bearer(&h.login("/users/me"), &token(&a)).await;
        assert_eq!(me.0, 200, "{:?}", me.1);
        assert_eq!(me.1["username"], "ada");
        assert_eq!(me.1["email"], "ada@example.com");
        assert_eq!(me.1["is_anonymous"], false);
        assert_eq!(me.1["id"], claims(&token(&a))["sub"]);

        let bad = h
            .get_bearer(&h.login("/oauth2/logout?sessions=some"), &token(&a))
            .await;
        assert_login_error(&bad, 400, "0");
        let sso = h
            .get_bearer(&h.login("/oauth2/logout?sessions=sso"), &token(&a))
            .await;
        assert_eq!(sso.0, 204);
        assert_eq!(h.get_bearer(&h.login("/users/me"), &token(&a)).await.0, 200);

        let all = h
            .get_bearer(&h.login("/oauth2/logout?sessions=all"), &token(&a))
            .await;
        assert_eq!(all.0, 204, "{:?}", all.1);
        for t in [&a, &b] {
            assert_login_error(
                &h.get_bearer(&h.login("/users/me"), &token(t)).await,
                401,
                "002-016",
            );
            assert_login_error(
                &h.refresh(1, t["refresh_token"].as_str().unwrap()).await,
                400,
                "010-023",
            );
        }
        assert_login_error(
            &h.get_bearer(&h.login("/oauth2/logout?sessions=all"), &token(&a))
                .await,
            401,
            "002-016",
        );
        // Another player's session goes on.
        assert_eq!(h.get_bearer(&h.login("/users/me"), &token(&g)).await.0, 200);
        assert_eq!(
            h.refresh(1, g["refresh_token"].as_str().unwrap()).await.0,
            200
        );
        // No token, or one the control API minted (not a Login session): 002-016.
        let (status, body, _) = h.raw(Method::GET, &h.login("/users/me"), None, None).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["error"]["code"], "002-016");
        assert_login_error(
            &h.get_bearer(&h.login("/users/me"), &h.token("player-1"))
                .await,
            401,
            "002-016",
        );
    });
}

#[test]
fn token_lifetimes_follow_the_client_and_the_control_route_changes_them() {
    rt().block_on(async {
        let h = login_harness().await;
        let (status, client, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/login/clients/1"),
                None,
                Some(r#"{"expires_in": 5}"#),
            )
            .await;
        assert_eq!(status, 200, "{client}");
        assert_eq!(client["expires_in"], 5);
        let (_, tokens, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        assert_eq!(tokens["expires_in"], 5);
        let access = tokens["access_token"].as_str().unwrap().to_owned();
        let c = claims(&access);
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 5);
        h.emu.clock().advance(4);
        assert_eq!(h.get_bearer(&h.login("/users/me"), &access).await.0, 200);
        h.emu.clock().advance(1);
        assert_login_error(
            &h.get_bearer(&h.login("/users/me"), &access).await,
            401,
            "002-016",
        );
        // A LiveOps route refuses it too, and the refresh token renews the session.
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/daily_chain"),
                Some(format!("Bearer {access}")),
                None,
            )
            .await;
        assert_eq!(status, 401);
        let (status, renewed, _) = h
            .refresh(1, tokens["refresh_token"].as_str().unwrap())
            .await;
        assert_eq!(status, 200, "{renewed}");
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/daily_chain"),
                Some(format!(
                    "Bearer {}",
                    renewed["access_token"].as_str().unwrap()
                )),
                None,
            )
            .await;
        assert_eq!(status, 200);
        // A client the seed lacks can be made; bad values are refused.
        let (status, made, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/login/clients/7"),
                None,
                Some("{}"),
            )
            .await;
        assert_eq!((status, made["expires_in"].as_i64()), (200, Some(3600)));
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/login/clients/7"),
                None,
                Some(r#"{"expires_in": 0}"#),
            )
            .await;
        assert_eq!(status, 422);
    });
}

#[test]
fn a_signed_in_player_claims_a_daily_reward_with_the_login_token() {
    rt().block_on(async {
        // The built-in demo seed: client 1 and the players ada and grace.
        let emu = Emulator::start(Config::default()).await.unwrap();
        let http = reqwest::Client::new();
        let resp = http
            .post(format!(
                "{}/oauth2/login/token?client_id=1&scope=offline",
                emu.login_base_url()
            ))
            .json(&json!({"username": "ada", "password": "ada-plays-2026"}))
            .send()
            .await
            .unwrap();
        let (status, tokens, _) = read(resp).await;
        assert_eq!(status, 200, "{tokens}");
        let token = UserToken::parse(tokens["access_token"].as_str().unwrap()).unwrap();
        let sub = token.subject().to_owned();
        let client = Client::builder(emu.project_id())
            .base_url(emu.base_url())
            .user_token(token)
            .build()
            .unwrap();
        let chains = client.daily_chains().list().all().await.unwrap();
        let chain = chains
            .iter()
            .find(|c| c.claimable_step().is_some())
            .expect("a claimable daily chain");
        let step = chain.claimable_step().unwrap().step_number;
        client
            .daily_chains()
            .claim(chain.id, step)
            .send()
            .await
            .unwrap();
        assert!(
            !emu.inventory(&sub).unwrap().is_empty(),
            "the reward lands in the signed-in player's inventory"
        );
    });
}

#[test]
fn a_database_reset_brings_the_seeded_players_back_and_forgets_the_rest() {
    rt().block_on(async {
        let h = login_harness().await;
        let (_, tokens, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        let (status, _, _) = h
            .raw(Method::POST, &h.url("/__emulator/reset"), None, None)
            .await;
        assert_eq!(status, 204);
        assert_login_error(
            &h.refresh(1, tokens["refresh_token"].as_str().unwrap())
                .await,
            400,
            "010-023",
        );
        assert_eq!(h.sign_in(1, "ada", "ada-secret-1").await.0, 200);
    });
}

#[test]
fn injected_faults_reach_login_calls_in_logins_envelope() {
    rt().block_on(async {
        let h = login_harness().await;
        h.emu.set_faults(xsolla_liveops_emulator::Faults {
            error_rate: 1.0,
            ..Default::default()
        });
        assert_login_error(&h.sign_in(1, "ada", "ada-secret-1").await, 503, "004-001");
        h.emu.set_faults(xsolla_liveops_emulator::Faults::default());
        assert_eq!(h.sign_in(1, "ada", "ada-secret-1").await.0, 200);
    });
}
