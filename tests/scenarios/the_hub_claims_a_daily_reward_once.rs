//! The hub, as a player uses it: the claim button of today's reward, pressed through egui's
//! pointer input, becomes one `ClaimDailyStep`, the emulator grants the reward once, the
//! button turns into "Claimed" and a toast shows the grant.

use std::time::Duration;

use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::UiAction;
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, T0, only};
use crate::hub_support::{Controls, Sent, click_at, game_with_hub};

#[test]
fn the_hub_claims_a_daily_reward_once() {
    let mut game = game_with_hub(Seed::builtin(), T0 + 10 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("alice", Duration::from_secs(30 * 86_400));

    let label = "Claim Day 1";
    game.run_until("the hub shows today's claim button, enabled", |w| {
        w.resource::<Controls>()
            .get(label)
            .is_some_and(|(_, disabled)| !disabled)
    });
    let chain = game.res::<DailyChains>().chains[0].clone();
    let item = chain.steps[0].items[0].clone();
    assert_eq!(game.owned("alice", &item.sku.0), 0);

    let at = game.res::<Controls>().by_label[label].0;
    click_at(&mut game, at);
    game.run_until("the click leaves the hub as a claim request", |w| {
        !w.resource::<Sent>().claims.is_empty()
    });
    // The button is disabled from the click until the answer.
    game.frames(2);
    assert!(
        game.res::<Controls>()
            .get(label)
            .is_none_or(|(_, disabled)| *disabled),
        "the claim button stays disabled while its claim is in flight"
    );
    // A second press on the same spot sends nothing.
    click_at(&mut game, at);
    game.run_until("the step is claimed", |w| {
        let daily = w.resource::<DailyChains>();
        daily.chains[0].steps[0].status == DailyStepStatus::Claimed
            && !daily.is_claiming(chain.id, 1.into())
    });
    game.run_until("the hub shows the step claimed", |w| {
        w.resource::<Controls>().get("✔ Claimed").is_some()
    });
    game.frames(20);

    let sent = game.res::<Sent>();
    assert_eq!(
        sent.actions,
        vec![UiAction::Request(ClaimDailyStep::new(chain.id, 1).into())]
    );
    assert_eq!(sent.claims, vec![ClaimDailyStep::new(chain.id, 1)]);
    assert_eq!(
        game.seen().granted.len(),
        1,
        "one grant: {:?}",
        game.seen().granted
    );
    assert_eq!(
        game.owned("alice", &item.sku.0),
        item.quantity,
        "granted once by the emulator"
    );
    assert!(game.res::<Controls>().get(label).is_none());
    let name = item.name.clone().unwrap_or_else(|| item.sku.0.clone());
    let toast = if item.quantity > 1 {
        format!("{name} ×{}", item.quantity)
    } else {
        name
    };
    assert!(
        game.res::<Controls>().get("You got:").is_some()
            && game.res::<Controls>().by_label.keys().any(|k| k == &toast),
        "a toast shows the grant: {:?}",
        game.res::<Controls>().by_label.keys().collect::<Vec<_>>()
    );
}
