//! What the small examples share: the emulator on the demo game's seed, a player's token, the
//! engine without a window, the checkout page paid as a browser pays it, and a run loop that
//! ends a `--headless` run with one line.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator, Seed, checkout};

#[cfg(feature = "egui")]
pub mod ui;

/// The player every example plays as.
pub const PLAYER: &str = "ada";

/// The demo game's LiveOps project: a 7-day calendar, the Hero's path offer chain, coupons,
/// upsell and the Hero's journey reward chain.
const SEED: &str = include_str!("../../assets/liveops/demo-seed.json");

/// 2026-03-02 09:00 UTC, a Monday: day 1 of the seed's weekly calendar.
const MONDAY_MORNING: i64 = 1_772_442_000;

/// How long a `--headless` run may take before it fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The emulator, kept in the world so an example can read the player's inventory there.
#[derive(Resource)]
pub struct Server(pub Emulator);

impl Server {
    /// How many of `sku` the player owns on the server.
    pub fn owned(&self, sku: &str) -> i64 {
        let items = self.0.inventory(PLAYER).unwrap_or_default();
        items
            .into_iter()
            .find(|(s, _)| s == sku)
            .map_or(0, |(_, n)| n)
    }
}

/// Starts the emulator on the demo seed, its clock on a Monday morning, and mints a token for
/// [`PLAYER`] (a game gets it from Xsolla Login).
pub fn start() -> (Emulator, String) {
    let seed = Seed::from_json(SEED).expect("the demo seed");
    let emulator =
        Emulator::start_blocking(Config::default().with_seed(seed)).expect("the emulator starts");
    emulator.clock().set_unix(MONDAY_MORNING);
    let token = emulator.mint_token(PLAYER, Duration::from_secs(30 * 86_400));
    (emulator, token)
}

/// True when the example was started with `--headless`.
pub fn headless() -> bool {
    std::env::args().skip(1).any(|arg| arg == "--headless")
}

/// The engine without a window or GPU, with logging.
pub fn minimal_engine() -> (MinimalPlugins, bevy::log::LogPlugin) {
    (MinimalPlugins, log())
}

/// Bevy's logging, without the emulator's line per request.
pub fn log() -> bevy::log::LogPlugin {
    bevy::log::LogPlugin {
        filter: format!("{},xsolla_liveops_emulator=warn", bevy::log::DEFAULT_FILTER),
        ..default()
    }
}

/// The items of a grant, as `gold ×100, health_potion ×2`.
pub fn items(granted: &RewardsGranted) -> String {
    let items = granted.inventory_items();
    let items: Vec<_> = items
        .iter()
        .map(|i| format!("{} ×{}", i.sku, i.quantity))
        .collect();
    items.join(", ")
}

/// What an example checks after each frame: `None` while it waits, then its success line or
/// why it failed.
pub type Check = fn(&World) -> Option<Result<String, String>>;

/// Runs the app. Headless: frames at 60 a second until `check` answers (at most a minute),
/// then prints `NAME: ok, …` and exits with 0, or prints why it failed and exits with 1. With a
/// window: runs until the player closes it, printing the success line once.
pub fn run(mut app: App, name: &'static str, headless: bool, check: Check) -> AppExit {
    app.add_systems(Update, print_failures);
    if !headless {
        app.add_systems(Last, move |world: &mut World, mut said: Local<bool>| {
            if let Some(Ok(line)) = check(world).filter(|_| !*said) {
                println!("{name}: ok, {line}");
                *said = true;
            }
        });
        return app.run();
    }
    app.finish();
    app.cleanup();
    let start = Instant::now();
    while start.elapsed() < TIMEOUT {
        let frame = Instant::now();
        app.update();
        match check(app.world()) {
            Some(Ok(line)) => {
                println!("{name}: ok, {line}");
                return AppExit::Success;
            }
            Some(Err(why)) => {
                eprintln!("{name}: FAILED: {why}");
                return AppExit::error();
            }
            None => std::thread::sleep(Duration::from_millis(16).saturating_sub(frame.elapsed())),
        }
    }
    let status = app.world().resource::<LiveOpsStatus>();
    eprintln!("{name}: FAILED: not done after {TIMEOUT:?} (LiveOps status: {status:?})");
    AppExit::error()
}

fn print_failures(mut failed: MessageReader<LiveOpsFailed>) {
    for failure in failed.read() {
        eprintln!("  {:?} failed: {}", failure.request, failure.error);
    }
}

/// Pays an order on the emulator's checkout page as a browser does: posts the page's form
/// with the sandbox card that pays. A game opens `payment.url` for the player instead.
pub fn pay_on_checkout_page(payment: &PaymentRequired) -> Result<(), String> {
    checkout::pay(&payment.url, payment.token.expose_secret()).map_err(|e| e.to_string())
}
