//! What a game can ask of the plugin: one message per request, and [`LiveOpsRequest`], which
//! carries any of them (in [`LiveOpsFailed`](crate::LiveOpsFailed), in the hub's actions, and
//! to [`LiveOps::send`](crate::LiveOps::send)).
//!
//! Adding a request kind: its message here, its variant in the `requests!` list below, its
//! `RequestKind` where its feature lives, and its test.

use bevy_ecs::prelude::*;
use xsolla_liveops::Password;
use xsolla_liveops::models::promotions::SelectedUnitItems;
use xsolla_liveops::{DailyChainId, OfferChainId, OrderId, RewardChainId, Sku, StepId, StepNumber};

use crate::feature_id::LiveOpsFeature;

/// Claims a daily chain step. A claim of a step already being claimed is ignored.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimDailyStep {
    /// Chain.
    pub chain: DailyChainId,
    /// Step.
    pub step: StepNumber,
}

/// Claims a free offer chain step.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimOfferStep {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
}

/// Buys a paid offer chain step: the plugin creates the order and answers with
/// [`PaymentRequired`](crate::PaymentRequired).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BuyOfferStep {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
}

/// Checks a chain's payments at once: write it when the game learns a payment may have
/// finished (its window regained focus, the player closed Pay Station, a webhook reached its
/// server). The plugin reads the chain and the status of every order awaited for it, and
/// reports the grant once the step shows bought. Orders are also checked by themselves (see
/// [`TrackOrder`]).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CheckOfferPayment {
    /// Chain.
    pub chain: OfferChainId,
}

/// Claims a reward chain step once the value-point balance reaches its price.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimRewardStep {
    /// Chain.
    pub chain: RewardChainId,
    /// Step.
    pub step: StepId,
}

/// Shows what a code gives, without redeeming it; answered by
/// [`CodePreviewed`](crate::CodePreviewed) or [`CodeRejected`](crate::CodeRejected).
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreviewCode {
    /// The code as the player typed or pasted it.
    pub input: String,
}

/// Redeems a code; answered by [`CodeRedeemed`](crate::CodeRedeemed) or
/// [`CodeRejected`](crate::CodeRejected).
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct RedeemCode {
    /// The code as the player typed or pasted it.
    pub input: String,
    /// The player's picks when the code offers a choice: unit SKU → chosen item SKU.
    pub selected_unit_items: SelectedUnitItems,
}

/// Buys an upsell item. Priced in real money, it is answered by
/// [`PaymentRequired`](crate::PaymentRequired) and its order is tracked until it is final;
/// priced in virtual currency, it settles at once and the grant is reported by
/// [`RewardsGranted`](crate::RewardsGranted).
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuyUpsellItem {
    /// The item.
    pub sku: Sku,
    /// Pay with this virtual currency; `None`: real money when the item has a real price,
    /// else its default virtual price.
    pub virtual_currency: Option<Sku>,
}

impl BuyUpsellItem {
    /// Buys `sku` at its usual price.
    pub fn new(sku: impl Into<Sku>) -> Self {
        Self {
            sku: sku.into(),
            virtual_currency: None,
        }
    }

    /// Pays with the virtual currency `currency`.
    pub fn with_virtual_currency(mut self, currency: impl Into<Sku>) -> Self {
        self.virtual_currency = Some(currency.into());
        self
    }
}

/// What an order buys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Purchase {
    /// A paid offer chain step.
    OfferStep {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
    },
    /// A catalog item (an upsell item).
    Item {
        /// The item.
        sku: Sku,
    },
}

impl Purchase {
    /// The feature the purchase belongs to.
    pub fn feature(&self) -> LiveOpsFeature {
        match self {
            Self::OfferStep { .. } => LiveOpsFeature::OFFERS,
            Self::Item { .. } => LiveOpsFeature::UPSELL,
        }
    }
}

/// Tracks an order until it is final, and checks it at once. The plugin tracks every order it
/// creates by itself; write this after a restart for an order the game kept (its id and what
/// it buys), or to check an order now. The outcome is [`RewardsGranted`](crate::RewardsGranted)
/// when it is done, [`PurchaseCanceled`](crate::PurchaseCanceled), or
/// [`PurchasePending`](crate::PurchasePending) when it is still open at the tracking limit.
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackOrder {
    /// The order.
    pub order_id: OrderId,
    /// What it buys.
    pub purchase: Purchase,
}

/// Signs a player in through Xsolla Login with a username (or e-mail address) and password;
/// answered by [`SignedIn`](crate::SignedIn) or [`SignInFailed`](crate::SignInFailed). The
/// password is sent once and kept nowhere; its `Debug` is redacted.
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignIn {
    /// Username or e-mail address.
    pub username: String,
    /// The password as typed.
    pub password: Password,
}

impl SignIn {
    /// Signs `username` in with `password`.
    pub fn new(username: impl Into<String>, password: impl Into<Password>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }
}

/// Signs a guest in by this install's device id (made once and kept in the cache directory;
/// the same id always signs in the same guest); answered by [`SignedIn`](crate::SignedIn) or
/// [`SignInFailed`](crate::SignInFailed).
#[derive(Message, Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SignInAsGuest {
    /// The game's own device id instead of the plugin's (4 to 36 characters; shorter ones are
    /// padded with `0` as Login wants).
    pub device_id: Option<String>,
}

/// Creates an account through Xsolla Login and signs its player in; answered by
/// [`SignedIn`](crate::SignedIn), or by [`SignInFailed`](crate::SignInFailed) (with
/// [`SignInFailure::NotConfirmed`](crate::SignInFailure::NotConfirmed) when the project
/// wants the e-mail address confirmed first: Login sent a link, and signing in works once it
/// is followed).
#[derive(Message, Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateAccount {
    /// Username.
    pub username: String,
    /// E-mail address.
    pub email: String,
    /// Password, 6 to 100 characters.
    pub password: Password,
}

impl CreateAccount {
    /// A new account.
    pub fn new(
        username: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<Password>,
    ) -> Self {
        Self {
            username: username.into(),
            email: email.into(),
            password: password.into(),
        }
    }
}

/// Signs the player out: Login ends every session of the player (its tokens stop working),
/// the remembered sign-in is deleted and the player's state cleared (as
/// [`ClearSession`](crate::ClearSession) does). A renewal in the air is abandoned.
#[derive(Message, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SignOut;

/// Asks the plugin to read a feature again (`Some`) or all of them (`None`).
#[derive(Message, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RefreshLiveOps {
    /// The feature, or every added feature.
    pub feature: Option<LiveOpsFeature>,
}

macro_rules! steps {
    ($($message:ident($chain:ty, $step:ty)),* $(,)?) => {$(
        impl $message {
            /// The request for `step` of `chain`.
            pub fn new(chain: impl Into<$chain>, step: impl Into<$step>) -> Self {
                Self { chain: chain.into(), step: step.into() }
            }
        }
    )*};
}

steps! {
    ClaimDailyStep(DailyChainId, StepNumber),
    ClaimOfferStep(OfferChainId, StepNumber),
    BuyOfferStep(OfferChainId, StepNumber),
    ClaimRewardStep(RewardChainId, StepId),
}

impl RedeemCode {
    /// Redeems `input` with no unit choice.
    pub fn new(input: impl Into<String>) -> Self {
        Self {
            input: input.into(),
            selected_unit_items: SelectedUnitItems::new(),
        }
    }

    /// Adds the player's pick for one unit.
    pub fn select(mut self, unit: impl Into<Sku>, item: impl Into<Sku>) -> Self {
        self.selected_unit_items.insert(unit.into(), item.into());
        self
    }
}

impl PreviewCode {
    /// Previews `input`.
    pub fn new(input: impl Into<String>) -> Self {
        Self {
            input: input.into(),
        }
    }
}

impl RefreshLiveOps {
    /// Every added feature.
    pub fn all() -> Self {
        Self { feature: None }
    }

    /// One feature.
    pub fn only(feature: LiveOpsFeature) -> Self {
        Self {
            feature: Some(feature),
        }
    }

    /// Whether this request covers `feature`.
    pub fn includes(&self, feature: LiveOpsFeature) -> bool {
        self.feature.is_none_or(|f| f == feature)
    }
}

macro_rules! requests {
    ($($(#[$doc:meta])* $variant:ident($message:ty) for $feature:ident),* $(,)?) => {
        /// Any request a game can write, carrying its message: named in
        /// [`LiveOpsFailed`](crate::LiveOpsFailed), sent with
        /// [`LiveOps::send`](crate::LiveOps::send), and what the hub's buttons produce.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum LiveOpsRequest {
            $($(#[$doc])* $variant($message),)*
            /// Handing over a player token (its text is not kept).
            SetUserToken,
        }

        $(impl From<$message> for LiveOpsRequest {
            fn from(message: $message) -> Self {
                Self::$variant(message)
            }
        })*

        impl LiveOpsRequest {
            /// Writes the request's message, as a game system writing it would.
            pub fn write(self, commands: &mut Commands) {
                match self {
                    $(Self::$variant(message) => {
                        commands.write_message(message);
                    })*
                    Self::SetUserToken => {}
                }
            }

            /// The feature that answers the request; `None` for the session's own.
            pub fn feature(&self) -> Option<LiveOpsFeature> {
                match self {
                    $(Self::$variant(message) => requests!(@answered_by message, $feature),)*
                    Self::SetUserToken => None,
                }
            }
        }

        /// Visits every request message type with the feature that answers it.
        pub(crate) fn visit_messages(visitor: &mut impl MessageVisitor) {
            $(visitor.visit::<$message>(requests!(@feature $feature));)*
        }
    };
    (@feature any) => { None };
    (@answered_by $message:ident, any) => { $message.feature };
    (@answered_by $message:ident, $feature:ident) => {{
        let _ = $message;
        Some(LiveOpsFeature::$feature)
    }};
    (@feature $feature:ident) => { Some(LiveOpsFeature::$feature) };
}

requests! {
    /// Reading a feature's state again.
    Refresh(RefreshLiveOps) for any,
    /// Claiming a daily chain step.
    ClaimDaily(ClaimDailyStep) for DAILY,
    /// Claiming a free offer chain step.
    ClaimOffer(ClaimOfferStep) for OFFERS,
    /// Ordering a paid offer chain step.
    BuyOffer(BuyOfferStep) for OFFERS,
    /// Checking an offer chain's payment.
    CheckPayment(CheckOfferPayment) for OFFERS,
    /// Buying an upsell item.
    BuyUpsell(BuyUpsellItem) for UPSELL,
    /// Tracking an order until it is final.
    TrackOrder(TrackOrder) for PURCHASES,
    /// Claiming a reward chain step.
    ClaimReward(ClaimRewardStep) for REWARDS,
    /// Previewing a code's rewards.
    PreviewCode(PreviewCode) for CODES,
    /// Redeeming a code.
    RedeemCode(RedeemCode) for CODES,
    /// Signing in with a password.
    SignIn(SignIn) for SIGN_IN,
    /// Signing in as a guest.
    SignInAsGuest(SignInAsGuest) for SIGN_IN,
    /// Creating an account.
    CreateAccount(CreateAccount) for SIGN_IN,
    /// Signing out.
    SignOut(SignOut) for SIGN_IN,
}

/// Something done once per request message type (registering it, refusing it for a feature
/// that is not added).
pub(crate) trait MessageVisitor {
    /// Called with each request message type and the feature that answers it (`None`: the
    /// core).
    fn visit<M: Message + Clone + Into<LiveOpsRequest>>(&mut self, feature: Option<LiveOpsFeature>);
}
