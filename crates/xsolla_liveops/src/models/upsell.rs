//! Upsell: the project's offer of extra items at checkout.
//!
//! A project has one upsell setting: on or off, and which items it offers: a fixed SKU list,
//! the best sellers, or the items with a running promotion. Players read the resulting items
//! as full catalog items (prices, virtual prices, promotions, limits).

use serde::{Deserialize, Serialize};

use super::common::{ClientSchedule, DateTime, Decimal, ItemType, ListPage, LocalizedText};
use super::offer::ValuePointReward;
use crate::ids::{ItemId, Sku};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// A name that comes either as one resolved string or as a map of languages, depending on the
/// endpoint and on Xsolla's version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextOrLocalized {
    /// Already in the player's language.
    Plain(String),
    /// Language key → text.
    Localized(LocalizedText),
}

impl TextOrLocalized {
    /// The text for `lang` (`"en"` or `"en-US"`), else English, else any language; a plain
    /// string is returned as it is.
    pub fn resolve(&self, lang: &str) -> Option<&str> {
        match self {
            Self::Plain(s) => Some(s),
            Self::Localized(t) => t.resolve(lang),
        }
    }
}

/// Bundle kinds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleType {
    /// A bundle of items.
    Standard,
    /// A virtual currency package.
    VirtualCurrencyPackage,
    /// Content delivered by the partner.
    PartnerSideContent,
    /// A kind this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// A catalog group an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGroup {
    /// Group id.
    pub external_id: String,
    /// Group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<TextOrLocalized>,
}

/// One value of a catalog attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAttributeValue {
    /// Value id.
    pub external_id: String,
    /// The value.
    pub value: String,
}

/// A catalog attribute of an item (for filtering) and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAttribute {
    /// Attribute id.
    pub external_id: String,
    /// Attribute name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<TextOrLocalized>,
    /// Values.
    #[serde(default)]
    pub values: Vec<ItemAttributeValue>,
}

/// Price in real money, with and without discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPrice {
    /// What the player pays (discount applied).
    pub amount: Decimal,
    /// The price before discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_without_discount: Option<Decimal>,
    /// ISO 4217 currency code.
    pub currency: String,
}

impl ItemPrice {
    /// True when a discount lowers the price.
    pub fn is_discounted(&self) -> bool {
        self.amount_without_discount
            .as_ref()
            .is_some_and(|full| full.to_f64() > self.amount.to_f64())
    }
}

/// A price in virtual currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualPrice {
    /// SKU of the virtual currency.
    pub sku: Sku,
    /// What the player pays (discount applied).
    pub amount: i64,
    /// The price before discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_without_discount: Option<i64>,
    /// The item's default virtual price.
    #[serde(default)]
    pub is_default: bool,
    /// Currency name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Currency kind (`virtual_currency`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub currency_type: Option<String>,
    /// Currency description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Currency image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

/// Uses left of a consumable item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumable {
    /// Remaining uses.
    #[serde(default)]
    pub usages_count: Option<i64>,
}

/// Unit of an item's lifetime.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpirationUnit {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
    /// A unit this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// How long an item lasts once granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpirationPeriod {
    /// Unit.
    #[serde(rename = "type")]
    pub unit: ExpirationUnit,
    /// Number of units.
    pub value: i64,
}

/// Inventory behaviour of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryOptions {
    /// Set for consumable items.
    #[serde(default)]
    pub consumable: Option<Consumable>,
    /// Set for items that expire.
    #[serde(default)]
    pub expiration_period: Option<ExpirationPeriod>,
}

/// Virtual item kinds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VirtualItemType {
    /// Used up (ammunition, potions).
    Consumable,
    /// Kept forever.
    NonConsumable,
    /// Kept for a limited time.
    NonRenewingSubscription,
    /// A kind this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// The discount a running promotion gives an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionDiscount {
    /// Percentage off.
    #[serde(default)]
    pub percent: Option<Decimal>,
    /// Amount off.
    #[serde(default)]
    pub value: Option<Decimal>,
}

/// An item a running promotion gives on top of a purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionBonus {
    /// SKU.
    pub sku: Sku,
    /// Quantity.
    pub quantity: i64,
    /// Item kind (`physical_good` and `nft` included).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Name (not given for physical goods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Image (not given for physical goods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<BundleType>,
}

/// Uses of a promotion left to a player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionUserLimit {
    /// Uses left.
    pub available: i64,
    /// Uses allowed.
    pub total: i64,
}

/// Limits of a running promotion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionLimits {
    /// Per player.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_user: Option<PromotionUserLimit>,
}

/// A promotion running on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPromotion {
    /// Promotion name, in the player's language.
    pub name: String,
    /// Start.
    #[serde(default)]
    pub date_start: Option<DateTime>,
    /// End; `None` for no end.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Discount, for discount promotions.
    #[serde(default)]
    pub discount: Option<PromotionDiscount>,
    /// Bonus items, for bonus promotions.
    #[serde(default)]
    pub bonus: Vec<PromotionBonus>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimits>,
}

/// How many of an item one player may still buy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemUserLimit {
    /// Purchases allowed.
    pub total: i64,
    /// Purchases left (equals `total` for anonymous calls).
    pub available: i64,
    /// When the limit refills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent_schedule: Option<ClientSchedule>,
}

/// How many of an item all players together may still buy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGlobalLimit {
    /// Purchases allowed.
    pub total: i64,
    /// Purchases left.
    pub available: i64,
}

/// Purchase limits of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLimits {
    /// Per player.
    #[serde(default)]
    pub per_user: Option<ItemUserLimit>,
    /// For everybody.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_item: Option<ItemGlobalLimit>,
}

/// A period during which an item is on sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalePeriod {
    /// Start; `None` for no start.
    #[serde(default)]
    pub date_from: Option<DateTime>,
    /// End; `None` for no end.
    #[serde(default)]
    pub date_until: Option<DateTime>,
}

/// An item the upsell offers, as a player sees it in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpsellItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    pub sku: Sku,
    /// Name, in the player's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<BundleType>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Catalog groups.
    #[serde(default)]
    pub groups: Vec<ItemGroup>,
    /// Catalog attributes.
    #[serde(default)]
    pub attributes: Vec<ItemAttribute>,
    /// Free item.
    #[serde(default)]
    pub is_free: bool,
    /// Price in real money; `None` for free items or items sold only for virtual currency.
    #[serde(default)]
    pub price: Option<ItemPrice>,
    /// Prices in virtual currency.
    #[serde(default)]
    pub virtual_prices: Vec<VirtualPrice>,
    /// The player can buy the item now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_be_bought: Option<bool>,
    /// Inventory behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_options: Option<InventoryOptions>,
    /// Virtual item kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_item_type: Option<VirtualItemType>,
    /// Promotions running on the item.
    #[serde(default)]
    pub promotions: Vec<ItemPromotion>,
    /// Purchase limits.
    #[serde(default)]
    pub limits: Option<ItemLimits>,
    /// Sale periods.
    #[serde(default)]
    pub periods: Vec<SalePeriod>,
    /// The project's own attributes of the item, as free-form JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// Value points granted with a purchase.
    #[serde(default)]
    pub vp_rewards: Vec<ValuePointReward>,
}

impl UpsellItem {
    /// The default virtual price, else the first one.
    pub fn default_virtual_price(&self) -> Option<&VirtualPrice> {
        self.virtual_prices
            .iter()
            .find(|p| p.is_default)
            .or_else(|| self.virtual_prices.first())
    }
}

/// The upsell items of the project (`{has_more, items}`).
pub type UpsellItemsPage = ListPage<UpsellItem>;

#[cfg(all(test, feature = "admin"))]
mod tests {
    use super::*;

    #[test]
    fn upsell_input_is_tagged_by_type_and_strict() {
        let v: UpsellInput =
            serde_json::from_str(r#"{"type":"most_sellable","is_enabled":false}"#).unwrap();
        assert_eq!(v, UpsellInput::most_sellable().enabled(false));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"type":"most_sellable","is_enabled":false,"items":[]}"#
        );
        assert!(
            serde_json::from_str::<UpsellInput>(r#"{"type":"fixed_list","is_enabled":true}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<UpsellInput>(
                r#"{"type":"fixed_list","is_enabled":true,"items":[],"id":1}"#
            )
            .is_err()
        );
        assert!(
            serde_json::from_str::<UpsellInput>(r#"{"type":"random","is_enabled":true}"#).is_err()
        );
    }
}
