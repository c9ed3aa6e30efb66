//! Messages every feature shares: what was granted, what failed, and what a request was.

use bevy_ecs::prelude::Message;
use xsolla_liveops::models::common::{ClientRewardItem, ItemType};
use xsolla_liveops::{
    Code, DailyChainId, OfferChainId, OrderId, RewardChainId, Sku, StepId, StepNumber,
};

use crate::error::LiveOpsError;
use crate::feature::LiveOpsFeature;

/// A request the plugin was working on, named in [`LiveOpsFailed`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LiveOpsRequest {
    /// Reading a feature's state.
    Refresh(LiveOpsFeature),
    /// Claiming a daily chain step.
    ClaimDailyStep {
        /// Chain.
        chain: DailyChainId,
        /// Step.
        step: StepNumber,
    },
    /// Claiming a free offer chain step.
    ClaimOfferStep {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
    },
    /// Ordering a paid offer chain step.
    BuyOfferStep {
        /// Chain.
        chain: OfferChainId,
        /// Step.
        step: StepNumber,
    },
    /// Claiming a reward chain step.
    ClaimRewardStep {
        /// Chain.
        chain: RewardChainId,
        /// Step.
        step: StepId,
    },
    /// Previewing a code's rewards.
    PreviewCode {
        /// The cleaned code.
        code: Code,
    },
    /// Redeeming a code.
    RedeemCode {
        /// The cleaned code.
        code: Code,
    },
    /// Handing over a player token.
    SetUserToken,
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
#[derive(Message, Debug, Clone, PartialEq, Eq)]
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
#[derive(Message, Debug, Clone)]
pub struct LiveOpsFailed {
    /// The request.
    pub request: LiveOpsRequest,
    /// What went wrong.
    pub error: LiveOpsError,
}
