//! [`LiveOps`]: one system parameter to read every feature and write every request, and the
//! run conditions [`liveops_logged_in`] and [`liveops_ready`].

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::{DailyChainId, OfferChainId, RewardChainId, StepId, StepNumber};

use crate::badges::LiveOpsBadges;
use crate::clock::ServerClock;
use crate::codes::{CodeRedemptions, PreviewCode, RedeemCode};
use crate::daily::{ClaimDailyStep, DailyChains};
use crate::offers::{BuyOfferStep, CheckOfferPayment, ClaimOfferStep, OfferChains};
use crate::refresh::RefreshLiveOps;
use crate::rewards::{ClaimRewardStep, RewardChains};
use crate::session::{ClearSession, LiveOpsSession, SetUserToken};
use crate::status::{LiveOpsStatus, LoadState};
use crate::upsell::UpsellItems;

/// The request writers behind [`LiveOps`].
#[derive(SystemParam)]
struct Requests<'w> {
    claim_daily: MessageWriter<'w, ClaimDailyStep>,
    claim_offer: MessageWriter<'w, ClaimOfferStep>,
    buy_offer: MessageWriter<'w, BuyOfferStep>,
    check_payment: MessageWriter<'w, CheckOfferPayment>,
    claim_reward: MessageWriter<'w, ClaimRewardStep>,
    preview: MessageWriter<'w, PreviewCode>,
    redeem: MessageWriter<'w, RedeemCode>,
    refresh: MessageWriter<'w, RefreshLiveOps>,
    set_token: MessageWriter<'w, SetUserToken>,
    clear: MessageWriter<'w, ClearSession>,
}

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
pub struct LiveOps<'w> {
    session: Res<'w, LiveOpsSession>,
    status: Res<'w, LiveOpsStatus>,
    clock: Res<'w, ServerClock>,
    badges: Res<'w, LiveOpsBadges>,
    daily: Res<'w, DailyChains>,
    offers: Res<'w, OfferChains>,
    upsell: Res<'w, UpsellItems>,
    rewards: Res<'w, RewardChains>,
    codes: Res<'w, CodeRedemptions>,
    requests: Requests<'w>,
}

impl LiveOps<'_> {
    /// The player's daily chains.
    pub fn daily(&self) -> &DailyChains {
        &self.daily
    }

    /// The player's offer chains.
    pub fn offers(&self) -> &OfferChains {
        &self.offers
    }

    /// The upsell items.
    pub fn upsell(&self) -> &UpsellItems {
        &self.upsell
    }

    /// The player's reward chains and balances.
    pub fn rewards(&self) -> &RewardChains {
        &self.rewards
    }

    /// Codes being previewed or redeemed.
    pub fn codes(&self) -> &CodeRedemptions {
        &self.codes
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

    /// Claims a daily chain step.
    pub fn claim_daily(&mut self, chain: DailyChainId, step: StepNumber) {
        self.requests
            .claim_daily
            .write(ClaimDailyStep { chain, step });
    }

    /// Claims a free offer chain step.
    pub fn claim_offer_step(&mut self, chain: OfferChainId, step: StepNumber) {
        self.requests
            .claim_offer
            .write(ClaimOfferStep { chain, step });
    }

    /// Buys a paid offer chain step; answered by
    /// [`PaymentRequired`](crate::PaymentRequired).
    pub fn buy_offer_step(&mut self, chain: OfferChainId, step: StepNumber) {
        self.requests.buy_offer.write(BuyOfferStep { chain, step });
    }

    /// Checks a chain's payment after the player paid.
    pub fn check_offer_payment(&mut self, chain: OfferChainId) {
        self.requests
            .check_payment
            .write(CheckOfferPayment { chain });
    }

    /// Claims a reward chain step.
    pub fn claim_reward_step(&mut self, chain: RewardChainId, step: StepId) {
        self.requests
            .claim_reward
            .write(ClaimRewardStep { chain, step });
    }

    /// Shows what a code gives without redeeming it.
    pub fn preview_code(&mut self, input: impl Into<String>) {
        self.requests.preview.write(PreviewCode {
            input: input.into(),
        });
    }

    /// Redeems a code as the player typed or pasted it.
    pub fn redeem(&mut self, input: impl Into<String>) {
        self.requests.redeem.write(RedeemCode::new(input));
    }

    /// Redeems a code with the player's unit-item picks.
    pub fn redeem_with(&mut self, request: RedeemCode) {
        self.requests.redeem.write(request);
    }

    /// Reads every feature again.
    pub fn refresh(&mut self) {
        self.requests.refresh.write(RefreshLiveOps::all());
    }

    /// Hands over the player's Login JWT.
    pub fn log_in(&mut self, token: impl Into<String>) {
        self.requests.set_token.write(SetUserToken(token.into()));
    }

    /// Forgets the token and the player's state.
    pub fn log_out(&mut self) {
        self.requests.clear.write(ClearSession);
    }
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
