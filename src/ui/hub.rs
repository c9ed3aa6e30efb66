//! The hub: a window with a tab per feature, badges, toasts and the status line, drawn from a
//! view of the features' state. Pure egui: no `World`, no network.

use bevy_egui::egui::{self, Align2, Ui};

use super::codes::CodeDialog;
use super::common::{UiAction, UiCx};
use super::sign_in::{SignInPanel, SignInView};
use super::strings::Text;
use super::tabs::{CodesTab, DailyTab, OffersTab, RewardsTab, UpsellTab};
use super::toasts::{self, Connection, Toasts};
use crate::feature_id::LiveOpsFeature;

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

    /// The feature the tab shows.
    pub fn feature(self) -> LiveOpsFeature {
        match self {
            HubTab::Daily => LiveOpsFeature::DAILY,
            HubTab::Offers => LiveOpsFeature::OFFERS,
            HubTab::Upsell => LiveOpsFeature::UPSELL,
            HubTab::Codes => LiveOpsFeature::CODES,
            HubTab::Rewards => LiveOpsFeature::REWARDS,
        }
    }

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
    /// The sign-in panel.
    pub sign_in: SignInPanel,
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
            sign_in: SignInPanel::default(),
            toasts: Toasts::default(),
        }
    }
}

/// Everything the hub shows: one view per tab, built from that feature's resource or from
/// the game's own data, and the connection.
pub struct HubView<'a> {
    /// The tabs shown, in order (features the game left out are not listed).
    pub tabs: &'a [HubTab],
    /// Daily rewards.
    pub daily: DailyTab<'a>,
    /// Offer chains.
    pub offers: OffersTab<'a>,
    /// Upsell.
    pub upsell: UpsellTab<'a>,
    /// Reward chains.
    pub rewards: RewardsTab<'a>,
    /// Code redemption.
    pub codes: CodesTab<'a>,
    /// The connection state.
    pub connection: Connection,
    /// Some data shown comes from the cache.
    pub from_cache: bool,
    /// Sign-in, when the game lets players sign in through the plugin: signed out, the hub
    /// shows the sign-in panel instead of the tabs; signed in, a *Sign out* line.
    pub sign_in: Option<SignInView<'a>>,
}

impl Default for HubView<'_> {
    fn default() -> Self {
        Self {
            tabs: &HubTab::ALL,
            daily: DailyTab::default(),
            offers: OffersTab::default(),
            upsell: UpsellTab::default(),
            rewards: RewardsTab::default(),
            codes: CodesTab::default(),
            connection: Connection::Loading,
            from_cache: false,
            sign_in: None,
        }
    }
}

impl HubView<'_> {
    /// The badge of one tab.
    pub fn badge(&self, tab: HubTab) -> usize {
        match tab {
            HubTab::Daily => self.daily.badge,
            HubTab::Offers => self.offers.badge,
            HubTab::Upsell => self.upsell.badge,
            HubTab::Codes => self.codes.badge,
            HubTab::Rewards => self.rewards.badge,
        }
    }

    /// The total of the badges of the tabs shown.
    pub fn badge_total(&self) -> usize {
        self.tabs.iter().map(|t| self.badge(*t)).sum()
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
    if let Some(sign_in) = view.sign_in
        && sign_in.player.is_none()
        && view.connection == Connection::LoggedOut
    {
        actions.extend(state.sign_in.show(ui, cx, sign_in));
        return;
    }
    ui.horizontal(|ui| {
        for tab in view.tabs {
            let label = toasts::tab_label(cx.t(tab.title()), view.badge(*tab));
            if ui.selectable_label(state.tab == *tab, label).clicked() {
                state.tab = *tab;
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let ready = view.badge_total();
            let label = toasts::tab_label(cx.t(Text::ClaimAll), ready);
            if ui
                .add_enabled(ready > 0, egui::Button::new(label))
                .clicked()
            {
                actions.push(UiAction::ClaimAll);
            }
        });
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
    if let Some(sign_in) = view.sign_in.filter(|s| s.player.is_some()) {
        actions.extend(state.sign_in.show(ui, cx, sign_in));
    }
}

fn tab_body(
    ui: &mut Ui,
    state: &mut HubState,
    view: &HubView<'_>,
    cx: &mut UiCx<'_>,
) -> Vec<UiAction> {
    match state.tab {
        HubTab::Daily => view.daily.show(ui, cx),
        HubTab::Offers => view.offers.show(ui, cx),
        HubTab::Upsell => view.upsell.show(ui, cx),
        HubTab::Rewards => view.rewards.show(ui, cx),
        HubTab::Codes => view.codes.show(ui, cx, &mut state.codes),
    }
}
