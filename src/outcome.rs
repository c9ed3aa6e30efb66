//! Messages every feature shares: what was granted, what failed, and what a request was.

use std::sync::Arc;

use bevy_ecs::prelude::Message;
use xsolla_liveops::models::common::{ClientRewardItem, ItemType};
use xsolla_liveops::{
    Code, DailyChainId, OfferChainId, OrderId, RewardChainId, Sku, StepId, StepNumber,
};

/// Which LiveOps feature something belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveOpsFeature {
    /// Daily chains.
    Daily,
    /// Offer chains.
    Offers,
    /// Upsell.
    Upsell,
    /// Reward chains and value points.
    Rewards,
}

/// A request the plugin was working on, named in [`LiveOpsFailed`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LiveOpsRequest {
    /// Reading a feature's state.
    Refresh(LiveOpsFeature),
    /// Claiming a daily chain step.
    ClaimDaily {
        /// Chain.
        chain: DailyChainId,
        /// Step.
        step: StepNumber,
    },
    /// Claiming a free offer chain step.
    ClaimOffer {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
    },
    /// Ordering a paid offer chain step.
    PurchaseOffer {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
    },
    /// Claiming a reward chain step.
    ClaimReward {
        /// Chain.
        chain: RewardChainId,
        /// Step.
        step: StepId,
    },
    /// Previewing a code's rewards.
    PreviewCode,
    /// Redeeming a code.
    RedeemCode,
    /// Handing over a player token.
    SetToken,
}

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
    /// A redeemed coupon or promo code.
    Code {
        /// The code.
        code: Code,
    },
}

/// One granted item.
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
}

impl From<&ClientRewardItem> for GrantedItem {
    fn from(item: &ClientRewardItem) -> Self {
        Self {
            sku: item.sku.clone(),
            name: item.name.clone(),
            quantity: item.quantity,
            item_type: item.item_type.clone(),
        }
    }
}

/// Items were granted to the player: one message per grant, whichever feature granted it,
/// never two for the same grant.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct RewardsGranted {
    /// What earned the items.
    pub source: GrantSource,
    /// The items.
    pub items: Vec<GrantedItem>,
}

/// A request failed; the error is the typed client error.
#[derive(Message, Debug, Clone)]
pub struct LiveOpsFailed {
    /// The request.
    pub request: LiveOpsRequest,
    /// What went wrong.
    pub error: Arc<xsolla_liveops::Error>,
}
