//! Serde types for every request and response body, shared by the client and the emulator.

pub mod codes;
pub mod common;
pub mod coupons;
pub mod daily;
#[cfg(feature = "admin")]
pub mod discounts;
pub mod inventory;
#[cfg(feature = "admin")]
pub mod limits;
pub mod login;
pub mod offer;
pub mod orders;
#[cfg(feature = "admin")]
pub mod personalization;
pub mod promo_codes;
pub mod promotions;
pub mod rewards;
#[cfg(feature = "admin")]
pub mod unique_offers;
pub mod upsell;
