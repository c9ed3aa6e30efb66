//! `--screenshot PATH [--tab TAB]`: plays the first steps of the headless script (so every tab
//! shows some progress), opens the hub on the tab, waits until the data is loaded and the window
//! has been presented for a while, saves a PNG and exits. `--tab signin` shows the start screen
//! instead, as a player first sees it.

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::LiveOpsHubCommand;

use crate::args::{Args, Tab};
use crate::script::Script;

/// Frames to let the window present (and icons load) once the data is in.
const SETTLE_FRAMES: u32 = 90;
/// Give up after this many frames (30 s at 60 fps).
const GIVE_UP_FRAMES: u32 = 1800;

pub struct ScreenshotPlugin;

impl Plugin for ScreenshotPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Shot>()
            .add_systems(Update, (show_tab, take_shot).chain());
    }
}

#[derive(Resource, Default)]
struct Shot {
    shown: bool,
    loaded_at: Option<u32>,
    taken: bool,
}

/// Once the warm-up is played, the hub opens on the tab (the start screen is shown at once).
fn show_tab(
    script: Option<Res<Script>>,
    args: Res<Args>,
    mut shot: ResMut<Shot>,
    mut hub: MessageWriter<LiveOpsHubCommand>,
) {
    if shot.shown {
        return;
    }
    match args.tab.unwrap_or(Tab::Daily).hub_tab() {
        None => shot.shown = true,
        Some(tab) if script.is_some_and(|s| s.is_finished()) => {
            shot.shown = true;
            hub.write(LiveOpsHubCommand::Show(tab));
        }
        Some(_) => {}
    }
}

fn take_shot(
    mut commands: Commands,
    mut shot: ResMut<Shot>,
    args: Res<Args>,
    frame: Res<FrameCount>,
    liveops: LiveOps,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(path) = args.screenshot.clone() else {
        return;
    };
    if frame.0 > GIVE_UP_FRAMES {
        eprintln!("no screenshot: the LiveOps data did not load");
        exit.write(AppExit::error());
        return;
    }
    if shot.taken {
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            println!("saved {}", path.display());
            exit.write(AppExit::Success);
        }
        return;
    }
    if !shot.shown {
        return;
    }
    let start_screen = args.tab == Some(Tab::SignIn);
    let loaded = start_screen
        || liveops.status().state == LoadState::Ready
            && !liveops.daily().is_loading()
            && !liveops.offers().is_loading()
            && !liveops.rewards().is_loading()
            && !liveops.daily().chains.is_empty();
    let loaded_at = match (shot.loaded_at, loaded) {
        (Some(at), _) => at,
        (None, true) => *shot.loaded_at.insert(frame.0),
        (None, false) => return,
    };
    if frame.0 >= loaded_at + SETTLE_FRAMES {
        let _ = std::fs::remove_file(&path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path));
        shot.taken = true;
    }
}
