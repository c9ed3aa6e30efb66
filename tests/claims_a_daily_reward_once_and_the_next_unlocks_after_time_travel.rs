//! A player claims today's reward: one grant, however often the button is pressed, and the
//! next day's step unlocks when the server's day turns.

mod common;

use std::time::Duration;

use bevy_xsolla_liveops::client::models::daily::DailyStepStatus;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::{
    DataOrigin, GrantSource, LiveOpsFeature, LiveOpsFeatures, LoadState, RefreshSchedule,
    ServerClock,
};
use common::{DAY, Game, T0};
use xsolla_liveops_emulator::Seed;

#[test]
fn claims_a_daily_reward_once_and_the_next_unlocks_after_time_travel() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, |p| {
        p.with_features(LiveOpsFeatures {
            daily: true,
            ..LiveOpsFeatures::NONE
        })
    });
    game.login("alice", Duration::from_secs(30 * 86_400));
    game.run_until("the daily chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    assert_eq!(game.res::<LiveOpsStatus>().state, LoadState::Ready);
    // The next read is scheduled (the periodic read here), not repeated every frame.
    let due = game
        .res::<RefreshSchedule>()
        .due(LiveOpsFeature::Daily)
        .expect("a next read");
    let now_ms = game.res::<ServerClock>().now_millis();
    assert!(
        due - now_ms > 60_000,
        "the next read is {} ms away",
        due - now_ms
    );
    game.frames(30);
    assert_eq!(game.res::<bevy_xsolla_liveops::LiveOpsNet>().in_flight(), 0);
    let chain = game.res::<DailyChains>().chains[0].clone();
    assert_eq!(chain.steps[0].status, DailyStepStatus::Claimable);
    assert_eq!(game.res::<LiveOpsBadges>().daily, 1);
    // The server clock follows the emulator's, not the machine's.
    let server_now = game.res::<ServerClock>().now();
    assert!(
        (server_now - (T0 + 10 * DAY)).abs() <= 2,
        "server clock at {server_now}"
    );

    // Three presses of the button in one frame, one more the next frame.
    for _ in 0..3 {
        game.send(ClaimDailyReward::new(chain.id, 1));
    }
    game.frames(1);
    assert!(game.res::<DailyChains>().is_claiming(chain.id, 1.into()));
    game.send(ClaimDailyReward::new(chain.id, 1));
    game.run_until("step 1 shows claimed", |w| {
        let daily = w.resource::<DailyChains>();
        daily.chains[0].steps[0].status == DailyStepStatus::Claimed
            && !daily.is_claiming(chain.id, 1.into())
    });
    game.frames(20);

    let seen = game.seen();
    assert_eq!(
        seen.granted.len(),
        1,
        "exactly one grant: {:?}",
        seen.granted
    );
    assert_eq!(
        seen.granted[0].source,
        GrantSource::Daily {
            chain: chain.id,
            step: 1.into()
        }
    );
    let sku = chain.steps[0].items[0].sku.0.clone();
    let quantity = chain.steps[0].items[0].quantity;
    assert_eq!(
        game.owned("alice", &sku),
        quantity,
        "the emulator granted it once"
    );
    assert_eq!(game.granted_total(&sku), quantity);
    assert_eq!(game.res::<LiveOpsBadges>().daily, 0);
    // The fourth press reached the server after the claim and was refused there.
    assert!(
        seen.failed
            .iter()
            .all(|f| f.error.api().is_some_and(|e| e.is_step_not_claimable())),
        "{:?}",
        seen.failed
    );

    let next = game.res::<DailyChains>().chains[0].steps[1].clone();
    assert_eq!(next.status, DailyStepStatus::ClaimInFuture);
    let unlock = game
        .res::<DailyChains>()
        .next_unlock(game.res::<ServerClock>().now());
    assert_eq!(
        unlock,
        Some(next.unlocked_date.0),
        "the next unlock is known"
    );

    // A day passes on the server; the next read shows step 2 claimable.
    game.emu.clock().advance(DAY);
    game.send(RefreshLiveOps::all());
    game.run_until("step 2 unlocks", |w| {
        w.resource::<DailyChains>().chains[0].steps[1].status == DailyStepStatus::Claimable
    });
    assert_eq!(game.res::<LiveOpsBadges>().daily, 1);
    game.send(ClaimDailyReward::new(chain.id, 2));
    game.run_until("the second grant", |w| {
        w.resource::<common::Seen>().granted.len() == 2
    });
    let sku2 = &next.items[0].sku.0;
    assert_eq!(game.owned("alice", sku2), game.granted_total(sku2));
}
