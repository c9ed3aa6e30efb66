//! The upsell card: extra items with their prices.

use bevy_egui::egui::{RichText, Ui};
use xsolla_liveops::Sku;
use xsolla_liveops::models::upsell::UpsellItem;

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::messages::BuyUpsellItem;

/// The project's upsell items, each with its icon, name, price (the full price struck through
/// and the percentage when discounted, or the virtual price) and a buy button.
pub struct UpsellCard<'a> {
    items: &'a [UpsellItem],
    busy: &'a dyn Fn(&Sku) -> bool,
}

impl<'a> UpsellCard<'a> {
    /// The card for these items.
    pub fn new(items: &'a [UpsellItem]) -> Self {
        Self {
            items,
            busy: &|_| false,
        }
    }

    /// Items whose purchase is under way: their button is disabled.
    pub fn busy(mut self, busy: &'a dyn Fn(&Sku) -> bool) -> Self {
        self.busy = busy;
        self
    }

    /// Draws the card; returns the item the player wants to buy.
    pub fn show(self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Option<UiAction> {
        let mut action = None;
        ui.push_id("liveops-upsell", |ui| {
            for item in self.items {
                cx.theme.tile_frame(false).show(ui, |ui| {
                    ui.set_min_width(cx.theme.tile_width * 3.0);
                    ui.horizontal(|ui| {
                        common::icon(ui, cx, item.image_url.as_deref());
                        ui.vertical(|ui| {
                            let name = common::item_name(item.name.as_deref(), &item.sku);
                            ui.label(RichText::new(name).strong());
                            if let Some(d) = item.description.as_deref().filter(|d| !d.is_empty()) {
                                ui.label(RichText::new(d).small().color(cx.theme.muted));
                            }
                            let price = price_line(ui, cx, item);
                            for vp in &item.vp_rewards {
                                let vp_name = common::item_name(vp.name.as_deref(), &vp.sku);
                                common::status(
                                    ui,
                                    &cx.tf(
                                        Text::PointsBonus,
                                        &[("n", &vp.amount.to_string()), ("name", vp_name)],
                                    ),
                                    cx.theme.accent,
                                );
                            }
                            let available = item.can_be_bought != Some(false);
                            let busy = (self.busy)(&item.sku);
                            let buy = match &price {
                                Some(p) => cx.tf(Text::BuyFor, &[("price", p)]),
                                None => cx.t(Text::Buy).to_owned(),
                            };
                            let text = if !available {
                                cx.t(Text::NotForSale).to_owned()
                            } else if busy {
                                cx.t(Text::Buying).to_owned()
                            } else {
                                buy.clone()
                            };
                            let accessible = format!("{buy} {name}");
                            let enabled = available && !busy;
                            let r =
                                common::action_button(ui, cx, &text, &accessible, enabled, true);
                            if r.clicked() && enabled {
                                action =
                                    Some(UiAction::request(BuyUpsellItem::new(item.sku.clone())));
                            }
                        });
                    });
                });
            }
        });
        action
    }
}

/// Draws the price (with the discount when there is one) and returns it as text.
fn price_line(ui: &mut Ui, cx: &UiCx<'_>, item: &UpsellItem) -> Option<String> {
    if let Some(price) = &item.price {
        let now = common::money(price.amount.to_f64(), &price.currency);
        ui.horizontal(|ui| {
            if price.is_discounted()
                && let Some(full) = &price.amount_without_discount
            {
                let full_f = full.to_f64();
                ui.label(
                    RichText::new(common::money(full_f, &price.currency))
                        .strikethrough()
                        .color(cx.theme.muted),
                );
                ui.label(RichText::new(&now).strong());
                if full_f > 0.0 {
                    let pct = ((1.0 - price.amount.to_f64() / full_f) * 100.0).round();
                    common::status(
                        ui,
                        &cx.tf(Text::Discount, &[("n", &format!("{pct:.0}"))]),
                        cx.theme.danger,
                    );
                }
            } else {
                ui.label(RichText::new(&now).strong());
            }
        });
        return Some(now);
    }
    if let Some(vp) = item.default_virtual_price() {
        let currency = vp.name.clone().unwrap_or_else(|| vp.sku.to_string());
        let now = format!("{} {currency}", vp.amount);
        ui.horizontal(|ui| {
            if let Some(full) = vp.amount_without_discount.filter(|f| *f > vp.amount) {
                ui.label(
                    RichText::new(format!("{full} {currency}"))
                        .strikethrough()
                        .color(cx.theme.muted),
                );
            }
            ui.label(RichText::new(&now).strong());
        });
        return Some(now);
    }
    if item.is_free {
        common::status(ui, cx.t(Text::Free), cx.theme.claimed);
    }
    None
}
