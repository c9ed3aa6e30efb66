use bevy_egui::egui;
use bevy_xsolla_liveops::client::models::codes::CodeVerification;
use bevy_xsolla_liveops::client::{Code, CodeError, Sku};
use bevy_xsolla_liveops::ui::{CodeDialog, GrantLine, UiAction};
use bevy_xsolla_liveops::{CodeRejectReason, PreviewCode, RedeemCode};
use egui_kittest::kittest::Queryable;
use serde_json::json;

use crate::fixtures::{self, assert_button, click};

struct Codes {
    dialog: CodeDialog,
    busy: bool,
}

fn dialog() -> egui_kittest::Harness<'static, fixtures::Bench<Codes>> {
    let data = Codes {
        dialog: CodeDialog::default(),
        busy: false,
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Codes| d.dialog.show(ui, cx, d.busy));
    h.run();
    h
}

fn field<'a>(h: &'a egui_kittest::Harness<'_, fixtures::Bench<Codes>>) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Code")
}

fn type_code(h: &mut egui_kittest::Harness<'_, fixtures::Bench<Codes>>, text: &str) {
    field(h).focus();
    h.run();
    field(h).type_text(text);
    h.run();
}

fn selectable_coupon() -> CodeVerification {
    serde_json::from_value(json!({
        "type": "coupon", "code": "WINTER2026",
        "rewards": {
            "bonus": [
                {"item": {"sku": "game_1", "name": {"en": "Space Game", "de": "Weltraumspiel"}, "type": "unit",
                          "unit_items": [
                              {"sku": "key_steam", "name": "Space Game", "drm_name": "Steam"},
                              {"sku": "key_origin", "name": "Space Game", "drm_name": "Origin"}]},
                 "quantity": 1},
                {"item": {"sku": "gold", "name": "Gold", "type": "virtual_currency"}, "quantity": 500}
            ],
            "is_selectable": true
        }
    }))
    .unwrap()
}

#[test]
fn an_empty_field_disables_both_buttons() {
    let h = dialog();
    assert_button(&h, "Check", false);
    assert_button(&h, "Redeem", false);
}

#[test]
fn a_pasted_code_is_trimmed_and_keeps_its_case() {
    let mut h = dialog();
    field(&h).focus();
    h.run();
    h.event(egui::Event::Paste(
        " \u{200B}WinTer2026\u{FEFF}\n".to_owned(),
    ));
    h.run();
    assert_eq!(
        h.state().data.dialog.code(),
        Ok(Code("WinTer2026".to_owned()))
    );
    click(&mut h, "Check");
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(PreviewCode::new("WinTer2026"))]
    );
}

#[test]
fn a_bad_character_is_explained_as_the_player_types() {
    let mut h = dialog();
    type_code(&mut h, "WIN-TER");
    h.get_by_label("Codes have only letters and digits (found “-”)");
    assert_button(&h, "Check", false);
    assert_button(&h, "Redeem", false);
    assert_eq!(
        h.state().data.dialog.code(),
        Err(CodeError::BadCharacter('-'))
    );
}

#[test]
fn a_code_too_long_is_explained() {
    let mut h = dialog();
    type_code(&mut h, &"A".repeat(129));
    h.get_by_label("Codes are at most 128 characters");
    assert_button(&h, "Redeem", false);
}

#[test]
fn redeeming_yields_one_action_with_the_clean_code() {
    let mut h = dialog();
    type_code(&mut h, "SUMMER7");
    click(&mut h, "Redeem");
    h.run_steps(3);
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(RedeemCode::new("SUMMER7"))]
    );
}

#[test]
fn a_code_in_flight_disables_its_buttons() {
    let mut h = dialog();
    type_code(&mut h, "SUMMER7");
    h.state_mut().data.busy = true;
    h.run();
    assert_button(&h, "Redeem", false);
    assert_button(&h, "Check", false);
    click(&mut h, "Redeem");
    assert!(h.state().actions.is_empty());
}

#[test]
fn the_preview_lists_rewards_and_redeem_waits_for_the_unit_choice() {
    let mut h = dialog();
    type_code(&mut h, "WINTER2026");
    h.state_mut().data.dialog.previewed(selectable_coupon());
    h.run();
    h.get_by_label("This code gives you:");
    h.get_by_label("Space Game");
    h.get_by_label("Gold ×500");
    h.get_by_label("Choose one:");
    assert_button(&h, "Redeem", false);
    h.get_by_label("Space Game (Origin)").click();
    h.run();
    assert_button(&h, "Redeem", true);
    click(&mut h, "Redeem");
    let mut selected = std::collections::BTreeMap::new();
    selected.insert(Sku::from("game_1"), Sku::from("key_origin"));
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(RedeemCode {
            input: "WINTER2026".to_owned(),
            selected_unit_items: selected
        })]
    );
}

#[test]
fn the_preview_uses_the_chosen_language_for_item_names() {
    let mut h = dialog();
    h.state_mut().strings.set_locale("de");
    type_code(&mut h, "WINTER2026");
    h.state_mut().data.dialog.previewed(selectable_coupon());
    h.run();
    h.get_by_label("Weltraumspiel");
    h.get_by_label("Wähle eins:");
}

#[test]
fn a_preview_for_another_code_is_ignored_and_editing_drops_the_preview() {
    let mut h = dialog();
    type_code(&mut h, "OTHER1");
    h.state_mut().data.dialog.previewed(selectable_coupon());
    h.run();
    assert!(h.query_by_label("This code gives you:").is_none());
    let mut h = dialog();
    type_code(&mut h, "WINTER2026");
    h.state_mut().data.dialog.previewed(selectable_coupon());
    h.run();
    type_code(&mut h, "X");
    assert!(h.query_by_label("This code gives you:").is_none());
    assert_button(&h, "Redeem", true);
}

#[test]
fn each_rejection_has_its_own_message() {
    let cases = [
        (
            CodeRejectReason::Unknown,
            "This code does not exist. Check upper and lower case.",
        ),
        (
            CodeRejectReason::UsedUp,
            "This code has no uses left for you right now. Codes with a daily or weekly limit work again after their reset.",
        ),
        (
            CodeRejectReason::Expired,
            "This code is not valid at the moment.",
        ),
        (
            CodeRejectReason::NotApplicable,
            "This code cannot be used on your account.",
        ),
        (CodeRejectReason::NeedsLogin, "Log in to redeem codes."),
        (
            CodeRejectReason::Malformed(CodeError::Empty),
            "That is not a valid code.",
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (reason, message) in cases {
        let mut h = dialog();
        type_code(&mut h, "ABC123");
        h.state_mut().data.dialog.rejected("ABC123", reason.clone());
        h.run();
        h.get_by_label(message);
        assert!(seen.insert(message), "{reason:?} shares its message");
        // Still redeemable after fixing a typo: the buttons stay enabled.
        assert_button(&h, "Redeem", true);
    }
}

#[test]
fn a_rejection_reads_in_german() {
    let mut h = dialog();
    h.state_mut().strings.set_locale("de");
    type_code(&mut h, "ABC123");
    h.state_mut()
        .data
        .dialog
        .rejected("ABC123", CodeRejectReason::UsedUp);
    h.run();
    h.get_by_label("Dieser Code hat für dich gerade keine Einlösungen mehr. Codes mit täglichem oder wöchentlichem Limit gelten nach dem Zurücksetzen wieder.");
}

#[test]
fn a_redemption_lists_what_was_granted_and_clears_the_field() {
    let mut h = dialog();
    type_code(&mut h, "ABC123");
    h.state_mut().data.dialog.redeemed(vec![
        GrantLine {
            name: "Gold".into(),
            quantity: 500,
            image_url: None,
        },
        GrantLine {
            name: "Sword".into(),
            quantity: 1,
            image_url: None,
        },
    ]);
    h.run();
    h.get_by_label("Code redeemed! You received:");
    h.get_by_label("Gold ×500");
    h.get_by_label("Sword");
    assert!(h.state().data.dialog.input.is_empty());
    assert_button(&h, "Redeem", false);
}

#[test]
fn a_failure_says_to_try_again() {
    let mut h = dialog();
    type_code(&mut h, "ABC123");
    h.state_mut().data.dialog.failed();
    h.run();
    h.get_by_label("Something went wrong. Please try again.");
}
