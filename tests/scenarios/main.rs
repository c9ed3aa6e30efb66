//! The plugin's scenarios: headless Bevy apps against the in-process emulator, over real
//! HTTP. One module per behaviour, named as the sentence it proves.
#![allow(missing_docs)]

mod common;

mod a_claim_at_the_countdowns_zero_is_granted;
mod a_missed_day_stays_blocked_and_later_days_stay_claimable;
mod a_player_change_clears_the_previous_players_state;
mod an_expired_token_holds_requests_until_a_new_one_arrives;
mod an_offer_chain_free_step_then_a_paid_step_through_payment_required;
mod claims_a_daily_reward_once_and_the_next_unlocks_after_time_travel;
mod claims_a_reward_step_once_value_points_are_granted;
mod engagement_hooks;
mod every_request_kind_goes_through_one_lifecycle;
mod faults_never_lose_or_double_a_grant;
#[cfg(feature = "egui")]
mod hub_support;
mod integrity;
mod outcomes_reach_observers_as_well_as_readers;
mod players_sign_in;
mod plugin_shape;
mod purchases_finish_by_themselves;
mod redeems_a_code_and_gets_each_rejection;
mod starts_offline_from_the_cache;
#[cfg(feature = "egui")]
mod the_hub_as_a_player_uses_it;
#[cfg(feature = "egui")]
mod the_hub_claims_a_daily_reward_once;
