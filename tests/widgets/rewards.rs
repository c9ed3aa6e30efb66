use std::collections::HashSet;

use bevy_xsolla_liveops::ClaimRewardStep;
use bevy_xsolla_liveops::client::StepId;
use bevy_xsolla_liveops::client::models::rewards::ClientRewardChain;
use bevy_xsolla_liveops::ui::{RewardChainProgress, UiAction};
use egui_kittest::kittest::Queryable;

use crate::fixtures::{self, assert_button, click, reward_chain};

struct Rewards {
    chain: ClientRewardChain,
    balance: Option<i64>,
    busy: HashSet<StepId>,
}

fn progress(
    balance: Option<i64>,
    busy: &[i64],
) -> egui_kittest::Harness<'static, fixtures::Bench<Rewards>> {
    let data = Rewards {
        chain: reward_chain(),
        balance,
        busy: busy.iter().map(|n| StepId(*n)).collect(),
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Rewards| {
        let busy = |s| d.busy.contains(&s);
        RewardChainProgress::new(&d.chain)
            .balance(d.balance)
            .busy(&busy)
            .show(ui, cx)
    });
    h.run();
    h
}

#[test]
fn the_balance_prices_and_states_show() {
    let h = progress(None, &[]);
    h.get_by_label("Balance: 120 Stars");
    h.get_by_label("100 Stars");
    h.get_by_label("300 Stars");
    h.get_by_label("✔ Claimed");
    h.get_by_label("180 more points");
    assert!(h.query_by_label("Claim Platinum").is_none());
}

#[test]
fn a_claimable_step_claims_once() {
    let mut h = progress(None, &[]);
    click(&mut h, "Claim Silver");
    h.run_steps(3);
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(ClaimRewardStep::new(31, 302))]
    );
}

#[test]
fn a_claim_in_flight_is_disabled() {
    let mut h = progress(None, &[302]);
    assert_button(&h, "Claim Silver", false);
    click(&mut h, "Claim Silver");
    assert!(h.state().actions.is_empty());
}

#[test]
fn a_fresher_balance_unlocks_more_steps() {
    let h = progress(Some(400), &[]);
    h.get_by_label("Balance: 400 Stars");
    assert_button(&h, "Claim Platinum", true);
}

#[test]
fn a_clan_chain_lists_its_contributors() {
    let h = progress(None, &[]);
    h.get_by_label("Top contributors");
    h.get_by_label("ada: 80 Stars");
}
