//! The offer chain track: steps in order, free or paid.

use bevy_egui::egui::{self, RichText, Ui};
use xsolla_liveops::StepNumber;
use xsolla_liveops::models::offer::{ClientOfferChain, ClientOfferStep};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::messages::{BuyOfferStep, CheckOfferPayment, ClaimOfferStep};

/// An offer chain as a track of step cards: claimed steps ticked, the next step with its claim
/// (free) or buy (paid, with the price) button, later steps locked, a step whose payment is
/// pending marked so with a button to report the payment done, and the time to the chain's
/// reset or end.
///
/// Discounts do not apply inside offer chains (Xsolla ignores item promotions there), so a
/// paid step shows its one price.
pub struct OfferTrack<'a> {
    chain: &'a ClientOfferChain,
    busy: &'a dyn Fn(StepNumber) -> bool,
    awaiting: &'a dyn Fn(StepNumber) -> bool,
}

impl<'a> OfferTrack<'a> {
    /// The track of one chain; nothing in flight, no payment pending.
    pub fn new(chain: &'a ClientOfferChain) -> Self {
        Self {
            chain,
            busy: &|_| false,
            awaiting: &|_| false,
        }
    }

    /// Steps whose claim or order is held or in flight: their button is disabled.
    pub fn busy(mut self, busy: &'a dyn Fn(StepNumber) -> bool) -> Self {
        self.busy = busy;
        self
    }

    /// Steps with an order created and its payment not confirmed yet.
    pub fn awaiting_payment(mut self, awaiting: &'a dyn Fn(StepNumber) -> bool) -> Self {
        self.awaiting = awaiting;
        self
    }

    /// Draws the track; returns what the player asked for.
    pub fn show(self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Option<UiAction> {
        let chain = self.chain;
        let mut action = None;
        ui.push_id(("liveops-offers", chain.id.0), |ui| {
            ui.horizontal(|ui| {
                ui.heading(&chain.name);
                if let Some(reset) = chain.next_reset()
                    && reset.seconds() * 1000 > cx.now_ms
                {
                    let left = cx.countdown(ui, reset.seconds());
                    common::status(
                        ui,
                        &cx.tf(Text::ResetsIn, &[("time", &left)]),
                        cx.theme.muted,
                    );
                } else if let Some(end) = chain.date_end
                    && end.timestamp() * 1000 > cx.now_ms
                {
                    let left = cx.countdown(ui, end.timestamp());
                    common::status(ui, &cx.tf(Text::EndsIn, &[("time", &left)]), cx.theme.muted);
                }
            });
            if let Some(description) = chain.description.as_deref().filter(|d| !d.is_empty()) {
                ui.label(RichText::new(description).color(cx.theme.muted));
            }
            let next = chain.next_step().map(|s| s.step_number);
            if next.is_none() {
                common::status(ui, cx.t(Text::ChainComplete), cx.theme.claimed);
            }
            egui::ScrollArea::horizontal().show(ui, |ui| {
                ui.horizontal(|ui| {
                    for step in &chain.steps {
                        let is_next = Some(step.step_number) == next;
                        if let Some(a) = self.card(ui, cx, step, is_next) {
                            action = Some(a);
                        }
                    }
                });
            });
        });
        action
    }

    fn card(
        &self,
        ui: &mut Ui,
        cx: &mut UiCx<'_>,
        step: &ClientOfferStep,
        is_next: bool,
    ) -> Option<UiAction> {
        let label = cx.tf(Text::Step, &[("n", &step.step_number.0.to_string())]);
        let mut action = None;
        cx.theme.tile_frame(is_next).show(ui, |ui| {
            ui.set_width(cx.theme.tile_width * 1.4);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(&label).strong());
                for item in &step.items {
                    common::icon(ui, cx, item.image_url.as_deref());
                    let name = common::item_name(item.name.as_deref(), &item.sku);
                    ui.label(RichText::new(format!("{name} ×{}", item.quantity)).small());
                }
                for vp in &step.step_vp_rewards {
                    let name = common::item_name(vp.name.as_deref(), &vp.sku);
                    common::status(
                        ui,
                        &cx.tf(
                            Text::PointsBonus,
                            &[("n", &vp.amount.to_string()), ("name", name)],
                        ),
                        cx.theme.accent,
                    );
                }
                let price = step.step_price.as_ref().map(common::price_text);
                if step.is_claimed {
                    common::status(ui, &format!("✔ {}", cx.t(Text::Claimed)), cx.theme.claimed);
                } else if (self.awaiting)(step.step_number) {
                    common::status(ui, cx.t(Text::AwaitingPayment), cx.theme.warning);
                    let busy = (self.busy)(step.step_number);
                    let accessible = format!("{} {label}", cx.t(Text::CheckPayment));
                    let r = common::action_button(
                        ui,
                        cx,
                        cx.t(Text::CheckPayment),
                        &accessible,
                        !busy,
                        false,
                    );
                    if r.clicked() && !busy {
                        action = Some(UiAction::request(CheckOfferPayment {
                            chain: self.chain.id,
                        }));
                    }
                } else if is_next {
                    let busy = (self.busy)(step.step_number);
                    if step.is_free {
                        common::status(ui, cx.t(Text::Free), cx.theme.claimed);
                        let text = if busy {
                            cx.t(Text::Claiming)
                        } else {
                            cx.t(Text::Claim)
                        };
                        let accessible = format!("{} {label}", cx.t(Text::Claim));
                        let r = common::action_button(ui, cx, text, &accessible, !busy, true);
                        if r.clicked() && !busy {
                            action = Some(UiAction::request(ClaimOfferStep::new(
                                self.chain.id,
                                step.step_number,
                            )));
                        }
                    } else {
                        let buy = match &price {
                            Some(p) => cx.tf(Text::BuyFor, &[("price", p)]),
                            None => cx.t(Text::Buy).to_owned(),
                        };
                        let text = if busy {
                            cx.t(Text::Buying).to_owned()
                        } else {
                            buy.clone()
                        };
                        let accessible = format!("{buy} {label}");
                        let r = common::action_button(ui, cx, &text, &accessible, !busy, true);
                        if r.clicked() && !busy {
                            action = Some(UiAction::request(BuyOfferStep::new(
                                self.chain.id,
                                step.step_number,
                            )));
                        }
                    }
                } else {
                    let what = match &price {
                        Some(p) if !step.is_free => p.clone(),
                        _ => cx.t(Text::Free).to_owned(),
                    };
                    common::status(ui, &what, cx.theme.muted);
                    common::status(ui, &format!("🔒 {}", cx.t(Text::Locked)), cx.theme.muted);
                }
            });
        });
        action
    }
}
