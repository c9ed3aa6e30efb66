//! The server-side half of [`promo_codes`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::{ExternalId, PromotionId};
use crate::models::common::AttributeCondition;
use crate::models::promotions::{
    BonusItem, BonusItemInput, DiscountedItemInput, LimitState, PeriodForm, Periods,
    PriceCondition, PromotionName, PromotionPage, convert_form, null_as_default,
};

/// Create or update body of a promo code promotion, in the form `P` ([`Periods`] for `/v3`,
/// [`DateRange`](crate::models::promotions::DateRange) for `/v2`). The server-derived `external_id`,
/// `is_enabled` and `total_codes_count` are not part of it; [`NewPromoCode`] adds the id for a
/// creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromoCodeInput<P = Periods> {
    /// Name, keyed by locale (`"en-US"`).
    pub name: PromotionName,
    /// When the code can be applied.
    #[serde(flatten)]
    pub validity: P,
    /// Items given with the cart.
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
    /// A cart-wide discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
    /// Per-item discounts.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub discounted_items: Vec<DiscountedItemInput>,
    /// Personalization: every condition must hold for the player.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attribute_conditions: Vec<AttributeCondition>,
    /// Conditions on the cart total, all of which must hold.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub price_conditions: Vec<PriceCondition>,
    /// Conditions on an item's price: only matching items are discounted.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub item_price_conditions: Vec<PriceCondition>,
    /// Promotions that must not apply together with this one.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub excluded_promotions: Vec<PromotionId>,
}

impl<P: PeriodForm> PromoCodeInput<P> {
    /// The same body in the other validity form (`/v2` keeps only the first period).
    pub fn with_form<Q: PeriodForm>(self) -> PromoCodeInput<Q> {
        PromoCodeInput {
            name: self.name,
            validity: convert_form(&self.validity),
            bonus: self.bonus,
            redeem_total_limit: self.redeem_total_limit,
            redeem_user_limit: self.redeem_user_limit,
            redeem_code_limit: self.redeem_code_limit,
            discount: self.discount,
            discounted_items: self.discounted_items,
            attribute_conditions: self.attribute_conditions,
            price_conditions: self.price_conditions,
            item_price_conditions: self.item_price_conditions,
            excluded_promotions: self.excluded_promotions,
        }
    }
}

/// Creation body of a promo code promotion: its external id and the promotion.
///
/// Unknown properties are rejected by the flattened [`PromoCodeInput`] (serde cannot put
/// `deny_unknown_fields` on a struct that flattens one that flattens again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPromoCode<P = Periods> {
    /// Unique id of the promotion: letters, digits, `.`, `-`, `_`.
    pub external_id: ExternalId,
    /// The promotion.
    #[serde(flatten)]
    pub promo_code: PromoCodeInput<P>,
}

impl<P: PeriodForm> NewPromoCode<P> {
    /// A creation body.
    pub fn new(external_id: impl Into<ExternalId>, promo_code: PromoCodeInput<P>) -> Self {
        Self {
            external_id: external_id.into(),
            promo_code,
        }
    }
}

/// A promo code promotion as the admin API reads it, in the form `P`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminPromoCode<P = Periods> {
    /// External id.
    pub external_id: ExternalId,
    /// Name.
    pub name: PromotionName,
    /// When the code can be applied.
    #[serde(flatten)]
    pub validity: P,
    /// Items given with the cart.
    #[serde(default, deserialize_with = "null_as_default")]
    pub bonus: Vec<BonusItem>,
    /// Enabled (promo codes are created disabled).
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
    /// A cart-wide discount, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
    /// Per-item discounts, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discounted_items: Option<Vec<DiscountedItem>>,
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
    /// Conditions on the cart total.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub price_conditions: Vec<PriceCondition>,
    /// Conditions on an item's price.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub item_price_conditions: Vec<PriceCondition>,
    /// Promotions that must not apply together with this one.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub excluded_promotions: Vec<PromotionId>,
}

impl<P> AdminPromoCode<P> {
    /// Whether the promotion discounts anything (cart-wide or per item); a coupon never does.
    pub fn has_discount(&self) -> bool {
        self.discount.as_ref().is_some_and(|d| d.percent.is_some())
            || self
                .discounted_items
                .as_ref()
                .is_some_and(|d| !d.is_empty())
    }
}

impl<P> From<AdminPromoCode<P>> for PromoCodeInput<P> {
    /// The update body for a promo code read back: derived fields dropped.
    fn from(p: AdminPromoCode<P>) -> Self {
        Self {
            name: p.name,
            validity: p.validity,
            bonus: p.bonus.into_iter().map(BonusItemInput::from).collect(),
            redeem_total_limit: p.redeem_total_limit,
            redeem_user_limit: p.redeem_user_limit,
            redeem_code_limit: p.redeem_code_limit,
            discount: p.discount.filter(|d| d.percent.is_some()),
            discounted_items: p
                .discounted_items
                .unwrap_or_default()
                .into_iter()
                .map(|d| DiscountedItemInput {
                    sku: d.sku,
                    discount: d.discount,
                })
                .collect(),
            attribute_conditions: p.attribute_conditions,
            price_conditions: p.price_conditions,
            item_price_conditions: p.item_price_conditions,
            excluded_promotions: p.excluded_promotions,
        }
    }
}

impl<P> From<AdminPromoCode<P>> for NewPromoCode<P> {
    /// A creation body copying a promo code read back, under the same external id.
    fn from(p: AdminPromoCode<P>) -> Self {
        Self {
            external_id: p.external_id.clone(),
            promo_code: p.into(),
        }
    }
}

/// A page of promo code promotions.
pub type AdminPromoCodePage<P = Periods> = PromotionPage<AdminPromoCode<P>>;
