//! The start screen: the player types a name, the demo gets that player's token from the
//! backend and hands it to the plugin. "Switch player" in the HUD comes back here.

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_xsolla_liveops::prelude::*;

use crate::Screen;
use crate::backend::Backend;

pub struct LoginPlugin;

impl Plugin for LoginPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LoginForm>()
            .init_resource::<Player>()
            .add_message::<LogIn>()
            .add_systems(
                EguiPrimaryContextPass,
                login_screen.run_if(in_state(Screen::Login)),
            )
            .init_resource::<RefreshAfterTravel>()
            .add_systems(
                Update,
                (
                    log_in,
                    renew_token,
                    note_player_change,
                    refresh_after_travel,
                ),
            )
            .add_systems(OnEnter(Screen::Login), log_out);
    }
}

/// The player playing now (the `sub` of their token).
#[derive(Resource, Default, Debug, Clone)]
pub struct Player(pub String);

/// Asks to play as this player (the login screen, the headless script and `--screenshot`).
#[derive(Message, Debug, Clone)]
pub struct LogIn(pub String);

#[derive(Resource, Default)]
struct LoginForm {
    name: String,
    error: Option<String>,
    /// What the plugin did when the last player left.
    note: Option<String>,
}

/// A player id from what was typed: letters, digits, `-` and `_`, lower case.
fn player_id(typed: &str) -> Option<String> {
    let id: String = typed
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase();
    (!id.is_empty()).then_some(id)
}

fn login_screen(
    mut contexts: EguiContexts,
    mut form: ResMut<LoginForm>,
    mut log_in: MessageWriter<LogIn>,
    backend: Res<Backend>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Meadow Hero")
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("Who is playing?");
            ui.add_space(6.0);
            let field = ui.add(
                egui::TextEdit::singleline(&mut form.name)
                    .hint_text("your name")
                    .desired_width(220.0),
            );
            if !field.has_focus() && form.name.is_empty() {
                field.request_focus();
            }
            let entered = ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.add_space(6.0);
            let play = ui.button("Play").clicked();
            if entered || play {
                match player_id(&form.name) {
                    Some(id) => {
                        form.error = None;
                        log_in.write(LogIn(id));
                    }
                    None => form.error = Some("Type a name first.".into()),
                }
            }
            if let Some(note) = &form.note {
                ui.small(note);
            }
            if let Some(error) = &form.error {
                ui.colored_label(egui::Color32::LIGHT_RED, error);
            }
            ui.add_space(4.0);
            ui.small(match *backend {
                Backend::Local(_) => "Server: the built-in LiveOps emulator".to_owned(),
                Backend::Remote { ref base_url, .. } => format!("Server: {base_url}"),
            });
        });
    Ok(())
}

fn log_in(
    mut requests: MessageReader<LogIn>,
    backend: Res<Backend>,
    mut player: ResMut<Player>,
    mut form: ResMut<LoginForm>,
    mut liveops: LiveOps,
    mut next: ResMut<NextState<Screen>>,
) {
    for LogIn(name) in requests.read() {
        match backend.token_for(name) {
            Ok(token) => {
                player.0 = name.clone();
                liveops.log_in(token);
                next.set(Screen::Playing);
            }
            Err(e) => form.error = Some(e),
        }
    }
}

/// A token about to expire (or expired, after time travel) is replaced by a fresh one for the
/// same player; meanwhile the plugin holds its requests.
fn renew_token(
    mut expiring: MessageReader<SessionExpiring>,
    mut expired: MessageReader<SessionExpired>,
    backend: Res<Backend>,
    player: Res<Player>,
    mut liveops: LiveOps,
) {
    let due = expiring.read().count() + expired.read().count() > 0;
    if due
        && !player.0.is_empty()
        && backend.emulator().is_some()
        && let Ok(token) = backend.token_for(&player.0)
    {
        liveops.log_in(token);
    }
}

/// Shows that logging out cleared the player's LiveOps state.
fn note_player_change(
    mut changes: MessageReader<PlayerChanged>,
    mut form: ResMut<LoginForm>,
    liveops: LiveOps,
) {
    for change in changes.read() {
        if let (Some(previous), None) = (&change.previous, &change.current) {
            form.note = Some(format!(
                "{previous} logged out: LiveOps now holds {} daily chains, {} offer chains and {} reward chains.",
                liveops.daily().chains.len(),
                liveops.offers().chains.len(),
                liveops.rewards().chains.len(),
            ));
        }
    }
}

/// Moves the built-in emulator's clock forward (time travel) and hands the plugin a token
/// that is valid at the new time, then has it read everything again.
///
/// The plugin takes a new token at the start of the next frame, so the refresh waits a frame:
/// asked for in the same frame it would still go out with the old token.
pub fn travel(backend: &Backend, player: &Player, liveops: &mut LiveOps, seconds: i64) -> bool {
    let Some(emulator) = backend.emulator() else {
        return false;
    };
    emulator.clock().advance(seconds);
    if let Ok(token) = backend.token_for(&player.0) {
        liveops.log_in(token);
    }
    true
}

/// Set by time travel: read everything again once the new token is in.
#[derive(Resource, Default)]
pub struct RefreshAfterTravel(pub Option<u32>);

fn refresh_after_travel(
    mut pending: ResMut<RefreshAfterTravel>,
    frame: Res<FrameCount>,
    mut liveops: LiveOps,
) {
    if pending.0.is_some_and(|at| frame.0 > at) {
        pending.0 = None;
        liveops.refresh();
    }
}

/// Back on the start screen: the plugin forgets the player (and clears what it held).
fn log_out(mut liveops: LiveOps, player: Res<Player>) {
    if !player.0.is_empty() {
        liveops.log_out();
    }
}

#[cfg(test)]
mod tests {
    use super::player_id;

    #[test]
    fn player_ids_are_tidy() {
        assert_eq!(
            player_id("  Ada Lovelace! ").as_deref(),
            Some("ada-lovelace")
        );
        assert_eq!(player_id("   "), None);
    }
}
