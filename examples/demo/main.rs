//! Meadow Hero: a small 2D game with Xsolla LiveOps in play.
//!
//! The hero walks a meadow collecting stars; daily rewards, the offer chain, upsell, codes and
//! the reward chain live in the LiveOps hub (L). The game runs on a LiveOps emulator inside the
//! process, loaded from `assets/liveops/demo-seed.json` (built into the program), or on a server
//! given on the command line. Pictures are read from `assets/` (see `backend::asset_root`).
//!
//! ```text
//! cargo run --example demo                      # play
//! cargo run --example demo -- --headless        # the scripted session, no window
//! cargo run --example demo -- --screenshot hub.png --tab offers
//! cargo run --example demo -- --base-url https://store.xsolla.com/api --project-id 44056 \
//!     --login-client-id 1234            # players sign in through Xsolla Login
//! XSOLLA_TOKEN=… cargo run --example demo -- --base-url https://store.xsolla.com/api --project-id 44056
//! ```
//!
//! Where to look when adding LiveOps to a game:
//! - `main.rs`: the plugins (`LiveOpsPlugins`, the hub) and the app;
//! - `login.rs`: signing the player in (and out) with the plugin and its sign-in panel;
//! - `inventory.rs`, `hud.rs`: `RewardsGranted` feeding the game's inventory, badges and toasts;
//! - `notices.rs`: welcome back (`RewardsWaiting`), a reward ready during play (`RewardReady`)
//!   and the reminder for the next unlock (`LiveOps::next_unlock`);
//! - `checkout.rs`: `PaymentRequired` → Pay Station → the payment-done request;
//! - `script.rs`: the whole loop as a script, checked against the server (`--headless`).

mod args;
mod backend;
mod checkout;
mod debug;
mod frame_times;
mod headless;
mod hub;
mod hud;
mod icon_server;
mod inventory;
mod layout;
mod login;
mod notices;
mod scene;
mod screenshot;
mod script;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use bevy_xsolla_liveops::prelude::*;

use args::Args;
use backend::Backend;

/// Which screen the game is on.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// The start screen: sign in.
    #[default]
    Login,
    /// The meadow.
    Playing,
}

fn main() -> AppExit {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("{problem}\n");
            }
            eprint!("{}", args::USAGE);
            return AppExit::error();
        }
    };
    let backend = match Backend::start(&args) {
        Ok(backend) => backend,
        Err(problem) => {
            eprintln!("{problem}");
            return AppExit::error();
        }
    };
    if backend.emulator().is_some() {
        println!("LiveOps emulator: {}", backend.base_url());
    }
    let liveops = liveops_plugins(&backend);
    let mut app = App::new();
    if args.headless {
        headless::add_engine(&mut app);
    } else {
        app.add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Meadow Hero · bevy_xsolla_liveops demo".into(),
                        resolution: WindowResolution::new(1280, 720),
                        resizable: false,
                        ..default()
                    }),
                    ..default()
                })
                .set(backend::asset_plugin()),
        );
    }
    app.add_plugins(EguiPlugin::default())
        .add_plugins(liveops)
        .init_state::<Screen>()
        .insert_resource(backend)
        .insert_resource(args.clone())
        .add_plugins((
            scene::ScenePlugin,
            inventory::InventoryPlugin,
            login::LoginPlugin,
            hud::HudPlugin,
            notices::NoticesPlugin,
            hub::HubPlugin,
            checkout::CheckoutPlugin,
            debug::DebugPlugin,
        ));
    if let Some(layout) = layout::LayoutPlugin::from_env() {
        app.add_plugins(layout);
    }
    if args.headless {
        app.add_plugins(script::ScriptPlugin::session());
    } else if args.tab == Some(args::Tab::SignIn) {
        app.add_plugins(screenshot::ScreenshotPlugin);
    } else if args.screenshot.is_some() {
        app.add_plugins((
            script::ScriptPlugin::warm_up(),
            screenshot::ScreenshotPlugin,
        ));
    }
    app.run()
}

/// The LiveOps plugins for the backend: every feature, with Pay Station in sandbox mode.
fn liveops_plugins(backend: &Backend) -> LiveOpsPlugins {
    match backend {
        Backend::Local(_) => {
            LiveOpsPlugins::local_emulator(backend.project_id(), backend.base_url())
        }
        Backend::Remote {
            login_url,
            login_client_id,
            ..
        } => {
            let mut plugins = LiveOpsPlugins::new(backend.project_id())
                .with_base_url(backend.base_url())
                .with_sandbox_payments(true);
            if let Some(url) = login_url {
                plugins = plugins.with_login_url(url.clone());
            }
            if let Some(id) = login_client_id {
                plugins = plugins.with_login(*id);
            }
            plugins
        }
    }
}
