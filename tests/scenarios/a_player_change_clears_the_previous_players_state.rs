//! Logging in as someone else clears what the previous player saw, and answers still on their
//! way for the previous player are dropped.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Faults, Seed};

#[test]
fn a_player_change_clears_the_previous_players_state() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 5 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("erin", Duration::from_secs(30 * 86_400));
    game.run_until("erin's chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    let chain = game.res::<DailyChains>().chains[0].id;
    game.send(ClaimDailyStep::new(chain, 1));
    game.run_until("erin's claim", |w| {
        !w.resource::<crate::common::Seen>().granted.is_empty()
    });
    game.run_until("erin's step 1 shows claimed", |w| {
        w.resource::<DailyChains>().chains[0].steps[0].status == DailyStepStatus::Claimed
    });

    // A slow claim for erin is on its way when frank logs in.
    game.emu.clock().advance(DAY);
    game.emu.set_faults(Faults {
        latency_ms: 400,
        ..Faults::default()
    });
    game.send(ClaimDailyStep::new(chain, 2));
    game.frames(2);
    game.login("frank", Duration::from_secs(30 * 86_400));
    game.frames(1);
    assert_eq!(game.res::<LiveOpsSession>().player(), Some("frank"));
    assert!(
        game.res::<DailyChains>().chains.is_empty(),
        "erin's chains are gone at once"
    );

    game.run_until("frank's chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    let change = game.seen().player_changes.last().unwrap().clone();
    assert_eq!(
        change,
        PlayerChanged {
            previous: Some("erin".into()),
            current: Some("frank".into())
        }
    );
    game.emu.set_faults(Faults::default());
    game.frames(150);
    let daily = game.res::<DailyChains>();
    assert_eq!(
        daily.chains[0].steps[0].status,
        DailyStepStatus::Claimable,
        "frank starts at day 1"
    );
    // Erin's late answer was not reported to frank's session.
    assert_eq!(game.seen().granted.len(), 1);
    // But the server did grant it to erin.
    let erin_total: i64 = game
        .emu
        .inventory("erin")
        .unwrap()
        .iter()
        .map(|(_, q)| q)
        .sum();
    assert!(erin_total > 0);
    assert!(game.emu.inventory("frank").unwrap().is_empty());
}

#[test]
fn the_previous_players_badge_is_gone_in_the_frame_of_the_change() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 5 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("erin", Duration::from_secs(30 * 86_400));
    game.run_until("erin's claimable day shows on the badge", |w| {
        w.resource::<LiveOpsBadges>().total() > 0
    });

    game.login("frank", Duration::from_secs(30 * 86_400));
    game.frames(1);
    assert_eq!(game.res::<LiveOpsSession>().player(), Some("frank"));
    assert_eq!(
        game.res::<LiveOpsBadges>().total(),
        0,
        "erin's badge is gone with her chains"
    );
}
