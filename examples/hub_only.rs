//! The ready hub in an otherwise empty app: `LiveOpsUiPlugin` draws a button with a badge and
//! a window with a tab per feature. With rewards waiting it opens by itself on the daily tab
//! (`with_welcome_back`); F9 opens and closes it.
//!
//! ```text
//! cargo run --example hub_only                # a window to play in
//! cargo run --example hub_only -- --headless  # no window, no GPU: clicks Claim Day 1 and exits
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::LiveOpsUiPlugin;
use common::Server;
use common::ui::Screen;

fn main() -> AppExit {
    let headless = common::headless();
    let (emulator, token) = common::start();
    let mut app = App::new();
    app.add_plugins(common::ui::engine(headless))
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .add_plugins(LiveOpsUiPlugin::default().with_welcome_back())
        .insert_resource(Server(emulator))
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        });
    common::ui::add_egui(&mut app, headless);
    if headless {
        // What a player does: click the day's claim button once the hub shows it.
        app.add_systems(Update, common::ui::click_once("Claim Day 1"));
    }
    common::run(app, "hub_only", headless, |world| {
        let gold = world.resource::<Server>().owned("gold");
        // The hub shows the claimed day once the grant is in.
        let shown = world
            .get_resource::<Screen>()
            .is_none_or(|s| s.shows("Claimed"));
        (gold > 0 && shown).then(|| match gold {
            100 => Ok("the hub opened on the daily tab; Claim Day 1 clicked: 100 gold".into()),
            other => Err(format!("the server holds {other} gold, not 100")),
        })
    })
}
