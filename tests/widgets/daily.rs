use std::collections::HashSet;

use bevy_egui::egui;
use bevy_xsolla_liveops::ClaimDailyStep;
use bevy_xsolla_liveops::client::StepNumber;
use bevy_xsolla_liveops::ui::{DailyCalendar, UiAction};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::fixtures::{self, NOW_MS, assert_button, click, daily_week};

struct Daily {
    chain: bevy_xsolla_liveops::client::models::daily::ClientDailyChain,
    busy: HashSet<StepNumber>,
}

fn calendar(busy: &[i64]) -> egui_kittest::Harness<'static, fixtures::Bench<Daily>> {
    let data = Daily {
        chain: daily_week(),
        busy: busy.iter().map(|n| StepNumber(*n)).collect(),
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Daily| {
        let busy = |s| d.busy.contains(&s);
        DailyCalendar::new(&d.chain).busy(&busy).show(ui, cx)
    });
    h.run();
    h
}

#[test]
fn a_claimable_day_yields_one_claim_per_click() {
    let mut h = calendar(&[]);
    assert_button(&h, "Claim Day 3", true);
    click(&mut h, "Claim Day 3");
    h.run_steps(5);
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(ClaimDailyStep::new(11, 3))]
    );
}

#[test]
fn a_day_in_flight_has_its_button_disabled_and_clicks_do_nothing() {
    let mut h = calendar(&[3]);
    assert_button(&h, "Claim Day 3", false);
    click(&mut h, "Claim Day 3");
    assert!(h.state().actions.is_empty());
}

#[test]
fn the_button_comes_back_when_the_claim_is_released() {
    let mut h = calendar(&[3]);
    h.state_mut().data.busy.clear();
    h.run();
    assert_button(&h, "Claim Day 3", true);
}

#[test]
fn claimed_and_missed_days_say_so_and_have_no_button() {
    let h = calendar(&[]);
    h.get_by_label("✔ Claimed");
    h.get_by_label("✖ Missed");
    assert!(h.query_by_label("Claim Day 1").is_none());
    assert!(h.query_by_label("Claim Day 2").is_none());
    // One claim button in the whole calendar.
    let buttons = h
        .query_all_by_role(egui::accesskit::Role::Button)
        .filter(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Claim"))
        })
        .count();
    assert_eq!(buttons, 1);
}

#[test]
fn a_locked_day_counts_down_on_the_server_clock() {
    let mut h = calendar(&[]);
    h.get_by_label("Unlocks in 01:02:05");
    h.state_mut().now_ms = NOW_MS + 1_000;
    h.run();
    h.get_by_label("Unlocks in 01:02:04");
    assert!(h.query_by_label("Unlocks in 01:02:05").is_none());
    // Later days show whole days left.
    h.get_by_label("Unlocks in 1d 01:02:04");
}

#[test]
fn a_day_whose_unlock_time_passed_but_waits_for_an_earlier_step_is_upcoming() {
    let mut h = calendar(&[]);
    h.state_mut().now_ms = NOW_MS + 3_726_000;
    h.run();
    h.get_by_label("Upcoming");
}

#[test]
fn the_chain_shows_the_time_to_its_end() {
    let h = calendar(&[]);
    h.get_by_label("Ends in 2d 00:00:00");
}

#[test]
fn every_day_shows_its_reward_name_and_quantity() {
    let h = calendar(&[]);
    h.get_by_label("Gold ×30");
    h.get_by_label("Day 7");
}

#[test]
fn the_calendar_speaks_german() {
    let mut h = calendar(&[]);
    h.state_mut().strings.set_locale("de");
    h.run();
    assert_button(&h, "Abholen Tag 3", true);
    h.get_by_label("✔ Abgeholt");
    h.get_by_label("Verfügbar in 01:02:05");
}

#[test]
fn countdowns_ask_for_a_repaint_on_the_next_server_second() {
    let mut h = calendar(&[]);
    h.state_mut().now_ms = NOW_MS + 250;
    h.run();
    assert_eq!(
        h.state().next_tick,
        Some(std::time::Duration::from_millis(750))
    );
}
