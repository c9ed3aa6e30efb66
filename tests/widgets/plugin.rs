//! `LiveOpsUiPlugin` in a headless Bevy app: the hub opens and closes by key, resource and
//! message, and the plugin's outcomes become toasts and code dialog state.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy_egui::{EguiPlugin, EguiPostUpdateSet, EguiRenderOutput, PrimaryEguiContext};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{
    CodeOutcome, HubTab, LiveOpsHub, LiveOpsHubCommand, LiveOpsUiPlugin,
};

/// The engine as a game has it, with no window and no GPU: bevy_egui's renderer is compiled
/// in (the demo needs it), and it wants the render plugins present.
fn headless_engine() -> bevy::app::PluginGroupBuilder {
    DefaultPlugins
        .set(bevy_window::WindowPlugin {
            primary_window: None,
            exit_condition: bevy_window::ExitCondition::DontExit,
            ..default()
        })
        .set(bevy::render::RenderPlugin {
            render_creation: bevy::render::settings::WgpuSettings {
                backends: None,
                ..default()
            }
            .into(),
            ..default()
        })
        .disable::<bevy::winit::WinitPlugin>()
        .disable::<bevy::log::LogPlugin>()
}

fn app() -> App {
    let mut app = App::new();
    app.add_plugins(headless_engine()).add_plugins((
        EguiPlugin::default(),
        LiveOpsPlugins::new(ProjectId(44056)),
        LiveOpsUiPlugin::default(),
    ));
    app.add_systems(
        PostUpdate,
        (|mut q: Query<&mut EguiRenderOutput>| {
            for mut o in &mut q {
                o.textures_delta.clear();
            }
        })
        .after(EguiPostUpdateSet::ProcessOutput),
    );
    app.world_mut().spawn(PrimaryEguiContext);
    app.update();
    app
}

fn key(app: &mut App, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::F9,
        logical_key: Key::F9,
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
}

fn hub(app: &App) -> &LiveOpsHub {
    app.world().resource::<LiveOpsHub>()
}

#[test]
fn the_default_key_toggles_the_hub() {
    let mut app = app();
    assert!(!hub(&app).is_open());
    key(&mut app, ButtonState::Pressed);
    assert!(hub(&app).is_open());
    // Held down: no flicker.
    app.update();
    assert!(hub(&app).is_open());
    key(&mut app, ButtonState::Released);
    key(&mut app, ButtonState::Pressed);
    assert!(!hub(&app).is_open());
}

#[test]
fn messages_and_the_resource_open_close_and_switch_the_hub() {
    let mut app = app();
    app.world_mut()
        .write_message(LiveOpsHubCommand::Show(HubTab::Codes));
    app.update();
    assert!(hub(&app).is_open());
    assert_eq!(hub(&app).state.tab, HubTab::Codes);
    app.world_mut().write_message(LiveOpsHubCommand::Close);
    app.update();
    assert!(!hub(&app).is_open());
    app.world_mut().write_message(LiveOpsHubCommand::Toggle);
    app.update();
    assert!(hub(&app).is_open());
    app.world_mut().resource_mut::<LiveOpsHub>().close();
    app.update();
    assert!(!hub(&app).is_open());
}

#[test]
fn grants_and_rejections_become_toasts_and_dialog_state() {
    let mut app = app();
    app.world_mut().write_message(RewardsGranted {
        source: GrantSource::Code {
            code: Code("ABC".into()),
        },
        items: vec![GrantedItem::new("gold", 5, ItemType::VirtualCurrency)],
    });
    app.update();
    assert_eq!(hub(&app).state.toasts.len(), 1);
    app.world_mut().write_message(CodeRejected {
        input: "ABC".into(),
        reason: CodeRejectReason::UsedUp,
    });
    app.update();
    assert_eq!(
        hub(&app).state.codes.outcome(),
        Some(&CodeOutcome::Rejected(CodeRejectReason::UsedUp))
    );
    // The hub is closed, so the rejection shows as a toast too.
    assert_eq!(hub(&app).state.toasts.len(), 2);
}
