//! The sign-in panel: username (or e-mail) and a masked password, *Sign in*, *Play as guest*
//! and *Create account*, the state of a sign-in under way, and one message per failure.

use bevy_egui::egui::{self, RichText, Ui};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::messages::{CreateAccount, SignIn, SignInAsGuest, SignOut};
use crate::outcome::SignInFailure;
use crate::sign_in::SignInStep;

/// What the panel shows of sign-in: built from [`LiveOpsSignIn`](crate::LiveOpsSignIn) by the
/// hub, or from a game's own state.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignInView<'a> {
    /// The player signed in through the plugin, if any: the panel then offers *Sign out*.
    pub player: Option<&'a str>,
    /// What is under way.
    pub busy: Option<SignInStep>,
    /// Why the last attempt failed.
    pub failure: Option<&'a SignInFailure>,
    /// A line under the title (the demo names its test players there).
    pub hint: Option<&'a str>,
}

/// The panel's own state: the fields and the mode. The password is kept only until it is
/// sent, and never shown.
#[derive(Clone, Default)]
pub struct SignInPanel {
    /// The username (or e-mail address) field.
    pub username: String,
    /// The e-mail field (account creation).
    pub email: String,
    password: String,
    creating: bool,
    /// The failure shown and the server time (Unix ms) it was first drawn, for the remaining
    /// wait of a rate limit.
    shown: Option<(SignInFailure, i64)>,
}

impl std::fmt::Debug for SignInPanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInPanel")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("creating", &self.creating)
            .finish_non_exhaustive()
    }
}

impl SignInPanel {
    /// True while the panel asks for a new account rather than a sign-in.
    pub fn is_creating_account(&self) -> bool {
        self.creating
    }

    /// Switches between signing in and creating an account.
    pub fn set_creating_account(&mut self, creating: bool) {
        self.creating = creating;
    }

    /// Draws the panel; returns the request the player made.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        cx: &mut UiCx<'_>,
        view: SignInView<'_>,
    ) -> Option<UiAction> {
        let mut action = None;
        ui.push_id("liveops-sign-in", |ui| {
            if let Some(player) = view.player {
                ui.horizontal(|ui| {
                    ui.label(cx.tf(Text::SignedInAs, &[("name", player)]));
                    if ui.button(cx.t(Text::SignOut)).clicked() {
                        action = Some(UiAction::request(SignOut));
                    }
                });
                return;
            }
            action = self.form(ui, cx, view);
        });
        action
    }

    fn form(&mut self, ui: &mut Ui, cx: &mut UiCx<'_>, view: SignInView<'_>) -> Option<UiAction> {
        let busy = view.busy.is_some_and(|s| {
            matches!(
                s,
                SignInStep::SigningIn | SignInStep::SigningInAsGuest | SignInStep::CreatingAccount
            )
        });
        let title = if self.creating {
            Text::CreateAccountTitle
        } else {
            Text::SignInTitle
        };
        ui.label(RichText::new(cx.t(title)).strong().size(18.0));
        if let Some(hint) = view.hint {
            common::status(ui, hint, cx.theme.muted);
        }
        ui.add_space(4.0);
        let mut submitted = false;
        egui::Grid::new("liveops-sign-in-fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let name_label = if self.creating {
                    Text::Username
                } else {
                    Text::UsernameOrEmail
                };
                let label = ui.label(cx.t(name_label));
                let field = egui::TextEdit::singleline(&mut self.username)
                    .desired_width(220.0)
                    .char_limit(255);
                ui.add_enabled(!busy, field).labelled_by(label.id);
                ui.end_row();
                if self.creating {
                    let label = ui.label(cx.t(Text::Email));
                    let field = egui::TextEdit::singleline(&mut self.email)
                        .desired_width(220.0)
                        .char_limit(255);
                    ui.add_enabled(!busy, field).labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label(cx.t(Text::Password));
                let field = egui::TextEdit::singleline(&mut self.password)
                    .password(true)
                    .desired_width(220.0)
                    .char_limit(100);
                let field = ui.add_enabled(!busy, field).labelled_by(label.id);
                // Enter in the password field submits, as the primary button would.
                submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            });
        let filled = !self.username.trim().is_empty()
            && !self.password.is_empty()
            && (!self.creating || !self.email.trim().is_empty());
        let mut action = None;
        ui.horizontal(|ui| {
            let text = match (self.creating, view.busy) {
                (false, Some(SignInStep::SigningIn)) => Text::SigningIn,
                (true, Some(SignInStep::CreatingAccount)) => Text::CreatingAccount,
                (false, _) => Text::SignInButton,
                (true, _) => Text::CreateAccountButton,
            };
            let label = cx.t(text).to_owned();
            let enabled = filled && !busy;
            let pressed = common::action_button(ui, cx, &label, &label, enabled, true).clicked();
            if (pressed || (submitted && enabled)) && action.is_none() {
                action = Some(self.submit());
            }
            let guest = if view.busy == Some(SignInStep::SigningInAsGuest) {
                Text::SigningIn
            } else {
                Text::PlayAsGuest
            };
            let label = cx.t(guest).to_owned();
            if common::action_button(ui, cx, &label, &label, !busy, false).clicked() {
                action = Some(UiAction::request(SignInAsGuest::default()));
            }
        });
        let switch = if self.creating {
            Text::ToSignIn
        } else {
            Text::ToCreateAccount
        };
        if ui
            .add_enabled(!busy, egui::Button::new(cx.t(switch)).frame(false))
            .clicked()
        {
            self.creating = !self.creating;
            self.shown = None;
        }
        self.show_failure(ui, cx, view.failure);
        action
    }

    /// The request for what the fields hold; the password leaves the panel with it.
    fn submit(&mut self) -> UiAction {
        let password = std::mem::take(&mut self.password);
        if self.creating {
            UiAction::request(CreateAccount::new(
                self.username.trim(),
                self.email.trim(),
                password,
            ))
        } else {
            UiAction::request(SignIn::new(self.username.trim(), password))
        }
    }

    fn show_failure(&mut self, ui: &mut Ui, cx: &mut UiCx<'_>, failure: Option<&SignInFailure>) {
        let Some(failure) = failure else {
            self.shown = None;
            return;
        };
        let since = match &self.shown {
            Some((shown, since)) if shown == failure => *since,
            _ => {
                self.shown = Some((failure.clone(), cx.now_ms));
                cx.now_ms
            }
        };
        let text = failure_text(ui, cx, failure, since);
        common::status(ui, &text, cx.theme.danger);
    }
}

/// The message for a failure, in the panel's language; a rate limit counts its wait down
/// from `since` (server Unix ms, when it was first shown).
pub fn failure_text(ui: &Ui, cx: &mut UiCx<'_>, failure: &SignInFailure, since: i64) -> String {
    let key = match failure {
        SignInFailure::MissingUsername => Text::FailMissingUsername,
        SignInFailure::MissingPassword => Text::FailMissingPassword,
        SignInFailure::PasswordLength { min, max } => {
            return cx.tf(
                Text::FailPasswordLength,
                &[("min", &min.to_string()), ("max", &max.to_string())],
            );
        }
        SignInFailure::InvalidEmail => Text::FailInvalidEmail,
        SignInFailure::WrongCredentials => Text::FailWrongCredentials,
        SignInFailure::NotConfirmed => Text::FailNotConfirmed,
        SignInFailure::TooManyAttempts {
            retry_after: Some(wait),
        } => {
            let until_s = (since + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)) / 1000;
            if cx.until(until_s).is_zero() {
                return cx.t(Text::FailTooManyAttemptsLater).to_owned();
            }
            let left = cx.countdown(ui, until_s);
            return cx.tf(Text::FailTooManyAttempts, &[("time", &left)]);
        }
        SignInFailure::TooManyAttempts { retry_after: None } => Text::FailTooManyAttemptsLater,
        SignInFailure::AccountLocked => Text::FailAccountLocked,
        SignInFailure::CaptchaRequired => Text::FailCaptcha,
        SignInFailure::Banned => Text::FailBanned,
        SignInFailure::UsernameTaken => Text::FailUsernameTaken,
        SignInFailure::EmailTaken => Text::FailEmailTaken,
        SignInFailure::RegistrationClosed => Text::FailRegistrationClosed,
        SignInFailure::SessionEnded => Text::FailSessionEnded,
        SignInFailure::Network => Text::FailNetwork,
        SignInFailure::Unavailable => Text::FailUnavailable,
        SignInFailure::NotConfigured { .. } => Text::FailNotConfigured,
        SignInFailure::Refused { code } => {
            return cx.tf(Text::FailRefused, &[("code", code)]);
        }
    };
    cx.t(key).to_owned()
}
