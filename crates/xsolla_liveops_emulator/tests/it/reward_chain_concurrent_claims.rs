//! 100 simultaneous claims of one reward-chain step by one player: exactly one succeeds,
//! exactly one grant.

use crate::common::*;
use crate::reward_chain_support::*;
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::rewards::ValuePointInput;

#[test]
fn a_hundred_simultaneous_reward_claims_grant_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        c.admin()
            .value_points()
            .create(ValuePointInput::new("star", LocalizedText::en("Stars")))
            .send()
            .await
            .unwrap();
        let race = chain(
            LocalizedText::en("Race"),
            "star",
            "Finish",
            &[(10, "gold", 1)],
        );
        let id = create_chain(&c, race).await;
        let step = step_ids(&c, id).await[0];
        grant_points(&h, "p1", "star", 10).await;

        let url = h.v2(&format!(
            "/user/reward_chain/{}/step/{}/claim",
            id.0, step.0
        ));
        let auth = h.bearer("p1").unwrap();
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(100));
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let (http, url, auth, barrier) =
                    (http.clone(), url.clone(), auth.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    let resp = http
                        .post(&url)
                        .header("authorization", auth)
                        .send()
                        .await
                        .unwrap();
                    let status = resp.status().as_u16();
                    let body: serde_json::Value = if status == 204 {
                        serde_json::Value::Null
                    } else {
                        resp.json().await.unwrap()
                    };
                    (status, body["errorCode"].as_i64())
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        assert_eq!(
            answers.iter().filter(|a| a.0 == 204).count(),
            1,
            "{answers:?}"
        );
        assert_eq!(
            answers.iter().filter(|a| *a == &(422, Some(9912))).count(),
            99,
            "{answers:?}"
        );
        assert_eq!(h.inventory("p1"), [("gold".to_owned(), 1)]);
    });
}
