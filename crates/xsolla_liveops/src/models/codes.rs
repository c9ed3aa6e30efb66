//! Looking up and verifying promotion codes.
//!
//! [`CodeVerification`] tells a coupon from a promo code before the player redeems it, so the
//! game knows which redeem call to make and whether the player must pick a unit item first.

use serde::{Deserialize, Serialize};

use super::coupons::CouponRewards;
use super::promo_codes::PromoCodeRewards;
use super::promotions::BonusReward;
#[cfg(feature = "admin")]
use super::promotions::DateRange;
use crate::ids::Code;

/// The kind of promotion a code belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeKind {
    /// A coupon: redeem with the coupon redeem call; items go straight to the inventory.
    #[serde(rename = "coupon")]
    Coupon,
    /// A promo code: redeem with the promo code redeem call; it applies to a cart.
    #[serde(rename = "promocode")]
    PromoCode,
    /// A kind this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// Answer of a code verification: what the code is and what it gives the player.
///
/// On the wire `{"type", "code", "rewards"}`, where the shape of `rewards` depends on `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawVerification", into = "RawVerification")]
pub enum CodeVerification {
    /// A coupon code.
    Coupon {
        /// The code.
        code: Code,
        /// What it grants.
        rewards: CouponRewards,
    },
    /// A promo code.
    PromoCode {
        /// The code.
        code: Code,
        /// What it gives.
        rewards: PromoCodeRewards,
    },
    /// A kind this crate does not know yet; its rewards are read in the promo code shape,
    /// which holds the coupon shape too.
    Other {
        /// The `type` as sent.
        kind: String,
        /// The code.
        code: Code,
        /// What it gives.
        rewards: PromoCodeRewards,
    },
}

impl CodeVerification {
    /// The kind of promotion.
    pub fn kind(&self) -> CodeKind {
        match self {
            Self::Coupon { .. } => CodeKind::Coupon,
            Self::PromoCode { .. } => CodeKind::PromoCode,
            Self::Other { kind, .. } => CodeKind::Other(kind.clone()),
        }
    }

    /// The code.
    pub fn code(&self) -> &Code {
        match self {
            Self::Coupon { code, .. } | Self::PromoCode { code, .. } | Self::Other { code, .. } => {
                code
            }
        }
    }

    /// The bonus items.
    pub fn bonus(&self) -> &[BonusReward] {
        match self {
            Self::Coupon { rewards, .. } => &rewards.bonus,
            Self::PromoCode { rewards, .. } | Self::Other { rewards, .. } => &rewards.bonus,
        }
    }

    /// Whether the player must pick unit items before redeeming.
    pub fn is_selectable(&self) -> bool {
        match self {
            Self::Coupon { rewards, .. } => rewards.is_selectable,
            Self::PromoCode { rewards, .. } | Self::Other { rewards, .. } => rewards.is_selectable,
        }
    }
}

/// The wire form of [`CodeVerification`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawVerification {
    #[serde(rename = "type")]
    kind: CodeKind,
    code: Code,
    #[serde(default)]
    rewards: serde_json::Value,
}

impl TryFrom<RawVerification> for CodeVerification {
    type Error = serde_json::Error;
    fn try_from(raw: RawVerification) -> Result<Self, Self::Error> {
        let rewards = if raw.rewards.is_null() {
            serde_json::Value::Object(serde_json::Map::new())
        } else {
            raw.rewards
        };
        Ok(match raw.kind {
            CodeKind::Coupon => Self::Coupon {
                code: raw.code,
                rewards: serde_json::from_value(rewards)?,
            },
            CodeKind::PromoCode => Self::PromoCode {
                code: raw.code,
                rewards: serde_json::from_value(rewards)?,
            },
            CodeKind::Other(kind) => Self::Other {
                kind,
                code: raw.code,
                rewards: serde_json::from_value(rewards)?,
            },
        })
    }
}

impl From<CodeVerification> for RawVerification {
    fn from(v: CodeVerification) -> Self {
        let kind = v.kind();
        let (code, rewards) = match v {
            CodeVerification::Coupon { code, rewards } => (code, serde_json::to_value(rewards)),
            CodeVerification::PromoCode { code, rewards }
            | CodeVerification::Other { code, rewards, .. } => {
                (code, serde_json::to_value(rewards))
            }
        };
        Self {
            kind,
            code,
            // Reward types serialize to plain JSON objects; this cannot fail.
            rewards: rewards.unwrap_or_default(),
        }
    }
}

/// The promotion a code belongs to, as the admin API reads it (`/v2` date form): a coupon or a
/// promo code. Coupons read in this shape have no `discount` nor `discounted_items`; see
/// [`AdminPromoCode::has_discount`](super::promo_codes::AdminPromoCode::has_discount).
#[cfg(feature = "admin")]
pub type RedeemablePromotion = super::promo_codes::AdminPromoCode<DateRange>;
