//! The server-side half of [`coupons`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::ExternalId;
use crate::models::common::AttributeCondition;
use crate::models::promotions::{
    BonusItem, BonusItemInput, LimitState, PeriodForm, Periods, PromotionName, PromotionPage,
    convert_form, null_as_default,
};

/// Create or update body of a coupon promotion, in the form `P` ([`Periods`] for `/v3`,
/// [`DateRange`](crate::models::promotions::DateRange) for `/v2`). The server-derived `external_id`,
/// `is_enabled` and `total_codes_count` are not part of it; [`NewCoupon`] adds the id for a
/// creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponInput<P = Periods> {
    /// Name, keyed by locale (`"en-US"`).
    pub name: PromotionName,
    /// When the coupon can be redeemed.
    #[serde(flatten)]
    pub validity: P,
    /// Items granted on redemption.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub bonus: Vec<BonusItemInput>,
    /// Redemptions of all codes together (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions per player (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions per code (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_code_limit: Option<i64>,
    /// Personalization: every condition must hold for the player.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attribute_conditions: Vec<AttributeCondition>,
}

impl<P: PeriodForm> CouponInput<P> {
    /// The same body in the other validity form (`/v2` keeps only the first period).
    pub fn with_form<Q: PeriodForm>(self) -> CouponInput<Q> {
        CouponInput {
            name: self.name,
            validity: convert_form(&self.validity),
            bonus: self.bonus,
            redeem_total_limit: self.redeem_total_limit,
            redeem_user_limit: self.redeem_user_limit,
            redeem_code_limit: self.redeem_code_limit,
            attribute_conditions: self.attribute_conditions,
        }
    }
}

/// Creation body of a coupon promotion: its external id and the coupon.
///
/// Unknown properties are rejected by the flattened [`CouponInput`] (serde cannot put
/// `deny_unknown_fields` on a struct that flattens one that flattens again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCoupon<P = Periods> {
    /// Unique id of the promotion: letters, digits, `.`, `-`, `_`.
    pub external_id: ExternalId,
    /// The coupon.
    #[serde(flatten)]
    pub coupon: CouponInput<P>,
}

impl<P: PeriodForm> NewCoupon<P> {
    /// A creation body.
    pub fn new(external_id: impl Into<ExternalId>, coupon: CouponInput<P>) -> Self {
        Self {
            external_id: external_id.into(),
            coupon,
        }
    }
}

/// A coupon promotion as the admin API reads it, in the form `P`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCoupon<P = Periods> {
    /// External id.
    pub external_id: ExternalId,
    /// Name.
    pub name: PromotionName,
    /// When the coupon can be redeemed.
    #[serde(flatten)]
    pub validity: P,
    /// Items granted on redemption.
    #[serde(default, deserialize_with = "null_as_default")]
    pub bonus: Vec<BonusItem>,
    /// Enabled (coupons are created disabled).
    #[serde(default)]
    pub is_enabled: bool,
    /// Redemptions of all codes together (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions per player (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions per code (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_code_limit: Option<i64>,
    /// Counts of the total limit (`None` without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_limit_state: Option<LimitState>,
    /// Number of codes (derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_codes_count: Option<u64>,
    /// Personalization conditions.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attribute_conditions: Vec<AttributeCondition>,
}

impl<P> From<AdminCoupon<P>> for CouponInput<P> {
    /// The update body for a coupon read back: derived fields dropped.
    fn from(c: AdminCoupon<P>) -> Self {
        Self {
            name: c.name,
            validity: c.validity,
            bonus: c.bonus.into_iter().map(BonusItemInput::from).collect(),
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            attribute_conditions: c.attribute_conditions,
        }
    }
}

impl<P> From<AdminCoupon<P>> for NewCoupon<P> {
    /// A creation body copying a coupon read back, under the same external id.
    fn from(c: AdminCoupon<P>) -> Self {
        Self {
            external_id: c.external_id.clone(),
            coupon: c.into(),
        }
    }
}

/// A page of coupon promotions.
pub type AdminCouponPage<P = Periods> = PromotionPage<AdminCoupon<P>>;
