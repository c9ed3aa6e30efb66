//! The integration tests of this crate, one module per area, built as one binary.

mod common;
mod codes;
mod coupons;
mod daily_chains;
mod discounts;
mod limits;
mod offer_chains;
mod personalization;
mod promo_codes;
mod reward_chains;
mod secrets;
mod transport;
mod unique_offers;
mod upsell;
mod properties;
