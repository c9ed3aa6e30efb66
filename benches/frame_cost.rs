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
use xsolla_liveops_emulator::{Config, Emulator, Faults, Seed};

const T0: i64 = 1_735_689_600;

fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    app.update();
    app
}

/// How the bench's player gets in.
enum Player {
    /// A token handed over, as from the game's own backend.
    Token,
    /// Signed in through the plugin with a password (the builtin seed's `ada`).
    SignedIn,
}

/// The plugin, logged in, with daily and offer chains, upsell and reward chains loaded.
fn loaded_app(emu: &Emulator, player: Player) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).add_plugins(
        LiveOpsPlugins::local_emulator(emu.project_id(), emu.base_url())
            .with_refresh_interval(Duration::from_secs(3600))
            .with_timeouts(Duration::from_secs(5), Duration::from_secs(60)),
    );
    match player {
        Player::Token => {
            let token = emu.mint_token("bench", Duration::from_secs(30 * 86_400));
            app.world_mut().write_message(SetUserToken(token));
        }
        Player::SignedIn => {
            app.world_mut()
                .write_message(SignIn::new("ada", "ada-plays-2026"));
        }
    }
    for _ in 0..5_000 {
        app.update();
        let w = app.world();
        if w.resource::<DailyChains>().origin == DataOrigin::Network
            && w.resource::<OfferChains>().origin == DataOrigin::Network
            && w.resource::<LiveOpsRuntime>().in_flight() == 0
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(
        app.world().resource::<DailyChains>().origin,
        DataOrigin::Network
    );
    app
}

/// Sends 100 claims that the slow emulator holds for a long time.
fn start_100_requests(app: &mut App) {
    for chain in 0..100 {
        app.world_mut()
            .write_message(ClaimDailyStep::new(10_000 + chain, 1));
    }
    app.update();
    assert!(app.world().resource::<LiveOpsRuntime>().in_flight() >= 100);
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
    let emu =
        Emulator::start_blocking(Config::default().with_seed(Seed::builtin())).expect("emulator");
    emu.clock().set_unix(T0 + 10 * 86_400);
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

    // The emulator now holds every answer for two minutes.
    emu.set_faults(Faults {
        latency_ms: 120_000,
        ..Faults::default()
    });
    start_100_requests(&mut app);
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
