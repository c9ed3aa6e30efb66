//! Unique catalog offers: codes that make hidden catalog items purchasable for the player who
//! enters one. Admin only; players enter the codes in the store's promo code field.
//!
//! Bodies are generic over the validity form, see [`promotions`](super::promotions).

use serde::{Deserialize, Serialize};

use crate::ids::{ExternalId, Sku};
use crate::models::promotions::{
    LimitState, PeriodForm, Periods, PromotionName, PromotionPage, convert_form, null_as_default,
};

/// Create or update body of a unique catalog offer, in the form `P` ([`Periods`] for
/// `/v3`, [`DateRange`](crate::models::promotions::DateRange) for `/v2`). The
/// server-derived `external_id`, `is_enabled` and `total_codes_count` are not part of it;
/// [`NewUniqueOffer`] adds the id for a creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueOfferInput<P = Periods> {
    /// Name, keyed by locale (`"en-US"`).
    pub name: PromotionName,
    /// When codes can be entered.
    #[serde(flatten)]
    pub validity: P,
    /// SKUs the offer unlocks (plain strings; objects are refused).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub items: Vec<Sku>,
    /// Redemptions of all codes together (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions per player (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions per code (`None`: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem_code_limit: Option<i64>,
}

impl<P: PeriodForm> UniqueOfferInput<P> {
    /// The same body in the other validity form (`/v2` keeps only the first period).
    pub fn with_form<Q: PeriodForm>(self) -> UniqueOfferInput<Q> {
        UniqueOfferInput {
            name: self.name,
            validity: convert_form(&self.validity),
            items: self.items,
            redeem_total_limit: self.redeem_total_limit,
            redeem_user_limit: self.redeem_user_limit,
            redeem_code_limit: self.redeem_code_limit,
        }
    }
}

/// Creation body of a unique catalog offer: its external id and the offer.
///
/// Unknown properties are rejected by the flattened [`UniqueOfferInput`] (serde cannot put
/// `deny_unknown_fields` on a struct that flattens one that flattens again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUniqueOffer<P = Periods> {
    /// Unique id of the promotion: letters, digits, `.`, `-`, `_`.
    pub external_id: ExternalId,
    /// The offer.
    #[serde(flatten)]
    pub offer: UniqueOfferInput<P>,
}

impl<P: PeriodForm> NewUniqueOffer<P> {
    /// A creation body.
    pub fn new(external_id: impl Into<ExternalId>, offer: UniqueOfferInput<P>) -> Self {
        Self {
            external_id: external_id.into(),
            offer,
        }
    }
}

/// A unique catalog offer as the admin API reads it, in the form `P`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUniqueOffer<P = Periods> {
    /// External id.
    pub external_id: ExternalId,
    /// Name.
    pub name: PromotionName,
    /// When codes can be entered.
    #[serde(flatten)]
    pub validity: P,
    /// SKUs the offer unlocks.
    #[serde(default, deserialize_with = "null_as_default")]
    pub items: Vec<Sku>,
    /// Enabled (offers are created disabled).
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
}

impl<P> From<AdminUniqueOffer<P>> for UniqueOfferInput<P> {
    /// The update body for an offer read back: derived fields dropped.
    fn from(o: AdminUniqueOffer<P>) -> Self {
        Self {
            name: o.name,
            validity: o.validity,
            items: o.items,
            redeem_total_limit: o.redeem_total_limit,
            redeem_user_limit: o.redeem_user_limit,
            redeem_code_limit: o.redeem_code_limit,
        }
    }
}

impl<P> From<AdminUniqueOffer<P>> for NewUniqueOffer<P> {
    /// A creation body copying an offer read back, under the same external id.
    fn from(o: AdminUniqueOffer<P>) -> Self {
        Self {
            external_id: o.external_id.clone(),
            offer: o.into(),
        }
    }
}

/// A page of unique catalog offers.
pub type AdminUniqueOfferPage<P = Periods> = PromotionPage<AdminUniqueOffer<P>>;
