//! Of 20 simultaneous refreshes with one refresh token, exactly one succeeds: the token is
//! spent in the transaction that issues the next one.

use std::collections::BTreeMap;

use crate::common::*;
use crate::login_support::*;

#[test]
fn twenty_simultaneous_refreshes_with_one_token_give_exactly_one_new_session() {
    rt().block_on(async {
        let h = std::sync::Arc::new(login_harness().await);
        for round in 0..3 {
            let (status, tokens, _) = h.sign_in(1, "ada", "ada-secret-1").await;
            assert_eq!(status, 200, "{tokens}");
            let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(20));
            let tasks: Vec<_> = (0..20)
                .map(|_| {
                    let h = std::sync::Arc::clone(&h);
                    let refresh = refresh.clone();
                    let barrier = std::sync::Arc::clone(&barrier);
                    tokio::spawn(async move {
                        barrier.wait().await;
                        h.refresh(1, &refresh).await
                    })
                })
                .collect();
            let mut outcomes: BTreeMap<u16, usize> = BTreeMap::new();
            let mut winner = None;
            for task in tasks {
                let answer = task.await.unwrap();
                if answer.0 == 200 {
                    winner = Some(answer.1.clone());
                } else {
                    assert_login_error(&answer, 400, "010-023");
                }
                *outcomes.entry(answer.0).or_default() += 1;
            }
            assert_eq!(
                outcomes,
                BTreeMap::from([(200, 1), (400, 19)]),
                "round {round}"
            );
            // The winner's new refresh token works, once.
            let next = winner.unwrap()["refresh_token"]
                .as_str()
                .unwrap()
                .to_owned();
            assert_eq!(h.refresh(1, &next).await.0, 200);
            assert_eq!(h.refresh(1, &next).await.0, 400);
        }
    });
}
