//! A game that enables *Claim* when the countdown reaches zero gets the reward: the plugin's
//! clock is never ahead of the server's, and a claim that still comes a moment early (a clock
//! estimate pushed ahead) goes again once after the unlock instead of failing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::{DAY, Game, Seen, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

/// Alice has claimed day 1; the emulator's clock is set three seconds before day 2 unlocks
/// and the plugin has read the chain at that time. Returns the chain and the unlock time.
fn three_seconds_before_day_two() -> (Game, DailyChainId, ServerTime) {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("alice", Duration::from_secs(30 * 86_400));
    game.run_until("the daily chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    let chain = game.res::<DailyChains>().chains[0].id;
    game.send(ClaimDailyStep::new(chain, 1));
    game.run_until("day 1 is granted", |w| {
        w.resource::<Seen>().granted.len() == 1
    });

    game.run_until("the chain is read again with day 2's unlock ahead", |w| {
        let now = w.resource::<ServerClock>().now();
        w.resource::<DailyChains>().next_unlock(now).is_some()
    });
    let now = game.res::<ServerClock>().now();
    let unlock = game
        .res::<DailyChains>()
        .next_unlock(now)
        .expect("day 2 unlocks");
    game.emu.clock().set_unix(unlock.unix_seconds() - 3);
    game.send(RefreshLiveOps::all());
    game.run_until("the plugin's clock follows the server's", |w| {
        let left = w.resource::<ServerClock>().until(unlock);
        left > Duration::from_millis(500) && left <= Duration::from_secs(4)
    });
    (game, chain, unlock)
}

/// Presses *Claim* on the first frame whose countdown shows zero.
fn claim_at_zero(game: &mut Game, chain: DailyChainId, unlock: ServerTime) {
    game.run_until("the countdown reaches zero", |w| {
        w.resource::<ServerClock>().until(unlock) == Duration::ZERO
    });
    eprintln!(
        "DEBUG unlock {unlock} est {} emu {} data {:?}",
        game.res::<ServerClock>().now(),
        game.emu.clock().now(),
        game.res::<DailyChains>().chains[0].steps[1]
    );
    game.send(ClaimDailyStep::new(chain, 2));
    game.run_until("day 2 is granted", |w| {
        w.resource::<Seen>().granted.len() == 2
    });
    game.frames(10);
    let seen = game.seen();
    assert!(seen.failed.is_empty(), "no failure: {:?}", seen.failed);
    assert_eq!(
        seen.granted.len(),
        2,
        "one grant per day: {:?}",
        seen.granted
    );
    let sku = &game.res::<DailyChains>().chains[0].steps[1].items[0]
        .sku
        .0
        .clone();
    assert_eq!(game.owned("alice", sku), game.granted_total(sku));
}

#[test]
fn a_claim_at_the_countdowns_zero_is_granted() {
    let (mut game, chain, unlock) = three_seconds_before_day_two();
    claim_at_zero(&mut game, chain, unlock);
}

#[test]
fn a_claim_a_moment_early_goes_again_after_the_unlock() {
    let (mut game, chain, unlock) = three_seconds_before_day_two();
    // As if the estimate were 800 ms ahead of the server (a game's own clock, a stale sync).
    let device_ms = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("in range");
    let mut clock = game.app.world_mut().resource_mut::<ServerClock>();
    let ahead = clock.now().unix_millis() + 800;
    clock.observe_at(ServerTime::from_unix_millis(ahead), device_ms);
    claim_at_zero(&mut game, chain, unlock);
}
