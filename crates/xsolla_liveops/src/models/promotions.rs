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

#[cfg(feature = "admin")]
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::common::{ClientSchedule, DateTime, Decimal, ItemType, LocalizedText};
#[cfg(feature = "admin")]
use super::common::{RecurrentSchedule, RecurrentScheduleState};
#[cfg(feature = "admin")]
use crate::ids::{Code, ExternalId, PromotionId};
use crate::ids::{ItemId, Sku};

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

/// How a promotion body writes its validity: [`Periods`] (`/v3`) or [`DateRange`] (`/v2`).
///
/// The form is flattened into promotion bodies, so its fields sit beside `name`, `bonus`, ….
#[cfg(feature = "admin")]
pub trait PeriodForm:
    Serialize + serde::de::DeserializeOwned + Clone + std::fmt::Debug + Default + PartialEq + Eq
{
    /// The API version whose routes use this form.
    const VERSION: ApiVersion;

    /// The validity as a list of windows (empty when none is set).
    fn to_periods(&self) -> Vec<PromotionPeriod>;

    /// Builds the form from windows. [`DateRange`] can hold only one: the first is kept.
    fn from_periods(periods: Vec<PromotionPeriod>) -> Self;
}

/// The `/v3` validity form: `{"promotion_periods": [{date_from, date_until}, …]}`.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    /// The windows; with more than one, each needs an end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotion_periods: Vec<PromotionPeriod>,
}

#[cfg(feature = "admin")]
impl Periods {
    /// One window.
    pub fn single(from: DateTime, until: Option<DateTime>) -> Self {
        Self {
            promotion_periods: vec![PromotionPeriod::new(from, until)],
        }
    }
}

#[cfg(feature = "admin")]
impl PeriodForm for Periods {
    const VERSION: ApiVersion = ApiVersion::V3;
    fn to_periods(&self) -> Vec<PromotionPeriod> {
        self.promotion_periods.clone()
    }
    fn from_periods(periods: Vec<PromotionPeriod>) -> Self {
        Self {
            promotion_periods: periods,
        }
    }
}

/// The `/v2` validity form: `{"date_start", "date_end"}`.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<DateTime>,
    /// End; `None` runs forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
}

#[cfg(feature = "admin")]
impl DateRange {
    /// From `start` until `end` (`None`: no end).
    pub fn new(start: DateTime, end: Option<DateTime>) -> Self {
        Self {
            date_start: Some(start),
            date_end: end,
        }
    }
}

#[cfg(feature = "admin")]
impl PeriodForm for DateRange {
    const VERSION: ApiVersion = ApiVersion::V2;
    fn to_periods(&self) -> Vec<PromotionPeriod> {
        self.date_start
            .map(|from| PromotionPeriod::new(from, self.date_end))
            .into_iter()
            .collect()
    }
    fn from_periods(periods: Vec<PromotionPeriod>) -> Self {
        periods
            .into_iter()
            .next()
            .map(|p| Self {
                date_start: Some(p.date_from),
                date_end: p.date_until,
            })
            .unwrap_or_default()
    }
}

/// Converts a validity from one form to the other.
#[cfg(feature = "admin")]
pub fn convert_form<P: PeriodForm, Q: PeriodForm>(form: &P) -> Q {
    Q::from_periods(form.to_periods())
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

/// An item a promotion grants, as written: SKU and quantity.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusItemInput {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted (1 when left out).
    #[serde(default = "one")]
    pub quantity: i64,
}

#[cfg(feature = "admin")]
impl BonusItemInput {
    /// `quantity` of `sku`.
    pub fn new(sku: impl Into<Sku>, quantity: i64) -> Self {
        Self {
            sku: sku.into(),
            quantity,
        }
    }
}

/// An item a promotion grants, as the admin API reads it.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusItem {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted.
    #[serde(default = "one")]
    pub quantity: i64,
}

#[cfg(feature = "admin")]
impl From<BonusItem> for BonusItemInput {
    fn from(b: BonusItem) -> Self {
        Self {
            sku: b.sku,
            quantity: b.quantity,
        }
    }
}

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

/// A per-item discount of a promo code, as written.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountedItemInput {
    /// SKU.
    pub sku: Sku,
    /// The discount on this item.
    pub discount: PercentDiscount,
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

/// How many times a code promotion has been and can still be redeemed in total
/// (`total_limit_state`; `null` when the promotion has no total limit).
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitState {
    /// Redemptions left.
    pub available: i64,
    /// Redemptions held by orders not yet paid.
    #[serde(default)]
    pub reserved: i64,
    /// Redemptions done.
    #[serde(default)]
    pub used: i64,
}

/// Limits of a discount or bonus promotion, as written.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionLimitsInput {
    /// How many times one player may use the promotion (`None`: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_user: Option<i64>,
    /// When the per-player count starts over (`None`: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent_schedule: Option<LimitScheduleInput>,
}

/// When a promotion's per-player limit starts over, as written.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitScheduleInput {
    /// The reset schedule of the per-player limit (daily, weekly or monthly); computed dates
    /// are refused ([`ScheduleInput`](super::common::ScheduleInput)).
    #[serde(deserialize_with = "super::common::ScheduleInput::deserialize_plain")]
    pub per_user: RecurrentSchedule,
}

/// Limits of a discount or bonus promotion, as the admin API reads them.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionLimits {
    /// The per-player limit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_user: Option<LimitTotal>,
    /// A limit per item, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_item: Option<i64>,
    /// When the per-player count starts over, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrent_schedule: Option<LimitScheduleState>,
}

#[cfg(feature = "admin")]
impl From<PromotionLimits> for PromotionLimitsInput {
    /// The writable part of limits read back (the computed reset dates are dropped).
    fn from(l: PromotionLimits) -> Self {
        Self {
            per_user: l.per_user.map(|p| p.total),
            recurrent_schedule: l.recurrent_schedule.map(|s| LimitScheduleInput {
                per_user: s.per_user.schedule,
            }),
        }
    }
}

/// A configured limit: its total.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitTotal {
    /// The limit.
    pub total: i64,
}

/// When a per-player limit starts over, with the computed reset dates.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitScheduleState {
    /// The per-player reset schedule.
    pub per_user: RecurrentScheduleState,
}

/// Which player a limit call is about.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitUser {
    /// The player's id (the JWT `sub`).
    pub user_external_id: UserExternalId,
}

/// Body of the per-player limit calls: increase by, decrease by, or set to `available`.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLimitChange {
    /// The player.
    pub user: LimitUser,
    /// The amount: at least 1 to increase or decrease, at least 0 to set.
    pub available: i64,
}

#[cfg(feature = "admin")]
impl UserLimitChange {
    /// A change of `available` for one player.
    pub fn new(user: impl Into<UserExternalId>, available: i64) -> Self {
        Self {
            user: LimitUser {
                user_external_id: user.into(),
            },
            available,
        }
    }
}

/// A player's remaining uses of a promotion: `{"per_user": {"total", "available"}}`.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLimit {
    /// The player's counts.
    pub per_user: UserLimitState,
}

/// The counts of a per-player limit.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLimitState {
    /// The configured limit.
    pub total: i64,
    /// Uses left for the player.
    pub available: i64,
}

/// The counts of a per-code limit.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLimitState {
    /// Redemptions each code allows (`None` when the answer leaves it out or nulls it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// Redemptions left (`None` when the answer leaves it out or nulls it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<i64>,
    /// Redemptions done.
    #[serde(default)]
    pub used: i64,
    /// Redemptions held by orders not yet paid.
    #[serde(default)]
    pub reserved: i64,
}

/// One code with its limit counts.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLimit {
    /// The code.
    pub code: Code,
    /// Its counts.
    pub per_code: CodeLimitState,
}

/// A page of per-code limits.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLimitPage {
    /// The promotion's numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<PromotionId>,
    /// The codes of this page.
    pub items: Vec<CodeLimit>,
    /// Number of codes in all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items_count: Option<u64>,
    /// More pages follow.
    #[serde(default)]
    pub has_more: bool,
}

/// Body of "create a code": `{"coupon_code": "WINTER2021"}` (the same key for coupons, promo
/// codes and unique offers).
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// The new code.
    pub coupon_code: Code,
}

/// Answer of "create a code" (201).
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreatedCode {
    /// The code created.
    pub code: Code,
}

/// One code of a promotion.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodeEntry {
    /// The code.
    pub code: Code,
}

/// A page of a promotion's codes: `{"codes": [{"code"}], "total_count"}`.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeList {
    /// The codes of this page.
    pub codes: Vec<CodeEntry>,
    /// Number of codes in all pages.
    #[serde(default)]
    pub total_count: u64,
}

#[cfg(feature = "admin")]
impl CodeList {
    /// Whether codes follow this page, read at `offset`: `offset` plus this page's length is
    /// short of `total_count`.
    pub fn has_more_after(&self, offset: u64) -> bool {
        offset.saturating_add(self.codes.len() as u64) < self.total_count
    }

    /// The offset of the next page after this one, read at `offset`, if any follows.
    pub fn next_offset(&self, offset: u64) -> Option<u64> {
        self.has_more_after(offset)
            .then(|| offset.saturating_add(self.codes.len() as u64))
    }
}

/// The fewest codes one generate call makes.
pub const MIN_GENERATED_CODES: u32 = 1;
/// The most codes one generate call makes.
pub const MAX_GENERATED_CODES: u32 = 100_000;

/// Body of "generate codes": `{"count"}` with 1 ≤ count ≤ 100 000.
///
/// Out-of-range counts cannot be built ([`GenerateCodes::new`]) nor decoded.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateCodes {
    #[serde(deserialize_with = "code_count")]
    count: u32,
}

#[cfg(feature = "admin")]
impl GenerateCodes {
    /// Checks the count; out of range gives [`crate::Error::InvalidInput`].
    pub fn new(count: u32) -> crate::Result<Self> {
        if (MIN_GENERATED_CODES..=MAX_GENERATED_CODES).contains(&count) {
            Ok(Self { count })
        } else {
            let (min, max) = (MIN_GENERATED_CODES, MAX_GENERATED_CODES);
            Err(crate::Error::InvalidInput(format!(
                "codes are generated {min}..={max} at a time, not {count}"
            )))
        }
    }

    /// How many codes to generate.
    pub fn count(&self) -> u32 {
        self.count
    }
}

#[cfg(feature = "admin")]
fn code_count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let count = u32::deserialize(d)?;
    if (MIN_GENERATED_CODES..=MAX_GENERATED_CODES).contains(&count) {
        Ok(count)
    } else {
        Err(de::Error::invalid_value(
            de::Unexpected::Unsigned(count.into()),
            &"a code count between 1 and 100000",
        ))
    }
}

/// Answer of "generate codes": how many were made.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedCodes {
    /// Codes generated.
    pub count: u64,
}

/// Answer of a coupon, promo-code or unique-offer creation (201).
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreatedPromotion {
    /// The new promotion's external id.
    pub external_id: ExternalId,
}

/// A page of coupon, promo-code or unique-offer promotions.
///
/// The list answers carry no `has_more`; see [`PromotionPage::has_more`].
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionPage<T> {
    /// The promotions of this page.
    pub items: Vec<T>,
    /// Number of promotions in all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_promotions_count: Option<u64>,
    /// Number of enabled promotions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_promotions_count: Option<u64>,
    /// Number of disabled promotions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_promotions_count: Option<u64>,
}

#[cfg(feature = "admin")]
impl<T> PromotionPage<T> {
    /// Whether pages follow one read with this `offset` and `limit`: the total count when the
    /// answer has it, else whether the page came back full.
    pub fn has_more(&self, offset: u32, limit: u32) -> bool {
        let seen = u64::from(offset) + self.items.len() as u64;
        match self.total_promotions_count {
            Some(total) => seen < total,
            None => !self.items.is_empty() && self.items.len() as u64 >= u64::from(limit),
        }
    }
}

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

/// Reads `null` as the type's default (an empty list), for lists Xsolla sometimes nulls.
#[cfg(feature = "admin")]
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
