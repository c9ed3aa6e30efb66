//! What the plugin costs per frame: an app with `MinimalPlugins` alone, the same app with the
//! plugin holding loaded state (idle) for a player whose token was handed over, the same for a
//! player signed in through the plugin (its renewal watch running), and with 100 requests in
//! flight against a slow emulator.
//! Then the median, 99th-percentile and worst frame over 3,000 frames, idle and with 100 requests
//! in flight.
//!
//! ```text
//! cargo bench -p bevy_xsolla_liveops --bench frame_cost
//! ```
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use criterion::{Criterion, criterion_group, criterion_main};
use xsolla_liveops_emulator::Faults;

mod common;

use common::{Player, loaded_app, start_100_requests, start_emulator};

fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    app.update();
    app
}

/// Median, 99th percentile and worst of `frames` frames.
fn frame_times(app: &mut App, frames: usize) -> [Duration; 3] {
    let mut times: Vec<Duration> = (0..frames)
        .map(|_| {
            let t = Instant::now();
            app.update();
            t.elapsed()
        })
        .collect();
    times.sort();
    [
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times[times.len() - 1],
    ]
}

fn bench(c: &mut Criterion) {
    let emu = start_emulator();
    let mut bare = bare_app();
    let mut signed_in = loaded_app(&emu, Player::SignedIn);
    assert!(signed_in.world().resource::<LiveOpsSignIn>().is_signed_in());
    let mut app = loaded_app(&emu, Player::Token);

    let mut group = c.benchmark_group("frame");
    group.bench_function("minimal_plugins", |b| b.iter(|| bare.update()));
    group.bench_function("with_plugin_idle", |b| b.iter(|| app.update()));
    group.bench_function("with_plugin_signed_in_idle", |b| {
        b.iter(|| signed_in.update())
    });
    drop(signed_in);
    let [idle_median, idle_p99, idle_worst] = frame_times(&mut app, 3_000);

    start_100_requests(&emu, &mut app);
    group.bench_function("with_plugin_100_in_flight", |b| b.iter(|| app.update()));
    group.finish();
    let [busy_median, busy_p99, busy_worst] = frame_times(&mut app, 3_000);
    assert!(
        app.world().resource::<LiveOpsRuntime>().in_flight() >= 100,
        "the requests stayed in flight"
    );
    println!(
        "3,000 frames idle: median {idle_median:?}, p99 {idle_p99:?}, worst {idle_worst:?}; \
         with 100 requests in flight: median {busy_median:?}, p99 {busy_p99:?}, worst {busy_worst:?}; \
         p99 ratio {:.2}, worst ratio {:.2}",
        busy_p99.as_secs_f64() / idle_p99.as_secs_f64(),
        busy_worst.as_secs_f64() / idle_worst.as_secs_f64()
    );
    emu.set_faults(Faults::default());
}

criterion_group!(benches, bench);
criterion_main!(benches);
