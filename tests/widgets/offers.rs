use std::collections::HashSet;

use bevy_xsolla_liveops::client::models::offer::ClientOfferChain;
use bevy_xsolla_liveops::client::{OfferChainId, StepNumber};
use bevy_xsolla_liveops::ui::{OfferTrack, UiAction};
use bevy_xsolla_liveops::{BuyOfferStep, CheckOfferPayment, ClaimOfferStep};
use egui_kittest::kittest::Queryable;

use crate::fixtures::{self, NOW_MS, assert_button, click, offer_chain, offer_chain_of};

struct Offers {
    chain: ClientOfferChain,
    busy: HashSet<StepNumber>,
    awaiting: HashSet<StepNumber>,
}

fn track(
    chain: ClientOfferChain,
    busy: &[i64],
    awaiting: &[i64],
) -> egui_kittest::Harness<'static, fixtures::Bench<Offers>> {
    let data = Offers {
        chain,
        busy: busy.iter().map(|n| StepNumber(*n)).collect(),
        awaiting: awaiting.iter().map(|n| StepNumber(*n)).collect(),
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Offers| {
        let busy = |s| d.busy.contains(&s);
        let awaiting = |s| d.awaiting.contains(&s);
        OfferTrack::new(&d.chain)
            .busy(&busy)
            .awaiting_payment(&awaiting)
            .show(ui, cx)
    });
    h.run();
    h
}

#[test]
fn the_next_paid_step_buys_once_per_click_at_its_price() {
    let mut h = track(offer_chain(), &[], &[]);
    assert_button(&h, "Buy for 4.99 USD Step 2", true);
    click(&mut h, "Buy for 4.99 USD Step 2");
    h.run_steps(5);
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(BuyOfferStep::new(21, 2))]
    );
}

#[test]
fn the_next_free_step_is_claimed() {
    let mut h = track(offer_chain_of(3, 0), &[], &[]);
    assert_eq!(h.query_all_by_label("Free").count(), 2);
    click(&mut h, "Claim Step 1");
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(ClaimOfferStep::new(21, 1))]
    );
}

#[test]
fn claimed_steps_are_ticked_and_later_steps_locked_without_buttons() {
    let h = track(offer_chain(), &[], &[]);
    h.get_by_label("✔ Claimed");
    h.get_by_label("🔒 Locked");
    assert!(h.query_by_label("Claim Step 3").is_none());
    assert!(h.query_by_label("Claim Step 1").is_none());
    h.get_by_label("+50 Stars");
}

#[test]
fn a_step_in_flight_has_its_button_disabled() {
    let mut h = track(offer_chain(), &[2], &[]);
    assert_button(&h, "Buy for 4.99 USD Step 2", false);
    click(&mut h, "Buy for 4.99 USD Step 2");
    assert!(h.state().actions.is_empty());
}

#[test]
fn a_step_awaiting_payment_says_so_and_offers_the_payment_check() {
    let mut h = track(offer_chain(), &[], &[2]);
    h.get_by_label("Awaiting payment");
    assert!(h.query_by_label("Buy for 4.99 USD Step 2").is_none());
    click(&mut h, "Check payment Step 2");
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(CheckOfferPayment {
            chain: OfferChainId(21)
        })]
    );
}

#[test]
fn a_payment_check_in_flight_is_disabled() {
    let h = track(offer_chain(), &[2], &[2]);
    assert_button(&h, "Check payment Step 2", false);
}

#[test]
fn the_reset_counts_down_on_the_server_clock() {
    let mut h = track(offer_chain(), &[], &[]);
    h.get_by_label("Resets in 03:00:00");
    h.state_mut().now_ms = NOW_MS + 61_000;
    h.run();
    h.get_by_label("Resets in 02:58:59");
}

#[test]
fn a_completed_chain_says_so() {
    let h = track(offer_chain_of(3, 3), &[], &[]);
    h.get_by_label("All done, well played!");
    assert!(
        h.query_by_role(bevy_egui::egui::accesskit::Role::Button)
            .is_none()
    );
}
