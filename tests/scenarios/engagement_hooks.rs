//! What players expect of a rewards screen: claim everything ready at once, a greeting when
//! something waits at sign-in, and word when a reward becomes ready during play.

use std::collections::HashSet;
use std::time::Duration;

use bevy::ecs::system::RunSystemOnce;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, Seen, T0};

/// Logs `player` in and waits until every feature shows the server's data.
fn signed_in(player: &str) -> Game {
    let mut game = Game::start(Seed::builtin(), T0 + 10 * DAY);
    game.login(player, Duration::from_secs(60 * 86_400));
    game.run_until("every feature loads", |w| {
        w.resource::<LiveOpsBadges>().all_loaded()
    });
    game
}

fn claim_all(game: &mut Game) -> usize {
    game.app
        .world_mut()
        .run_system_once(|mut liveops: LiveOps| liveops.claim_all())
        .expect("the system runs")
}

#[test]
fn claim_all_claims_every_ready_step_once() {
    let mut game = signed_in("amy");
    let chain = game.res::<RewardChains>().chains[0].clone();
    game.emu
        .grant_value_points("amy", &chain.value_point.sku.0, chain.steps[0].price.amount)
        .expect("value points");
    game.send(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
    game.run_until("the reward step is ready", |w| {
        w.resource::<LiveOpsBadges>().get(LiveOpsFeature::REWARDS) == 1
    });
    assert_eq!(
        game.res::<LiveOpsBadges>().total(),
        3,
        "daily, offer, reward"
    );

    // Pressed twice in one frame: the second press asks for the same three claims.
    assert_eq!(claim_all(&mut game), 3);
    assert_eq!(claim_all(&mut game), 3);
    game.frames(1);
    assert_eq!(claim_all(&mut game), 0, "every ready step is being claimed");
    game.run_until("three grants", |w| w.resource::<Seen>().granted.len() == 3);
    game.frames(30);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), 3, "{:?}", seen.granted);
    let sources: HashSet<_> = seen
        .granted
        .iter()
        .map(|g| {
            format!("{:?}", g.source)
                .split(' ')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(sources.len(), 3, "one per feature: {sources:?}");
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);
    for (sku, owned) in game.emu.inventory("amy").unwrap() {
        assert_eq!(owned, game.granted_total(&sku), "{sku}");
    }
    game.run_until("nothing is left to claim", |w| {
        w.resource::<LiveOpsBadges>().total() == 0
    });
    assert_eq!(claim_all(&mut game), 0);
}

#[test]
fn rewards_waiting_greets_each_sign_in_once() {
    let mut game = signed_in("ben");
    game.frames(20);
    assert_eq!(game.seen().waiting.len(), 1, "{:?}", game.seen().waiting);
    assert!(game.seen().waiting[0].count >= 1);

    // Reads again and a renewed token of the same player: no second greeting.
    game.send(RefreshLiveOps::all());
    game.login("ben", Duration::from_secs(60 * 86_400));
    game.frames(40);
    assert_eq!(game.seen().waiting.len(), 1);

    // Signed out and in again: greeted again, once.
    game.send(ClearSession);
    game.frames(5);
    game.login("ben", Duration::from_secs(60 * 86_400));
    game.run_until("the second greeting", |w| {
        w.resource::<Seen>().waiting.len() == 2
    });
    game.frames(40);
    assert_eq!(game.seen().waiting.len(), 2);
}

#[test]
fn reward_ready_comes_once_when_an_unlock_passes() {
    let mut game = signed_in("cleo");
    let chain = game.res::<DailyChains>().chains[0].id;
    game.send(ClaimDailyStep::new(chain, 1));
    game.run_until("day 1 granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.frames(20);
    assert!(
        game.seen().ready.is_empty(),
        "what waited at sign-in is not news: {:?}",
        game.seen().ready
    );

    // A day passes on the server while the game runs.
    game.emu.clock().advance(DAY);
    game.send(RefreshLiveOps::all());
    game.run_until("day 2 is ready", |w| !w.resource::<Seen>().ready.is_empty());
    for _ in 0..3 {
        game.send(RefreshLiveOps::all());
        game.frames(20);
    }
    let ready = &game.seen().ready;
    assert_eq!(ready.len(), 1, "{ready:?}");
    assert_eq!(ready[0].feature, LiveOpsFeature::DAILY);
    assert_eq!(ready[0].claim, ClaimDailyStep::new(chain, 2).into());

    // The reminder a game would schedule: the next unlock, on the device's clock.
    let liveops_next = game
        .app
        .world_mut()
        .run_system_once(|liveops: LiveOps| liveops.next_unlock())
        .expect("the system runs");
    if let Some(next) = liveops_next {
        let clock = *game.res::<ServerClock>();
        let at = clock.to_system_time(next);
        let left = at
            .duration_since(std::time::SystemTime::now())
            .unwrap_or_default();
        let shown = clock.until(next);
        assert!(
            left.abs_diff(shown) < Duration::from_secs(2),
            "{left:?} vs {shown:?}"
        );
    }
}
