//! The game is warned before the token runs out; once it has, requests wait for a new token
//! and then go out, without clearing the player's state.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

#[test]
fn an_expired_token_holds_requests_until_a_new_one_arrives() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 5 * DAY, |p| {
        only(
            p.with_expiry_warning(Duration::from_secs(600)),
            &[LiveOpsFeature::DAILY],
        )
    });
    game.login("dave", Duration::from_secs(3600));
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    assert!(game.seen().expiring.is_empty());
    let chain = game.res::<DailyChains>().chains[0].id;

    // 50 minutes later (server time) the warning comes, once.
    game.emu.clock().advance(3000);
    game.send(RefreshLiveOps::all());
    game.run_until("the expiry warning", |w| {
        !w.resource::<crate::common::Seen>().expiring.is_empty()
    });
    let warning = game.seen().expiring[0].clone();
    assert_eq!(warning.player, "dave");
    assert!(warning.remaining <= Duration::from_secs(600), "{warning:?}");
    game.frames(20);
    assert_eq!(game.seen().expiring.len(), 1);

    // Past `exp` the session ends.
    game.emu.clock().advance(700);
    game.send(RefreshLiveOps::all());
    game.run_until("the session ends", |w| {
        !w.resource::<crate::common::Seen>().expired.is_empty()
    });
    assert!(!game.res::<LiveOpsSession>().is_ready());
    assert_eq!(
        game.res::<DailyChains>().chains.len(),
        1,
        "the player's state is kept"
    );

    // A claim now waits: nothing reaches the server.
    game.send(ClaimDailyStep::new(chain, 1));
    game.frames(50);
    assert!(game.seen().granted.is_empty());
    assert!(game.emu.inventory("dave").unwrap().is_empty());

    // A fresh token for the same player sends it.
    game.login("dave", Duration::from_secs(3600));
    game.run_until("the held claim is granted", |w| {
        !w.resource::<crate::common::Seen>().granted.is_empty()
    });
    assert!(game.res::<LiveOpsSession>().is_ready());
    let changes = &game.seen().player_changes;
    assert_eq!(changes.len(), 1, "same player, no state reset: {changes:?}");
    let sku = &game.seen().granted[0].items[0].sku.0;
    assert_eq!(game.owned("dave", sku), game.granted_total(sku));
}
