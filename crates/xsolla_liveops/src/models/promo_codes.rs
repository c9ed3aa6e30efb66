//! Promo codes: codes that grant discounts and bonus items on a cart.
//!
//! A player applies a code to a cart with [`PromoCodeRedemption`] and gets the recalculated
//! [`Cart`] back; [`PromoCodeRemoval`] takes it off again. [`PromoCodeRewards`] previews what a
//! code gives. Admin bodies are generic over the validity form, see
//! [`promotions`](super::promotions).

use serde::{Deserialize, Serialize};

use super::promotions::{
    BonusReward, CartDiscount, DiscountedItem, DiscountedPrice, SelectedUnitItems, StoreItem,
    UnitItem, unit_choices,
};
use crate::ids::{Code, Sku};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// Which cart a promo code call is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartRef {
    /// A cart id, or `"current"` for the player's current cart.
    pub id: String,
}

impl CartRef {
    /// The player's current cart.
    pub fn current() -> Self {
        Self {
            id: "current".to_owned(),
        }
    }

    /// A cart by id.
    pub fn id(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

/// Body of a promo code redemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromoCodeRedemption {
    /// The code the player typed (the key is `coupon_code` for promo codes too).
    pub coupon_code: Code,
    /// The cart to apply it to; `None` is the current cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<CartRef>,
    /// The player's picks when the rewards are selectable: unit SKU → chosen item SKU.
    #[serde(default, skip_serializing_if = "SelectedUnitItems::is_empty")]
    pub selected_unit_items: SelectedUnitItems,
}

impl PromoCodeRedemption {
    /// Applies `code` to the current cart, with no unit choice.
    pub fn new(code: Code) -> Self {
        Self {
            coupon_code: code,
            cart: None,
            selected_unit_items: SelectedUnitItems::new(),
        }
    }

    /// Applies the code to another cart.
    pub fn cart(mut self, cart: CartRef) -> Self {
        self.cart = Some(cart);
        self
    }

    /// Adds the player's pick for one unit.
    pub fn select(mut self, unit: impl Into<Sku>, item: impl Into<Sku>) -> Self {
        self.selected_unit_items.insert(unit.into(), item.into());
        self
    }
}

impl From<Code> for PromoCodeRedemption {
    fn from(code: Code) -> Self {
        Self::new(code)
    }
}

/// Body of "remove the promo code from a cart".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromoCodeRemoval {
    /// The cart; `None` is the current cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<CartRef>,
}

/// What a promo code gives, before or after applying it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PromoCodeRewards {
    /// Bonus items.
    #[serde(default)]
    pub bonus: Vec<BonusReward>,
    /// A cart-wide discount, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<CartDiscount>,
    /// Per-item discounts, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discounted_items: Option<Vec<DiscountedItem>>,
    /// The player must choose among unit items before redeeming.
    #[serde(default)]
    pub is_selectable: bool,
}

impl PromoCodeRewards {
    /// The units the player must pick from, with their choices.
    pub fn choices(&self) -> impl Iterator<Item = (&Sku, &[UnitItem])> {
        unit_choices(&self.bonus)
    }

    /// The per-item discounts (empty when there are none).
    pub fn discounted_items(&self) -> &[DiscountedItem] {
        self.discounted_items.as_deref().unwrap_or_default()
    }
}

/// A cart after a promo code was applied or removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cart {
    /// Cart id.
    pub cart_id: String,
    /// Total price; `None` when nothing has a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<DiscountedPrice>,
    /// Everything in the cart is free.
    #[serde(default)]
    pub is_free: bool,
    /// Items; gifts of the promo code are free items.
    #[serde(default)]
    pub items: Vec<StoreItem>,
    /// What the applied code gives (redeem answers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rewards: Option<PromoCodeRewards>,
}
