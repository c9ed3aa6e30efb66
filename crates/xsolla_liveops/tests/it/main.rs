//! The integration tests of this crate, one module per area, built as one binary.

mod campaigns;
mod codes;
mod common;
mod coupons;
mod daily_chains;
mod discounts;
mod inventory;
mod limits;
mod login;
mod offer_chains;
mod orders;
mod personalization;
mod promo_codes;
mod properties;
mod reward_chains;
mod secrets;
mod transport;
mod unique_offers;
mod upsell;
