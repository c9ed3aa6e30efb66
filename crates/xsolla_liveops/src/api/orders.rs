//! Orders and item purchases: read an order's status, buy an item for real money (Pay Station)
//! or for virtual currency (settled at once).

use crate::endpoint::impl_endpoint;
use crate::ids::{OrderId, Sku};
use crate::models::orders::{ItemOrder, ItemPurchase, Order, VirtualOrder, VirtualPurchase};

/// `GET /v2/project/{project_id}/order/{order_id}`: an order's status and content. Safe to
/// repeat: poll it to learn when a payment is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetOrder {
    /// The order.
    pub order: OrderId,
}

impl_endpoint! {
    GetOrder -> Order,
    GET "/v2/project/{project}/order/{order}" (order),
    auth(User)
}

/// `POST /v2/project/{project_id}/payment/item/{item_sku}`: creates an order (status `new`) for
/// one catalog item paid in real money and answers its id and Pay Station token. Call it from
/// the player's device: Xsolla picks the currency from the caller's IP address. Never retried
/// automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyItem {
    /// The item.
    pub sku: Sku,
    /// Quantity, currency, locale, promo code, Pay Station settings.
    pub body: ItemPurchase,
}

impl_endpoint! {
    BuyItem -> ItemOrder,
    POST "/v2/project/{project}/payment/item/{sku}" (sku),
    auth(User), body(body)
}

/// `POST /v2/project/{project_id}/payment/item/{item_sku}/virtual/{virtual_currency_sku}`:
/// buys one item for virtual currency. The balance is debited and the item granted at once;
/// a short balance answers 422 (error 5006, [`crate::ApiError::is_not_enough_virtual_currency`]).
/// Never retried automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyItemWithVirtualCurrency {
    /// The item.
    pub sku: Sku,
    /// The virtual currency that pays.
    pub currency: Sku,
    /// Custom parameters.
    pub body: VirtualPurchase,
}

impl_endpoint! {
    BuyItemWithVirtualCurrency -> VirtualOrder,
    POST "/v2/project/{project}/payment/item/{sku}/virtual/{currency}" (sku, currency),
    auth(User), body(body)
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// Orders and item purchases of the current player.
        pub fn orders(&self) -> Orders<'_> {
            Orders(self)
        }
    }

    /// Order and purchase calls for the current player (`client.orders()`).
    #[derive(Debug, Clone, Copy)]
    pub struct Orders<'a>(&'a Client);

    impl<'a> Orders<'a> {
        /// An order's status and content.
        pub fn get(&self, order: impl Into<OrderId>) -> Request<'a, GetOrder> {
            self.0.request(GetOrder {
                order: order.into(),
            })
        }

        /// Creates a real-money order for one unit of an item; open
        /// [`ItemOrder::paystation_url`] to pay it, then track it with [`Orders::get`]. Adjust
        /// the body (quantity, currency, …) with [`Request::endpoint_mut`]. Not retried on
        /// failure.
        pub fn buy(&self, sku: impl Into<Sku>) -> Request<'a, BuyItem> {
            self.0.request(BuyItem {
                sku: sku.into(),
                body: ItemPurchase::default(),
            })
        }

        /// Buys an item for virtual currency: settled at once, the item granted with the
        /// answer. Not retried on failure: after an ambiguous error, read the order or the
        /// inventory.
        pub fn buy_with_virtual_currency(
            &self,
            sku: impl Into<Sku>,
            currency: impl Into<Sku>,
        ) -> Request<'a, BuyItemWithVirtualCurrency> {
            self.0.request(BuyItemWithVirtualCurrency {
                sku: sku.into(),
                currency: currency.into(),
                body: VirtualPurchase::default(),
            })
        }
    }
}
