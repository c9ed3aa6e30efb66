//! What the plugin costs per frame on a release build: an app with `MinimalPlugins` alone, the
//! same app with the plugin idle (data loaded, a token handed over), idle for a player signed in
//! through the plugin (its renewal watch running), and with 100 requests in flight.
//!
//! `frame_instructions wall` times each case natively, first on Bevy's multi-threaded executor
//! (as a game runs), then on the single-threaded one: the mean frame of each of 40 batches of
//! 500 frames, and the fastest batch, which is the figure least disturbed by other work on the
//! machine. `frame_instructions count` runs each case on the single-threaded executor, once for
//! [`COUNTED_FRAMES`] frames inside one call of `count_frames`, for `run.sh` to count the
//! instructions of each under callgrind, whatever else the machine is doing.
//! `frame_instructions list` prints how many systems the plugin adds to each schedule.
//!
//! ```text
//! bash benches/frame-instructions/run.sh
//! ```

use std::time::{Duration, Instant};

use bevy::ecs::schedule::SingleThreadedExecutor;
use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Emulator, Faults};

#[path = "../../common/mod.rs"]
mod common;

use common::{Player, start_emulator};

/// Frames per counted case.
const COUNTED_FRAMES: usize = 2_000;
const BATCHES: usize = 40;
const BATCH_FRAMES: usize = 500;

fn bare_app() -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    settle(&mut app);
    app
}

/// The plugin with its data loaded (`common::loaded_app`), after the frames that announce it.
fn loaded_app(emu: &Emulator, player: Player) -> App {
    let mut app = common::loaded_app(emu, player);
    settle(&mut app);
    app
}

/// Runs the frames after a change, in which outcomes are announced and badges counted once.
fn settle(app: &mut App) {
    for _ in 0..10 {
        app.update();
    }
}

/// Sends 100 claims that the emulator holds for two minutes.
fn start_100_requests(emu: &Emulator, app: &mut App) {
    common::start_100_requests(emu, app);
    settle(app);
}

fn frames(app: &mut App, count: usize) {
    for _ in 0..count {
        app.update();
    }
}

/// The frames `run.sh` counts: callgrind zeroes its counters on entry and writes them out on
/// return, one file per call, in the order of the cases.
#[inline(never)]
fn count_frames(app: &mut App) {
    frames(app, COUNTED_FRAMES);
}

/// Runs every schedule on the calling thread, so the frame's whole work is on the main thread,
/// which is the one `run.sh` counts (the runtime's and the emulator's threads are not the
/// frame's work).
fn single_threaded(app: &mut App) {
    for (_, schedule) in app.world_mut().resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(SingleThreadedExecutor::new());
    }
    settle(app);
}

/// Prints, per schedule, the systems the plugin adds (those of the loaded app and not of the
/// bare one).
fn list_systems(bare: &mut App, loaded: &mut App) {
    let names = |app: &mut App| -> Vec<(String, Vec<String>)> {
        let schedules = app.world().resource::<Schedules>();
        let mut all: Vec<(String, Vec<String>)> = schedules
            .iter()
            .filter_map(|(label, schedule)| {
                let systems = schedule.systems().ok()?;
                Some((
                    format!("{label:?}"),
                    systems.map(|(_, s)| s.name().to_string()).collect(),
                ))
            })
            .collect();
        all.sort();
        all
    };
    let bare = names(bare);
    for (label, systems) in names(loaded) {
        let before = bare
            .iter()
            .find(|(l, _)| *l == label)
            .map_or(0, |(_, s)| s.len());
        let mut added: Vec<&String> = systems
            .iter()
            .filter(|name| !bare.iter().any(|(l, s)| *l == label && s.contains(name)))
            .collect();
        added.sort();
        println!(
            "{label}: {} systems, {} of the plugin",
            systems.len(),
            systems.len() - before
        );
        for name in added {
            println!("    {name}");
        }
    }
}

/// The fastest and the median batch mean, per frame.
fn wall(app: &mut App) -> (Duration, Duration) {
    let mut means: Vec<Duration> = (0..BATCHES)
        .map(|_| {
            let start = Instant::now();
            frames(app, BATCH_FRAMES);
            start.elapsed() / BATCH_FRAMES as u32
        })
        .collect();
    means.sort();
    (means[0], means[BATCHES / 2])
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "wall".to_owned());
    if !["wall", "count", "list"].contains(&mode.as_str()) {
        eprintln!("usage: frame_instructions [wall|count|list] (not {mode:?})");
        std::process::exit(2);
    }
    let counting = mode == "count";
    let emu = start_emulator();
    let mut bare = bare_app();
    let mut idle = loaded_app(&emu, Player::Token);
    let mut signed_in = loaded_app(&emu, Player::SignedIn);
    assert!(signed_in.world().resource::<LiveOpsSignIn>().is_signed_in());

    if mode == "list" {
        list_systems(&mut bare, &mut idle);
        return;
    }
    if counting {
        for app in [&mut bare, &mut idle, &mut signed_in] {
            single_threaded(app);
        }
        count_frames(&mut bare);
        count_frames(&mut idle);
        count_frames(&mut signed_in);
        start_100_requests(&emu, &mut idle);
        count_frames(&mut idle);
        println!("counted {COUNTED_FRAMES} frames per case");
    } else {
        let cases: [(&str, &mut App); 3] = [
            ("minimal_plugins", &mut bare),
            ("with_plugin_idle", &mut idle),
            ("with_plugin_signed_in_idle", &mut signed_in),
        ];
        let mut figures = Vec::new();
        for (name, app) in cases {
            figures.push((name, wall(app)));
        }
        // The same on the single-threaded executor: the time of the frames callgrind counts.
        for (name, app) in [
            ("minimal_plugins, 1 thread", &mut bare),
            ("with_plugin_idle, 1 thread", &mut idle),
        ] {
            single_threaded(app);
            figures.push((name, wall(app)));
        }
        start_100_requests(&emu, &mut idle);
        figures.push(("with_plugin_100_in_flight, 1 thread", wall(&mut idle)));
        for (name, (fastest, median)) in figures {
            println!(
                "{name:<36} fastest batch {:>8.2} µs/frame, median batch {:>8.2} µs/frame",
                fastest.as_secs_f64() * 1e6,
                median.as_secs_f64() * 1e6
            );
        }
    }
    assert!(
        idle.world().resource::<LiveOpsRuntime>().in_flight() >= 100,
        "the requests stayed in flight"
    );
    emu.set_faults(Faults::default());
}
