//! Time travel across day boundaries: missed days, rolling unlocks, recurrent restarts.

use crate::common::*;
use xsolla_liveops::models::daily::{ClientDailyChain, DailyChainType, DailyStepStatus};
use xsolla_liveops::{Client, DailyChainId};

use DailyStepStatus::{Blocked, ClaimInFuture, Claimable, Claimed};

async fn statuses(c: &Client, id: DailyChainId) -> (Vec<DailyStepStatus>, ClientDailyChain) {
    let chain = c.daily_chains().get(id).send().await.unwrap();
    (chain.steps.iter().map(|s| s.status).collect(), chain)
}

#[test]
fn calendar_hard_blocks_a_missed_day_and_keeps_later_days() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 4))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        c.daily_chains().claim(id, 1).send().await.unwrap();

        // Day 2 is skipped entirely.
        h.emu.clock().set_unix(T0 + 2 * DAY + 5);
        let (s, chain) = statuses(&c, id).await;
        assert_eq!(s, [Claimed, Blocked, Claimable, ClaimInFuture]);
        assert_eq!(chain.steps[3].unlocked_date.0, T0 + 3 * DAY);
        assert_eq!(
            chain
                .next_unlock_after(h.emu.clock().now_unix())
                .map(|t| t.0),
            Some(T0 + 3 * DAY)
        );
        assert_eq!(
            api(&c.daily_chains().claim(id, 2).send().await.unwrap_err()).0,
            422
        );
        c.daily_chains().claim(id, 3).send().await.unwrap();

        // One second before midnight step 4 is still ahead; at midnight it opens.
        h.emu.clock().set_unix(T0 + 3 * DAY - 1);
        assert_eq!(
            statuses(&c, id).await.0,
            [Claimed, Blocked, Claimed, ClaimInFuture]
        );
        h.emu.clock().set_unix(T0 + 3 * DAY);
        assert_eq!(
            statuses(&c, id).await.0,
            [Claimed, Blocked, Claimed, Claimable]
        );

        // After the last day a non-recurrent chain has nothing left.
        h.emu.clock().set_unix(T0 + 10 * DAY);
        assert_eq!(
            statuses(&c, id).await.0,
            [Claimed, Blocked, Claimed, Blocked]
        );
        assert_eq!(h.quantity("p1", "gold"), 1 + 3);
    });
}

#[test]
fn calendar_hard_recurrent_starts_a_new_cycle() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, true, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        for day in 0..3 {
            h.emu.clock().set_unix(T0 + day * DAY + 60);
            c.daily_chains().claim(id, day + 1).send().await.unwrap();
        }
        assert_eq!(statuses(&c, id).await.0, [Claimed, Claimed, Claimed]);
        h.emu.clock().set_unix(T0 + 3 * DAY + 60);
        let (s, chain) = statuses(&c, id).await;
        assert_eq!(s, [Claimable, ClaimInFuture, ClaimInFuture]);
        assert_eq!(chain.steps[0].unlocked_date.0, T0 + 3 * DAY);
        c.daily_chains().claim(id, 1).send().await.unwrap();
        // Cycle 2 day 2 missed, day 3 claimable.
        h.emu.clock().set_unix(T0 + 5 * DAY + 60);
        assert_eq!(statuses(&c, id).await.0, [Claimed, Blocked, Claimable]);
        assert_eq!(h.quantity("p1", "gold"), 1 + 2 + 3 + 1);
    });
}

#[test]
fn rolling_unlocks_one_day_after_each_claim_and_never_blocks() {
    rt().block_on(async {
        let h = Harness::start(T0 + 5 * DAY).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::Rolling, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let claimed_at = h.emu.clock().now_unix();
        c.daily_chains().claim(id, 1).send().await.unwrap();
        let (s, chain) = statuses(&c, id).await;
        assert_eq!(s, [Claimed, ClaimInFuture, ClaimInFuture]);
        let unlock = chain.steps[1].unlocked_date.0;
        assert!((unlock - (claimed_at + DAY)).abs() <= 1);
        assert_eq!(chain.steps[2].unlocked_date.0, unlock + DAY);
        // Claims out of order are refused.
        assert_eq!(
            api(&c.daily_chains().claim(id, 3).send().await.unwrap_err()).0,
            422
        );

        h.emu.clock().set_unix(unlock - 2);
        assert_eq!(
            api(&c.daily_chains().claim(id, 2).send().await.unwrap_err()).0,
            422
        );
        // A week of absence blocks nothing.
        h.emu.clock().set_unix(unlock + 7 * DAY);
        assert_eq!(
            statuses(&c, id).await.0,
            [Claimed, Claimable, ClaimInFuture]
        );
        c.daily_chains().claim(id, 2).send().await.unwrap();
        h.emu.clock().advance(DAY);
        c.daily_chains().claim(id, 3).send().await.unwrap();
        // Not recurrent: done for good.
        h.emu.clock().advance(30 * DAY);
        assert_eq!(statuses(&c, id).await.0, [Claimed, Claimed, Claimed]);
        assert_eq!(h.quantity("p1", "gold"), 6);

        // Admin reset: everyone starts over at step 1, right away.
        c.admin().daily_chains().reset(id).send().await.unwrap();
        assert_eq!(
            statuses(&c, id).await.0,
            [Claimable, ClaimInFuture, ClaimInFuture]
        );
        c.daily_chains().claim(id, 1).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 7);
    });
}

#[test]
fn rolling_recurrent_restarts_a_day_after_the_last_step() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::Rolling, true, T0, 2))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        c.daily_chains().claim(id, 1).send().await.unwrap();
        h.emu.clock().advance(DAY);
        c.daily_chains().claim(id, 2).send().await.unwrap();
        let (s, chain) = statuses(&c, id).await;
        assert_eq!(
            s,
            [ClaimInFuture, ClaimInFuture],
            "a new cycle, waiting for tomorrow"
        );
        h.emu.clock().set_unix(chain.steps[0].unlocked_date.0);
        assert_eq!(statuses(&c, id).await.0, [Claimable, ClaimInFuture]);
        c.daily_chains().claim(id, 1).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 1 + 2 + 1);
    });
}

#[test]
fn an_expired_token_is_refused_after_time_travel() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let short = h.emu.mint_token("p1", std::time::Duration::from_secs(3600));
        let url = h.v2("/user/daily_chain");
        let (status, _, _) = h
            .raw(
                reqwest::Method::GET,
                &url,
                Some(format!("Bearer {short}")),
                None,
            )
            .await;
        assert_eq!(status, 200);
        h.emu.clock().advance(3600);
        let (status, body, _) = h
            .raw(
                reqwest::Method::GET,
                &url,
                Some(format!("Bearer {short}")),
                None,
            )
            .await;
        assert_eq!(status, 401);
        assert_eq!(body["errorCode"], 1501);
    });
}
