//! Offer chains: steps bought or claimed in order.
//!
//! Every step holds one item that the player either takes for free or pays real money for; the
//! next step opens once the previous one is done. A free step is claimed (the answer carries a
//! zero-price order id); a paid step gets an order and a payment token for Pay Station, and
//! counts as done once that order is paid.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{ClientRewardItem, ClientSchedule, DateTime, ListPage, Price, UnixTime};
use crate::ids::{ItemId, OfferChainId, OrderId, Sku, StepNumber};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// Value points a step grants on top of its item (reward-system points that fill reward
/// chains). Upsell items carry the same shape as `vp_rewards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValuePointReward {
    /// Item id of the value point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU of the value point.
    pub sku: Sku,
    /// Points granted.
    pub amount: i64,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The value point feeds clan reward chains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_clan: Option<bool>,
}

/// Loyalty points a step grants on top of its item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyPointReward {
    /// SKU of the loyalty point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Points granted.
    pub amount: i64,
}

/// What a player does to complete a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferStepAction {
    /// A free step: claim it (`client.offer_chains().claim(..)`).
    Claim,
    /// A paid step: create an order (`client.offer_chains().order(..)`) and pay it.
    Purchase,
}

/// One step of an offer chain, for the current player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientOfferStep {
    /// 1-based step number.
    pub step_number: StepNumber,
    /// Free step (claimed) rather than paid step (bought).
    #[serde(default)]
    pub is_free: bool,
    /// The player has claimed or bought this step.
    #[serde(default)]
    pub is_claimed: bool,
    /// Price in real money of a paid step; Xsolla writes the amount as a JSON number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_price: Option<Price>,
    /// The item the step grants (one per step; bundles list their content).
    #[serde(default)]
    pub items: Vec<ClientRewardItem>,
    /// Value points granted with the step.
    #[serde(default)]
    pub step_vp_rewards: Vec<ValuePointReward>,
    /// Loyalty points granted with the step.
    #[serde(default)]
    pub step_loyalty_rewards: Vec<LoyaltyPointReward>,
}

impl ClientOfferStep {
    /// True when the step has to be bought.
    pub fn is_paid(&self) -> bool {
        !self.is_free
    }

    /// Whether the step is claimed or bought.
    pub fn action(&self) -> OfferStepAction {
        if self.is_free {
            OfferStepAction::Claim
        } else {
            OfferStepAction::Purchase
        }
    }
}

/// An offer chain with the current player's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientOfferChain {
    /// Chain id.
    pub id: OfferChainId,
    /// Name, in the player's language.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` for a chain without a time limit.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Scheduled reset of every player's progress, if any.
    #[serde(default)]
    pub recurrent_schedule: Option<ClientSchedule>,
    /// The step the player is on; `None` once the chain is completed.
    #[serde(default)]
    pub next_step_number: Option<StepNumber>,
    /// Steps in order.
    pub steps: Vec<ClientOfferStep>,
}

impl ClientOfferChain {
    /// The step with this number.
    pub fn step(&self, number: StepNumber) -> Option<&ClientOfferStep> {
        self.steps.iter().find(|s| s.step_number == number)
    }

    /// The step the player can take now: the one `next_step_number` names, or, when the
    /// server leaves that out, the first step not yet claimed. `None` when the chain is done.
    pub fn next_step(&self) -> Option<&ClientOfferStep> {
        self.next_step_number
            .and_then(|n| self.step(n))
            .filter(|s| !s.is_claimed)
            .or_else(|| {
                self.steps
                    .iter()
                    .filter(|s| !s.is_claimed)
                    .min_by_key(|s| s.step_number)
            })
    }

    /// True when every step is claimed or bought.
    pub fn is_completed(&self) -> bool {
        self.next_step().is_none()
    }

    /// How many steps are claimed or bought.
    pub fn claimed_count(&self) -> usize {
        self.steps.iter().filter(|s| s.is_claimed).count()
    }

    /// When the player's progress is next wiped by the chain's schedule.
    pub fn next_reset(&self) -> Option<UnixTime> {
        self.recurrent_schedule
            .as_ref()
            .and_then(|s| s.reset_next_date)
    }
}

/// A page of the player's offer chains.
pub type ClientOfferChainPage = ListPage<ClientOfferChain>;

/// Answer of a free step claim: the zero-price order that granted the reward.
///
/// Xsolla answers `200 {"order_id": …}`; an empty or `null` body (a 204) is accepted too and
/// gives `order_id: None`, so a claim that went through is never reported as a decode failure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClaimedOfferStep {
    /// The order created for the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
}

impl<'de> Deserialize<'de> for ClaimedOfferStep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            order_id: Option<OrderId>,
        }
        let body = Option::<Body>::deserialize(d)?;
        Ok(Self {
            order_id: body.and_then(|b| b.order_id),
        })
    }
}

/// Pay Station's payment page; the token goes after `?token=`.
pub const PAYSTATION_URL: &str = "https://secure.xsolla.com/paystation4/";

/// Pay Station's sandbox payment page, for test payments.
pub const SANDBOX_PAYSTATION_URL: &str = "https://sandbox-secure.xsolla.com/paystation4/";

/// A payment token for Pay Station. It lets anyone open the player's payment, so it is a
/// secret: `Debug` redacts it, there is no `Display`, and nothing in this crate logs it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaymentToken(String);

impl PaymentToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token text. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PaymentToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaymentToken(<redacted>)")
    }
}

/// Answer of an order for a paid step: the order (status `new`) and the token that opens its
/// payment in Pay Station. The step counts as bought once the order is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStepOrder {
    /// The new order.
    pub order_id: OrderId,
    /// Payment token for Pay Station.
    pub token: PaymentToken,
}

impl OfferStepOrder {
    /// The Pay Station page that takes the payment. It contains the token: do not log it.
    pub fn paystation_url(&self) -> String {
        self.paystation_url_for(false)
    }

    /// The sandbox Pay Station page, for test payments. It contains the token.
    pub fn sandbox_paystation_url(&self) -> String {
        self.paystation_url_for(true)
    }

    /// The payment page under another Pay Station base, such as a local emulator's
    /// (`http://127.0.0.1:8780/paystation4/`). It contains the token.
    pub fn paystation_url_at(&self, base: &str) -> String {
        super::orders::paystation_url(base, &self.token)
    }

    /// The production or sandbox Pay Station page. It contains the token.
    pub fn paystation_url_for(&self, sandbox: bool) -> String {
        let base = if sandbox {
            SANDBOX_PAYSTATION_URL
        } else {
            PAYSTATION_URL
        };
        format!(
            "{base}?token={}",
            crate::ids::segment(self.token.expose_secret())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_token_is_redacted_and_url_encoded() {
        let order: OfferStepOrder =
            serde_json::from_str(r#"{"order_id":641,"token":"f4pu/MEF+x"}"#).unwrap();
        assert!(!format!("{order:?}").contains("f4pu"));
        assert_eq!(
            order.paystation_url(),
            "https://secure.xsolla.com/paystation4/?token=f4pu%2FMEF%2Bx"
        );
        assert_eq!(
            order.sandbox_paystation_url(),
            "https://sandbox-secure.xsolla.com/paystation4/?token=f4pu%2FMEF%2Bx"
        );
    }

    #[test]
    fn claim_answer_accepts_an_empty_body() {
        let c: ClaimedOfferStep = serde_json::from_str("null").unwrap();
        assert_eq!(c.order_id, None);
        let c: ClaimedOfferStep = serde_json::from_str(r#"{"order_id":7}"#).unwrap();
        assert_eq!(c.order_id, Some(OrderId(7)));
    }
}
