//! The UI examples with or without a window. Headless, bevy's render plugins run with no
//! graphics backend and bevy_egui draws on a context with no window; what egui drew is read
//! from its AccessKit tree (each control's label, place and state) and clicked with egui's own
//! pointer events, as a player's mouse would.

use std::collections::{HashMap, VecDeque};

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;
use bevy_egui::egui::{self, Event, PointerButton, Pos2};
use bevy_egui::{
    EguiContext, EguiFullOutput, EguiInput, EguiPlugin, EguiPostUpdateSet, EguiRenderOutput,
    PrimaryEguiContext,
};

/// The engine: a window, or (`headless`) everything but the window and the GPU.
pub fn engine(headless: bool) -> PluginGroupBuilder {
    let engine = DefaultPlugins.set(super::log());
    if !headless {
        return engine;
    }
    engine
        .set(bevy::window::WindowPlugin {
            primary_window: None,
            exit_condition: bevy::window::ExitCondition::DontExit,
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
        .set(bevy::log::LogPlugin {
            // Without a GPU the renderer says so at start: expected here.
            filter: format!("{},bevy_render=off", super::log().filter),
            ..default()
        })
        .disable::<bevy::winit::WinitPlugin>()
}

/// Adds bevy_egui: with a window, a camera for it; headless, a context on no window whose
/// drawing is read into [`Screen`].
pub fn add_egui(app: &mut App, headless: bool) {
    app.add_plugins(EguiPlugin::default());
    if !headless {
        app.add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        });
        return;
    }
    app.init_resource::<Screen>()
        .add_systems(Update, (enable_accesskit, feed_input))
        .add_systems(
            PostUpdate,
            (
                read_screen
                    .after(EguiPostUpdateSet::EndPass)
                    .before(EguiPostUpdateSet::ProcessOutput),
                // Nothing renders, so nothing takes egui's textures: drop them.
                drop_textures.after(EguiPostUpdateSet::ProcessOutput),
            ),
        );
    app.world_mut().spawn(PrimaryEguiContext);
}

/// What egui drew in the last frame: each label or text with its centre and whether it is
/// enabled; and the input to send in the next frames.
#[derive(Resource, Default)]
pub struct Screen {
    controls: HashMap<String, (Pos2, bool)>,
    input: VecDeque<Vec<Event>>,
}

impl Screen {
    /// True when a control labelled `label` is on screen and enabled.
    pub fn enabled(&self, label: &str) -> bool {
        self.controls
            .get(label)
            .is_some_and(|(_, enabled)| *enabled)
    }

    /// True when some label or text on screen contains `part`.
    pub fn shows(&self, part: &str) -> bool {
        self.controls.keys().any(|label| label.contains(part))
    }

    /// Clicks the control labelled `label` (pressed in one frame, released in the next).
    pub fn click(&mut self, label: &str) -> bool {
        let Some(&(at, true)) = self.controls.get(label) else {
            return false;
        };
        let press = |pressed| Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        self.input
            .push_back(vec![Event::PointerMoved(at), press(true)]);
        self.input.push_back(vec![press(false)]);
        true
    }
}

/// A system that clicks the control labelled `label` once it is on screen and enabled.
pub fn click_once(label: &'static str) -> impl FnMut(ResMut<Screen>, Local<bool>) {
    move |mut screen, mut clicked| *clicked = *clicked || screen.click(label)
}

fn enable_accesskit(mut contexts: Query<&mut EguiContext>) {
    for mut context in &mut contexts {
        context.get_mut().enable_accesskit();
    }
}

fn feed_input(mut screen: ResMut<Screen>, mut inputs: Query<&mut EguiInput>) {
    if let Some(events) = screen.input.pop_front() {
        for mut input in &mut inputs {
            input.0.events.extend(events.iter().cloned());
        }
    }
}

fn read_screen(outputs: Query<&EguiFullOutput>, mut screen: ResMut<Screen>) {
    let updates = outputs
        .iter()
        .filter_map(|o| o.0.as_ref()?.platform_output.accesskit_update.as_ref());
    for update in updates {
        let nodes: HashMap<_, _> = update.nodes.iter().cloned().collect();
        screen.controls.clear();
        for node in nodes.values() {
            // Buttons carry a label, texts their words as the value.
            let (Some(text), Some(b)) = (node.label().or(node.value()), node.bounds()) else {
                continue;
            };
            let centre = egui::pos2((b.x0 + b.x1) as f32 / 2.0, (b.y0 + b.y1) as f32 / 2.0);
            screen
                .controls
                .insert(text.to_owned(), (centre, !node.is_disabled()));
        }
    }
}

fn drop_textures(mut outputs: Query<&mut EguiRenderOutput>) {
    for mut output in &mut outputs {
        output.textures_delta.clear();
    }
}
