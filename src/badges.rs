//! "Something to claim" counts for menus and buttons.

use bevy_ecs::prelude::*;

use crate::feature_id::LiveOpsFeature;

/// How many things the player can claim now, per added feature.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveOpsBadges {
    counts: Vec<(LiveOpsFeature, usize)>,
    loaded: Vec<LiveOpsFeature>,
}

impl LiveOpsBadges {
    /// What can be claimed now in one feature (0 for a feature that is not added).
    pub fn get(&self, feature: LiveOpsFeature) -> usize {
        self.counts
            .iter()
            .find(|(f, _)| *f == feature)
            .map_or(0, |(_, n)| *n)
    }

    /// Everything claimable now.
    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// Each added feature with its count.
    pub fn iter(&self) -> impl Iterator<Item = (LiveOpsFeature, usize)> + '_ {
        self.counts.iter().copied()
    }

    pub(crate) fn track(&mut self, feature: LiveOpsFeature) {
        if !self.counts.iter().any(|(f, _)| *f == feature) {
            self.counts.push((feature, 0));
        }
    }

    /// True once every added feature shows the server's data for the current player: the
    /// counts are the server's, not a cache's or a previous player's.
    pub fn all_loaded(&self) -> bool {
        self.counts.iter().all(|(f, _)| self.loaded.contains(f))
    }

    pub(crate) fn set(&mut self, feature: LiveOpsFeature, count: usize, loaded: bool) {
        if let Some((_, n)) = self.counts.iter_mut().find(|(f, _)| *f == feature)
            && *n != count
        {
            *n = count;
        }
        let known = self.loaded.contains(&feature);
        if loaded && !known {
            self.loaded.push(feature);
        } else if !loaded && known {
            self.loaded.retain(|f| *f != feature);
        }
    }
}
