//! With the emulator failing, delaying and dropping answers, every grant the game is told about
//! is in the player's inventory, and nothing is reported twice.

use std::collections::HashSet;
use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Faults, Seed};

#[test]
fn faults_never_lose_or_double_a_grant() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 20 * DAY, |p| {
        only(
            p.with_refresh_interval(Duration::from_secs(2)),
            &[LiveOpsFeature::DAILY, LiveOpsFeature::OFFERS],
        )
    });
    game.login("hana", Duration::from_secs(60 * 86_400));
    game.run_until("the chains load", |w| {
        !w.resource::<DailyChains>().chains.is_empty()
            && !w.resource::<OfferChains>().chains.is_empty()
    });
    game.emu.set_faults(Faults {
        latency_ms: 15,
        error_rate: 0.25,
        drop_rate: 0.25,
    });

    let mut frames = 0;
    let mut day = 0;
    while day < 5 && frames < 4_000 {
        let claims: Vec<ClaimDailyStep> = game
            .res::<DailyChains>()
            .claimable()
            .map(|(chain, step)| ClaimDailyStep { chain, step })
            .collect();
        let offers: Vec<ClaimOfferStep> = game
            .res::<OfferChains>()
            .claimable()
            .map(|(chain, step)| ClaimOfferStep { chain, step })
            .collect();
        for claim in claims {
            game.send(claim);
        }
        for claim in offers {
            game.send(claim);
        }
        game.frames(10);
        frames += 10;
        if frames % 400 == 0 {
            game.emu.clock().advance(DAY);
            game.send(RefreshLiveOps::all());
            day += 1;
        }
    }

    // Calm again: everything in flight settles.
    game.emu.set_faults(Faults::default());
    game.send(RefreshLiveOps::all());
    game.run_until("nothing is in flight", |w| {
        w.resource::<LiveOpsRuntime>().in_flight() == 0
    });
    game.frames(50);
    game.run_until("nothing is in flight", |w| {
        w.resource::<LiveOpsRuntime>().in_flight() == 0
    });

    let seen = game.seen();
    assert!(
        seen.granted.len() >= 3,
        "some claims got through: {:?}",
        seen.granted
    );
    assert!(!seen.failed.is_empty(), "the faults were felt");
    let sources: HashSet<_> = seen
        .granted
        .iter()
        .map(|g| format!("{:?}", g.source))
        .collect();
    assert_eq!(
        sources.len(),
        seen.granted.len(),
        "no grant reported twice: {:?}",
        seen.granted
    );
    let inventory = game.emu.inventory("hana").unwrap();
    for (sku, owned) in &inventory {
        assert_eq!(
            *owned,
            game.granted_total(sku),
            "{sku}: the inventory and the reports agree"
        );
    }
    let reported: HashSet<_> = seen
        .granted
        .iter()
        .flat_map(|g| g.inventory_items().into_iter().map(|i| i.sku.0))
        .collect();
    for sku in reported {
        assert!(
            inventory.iter().any(|(s, _)| *s == sku),
            "{sku} was reported but not granted"
        );
    }
}
