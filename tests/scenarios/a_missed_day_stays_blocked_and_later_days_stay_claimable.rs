//! On a calendar chain, a day the player missed can never be claimed; the days after it can.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only, seed};
use bevy_xsolla_liveops::prelude::*;

const SEED: &str = r#"{
  "items": [
    {"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency"},
    {"sku": "gems", "name": {"en": "Gems"}, "type": "virtual_currency"}
  ],
  "daily_chains": [{
    "name": {"en": "Calendar"}, "date_start": "2025-01-01T00:00:00+00:00", "is_enabled": true,
    "type": "calendar_hard",
    "steps": [
      {"step_number": 1, "items": [{"sku": "gold", "quantity": 10}]},
      {"step_number": 2, "items": [{"sku": "gold", "quantity": 20}]},
      {"step_number": 3, "items": [{"sku": "gems", "quantity": 5}]},
      {"step_number": 4, "items": [{"sku": "gems", "quantity": 7}]}
    ]
  }]
}"#;

#[test]
fn a_missed_day_stays_blocked_and_later_days_stay_claimable() {
    // Day 3 of the calendar: days 1 and 2 were missed.
    let mut game = Game::start_with(seed(SEED), T0 + 2 * DAY + 3600, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.login("bob", Duration::from_secs(30 * 86_400));
    game.run_until("the chain loads", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    let chain = game.res::<DailyChains>().chains[0].clone();
    let statuses: Vec<_> = chain.steps.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            DailyStepStatus::Blocked,
            DailyStepStatus::Blocked,
            DailyStepStatus::Claimable,
            DailyStepStatus::ClaimInFuture
        ]
    );

    // A claim of a missed day is refused with a typed error and grants nothing.
    game.send(ClaimDailyStep::new(chain.id, 1));
    game.run_until("the refusal", |w| {
        !w.resource::<crate::common::Seen>().failed.is_empty()
    });
    let failure = &game.seen().failed[0];
    assert_eq!(
        failure.request,
        LiveOpsRequest::from(ClaimDailyStep::new(chain.id, 1))
    );
    assert!(
        failure
            .error
            .api()
            .is_some_and(|e| e.is_step_not_claimable()),
        "{failure:?}"
    );
    assert!(game.seen().granted.is_empty());
    assert_eq!(game.owned("bob", "gold"), 0);

    // Today's step still works.
    game.send(ClaimDailyStep::new(chain.id, 3));
    game.run_until("today's grant", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 1
    });
    assert_eq!(game.owned("bob", "gems"), 5);
    assert_eq!(game.granted_total("gems"), 5);

    // Tomorrow, today's missed step would be blocked too, but day 4 opens.
    game.emu.clock().advance(DAY);
    game.send(RefreshLiveOps::all());
    game.run_until("day 4 opens", |w| {
        w.resource::<DailyChains>().chains[0].steps[3].status == DailyStepStatus::Claimable
    });
    assert_eq!(
        game.res::<DailyChains>().chains[0].steps[2].status,
        DailyStepStatus::Claimed
    );
}
