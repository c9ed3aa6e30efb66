//! The hub in a headless game, driven as a player drives it: egui's own pointer and keyboard
//! events in, and egui's AccessKit tree out (what is on screen, where, and whether it is
//! enabled), so a scenario clicks a control by its label.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::{
    EguiContext, EguiFullOutput, EguiInput, EguiPlugin, EguiPostUpdateSet, EguiRenderOutput,
    PrimaryEguiContext, egui,
};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{LiveOpsHub, LiveOpsUiAction, LiveOpsUiPlugin, UiAction};
use xsolla_liveops_emulator::Seed;

use crate::common::Game;

/// The hub's accessible nodes as the last egui pass described them: label or text → (centre,
/// disabled). The tree is kept across updates and walked from its root, so only what is on
/// screen now is listed.
#[derive(Resource, Default)]
pub struct Controls {
    nodes: HashMap<egui::accesskit::NodeId, egui::accesskit::Node>,
    root: Option<egui::accesskit::NodeId>,
    pub by_label: HashMap<String, (egui::Pos2, bool)>,
}

impl Controls {
    pub fn get(&self, label: &str) -> Option<&(egui::Pos2, bool)> {
        self.by_label.get(label)
    }

    /// True when a control with this label is on screen and enabled.
    pub fn enabled(&self, label: &str) -> bool {
        self.get(label).is_some_and(|(_, disabled)| !disabled)
    }

    /// True when some text on screen contains `part`.
    pub fn shows(&self, part: &str) -> bool {
        self.by_label.keys().any(|k| k.contains(part))
    }
}

/// Input events to feed egui, one batch per frame.
#[derive(Resource, Default)]
pub struct Input(VecDeque<Vec<egui::Event>>);

/// What left the hub: its actions and the daily claim requests.
#[derive(Resource, Default)]
pub struct Sent {
    pub actions: Vec<UiAction>,
    pub claims: Vec<ClaimDailyStep>,
}

fn ask_for_accesskit(mut q: Query<&mut EguiContext>) {
    for mut ctx in &mut q {
        ctx.get_mut().enable_accesskit();
    }
}

fn feed_input(mut input: ResMut<Input>, mut q: Query<&mut EguiInput>) {
    if let Some(events) = input.0.pop_front() {
        for mut egui_input in &mut q {
            egui_input.0.events.extend(events.iter().cloned());
        }
    }
}

fn read_controls(q: Query<&EguiFullOutput>, mut controls: ResMut<Controls>) {
    for output in &q {
        let Some(update) = output
            .0
            .as_ref()
            .and_then(|o| o.platform_output.accesskit_update.as_ref())
        else {
            continue;
        };
        if let Some(tree) = &update.tree {
            controls.root = Some(tree.root);
        }
        for (id, node) in &update.nodes {
            controls.nodes.insert(*id, node.clone());
        }
        let mut by_label = HashMap::new();
        let mut stack: Vec<_> = controls.root.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Some(node) = controls.nodes.get(&id) else {
                continue;
            };
            stack.extend(node.children().iter().copied());
            // Buttons carry a label; text carries its words as the value; a field is named by
            // the label it is labelled by.
            let by = node
                .labelled_by()
                .iter()
                .filter_map(|l| controls.nodes.get(l))
                .find_map(|l| l.label().or(l.value()));
            if let (Some(label), Some(b)) = (by.or(node.label()).or(node.value()), node.bounds()) {
                let centre = egui::pos2(((b.x0 + b.x1) / 2.0) as f32, ((b.y0 + b.y1) / 2.0) as f32);
                let control = (centre, node.is_disabled());
                // A field and the label naming it share the name: the field is what a click
                // on the name means.
                if node.role() == egui::accesskit::Role::TextInput {
                    by_label.insert(label.to_owned(), control);
                } else {
                    by_label.entry(label.to_owned()).or_insert(control);
                }
            }
        }
        controls.by_label = by_label;
    }
}

fn drop_textures(mut q: Query<&mut EguiRenderOutput>) {
    for mut o in &mut q {
        o.textures_delta.clear();
    }
}

fn collect(
    mut actions: MessageReader<LiveOpsUiAction>,
    mut claims: MessageReader<ClaimDailyStep>,
    mut sent: ResMut<Sent>,
) {
    sent.actions.extend(actions.read().map(|a| a.0.clone()));
    sent.claims.extend(claims.read().copied());
}

/// A game with the plugin and the hub (open) on an engine with no window and no GPU:
/// bevy_egui's renderer is compiled in (the demo needs it), and it wants the render plugins
/// present.
#[track_caller]
pub fn game_with_hub(
    seed: Seed,
    now: i64,
    adjust: impl FnOnce(LiveOpsPlugins) -> bevy::app::PluginGroupBuilder,
) -> Game {
    let engine = DefaultPlugins
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
        .disable::<bevy::log::LogPlugin>();
    let mut game = Game::start_on(engine, seed, now, adjust);
    game.app
        .add_plugins((EguiPlugin::default(), LiveOpsUiPlugin::default()))
        .init_resource::<Controls>()
        .init_resource::<Input>()
        .init_resource::<Sent>()
        .add_systems(Update, (ask_for_accesskit, feed_input, collect))
        .add_systems(
            PostUpdate,
            (
                read_controls
                    .after(EguiPostUpdateSet::EndPass)
                    .before(EguiPostUpdateSet::ProcessOutput),
                drop_textures.after(EguiPostUpdateSet::ProcessOutput),
            ),
        );
    game.app.world_mut().spawn(PrimaryEguiContext);
    game.app.world_mut().resource_mut::<LiveOpsHub>().open();
    game
}

/// Presses and releases the primary button at `at`, over two frames.
pub fn click_at(game: &mut Game, at: egui::Pos2) {
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    let mut input = game.app.world_mut().resource_mut::<Input>();
    input
        .0
        .push_back(vec![egui::Event::PointerMoved(at), press(true)]);
    input.0.push_back(vec![press(false)]);
}

/// Waits until the control labelled `label` is on screen and enabled, then clicks it.
#[track_caller]
pub fn click(game: &mut Game, label: &str) {
    wait_enabled(game, label);
    let at = game.res::<Controls>().by_label[label].0;
    click_at(game, at);
    game.frames(3);
}

/// Waits until the control labelled `label` is on screen and enabled.
#[track_caller]
pub fn wait_enabled(game: &mut Game, label: &str) {
    game.run_until(&format!("the hub shows {label:?}, enabled"), |w| {
        w.resource::<Controls>().enabled(label)
    });
}

/// Types `text` into the focused field, then presses `key` (if any).
pub fn type_text(game: &mut Game, text: &str, key: Option<egui::Key>) {
    let mut input = game.app.world_mut().resource_mut::<Input>();
    input.0.push_back(vec![egui::Event::Text(text.to_owned())]);
    if let Some(key) = key {
        let event = |pressed| egui::Event::Key {
            key,
            physical_key: Some(key),
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        };
        input.0.push_back(vec![event(true)]);
        input.0.push_back(vec![event(false)]);
    }
}

/// Runs frames for about `for_` of wall time.
pub fn settle(game: &mut Game, for_: Duration) {
    let frames = (for_.as_millis() / 3).max(1) as usize;
    game.frames(frames);
}
