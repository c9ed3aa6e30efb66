//! Reward chain progress: the value point balance and the steps it unlocks.

use bevy_egui::egui::{self, RichText, Ui};
use xsolla_liveops::StepId;
use xsolla_liveops::models::rewards::{ClientRewardChain, RewardStepState};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::messages::ClaimRewardStep;

/// A reward chain: the value point balance with progress to the next step, each step's price
/// in points and rewards, a claim button on the steps the balance reaches, the points still
/// missing on the others, and the clan's top contributors on clan chains.
pub struct RewardChainProgress<'a> {
    chain: &'a ClientRewardChain,
    balance: Option<i64>,
    busy: &'a dyn Fn(StepId) -> bool,
}

impl<'a> RewardChainProgress<'a> {
    /// The progress of one chain, with the balance the chain reported.
    pub fn new(chain: &'a ClientRewardChain) -> Self {
        Self {
            chain,
            balance: None,
            busy: &|_| false,
        }
    }

    /// A fresher balance than the chain's own (from the balance call).
    pub fn balance(mut self, balance: Option<i64>) -> Self {
        self.balance = balance;
        self
    }

    /// Steps whose claim is held or in flight: their button is disabled.
    pub fn busy(mut self, busy: &'a dyn Fn(StepId) -> bool) -> Self {
        self.busy = busy;
        self
    }

    /// Draws the chain; returns the claim the player asked for.
    pub fn show(self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Option<UiAction> {
        let chain = self.chain;
        let balance = self.balance.unwrap_or_else(|| chain.balance());
        let points = chain.value_point.name.as_str();
        let mut action = None;
        ui.push_id(("liveops-rewards", chain.reward_chain_id.0), |ui| {
            ui.heading(&chain.name);
            if let Some(d) = chain.description.as_deref().filter(|d| !d.is_empty()) {
                ui.label(RichText::new(d).color(cx.theme.muted));
            }
            ui.horizontal(|ui| {
                common::icon(ui, cx, chain.value_point.image_url.as_deref());
                ui.label(
                    RichText::new(cx.tf(
                        Text::Balance,
                        &[("n", &balance.to_string()), ("name", points)],
                    ))
                    .strong(),
                );
            });
            if let Some((next, _)) = chain.next_locked_step(balance)
                && next.price.amount > 0
            {
                let progress = (balance as f32 / next.price.amount as f32).clamp(0.0, 1.0);
                // The figures sit beside the bar in the normal text colour: written on the
                // bar they would be dark on dark while it is nearly empty.
                ui.horizontal(|ui| {
                    ui.add(egui::ProgressBar::new(progress).desired_width(240.0));
                    ui.label(RichText::new(format!("{balance} / {}", next.price.amount)).strong());
                });
            }
            for step in &chain.steps {
                cx.theme
                    .tile_frame(step.is_claimable(balance))
                    .show(ui, |ui| {
                        ui.set_min_width(cx.theme.tile_width * 3.0);
                        ui.horizontal(|ui| {
                            let title = step.name.clone().unwrap_or_else(|| {
                                cx.tf(Text::Step, &[("n", &step.step_id.0.to_string())])
                            });
                            ui.vertical(|ui| {
                                ui.label(RichText::new(&title).strong());
                                common::status(
                                    ui,
                                    &cx.tf(
                                        Text::Costs,
                                        &[("n", &step.price.amount.to_string()), ("name", points)],
                                    ),
                                    cx.theme.accent,
                                );
                            });
                            for item in &step.reward {
                                let name = common::item_name(item.name.as_deref(), &item.sku);
                                common::item_line(
                                    ui,
                                    cx,
                                    name,
                                    item.quantity,
                                    item.image_url.as_deref(),
                                );
                            }
                            match step.state(balance) {
                                RewardStepState::Claimed => common::status(
                                    ui,
                                    &format!("✔ {}", cx.t(Text::Claimed)),
                                    cx.theme.claimed,
                                ),
                                RewardStepState::Claimable => {
                                    let busy = (self.busy)(step.step_id);
                                    let text = if busy {
                                        cx.t(Text::Claiming)
                                    } else {
                                        cx.t(Text::Claim)
                                    };
                                    let accessible = format!("{} {title}", cx.t(Text::Claim));
                                    let r = common::action_button(
                                        ui,
                                        cx,
                                        text,
                                        &accessible,
                                        !busy,
                                        true,
                                    );
                                    if r.clicked() && !busy {
                                        action = Some(UiAction::request(ClaimRewardStep::new(
                                            chain.reward_chain_id,
                                            step.step_id,
                                        )));
                                    }
                                }
                                RewardStepState::Locked { missing } => common::status(
                                    ui,
                                    &cx.tf(Text::PointsMissing, &[("n", &missing.to_string())]),
                                    cx.theme.muted,
                                ),
                            }
                        });
                    });
            }
            if chain.is_clan() && !chain.top_contributors.is_empty() {
                ui.label(RichText::new(cx.t(Text::ClanContributors)).strong());
                for c in &chain.top_contributors {
                    ui.label(format!("{}: {} {points}", c.name, c.contributed_amount));
                }
            }
        });
        action
    }
}
