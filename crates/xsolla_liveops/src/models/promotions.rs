//! Building blocks shared by coupon, promo-code and unique-offer promotions, and by discounts
//! and bonuses: names, validity periods in their `/v2` and `/v3` forms, limits and their state,
//! code lists, and the reward and store-item shapes players see when they redeem a code.
//!
//! # `/v2` and `/v3`
//! Xsolla moved promotion CRUD to `/v3`, where a promotion's validity is a list of
//! `promotion_periods`; the older `/v2` routes still take `date_start`/`date_end`. Bodies and
//! read-backs (feature `admin`) are generic over a `PeriodForm`: `Periods` (the `/v3` form, the
//! default) or `DateRange` (the `/v2` form). The form of a body decides which path its
//! operation calls, so the two can never be mixed up.

use serde::{Deserialize, Serialize};

use super::common::{ClientSchedule, DateTime, Decimal, ItemType, LocalizedText};
use crate::ids::{ItemId, Sku};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// A promotion's name: locale → text.
///
/// Xsolla asks for five-letter keys (`"en-US"`, `"de-DE"`) on promotions and sometimes answers
/// with two-letter ones; [`LocalizedText::get`] finds a language in either form.
pub type PromotionName = LocalizedText;

/// One window in which a promotion runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PromotionPeriod {
    /// Start.
    pub date_from: DateTime,
    /// End; `None` runs forever (allowed only when it is the only period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_until: Option<DateTime>,
}

impl PromotionPeriod {
    /// A window from `from` until `until` (`None`: no end).
    pub fn new(from: DateTime, until: Option<DateTime>) -> Self {
        Self {
            date_from: from,
            date_until: until,
        }
    }

    /// Whether the instant lies inside the window (start included, end excluded).
    pub fn contains(&self, at: DateTime) -> bool {
        self.date_from <= at && self.date_until.is_none_or(|end| at < end)
    }
}

/// The API prefix an operation is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `/v2/project/{project_id}/…`
    V2,
    /// `/v3/project/{project_id}/…`
    V3,
}

impl ApiVersion {
    /// `"v2"` or `"v3"`, the first path segment.
    pub fn segment(self) -> &'static str {
        match self {
            Self::V2 => "v2",
            Self::V3 => "v3",
        }
    }
}

/// A player id as the admin API names it: the `sub` of the player's Login JWT.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserExternalId(pub String);

impl std::fmt::Display for UserExternalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<&str> for UserExternalId {
    fn from(v: &str) -> Self {
        Self(v.to_owned())
    }
}

impl From<String> for UserExternalId {
    fn from(v: String) -> Self {
        Self(v)
    }
}

impl AsRef<str> for UserExternalId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Admin: bonuses, discounts, conditions, limits, codes.
// ---------------------------------------------------------------------------------------------

/// A percentage off, `"10.00"`; Xsolla rounds the reduced price to 2 decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PercentDiscount {
    /// The percentage.
    pub percent: Decimal,
}

/// A cart-wide percentage off. The percentage may be `null` when a promo code only discounts
/// single items or only grants items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartDiscount {
    /// The percentage, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
}

/// How a price is compared with a condition's value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceOperator {
    /// Greater than or equal.
    Ge,
    /// Greater than.
    Gt,
    /// Less than or equal.
    Le,
    /// Less than.
    Lt,
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// An operator this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// A price range condition: the cart total (`price_conditions`) or an item's price
/// (`item_price_conditions`) must satisfy every condition of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCondition {
    /// Comparison.
    pub operator: PriceOperator,
    /// Amount compared with, up to 4 decimals (`"10.5000"`).
    pub value: Decimal,
}

/// The fewest codes one generate call makes.
pub const MIN_GENERATED_CODES: u32 = 1;
/// The most codes one generate call makes.
pub const MAX_GENERATED_CODES: u32 = 100_000;

// ---------------------------------------------------------------------------------------------
// Client side: what a code grants, and store items in redemption answers.
// ---------------------------------------------------------------------------------------------

/// An item name: plain text (client answers) or text per language (some reward previews).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemName {
    /// Already resolved to the player's language.
    Text(String),
    /// Per language.
    Localized(LocalizedText),
}

impl ItemName {
    /// The text for `lang` (`"en"`, `"en-US"`), else English, else any language.
    pub fn resolve(&self, lang: &str) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            Self::Localized(l) => l.resolve(lang),
        }
    }
}

/// One choice inside a unit (a game with several DRM keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitItem {
    /// SKU of this choice; the value to put in `selected_unit_items`.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind (`game_key`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Free item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_free: Option<bool>,
    /// DRM name (`"Steam"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drm_name: Option<String>,
    /// DRM id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drm_sku: Option<String>,
}

/// Consumable properties of an inventory item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumable {
    /// Uses per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usages_count: Option<i64>,
}

/// How long an inventory item lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpirationPeriod {
    /// Unit: `minute`, `hour`, `day`, `week`, `month`, `year`.
    #[serde(rename = "type")]
    pub unit: String,
    /// Number of units.
    pub value: i64,
}

/// How an item behaves in the player's inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryOptions {
    /// Set for consumable items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumable: Option<Consumable>,
    /// Set for items that expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_period: Option<ExpirationPeriod>,
}

/// An item a code grants, as a player sees it before redeeming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardItem {
    /// SKU.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ItemName>,
    /// Item kind; a `unit` asks the player to pick one of [`RewardItem::unit_items`].
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Kind of virtual item (`consumable`, `non_consumable`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_item_type: Option<String>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Quantity, for bundle content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// Inventory behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_options: Option<InventoryOptions>,
    /// Bundle content.
    #[serde(default)]
    pub content: Vec<RewardItem>,
    /// The choices of a unit.
    #[serde(default)]
    pub unit_items: Vec<UnitItem>,
}

/// One bonus of a code: an item and how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BonusReward {
    /// The item.
    pub item: RewardItem,
    /// Quantity.
    #[serde(default = "one")]
    pub quantity: i64,
}

/// The units among a code's bonuses that the player must pick from, with their choices (the
/// `choices` of coupon and promo code rewards).
pub(crate) fn unit_choices(bonus: &[BonusReward]) -> impl Iterator<Item = (&Sku, &[UnitItem])> {
    bonus
        .iter()
        .filter(|b| !b.item.unit_items.is_empty())
        .map(|b| (&b.item.sku, b.item.unit_items.as_slice()))
}

/// A per-item discount a promo code gives, as a player sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscountedItem {
    /// SKU.
    pub sku: Sku,
    /// The discount.
    pub discount: PercentDiscount,
    /// Name (verification answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind (verification answers).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Description (verification answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image (verification answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The choices of a unit (verification answers).
    #[serde(default)]
    pub unit_items: Vec<UnitItem>,
}

/// Which unit choice the player made: unit SKU → SKU of one of its [`UnitItem`]s. Needed to
/// redeem a code whose rewards are selectable.
pub type SelectedUnitItems = std::collections::BTreeMap<Sku, Sku>;

/// A store item group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGroup {
    /// Group id.
    pub external_id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ItemName>,
}

/// A price with the amount before discounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountedPrice {
    /// Price to pay.
    pub amount: Decimal,
    /// Price before discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_without_discount: Option<Decimal>,
    /// ISO 4217 currency.
    pub currency: String,
}

/// An item's real-money price. Xsolla writes `[]` instead of `null` for some free items; that
/// form is kept so the answer reads back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemPrice {
    /// A price.
    Price(DiscountedPrice),
    /// No price, written as an empty list.
    Empty([(); 0]),
}

impl ItemPrice {
    /// The price, if there is one.
    pub fn price(&self) -> Option<&DiscountedPrice> {
        match self {
            Self::Price(p) => Some(p),
            Self::Empty(_) => None,
        }
    }
}

/// A value-point reward attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuePointReward {
    /// Value point item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// Value point SKU.
    pub sku: Sku,
    /// Points granted.
    pub amount: i64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Clan points rather than personal points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_clan: Option<bool>,
}

/// A purchase limit as a player sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLimitState {
    /// The limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// Purchases left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<i64>,
    /// When the count starts over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent_schedule: Option<ClientSchedule>,
}

/// An item's purchase limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLimits {
    /// Per player.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_user: Option<ItemLimitState>,
    /// For all players together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_item: Option<ItemLimitState>,
}

/// A promotion applied to a store item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemPromotion {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<DateTime>,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
    /// Discount, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<ItemPromotionDiscount>,
    /// Bonus items.
    #[serde(default)]
    pub bonus: Vec<RewardItem>,
    /// The player's use of the promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ItemLimits>,
}

/// A store promotion's discount: a percentage or an amount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPromotionDiscount {
    /// Percentage off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// Amount off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
}

/// A store item in a redemption answer: granted by a coupon, or in the cart a promo code
/// applies to. The catalog fields LiveOps does not use are kept in [`StoreItem::extra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreItem {
    /// SKU.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Kind of virtual item (`consumable`, `non_consumable`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_item_type: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Groups.
    #[serde(default)]
    pub groups: Vec<ItemGroup>,
    /// Quantity.
    #[serde(default = "one")]
    pub quantity: i64,
    /// Free item (a gift of the promotion in a cart).
    #[serde(default)]
    pub is_free: bool,
    /// Real-money price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<ItemPrice>,
    /// Whether the player can buy it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_be_bought: Option<bool>,
    /// Store promotions applied to the item.
    #[serde(default)]
    pub promotions: Vec<ItemPromotion>,
    /// Value points granted with the item.
    #[serde(default)]
    pub vp_rewards: Vec<ValuePointReward>,
    /// Purchase limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ItemLimits>,
    /// Sale periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<PromotionPeriod>>,
    /// Inventory behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_options: Option<InventoryOptions>,
    /// Other catalog fields (`attributes`, `virtual_prices`, …), kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The quantity of an item when an answer leaves it out.
pub(crate) fn one() -> i64 {
    1
}
