//! `DEMO_LAYOUT=PATH`: every few frames the game writes, as JSON, where its labelled controls
//! are on screen and what state it is in, for the real-input playtest (`.ci/playtest`) to learn
//! where to click and to check what a click or a key did.
//!
//! Controls come from egui's AccessKit tree (the hub, the start screen, the checkout: a button
//! by its label, a text field by the label it is labelled by) and from the HUD's Bevy UI
//! buttons. Rectangles are in window pixels: egui points × the window's scale factor.

use std::collections::HashMap;
use std::path::PathBuf;

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy::ui::{ComputedNode, UiGlobalTransform};
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContext, EguiFullOutput, EguiPostUpdateSet, PrimaryEguiContext, egui};
use bevy_xsolla_liveops::ui::LiveOpsHub;
use serde_json::{Value, json};

use crate::Screen;
use crate::backend::Backend;
use crate::hud::HudButton;
use crate::inventory::Inventory;
use crate::login::Player;
use crate::scene::{Hero, Stars};

/// How often the file is written.
const EVERY_FRAMES: u32 = 5;

pub struct LayoutPlugin {
    pub path: PathBuf,
}

impl LayoutPlugin {
    /// The plugin when `DEMO_LAYOUT` names a file.
    pub fn from_env() -> Option<Self> {
        let path = std::env::var_os("DEMO_LAYOUT").filter(|p| !p.is_empty())?;
        Some(Self { path: path.into() })
    }
}

impl Plugin for LayoutPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(LayoutFile(self.path.clone()))
            .init_resource::<Tree>()
            .add_systems(Update, ask_for_accesskit)
            .add_systems(
                PostUpdate,
                read_tree
                    .after(EguiPostUpdateSet::EndPass)
                    .before(EguiPostUpdateSet::ProcessOutput),
            )
            .add_systems(Last, write_layout);
    }
}

#[derive(Resource)]
struct LayoutFile(PathBuf);

/// egui's accessible nodes as its last passes described them (updates carry only what
/// changed), and the labelled ones on screen now.
#[derive(Resource, Default)]
struct Tree {
    nodes: HashMap<egui::accesskit::NodeId, egui::accesskit::Node>,
    root: Option<egui::accesskit::NodeId>,
    focus: Option<egui::accesskit::NodeId>,
    labelled: Vec<Control>,
}

/// A labelled node: its label, its value (a field's text), its rectangle in points, and
/// whether it is disabled or has the focus.
struct Control {
    label: String,
    value: Option<String>,
    rect: egui::Rect,
    disabled: bool,
    focused: bool,
}

fn ask_for_accesskit(mut contexts: Query<&mut EguiContext, With<PrimaryEguiContext>>) {
    for mut ctx in &mut contexts {
        ctx.get_mut().enable_accesskit();
    }
}

fn read_tree(outputs: Query<&EguiFullOutput, With<PrimaryEguiContext>>, mut tree: ResMut<Tree>) {
    for output in &outputs {
        let Some(update) = output
            .0
            .as_ref()
            .and_then(|o| o.platform_output.accesskit_update.as_ref())
        else {
            continue;
        };
        if let Some(t) = &update.tree {
            tree.root = Some(t.root);
        }
        tree.focus = Some(update.focus);
        for (id, node) in &update.nodes {
            tree.nodes.insert(*id, node.clone());
        }
        let mut labelled = Vec::new();
        let mut stack: Vec<_> = tree.root.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Some(node) = tree.nodes.get(&id) else {
                continue;
            };
            stack.extend(node.children().iter().copied());
            // Buttons carry a label, text its words as the value, a field the label it is
            // labelled by.
            let by = node
                .labelled_by()
                .iter()
                .filter_map(|l| tree.nodes.get(l))
                .find_map(|l| l.label().or(l.value()));
            if let (Some(label), Some(b)) = (by.or(node.label()).or(node.value()), node.bounds()) {
                let rect = egui::Rect::from_min_max(
                    egui::pos2(b.x0 as f32, b.y0 as f32),
                    egui::pos2(b.x1 as f32, b.y1 as f32),
                );
                labelled.push(Control {
                    label: label.to_owned(),
                    value: node.value().map(str::to_owned),
                    rect,
                    disabled: node.is_disabled(),
                    focused: tree.focus == Some(id),
                });
            }
        }
        tree.labelled = labelled;
    }
}

/// What the file says about the game besides its controls.
#[derive(bevy::ecs::system::SystemParam)]
struct GameState<'w, 's> {
    screen: Res<'w, State<Screen>>,
    player: Res<'w, Player>,
    stars: Res<'w, Stars>,
    inventory: Res<'w, Inventory>,
    hub: Res<'w, LiveOpsHub>,
    backend: Res<'w, Backend>,
    wants: Option<Res<'w, EguiWantsInput>>,
    hero: Query<'w, 's, &'static Transform, With<Hero>>,
}

fn write_layout(
    file: Res<LayoutFile>,
    frame: Res<FrameCount>,
    tree: Res<Tree>,
    window: Query<&Window, With<PrimaryWindow>>,
    buttons: Query<(
        &HudButton,
        &ComputedNode,
        &UiGlobalTransform,
        &InheritedVisibility,
    )>,
    game: GameState,
) {
    if !frame.0.is_multiple_of(EVERY_FRAMES) {
        return;
    }
    let scale = window.single().map(|w| w.scale_factor()).unwrap_or(1.0);
    let rect = |x: f32, y: f32, w: f32, h: f32| json!({ "x": x, "y": y, "w": w, "h": h });
    let mut controls: Vec<Value> = tree
        .labelled
        .iter()
        .map(|c| {
            let r = c.rect;
            json!({
                "label": c.label,
                "value": c.value,
                "rect": rect(r.min.x * scale, r.min.y * scale, r.width() * scale, r.height() * scale),
                "disabled": c.disabled,
                "focused": c.focused,
                "from": "egui",
            })
        })
        .collect();
    for (button, node, at, visible) in &buttons {
        if !visible.get() {
            continue;
        }
        let size = node.size();
        let centre = at.translation;
        controls.push(json!({
            "label": button.label(),
            "value": null,
            "rect": rect(centre.x - size.x / 2.0, centre.y - size.y / 2.0, size.x, size.y),
            "disabled": false,
            "focused": false,
            "from": "hud",
        }));
    }
    let hero = game
        .hero
        .single()
        .map(|t| [t.translation.x, t.translation.y])
        .unwrap_or_default();
    let state = json!({
        "frame": frame.0,
        "scale_factor": scale,
        "emulator": game.backend.emulator().map(|_| game.backend.base_url()),
        "screen": format!("{:?}", game.screen.get()),
        "player": game.player.id,
        "player_name": game.player.name,
        "hero": hero,
        "stars": game.stars.0,
        "inventory": game.inventory.items,
        "hub_open": game.hub.is_open(),
        "egui_wants_keyboard": game.wants.as_ref().is_some_and(|w| w.wants_any_keyboard_input()),
        "controls": controls,
    });
    let partial = file.0.with_extension("part");
    let written = std::fs::write(&partial, state.to_string())
        .and_then(|()| std::fs::rename(&partial, &file.0));
    if let Err(e) = written {
        warn!("cannot write {}: {e}", file.0.display());
    }
}
