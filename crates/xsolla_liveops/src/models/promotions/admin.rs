//! The server-side half of [`promotions`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::{Code, ExternalId, PromotionId};
use crate::models::common::{RecurrentSchedule, RecurrentScheduleState};
use serde::de::{self, Deserializer};

/// How a promotion body writes its validity: [`Periods`] (`/v3`) or [`DateRange`] (`/v2`).
///
/// The form is flattened into promotion bodies, so its fields sit beside `name`, `bonus`, ….
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    /// The windows; with more than one, each needs an end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotion_periods: Vec<PromotionPeriod>,
}

impl Periods {
    /// One window.
    pub fn single(from: DateTime, until: Option<DateTime>) -> Self {
        Self {
            promotion_periods: vec![PromotionPeriod::new(from, until)],
        }
    }
}

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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<DateTime>,
    /// End; `None` runs forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
}

impl DateRange {
    /// From `start` until `end` (`None`: no end).
    pub fn new(start: DateTime, end: Option<DateTime>) -> Self {
        Self {
            date_start: Some(start),
            date_end: end,
        }
    }
}

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
pub fn convert_form<P: PeriodForm, Q: PeriodForm>(form: &P) -> Q {
    Q::from_periods(form.to_periods())
}

/// An item a promotion grants, as written: SKU and quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusItemInput {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted (1 when left out).
    #[serde(default = "one")]
    pub quantity: i64,
}

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusItem {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted.
    #[serde(default = "one")]
    pub quantity: i64,
}

impl From<BonusItem> for BonusItemInput {
    fn from(b: BonusItem) -> Self {
        Self {
            sku: b.sku,
            quantity: b.quantity,
        }
    }
}

/// A per-item discount of a promo code, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountedItemInput {
    /// SKU.
    pub sku: Sku,
    /// The discount on this item.
    pub discount: PercentDiscount,
}

/// How many times a code promotion has been and can still be redeemed in total
/// (`total_limit_state`; `null` when the promotion has no total limit).
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitScheduleInput {
    /// The reset schedule of the per-player limit (daily, weekly or monthly); computed dates
    /// are refused ([`ScheduleInput`](crate::models::common::ScheduleInput)).
    #[serde(deserialize_with = "crate::models::common::ScheduleInput::deserialize_plain")]
    pub per_user: RecurrentSchedule,
}

/// Limits of a discount or bonus promotion, as the admin API reads them.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitTotal {
    /// The limit.
    pub total: i64,
}

/// When a per-player limit starts over, with the computed reset dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitScheduleState {
    /// The per-player reset schedule.
    pub per_user: RecurrentScheduleState,
}

/// Which player a limit call is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitUser {
    /// The player's id (the JWT `sub`).
    pub user_external_id: UserExternalId,
}

/// Body of the per-player limit calls: increase by, decrease by, or set to `available`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLimitChange {
    /// The player.
    pub user: LimitUser,
    /// The amount: at least 1 to increase or decrease, at least 0 to set.
    pub available: i64,
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLimit {
    /// The player's counts.
    pub per_user: UserLimitState,
}

/// The counts of a per-player limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLimitState {
    /// The configured limit.
    pub total: i64,
    /// Uses left for the player.
    pub available: i64,
}

/// The counts of a per-code limit.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLimit {
    /// The code.
    pub code: Code,
    /// Its counts.
    pub per_code: CodeLimitState,
}

/// A page of per-code limits.
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// The new code.
    pub coupon_code: Code,
}

/// Answer of "create a code" (201).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreatedCode {
    /// The code created.
    pub code: Code,
}

/// One code of a promotion.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodeEntry {
    /// The code.
    pub code: Code,
}

/// A page of a promotion's codes: `{"codes": [{"code"}], "total_count"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeList {
    /// The codes of this page.
    pub codes: Vec<CodeEntry>,
    /// Number of codes in all pages.
    #[serde(default)]
    pub total_count: u64,
}

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

/// Body of "generate codes": `{"count"}` with 1 ≤ count ≤ 100 000.
///
/// Out-of-range counts cannot be built ([`GenerateCodes::new`]) nor decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateCodes {
    #[serde(deserialize_with = "code_count")]
    count: u32,
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedCodes {
    /// Codes generated.
    pub count: u64,
}

/// Answer of a coupon, promo-code or unique-offer creation (201).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreatedPromotion {
    /// The new promotion's external id.
    pub external_id: ExternalId,
}

/// A page of coupon, promo-code or unique-offer promotions.
///
/// The list answers carry no `has_more`; see [`PromotionPage::has_more`].
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

/// Reads `null` as the type's default (an empty list), for lists Xsolla sometimes nulls.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
