//! "Something to claim" counts for menus and buttons.

use bevy_ecs::prelude::*;

use crate::daily::DailyChains;
use crate::offers::OfferChains;
use crate::rewards::RewardChains;

/// How many things the player can claim now, per feature.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveOpsBadges {
    /// Claimable daily chain steps.
    pub daily: usize,
    /// Free offer chain steps claimable now.
    pub offers: usize,
    /// Reward chain steps whose price the balance has reached.
    pub rewards: usize,
}

impl LiveOpsBadges {
    /// Everything claimable now.
    pub fn total(&self) -> usize {
        self.daily + self.offers + self.rewards
    }
}

pub(crate) fn update_badges(
    daily: Res<DailyChains>,
    offers: Res<OfferChains>,
    rewards: Res<RewardChains>,
    mut badges: ResMut<LiveOpsBadges>,
) {
    let next = LiveOpsBadges {
        daily: daily.claimable().count(),
        offers: offers.claimable().count(),
        rewards: rewards.claimable().count(),
    };
    badges.set_if_neq(next);
}
