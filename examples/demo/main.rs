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
//! bash scripts/web-demo                         # in a browser: http://127.0.0.1:8780/
//! ```
//!
//! In a browser (`wasm32`, WebGL2) the same game plays on the emulator that serves the page;
//! what differs there is in `web.rs`.
//!
//! Where to look when adding LiveOps to a game:
//! - `main.rs`: the plugins (`LiveOpsPlugins`, the hub) and the app;
//! - `login.rs`: signing the player in (and out) with the plugin and its sign-in panel;
//! - `inventory.rs`, `hud.rs`: `RewardsGranted` feeding the game's inventory, badges and toasts;
//! - `notices.rs`: welcome back (`RewardsWaiting`), a reward ready during play (`RewardReady`)
//!   and the reminder for the next unlock (`LiveOps::next_unlock`);
//! - `checkout.rs`: `PaymentRequired` → Pay Station → the payment-done request;
//! - `script.rs`: the whole loop as a script, checked against the server (`--headless`).

/// A line of the scripted session's report: on standard output natively, on the browser's
/// console on the web (where a test reads it).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::report_line(&format!($($arg)*))
    };
}

/// Items of the native build only, not of the browser's: one `cfg` for the whole list.
macro_rules! native {
    ($($item:item)*) => {
        $(#[cfg(not(target_arch = "wasm32"))] $item)*
    };
}

mod backend;
mod checkout;
mod debug;
mod frame_times;
mod hub;
mod hud;
mod inventory;
mod login;
mod notices;
mod scene;
mod script;

native! {
    mod args;
    mod headless;
    mod icon_server;
    mod layout;
    mod screenshot;
}

#[cfg(target_arch = "wasm32")]
mod web;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use bevy_xsolla_liveops::prelude::*;

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

#[cfg(not(target_arch = "wasm32"))]
fn main() -> AppExit {
    use args::Args;

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
    let mut app = App::new();
    if args.headless {
        headless::add_engine(&mut app);
    } else {
        app.add_plugins(
            DefaultPlugins
                .set(window_plugin())
                .set(backend::asset_plugin()),
        );
    }
    add_game(&mut app, backend);
    app.insert_resource(args.clone());
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

/// In a browser: the game on the page's canvas, on the emulator that served the page (or the
/// server in the page's address, `?base_url=…&project_id=…`); `?script=1` plays the scripted
/// session and reports it on the console.
#[cfg(target_arch = "wasm32")]
fn main() {
    let page = web::PageOptions::from_location();
    let backend = Backend::start(&page);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(window_plugin())
            .set(backend::asset_plugin()),
    );
    add_game(&mut app, backend);
    app.add_plugins(web::WebPlugin { page });
    app.run();
}

/// The game window: 1280×720; in a browser, the page's `#meadow-hero` canvas.
fn window_plugin() -> WindowPlugin {
    WindowPlugin {
        primary_window: Some(Window {
            title: "Meadow Hero · bevy_xsolla_liveops demo".into(),
            resolution: WindowResolution::new(1280, 720),
            resizable: false,
            #[cfg(target_arch = "wasm32")]
            canvas: Some("#meadow-hero".into()),
            // The game's keys (arrows, L, F2) are the game's, not the page's.
            #[cfg(target_arch = "wasm32")]
            prevent_default_event_handling: true,
            ..default()
        }),
        ..default()
    }
}

/// The game itself, on whatever engine `app` has: LiveOps, the meadow, the HUD, the hub.
fn add_game(app: &mut App, backend: Backend) {
    let liveops = liveops_plugins(&backend);
    app.add_plugins(EguiPlugin::default())
        .add_plugins(liveops)
        .init_state::<Screen>()
        .insert_resource(backend)
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
}

/// Writes one line of the session's report (see `say!`).
pub fn report_line(line: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
    #[cfg(target_arch = "wasm32")]
    web::console_log(line);
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
