//! What the plugin reports: grants, payments to make, code outcomes and failures. Each
//! outcome is written as a message and triggered as an observer event, from the same place
//! ([`emit`]), so `MessageReader<RewardsGranted>` and `On<RewardsGranted>` see the same.

use std::fmt;
use std::time::Duration;

use bevy_ecs::prelude::*;
use xsolla_liveops::login::{LoginError, LoginReason};
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
use xsolla_liveops::models::common::{ClientRewardItem, ItemType};
use xsolla_liveops::models::offer::PaymentToken;
use xsolla_liveops::models::orders::OrderStatus;
use xsolla_liveops::{
    Code, CodeError, DailyChainId, OfferChainId, OrderId, RewardChainId, Sku, StepId, StepNumber,
};

use crate::error::LiveOpsError;
use crate::feature_id::LiveOpsFeature;
use crate::messages::{LiveOpsRequest, Purchase};

/// Where a grant came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GrantSource {
    /// A daily chain step.
    Daily {
        /// Chain.
        chain: DailyChainId,
        /// Step.
        step: StepNumber,
    },
    /// An offer chain step, claimed for free or paid for.
    Offer {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
        /// The order that granted it, when known.
        order_id: Option<OrderId>,
    },
    /// A reward chain step.
    Reward {
        /// Chain.
        chain: RewardChainId,
        /// Step.
        step: StepId,
    },
    /// A bought catalog item (an upsell item), paid in real money or virtual currency.
    Item {
        /// The item.
        sku: Sku,
        /// The order that granted it, when known.
        order_id: Option<OrderId>,
    },
    /// A redeemed coupon or promo code.
    Code {
        /// The code.
        code: Code,
    },
}

/// One granted item, with what a reward toast shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantedItem {
    /// SKU.
    pub sku: Sku,
    /// Display name, when the server gave one.
    pub name: Option<String>,
    /// Quantity.
    pub quantity: i64,
    /// Item kind.
    pub item_type: ItemType,
    /// The item's picture, when the server gave one.
    pub image_url: Option<String>,
    /// The item's description, when the server gave one.
    pub description: Option<String>,
    /// A bundle's contents (per bundle), when the server listed them; empty for other items.
    pub contents: Vec<GrantedItem>,
}

impl GrantedItem {
    /// An item with only its SKU, quantity and kind known.
    pub fn new(sku: impl Into<Sku>, quantity: i64, item_type: ItemType) -> Self {
        Self {
            sku: sku.into(),
            name: None,
            quantity,
            item_type,
            image_url: None,
            description: None,
            contents: Vec::new(),
        }
    }

    /// What this item puts in the player's inventory: a bundle with listed contents arrives
    /// as those contents (times the bundle's quantity, nested bundles opened too), any other
    /// item as itself.
    pub fn unpacked(&self) -> Vec<GrantedItem> {
        if self.contents.is_empty() {
            return vec![self.clone()];
        }
        self.contents
            .iter()
            .flat_map(GrantedItem::unpacked)
            .map(|mut item| {
                item.quantity = item.quantity.saturating_mul(self.quantity);
                item
            })
            .collect()
    }
}

impl From<&ClientRewardItem> for GrantedItem {
    fn from(item: &ClientRewardItem) -> Self {
        Self {
            sku: item.sku.clone(),
            name: item.name.clone(),
            quantity: item.quantity,
            item_type: item.item_type.clone(),
            image_url: item.image_url.clone(),
            description: item.description.clone(),
            contents: item.content.iter().map(GrantedItem::from).collect(),
        }
    }
}

/// Items were granted to the player: one message per grant, whichever feature granted it,
/// never two for the same grant.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct RewardsGranted {
    /// What earned the items.
    pub source: GrantSource,
    /// The items, as the feature lists them (a bundle as one item with its contents).
    pub items: Vec<GrantedItem>,
}

impl RewardsGranted {
    /// What arrives in the player's inventory: every item [unpacked](GrantedItem::unpacked),
    /// so a bundle counts as its contents. Add these to a game's own inventory.
    pub fn inventory_items(&self) -> Vec<GrantedItem> {
        self.items.iter().flat_map(GrantedItem::unpacked).collect()
    }
}

/// A request failed.
#[derive(Message, Event, Debug, Clone)]
pub struct LiveOpsFailed {
    /// The request.
    pub request: LiveOpsRequest,
    /// What went wrong.
    pub error: LiveOpsError,
}

/// An order was created: open `url` (Xsolla's Pay Station, or the emulator's checkout page)
/// for the player. The plugin tracks the order by itself (see
/// [`TrackOrder`](crate::TrackOrder)) and reports [`RewardsGranted`] once it is done,
/// [`PurchaseCanceled`] if it is canceled, or [`PurchasePending`] if it is still open at the
/// tracking limit.
#[derive(Message, Event, Clone, PartialEq, Eq)]
pub struct PaymentRequired {
    /// What the order buys.
    pub purchase: Purchase,
    /// The order.
    pub order_id: OrderId,
    /// The payment token (redacted in `Debug`).
    pub token: PaymentToken,
    /// The Pay Station page for this order (it holds the token: do not log it).
    pub url: String,
}

impl PaymentRequired {
    /// The offer chain step the order buys, if it buys one.
    pub fn offer_step(&self) -> Option<(OfferChainId, StepNumber)> {
        match self.purchase {
            Purchase::OfferStep { chain, step } => Some((chain, step)),
            _ => None,
        }
    }
}

impl std::fmt::Debug for PaymentRequired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let page = self
            .url
            .split_once('?')
            .map_or(self.url.as_str(), |(page, _)| page);
        f.debug_struct("PaymentRequired")
            .field("purchase", &self.purchase)
            .field("order_id", &self.order_id)
            .field("token", &self.token)
            .field("url", &format_args!("{page}?token=<redacted>"))
            .finish()
    }
}

/// An order was canceled (the player canceled the payment, or it was refused for good):
/// nothing was charged or granted.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct PurchaseCanceled {
    /// The order.
    pub order_id: OrderId,
    /// What it would have bought.
    pub purchase: Purchase,
}

/// An order was still open when its tracking ended
/// ([`LiveOpsCorePlugin::order_tracking_limit`](crate::LiveOpsCorePlugin::order_tracking_limit)).
/// Payments by some methods finish later: the order stays awaited, and
/// [`CheckOfferPayment`](crate::CheckOfferPayment) or [`TrackOrder`](crate::TrackOrder) checks
/// it again (and tracks it anew).
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct PurchasePending {
    /// The order.
    pub order_id: OrderId,
    /// What it buys.
    pub purchase: Purchase,
    /// Its last status (`new` or `paid`).
    pub status: OrderStatus,
}

/// What a code gives, before redeeming it.
#[derive(Message, Event, Debug, Clone, PartialEq)]
pub struct CodePreviewed {
    /// The cleaned code.
    pub code: Code,
    /// Coupon, promo code, …, with its rewards.
    pub verification: CodeVerification,
}

/// A code was redeemed.
#[derive(Message, Event, Debug, Clone, PartialEq)]
pub struct CodeRedeemed {
    /// The cleaned code.
    pub code: Code,
    /// Coupon or promo code.
    pub kind: CodeKind,
    /// A coupon's items, granted now (and reported by [`RewardsGranted`]); a promo code's bonus
    /// items, which come with the purchase of the cart it was applied to.
    pub items: Vec<GrantedItem>,
}

/// Why a code was turned down.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeRejectReason {
    /// No such code.
    Unknown,
    /// The code's or the player's redemptions are spent.
    UsedUp,
    /// The promotion is not running now.
    Expired,
    /// The code exists but not for this player (region, personalization).
    NotApplicable,
    /// The player is not logged in.
    NeedsLogin,
    /// The input is not a code: empty, too long, or with other characters than letters and
    /// digits.
    Malformed(CodeError),
}

/// A code was turned down; nothing was granted.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct CodeRejected {
    /// The input, cleaned when it could be.
    pub input: String,
    /// Why.
    pub reason: CodeRejectReason,
}

/// A step became claimable while the game runs (its unlock passed on the server's clock, a
/// balance reached its price, the chain moved on): once per step and cycle. `claim` is the
/// request that takes it: `liveops.send(ready.claim.clone())`.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct RewardReady {
    /// The feature.
    pub feature: LiveOpsFeature,
    /// The claim that takes the reward.
    pub claim: LiveOpsRequest,
}

/// Something is waiting to be claimed when a player signs in: once per sign-in, after every
/// added feature's first read, only when `count` is above zero. A game may greet the player
/// with it (the hub opens on it with `LiveOpsUiPlugin::with_welcome_back`).
#[derive(Message, Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct RewardsWaiting {
    /// How many steps can be claimed now, over every feature.
    pub count: usize,
}

/// Reports an outcome: the message for readers, the event for observers.
pub(crate) fn emit<O>(world: &mut World, outcome: O)
where
    O: Message + Event + Clone,
    for<'a> O::Trigger<'a>: Default,
{
    world.write_message(outcome.clone());
    world.trigger(outcome);
}

/// Reports an outcome from a system, through its commands (observers run when they apply).
pub(crate) fn emit_with<O>(commands: &mut Commands, outcome: O)
where
    O: Message + Event + Clone,
    for<'a> O::Trigger<'a>: Default,
{
    commands.write_message(outcome.clone());
    commands.trigger(outcome);
}

/// How a player signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignInMethod {
    /// Username (or e-mail) and password.
    Password,
    /// This install's device id.
    Guest,
    /// A new account, signed in at once.
    NewAccount,
    /// The sign-in remembered from an earlier run.
    Remembered,
}

/// A player signed in through the plugin; the session shows them already.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The player id (the token's `sub`).
    pub player: String,
    /// How.
    pub method: SignInMethod,
}

/// A sign-in, a guest sign-in, an account creation or the silent start with a remembered
/// sign-in failed. Nothing changed in the session.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct SignInFailed {
    /// Why; its `Display` is a sentence for the player.
    pub reason: SignInFailure,
}

/// Why a sign-in failed: each reason with a sentence a game can show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignInFailure {
    /// No username (or e-mail address) was given.
    MissingUsername,
    /// No password was given.
    MissingPassword,
    /// The new account's password is too short or too long.
    PasswordLength {
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
    },
    /// The new account's e-mail address is not one.
    InvalidEmail,
    /// The username or the password is wrong (Login does not say which).
    WrongCredentials,
    /// The account's e-mail address is not confirmed yet: Login e-mailed a link.
    NotConfirmed,
    /// Too many attempts; try again after `retry_after` when Login said how long.
    TooManyAttempts {
        /// How long to wait, from Login's `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// The account is locked after too many attempts; the e-mailed link unlocks it.
    AccountLocked,
    /// Login wants a captcha solved, which a game cannot show: try again later.
    CaptchaRequired,
    /// The account is banned.
    Banned,
    /// The username is taken.
    UsernameTaken,
    /// The e-mail address is taken.
    EmailTaken,
    /// The project does not allow new accounts.
    RegistrationClosed,
    /// The remembered sign-in is no longer valid: sign in again.
    SessionEnded,
    /// Login could not be reached, or did not answer in time.
    Network,
    /// Login had a problem of its own, or answered something unexpected.
    Unavailable,
    /// The game's Login settings are missing or wrong (no client id, an unknown client, a
    /// bad base URL); `detail` says which.
    NotConfigured {
        /// What is wrong, for the developer.
        detail: String,
    },
    /// Login refused for a reason the plugin does not know; `code` is Login's.
    Refused {
        /// Login's error code.
        code: String,
    },
}

impl fmt::Display for SignInFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingUsername => f.write_str("Enter your username or e-mail address."),
            Self::MissingPassword => f.write_str("Enter your password."),
            Self::PasswordLength { min, max } => {
                write!(f, "The password must have {min} to {max} characters.")
            }
            Self::InvalidEmail => f.write_str("Enter a valid e-mail address."),
            Self::WrongCredentials => f.write_str("The username or password is wrong."),
            Self::NotConfirmed => {
                f.write_str("Confirm your e-mail address with the link we sent you, then sign in.")
            }
            Self::TooManyAttempts {
                retry_after: Some(wait),
            } => write!(
                f,
                "Too many attempts. Try again in {} s.",
                wait.as_secs().max(1)
            ),
            Self::TooManyAttempts { retry_after: None } => {
                f.write_str("Too many attempts. Try again later.")
            }
            Self::AccountLocked => {
                f.write_str("The account is locked. Use the link we e-mailed you to unlock it.")
            }
            Self::CaptchaRequired => f.write_str("Sign-in is paused. Try again later."),
            Self::Banned => f.write_str("This account is banned."),
            Self::UsernameTaken => f.write_str("That username is taken."),
            Self::EmailTaken => f.write_str("That e-mail address is already registered."),
            Self::RegistrationClosed => f.write_str("New accounts cannot be created."),
            Self::SessionEnded => f.write_str("Your sign-in has expired. Please sign in again."),
            Self::Network => f.write_str("Cannot reach the sign-in server. Check your connection."),
            Self::Unavailable => {
                f.write_str("Sign-in is not available right now. Try again later.")
            }
            Self::NotConfigured { detail } => write!(f, "Sign-in is not set up: {detail}."),
            Self::Refused { code } => write!(f, "Sign-in was refused (code {code})."),
        }
    }
}

impl SignInFailure {
    /// The reason Login's answer means.
    pub fn from_login(error: &LoginError) -> Self {
        let Some(api) = error.api() else {
            return match error {
                LoginError::Timeout | LoginError::Transport(_) => Self::Network,
                LoginError::InvalidInput(detail) => Self::NotConfigured {
                    detail: detail.clone(),
                },
                _ => Self::Unavailable,
            };
        };
        let code = || {
            api.code
                .as_ref()
                .map_or_else(|| api.status.to_string(), |c| c.as_str().to_owned())
        };
        match &api.reason {
            LoginReason::WrongCredentials | LoginReason::UserNotFound => Self::WrongCredentials,
            LoginReason::NotConfirmed => Self::NotConfirmed,
            LoginReason::Banned => Self::Banned,
            LoginReason::InvalidGrant | LoginReason::InvalidToken | LoginReason::Unauthorized => {
                Self::SessionEnded
            }
            LoginReason::TooManyAttempts { retry_after } => Self::TooManyAttempts {
                retry_after: *retry_after,
            },
            LoginReason::AttemptsLimitExceeded => Self::AccountLocked,
            LoginReason::CaptchaRequired => Self::CaptchaRequired,
            LoginReason::UsernameTaken => Self::UsernameTaken,
            LoginReason::EmailTaken => Self::EmailTaken,
            LoginReason::RegistrationNotAllowed => Self::RegistrationClosed,
            LoginReason::ServerError => Self::Unavailable,
            LoginReason::InvalidClient
            | LoginReason::InvalidState
            | LoginReason::RedirectUriRequired
            | LoginReason::RedirectUriNotRegistered
            | LoginReason::ProjectNotFound
            | LoginReason::ObjectNotFound
            | LoginReason::CallUnavailable
            | LoginReason::ProjectMisconfigured => Self::NotConfigured {
                detail: format!("Login refused the client (code {})", code()),
            },
            _ => Self::Refused { code: code() },
        }
    }
}

/// Registers every outcome message (the session's own are registered with the session).
pub(crate) fn register_outcomes(app: &mut bevy_app::App) {
    app.add_message::<RewardsGranted>()
        .add_message::<LiveOpsFailed>()
        .add_message::<PaymentRequired>()
        .add_message::<PurchaseCanceled>()
        .add_message::<PurchasePending>()
        .add_message::<CodePreviewed>()
        .add_message::<CodeRedeemed>()
        .add_message::<CodeRejected>()
        .add_message::<RewardReady>()
        .add_message::<RewardsWaiting>()
        .add_message::<SignedIn>()
        .add_message::<SignInFailed>();
}
