//! When to read each feature again: at unlock and reset boundaries, after failures with
//! back-off, and at the configured interval. A boundary is a stored time compared once a frame,
//! not a network poll.

use bevy_ecs::prelude::*;

use crate::clock::ServerClock;
use crate::outcome::LiveOpsFeature;
use crate::session::LiveOpsSession;

/// Asks the plugin to read a feature again (`Some`) or all of them (`None`).
#[derive(Message, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshLiveOps {
    /// The feature, or every loaded feature.
    pub feature: Option<LiveOpsFeature>,
}

impl RefreshLiveOps {
    /// Every loaded feature.
    pub fn all() -> Self {
        Self { feature: None }
    }

    /// One feature.
    pub fn only(feature: LiveOpsFeature) -> Self {
        Self {
            feature: Some(feature),
        }
    }

    /// Whether this request covers `feature`.
    pub fn includes(&self, feature: LiveOpsFeature) -> bool {
        self.feature.is_none_or(|f| f == feature)
    }
}

const FEATURES: usize = 4;

fn slot(feature: LiveOpsFeature) -> usize {
    match feature {
        LiveOpsFeature::Daily => 0,
        LiveOpsFeature::Offers => 1,
        LiveOpsFeature::Upsell => 2,
        LiveOpsFeature::Rewards => 3,
    }
}

/// Every feature, in slot order.
pub(crate) const ALL: [LiveOpsFeature; FEATURES] = [
    LiveOpsFeature::Daily,
    LiveOpsFeature::Offers,
    LiveOpsFeature::Upsell,
    LiveOpsFeature::Rewards,
];

/// The next read of each feature, server Unix milliseconds.
#[derive(Resource, Debug, Default)]
pub struct RefreshSchedule {
    due: [Option<i64>; FEATURES],
    enabled: [bool; FEATURES],
}

impl RefreshSchedule {
    pub(crate) fn enable(&mut self, feature: LiveOpsFeature) {
        self.enabled[slot(feature)] = true;
    }

    /// When `feature` is read next, if scheduled.
    pub fn due(&self, feature: LiveOpsFeature) -> Option<i64> {
        self.due[slot(feature)]
    }

    /// Schedules a read of `feature` at `at`, or earlier if one is already due sooner.
    pub fn at(&mut self, feature: LiveOpsFeature, at: i64) {
        let due = &mut self.due[slot(feature)];
        *due = Some(due.map_or(at, |d| d.min(at)));
    }

    /// Replaces the next read of `feature`.
    pub(crate) fn set(&mut self, feature: LiveOpsFeature, at: i64) {
        self.due[slot(feature)] = Some(at);
    }
}

/// Whether this frame's refresh requests cover `feature`, when it is loaded at all.
pub(crate) fn wants_refresh(
    requests: &mut MessageReader<RefreshLiveOps>,
    settings: &crate::LiveOpsSettings,
    feature: LiveOpsFeature,
) -> bool {
    let asked = requests
        .read()
        .fold(false, |any, r| any | r.includes(feature));
    asked && settings.features.contains(feature)
}

/// Whether a feature's read is due now.
pub(crate) fn refresh_due(
    schedule: Res<RefreshSchedule>,
    clock: Res<ServerClock>,
    session: Res<LiveOpsSession>,
) -> bool {
    session.is_ready()
        && schedule
            .due
            .iter()
            .flatten()
            .min()
            .is_some_and(|&d| d <= clock.now_millis())
}

/// Writes [`RefreshLiveOps`] for every feature whose time has come.
pub(crate) fn fire_due_refreshes(
    schedule: Res<RefreshSchedule>,
    clock: Res<ServerClock>,
    session: Res<LiveOpsSession>,
    mut out: MessageWriter<RefreshLiveOps>,
    mut commands: Commands,
) {
    if !session.is_ready() {
        return;
    }
    let now = clock.now_millis();
    if !schedule.due.iter().any(|d| d.is_some_and(|d| d <= now)) {
        return;
    }
    let mut fired = Vec::new();
    for feature in ALL {
        if schedule.enabled[slot(feature)] && schedule.due[slot(feature)].is_some_and(|d| d <= now)
        {
            out.write(RefreshLiveOps::only(feature));
            fired.push(feature);
        }
    }
    commands.queue(move |world: &mut World| {
        let mut schedule = world.resource_mut::<RefreshSchedule>();
        for feature in fired {
            schedule.due[slot(feature)] = None;
        }
    });
}

impl RefreshSchedule {
    /// Makes every loaded feature due now (a new player).
    pub(crate) fn all_due_now(&mut self) {
        for feature in ALL {
            if self.enabled[slot(feature)] {
                self.due[slot(feature)] = Some(i64::MIN);
            }
        }
    }
}
