//! The `/__emulator/` control API, the built-in seed and the blocking library entry point.

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::daily::DailyChainType;
use xsolla_liveops_emulator::{Config, Emulator};

#[test]
fn tokens_clock_inventory_attributes_value_points_and_reset() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/token"),
                None,
                Some(r#"{"sub":"p9","ttl_seconds":60}"#),
            )
            .await;
        assert_eq!(status, 200);
        let token = xsolla_liveops::UserToken::parse(body["token"].as_str().unwrap()).unwrap();
        assert_eq!(token.subject(), "p9");
        assert_eq!(token.expires_at() - T0, 60);
        for bad in [
            r#"{"sub":""}"#,
            r#"{"sub":"a","ttl_seconds":0}"#,
            r#"{"sub":"a","extra":1}"#,
            "{}",
        ] {
            let (status, _, _) = h
                .raw(Method::POST, &h.url("/__emulator/token"), None, Some(bad))
                .await;
            assert_eq!(status, 422, "{bad}");
        }

        let (_, clock, _) = h
            .raw(Method::GET, &h.url("/__emulator/clock"), None, None)
            .await;
        assert!((clock["now"].as_i64().unwrap() - T0).abs() <= 1);
        let (_, clock, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/clock/advance"),
                None,
                Some(r#"{"seconds":86400}"#),
            )
            .await;
        assert!((clock["now"].as_i64().unwrap() - T0 - 86_400).abs() <= 1);
        let (_, clock, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/clock"),
                None,
                Some(&json!({"now": T0 + 5}).to_string()),
            )
            .await;
        assert!((clock["now"].as_i64().unwrap() - T0 - 5).abs() <= 1);
        assert!(clock["offset_seconds"].as_i64().unwrap() < 0);

        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::Rolling, false, T0, 2))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        c.daily_chains().claim(id, 1).send().await.unwrap();
        let (status, inv, _) = h
            .raw(
                Method::GET,
                &h.url("/__emulator/users/p1/inventory"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(inv, json!({"items": [{"sku": "gold", "quantity": 1}]}));

        let (_, attrs, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/users/p1/attributes"),
                None,
                Some(r#"{"level":"12"}"#),
            )
            .await;
        assert_eq!(attrs, json!({"level": "12"}));
        let (_, attrs, _) = h
            .raw(
                Method::GET,
                &h.url("/__emulator/users/p1/attributes"),
                None,
                None,
            )
            .await;
        assert_eq!(attrs, json!({"level": "12"}));
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/users/p1/attributes"),
                None,
                Some("[1]"),
            )
            .await;
        assert_eq!(status, 422);

        let vp = h.url("/__emulator/users/p1/value_points");
        let (_, b, _) = h
            .raw(
                Method::POST,
                &vp,
                None,
                Some(r#"{"sku":"vp_star","amount":30}"#),
            )
            .await;
        assert_eq!(b["balance"], 30);
        let (_, b, _) = h
            .raw(
                Method::POST,
                &vp,
                None,
                Some(r#"{"sku":"vp_star","amount":-50}"#),
            )
            .await;
        assert_eq!(b["balance"], 0);
        let (status, _, _) = h
            .raw(
                Method::POST,
                &vp,
                None,
                Some(r#"{"sku":"bad sku","amount":1}"#),
            )
            .await;
        assert_eq!(status, 422);

        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/items"),
                None,
                Some(r#"{"sku":"bow","name":{"en":"Bow"},"type":"virtual_good"}"#),
            )
            .await;
        assert_eq!(status, 200);

        let (status, _, _) = h
            .raw(Method::POST, &h.url("/__emulator/reset"), None, None)
            .await;
        assert_eq!(status, 204);
        assert!(h.inventory("p1").is_empty());
        assert!(
            c.admin()
                .daily_chains()
                .list()
                .all()
                .await
                .unwrap()
                .is_empty()
        );
        let (_, clock, _) = h
            .raw(Method::GET, &h.url("/__emulator/clock"), None, None)
            .await;
        assert_eq!(clock["offset_seconds"], 0);
    });
}

#[test]
fn no_control_means_no_control_routes() {
    rt().block_on(async {
        let h = Harness::with_config(
            Config {
                control_api: false,
                ..Config::default()
            },
            T0,
        )
        .await;
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/token"),
                None,
                Some(r#"{"sub":"p1"}"#),
            )
            .await;
        assert_eq!(status, 404);
        // Nor a dashboard, which steers through the same calls.
        let (status, _, _) = h.raw(Method::GET, &h.url("/"), None, None).await;
        assert_eq!(status, 404);
        let (status, _, _) = h
            .raw(Method::POST, &h.url("/dashboard/clock/reset"), None, None)
            .await;
        assert_eq!(status, 404);
    });
}

#[test]
fn the_builtin_demo_project_is_playable_from_a_blocking_start() {
    let emu = Emulator::start_blocking(Config::default()).unwrap();
    rt().block_on(async {
        let client = xsolla_liveops::Client::builder(emu.project_id())
            .base_url(emu.base_url())
            .user_token(
                xsolla_liveops::UserToken::parse(
                    emu.mint_token("hero", std::time::Duration::from_secs(3600)),
                )
                .unwrap(),
            )
            .build()
            .unwrap();
        let daily = client.daily_chains().list().send().await.unwrap();
        assert_eq!(daily.items.len(), 1);
        assert_eq!(daily.items[0].steps.len(), 7);
        let step = daily.items[0].claimable_step().unwrap().step_number;
        client
            .daily_chains()
            .claim(daily.items[0].id, step)
            .send()
            .await
            .unwrap();
        let offers = client.offer_chains().list().send().await.unwrap();
        let chain = &offers.items[0];
        assert!(chain.steps.iter().any(|s| s.is_free) && chain.steps.iter().any(|s| !s.is_free));
        assert!(chain.steps.iter().all(|s| s.items[0].image_url.is_some()));
        client
            .offer_chains()
            .claim(chain.id, 1)
            .send()
            .await
            .unwrap();
        let order = client
            .offer_chains()
            .order(chain.id, 2)
            .send()
            .await
            .unwrap();
        assert!(emu.pay_order(order.order_id.0).unwrap());
    });
    assert_eq!(
        emu.inventory("hero").unwrap(),
        // The starter pack opens: its gems and mana potions, not the pack.
        [
            ("gems".to_owned(), 50),
            ("gold".to_owned(), 100),
            ("health_potion".to_owned(), 3),
            ("mana_potion".to_owned(), 5)
        ]
    );
    drop(emu);
}
