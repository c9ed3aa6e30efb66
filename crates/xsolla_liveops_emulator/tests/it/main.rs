//! The integration tests of this crate, one module per area, built as one binary. Modules that
//! reach below the HTTP surface need the `internals` feature (`--all-features` in CI).

mod bad_input_is_refused;
mod bundles_open_on_every_grant;
mod codes_coupon_routes;
mod codes_generation_of_100000;
mod codes_paging;
mod codes_per_family;
mod codes_promo_routes;
mod codes_seed_sections;
mod codes_support;
mod codes_total_limit_under_concurrency;
mod codes_user_limit_resets_on_schedule;
mod common;
mod concurrent_claims_grant_once;
mod control_api;
mod cors_and_web_serving;
mod crash_safety_with_a_file_database;
mod daily_chain_day_boundaries;
mod daily_chain_routes;
mod faults_and_dropped_responses;
mod fidelity;
mod file_database_survives_restart;
mod found_by_fuzzing;
mod fuzz_route_table;
mod huge_quantities;
mod inventory_routes;
mod login_malformed_bodies;
mod login_refresh_under_concurrency;
mod login_routes;
mod login_secrets_at_rest;
mod login_support;
mod logs_without_a_terminal;
mod offer_chain_routes;
mod orders_and_checkout;
mod promotions_discounts_and_bonuses;
mod promotions_personalization_rules;
mod promotions_support;
mod promotions_user_limits;
#[cfg(feature = "internals")]
mod properties;
mod responses_match_the_openapi_schemas;
mod reward_chain_clans;
mod reward_chain_concurrent_claims;
mod reward_chain_routes;
mod reward_chain_support;
mod upsell_routes;
