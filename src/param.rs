//! [`LiveOps`]: one system parameter to read every feature and send every request;
//! [`LiveOpsOutcomes`]: one to read every outcome; the run conditions [`liveops_logged_in`]
//! and [`liveops_ready`].

use std::sync::LazyLock;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::{
    DailyChainId, OfferChainId, OrderId, Password, RewardChainId, Sku, StepId, StepNumber,
};

use crate::badges::LiveOpsBadges;
use crate::clock::ServerClock;
use crate::codes::CodeRedemptions;
use crate::daily::DailyChains;
use crate::messages::{
    BuyOfferStep, BuyUpsellItem, CheckOfferPayment, ClaimDailyStep, ClaimOfferStep,
    ClaimRewardStep, CreateAccount, LiveOpsRequest, PreviewCode, Purchase, RedeemCode,
    RefreshLiveOps, SignIn, SignInAsGuest, SignOut, TrackOrder,
};
use crate::offers::OfferChains;
use crate::outcome::{
    CodePreviewed, CodeRedeemed, CodeRejected, LiveOpsFailed, PaymentRequired, PurchaseCanceled,
    PurchasePending, RewardReady, RewardsGranted, RewardsWaiting, SignInFailed, SignedIn,
};
use crate::purchases::Purchases;
use crate::rewards::RewardChains;
use crate::session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionExpired, SessionExpiring, SetUserToken,
};
use crate::sign_in::LiveOpsSignIn;
use crate::status::{LiveOpsStatus, LoadState};
use crate::time::ServerTime;
use crate::upsell::UpsellItems;

/// What [`LiveOps`] shows for a feature whose resource is not there (the core added without
/// the plugin group): empty.
static NO_DAILY: LazyLock<DailyChains> = LazyLock::new(DailyChains::default);
static NO_OFFERS: LazyLock<OfferChains> = LazyLock::new(OfferChains::default);
static NO_UPSELL: LazyLock<UpsellItems> = LazyLock::new(UpsellItems::default);
static NO_REWARDS: LazyLock<RewardChains> = LazyLock::new(RewardChains::default);
static NO_CODES: LazyLock<CodeRedemptions> = LazyLock::new(CodeRedemptions::default);
static NO_PURCHASES: LazyLock<Purchases> = LazyLock::new(Purchases::default);
static NO_SIGN_IN: LazyLock<LiveOpsSignIn> = LazyLock::new(LiveOpsSignIn::default);

/// Everything LiveOps in one system parameter: read the features, write requests.
///
/// A game system needs this one parameter, not one per resource and message. Against the
/// local emulator, a system that redeems a code once the player is ready:
///
/// ```
/// use std::time::Duration;
/// use bevy_app::prelude::*;
/// use bevy_ecs::prelude::*;
/// use bevy_xsolla_liveops::prelude::*;
/// use xsolla_liveops_emulator::{Config, Emulator};
///
/// fn redeem_welcome_gift(mut liveops: LiveOps, mut done: Local<bool>) {
///     if !std::mem::replace(&mut *done, true) {
///         liveops.redeem(" WELCOME2025 "); // pasted with spaces: cleaned, case kept
///     }
/// }
///
/// #[derive(Resource, Default)]
/// struct Redeemed(Vec<CodeRedeemed>);
///
/// let emulator = Emulator::start_blocking(Config::default()).expect("emulator");
/// let mut app = App::new();
/// app.add_plugins(bevy_app::TaskPoolPlugin::default())
///     .add_plugins(LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url()))
///     .init_resource::<Redeemed>()
///     .add_systems(Update, redeem_welcome_gift.run_if(liveops_ready))
///     .add_systems(Update, |mut r: MessageReader<CodeRedeemed>, mut seen: ResMut<Redeemed>| {
///         seen.0.extend(r.read().cloned());
///     });
/// let token = emulator.mint_token("player-7", Duration::from_secs(3600));
/// app.world_mut().write_message(SetUserToken(token));
/// for _ in 0..2_000 {
///     app.update();
///     if !app.world().resource::<Redeemed>().0.is_empty() {
///         break;
///     }
///     std::thread::sleep(Duration::from_millis(5));
/// }
/// let redeemed = &app.world().resource::<Redeemed>().0;
/// assert_eq!(redeemed.len(), 1);
/// assert_eq!(redeemed[0].code.0, "WELCOME2025");
/// let gold = emulator.inventory("player-7").unwrap().into_iter().find(|(sku, _)| sku == "gold");
/// assert_eq!(gold, Some(("gold".to_owned(), 500)));
/// ```
///
/// Every feature's resource exists whichever feature plugins are added (a missing feature's is
/// empty, and its requests fail with
/// [`LiveOpsError::FeatureDisabled`](crate::LiveOpsError::FeatureDisabled)).
#[derive(SystemParam)]
pub struct LiveOps<'w, 's> {
    session: Res<'w, LiveOpsSession>,
    status: Res<'w, LiveOpsStatus>,
    clock: Res<'w, ServerClock>,
    badges: Res<'w, LiveOpsBadges>,
    daily: Option<Res<'w, DailyChains>>,
    offers: Option<Res<'w, OfferChains>>,
    upsell: Option<Res<'w, UpsellItems>>,
    rewards: Option<Res<'w, RewardChains>>,
    codes: Option<Res<'w, CodeRedemptions>>,
    purchases: Option<Res<'w, Purchases>>,
    sign_in: Option<Res<'w, LiveOpsSignIn>>,
    commands: Commands<'w, 's>,
}

impl LiveOps<'_, '_> {
    /// The player's daily chains.
    pub fn daily(&self) -> &DailyChains {
        self.daily.as_deref().unwrap_or(&NO_DAILY)
    }

    /// The player's offer chains.
    pub fn offers(&self) -> &OfferChains {
        self.offers.as_deref().unwrap_or(&NO_OFFERS)
    }

    /// The upsell items.
    pub fn upsell(&self) -> &UpsellItems {
        self.upsell.as_deref().unwrap_or(&NO_UPSELL)
    }

    /// The player's reward chains and balances.
    pub fn rewards(&self) -> &RewardChains {
        self.rewards.as_deref().unwrap_or(&NO_REWARDS)
    }

    /// Codes being previewed or redeemed.
    pub fn codes(&self) -> &CodeRedemptions {
        self.codes.as_deref().unwrap_or(&NO_CODES)
    }

    /// The orders awaiting payment, and their tracking.
    pub fn purchases(&self) -> &Purchases {
        self.purchases.as_deref().unwrap_or(&NO_PURCHASES)
    }

    /// Who signed in through the plugin, how, and what sign-in is doing.
    pub fn sign_in_state(&self) -> &LiveOpsSignIn {
        self.sign_in.as_deref().unwrap_or(&NO_SIGN_IN)
    }

    /// Loading, ready, offline or unavailable.
    pub fn status(&self) -> &LiveOpsStatus {
        &self.status
    }

    /// What can be claimed now, per feature.
    pub fn badges(&self) -> &LiveOpsBadges {
        &self.badges
    }

    /// The server's clock.
    pub fn clock(&self) -> &ServerClock {
        &self.clock
    }

    /// The session: who is logged in, until when.
    pub fn session(&self) -> &LiveOpsSession {
        &self.session
    }

    /// Claims everything that is ready now, one request per step: every claimable daily step,
    /// free offer step and reward step that is not already being claimed. Returns how many
    /// claims were sent; each grant is reported once, as for single claims.
    pub fn claim_all(&mut self) -> usize {
        let daily: Vec<_> = self.daily().claimable().collect();
        let offers: Vec<_> = self.offers().claimable().collect();
        let rewards: Vec<_> = self.rewards().claimable().collect();
        let count = daily.len() + offers.len() + rewards.len();
        for (chain, step) in daily {
            self.send(ClaimDailyStep { chain, step });
        }
        for (chain, step) in offers {
            self.send(ClaimOfferStep { chain, step });
        }
        for (chain, step) in rewards {
            self.send(ClaimRewardStep { chain, step });
        }
        count
    }

    /// The next time something unlocks by time alone: a daily step, or an offer chain's
    /// reset. Schedule a reminder for it with [`ServerClock::to_system_time`].
    pub fn next_unlock(&self) -> Option<ServerTime> {
        let now = self.clock.now();
        let daily = self.daily().next_unlock(now);
        let offers = self
            .offers()
            .chains
            .iter()
            .filter_map(|c| c.next_reset().map(ServerTime::from))
            .filter(|&t| t > now)
            .min();
        daily.into_iter().chain(offers).min()
    }

    /// Sends any request: `liveops.send(ClaimDailyStep::new(chain, step))`, or a
    /// [`LiveOpsRequest`] as the hub's buttons produce it. The message goes out as if the
    /// system had written it.
    pub fn send(&mut self, request: impl Into<LiveOpsRequest>) {
        request.into().write(&mut self.commands);
    }

    /// Claims a daily chain step.
    pub fn claim_daily(&mut self, chain: DailyChainId, step: StepNumber) {
        self.send(ClaimDailyStep { chain, step });
    }

    /// Claims a free offer chain step.
    pub fn claim_offer_step(&mut self, chain: OfferChainId, step: StepNumber) {
        self.send(ClaimOfferStep { chain, step });
    }

    /// Buys a paid offer chain step; answered by
    /// [`PaymentRequired`](crate::PaymentRequired).
    pub fn buy_offer_step(&mut self, chain: OfferChainId, step: StepNumber) {
        self.send(BuyOfferStep { chain, step });
    }

    /// Checks a chain's payments now (the player closed Pay Station, the window regained
    /// focus); orders are also checked by themselves.
    pub fn check_offer_payment(&mut self, chain: OfferChainId) {
        self.send(CheckOfferPayment { chain });
    }

    /// Buys an upsell item: real-money items are answered by
    /// [`PaymentRequired`](crate::PaymentRequired) and tracked until paid; virtual-currency
    /// items settle at once. Either way the grant is reported by
    /// [`RewardsGranted`](crate::RewardsGranted).
    pub fn buy_upsell(&mut self, sku: impl Into<Sku>) {
        self.send(BuyUpsellItem::new(sku));
    }

    /// Tracks an order the game kept (over a restart, say) until it is final, and checks it
    /// now.
    pub fn track_order(&mut self, order_id: OrderId, purchase: Purchase) {
        self.send(TrackOrder { order_id, purchase });
    }

    /// Claims a reward chain step.
    pub fn claim_reward_step(&mut self, chain: RewardChainId, step: StepId) {
        self.send(ClaimRewardStep { chain, step });
    }

    /// Shows what a code gives without redeeming it.
    pub fn preview_code(&mut self, input: impl Into<String>) {
        self.send(PreviewCode::new(input));
    }

    /// Redeems a code as the player typed or pasted it.
    pub fn redeem(&mut self, input: impl Into<String>) {
        self.send(RedeemCode::new(input));
    }

    /// Redeems a code with the player's unit-item picks.
    pub fn redeem_with(&mut self, request: RedeemCode) {
        self.send(request);
    }

    /// Reads every feature again.
    pub fn refresh(&mut self) {
        self.send(RefreshLiveOps::all());
    }

    /// Signs a player in through Xsolla Login with a username (or e-mail address) and
    /// password; answered by [`SignedIn`](crate::SignedIn) or
    /// [`SignInFailed`](crate::SignInFailed).
    pub fn sign_in(&mut self, username: impl Into<String>, password: impl Into<Password>) {
        self.send(SignIn::new(username, password));
    }

    /// Signs a guest in by this install's device id (made once, kept in the cache directory).
    pub fn sign_in_as_guest(&mut self) {
        self.send(SignInAsGuest::default());
    }

    /// Creates an account and signs its player in.
    pub fn register(
        &mut self,
        username: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<Password>,
    ) {
        self.send(CreateAccount::new(username, email, password));
    }

    /// Signs the player out everywhere and forgets the remembered sign-in.
    pub fn sign_out(&mut self) {
        self.send(SignOut);
    }

    /// Hands over the player's Login JWT (from the game's own backend).
    pub fn log_in(&mut self, token: impl Into<String>) {
        self.commands.write_message(SetUserToken(token.into()));
    }

    /// Forgets the token and the player's state.
    pub fn log_out(&mut self) {
        self.commands.write_message(ClearSession);
    }
}

/// Every outcome the plugin reports, in one system parameter (each is also an observer event:
/// `app.add_observer(|granted: On<RewardsGranted>| …)`).
#[derive(SystemParam)]
pub struct LiveOpsOutcomes<'w, 's> {
    /// Items granted.
    pub granted: MessageReader<'w, 's, RewardsGranted>,
    /// Payments to make.
    pub payments: MessageReader<'w, 's, PaymentRequired>,
    /// Orders canceled.
    pub canceled: MessageReader<'w, 's, PurchaseCanceled>,
    /// Orders still open when their tracking ended.
    pub pending: MessageReader<'w, 's, PurchasePending>,
    /// Code previews.
    pub previewed: MessageReader<'w, 's, CodePreviewed>,
    /// Redeemed codes.
    pub redeemed: MessageReader<'w, 's, CodeRedeemed>,
    /// Rejected codes.
    pub rejected: MessageReader<'w, 's, CodeRejected>,
    /// Failed requests.
    pub failed: MessageReader<'w, 's, LiveOpsFailed>,
    /// Tokens running out soon.
    pub expiring: MessageReader<'w, 's, SessionExpiring>,
    /// Tokens that ran out or were refused.
    pub expired: MessageReader<'w, 's, SessionExpired>,
    /// Player changes.
    pub player_changes: MessageReader<'w, 's, PlayerChanged>,
    /// Steps that became claimable while the game runs.
    pub ready: MessageReader<'w, 's, RewardReady>,
    /// What waits for a player who just signed in.
    pub waiting: MessageReader<'w, 's, RewardsWaiting>,
    /// Players signed in through the plugin.
    pub signed_in: MessageReader<'w, 's, SignedIn>,
    /// Sign-ins that failed.
    pub sign_in_failed: MessageReader<'w, 's, SignInFailed>,
}

/// Run condition: a player is logged in (their token may have run out).
pub fn liveops_logged_in(session: Option<Res<LiveOpsSession>>) -> bool {
    session.is_some_and(|s| s.player().is_some())
}

/// Run condition: a player is logged in with a usable token and the last reads succeeded.
pub fn liveops_ready(
    session: Option<Res<LiveOpsSession>>,
    status: Option<Res<LiveOpsStatus>>,
) -> bool {
    session.is_some_and(|s| s.is_ready()) && status.is_some_and(|s| s.state == LoadState::Ready)
}
