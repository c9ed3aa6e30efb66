//! The hub: a window with a tab per feature, badges, toasts and the status line, drawn from a
//! view of the features' state. Pure egui: no `World`, no network.

use bevy_egui::egui::{self, Align2, Ui};
use xsolla_liveops::models::daily::ClientDailyChain;
use xsolla_liveops::models::offer::ClientOfferChain;
use xsolla_liveops::models::rewards::ClientRewardChain;
use xsolla_liveops::models::upsell::UpsellItem;
use xsolla_liveops::{Code, DailyChainId, OfferChainId, RewardChainId, Sku, StepId, StepNumber};

use super::codes::CodeDialog;
use super::common::{self, Freshness, UiAction, UiCx};
use super::daily::DailyCalendar;
use super::offers::OfferTrack;
use super::rewards::RewardChainProgress;
use super::strings::Text;
use super::toasts::{self, Connection, Toasts};
use super::upsell::UpsellCard;

/// A tab of the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HubTab {
    /// Daily rewards.
    #[default]
    Daily,
    /// Offer chains.
    Offers,
    /// Upsell.
    Upsell,
    /// Code redemption.
    Codes,
    /// Reward chains.
    Rewards,
}

impl HubTab {
    /// Every tab in display order.
    pub const ALL: [HubTab; 5] = [
        HubTab::Daily,
        HubTab::Offers,
        HubTab::Rewards,
        HubTab::Upsell,
        HubTab::Codes,
    ];

    /// The tab's title key.
    pub fn title(self) -> Text {
        match self {
            HubTab::Daily => Text::TabDaily,
            HubTab::Offers => Text::TabOffers,
            HubTab::Upsell => Text::TabUpsell,
            HubTab::Codes => Text::TabCodes,
            HubTab::Rewards => Text::TabRewards,
        }
    }
}

/// The hub's own state: open or not, the tab, the code dialog and the toasts.
#[derive(Debug, Clone)]
pub struct HubState {
    /// The window is open.
    pub open: bool,
    /// The tab shown.
    pub tab: HubTab,
    /// Draw the open button (with its badge) in a screen corner.
    pub show_button: bool,
    /// The code dialog.
    pub codes: CodeDialog,
    /// Toasts.
    pub toasts: Toasts,
}

impl Default for HubState {
    fn default() -> Self {
        Self {
            open: false,
            tab: HubTab::Daily,
            show_button: true,
            codes: CodeDialog::default(),
            toasts: Toasts::default(),
        }
    }
}

/// Everything the hub shows, borrowed from wherever the game keeps it.
pub struct HubView<'a> {
    /// The tabs shown, in order (features the game left out are not listed).
    pub tabs: &'a [HubTab],
    /// Daily chains.
    pub daily: &'a [ClientDailyChain],
    /// Daily chains' data state.
    pub daily_freshness: Freshness,
    /// A daily step's claim is held or in flight.
    pub daily_busy: &'a dyn Fn(DailyChainId, StepNumber) -> bool,
    /// Offer chains.
    pub offers: &'a [ClientOfferChain],
    /// Offer chains' data state.
    pub offers_freshness: Freshness,
    /// An offer step's claim or order is held or in flight.
    pub offers_busy: &'a dyn Fn(OfferChainId, StepNumber) -> bool,
    /// An offer step waits for its payment.
    pub offers_awaiting: &'a dyn Fn(OfferChainId, StepNumber) -> bool,
    /// Upsell items.
    pub upsell: &'a [UpsellItem],
    /// Upsell data state.
    pub upsell_freshness: Freshness,
    /// An upsell purchase is under way.
    pub upsell_busy: &'a dyn Fn(&Sku) -> bool,
    /// Reward chains.
    pub rewards: &'a [ClientRewardChain],
    /// Reward chains' data state.
    pub rewards_freshness: Freshness,
    /// A reward step's claim is held or in flight.
    pub rewards_busy: &'a dyn Fn(RewardChainId, StepId) -> bool,
    /// A code is in flight.
    pub code_busy: &'a dyn Fn(&Code) -> bool,
    /// Badge count per tab.
    pub badges: &'a dyn Fn(HubTab) -> usize,
    /// The connection state.
    pub connection: Connection,
    /// Some data shown comes from the cache.
    pub from_cache: bool,
}

impl Default for HubView<'_> {
    fn default() -> Self {
        Self {
            tabs: &HubTab::ALL,
            daily: &[],
            daily_freshness: Freshness::Loading,
            daily_busy: &|_, _| false,
            offers: &[],
            offers_freshness: Freshness::Loading,
            offers_busy: &|_, _| false,
            offers_awaiting: &|_, _| false,
            upsell: &[],
            upsell_freshness: Freshness::Loading,
            upsell_busy: &|_| false,
            rewards: &[],
            rewards_freshness: Freshness::Loading,
            rewards_busy: &|_, _| false,
            code_busy: &|_| false,
            badges: &|_| 0,
            connection: Connection::Loading,
            from_cache: false,
        }
    }
}

impl HubView<'_> {
    /// The total of the badges.
    pub fn badge_total(&self) -> usize {
        self.tabs.iter().map(|t| (self.badges)(*t)).sum()
    }
}

/// Draws the hub button, the hub window when open, and the toasts. Returns the player's
/// actions this frame.
pub fn show_hub(
    ctx: &egui::Context,
    state: &mut HubState,
    view: &HubView<'_>,
    cx: &mut UiCx<'_>,
) -> Vec<UiAction> {
    let mut actions = Vec::new();
    if state.show_button {
        egui::Area::new(egui::Id::new("liveops-hub-button"))
            .anchor(Align2::LEFT_TOP, egui::vec2(12.0, 12.0))
            .show(ctx, |ui| {
                if toasts::hub_button(ui, cx, view.badge_total()).clicked() {
                    state.open = !state.open;
                }
            });
    }
    if state.open {
        if !view.tabs.contains(&state.tab)
            && let Some(first) = view.tabs.first()
        {
            state.tab = *first;
        }
        let mut open = true;
        let theme = if cx.theme.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        let mut style = (*ctx.style_of(theme)).clone();
        style.visuals = cx.theme.visuals();
        let style = std::sync::Arc::new(style);
        egui::Window::new(cx.t(Text::HubTitle))
            .id(egui::Id::new("liveops-hub"))
            .open(&mut open)
            .collapsible(false)
            .frame(egui::Frame::window(&style))
            .default_size([620.0, 460.0])
            .show(ctx, |ui| {
                ui.set_style(style.clone());
                hub_body(ui, state, view, cx, &mut actions);
            });
        if !open {
            state.open = false;
        }
    }
    state.toasts.show(ctx, cx);
    actions
}

/// The hub's content (tabs, the tab's widget, the status line) inside any `Ui`, for a game
/// that puts it in its own window or panel.
pub fn hub_body(
    ui: &mut Ui,
    state: &mut HubState,
    view: &HubView<'_>,
    cx: &mut UiCx<'_>,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| {
        for tab in view.tabs {
            let label = toasts::tab_label(cx.t(tab.title()), (view.badges)(*tab));
            if ui.selectable_label(state.tab == *tab, label).clicked() {
                state.tab = *tab;
            }
        }
    });
    ui.separator();
    let status_height = 28.0;
    egui::ScrollArea::vertical()
        .id_salt(("liveops-hub-tab", state.tab))
        .max_height((ui.available_height() - status_height).max(120.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let action = tab_body(ui, state, view, cx);
            actions.extend(action);
        });
    ui.separator();
    if let Some(a) = toasts::status_line(ui, cx, view.connection, view.from_cache) {
        actions.push(a);
    }
}

fn tab_body(
    ui: &mut Ui,
    state: &mut HubState,
    view: &HubView<'_>,
    cx: &mut UiCx<'_>,
) -> Vec<UiAction> {
    let mut actions = Vec::new();
    match state.tab {
        HubTab::Daily => {
            if common::freshness_header(ui, cx, view.daily_freshness, !view.daily.is_empty()) {
                for chain in view.daily {
                    let busy = |step| (view.daily_busy)(chain.id, step);
                    actions.extend(DailyCalendar::new(chain).busy(&busy).show(ui, cx));
                    ui.add_space(8.0);
                }
            }
        }
        HubTab::Offers => {
            if common::freshness_header(ui, cx, view.offers_freshness, !view.offers.is_empty()) {
                for chain in view.offers {
                    let busy = |step| (view.offers_busy)(chain.id, step);
                    let awaiting = |step| (view.offers_awaiting)(chain.id, step);
                    actions.extend(
                        OfferTrack::new(chain)
                            .busy(&busy)
                            .awaiting_payment(&awaiting)
                            .show(ui, cx),
                    );
                    ui.add_space(8.0);
                }
            }
        }
        HubTab::Upsell => {
            if common::freshness_header(ui, cx, view.upsell_freshness, !view.upsell.is_empty()) {
                actions.extend(
                    UpsellCard::new(view.upsell)
                        .busy(view.upsell_busy)
                        .show(ui, cx),
                );
            }
        }
        HubTab::Rewards => {
            if common::freshness_header(ui, cx, view.rewards_freshness, !view.rewards.is_empty()) {
                for chain in view.rewards {
                    let busy = |step| (view.rewards_busy)(chain.reward_chain_id, step);
                    actions.extend(RewardChainProgress::new(chain).busy(&busy).show(ui, cx));
                    ui.add_space(8.0);
                }
            }
        }
        HubTab::Codes => {
            let busy = state.codes.code().is_ok_and(|c| (view.code_busy)(&c));
            actions.extend(state.codes.show(ui, cx, busy));
        }
    }
    actions
}
