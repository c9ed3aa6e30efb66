//! `LiveOpsUiPlugin`: the ready hub, drawn from the plugin's resources in bevy_egui's
//! `EguiPrimaryContextPass`, its actions written as the plugin's request messages.

use std::time::Duration;

use crate::time::Instant;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use bevy_input::ButtonInput;
use bevy_input::keyboard::KeyCode;

use super::common::{UiAction, UiCx};
use super::hub::{HubState, HubTab, HubView, show_hub};
use super::icons::IconCache;
use super::sign_in::SignInView;
use super::strings::UiStrings;
use super::tabs::{CodesTab, DailyTab, OffersTab, RewardsTab, UpsellTab};
use super::theme::LiveOpsTheme;
use super::toasts::{Connection, GrantLine, ToastKind};
use crate::{
    BuyOfferStep, BuyUpsellItem, CheckOfferPayment, ClaimDailyStep, ClaimOfferStep,
    ClaimRewardStep, DataOrigin, GrantedItem, LiveOps, LiveOpsBadges, LiveOpsFeature,
    LiveOpsOutcomes, LiveOpsRequest, LiveOpsRuntime, LiveOpsSystems, LoadState, PlayerChanged,
    ServerClock,
};
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};

/// Adds the LiveOps hub: a button with a badge, a window with a tab per feature, toasts and a
/// status line, drawn with bevy_egui from the LiveOps resources. Needs `EguiPlugin` and the
/// LiveOps plugins.
///
/// The game opens and closes the hub through the [`LiveOpsHub`] resource or
/// [`LiveOpsHubCommand`] messages; the default key (F9) toggles it too. Every action the
/// player takes is written as the matching request message (a claim as `ClaimDailyStep`, …)
/// and as a [`LiveOpsUiAction`], which is also how a game learns that the player wants to buy
/// an upsell item (that purchase goes through the game's own checkout).
#[derive(Debug, Clone)]
pub struct LiveOpsUiPlugin {
    /// The key toggling the hub; `None` for none.
    pub toggle_key: Option<KeyCode>,
    /// Texts (language, overrides).
    pub strings: UiStrings,
    /// Colours and sizes.
    pub theme: LiveOpsTheme,
    /// The tabs shown, in order.
    pub tabs: Vec<HubTab>,
    /// Decoded icons kept in memory.
    pub icon_capacity: usize,
    /// Draw the hub button in the top-left corner.
    pub show_button: bool,
    /// Where downloaded icons are kept between runs; `None` uses `icons/` in the LiveOps
    /// cache directory when one is set.
    pub icon_cache_dir: Option<std::path::PathBuf>,
    /// Open the hub when a player signs in with something to claim
    /// ([`RewardsWaiting`](crate::RewardsWaiting)).
    pub welcome_back: bool,
    /// A line under the sign-in panel's title (test accounts, a support link).
    pub sign_in_hint: Option<String>,
}

impl Default for LiveOpsUiPlugin {
    fn default() -> Self {
        Self {
            toggle_key: Some(KeyCode::F9),
            strings: UiStrings::default(),
            theme: LiveOpsTheme::dark(),
            tabs: HubTab::ALL.to_vec(),
            icon_capacity: 256,
            show_button: true,
            icon_cache_dir: None,
            welcome_back: false,
            sign_in_hint: None,
        }
    }
}

impl LiveOpsUiPlugin {
    /// Another toggle key, or none.
    pub fn with_toggle_key(mut self, key: Option<KeyCode>) -> Self {
        self.toggle_key = key;
        self
    }

    /// Another language (`"de"`, or one added to the strings).
    pub fn with_locale(mut self, locale: impl Into<String>) -> Self {
        self.strings.set_locale(locale);
        self
    }

    /// Another text table.
    pub fn with_strings(mut self, strings: UiStrings) -> Self {
        self.strings = strings;
        self
    }

    /// Another theme.
    pub fn with_theme(mut self, theme: LiveOpsTheme) -> Self {
        self.theme = theme;
        self
    }

    /// Only these tabs, in this order.
    pub fn with_tabs(mut self, tabs: impl Into<Vec<HubTab>>) -> Self {
        self.tabs = tabs.into();
        self
    }

    /// Without the corner button (the game opens the hub itself).
    pub fn without_button(mut self) -> Self {
        self.show_button = false;
        self
    }

    /// Opens the hub, on the first tab with something to claim, when a player signs in with
    /// rewards waiting.
    pub fn with_welcome_back(mut self) -> Self {
        self.welcome_back = true;
        self
    }

    /// Shows `hint` under the sign-in panel's title.
    pub fn with_sign_in_hint(mut self, hint: impl Into<String>) -> Self {
        self.sign_in_hint = Some(hint.into());
        self
    }

    /// Keeps downloaded icons in `dir`.
    pub fn with_icon_cache_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.icon_cache_dir = Some(dir.into());
        self
    }
}

/// The hub's state, for the game to read and drive.
#[derive(Resource, Debug, Clone)]
pub struct LiveOpsHub {
    /// Open or not, the tab, the code dialog and the toasts.
    pub state: HubState,
    /// The tabs shown, in order.
    pub tabs: Vec<HubTab>,
}

impl LiveOpsHub {
    /// Opens the hub.
    pub fn open(&mut self) {
        self.state.open = true;
    }

    /// Opens the hub on a tab.
    pub fn show(&mut self, tab: HubTab) {
        self.state.open = true;
        self.state.tab = tab;
    }

    /// Closes the hub.
    pub fn close(&mut self) {
        self.state.open = false;
    }

    /// Opens a closed hub, closes an open one.
    pub fn toggle(&mut self) {
        self.state.open = !self.state.open;
    }

    /// True while the hub window is open.
    pub fn is_open(&self) -> bool {
        self.state.open
    }
}

/// Opens, closes or switches the hub.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveOpsHubCommand {
    /// Open it.
    Open,
    /// Close it.
    Close,
    /// Open or close it.
    Toggle,
    /// Open it on this tab.
    Show(HubTab),
}

/// An action the player took in the hub (written after its request message).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct LiveOpsUiAction(pub UiAction);

/// Texts, theme and toggle key of the hub; change them at any time.
#[derive(Resource, Debug, Clone)]
pub struct LiveOpsUiSettings {
    /// Texts.
    pub strings: UiStrings,
    /// Colours and sizes.
    pub theme: LiveOpsTheme,
    /// The key toggling the hub.
    pub toggle_key: Option<KeyCode>,
    /// Open the hub when a player signs in with something to claim.
    pub welcome_back: bool,
    /// A line under the sign-in panel's title.
    pub sign_in_hint: Option<String>,
}

/// The hub's icon cache (loading on the LiveOps runtime).
#[derive(Resource, Debug)]
pub struct LiveOpsIcons(pub IconCache);

/// The hub's systems: `Input` in `Update`, `Draw` in `EguiPrimaryContextPass`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveOpsUiSystems {
    /// Toggle key, hub commands, and the plugin's outcomes turned into toasts and dialog state.
    Input,
    /// Drawing the hub and writing the player's requests.
    Draw,
}

impl Plugin for LiveOpsUiPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<LiveOpsHubCommand>()
            .add_message::<LiveOpsUiAction>()
            .insert_resource(LiveOpsHub {
                state: HubState {
                    show_button: self.show_button,
                    ..HubState::default()
                },
                tabs: self.tabs.clone(),
            })
            .insert_resource(LiveOpsUiSettings {
                strings: self.strings.clone(),
                theme: self.theme.clone(),
                toggle_key: self.toggle_key,
                welcome_back: self.welcome_back,
                sign_in_hint: self.sign_in_hint.clone(),
            })
            .insert_resource(LiveOpsIcons(IconCache::new(self.icon_capacity)))
            .init_resource::<Recent>()
            .add_systems(
                Update,
                (toggle_on_key, apply_commands, collect_outcomes)
                    .chain()
                    .in_set(LiveOpsUiSystems::Input),
            )
            .add_systems(
                PostUpdate,
                forget_previous_player
                    .run_if(on_message::<PlayerChanged>)
                    .after(LiveOpsSystems::Session)
                    .before(bevy_egui::EguiPostUpdateSet::EndPass),
            )
            .add_systems(
                EguiPrimaryContextPass,
                draw_hub.in_set(LiveOpsUiSystems::Draw),
            );
        let dir = self.icon_cache_dir.clone();
        app.add_systems(
            PreStartup,
            move |runtime: Option<Res<LiveOpsRuntime>>,
                  cache: Option<Res<crate::cache::LiveOpsCache>>,
                  mut icons: ResMut<LiveOpsIcons>| {
                if let Some(spawner) = runtime.and_then(|r| r.spawner()) {
                    let mut icon_cache = std::mem::take(&mut icons.0).with_spawner(spawner);
                    let dir = dir
                        .clone()
                        .or_else(|| cache.and_then(|c| c.dir().map(|d| d.join("icons"))));
                    if let Some(dir) = dir {
                        icon_cache = icon_cache.with_cache_dir(dir);
                    }
                    icons.0 = icon_cache;
                }
            },
        );
    }
}

/// Actions written in the last frames: their buttons stay disabled until the plugin's own
/// in-flight state takes over, so a click is never sent twice.
#[derive(Resource, Default)]
struct Recent {
    frame: u64,
    sent: Vec<(u64, UiAction)>,
    wake_at: Option<Instant>,
}

impl Recent {
    const FRAMES: u64 = 3;

    fn contains(&self, action: &UiAction) -> bool {
        self.sent.iter().any(|(_, a)| a == action)
    }
}

fn toggle_on_key(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    wants: Option<Res<EguiWantsInput>>,
    settings: Res<LiveOpsUiSettings>,
    mut hub: ResMut<LiveOpsHub>,
) {
    let (Some(keys), Some(key)) = (keys, settings.toggle_key) else {
        return;
    };
    if wants.is_some_and(|w| w.wants_any_keyboard_input()) {
        return;
    }
    if keys.just_pressed(key) {
        hub.toggle();
    }
}

/// Run condition: egui has the keyboard (the player is typing in a text field such as the
/// code field, or a popup is open). Put `not(liveops_ui_wants_keyboard)` on the game's
/// movement and hotkeys so typing a code never moves the hero or closes the hub; false when
/// bevy_egui is not added.
pub fn liveops_ui_wants_keyboard(wants: Option<Res<EguiWantsInput>>) -> bool {
    wants.is_some_and(|w| w.wants_any_keyboard_input())
}

/// Run condition: the pointer is over egui (the hub, a toast) or egui is using it. Put
/// `not(liveops_ui_wants_pointer)` on the game's own mouse handling so a click in the hub does
/// not also act in the world; false when bevy_egui is not added.
pub fn liveops_ui_wants_pointer(wants: Option<Res<EguiWantsInput>>) -> bool {
    wants.is_some_and(|w| w.wants_any_pointer_input())
}

/// On a player change the hub forgets what it showed the previous player: the code dialog
/// and its outcome, the toasts, the tab; it closes. Runs after the plugin applied the change
/// and before the frame's hub is drawn, so no frame shows the previous player's results.
fn forget_previous_player(
    mut changes: MessageReader<PlayerChanged>,
    mut hub: ResMut<LiveOpsHub>,
    mut recent: ResMut<Recent>,
) {
    // A first login has nothing to forget (a logout already did it).
    if !changes.read().any(|c| c.previous.is_some()) {
        return;
    }
    let show_button = hub.state.show_button;
    hub.state = HubState {
        show_button,
        ..HubState::default()
    };
    recent.sent.clear();
}

fn apply_commands(mut commands: MessageReader<LiveOpsHubCommand>, mut hub: ResMut<LiveOpsHub>) {
    for command in commands.read() {
        match *command {
            LiveOpsHubCommand::Open => hub.open(),
            LiveOpsHubCommand::Close => hub.close(),
            LiveOpsHubCommand::Toggle => hub.toggle(),
            LiveOpsHubCommand::Show(tab) => hub.show(tab),
        }
    }
}

fn grant_lines(items: &[GrantedItem]) -> Vec<GrantLine> {
    items.iter().map(GrantLine::from).collect()
}

fn collect_outcomes(
    clock: Res<ServerClock>,
    mut hub: ResMut<LiveOpsHub>,
    mut outcomes: LiveOpsOutcomes,
    settings: Res<LiveOpsUiSettings>,
    badges: Res<LiveOpsBadges>,
) {
    let now = clock.now().unix_millis();
    if outcomes.waiting.read().count() > 0 && settings.welcome_back {
        let hub = &mut *hub;
        if let Some(tab) = hub
            .tabs
            .iter()
            .copied()
            .find(|t| badges.get(t.feature()) > 0)
        {
            hub.state.tab = tab;
        }
        hub.state.open = true;
    }
    for grant in outcomes.granted.read() {
        hub.state
            .toasts
            .push(ToastKind::Granted(grant_lines(&grant.items)), now);
    }
    for p in outcomes.previewed.read() {
        hub.state.codes.previewed(p.verification.clone());
    }
    for r in outcomes.redeemed.read() {
        let items = grant_lines(&r.items);
        if r.kind == CodeKind::Coupon {
            hub.state.codes.redeemed(items);
        } else {
            // A promo code's bonus comes with the next purchase: say so, not "you received".
            let discount = hub
                .state
                .codes
                .preview()
                .filter(|v| v.code() == &r.code)
                .and_then(cart_discount);
            hub.state.codes.applied(items, discount);
        }
    }
    for r in outcomes.rejected.read() {
        hub.state.codes.rejected(&r.input, r.reason.clone());
        let on_codes = hub.state.open && hub.state.tab == HubTab::Codes;
        if !on_codes {
            hub.state
                .toasts
                .push(ToastKind::Rejected(r.reason.clone()), now);
        }
    }
    for f in outcomes.failed.read() {
        if matches!(
            f.request,
            LiveOpsRequest::PreviewCode(_) | LiveOpsRequest::RedeemCode(_)
        ) {
            hub.state.codes.failed();
        }
        if !matches!(f.request, LiveOpsRequest::Refresh(_)) {
            hub.state.toasts.push(ToastKind::Failed, now);
        }
    }
}

/// The cart discount (percent) a previewed promo code gives.
fn cart_discount(verification: &CodeVerification) -> Option<f64> {
    let discount = match verification {
        CodeVerification::Coupon { rewards, .. } => rewards.discount.as_ref(),
        CodeVerification::PromoCode { rewards, .. } | CodeVerification::Other { rewards, .. } => {
            rewards.discount.as_ref()
        }
    };
    discount
        .and_then(|d| d.percent.as_ref())
        .map(|p| p.to_f64())
}

/// The hub's view of the plugin's resources: each tab from its feature, with what the player
/// pressed in the last frames shown as under way until the plugin has taken it.
fn hub_view<'a>(liveops: &'a LiveOps, tabs: &'a [HubTab], recent: &'a Recent) -> HubView<'a> {
    let badges = liveops.badges();
    let sent = |request: LiveOpsRequest| recent.contains(&request.into());
    HubView {
        tabs,
        daily: DailyTab::of(liveops.daily())
            .badge(badges.get(LiveOpsFeature::DAILY))
            .also_busy(move |(c, s)| sent(ClaimDailyStep::new(c, s).into())),
        offers: OffersTab::of(liveops.offers(), liveops.purchases())
            .badge(badges.get(LiveOpsFeature::OFFERS))
            .also_busy(move |(c, s)| {
                sent(ClaimOfferStep::new(c, s).into())
                    || sent(BuyOfferStep::new(c, s).into())
                    || (liveops.purchases().awaiting_step(c, s).is_some()
                        && sent(CheckOfferPayment { chain: c }.into()))
            }),
        upsell: UpsellTab::of(liveops.upsell(), liveops.purchases())
            .badge(badges.get(LiveOpsFeature::UPSELL))
            .also_busy(move |sku| sent(BuyUpsellItem::new(sku.clone()).into())),
        rewards: RewardsTab::of(liveops.rewards())
            .badge(badges.get(LiveOpsFeature::REWARDS))
            .also_busy(move |(c, s)| sent(ClaimRewardStep::new(c, s).into())),
        codes: CodesTab::of(liveops.codes())
            .badge(badges.get(LiveOpsFeature::CODES))
            .also_busy(|code| {
                recent.sent.iter().any(|(_, action)| match action {
                    UiAction::Request(LiveOpsRequest::PreviewCode(p)) => p.input == code.0,
                    UiAction::Request(LiveOpsRequest::RedeemCode(r)) => r.input == code.0,
                    _ => false,
                })
            }),
        connection: connection(liveops),
        from_cache: [
            liveops.daily().origin,
            liveops.offers().origin,
            liveops.upsell().origin,
            liveops.rewards().origin,
        ]
        .contains(&DataOrigin::Cache),
        sign_in: None,
    }
}

/// The status line's state.
fn connection(liveops: &LiveOps) -> Connection {
    if !liveops.session().is_ready() {
        return Connection::LoggedOut;
    }
    let status = liveops.status();
    match status.state {
        LoadState::Loading => Connection::Loading,
        LoadState::Ready => Connection::Online,
        LoadState::Offline => Connection::Offline {
            retry_at_ms: status.next_retry_at.map(|t| t.unix_millis()),
        },
        _ => Connection::Unavailable,
    }
}

/// What drawing the hub needs besides the features and the hub's own state.
#[derive(SystemParam)]
struct HubDesk<'w> {
    settings: Res<'w, LiveOpsUiSettings>,
    icons: ResMut<'w, LiveOpsIcons>,
    recent: ResMut<'w, Recent>,
    ui_actions: MessageWriter<'w, LiveOpsUiAction>,
    proxy: Option<Res<'w, bevy_winit::EventLoopProxyWrapper>>,
    runtime: Option<Res<'w, LiveOpsRuntime>>,
}

fn draw_hub(
    mut contexts: EguiContexts,
    mut liveops: LiveOps,
    mut hub: ResMut<LiveOpsHub>,
    desk: HubDesk,
) {
    let HubDesk {
        settings,
        mut icons,
        mut recent,
        mut ui_actions,
        proxy,
        runtime,
    } = desk;
    // No primary egui context yet (no camera, or the game draws egui elsewhere): nothing to draw.
    let Ok(ctx) = contexts.ctx_mut().map(|c| c.clone()) else {
        return;
    };
    recent.frame += 1;
    let frame = recent.frame;
    recent.sent.retain(|(at, _)| frame - at < Recent::FRAMES);
    icons.0.poll(&ctx);

    let hub = &mut *hub;
    let now_ms = liveops.clock().now().unix_millis();
    let (actions, next_tick) = {
        let recent = &*recent;
        let mut view = hub_view(&liveops, &hub.tabs, recent);
        let sign_in = liveops.sign_in_state();
        if sign_in.is_available() {
            view.sign_in = Some(SignInView {
                player: sign_in.name().or(sign_in.player()),
                guest: sign_in.method() == Some(crate::SignInMethod::Guest),
                busy: sign_in.busy(),
                failure: sign_in.last_failure(),
                hint: settings.sign_in_hint.as_deref(),
            });
        }
        let mut cx = UiCx::new(&settings.strings, &settings.theme, &mut icons.0, now_ms);
        let actions = show_hub(&ctx, &mut hub.state, &view, &mut cx);
        (actions, cx.next_tick())
    };

    for action in actions {
        match &action {
            UiAction::Request(request) => liveops.send(request.clone()),
            UiAction::ClaimAll => {
                liveops.claim_all();
            }
        }
        recent.sent.push((frame, action.clone()));
        ui_actions.write(LiveOpsUiAction(action));
    }

    // Countdowns move every second even when the app only wakes on input: wake the event
    // loop on the next second.
    if let (Some(delay), Some(proxy)) = (next_tick, proxy) {
        let due = Instant::now() + delay;
        let pending = recent
            .wake_at
            .is_some_and(|at| at > Instant::now() && at <= due);
        if !pending && let Some(spawner) = runtime.and_then(|r| r.spawner()) {
            recent.wake_at = Some(due);
            let proxy = (**proxy).clone();
            spawner.spawn(async move {
                crate::time::sleep(delay + Duration::from_millis(5)).await;
                let _ = proxy.send_event(bevy_winit::WinitUserEvent::WakeUp);
            });
        }
    }
}
