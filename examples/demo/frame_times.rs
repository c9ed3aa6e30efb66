//! Frame times with the LiveOps hub open and closed: the time from `First` to `Last` of each
//! frame (the game's own work), and the time from one frame's start to the next (with the
//! drawing and, in a browser, the wait for the page's next animation frame), filed under the
//! state the hub was drawn in.

use std::time::Duration;

// `std::time::Instant` is not there in a browser; Bevy's is.
use bevy::platform::time::Instant;

use bevy::prelude::*;
use bevy_xsolla_liveops::ui::LiveOpsHub;

pub struct FrameTimesPlugin;

impl Plugin for FrameTimesPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<FrameTimes>()
            .add_systems(First, start_frame)
            .add_systems(Last, end_frame);
    }
}

/// Recorded frame times.
#[derive(Resource, Default)]
pub struct FrameTimes {
    start: Option<Instant>,
    /// The start of the frame before, recorded or not.
    last_start: Option<Instant>,
    pub closed: Vec<Duration>,
    pub open: Vec<Duration>,
    /// From the start of the frame before to this one's.
    pub closed_intervals: Vec<Duration>,
    pub open_intervals: Vec<Duration>,
    /// Frames are recorded only while this is set.
    pub recording: bool,
}

fn start_frame(mut times: ResMut<FrameTimes>, hub: Res<LiveOpsHub>) {
    let now = Instant::now();
    if let Some(before) = times.last_start.replace(now)
        && times.recording
    {
        let interval = now - before;
        if hub.is_open() {
            times.open_intervals.push(interval);
        } else {
            times.closed_intervals.push(interval);
        }
    }
    times.start = Some(now);
}

fn end_frame(mut times: ResMut<FrameTimes>, hub: Res<LiveOpsHub>) {
    let Some(start) = times.start.take() else {
        return;
    };
    if times.recording {
        let took = start.elapsed();
        if hub.is_open() {
            times.open.push(took);
        } else {
            times.closed.push(took);
        }
    }
}

pub fn percentile(times: &[Duration], share: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
