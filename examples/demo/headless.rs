//! `--headless`: the game without a window or renderer. The script (`script.rs`) plays a
//! session on it, checks every `RewardsGranted` against the emulator's inventory, and reports
//! frame times with the hub open and closed (`frame_times.rs`).

use std::time::Duration;

use bevy::app::ScheduleRunnerPlugin;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::settings::WgpuSettings;
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use bevy_egui::{EguiPostUpdateSet, EguiRenderOutput};

/// The engine without a window or GPU, ticking at 60 frames per second.
pub fn add_engine(app: &mut App) {
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                ..default()
            })
            .set(RenderPlugin {
                render_creation: WgpuSettings {
                    backends: None,
                    ..default()
                }
                .into(),
                ..default()
            })
            .set(crate::backend::asset_plugin())
            .disable::<WinitPlugin>(),
    )
    .add_plugins(ScheduleRunnerPlugin::run_loop(Duration::from_secs_f64(
        1.0 / 60.0,
    )))
    // With no renderer nothing uploads egui's textures: drop them once egui is done.
    .add_systems(
        PostUpdate,
        drop_egui_textures.after(EguiPostUpdateSet::ProcessOutput),
    );
}

fn drop_egui_textures(mut outputs: Query<&mut EguiRenderOutput>) {
    for mut output in &mut outputs {
        output.textures_delta.clear();
    }
}
