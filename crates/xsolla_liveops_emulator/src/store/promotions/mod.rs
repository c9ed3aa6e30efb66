//! Discounts and bonus promotions (reference §7): definitions, validation, the read forms of
//! `/v2` and `/v3`, the all-promotions list, and how they apply to what a player buys.
//!
//! Rules:
//! - A discount takes `percent` off the price of its `items` (or, with `price_conditions`, of
//!   every item whose price meets them); a bonus adds its `bonus` items to a purchase that holds
//!   one of its `condition` items (any purchase when `condition` is `null`).
//! - A promotion applies while it is enabled, the emulator clock is inside one of its periods
//!   (no period: always), the player meets its attribute conditions, and the player has uses
//!   left under `limits.per_user` (see [`super::limits`]).
//! - Where several discounts cover one item, the largest percent wins; discounts never stack.
//! - Offer-chain steps show the discounted `step_price`; the order remembers the discount it was
//!   priced with, and paying it uses one of the player's uses of that discount and grants the
//!   bonus items of every bonus promotion the purchase earns, in the payment's transaction.
//! - Discounts and bonuses are created enabled (Xsolla's list examples show them so) and share
//!   one id sequence.

mod definitions;
mod money;
mod purchases;
mod seed;
mod validate;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::{AttributeCondition, Decimal, LocalizedText};
use xsolla_liveops::models::discounts::DiscountAttributeConditions;
use xsolla_liveops::models::promotions::{
    BonusItem, PriceCondition, PromotionLimitsInput, PromotionPeriod,
};
use xsolla_liveops::{PromotionId, Sku};

use crate::conditions;
use crate::error::ApiError;

pub use self::definitions::{PromotionInput, create, delete, find, load, set_enabled, update};
pub use self::money::fixed;
pub use self::purchases::{Pricing, attach_item_to_order, attach_to_order, settle_purchase};
pub use self::seed::seed;
pub use self::validate::check_conditions;
pub use self::views::{bonus_view, code_summary, counts, discount_view, first_window, summary};

/// Which kind of promotion a stored document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A percent discount on items (`promotion/item`).
    Discount,
    /// Bonus items with a purchase (`promotion/bonus`).
    Bonus,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Discount => "discount",
            Self::Bonus => "bonus",
        }
    }
}

/// A stored discount or bonus, in a form independent of the `/v2` or `/v3` path it came by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionDoc {
    /// Promotion id.
    pub id: i64,
    /// Discount or bonus.
    pub kind: Kind,
    /// Whether it applies at all.
    pub is_enabled: bool,
    /// Name by five-letter locale.
    pub name: LocalizedText,
    /// Validity windows; empty means always.
    pub periods: Vec<PromotionPeriod>,
    /// Percent off (discounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// Discounted items (discounts; `None` with price conditions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Sku>>,
    /// Items a purchase must hold (bonuses; `None`: any purchase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<Sku>>,
    /// Items granted (bonuses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<BonusItem>,
    /// Player conditions as written (a flat list, or groups of which one must hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<DiscountAttributeConditions>,
    /// Price range of the items covered (discounts) or of the purchase (bonuses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_conditions: Option<Vec<PriceCondition>>,
    /// Per-player limit and its reset schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<PromotionLimitsInput>,
    /// Promotions that do not stack with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_promotions: Option<Vec<PromotionId>>,
    /// Unix seconds of the last write of the limit schedule (anchors the first reset date).
    pub schedule_since: i64,
}

impl PromotionDoc {
    /// The per-player limit, when one is configured.
    pub fn per_user(&self) -> Option<i64> {
        self.limits.as_ref().and_then(|l| l.per_user)
    }

    /// The reset schedule of the per-player limit, if any.
    pub fn limit_schedule(&self) -> Option<&xsolla_liveops::models::common::RecurrentSchedule> {
        self.limits
            .as_ref()
            .and_then(|l| l.recurrent_schedule.as_ref())
            .map(|s| &s.per_user)
    }

    /// Whether the promotion runs at `now` (enabled and inside a period).
    pub fn live(&self, now: i64) -> bool {
        self.is_enabled
            && (self.periods.is_empty()
                || self.periods.iter().any(|p| {
                    p.date_from.timestamp() <= now
                        && p.date_until.is_none_or(|u| now < u.timestamp())
                }))
    }

    /// Whether a player with `attrs` meets the attribute conditions.
    pub fn matches(&self, attrs: &Map<String, Value>) -> bool {
        match &self.attribute_conditions {
            None => true,
            Some(c) => {
                let groups = c.groups();
                groups.is_empty() || groups.iter().any(|g| conditions::all_match(g, attrs))
            }
        }
    }

    /// The conditions as one list, for bonuses (which are written with one list).
    fn flat_conditions(&self) -> Option<Vec<AttributeCondition>> {
        self.attribute_conditions
            .as_ref()
            .map(|c| c.groups().concat())
    }
}

/// The 404 of a discount or bonus looked up by id.
pub fn not_found(id: i64, project: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        9502,
        format!("Can not find promotion with ID = {id} in project {project}"),
    )
}

/// The 422 of an activation or deactivation that cannot be done.
pub fn update_failed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        9505,
        "Error was occurred while promotion was being updated",
    )
}
