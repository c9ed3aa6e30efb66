//! When to read each feature again: at unlock and reset boundaries, after failures with
//! back-off, and at the configured interval. A boundary is a stored time compared once a frame,
//! not a network poll.

use bevy_ecs::prelude::*;

use crate::clock::ServerClock;
use crate::feature_id::LiveOpsFeature;
use crate::messages::RefreshLiveOps;
use crate::time::ServerTime;

/// The next read of each added feature.
#[derive(Resource, Debug, Default)]
pub struct RefreshSchedule {
    due: Vec<(LiveOpsFeature, Option<ServerTime>)>,
}

impl RefreshSchedule {
    pub(crate) fn enable(&mut self, feature: LiveOpsFeature) {
        if !self.due.iter().any(|(f, _)| *f == feature) {
            self.due.push((feature, None));
        }
    }

    fn slot(&mut self, feature: LiveOpsFeature) -> Option<&mut Option<ServerTime>> {
        self.due
            .iter_mut()
            .find(|(f, _)| *f == feature)
            .map(|(_, due)| due)
    }

    /// When `feature` is read next, if scheduled.
    pub fn due(&self, feature: LiveOpsFeature) -> Option<ServerTime> {
        self.due
            .iter()
            .find(|(f, _)| *f == feature)
            .and_then(|(_, due)| *due)
    }

    /// Schedules a read of `feature` at `at`, or earlier if one is already due sooner.
    pub fn at(&mut self, feature: LiveOpsFeature, at: ServerTime) {
        if let Some(due) = self.slot(feature) {
            *due = Some(due.map_or(at, |d| d.min(at)));
        }
    }

    /// Replaces the next read of `feature`.
    pub(crate) fn set(&mut self, feature: LiveOpsFeature, at: ServerTime) {
        if let Some(due) = self.slot(feature) {
            *due = Some(at);
        }
    }

    /// Makes every added feature due now (a new player).
    pub(crate) fn all_due_now(&mut self) {
        for (_, due) in &mut self.due {
            *due = Some(ServerTime::EPOCH);
        }
    }

    pub(crate) fn earliest(&self) -> Option<ServerTime> {
        self.due.iter().filter_map(|(_, d)| *d).min()
    }
}

/// Writes [`RefreshLiveOps`] for every feature whose time has come.
pub(crate) fn fire_due_refreshes(
    mut schedule: ResMut<RefreshSchedule>,
    clock: Res<ServerClock>,
    mut out: MessageWriter<RefreshLiveOps>,
) {
    let now = clock.now();
    for (feature, due) in &mut schedule.due {
        if due.is_some_and(|d| d <= now) {
            *due = None;
            out.write(RefreshLiveOps::only(*feature));
        }
    }
}
