//! The start screen: the player signs in through Xsolla Login (the built-in emulator's, or
//! Xsolla's with `--login-client-id`) with the crate's sign-in panel: a seeded player and their
//! password, a new account, or a guest. The plugin keeps the session alive by itself; "Switch
//! player" in the HUD signs out and comes back here.

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{
    LiveOpsUiSettings, NoIcons, SignInPanel, SignInView, UiAction, UiCx,
};

use crate::Screen;
use crate::backend::Backend;

/// The players of the demo seed, shown on the start screen.
pub const SEEDED_PLAYERS: [(&str, &str); 2] =
    [("ada", "ada-plays-2026"), ("grace", "grace-plays-2026")];

pub struct LoginPlugin;

impl Plugin for LoginPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LoginForm>()
            .init_resource::<Player>()
            .init_resource::<PendingName>()
            .add_systems(
                EguiPrimaryContextPass,
                login_screen.run_if(in_state(Screen::Login)),
            )
            .init_resource::<RefreshAfterTravel>()
            .add_systems(
                Update,
                (
                    enter_the_meadow.run_if(in_state(Screen::Login)),
                    refresh_after_travel,
                ),
            )
            .add_systems(OnEnter(Screen::Login), sign_out);
    }
}

/// The player playing now.
#[derive(Resource, Default, Debug, Clone)]
pub struct Player {
    /// The player's id (the `sub` of their token, a UUID from Login).
    pub id: String,
    /// The name the player signed in with, or "Guest", for display.
    pub name: String,
}

#[derive(Resource)]
struct LoginForm {
    panel: SignInPanel,
    /// A word for the player who just left.
    note: Option<String>,
}

impl Default for LoginForm {
    fn default() -> Self {
        Self {
            panel: start_panel(),
            note: None,
        }
    }
}

/// The sign-in panel of the start screen: the name field has the keyboard from the start.
fn start_panel() -> SignInPanel {
    let mut panel = SignInPanel::default();
    panel.autofocus = true;
    panel
}

/// Signs `username` in with `password`, as the start screen's button does (the headless
/// script and `--screenshot` use it).
pub fn sign_in(liveops: &mut LiveOps, pending: &mut PendingName, username: &str, password: &str) {
    pending.0 = Some(username.to_owned());
    liveops.sign_in(username, password);
}

/// The name a sign-in under way will be shown with.
#[derive(Resource, Default)]
pub struct PendingName(pub Option<String>);

fn login_screen(
    mut contexts: EguiContexts,
    mut form: ResMut<LoginForm>,
    mut pending: ResMut<PendingName>,
    mut liveops: LiveOps,
    backend: Res<Backend>,
    ui_settings: Res<LiveOpsUiSettings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let now_ms = liveops.clock().now().unix_millis();
    let mut action = None;
    egui::Window::new("Meadow Hero")
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let hint = match *backend {
                Backend::Local(_) => format!(
                    "Players: {} / {}, {} / {}, or play as a guest",
                    SEEDED_PLAYERS[0].0,
                    SEEDED_PLAYERS[0].1,
                    SEEDED_PLAYERS[1].0,
                    SEEDED_PLAYERS[1].1
                ),
                Backend::Remote { .. } => "Sign in with your Xsolla account".to_owned(),
            };
            let sign_in = liveops.sign_in_state();
            let view = SignInView {
                player: None,
                guest: false,
                busy: sign_in.busy(),
                failure: sign_in.last_failure(),
                hint: Some(&hint),
            };
            let mut icons = NoIcons;
            let mut cx = UiCx::new(&ui_settings.strings, &ui_settings.theme, &mut icons, now_ms);
            action = form.panel.show(ui, &mut cx, view);
            if let Some(token) = backend.remote_token() {
                ui.separator();
                if ui.button("Play with XSOLLA_TOKEN").clicked() {
                    pending.0 = Some("Player".to_owned());
                    liveops.log_in(token);
                }
            }
            if let Some(note) = &form.note {
                ui.small(note);
            }
            ui.add_space(4.0);
            ui.small(backend.describe());
        });
    if let Some(UiAction::Request(request)) = action {
        pending.0 = match &request {
            LiveOpsRequest::SignIn(r) => Some(r.username.clone()),
            LiveOpsRequest::CreateAccount(r) => Some(r.username.clone()),
            LiveOpsRequest::SignInAsGuest(_) => Some("Guest".to_owned()),
            _ => pending.0.take(),
        };
        liveops.send(request);
    }
    Ok(())
}

/// A player is in (signed in through the panel or the script, remembered, or a token handed
/// over): onto the meadow.
fn enter_the_meadow(
    mut changes: MessageReader<PlayerChanged>,
    mut pending: ResMut<PendingName>,
    mut player: ResMut<Player>,
    mut form: ResMut<LoginForm>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(id) = changes.read().filter_map(|c| c.current.clone()).last() else {
        return;
    };
    let name = pending.0.take().unwrap_or_else(|| "Player".to_owned());
    *player = Player { id, name };
    form.note = None;
    next.set(Screen::Playing);
}

/// Moves the built-in emulator's clock forward (time travel); everything is read again once
/// the next frame starts (in a browser, once the emulator has answered). A token that ran out
/// meanwhile is renewed by the plugin (LiveOps refuses it, the plugin spends its refresh token
/// and sends the reads again).
pub fn travel(
    backend: &Backend,
    refresh: &mut RefreshAfterTravel,
    frame: u32,
    seconds: i64,
) -> bool {
    if !backend.advance_clock(seconds) {
        return false;
    }
    refresh.0 = Some(frame);
    true
}

/// Set by time travel: read everything again from the next frame.
#[derive(Resource, Default)]
pub struct RefreshAfterTravel(pub Option<u32>);

fn refresh_after_travel(
    mut pending: ResMut<RefreshAfterTravel>,
    frame: Res<FrameCount>,
    backend: Res<Backend>,
    mut liveops: LiveOps,
) {
    if pending.0.is_some_and(|at| frame.0 > at) && !backend.busy() {
        pending.0 = None;
        liveops.refresh();
    }
}

/// Back on the start screen: the player is signed out (Login ends their session, the plugin
/// forgets their state), and the panel waits for the next player.
fn sign_out(mut liveops: LiveOps, mut player: ResMut<Player>, mut form: ResMut<LoginForm>) {
    if !player.id.is_empty() {
        if liveops.sign_in_state().is_signed_in() {
            liveops.sign_out();
        } else {
            liveops.log_out();
        }
        form.note = Some(format!("See you soon, {}!", player.name));
    }
    *player = Player::default();
    form.panel = start_panel();
}
