//! Discounts and bonus promotions, and calls common to all promotions.
//!
//! Xsolla serves these operations twice: on `/v3`, where a promotion's validity is a list of
//! `promotion_periods`, and on `/v2`, where it is a single `date_start` / `date_end` pair. The
//! bodies are otherwise the same, so every discount and bonus type takes the validity form as a
//! type parameter (`PeriodForm` of the `promotions` module): `Periods` (the default, `/v3`) or
//! `DateRange` (`/v2`). The endpoints read the path prefix from that parameter, so a `/v2` body
//! can never be sent to a `/v3` path. Limits, price conditions and bonus items are the shared
//! types of the `promotions` module.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::ids::{ExternalId, PromotionId, Sku};
use crate::models::common::{AttributeCondition, DateTime, Decimal, ItemType, LocalizedText};
use crate::models::promotions::{
    BonusItem, BonusItemInput, CartDiscount, InventoryOptions, PeriodForm, Periods, PriceCondition,
    PriceOperator, PromotionLimits, PromotionLimitsInput, PromotionName, PromotionPeriod, UnitItem,
};

/// An item named by SKU in a promotion body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSku {
    /// SKU.
    pub sku: Sku,
}

impl From<Sku> for ItemSku {
    fn from(sku: Sku) -> Self {
        Self { sku }
    }
}

impl From<&str> for ItemSku {
    fn from(sku: &str) -> Self {
        Self { sku: sku.into() }
    }
}

/// An item of a promotion as read back (the SKU may be `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionItem {
    /// SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
}

/// A percent discount as written. The shared `PercentDiscount` is also read from answers and
/// so accepts unknown keys; a body must not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentDiscountInput {
    /// Percent taken off (`"10.00"`); the discounted price is rounded to two decimals.
    pub percent: Decimal,
}

/// A price range condition as written, strict about its keys (see [`PriceCondition`] for the
/// form read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceConditionInput {
    /// Comparison.
    pub operator: PriceOperator,
    /// Price compared with, up to four decimals (`"10.5000"`).
    pub value: Decimal,
}

impl From<PriceCondition> for PriceConditionInput {
    fn from(c: PriceCondition) -> Self {
        Self {
            operator: c.operator,
            value: c.value,
        }
    }
}

/// Attribute conditions of a discount, as written and as read back.
///
/// Everywhere else the conditions are one flat list that must all hold. The 2025 spec's
/// discount request schema, and its example, wrap them in one more array: a list of groups;
/// its answer schema has a single condition object. Every form is accepted and written back
/// as it came; Xsolla does not say how groups combine (the emulator lets any one group that
/// holds entirely pass).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DiscountAttributeConditions {
    /// Conditions that must all hold.
    All(Vec<AttributeCondition>),
    /// Groups of conditions, the nested form of the spec's request schema.
    Groups(Vec<Vec<AttributeCondition>>),
    /// One condition, the form of the spec's answer schema.
    One(AttributeCondition),
}

impl DiscountAttributeConditions {
    /// The conditions as groups, any one of which must hold entirely: one group for the flat
    /// and single forms.
    pub fn groups(&self) -> Vec<&[AttributeCondition]> {
        match self {
            Self::All(all) => vec![all.as_slice()],
            Self::Groups(groups) => groups.iter().map(Vec::as_slice).collect(),
            Self::One(one) => vec![std::slice::from_ref(one)],
        }
    }
}

impl From<Vec<AttributeCondition>> for DiscountAttributeConditions {
    fn from(conditions: Vec<AttributeCondition>) -> Self {
        Self::All(conditions)
    }
}

/// Create or update body of a discount (`promotion/item`). `id` is derived by the server and
/// is never sent; `P` is the validity form (see [`PeriodForm`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountPromotionInput<P = Periods> {
    /// Name, keyed by five-letter locale (`"en-US"`).
    pub name: PromotionName,
    /// When the discount applies.
    #[serde(flatten)]
    pub period: P,
    /// The percent off.
    pub discount: PercentDiscountInput,
    /// Discounted items. Xsolla requires the key; `None` is sent as `null`, which is what a
    /// discount defined by `price_conditions` needs.
    #[serde(default)]
    pub items: Option<Vec<ItemSku>>,
    /// Player attribute conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<DiscountAttributeConditions>,
    /// Price range of the items covered, instead of a list of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceConditionInput>>,
    /// Per-player limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimitsInput>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
}

/// A discount (`promotion/item`) as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscountPromotion<P = Periods> {
    /// Promotion id.
    pub id: PromotionId,
    /// When the discount applies.
    #[serde(flatten)]
    pub period: P,
    /// Active.
    #[serde(default = "enabled")]
    pub is_enabled: bool,
    /// Name, keyed by five-letter locale.
    #[serde(default)]
    pub name: PromotionName,
    /// The percent off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
    /// Discounted items; `None` when the discount is defined by price conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<PromotionItem>>,
    /// Player attribute conditions: a flat list, groups, or the spec's single condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<DiscountAttributeConditions>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimits>,
    /// Price range of the items covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceCondition>>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
}

fn enabled() -> bool {
    true
}

/// The SKUs of items read back, as a body names them (items without a SKU are dropped).
fn item_skus(items: Vec<PromotionItem>) -> Vec<ItemSku> {
    items
        .into_iter()
        .filter_map(|i| i.sku.map(ItemSku::from))
        .collect()
}

/// Price conditions read back, as a body writes them.
fn price_condition_inputs(conditions: Vec<PriceCondition>) -> Vec<PriceConditionInput> {
    conditions
        .into_iter()
        .map(PriceConditionInput::from)
        .collect()
}

impl<P: PeriodForm> TryFrom<DiscountPromotion<P>> for DiscountPromotionInput<P> {
    type Error = crate::error::Error;

    /// The update body for a discount read back: `id`, `is_enabled` and computed limit fields
    /// are dropped. Fails only when the answer carried no percent, which a body requires.
    fn try_from(d: DiscountPromotion<P>) -> Result<Self, Self::Error> {
        let percent = d.discount.and_then(|p| p.percent).ok_or_else(|| {
            crate::error::Error::InvalidInput(format!("discount {} has no percent", d.id))
        })?;
        Ok(Self {
            name: d.name,
            period: d.period,
            discount: PercentDiscountInput { percent },
            items: d.items.map(item_skus),
            attribute_conditions: d.attribute_conditions,
            price_conditions: d.price_conditions.map(price_condition_inputs),
            limits: d.limits.map(PromotionLimitsInput::from),
            excluded_promotions: d.excluded_promotions,
        })
    }
}

/// Create or update body of a bonus promotion (`promotion/bonus`). `id` is derived by the
/// server and is never sent; `P` is the validity form (see [`PeriodForm`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusPromotionInput<P = Periods> {
    /// Name, keyed by five-letter locale (`"en-US"`).
    pub name: PromotionName,
    /// When the bonus applies.
    #[serde(flatten)]
    pub period: P,
    /// Items a purchase must contain. Xsolla requires the key; `None` is sent as `null` and
    /// makes every purchase qualify.
    #[serde(default)]
    pub condition: Option<Vec<ItemSku>>,
    /// Items granted (`null` reads as none).
    #[serde(deserialize_with = "crate::models::promotions::null_as_default")]
    pub bonus: Vec<BonusItemInput>,
    /// Player attribute conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Per-player limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimitsInput>,
    /// Price range of the purchased items, instead of `condition`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceConditionInput>>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
}

/// A bonus promotion as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BonusPromotion<P = Periods> {
    /// Promotion id.
    pub id: PromotionId,
    /// When the bonus applies.
    #[serde(flatten)]
    pub period: P,
    /// Name, keyed by five-letter locale.
    #[serde(default)]
    pub name: PromotionName,
    /// Active.
    #[serde(default = "enabled")]
    pub is_enabled: bool,
    /// Items a purchase must contain; `None` when any purchase qualifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<PromotionItem>>,
    /// Items granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Vec<BonusItem>>,
    /// Player attribute conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimits>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
    /// Price range of the purchased items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceCondition>>,
}

impl<P: PeriodForm> From<BonusPromotion<P>> for BonusPromotionInput<P> {
    /// The update body for a bonus read back: `id`, `is_enabled` and computed limit fields are
    /// dropped.
    fn from(b: BonusPromotion<P>) -> Self {
        Self {
            name: b.name,
            period: b.period,
            condition: b.condition.map(item_skus),
            bonus: b
                .bonus
                .unwrap_or_default()
                .into_iter()
                .map(BonusItemInput::from)
                .collect(),
            attribute_conditions: b.attribute_conditions,
            limits: b.limits.map(PromotionLimitsInput::from),
            price_conditions: b.price_conditions.map(price_condition_inputs),
            excluded_promotions: b.excluded_promotions,
        }
    }
}

/// Answer of a discount or bonus creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedPromotionId {
    /// The new promotion's id.
    pub promotion_id: PromotionId,
}

/// A list of promotions with the project's counters (discount, bonus and all-promotions
/// lists). It has no `has_more`: a page shorter than the limit asked for is the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionList<T> {
    /// The promotions of this page.
    #[serde(default = "Vec::new")]
    pub promotions: Vec<T>,
    /// Number of promotions in the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_promotions_count: Option<u64>,
    /// Number of active promotions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_promotions_count: Option<u64>,
    /// Number of deactivated promotions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_promotions_count: Option<u64>,
}

/// A page of discounts.
pub type DiscountPromotionList<P = Periods> = PromotionList<DiscountPromotion<P>>;

/// A page of bonus promotions.
pub type BonusPromotionList<P = Periods> = PromotionList<BonusPromotion<P>>;

/// Kind of promotion in the all-promotions list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromotionType {
    /// Percent off items.
    ItemDiscount,
    /// Bonus items with a purchase of given items.
    ItemBonus,
    /// Bonus items with any purchase.
    CartBonus,
    /// A coupon granting items.
    CouponBonus,
    /// A promo code granting items and a discount.
    PromocodeBonusDiscount,
    /// A kind this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// A date-time in the all-promotions list.
///
/// The list is documented with ISO date-times, yet Xsolla's example writes them without
/// seconds or offset (`"2020-01-01T00:00"`). Such values are kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromotionDate {
    /// A date-time with its offset.
    Zoned(DateTime),
    /// A date-time without offset, in the text it came in.
    Local(String),
}

const LOCAL_FORMATS: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"];

impl PromotionDate {
    /// The instant, reading a date-time without offset as UTC.
    pub fn to_datetime(&self) -> Option<DateTime> {
        match self {
            Self::Zoned(dt) => Some(*dt),
            Self::Local(text) => LOCAL_FORMATS
                .iter()
                .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
                .map(|naive| naive.and_utc().fixed_offset()),
        }
    }
}

impl From<DateTime> for PromotionDate {
    fn from(dt: DateTime) -> Self {
        Self::Zoned(dt)
    }
}

impl Serialize for PromotionDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Zoned(dt) => dt.serialize(s),
            Self::Local(text) => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for PromotionDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if let Ok(dt) = text.parse::<DateTime>() {
            return Ok(Self::Zoned(dt));
        }
        if LOCAL_FORMATS
            .iter()
            .any(|f| chrono::NaiveDateTime::parse_from_str(&text, f).is_ok())
        {
            Ok(Self::Local(text))
        } else {
            Err(de::Error::custom(format!("not a date-time: {text:?}")))
        }
    }
}

/// Validity of a promotion in the all-promotions list, in the form of the path it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ListedPeriod {
    /// `/v3`: validity windows.
    Periods {
        /// The windows.
        promotion_periods: Vec<PromotionPeriod>,
    },
    /// `/v2`: start and end.
    Dates {
        /// Start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_start: Option<PromotionDate>,
        /// End; `None` for a promotion without an end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_end: Option<PromotionDate>,
    },
}

/// Kind of bundle.
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

/// An item, coupon or promo code mentioned by the all-promotions list. Catalog items carry
/// `sku`; code promotions carry `external_id` and their redemption limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedItem {
    /// SKU of a catalog item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
    /// External id of a coupon or promo code promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<ExternalId>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<BundleType>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Inventory behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_options: Option<InventoryOptions>,
    /// Bundle content (not described by Xsolla).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<serde_json::Value>>,
    /// Keys of a unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_items: Option<Vec<UnitItem>>,
    /// Whether the code promotion is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Redemptions allowed in total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions allowed per player.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions allowed per code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_code_limit: Option<i64>,
}

/// A reward of a promotion in the all-promotions list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedReward {
    /// The item granted.
    pub item: ListedItem,
    /// Quantity granted.
    #[serde(default = "crate::models::promotions::one")]
    pub quantity: i64,
}

/// A condition of a promotion in the all-promotions list: an item to buy or a code to enter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedCondition {
    /// The item or code promotion.
    pub item: ListedItem,
}

/// A promotion of any kind, as the all-promotions list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionSummary {
    /// Promotion id.
    pub id: PromotionId,
    /// Validity.
    #[serde(flatten)]
    pub period: ListedPeriod,
    /// Name.
    #[serde(default)]
    pub name: PromotionName,
    /// Kind of promotion.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub promotion_type: Option<PromotionType>,
    /// Active.
    #[serde(default = "enabled")]
    pub is_enabled: bool,
    /// Items granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Vec<ListedReward>>,
    /// What a purchase needs; `None` when any purchase qualifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<ListedCondition>>,
    /// Percent off, for discount kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimits>,
}

/// A page of the all-promotions list.
pub type PromotionSummaryList = PromotionList<PromotionSummary>;
