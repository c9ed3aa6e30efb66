//! A code whose campaign allows N redemptions, redeemed at the same moment by more players:
//! exactly N succeed and exactly N grants land in the inventories.

use std::sync::Arc;

use crate::codes_support::*;
use crate::common::*;

const PLAYERS: usize = 120;

async fn burst(h: &Harness, path: &str, body: &str) -> Vec<u16> {
    let url = h.v2(path);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(PLAYERS));
    let tasks: Vec<_> = (0..PLAYERS)
        .map(|i| {
            let (http, url, barrier) = (http.clone(), url.clone(), barrier.clone());
            let auth = h.bearer(&format!("player-{i}")).unwrap();
            let body = body.to_owned();
            tokio::spawn(async move {
                barrier.wait().await;
                http.post(&url)
                    .header("authorization", auth)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

#[test]
fn a_total_limit_of_n_grants_exactly_n_times() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("admin");
        let n = 37;
        let mut body = coupon("rush", T0, 5);
        body.coupon.redeem_total_limit = Some(n);
        launch_coupon(&c, body, &["RUSH"]).await;

        let statuses = burst(&h, "/coupon/redeem", r#"{"coupon_code": "RUSH"}"#).await;
        let ok = statuses.iter().filter(|s| **s == 200).count();
        let refused = statuses.iter().filter(|s| **s == 422).count();
        assert_eq!(
            (ok, refused),
            (n as usize, PLAYERS - n as usize),
            "{statuses:?}"
        );
        let granted: Vec<i64> = (0..PLAYERS)
            .map(|i| h.quantity(&format!("player-{i}"), "gold"))
            .filter(|q| *q > 0)
            .collect();
        assert_eq!(granted.len(), n as usize);
        assert!(granted.iter().all(|q| *q == 5), "one grant each");
        let state = c
            .admin()
            .coupons()
            .get("rush")
            .send()
            .await
            .unwrap()
            .total_limit_state
            .unwrap();
        assert_eq!((state.used, state.available), (n, 0));
    });
}

#[test]
fn a_per_code_limit_holds_under_concurrency_for_promo_codes_too() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("admin");
        let n = 11;
        let mut body = promo("rush", T0);
        body.promo_code.redeem_code_limit = Some(n);
        launch_promo(&c, body, &["RUSH"]).await;
        let statuses = burst(&h, "/promocode/redeem", r#"{"coupon_code": "RUSH"}"#).await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            n as usize,
            "{statuses:?}"
        );
        let limits = c
            .admin()
            .promo_codes()
            .code_limits("rush", [code("RUSH")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                limits.items[0].per_code.reserved,
                limits.items[0].per_code.available
            ),
            (n, Some(0))
        );
    });
}
