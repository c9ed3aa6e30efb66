//! The daily rewards calendar: one tile per day.

use bevy_egui::egui::{RichText, Ui};
use xsolla_liveops::StepNumber;
use xsolla_liveops::models::daily::{ClientDailyChain, ClientDailyStep, DailyStepStatus};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::messages::ClaimDailyStep;

/// A daily chain as a calendar: each tile shows the day's rewards and where the player stands
/// (claimed, claimable with a claim button, unlocking with a live countdown, upcoming, missed),
/// and the chain shows the time left until it ends.
pub struct DailyCalendar<'a> {
    chain: &'a ClientDailyChain,
    busy: &'a dyn Fn(StepNumber) -> bool,
}

impl<'a> DailyCalendar<'a> {
    /// The calendar of one chain; no step is in flight.
    pub fn new(chain: &'a ClientDailyChain) -> Self {
        Self {
            chain,
            busy: &|_| false,
        }
    }

    /// Tells which steps have a claim held or in flight: their button is disabled.
    pub fn busy(mut self, busy: &'a dyn Fn(StepNumber) -> bool) -> Self {
        self.busy = busy;
        self
    }

    /// Draws the calendar; returns the claim the player asked for.
    pub fn show(self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Option<UiAction> {
        let chain = self.chain;
        let mut action = None;
        ui.push_id(("liveops-daily", chain.id.0), |ui| {
            ui.horizontal(|ui| {
                ui.heading(&chain.name);
                if let Some(end) = chain.date_end {
                    let end = end.timestamp();
                    if end * 1000 > cx.now_ms {
                        let left = cx.countdown(ui, end);
                        common::status(
                            ui,
                            &cx.tf(Text::EndsIn, &[("time", &left)]),
                            cx.theme.muted,
                        );
                    }
                }
            });
            if let Some(description) = chain.description.as_deref().filter(|d| !d.is_empty()) {
                ui.label(RichText::new(description).color(cx.theme.muted));
            }
            ui.horizontal_wrapped(|ui| {
                for step in &chain.steps {
                    if let Some(a) = self.tile(ui, cx, step) {
                        action = Some(a);
                    }
                }
            });
        });
        action
    }

    fn tile(&self, ui: &mut Ui, cx: &mut UiCx<'_>, step: &ClientDailyStep) -> Option<UiAction> {
        let claimable = step.status == DailyStepStatus::Claimable;
        let day = cx.tf(Text::Day, &[("n", &step.step_number.0.to_string())]);
        let mut action = None;
        let frame = cx.theme.tile_frame(claimable);
        frame.show(ui, |ui| {
            ui.set_width(cx.theme.tile_width);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(&day).strong());
                for item in &step.items {
                    common::icon(ui, cx, item.image_url.as_deref());
                    let name = common::item_name(item.name.as_deref(), &item.sku);
                    ui.label(RichText::new(format!("{name} ×{}", item.quantity)).small());
                }
                match step.status {
                    DailyStepStatus::Claimed => {
                        common::status(ui, &format!("✔ {}", cx.t(Text::Claimed)), cx.theme.claimed);
                    }
                    DailyStepStatus::Claimable => {
                        let busy = (self.busy)(step.step_number);
                        let text = if busy {
                            cx.t(Text::Claiming)
                        } else {
                            cx.t(Text::Claim)
                        };
                        let label = format!("{} {day}", cx.t(Text::Claim));
                        let response = common::action_button(ui, cx, text, &label, !busy, true);
                        if response.clicked() && !busy {
                            action = Some(UiAction::request(ClaimDailyStep::new(
                                self.chain.id,
                                step.step_number,
                            )));
                        }
                    }
                    DailyStepStatus::ClaimInFuture => {
                        let unlock = step.unlocked_date.seconds();
                        if unlock * 1000 > cx.now_ms {
                            let left = cx.countdown(ui, unlock);
                            common::status(
                                ui,
                                &cx.tf(Text::UnlocksIn, &[("time", &left)]),
                                cx.theme.muted,
                            );
                        } else {
                            common::status(ui, cx.t(Text::Upcoming), cx.theme.muted);
                        }
                    }
                    DailyStepStatus::Blocked => {
                        common::status(ui, &format!("✖ {}", cx.t(Text::Missed)), cx.theme.danger);
                    }
                }
            });
        });
        action
    }
}
