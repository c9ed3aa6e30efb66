//! Every LiveOps operation as an [`Endpoint`](crate::Endpoint) value, grouped by feature, with
//! the handlers that bind them to a [`Client`](crate::Client) when the `client` feature is on.

pub mod campaigns;
pub mod codes;
pub mod coupons;
pub mod daily;
pub mod discounts;
pub mod inventory;
pub mod limits;
pub mod offer;
pub mod orders;
pub mod personalization;
pub mod promo_codes;
pub mod rewards;
pub mod unique_offers;
pub mod upsell;
