//! 200 simultaneous claims of one step by one player: exactly one succeeds, exactly one grant.

use crate::common::*;
use xsolla_liveops::models::daily::DailyChainType;

#[test]
fn two_hundred_simultaneous_daily_claims_grant_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let url = h.v2(&format!("/user/daily_chain/{id}/step/number/1/claim"));
        let auth = h.bearer("p1").unwrap();
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(200));
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let (http, url, auth, barrier) =
                    (http.clone(), url.clone(), auth.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    http.post(&url)
                        .header("authorization", auth)
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
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            1,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 422).count(),
            199,
            "{statuses:?}"
        );
        assert_eq!(h.inventory("p1"), [("gold".to_owned(), 1)]);
    });
}

#[test]
fn two_hundred_simultaneous_offer_claims_grant_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.offer_chains().claim(id, 1).send().await.is_ok() })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            ok += usize::from(t.await.unwrap());
        }
        assert_eq!(ok, 1);
        assert_eq!(h.inventory("p1"), [("potion".to_owned(), 1)]);
    });
}
