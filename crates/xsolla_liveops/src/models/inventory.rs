//! The player's inventory as Xsolla's Inventory API reads it: the items a player owns and the
//! balance of each virtual currency.
//!
//! Every grant path (daily and offer chain claims, coupon and promo code bonuses, reward
//! chains, paid orders) ends in the inventory, so these reads tell whether a grant happened
//! when its own answer was lost. Fields this crate does not model (attributes, groups,
//! subscription status) are ignored on input.

use serde::{Deserialize, Serialize};

use super::common::ItemType;
use super::upsell::VirtualItemType;
use crate::ids::{ItemId, Sku};

/// One item in the player's inventory (virtual currencies are in [`CurrencyBalance`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryItem {
    /// SKU.
    pub sku: Sku,
    /// Catalog item id, when the answer carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// Name, in the player's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind (`virtual_good` for what this list holds).
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// How many the player owns; `None` for non-consumable items, which are owned or not.
    #[serde(default)]
    pub quantity: Option<i64>,
    /// Uses left of one instance, when Xsolla counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_uses: Option<i64>,
    /// Virtual item kind: consumable, non-consumable or non-renewing subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_item_type: Option<VirtualItemType>,
    /// Id of this instance, for items Xsolla keeps one by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Description, in the player's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

impl InventoryItem {
    /// How many the player owns: `quantity`, or 1 for an item listed without one
    /// (non-consumables).
    pub fn count(&self) -> i64 {
        self.quantity.unwrap_or(1)
    }
}

/// One page of the player's items (`{"items": […]}`).
///
/// Xsolla's answer says nothing about further pages: a page shorter than the `limit` asked
/// for is the last one. [`Request::all`](crate::Request::all) walks the pages that way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryItemsPage {
    /// The items, by SKU.
    pub items: Vec<InventoryItem>,
}

/// The balance of one virtual currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyAmount {
    /// SKU of the currency.
    pub sku: Sku,
    /// Item kind (`virtual_currency`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Name, in the player's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The balance.
    pub amount: i64,
    /// Description, in the player's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The project's default currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

/// The player's virtual currency balance (`{"items": […]}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyBalance {
    /// One entry per currency, by SKU.
    pub items: Vec<CurrencyAmount>,
}

impl CurrencyBalance {
    /// The balance of one currency; 0 when it is not listed.
    pub fn amount(&self, sku: &str) -> i64 {
        self.items
            .iter()
            .find(|c| c.sku.0 == sku)
            .map_or(0, |c| c.amount)
    }
}
