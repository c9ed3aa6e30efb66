//! The hub as a player uses it, through egui's own pointer and keyboard input: a payment can
//! be checked from a step awaiting it, a code is typed and redeemed with Enter, a promo code
//! says its bonus comes with the next purchase, a second use of a once-a-day code says when
//! the player redeemed it, and the next player sees nothing of the previous one.

use std::time::Duration;

use bevy_egui::egui::Key;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{CodeOutcome, HubTab, LiveOpsHub};
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, T0, only};
use crate::hub_support::{Controls, click, game_with_hub, type_text, wait_enabled};

const MONTH: Duration = Duration::from_secs(30 * 86_400);

fn codes_game() -> Game {
    let mut game = game_with_hub(Seed::builtin(), T0 + 10 * DAY, |p| {
        only(p, &[LiveOpsFeature::CODES])
    });
    game.app
        .world_mut()
        .resource_mut::<LiveOpsHub>()
        .show(HubTab::Codes);
    game
}

/// Clicks the code field, types `code` and presses Enter.
#[track_caller]
fn enter_code(game: &mut Game, code: &str) {
    click(game, "Code");
    type_text(game, code, Some(Key::Enter));
}

#[test]
fn a_step_awaiting_payment_can_be_checked_from_the_hub() {
    let mut game = game_with_hub(Seed::builtin(), T0 + 3 * DAY, |p| {
        only(p, &[LiveOpsFeature::OFFERS])
    });
    game.app
        .world_mut()
        .resource_mut::<LiveOpsHub>()
        .show(HubTab::Offers);
    game.login("paula", MONTH);
    click(&mut game, "Claim Step 1");
    game.run_until("the free step is granted", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 1
    });
    let buy = "Buy for 4.99 USD Step 2";
    click(&mut game, buy);
    game.run_until("payment is required", |w| {
        !w.resource::<crate::common::Seen>().payments.is_empty()
    });
    let order = game.seen().payments[0].order_id;

    // The player closed Pay Station: the step waits for its payment, and its check can be
    // pressed (it was drawn disabled while the step counted as busy).
    wait_enabled(&mut game, "Check payment Step 2");
    assert!(game.res::<Controls>().shows("Awaiting payment"));
    assert!(game.emu.pay_order(order.0).unwrap());
    click(&mut game, "Check payment Step 2");
    game.run_until("the paid step is granted", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 2
    });
    game.frames(20);
    assert_eq!(game.seen().granted.len(), 2, "{:?}", game.seen().granted);
    assert!(game.seen().failed.is_empty(), "{:?}", game.seen().failed);
}

#[test]
fn a_code_typed_and_entered_is_redeemed_and_the_next_player_sees_nothing_of_it() {
    let mut game = codes_game();
    game.login("ada", MONTH);
    enter_code(&mut game, "WELCOME2025");
    game.run_until("the code is redeemed", |w| {
        !w.resource::<crate::common::Seen>().redeemed.is_empty()
    });
    game.run_until("the dialog shows what arrived", |w| {
        w.resource::<Controls>()
            .shows("Code redeemed! You received:")
    });
    assert_eq!(game.owned("ada", "gold"), 500);

    // Another player logs in: the hub keeps nothing of ada's.
    game.login("ben", MONTH);
    game.frames(1);
    let hub = game.res::<LiveOpsHub>();
    assert_eq!(hub.state.codes.outcome(), None);
    assert!(hub.state.codes.input.is_empty());
    assert_eq!(hub.state.toasts.len(), 0);
    assert!(!hub.is_open(), "the hub closes on a player change");
    game.app.world_mut().resource_mut::<LiveOpsHub>().open();
    game.frames(3);
    let controls = game.res::<Controls>();
    assert!(
        !controls.shows("Code redeemed!") && !controls.shows("Gold"),
        "nothing of ada's on ben's screen: {:?}",
        controls.by_label.keys().collect::<Vec<_>>()
    );
    assert_eq!(game.owned("ben", "gold"), 0);
}

#[test]
fn a_promo_code_says_its_bonus_comes_with_the_next_purchase() {
    let mut game = codes_game();
    game.login("cleo", MONTH);
    enter_code(&mut game, "HERO10");
    game.run_until("the promo code is accepted", |w| {
        !w.resource::<crate::common::Seen>().redeemed.is_empty()
    });
    game.run_until("the dialog says what the next purchase brings", |w| {
        w.resource::<Controls>()
            .shows("Code applied! It adds to your next purchase:")
    });
    assert!(!game.res::<Controls>().shows("You received"));
    assert!(matches!(
        game.res::<LiveOpsHub>().state.codes.outcome(),
        Some(CodeOutcome::Applied { .. })
    ));
    assert!(
        game.seen().granted.is_empty(),
        "a promo code grants nothing by itself"
    );
}

#[test]
fn a_daily_code_used_again_says_the_player_already_redeemed_it() {
    let mut game = codes_game();
    game.login("dan", MONTH);
    enter_code(&mut game, "GEMSOFTHEDAY");
    game.run_until("the code is redeemed", |w| {
        !w.resource::<crate::common::Seen>().redeemed.is_empty()
    });
    enter_code(&mut game, "GEMSOFTHEDAY");
    game.run_until("the second use is turned down", |w| {
        !w.resource::<crate::common::Seen>().rejected.is_empty()
    });
    game.run_until("the dialog says when the player redeemed it", |w| {
        w.resource::<Controls>().shows("You redeemed this code")
    });
    assert!(matches!(
        game.res::<LiveOpsHub>().state.codes.outcome(),
        Some(CodeOutcome::UsedUpSince(_))
    ));
    assert_eq!(game.owned("dan", "gems"), 10);
}
