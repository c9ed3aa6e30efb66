//! A player claims today's reward: one grant, however often the button is pressed, and the
//! next day's step unlocks when the server's day turns.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

#[test]
fn claims_a_daily_reward_once_and_the_next_unlocks_after_time_travel() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("alice", Duration::from_secs(30 * 86_400));
    game.run_until("the daily chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    assert_eq!(game.res::<LiveOpsStatus>().state, LoadState::Ready);
    // The next read is scheduled (the periodic read here), not repeated every frame.
    let due = game
        .res::<RefreshSchedule>()
        .due(LiveOpsFeature::DAILY)
        .expect("a next read");
    let now = game.res::<ServerClock>().now();
    assert!(
        due.saturating_duration_since(now) > Duration::from_secs(60),
        "the next read is at {due}, now is {now}"
    );
    game.frames(30);
    assert_eq!(game.res::<LiveOpsRuntime>().in_flight(), 0);
    let chain = game.res::<DailyChains>().chains[0].clone();
    assert_eq!(chain.steps[0].status, DailyStepStatus::Claimable);
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::DAILY), 1);
    // The server clock follows the emulator's (2025), not the machine's; the emulator's clock
    // runs on from where it was set, so a loaded machine may be seconds past it.
    let server_now = game.res::<ServerClock>().now();
    let expected = ServerTime::from_unix_seconds(T0 + 10 * DAY);
    assert!(
        server_now.saturating_duration_since(expected) <= Duration::from_secs(10)
            && expected.saturating_duration_since(server_now) <= Duration::from_secs(10),
        "server clock at {server_now}"
    );

    // Three presses of the button in one frame, one more the next frame.
    for _ in 0..3 {
        game.send(ClaimDailyStep::new(chain.id, 1));
    }
    game.frames(1);
    assert!(game.res::<DailyChains>().is_claiming(chain.id, 1.into()));
    game.send(ClaimDailyStep::new(chain.id, 1));
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
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::DAILY), 0);
    // The fourth press was a duplicate of the claim on its way: nothing failed.
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);

    let next = game.res::<DailyChains>().chains[0].steps[1].clone();
    assert_eq!(next.status, DailyStepStatus::ClaimInFuture);
    let unlock = game
        .res::<DailyChains>()
        .next_unlock(game.res::<ServerClock>().now());
    assert_eq!(
        unlock,
        Some(ServerTime::from(next.unlocked_date)),
        "the next unlock is known"
    );

    // A day passes on the server; the next read shows step 2 claimable.
    game.emu.clock().advance(DAY);
    game.send(RefreshLiveOps::all());
    game.run_until("step 2 unlocks", |w| {
        w.resource::<DailyChains>().chains[0].steps[1].status == DailyStepStatus::Claimable
    });
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::DAILY), 1);
    game.send(ClaimDailyStep::new(chain.id, 2));
    game.run_until("the second grant", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 2
    });
    let sku2 = &next.items[0].sku.0;
    assert_eq!(game.owned("alice", sku2), game.granted_total(sku2));
}
