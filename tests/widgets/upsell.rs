use std::collections::HashSet;

use bevy_xsolla_liveops::BuyUpsellItem;
use bevy_xsolla_liveops::client::Sku;
use bevy_xsolla_liveops::client::models::upsell::UpsellItem;
use bevy_xsolla_liveops::ui::{UiAction, UpsellCard};
use egui_kittest::kittest::Queryable;

use crate::fixtures::{self, assert_button, click, upsell_items};

struct Upsell {
    items: Vec<UpsellItem>,
    busy: HashSet<Sku>,
}

fn card(busy: &[&str]) -> egui_kittest::Harness<'static, fixtures::Bench<Upsell>> {
    let data = Upsell {
        items: upsell_items(),
        busy: busy.iter().map(|s| Sku::from(*s)).collect(),
    };
    let mut h = fixtures::harness(data, |ui, cx, d: &mut Upsell| {
        let busy = |s: &Sku| d.busy.contains(s);
        UpsellCard::new(&d.items).busy(&busy).show(ui, cx)
    });
    h.run();
    h
}

#[test]
fn a_discounted_item_shows_both_prices_and_the_percentage() {
    let h = card(&[]);
    h.get_by_label("100.00 USD");
    h.get_by_label("50.00 USD");
    h.get_by_label("-50%");
    h.get_by_label("+130 Stars");
    // Nothing counts down here: no timed repaint.
    assert_eq!(h.state().next_tick, None);
}

#[test]
fn buying_yields_the_item_once() {
    let mut h = card(&[]);
    click(&mut h, "Buy for 50.00 USD Mega Booster");
    h.run_steps(3);
    assert_eq!(
        h.state().actions,
        vec![UiAction::request(BuyUpsellItem::new("booster_mega"))]
    );
}

#[test]
fn an_item_that_cannot_be_bought_is_disabled() {
    let mut h = card(&[]);
    assert_button(&h, "Buy for 9.99 USD Sold Out Pack", false);
    click(&mut h, "Buy for 9.99 USD Sold Out Pack");
    assert!(h.state().actions.is_empty());
}

#[test]
fn a_purchase_under_way_is_disabled() {
    let h = card(&["booster_mega"]);
    assert_button(&h, "Buy for 50.00 USD Mega Booster", false);
}
