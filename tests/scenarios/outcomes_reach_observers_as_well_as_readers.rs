//! Every outcome is a message and an observer event from the same place: a game may read
//! `MessageReader<RewardsGranted>` or write `app.add_observer(|granted: On<RewardsGranted>| …)`,
//! and sees the same outcomes either way.

use std::collections::HashMap;
use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, Seen, T0};

const HOUR: i64 = 3_600;

/// How many of each outcome the observers saw.
#[derive(Resource, Default)]
struct Observed(HashMap<&'static str, usize>);

fn observe<E: Event>(app: &mut App, name: &'static str)
where
    for<'a> E::Trigger<'a>: Default,
{
    app.add_observer(move |_: On<E>, mut observed: ResMut<Observed>| {
        *observed.0.entry(name).or_default() += 1;
    });
}

#[test]
fn every_outcome_reaches_observers_as_well_as_readers() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, |p| p.build());
    let app = &mut game.app;
    app.init_resource::<Observed>();
    observe::<RewardsGranted>(app, "granted");
    observe::<PaymentRequired>(app, "payments");
    observe::<CodePreviewed>(app, "previewed");
    observe::<CodeRedeemed>(app, "redeemed");
    observe::<CodeRejected>(app, "rejected");
    observe::<LiveOpsFailed>(app, "failed");
    observe::<SessionExpiring>(app, "expiring");
    observe::<SessionExpired>(app, "expired");
    observe::<PlayerChanged>(app, "player_changes");

    // A token of one minute: the expiry warning (two minutes ahead) comes at once.
    game.login("olga", Duration::from_secs(60));
    game.run_until("the features load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
            && w.resource::<OfferChains>().origin == DataOrigin::Network
            && w.resource::<RewardChains>().origin == DataOrigin::Network
    });
    let daily = game.res::<DailyChains>().chains[0].id;
    game.send(ClaimDailyStep::new(daily, 1));
    let offer = game.res::<OfferChains>().chains[0].clone();
    game.send(ClaimOfferStep::new(offer.id, 1));
    game.run_until("the grants", |w| w.resource::<Seen>().granted.len() == 2);
    game.run_until("the paid step is next", |w| {
        w.resource::<OfferChains>().chains[0]
            .next_step()
            .is_some_and(|s| s.is_paid())
    });
    game.send(BuyOfferStep::new(offer.id, 2));
    game.send(PreviewCode::new("WELCOME2025"));
    game.send(RedeemCode::new("WELCOME2025"));
    game.send(RedeemCode::new("NOSUCHCODE"));
    // A day that has not come yet: refused.
    game.send(ClaimDailyStep::new(daily, 5));
    game.run_until("every answer", |w| {
        let seen = w.resource::<Seen>();
        !seen.payments.is_empty()
            && !seen.previewed.is_empty()
            && !seen.redeemed.is_empty()
            && !seen.rejected.is_empty()
            && !seen.failed.is_empty()
    });

    // The token runs out; another player logs in.
    game.emu.clock().advance(HOUR);
    game.send(RefreshLiveOps::all());
    game.run_until("the session ends", |w| {
        !w.resource::<Seen>().expired.is_empty()
    });
    game.login("pia", Duration::from_secs(30 * 86_400));
    game.run_until("the player changes", |w| {
        w.resource::<Seen>().player_changes.len() >= 2
    });
    game.frames(20);

    let seen = game.seen();
    let read = [
        ("granted", seen.granted.len()),
        ("payments", seen.payments.len()),
        ("previewed", seen.previewed.len()),
        ("redeemed", seen.redeemed.len()),
        ("rejected", seen.rejected.len()),
        ("failed", seen.failed.len()),
        ("expiring", seen.expiring.len()),
        ("expired", seen.expired.len()),
        ("player_changes", seen.player_changes.len()),
    ];
    let observed = &game.res::<Observed>().0;
    for (name, count) in read {
        assert!(count > 0, "{name}: the story produced it");
        assert_eq!(
            observed.get(name).copied().unwrap_or(0),
            count,
            "{name}: observers saw what readers read"
        );
    }
}
