//! The LiveOps hub from `bevy_xsolla_liveops::ui`: it opens from the HUD button and the L key
//! while the player is on the meadow.

use bevy::prelude::*;
#[cfg(not(target_arch = "wasm32"))]
use bevy_xsolla_liveops::ui::HubTab;
use bevy_xsolla_liveops::ui::{
    LiveOpsHub, LiveOpsHubCommand, LiveOpsUiPlugin, liveops_ui_wants_keyboard,
};

use crate::Screen;
#[cfg(not(target_arch = "wasm32"))]
use crate::args::Tab;

pub struct HubPlugin;

impl Plugin for HubPlugin {
    fn build(&self, app: &mut App) {
        // The HUD has the button and the game owns the key, so the hub draws neither.
        app.add_plugins(
            LiveOpsUiPlugin::default()
                .with_toggle_key(None)
                .without_button(),
        )
        // An L typed into the code field is a letter of the code, not the key that closes the hub.
        .add_systems(
            Update,
            press_key.run_if(in_state(Screen::Playing).and_then(not(liveops_ui_wants_keyboard))),
        )
        .add_systems(OnExit(Screen::Playing), close);
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Tab {
    /// The hub tab a screenshot shows; `None` for the start screen.
    pub fn hub_tab(self) -> Option<HubTab> {
        match self {
            Tab::SignIn => None,
            Tab::Daily => Some(HubTab::Daily),
            Tab::Offers => Some(HubTab::Offers),
            Tab::Codes => Some(HubTab::Codes),
            Tab::Rewards => Some(HubTab::Rewards),
        }
    }
}

fn press_key(keys: Res<ButtonInput<KeyCode>>, mut hub: MessageWriter<LiveOpsHubCommand>) {
    if keys.just_pressed(KeyCode::KeyL) {
        hub.write(LiveOpsHubCommand::Toggle);
    }
}

fn close(mut hub: ResMut<LiveOpsHub>) {
    hub.close();
}
