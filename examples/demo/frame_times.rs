//! Frame times with the LiveOps hub open and closed: the time from `First` to `Last` of each
//! frame, filed under the state the hub was drawn in.

use std::time::{Duration, Instant};

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
    pub closed: Vec<Duration>,
    pub open: Vec<Duration>,
    /// Frames are recorded only while this is set.
    pub recording: bool,
}

fn start_frame(mut times: ResMut<FrameTimes>) {
    times.start = Some(Instant::now());
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
