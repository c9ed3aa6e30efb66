//! The debug panel (F2): server time and time travel, pending orders, fault injection and a
//! reset of the built-in emulator, plus a live check that the game's inventory equals the
//! emulator's: turn faults on and watch the plugin keep the two equal.

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::liveops_ui_wants_keyboard;

use crate::Screen;
use crate::backend::{Backend, Faults};
use crate::checkout::{Orders, PayOrder};
use crate::inventory::{GrantLog, Inventory};
#[cfg(not(target_arch = "wasm32"))]
use crate::inventory::{differences, server_inventory};
use crate::login::{Player, RefreshAfterTravel, travel};

pub struct DebugPlugin;

impl Plugin for DebugPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<DebugPanel>()
            .add_systems(Update, toggle_panel.run_if(not(liveops_ui_wants_keyboard)))
            .add_systems(
                EguiPrimaryContextPass,
                debug_panel.run_if(in_state(Screen::Playing)),
            );
    }
}

#[derive(Resource, Default)]
struct DebugPanel {
    open: bool,
    latency: bool,
    errors: bool,
    drops: bool,
    message: Option<String>,
}

impl DebugPanel {
    fn faults(&self) -> Faults {
        Faults {
            latency_ms: if self.latency { 400 } else { 0 },
            error_rate: if self.errors { 0.25 } else { 0.0 },
            drop_rate: if self.drops { 0.2 } else { 0.0 },
        }
    }
}

fn toggle_panel(keys: Res<ButtonInput<KeyCode>>, mut panel: ResMut<DebugPanel>) {
    if keys.just_pressed(KeyCode::F2) {
        panel.open = !panel.open;
    }
}

/// What the panel reads, in one parameter.
#[derive(bevy::ecs::system::SystemParam)]
struct Views<'w> {
    backend: Res<'w, Backend>,
    player: Res<'w, Player>,
    inventory: Res<'w, Inventory>,
    log: Res<'w, GrantLog>,
    frame: Res<'w, FrameCount>,
    refresh: ResMut<'w, RefreshAfterTravel>,
}

fn debug_panel(
    mut contexts: EguiContexts,
    mut panel: ResMut<DebugPanel>,
    mut orders: ResMut<Orders>,
    mut pay: MessageWriter<PayOrder>,
    liveops: LiveOps,
    mut next: ResMut<NextState<Screen>>,
    mut views: Views,
) -> Result {
    if !panel.open {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let local = views.backend.emulator().is_some();
    let mut open = panel.open;
    egui::Window::new("Debug")
        .open(&mut open)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -72.0))
        .default_width(340.0)
        .show(ctx, |ui| {
            let now = liveops.clock().now();
            let time = chrono::DateTime::from_timestamp(now.unix_seconds(), 0)
                .map(|t| t.format("%a %Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default();
            ui.label(format!("Server time: {time}"));
            let status = liveops.status();
            ui.label(format!("LiveOps: {:?}", status.state));
            if let Some(error) = &status.last_error {
                ui.small(format!("last error: {error}"));
            }
            if !local {
                ui.separator();
                ui.label("Time travel, faults and sandbox payments need the built-in emulator.");
                return;
            }
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Time travel:");
                for (label, seconds) in [("+1 hour", 3600), ("+1 day", 86_400)] {
                    if ui.button(label).clicked() {
                        let frame = views.frame.0;
                        travel(&views.backend, &mut views.refresh, frame, seconds);
                    }
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                ui.label(format!("Pending orders: {}", orders.pending.len()));
                let any = !orders.pending.is_empty();
                if ui
                    .add_enabled(any, egui::Button::new("Complete all"))
                    .clicked()
                {
                    for order in &orders.pending {
                        pay.write(PayOrder(order.order_id));
                    }
                }
                if ui
                    .add_enabled(any && orders.hidden, egui::Button::new("Show checkout"))
                    .clicked()
                {
                    orders.hidden = false;
                }
            });
            ui.separator();
            ui.label("Faults on LiveOps calls:");
            let before = panel.faults();
            ui.checkbox(&mut panel.latency, "latency 400 ms");
            ui.checkbox(&mut panel.errors, "errors (25% answered 503)");
            ui.checkbox(&mut panel.drops, "dropped answers (20% done, then cut off)");
            if panel.faults() != before {
                views.backend.set_faults(panel.faults());
            }
            ui.separator();
            #[cfg(not(target_arch = "wasm32"))]
            {
                let server = server_inventory(&views.backend, &views.player.id).unwrap_or_default();
                let differs = differences(&views.inventory.items, &server);
                if differs.is_empty() {
                    ui.colored_label(egui::Color32::LIGHT_GREEN, "Inventory: game = emulator");
                } else {
                    ui.colored_label(
                        egui::Color32::YELLOW,
                        "Inventory: game ≠ emulator (a grant is on its way?)",
                    );
                    for line in differs {
                        ui.small(line);
                    }
                }
            }
            // In a browser the emulator's inventory is read after each grant, not every frame.
            #[cfg(target_arch = "wasm32")]
            {
                ui.label(format!(
                    "Inventory of {}: {} kinds of item, compared with the emulator's after \
                     every grant",
                    views.player.name,
                    views.inventory.items.len()
                ));
                for line in &views.log.mismatches {
                    ui.colored_label(egui::Color32::YELLOW, line);
                }
            }
            ui.small(format!(
                "{} grants seen, {} matched the emulator at once",
                views.log.grants.len(),
                views.log.matched
            ));
            ui.separator();
            if ui.button("Reset the emulator").clicked() {
                panel.latency = false;
                panel.errors = false;
                panel.drops = false;
                match views.backend.reset() {
                    Ok(()) => {
                        panel.message = None;
                        next.set(Screen::Login);
                    }
                    Err(e) => panel.message = Some(e),
                }
            }
            if let Some(message) = &panel.message {
                ui.small(message);
            }
        });
    panel.open = open;
    Ok(())
}
