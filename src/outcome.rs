//! What the plugin reports: grants, payments to make, code outcomes and failures. Each
//! outcome is written as a message and triggered as an observer event, from the same place
//! ([`emit`]), so `MessageReader<RewardsGranted>` and `On<RewardsGranted>` see the same.

use bevy_ecs::prelude::*;
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
        .add_message::<RewardsWaiting>();
}
