//! Orders and item purchases: the status of an order, and the orders that buy one catalog item
//! for real money (paid in Pay Station) or for virtual currency (settled at once).
//!
//! An order moves `new` → `paid` → `done`, or ends `canceled`. `paid` means the money arrived;
//! `done` means the items were delivered. Only `done` and `canceled` are final.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::Decimal;
use super::offer::{PAYSTATION_URL, PaymentToken, SANDBOX_PAYSTATION_URL};
use crate::ids::{OrderId, Sku};

/// Where an order stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Created, not paid yet.
    New,
    /// Paid; the items are on their way.
    Paid,
    /// Paid and delivered: the items are in the player's inventory.
    Done,
    /// Canceled: nothing was or will be delivered.
    Canceled,
    /// A status this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

impl OrderStatus {
    /// True for `done` and `canceled`: the order will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done | Self::Canceled)
    }

    /// The status as Xsolla writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::New => "new",
            Self::Paid => "paid",
            Self::Done => "done",
            Self::Canceled => "canceled",
            Self::Other(s) => s,
        }
    }
}

/// A price in real money, with and without discount. Xsolla writes the amounts as strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPrice {
    /// What the player pays (discount applied).
    pub amount: Decimal,
    /// The price before discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_without_discount: Option<Decimal>,
    /// ISO 4217 currency code.
    pub currency: String,
}

impl OrderPrice {
    /// True when a discount lowers the price.
    pub fn is_discounted(&self) -> bool {
        self.amount_without_discount
            .as_ref()
            .is_some_and(|full| full.to_f64() > self.amount.to_f64())
    }
}

/// A price in virtual currency: `currency` is the virtual currency's SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderVirtualPrice {
    /// What the player pays (discount applied).
    pub amount: Decimal,
    /// The price before discount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_without_discount: Option<Decimal>,
    /// SKU of the virtual currency.
    pub currency: String,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The item.
    pub sku: Sku,
    /// How many.
    pub quantity: i64,
    /// True when the item costs nothing.
    #[serde(default)]
    pub is_free: bool,
    /// The line's price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<OrderPrice>,
}

/// What an order holds and costs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderContent {
    /// Price in real money (absent for virtual-currency and free orders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<OrderPrice>,
    /// Price in virtual currency (virtual-currency orders only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_price: Option<OrderVirtualPrice>,
    /// True when the order costs nothing.
    #[serde(default)]
    pub is_free: bool,
    /// The items.
    #[serde(default)]
    pub items: Vec<OrderItem>,
}

/// `GET /v2/project/{project_id}/order/{order_id}`: an order and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The order.
    pub order_id: OrderId,
    /// Its status.
    pub status: OrderStatus,
    /// What it holds and costs.
    #[serde(default)]
    pub content: OrderContent,
}

/// Body of a real-money item purchase. Every field is optional; `Default` buys one unit in
/// the currency Xsolla picks from the player's IP address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemPurchase {
    /// ISO 4217 currency of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Language of the answer and the payment page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Creates a sandbox order (test payments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<bool>,
    /// How many units (1 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// A promo code redeemed with the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_code: Option<String>,
    /// Pay Station settings (interface, return URL, …), passed through as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
    /// Custom parameters for anti-fraud filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<Map<String, Value>>,
}

/// Body of a virtual-currency item purchase.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualPurchase {
    /// Custom parameters for anti-fraud filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<Map<String, Value>>,
}

/// Answer of a real-money item purchase: the order (status `new`) and the token that opens its
/// payment in Pay Station. Track the order with [`Order`] reads until it is final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOrder {
    /// The new order.
    pub order_id: OrderId,
    /// Payment token for Pay Station.
    pub token: PaymentToken,
}

impl ItemOrder {
    /// The Pay Station page that takes the payment. It contains the token: do not log it.
    pub fn paystation_url(&self) -> String {
        paystation_url(PAYSTATION_URL, &self.token)
    }

    /// The sandbox Pay Station page, for test payments. It contains the token.
    pub fn sandbox_paystation_url(&self) -> String {
        paystation_url(SANDBOX_PAYSTATION_URL, &self.token)
    }

    /// The payment page under another Pay Station base, such as a local emulator's
    /// (`http://127.0.0.1:8780/paystation4/`). It contains the token.
    pub fn paystation_url_at(&self, base: &str) -> String {
        paystation_url(base, &self.token)
    }
}

/// Answer of a virtual-currency item purchase: the order, already settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualOrder {
    /// The order.
    pub order_id: OrderId,
}

/// The payment page for `token` under a Pay Station base URL such as [`PAYSTATION_URL`]
/// (`…/paystation4/`): `{base}?token={token}`, the token percent-encoded. It contains the
/// token: do not log it.
pub fn paystation_url(base: &str, token: &PaymentToken) -> String {
    format!(
        "{base}?token={}",
        crate::ids::segment(token.expose_secret())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_and_unknown_ones_are_kept() {
        let s: OrderStatus = serde_json::from_str(r#""canceled""#).unwrap();
        assert_eq!(s, OrderStatus::Canceled);
        assert!(s.is_final() && OrderStatus::Done.is_final());
        assert!(!OrderStatus::Paid.is_final() && !OrderStatus::New.is_final());
        let s: OrderStatus = serde_json::from_str(r#""refunded""#).unwrap();
        assert_eq!(s.as_str(), "refunded");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""refunded""#);
    }

    #[test]
    fn item_order_urls_carry_the_encoded_token_under_any_base() {
        let order: ItemOrder =
            serde_json::from_str(r#"{"order_id":641,"token":"ab/c+d"}"#).unwrap();
        assert!(!format!("{order:?}").contains("ab/c"));
        assert_eq!(
            order.paystation_url(),
            "https://secure.xsolla.com/paystation4/?token=ab%2Fc%2Bd"
        );
        assert_eq!(
            order.sandbox_paystation_url(),
            "https://sandbox-secure.xsolla.com/paystation4/?token=ab%2Fc%2Bd"
        );
        assert_eq!(
            order.paystation_url_at("http://127.0.0.1:8780/paystation4/"),
            "http://127.0.0.1:8780/paystation4/?token=ab%2Fc%2Bd"
        );
    }
}
