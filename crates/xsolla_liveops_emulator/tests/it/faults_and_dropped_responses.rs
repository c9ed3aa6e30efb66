//! Fault injection: latency, 503s, and responses dropped after the work was committed.

use std::time::{Duration, Instant};

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::daily::{DailyChainType, DailyStepStatus};
use xsolla_liveops_emulator::Faults;

#[test]
fn a_dropped_claim_is_committed_and_the_client_sees_a_transport_error() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 2))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/faults"),
                None,
                Some(r#"{"drop_rate": 1.0}"#),
            )
            .await;
        assert_eq!(status, 200, "the control API is never faulted");

        let err = c.daily_chains().claim(id, 1).send().await.unwrap_err();
        assert!(
            matches!(err, xsolla_liveops::Error::Transport(_)),
            "{err:?}"
        );
        assert!(err.is_ambiguous());
        assert_eq!(h.quantity("p1", "gold"), 1, "the grant is committed");

        let (status, _, _) = h
            .raw(Method::DELETE, &h.url("/__emulator/faults"), None, None)
            .await;
        assert_eq!(status, 200);
        let chain = c.daily_chains().get(id).send().await.unwrap();
        assert_eq!(
            chain.steps[0].status,
            DailyStepStatus::Claimed,
            "reconciling shows the claim"
        );
        assert!(c.daily_chains().claim(id, 1).send().await.is_err());
        assert_eq!(h.quantity("p1", "gold"), 1);
    });
}

#[test]
fn injected_errors_are_503_and_change_nothing() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 2))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        h.emu.set_faults(Faults {
            error_rate: 1.0,
            ..Faults::default()
        });
        let err = c.daily_chains().claim(id, 1).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 503);
        assert!(message.contains("Service Unavailable"));
        assert!(h.inventory("p1").is_empty());
        let (_, faults, _) = h
            .raw(Method::GET, &h.url("/__emulator/faults"), None, None)
            .await;
        assert_eq!(faults["error_rate"], json!(1.0));
        h.emu.set_faults(Faults::default());
        c.daily_chains().claim(id, 1).send().await.unwrap();
    });
}

#[test]
fn latency_delays_answers() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let c = h.client("p1");
        h.emu.set_faults(Faults {
            latency_ms: 150,
            ..Faults::default()
        });
        let started = Instant::now();
        c.daily_chains().list().send().await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(150));
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/faults"),
                None,
                Some(r#"{"error_rate": 2}"#),
            )
            .await;
        assert_eq!(status, 422);
    });
}
