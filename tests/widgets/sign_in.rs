use std::time::Duration;

use bevy_egui::egui;
use bevy_xsolla_liveops::ui::{SignInPanel, SignInView, UiAction, UiStrings};
use bevy_xsolla_liveops::{
    CreateAccount, LiveOpsRequest, SignIn, SignInAsGuest, SignInFailure, SignInStep, SignOut,
};
use egui_kittest::kittest::Queryable;

use crate::fixtures::{self, Bench, assert_button, click};

#[derive(Default)]
struct Panel {
    panel: SignInPanel,
    player: Option<String>,
    busy: Option<SignInStep>,
    failure: Option<SignInFailure>,
}

type H = egui_kittest::Harness<'static, Bench<Panel>>;

fn panel_with(setup: impl FnOnce(&mut Panel)) -> H {
    let mut data = Panel::default();
    setup(&mut data);
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Panel| {
        let view = SignInView {
            player: d.player.as_deref(),
            busy: d.busy,
            failure: d.failure.as_ref(),
            hint: Some("Test players: ada, grace"),
        };
        d.panel.show(ui, cx, view)
    });
    h.run();
    h
}

fn panel() -> H {
    panel_with(|_| {})
}

fn type_into(h: &mut H, label: &str, text: &str) {
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, label);
    field.focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn password_field(h: &H) -> egui_kittest::Node<'_> {
    h.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "Password")
}

fn only_request(h: &H) -> LiveOpsRequest {
    let actions = &h.state().actions;
    assert_eq!(actions.len(), 1, "{actions:?}");
    match &actions[0] {
        UiAction::Request(request) => request.clone(),
        other => panic!("not a request: {other:?}"),
    }
}

#[test]
fn sign_in_waits_for_both_fields_and_sends_what_was_typed() {
    let mut h = panel();
    h.get_by_label("Test players: ada, grace");
    assert_button(&h, "Sign in", false);
    assert_button(&h, "Play as guest", true);
    type_into(&mut h, "Username or e-mail", "ada");
    assert_button(&h, "Sign in", false);
    password_field(&h).focus();
    h.run();
    password_field(&h).type_text("ada-plays-2026");
    h.run();
    assert_button(&h, "Sign in", true);
    click(&mut h, "Sign in");
    assert_eq!(
        only_request(&h),
        SignIn::new("ada", "ada-plays-2026").into()
    );
    // The password leaves the panel with the request.
    assert_button(&h, "Sign in", false);
}

#[test]
fn the_password_is_masked() {
    let mut h = panel();
    password_field(&h).focus();
    h.run();
    password_field(&h).type_text("secret-words");
    h.run();
    let value = password_field(&h).value().unwrap_or_default();
    assert!(!value.contains("secret"), "shown as {value:?}");
    assert!(h.query_by_label_contains("secret-words").is_none());
}

#[test]
fn enter_in_the_password_field_signs_in() {
    let mut h = panel();
    type_into(&mut h, "Username or e-mail", "grace");
    password_field(&h).focus();
    h.run();
    password_field(&h).type_text("grace-plays-2026");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        only_request(&h),
        SignIn::new("grace", "grace-plays-2026").into()
    );
}

#[test]
fn play_as_guest_sends_a_guest_sign_in() {
    let mut h = panel();
    click(&mut h, "Play as guest");
    assert_eq!(only_request(&h), SignInAsGuest::default().into());
}

#[test]
fn a_new_account_asks_for_an_e_mail_address() {
    let mut h = panel();
    click(&mut h, "New here? Create an account");
    h.get_by_label("Create an account");
    assert_button(&h, "Create account", false);
    type_into(&mut h, "Username", "lin");
    type_into(&mut h, "E-mail", "lin@example.com");
    password_field(&h).focus();
    h.run();
    password_field(&h).type_text("secret-6");
    h.run();
    click(&mut h, "Create account");
    assert_eq!(
        only_request(&h),
        CreateAccount::new("lin", "lin@example.com", "secret-6").into()
    );
    click(&mut h, "Have an account? Sign in");
    h.get_by_label("Username or e-mail");
}

#[test]
fn while_signing_in_the_form_is_disabled_and_says_so() {
    let h = panel_with(|p| {
        p.panel.username = "ada".into();
        p.busy = Some(SignInStep::SigningIn);
    });
    assert_button(&h, "Signing in…", false);
    assert_button(&h, "Play as guest", false);
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Button, "Sign in")
            .is_none()
    );
}

#[test]
fn a_renewal_does_not_block_the_form() {
    let h = panel_with(|p| p.busy = Some(SignInStep::Renewing));
    assert_button(&h, "Play as guest", true);
}

#[test]
fn each_failure_has_its_own_message() {
    let cases = [
        (
            SignInFailure::WrongCredentials,
            "Wrong username or password.",
        ),
        (
            SignInFailure::NotConfirmed,
            "Confirm your e-mail address with the link we sent, then sign in.",
        ),
        (
            SignInFailure::TooManyAttempts { retry_after: None },
            "Too many attempts. Try again later.",
        ),
        (
            SignInFailure::Network,
            "Cannot reach the sign-in server. Check your connection.",
        ),
        (SignInFailure::UsernameTaken, "That username is taken."),
        (
            SignInFailure::PasswordLength { min: 6, max: 100 },
            "The password needs 6 to 100 characters.",
        ),
        (
            SignInFailure::SessionEnded,
            "Your sign-in has expired. Please sign in again.",
        ),
        (
            SignInFailure::Refused {
                code: "003-099".into(),
            },
            "Sign-in was refused (code 003-099).",
        ),
    ];
    for (failure, text) in cases {
        let h = panel_with(|p| p.failure = Some(failure.clone()));
        h.get_by_label(text);
    }
}

#[test]
fn too_many_attempts_counts_the_wait_down() {
    let mut h = panel_with(|p| {
        p.failure = Some(SignInFailure::TooManyAttempts {
            retry_after: Some(Duration::from_secs(90)),
        });
    });
    h.get_by_label("Too many attempts. Try again in 00:01:30.");
    h.state_mut().now_ms += 31_000;
    h.run();
    h.get_by_label("Too many attempts. Try again in 00:00:59.");
    h.state_mut().now_ms += 60_000;
    h.run();
    h.get_by_label("Too many attempts. Try again later.");
}

#[test]
fn in_german_the_panel_and_its_failures_read_german() {
    let h = panel_with(|p| p.failure = Some(SignInFailure::WrongCredentials));
    drop(h);
    let mut data = Panel {
        failure: Some(SignInFailure::WrongCredentials),
        ..Panel::default()
    };
    data.panel.username.clear();
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Panel| {
        let view = SignInView {
            failure: d.failure.as_ref(),
            ..SignInView::default()
        };
        d.panel.show(ui, cx, view)
    });
    h.state_mut().strings = UiStrings::new("de");
    h.run();
    h.get_by_label("Benutzername oder E-Mail");
    h.get_by_label("Falscher Benutzername oder falsches Passwort.");
    assert_button(&h, "Als Gast spielen", true);
}

#[test]
fn signed_in_it_offers_sign_out() {
    let mut h = panel_with(|p| p.player = Some("ada".into()));
    h.get_by_label("Signed in as ada");
    click(&mut h, "Sign out");
    assert_eq!(only_request(&h), SignOut.into());
}
