//! 100 simultaneous claims of one reward-chain step by one player: exactly one succeeds,
//! exactly one grant.

use crate::common::*;
use serde_json::json;
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::rewards::{
    RewardChainInput, RewardItemInput, RewardStepInput, StepPrice, ValuePointInput, ValuePointRef,
};

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
        let id = c
            .admin()
            .reward_chains()
            .create(RewardChainInput {
                name: LocalizedText::en("Race"),
                description: None,
                long_description: None,
                image_url: None,
                order: None,
                date_start: date(T0),
                date_end: None,
                is_enabled: true,
                value_point: ValuePointRef { sku: "star".into() },
                steps: vec![RewardStepInput {
                    name: LocalizedText::en("Finish"),
                    price: StepPrice::points(10),
                    image_url: None,
                    reward: vec![RewardItemInput::new("gold", 1)],
                }],
                recurrent_schedule: None,
                attribute_conditions: None,
                is_always_visible: None,
                popup_header: None,
                popup_instruction: None,
                popup_image_url: None,
                clan_type: None,
            })
            .send()
            .await
            .unwrap()
            .reward_chain_id;
        let step = c
            .admin()
            .reward_chains()
            .get(id)
            .send()
            .await
            .unwrap()
            .steps[0]
            .step_id
            .unwrap();
        let (status, _, _) = h
            .raw(
                reqwest::Method::POST,
                &h.url("/__emulator/users/p1/value_points"),
                None,
                Some(&json!({"sku": "star", "amount": 10}).to_string()),
            )
            .await;
        assert_eq!(status, 200);

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
