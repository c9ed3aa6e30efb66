//! Feature states built from the API's own JSON shapes, and a harness helper.

use bevy_egui::egui;
use bevy_xsolla_liveops::client::models::daily::ClientDailyChain;
use bevy_xsolla_liveops::client::models::offer::ClientOfferChain;
use bevy_xsolla_liveops::client::models::rewards::ClientRewardChain;
use bevy_xsolla_liveops::client::models::upsell::UpsellItem;
use bevy_xsolla_liveops::ui::{LiveOpsTheme, NoIcons, UiAction, UiCx, UiStrings};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::json;

/// Server time in the fixtures: 2026-11-29 12:00:00 UTC.
pub const NOW_S: i64 = 1_795_953_600;
pub const NOW_MS: i64 = NOW_S * 1000;

/// What a test harness holds: the widget's inputs and the actions it returned.
pub struct Bench<T> {
    pub data: T,
    pub strings: UiStrings,
    pub theme: LiveOpsTheme,
    pub now_ms: i64,
    pub actions: Vec<UiAction>,
    /// When the widget's countdowns change next (`None`: nothing counts down).
    pub next_tick: Option<std::time::Duration>,
}

impl<T> Bench<T> {
    pub fn new(data: T) -> Self {
        Self {
            data,
            strings: UiStrings::default(),
            theme: LiveOpsTheme::dark(),
            now_ms: NOW_MS,
            actions: Vec::new(),
            next_tick: None,
        }
    }
}

/// A harness drawing `draw` with a fresh context each frame and collecting its actions.
pub fn harness<'a, T: 'a>(
    data: T,
    draw: impl Fn(&mut egui::Ui, &mut UiCx<'_>, &mut T) -> Option<UiAction> + 'a,
) -> Harness<'a, Bench<T>> {
    Harness::builder()
        .with_size(egui::vec2(1000.0, 900.0))
        .build_ui_state(
            move |ui, bench: &mut Bench<T>| {
                let mut icons = NoIcons;
                let mut cx = UiCx::new(&bench.strings, &bench.theme, &mut icons, bench.now_ms);
                let action = draw(ui, &mut cx, &mut bench.data);
                bench.next_tick = cx.next_tick();
                bench.actions.extend(action);
            },
            Bench::new(data),
        )
}

/// Asserts the button labelled `label` exists and is enabled or disabled.
#[track_caller]
pub fn assert_button<T>(h: &Harness<'_, Bench<T>>, label: &str, enabled: bool) {
    let node = h.get_by_role_and_label(egui::accesskit::Role::Button, label);
    assert_eq!(
        !node.accesskit_node().is_disabled(),
        enabled,
        "button {label:?} should be {}",
        if enabled { "enabled" } else { "disabled" }
    );
}

/// Clicks a button and runs frames until egui settles.
#[track_caller]
pub fn click<T>(h: &mut Harness<'_, Bench<T>>, label: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, label)
        .click();
    h.run();
}

fn item(id: i64, sku: &str, name: &str, qty: i64) -> serde_json::Value {
    json!({"item_id": id, "sku": sku, "name": name, "type": "virtual_currency", "quantity": qty,
           "image_url": format!("https://cdn.example.invalid/{sku}.png")})
}

/// A 7-day calendar: day 1 claimed, day 2 missed, day 3 claimable, day 4 unlocking in
/// 1 h 02 min 05 s, days 5..7 upcoming; ends in 2 days.
pub fn daily_week() -> ClientDailyChain {
    daily_chain(7)
}

/// A calendar of `days` steps in the same pattern as [`daily_week`].
pub fn daily_chain(days: u32) -> ClientDailyChain {
    let steps: Vec<_> = (1..=days)
        .map(|n| {
            let status = match n {
                1 => "claimed",
                2 => "blocked",
                3 => "claimable",
                _ => "claim_in_future",
            };
            let unlocked = match n {
                4 => NOW_S + 3725,
                n if n > 4 => NOW_S + 3725 + i64::from(n - 4) * 86_400,
                n => NOW_S - i64::from(4 - n) * 86_400,
            };
            json!({"step_number": n, "status": status, "unlocked_date": unlocked,
                   "items": [item(i64::from(n), &format!("gold_{n}"), "Gold", i64::from(n) * 10)]})
        })
        .collect();
    serde_json::from_value(json!({
        "id": 11, "name": "Login calendar", "description": "A reward every day",
        "date_start": "2026-11-26T12:00:00+00:00", "date_end": "2026-12-01T12:00:00+00:00",
        "type": "calendar_hard", "steps": steps
    }))
    .unwrap()
}

/// An offer chain: step 1 free and claimed, step 2 paid (4.99 USD) and next, step 3 free and
/// locked; resets in 3 hours.
pub fn offer_chain() -> ClientOfferChain {
    offer_chain_of(3, 1)
}

/// An offer chain of `steps` steps whose first `claimed` are done; odd steps free, even paid.
pub fn offer_chain_of(steps: u32, claimed: u32) -> ClientOfferChain {
    let list: Vec<_> = (1..=steps)
        .map(|n| {
            let free = n % 2 == 1;
            let mut s = json!({"step_number": n, "is_free": free, "is_claimed": n <= claimed,
                   "items": [item(100 + i64::from(n), &format!("crate_{n}"), "Crate", 1)]});
            if !free {
                s["step_price"] = json!({"amount": 4.99, "currency": "USD"});
            }
            if n == 2 {
                s["step_vp_rewards"] = json!([{"sku": "vp", "amount": 50, "name": "Stars"}]);
            }
            s
        })
        .collect();
    let next = if claimed < steps {
        json!(claimed + 1)
    } else {
        json!(null)
    };
    serde_json::from_value(json!({
        "id": 21, "name": "Starter path", "date_start": "2026-11-01T00:00:00+00:00",
        "recurrent_schedule": {"interval_type": "weekly", "reset_next_date": NOW_S + 3 * 3600},
        "next_step_number": next, "steps": list
    }))
    .unwrap()
}

/// Two upsell items: a discounted one (100 → 50 USD) and one that cannot be bought now.
pub fn upsell_items() -> Vec<UpsellItem> {
    serde_json::from_value(json!([
        {"sku": "booster_mega", "name": "Mega Booster", "type": "virtual_good",
         "description": "Everything at once", "is_free": false,
         "price": {"amount": "50.0000", "amount_without_discount": "100.0000", "currency": "USD"},
         "can_be_bought": true,
         "vp_rewards": [{"sku": "vp", "amount": 130, "name": "Stars"}]},
        {"sku": "sold_out", "name": "Sold Out Pack", "type": "virtual_good", "is_free": false,
         "price": {"amount": "9.99", "currency": "USD"}, "can_be_bought": false}
    ]))
    .unwrap()
}

/// A clan reward chain with 120 Stars: step A (100) claimable, step B (50) claimed, step C
/// (300) locked.
pub fn reward_chain() -> ClientRewardChain {
    serde_json::from_value(json!({
        "reward_chain_id": 31, "name": "Star road", "date_start": "2026-11-01T00:00:00+00:00",
        "value_point": {"sku": "vp", "name": "Stars", "amount": 120, "is_clan": true},
        "clan_type": "guild",
        "top_contributors": [{"name": "ada", "contributed_amount": 80}, {"name": "bob", "contributed_amount": 40}],
        "steps": [
            {"step_id": 301, "name": "Bronze", "is_claimed": true, "price": {"amount": 50},
             "reward": [{"sku": "gold", "name": "Gold", "quantity": 100}]},
            {"step_id": 302, "name": "Silver", "is_claimed": false, "price": {"amount": 100},
             "reward": [{"sku": "gem", "name": "Gems", "quantity": 5}]},
            {"step_id": 303, "name": "Platinum", "is_claimed": false, "price": {"amount": 300},
             "reward": [{"sku": "chest", "name": "Chest", "quantity": 1}]}
        ]
    }))
    .unwrap()
}
