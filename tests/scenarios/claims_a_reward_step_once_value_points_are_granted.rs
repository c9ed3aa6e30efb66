//! Value points earned elsewhere fill a reward chain; its step is claimed once the balance
//! reaches the price, and granted once.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

#[test]
fn claims_a_reward_step_once_value_points_are_granted() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 3 * DAY, |p| {
        only(p, &[LiveOpsFeature::REWARDS])
    });
    game.login("lena", Duration::from_secs(30 * 86_400));
    game.run_until("the reward chains load", |w| {
        w.resource::<RewardChains>().origin == DataOrigin::Network
    });
    let chain = game.res::<RewardChains>().chains[0].clone();
    let first = chain.steps[0].clone();
    assert_eq!(chain.balance(), 0);
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::REWARDS), 0);

    // Too early: the server refuses, nothing is granted.
    game.send(ClaimRewardStep::new(chain.reward_chain_id, first.step_id));
    game.run_until("the refusal", |w| {
        !w.resource::<crate::common::Seen>().failed.is_empty()
    });
    let failure = game.seen().failed[0].clone();
    assert_eq!(
        failure.request,
        LiveOpsRequest::from(ClaimRewardStep::new(chain.reward_chain_id, first.step_id))
    );
    assert!(
        failure
            .error
            .api()
            .is_some_and(|e| e.is_step_not_claimable()),
        "{failure:?}"
    );

    // The player earns value points; the plugin reads the new balance.
    let price = first.price.amount;
    game.emu
        .grant_value_points("lena", &chain.value_point.sku.0, price)
        .unwrap();
    game.send(RefreshLiveOps::all());
    game.run_until("the balance shows", |w| {
        w.resource::<RewardChains>().balance(chain.reward_chain_id) == Some(price)
    });
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::REWARDS), 1);

    for _ in 0..3 {
        game.send(ClaimRewardStep::new(chain.reward_chain_id, first.step_id));
    }
    game.run_until("the grant", |w| {
        !w.resource::<crate::common::Seen>().granted.is_empty()
    });
    game.run_until("the step shows claimed", |w| {
        let r = w.resource::<RewardChains>();
        r.chains[0].steps[0].is_claimed && !r.is_claiming(chain.reward_chain_id, first.step_id)
    });
    game.frames(30);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), 1);
    assert_eq!(
        seen.granted[0].source,
        GrantSource::Reward {
            chain: chain.reward_chain_id,
            step: first.step_id
        }
    );
    for item in &first.reward {
        assert_eq!(
            game.owned("lena", &item.sku.0),
            game.granted_total(&item.sku.0),
            "{}",
            item.sku
        );
    }
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::REWARDS), 0);
}
