//! The code redemption dialog.

use bevy_egui::egui::{self, RichText, Ui};
use xsolla_liveops::models::codes::CodeVerification;
use xsolla_liveops::models::promotions::SelectedUnitItems;
use xsolla_liveops::{Code, CodeError};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use super::toasts::GrantLine;
use crate::CodeRejectReason;
use crate::messages::{PreviewCode, RedeemCode};

/// How the last preview or redemption of the dialog's code ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeOutcome {
    /// Turned down.
    Rejected(CodeRejectReason),
    /// Redeemed, with what it granted.
    Redeemed(Vec<GrantLine>),
    /// A promo code was accepted: its bonus items (and discount, in percent) come with the
    /// player's next purchase, not now.
    Applied {
        /// The bonus items of the next purchase.
        items: Vec<GrantLine>,
        /// The discount on the next purchase, in percent.
        discount_percent: Option<f64>,
    },
    /// Turned down as used up right after this player redeemed it (at the server time in
    /// Unix milliseconds), so the dialog can say when that was.
    UsedUpSince(i64),
    /// The request failed (network, server).
    Failed,
}

/// The code dialog's state: what the player typed, the preview of the code, the unit picks and
/// the outcome. Keep one per dialog; feed it the plugin's answers with
/// [`CodeDialog::previewed`], [`CodeDialog::rejected`], [`CodeDialog::redeemed`] and
/// [`CodeDialog::failed`].
///
/// Input is cleaned and checked as the player types (codes are case-sensitive letters and
/// digits; pasted whitespace and invisible characters are dropped), the check button shows
/// what the code gives before redeeming, a code offering a choice asks for it, each rejection
/// has its own message, and a redemption lists what was granted. The buttons are disabled
/// while the code is in flight.
#[derive(Debug, Clone, Default)]
pub struct CodeDialog {
    /// The text in the field.
    pub input: String,
    preview: Option<CodeVerification>,
    selected: SelectedUnitItems,
    outcome: Option<(String, CodeOutcome)>,
    /// Codes redeemed through this dialog, with the server time (Unix ms) of each.
    redeemed_at: Vec<(Code, i64)>,
    /// The time of the latest frame drawn (Unix ms on the server clock).
    now_ms: i64,
}

impl CodeDialog {
    /// The cleaned code in the field, or why it is not one.
    pub fn code(&self) -> Result<Code, CodeError> {
        Code::parse(&self.input)
    }

    /// The preview shown, if any.
    pub fn preview(&self) -> Option<&CodeVerification> {
        self.preview.as_ref()
    }

    /// The outcome shown, if any.
    pub fn outcome(&self) -> Option<&CodeOutcome> {
        self.outcome.as_ref().map(|(_, o)| o)
    }

    /// The player's unit picks.
    pub fn selected(&self) -> &SelectedUnitItems {
        &self.selected
    }

    /// A preview arrived (ignored when the field holds another code by now).
    pub fn previewed(&mut self, verification: CodeVerification) {
        if self.code().ok().as_ref() == Some(verification.code()) {
            self.selected
                .retain(|unit, _| verification_units(&verification).any(|(u, _)| u == unit));
            self.preview = Some(verification);
            self.outcome = None;
        }
    }

    /// The code (as the plugin cleaned it) was turned down.
    pub fn rejected(&mut self, input: &str, reason: CodeRejectReason) {
        self.preview = None;
        let mine = self
            .redeemed_at
            .iter()
            .rev()
            .find(|(code, _)| code.as_str() == input)
            .map(|(_, at)| *at);
        let outcome = match (reason, mine) {
            (CodeRejectReason::UsedUp, Some(at)) => CodeOutcome::UsedUpSince(at),
            (reason, _) => CodeOutcome::Rejected(reason),
        };
        self.outcome = Some((input.to_owned(), outcome));
    }

    /// The code was redeemed and granted these items; the field is cleared.
    pub fn redeemed(&mut self, items: Vec<GrantLine>) {
        self.finish(CodeOutcome::Redeemed(items));
    }

    /// A promo code was accepted; its bonus items and discount apply to the next purchase.
    /// The field is cleared.
    pub fn applied(&mut self, items: Vec<GrantLine>, discount_percent: Option<f64>) {
        self.finish(CodeOutcome::Applied {
            items,
            discount_percent,
        });
    }

    fn finish(&mut self, outcome: CodeOutcome) {
        let input = std::mem::take(&mut self.input);
        if let Ok(code) = Code::parse(&input) {
            self.redeemed_at.push((code, self.now_ms));
        }
        self.preview = None;
        self.selected.clear();
        self.outcome = Some((input, outcome));
    }

    /// The request failed for another reason than a rejection.
    pub fn failed(&mut self) {
        self.outcome = Some((self.input.clone(), CodeOutcome::Failed));
    }

    /// Draws the dialog; `busy` tells whether the field's code is in flight. Returns the
    /// preview or redemption the player asked for.
    pub fn show(&mut self, ui: &mut Ui, cx: &mut UiCx<'_>, busy: bool) -> Option<UiAction> {
        let mut action = None;
        self.now_ms = cx.now_ms;
        ui.push_id("liveops-codes", |ui| {
            let before = self.code().ok();
            let mut submitted = false;
            ui.horizontal(|ui| {
                let label = ui.label(cx.t(Text::CodeLabel));
                let edit = egui::TextEdit::singleline(&mut self.input)
                    .hint_text(cx.t(Text::CodeHint))
                    .desired_width(220.0)
                    .char_limit(256);
                let field = ui.add(edit).labelled_by(label.id);
                // Enter in the field redeems, as the primary button would.
                submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            let parsed = self.code();
            if parsed.as_ref().ok() != before.as_ref() {
                // Another code now: the old preview and the unit picks no longer apply.
                self.preview = None;
                self.selected.clear();
            }
            if let Some((input, _)) = &self.outcome
                && parsed.as_ref().map(Code::as_str).unwrap_or("") != input.as_str()
                && !self.input.is_empty()
            {
                self.outcome = None;
            }
            match &parsed {
                Err(CodeError::BadCharacter(c)) => {
                    common::status(
                        ui,
                        &cx.tf(Text::CodeBadCharacter, &[("c", &c.to_string())]),
                        cx.theme.danger,
                    );
                }
                Err(CodeError::TooLong) => {
                    common::status(ui, cx.t(Text::CodeTooLong), cx.theme.danger)
                }
                _ => {}
            }
            let code = parsed.ok();
            let choices_made = self.preview.as_ref().is_none_or(|v| {
                !v.is_selectable()
                    || verification_units(v).all(|(unit, _)| self.selected.contains_key(unit))
            });
            ui.horizontal(|ui| {
                let valid = code.is_some();
                let check = common::action_button(
                    ui,
                    cx,
                    cx.t(Text::CheckCode),
                    cx.t(Text::CheckCode),
                    valid && !busy,
                    false,
                );
                if check.clicked()
                    && !busy
                    && let Some(code) = &code
                {
                    action = Some(UiAction::request(PreviewCode::new(code.as_str())));
                }
                let redeem_text = if busy {
                    cx.t(Text::Redeeming)
                } else {
                    cx.t(Text::Redeem)
                };
                let enabled = valid && !busy && choices_made;
                let redeem =
                    common::action_button(ui, cx, redeem_text, cx.t(Text::Redeem), enabled, true);
                if (redeem.clicked() || submitted)
                    && enabled
                    && let Some(code) = &code
                {
                    action = Some(UiAction::request(RedeemCode {
                        input: code.0.clone(),
                        selected_unit_items: self.selected.clone(),
                    }));
                }
            });
            if let Some(preview) = &self.preview {
                self.show_preview(ui, cx, &preview.clone());
            }
            if let Some((_, outcome)) = &self.outcome {
                show_outcome(ui, cx, outcome);
            }
        });
        action
    }

    fn show_preview(&mut self, ui: &mut Ui, cx: &mut UiCx<'_>, preview: &CodeVerification) {
        let lang = cx.strings.language().to_owned();
        ui.label(RichText::new(cx.t(Text::CodeGives)).strong());
        for bonus in preview.bonus() {
            let item = &bonus.item;
            let name = item
                .name
                .as_ref()
                .and_then(|n| n.resolve(&lang))
                .unwrap_or(item.sku.as_ref())
                .to_owned();
            common::item_line(ui, cx, &name, bonus.quantity, item.image_url.as_deref());
            if !item.unit_items.is_empty() {
                ui.label(cx.t(Text::ChooseOne));
                ui.indent(("units", item.sku.as_ref()), |ui| {
                    for choice in &item.unit_items {
                        let text = match (&choice.name, &choice.drm_name) {
                            (Some(n), Some(drm)) => format!("{n} ({drm})"),
                            (Some(n), None) => n.clone(),
                            (None, Some(drm)) => drm.clone(),
                            (None, None) => choice.sku.to_string(),
                        };
                        let picked = self.selected.get(&item.sku) == Some(&choice.sku);
                        if ui.radio(picked, text).clicked() {
                            self.selected.insert(item.sku.clone(), choice.sku.clone());
                        }
                    }
                });
            }
        }
        let discount = match preview {
            CodeVerification::Coupon { rewards, .. } => rewards.discount.as_ref(),
            CodeVerification::PromoCode { rewards, .. }
            | CodeVerification::Other { rewards, .. } => rewards.discount.as_ref(),
        };
        if let Some(percent) = discount.and_then(|d| d.percent.as_ref()) {
            let pct = format!("{:.0}", percent.to_f64());
            common::status(
                ui,
                &cx.tf(Text::CartDiscount, &[("n", &pct)]),
                cx.theme.accent,
            );
        }
    }
}

fn verification_units(
    v: &CodeVerification,
) -> impl Iterator<
    Item = (
        &xsolla_liveops::Sku,
        &[xsolla_liveops::models::promotions::UnitItem],
    ),
> {
    v.bonus()
        .iter()
        .filter(|b| !b.item.unit_items.is_empty())
        .map(|b| (&b.item.sku, b.item.unit_items.as_slice()))
}

/// The message shown for a rejection reason.
pub fn rejection_text(reason: &CodeRejectReason) -> Text {
    match reason {
        CodeRejectReason::Unknown => Text::RejectUnknown,
        CodeRejectReason::UsedUp => Text::RejectUsedUp,
        CodeRejectReason::Expired => Text::RejectExpired,
        CodeRejectReason::NotApplicable => Text::RejectNotApplicable,
        CodeRejectReason::NeedsLogin => Text::RejectNeedsLogin,
        CodeRejectReason::Malformed(_) => Text::RejectMalformed,
    }
}

fn show_outcome(ui: &mut Ui, cx: &mut UiCx<'_>, outcome: &CodeOutcome) {
    match outcome {
        CodeOutcome::Rejected(reason) => {
            common::status(ui, cx.t(rejection_text(reason)), cx.theme.danger);
        }
        CodeOutcome::UsedUpSince(at) => {
            let ago = short_duration(cx.now_ms.saturating_sub(*at));
            let text = cx.tf(Text::RejectUsedUpByYou, &[("time", &ago)]);
            common::status(ui, &text, cx.theme.danger);
        }
        CodeOutcome::Applied {
            items,
            discount_percent,
        } => {
            ui.label(
                RichText::new(cx.t(Text::PromoApplied))
                    .color(cx.theme.claimed)
                    .strong(),
            );
            for item in items {
                common::item_line(ui, cx, &item.name, item.quantity, item.image_url.as_deref());
            }
            if let Some(percent) = discount_percent {
                let pct = format!("{percent:.0}");
                common::status(
                    ui,
                    &cx.tf(Text::NextPurchaseDiscount, &[("n", &pct)]),
                    cx.theme.accent,
                );
            }
        }
        CodeOutcome::Failed => common::status(ui, cx.t(Text::Failed), cx.theme.danger),
        CodeOutcome::Redeemed(items) => {
            ui.label(
                RichText::new(cx.t(Text::Redeemed))
                    .color(cx.theme.claimed)
                    .strong(),
            );
            for item in items {
                common::item_line(ui, cx, &item.name, item.quantity, item.image_url.as_deref());
            }
        }
    }
}

/// A short duration for players: "12 s", "5 min", "2 h 5 min", "3 d 4 h".
fn short_duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
        _ => format!("{} d {} h", secs / 86_400, secs % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::short_duration;

    #[test]
    fn durations_read_short() {
        assert_eq!(short_duration(-5), "0 s");
        assert_eq!(short_duration(12_400), "12 s");
        assert_eq!(short_duration(5 * 60_000 + 59_000), "5 min");
        assert_eq!(short_duration(2 * 3_600_000 + 5 * 60_000), "2 h 5 min");
        assert_eq!(short_duration(3 * 86_400_000 + 4 * 3_600_000), "3 d 4 h");
    }
}
