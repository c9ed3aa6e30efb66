use bevy_egui::egui;
use bevy_xsolla_liveops::client::models::daily::ClientDailyChain;
use bevy_xsolla_liveops::client::models::offer::ClientOfferChain;
use bevy_xsolla_liveops::client::{DailyChainId, StepNumber};
use bevy_xsolla_liveops::ui::{
    Connection, DailyTab, Freshness, GrantLine, HubState, HubTab, HubView, OffersTab, RewardsTab,
    ToastKind, UiAction, show_hub,
};
use bevy_xsolla_liveops::{ClaimDailyStep, CodeRejectReason, RefreshLiveOps};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::fixtures::{self, NOW_MS, assert_button, click, daily_week, offer_chain};

struct Hub {
    state: HubState,
    daily: Vec<ClientDailyChain>,
    offers: Vec<ClientOfferChain>,
    daily_freshness: Freshness,
    connection: Connection,
    from_cache: bool,
    claiming: bool,
}

fn hub(open: bool) -> egui_kittest::Harness<'static, fixtures::Bench<Hub>> {
    let data = Hub {
        state: HubState {
            open,
            ..HubState::default()
        },
        daily: vec![daily_week()],
        offers: vec![offer_chain()],
        daily_freshness: Freshness::Live,
        connection: Connection::Online,
        from_cache: false,
        claiming: false,
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Hub| {
        let claiming = d.claiming;
        let view = HubView {
            daily: DailyTab::new(&d.daily)
                .freshness(d.daily_freshness)
                .badge(1)
                .also_busy(move |(_, s): (DailyChainId, StepNumber)| {
                    claiming && s == StepNumber(3)
                }),
            offers: OffersTab::new(&d.offers),
            rewards: RewardsTab::default().badge(2),
            connection: d.connection,
            from_cache: d.from_cache,
            ..HubView::default()
        };
        let ctx = ui.ctx().clone();
        show_hub(&ctx, &mut d.state, &view, cx).into_iter().next()
    });
    h.run();
    h
}

#[test]
fn the_closed_hub_is_one_button_with_the_badge_total() {
    let h = hub(false);
    assert_button(&h, "Rewards, 3 to claim", true);
    assert!(h.query_by_label("Rewards & Offers").is_none());
}

#[test]
fn the_button_opens_the_hub_on_the_daily_tab_with_badged_tabs() {
    let mut h = hub(false);
    click(&mut h, "Rewards, 3 to claim");
    assert!(h.state().data.state.open);
    h.get_by_label("Daily (1)");
    h.get_by_label("Rewards (2)");
    h.get_by_label("Offers");
    assert_button(&h, "Claim Day 3", true);
}

#[test]
fn a_claim_in_the_hub_is_one_action_and_the_button_waits_while_in_flight() {
    let mut h = hub(true);
    click(&mut h, "Claim Day 3");
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(ClaimDailyStep::new(11, 3))]
    );
    h.state_mut().data.claiming = true;
    h.run();
    assert_button(&h, "Claim Day 3", false);
    click(&mut h, "Claim Day 3");
    assert_eq!(h.state().actions.len(), 1);
}

#[test]
fn tabs_switch_and_show_their_feature() {
    let mut h = hub(true);
    h.get_by_label("Offers").click();
    h.run();
    assert_eq!(h.state().data.state.tab, HubTab::Offers);
    assert_button(&h, "Buy for 4.99 USD Step 2", true);
    assert!(h.query_by_label("Claim Day 3").is_none());
    h.get_by_label("Codes").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Code");
}

#[test]
fn the_close_button_closes_the_hub() {
    let mut h = hub(true);
    h.get_by_label("Close window").click();
    h.run();
    assert!(!h.state().data.state.open);
    assert!(h.query_by_label("Claim Day 3").is_none());
}

#[test]
fn the_keyboard_walks_the_hub_and_activates_a_tab() {
    let mut h = hub(true);
    // Tab moves the focus from control to control; Enter activates the focused one.
    let mut visited = Vec::new();
    for _ in 0..12 {
        h.key_press(egui::Key::Tab);
        h.run();
        if let Some(node) = h.query_by(|n| n.is_focused()) {
            visited.push(
                node.accesskit_node()
                    .label()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        if visited.last().is_some_and(|l| l == "Offers") {
            break;
        }
    }
    assert!(visited.len() >= 2, "focus should move: {visited:?}");
    assert_eq!(
        visited.last().map(String::as_str),
        Some("Offers"),
        "{visited:?}"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().data.state.tab, HubTab::Offers);
}

#[test]
fn a_loading_feature_shows_the_loading_state() {
    let mut h = hub(true);
    h.state_mut().data.daily.clear();
    h.state_mut().data.daily_freshness = Freshness::Loading;
    h.state_mut().data.connection = Connection::Loading;
    h.run_steps(3);
    assert_eq!(h.query_all_by_label("Loading…").count(), 2);
    assert!(h.query_by_label("Claim Day 3").is_none());
}

#[test]
fn data_from_the_cache_is_marked() {
    let mut h = hub(true);
    h.state_mut().data.daily_freshness = Freshness::Cached;
    h.run();
    h.get_by_label("Saved data, it may be out of date");
    // Cached data stays usable.
    assert_button(&h, "Claim Day 3", true);
}

#[test]
fn offline_shows_the_retry_countdown_and_a_retry_button() {
    let mut h = hub(true);
    h.state_mut().data.connection = Connection::Offline {
        retry_at_ms: Some(NOW_MS + 5_000),
    };
    h.state_mut().data.from_cache = true;
    h.run();
    h.get_by_label("Offline, retrying in 00:00:05 · Saved data, it may be out of date");
    h.state_mut().now_ms = NOW_MS + 1_000;
    h.run();
    h.get_by_label("Offline, retrying in 00:00:04 · Saved data, it may be out of date");
    click(&mut h, "Retry");
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(RefreshLiveOps::all())]
    );
}

#[test]
fn online_has_no_retry_button() {
    let h = hub(true);
    h.get_by_label("Up to date");
    assert!(h.query_by_label("Retry").is_none());
}

#[test]
fn grant_toasts_show_their_items_and_expire_on_the_server_clock() {
    let mut h = hub(false);
    h.state_mut().data.state.toasts.push(
        ToastKind::Granted(vec![GrantLine {
            name: "Gold".into(),
            quantity: 30,
            image_url: None,
        }]),
        NOW_MS,
    );
    h.run();
    h.get_by_label("You got:");
    h.get_by_label("Gold ×30");
    h.state_mut().now_ms = NOW_MS + 5_000;
    h.run();
    h.get_by_label("Gold ×30");
    h.state_mut().now_ms = NOW_MS + 6_500;
    h.run();
    assert!(h.query_by_label("Gold ×30").is_none());
}

#[test]
fn rejection_and_failure_toasts_read_clearly_and_can_be_dismissed() {
    let mut h = hub(false);
    h.state_mut()
        .data
        .state
        .toasts
        .push(ToastKind::Rejected(CodeRejectReason::Expired), NOW_MS);
    h.state_mut()
        .data
        .state
        .toasts
        .push(ToastKind::Failed, NOW_MS);
    h.run();
    h.get_by_label("This code is not valid at the moment.");
    h.get_by_label("Something went wrong. Please try again.");
    let first = h.get_all_by_label("Dismiss").next().unwrap();
    first.click();
    h.run();
    assert!(
        h.query_by_label("This code is not valid at the moment.")
            .is_none()
    );
    h.get_by_label("Something went wrong. Please try again.");
}

#[test]
fn the_hub_speaks_german() {
    let mut h = hub(true);
    h.state_mut().strings.set_locale("de");
    h.run();
    h.get_by_label("Belohnungen & Angebote");
    h.get_by_label("Täglich (1)");
    assert_button(&h, "Abholen Tag 3", true);
}

#[test]
fn claim_all_counts_what_is_ready_and_asks_for_it() {
    let mut h = hub(true);
    assert_button(&h, "Claim all (3)", true);
    click(&mut h, "Claim all (3)");
    assert_eq!(h.state().actions, vec![UiAction::ClaimAll]);
}
