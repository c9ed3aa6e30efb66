//! Coupons: codes that grant items.
//!
//! A player redeems a code with [`CouponRedemption`] and gets [`RedeemedCoupon::items`] straight
//! into the inventory; [`CouponRewards`] previews what a code grants (and whether the player
//! must pick a unit item first). Admin bodies are generic over the validity form, see
//! [`promotions`](super::promotions).

use serde::{Deserialize, Serialize};

use super::promotions::{
    BonusReward, CartDiscount, SelectedUnitItems, StoreItem, UnitItem, unit_choices,
};
use crate::ids::{Code, Sku};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// Body of a coupon redemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponRedemption {
    /// The code the player typed.
    pub coupon_code: Code,
    /// The player's picks when the rewards are selectable: unit SKU → chosen item SKU.
    #[serde(default, skip_serializing_if = "SelectedUnitItems::is_empty")]
    pub selected_unit_items: SelectedUnitItems,
}

impl CouponRedemption {
    /// Redeems `code` with no unit choice.
    pub fn new(code: Code) -> Self {
        Self {
            coupon_code: code,
            selected_unit_items: SelectedUnitItems::new(),
        }
    }

    /// Adds the player's pick for one unit.
    pub fn select(mut self, unit: impl Into<Sku>, item: impl Into<Sku>) -> Self {
        self.selected_unit_items.insert(unit.into(), item.into());
        self
    }
}

impl From<Code> for CouponRedemption {
    fn from(code: Code) -> Self {
        Self::new(code)
    }
}

/// Answer of a coupon redemption: the items granted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedeemedCoupon {
    /// Items now in the player's inventory.
    #[serde(default)]
    pub items: Vec<StoreItem>,
}

/// What a coupon code grants, before redeeming it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouponRewards {
    /// Bonus items.
    #[serde(default)]
    pub bonus: Vec<BonusReward>,
    /// The player must choose among unit items before redeeming.
    #[serde(default)]
    pub is_selectable: bool,
    /// A cart discount, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
}

impl CouponRewards {
    /// The units the player must pick from, with their choices.
    pub fn choices(&self) -> impl Iterator<Item = (&Sku, &[UnitItem])> {
        unit_choices(&self.bonus)
    }
}
