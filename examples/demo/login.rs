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
            .add_systems(Update, (log_in, renew_token, refresh_after_travel))
            .add_systems(OnEnter(Screen::Login), log_out);
    }
}

/// The player playing now.
#[derive(Resource, Default, Debug, Clone)]
pub struct Player {
    /// The player's id (the `sub` of their token): the typed name, tidied.
    pub id: String,
    /// The name as the player typed it, for display.
    pub name: String,
}

/// Asks to play under this name, as typed (the login screen, the headless script and
/// `--screenshot`).
#[derive(Message, Debug, Clone)]
pub struct LogIn(pub String);

#[derive(Resource, Default)]
struct LoginForm {
    name: String,
    error: Option<String>,
    /// A word for the player who just left.
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
                if player_id(&form.name).is_some() {
                    form.error = None;
                    log_in.write(LogIn(form.name.trim().to_owned()));
                } else {
                    form.error = Some("Type a name first.".into());
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
        let Some(id) = player_id(name) else {
            form.error = Some("Type a name first.".into());
            continue;
        };
        match backend.token_for(&id) {
            Ok(token) => {
                *player = Player {
                    id,
                    name: name.trim().to_owned(),
                };
                form.note = None;
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
        && !player.id.is_empty()
        && backend.emulator().is_some()
        && let Ok(token) = backend.token_for(&player.id)
    {
        liveops.log_in(token);
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
    if let Ok(token) = backend.token_for(&player.id) {
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

/// Back on the start screen: the plugin forgets the player (and clears what it held), and the
/// form waits for the next name.
fn log_out(mut liveops: LiveOps, mut player: ResMut<Player>, mut form: ResMut<LoginForm>) {
    if !player.id.is_empty() {
        liveops.log_out();
        form.note = Some(format!("See you soon, {}!", player.name));
    }
    *player = Player::default();
    form.name.clear();
    form.error = None;
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
