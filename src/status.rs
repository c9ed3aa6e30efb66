//! [`LiveOpsStatus`]: loading, ready, offline or unavailable, and why.

use bevy_ecs::prelude::*;

use crate::error::LiveOpsError;
use crate::settings::LiveOpsSettings;
use crate::time::ServerTime;

/// Whether the plugin's data is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadState {
    /// Nothing has come from the network yet.
    #[default]
    Loading,
    /// The last reads succeeded.
    Ready,
    /// The last read failed; shown data (if any) comes from earlier or from the cache.
    Offline,
    /// The plugin's network runtime did not start; [`LiveOpsStatus::last_error`] says why.
    Unavailable,
}

/// Loading, ready, offline or unavailable, with the last error and when the next read is due.
#[derive(Resource, Debug, Clone, Default)]
pub struct LiveOpsStatus {
    /// The state.
    pub state: LoadState,
    /// The last read error, cleared by a successful read.
    pub last_error: Option<LiveOpsError>,
    /// When the next read after a failure is due.
    pub next_retry_at: Option<ServerTime>,
    failures: u32,
}

impl LiveOpsStatus {
    /// A status that says the runtime did not start, and why.
    pub(crate) fn unavailable(error: LiveOpsError) -> Self {
        Self {
            state: LoadState::Unavailable,
            last_error: Some(error),
            next_retry_at: None,
            failures: 0,
        }
    }

    pub(crate) fn succeeded(&mut self) {
        if self.state == LoadState::Unavailable {
            return;
        }
        self.state = LoadState::Ready;
        self.last_error = None;
        self.next_retry_at = None;
        self.failures = 0;
    }

    /// Records a failed read at `now` and returns when to read again.
    pub(crate) fn failed(
        &mut self,
        error: LiveOpsError,
        now: ServerTime,
        settings: &LiveOpsSettings,
    ) -> ServerTime {
        if self.state != LoadState::Unavailable {
            self.state = LoadState::Offline;
        }
        self.last_error = Some(error);
        self.failures = self.failures.saturating_add(1);
        let wait = settings
            .offline_retry
            .saturating_mul(1u32 << self.failures.saturating_sub(1).min(16))
            .min(settings.refresh_interval.max(settings.offline_retry))
            .max(std::time::Duration::from_millis(1));
        let at = now + wait;
        self.next_retry_at = Some(at);
        at
    }
}
