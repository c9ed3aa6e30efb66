//! The setup the frame-cost measurements share: `benches/frame_cost.rs` (criterion) and
//! `benches/frame-instructions` (callgrind and wall-clock time on a release build) include this
//! file, so both measure the same app.

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator, Faults, Seed};

const T0: i64 = 1_735_689_600;

/// The emulator with the builtin seed, its clock ten days into the season.
pub fn start_emulator() -> Emulator {
    let emu =
        Emulator::start_blocking(Config::default().with_seed(Seed::builtin())).expect("emulator");
    emu.clock().set_unix(T0 + 10 * 86_400);
    emu
}

/// How the measured player gets in.
pub enum Player {
    /// A token handed over, as from the game's own backend.
    Token,
    /// Signed in through the plugin with a password (the builtin seed's `ada`).
    SignedIn,
}

/// The plugin with daily and offer chains, upsell and reward chains loaded, nothing in flight.
pub fn loaded_app(emu: &Emulator, player: Player) -> App {
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
    for _ in 0..20_000 {
        app.update();
        let world = app.world();
        if world.resource::<DailyChains>().origin == DataOrigin::Network
            && world.resource::<OfferChains>().origin == DataOrigin::Network
            && world.resource::<RewardChains>().origin == DataOrigin::Network
            && world.resource::<LiveOpsRuntime>().in_flight() == 0
        {
            return app;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the plugin did not load the emulator's data");
}

/// Makes the emulator hold every answer for two minutes, then sends 100 claims.
pub fn start_100_requests(emu: &Emulator, app: &mut App) {
    emu.set_faults(Faults {
        latency_ms: 120_000,
        ..Faults::default()
    });
    for chain in 0..100 {
        app.world_mut()
            .write_message(ClaimDailyStep::new(10_000 + chain, 1));
    }
    app.update();
    assert!(app.world().resource::<LiveOpsRuntime>().in_flight() >= 100);
}
