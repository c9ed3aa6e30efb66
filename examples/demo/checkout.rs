//! The sandbox checkout: a paid step's `PaymentRequired` opens it with the offer, the item, the
//! price and the order number. On the built-in emulator "Pay (sandbox)" completes the order there; on a
//! real server "Open in browser" opens Pay Station. Either way the game then tells the plugin
//! the payment is done, and the plugin reads the chain again and reports the grant.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_xsolla_liveops::prelude::*;

use crate::Screen;
use crate::backend::Backend;

pub struct CheckoutPlugin;

impl Plugin for CheckoutPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Orders>()
            .add_message::<PayOrder>()
            .add_systems(
                PreUpdate,
                take_orders
                    .after(LiveOpsSystems::Apply)
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(Update, pay_orders)
            .add_systems(
                EguiPrimaryContextPass,
                checkout_window.run_if(in_state(Screen::Playing)),
            )
            .add_systems(OnEnter(Screen::Login), forget_orders);
    }
}

/// An order waiting for its payment.
#[derive(Debug, Clone)]
pub struct Order {
    /// The offer chain's name.
    pub offer: String,
    pub chain: OfferChainId,
    pub order_id: i64,
    pub url: String,
    /// What the step sells and for how much, as the offer chain shows it.
    pub item: String,
    pub price: String,
}

/// Orders not paid yet; the first one is on screen.
#[derive(Resource, Default)]
pub struct Orders {
    pub pending: Vec<Order>,
    /// The checkout window is hidden (the order stays pending; the debug panel can pay it).
    pub hidden: bool,
}

/// Pays an order in the sandbox (the built-in emulator plays Pay Station) and tells the plugin.
#[derive(Message, Debug, Clone, Copy)]
pub struct PayOrder(pub i64);

fn take_orders(
    mut payments: MessageReader<PaymentRequired>,
    mut orders: ResMut<Orders>,
    liveops: LiveOps,
) {
    for payment in payments.read() {
        let offer = liveops
            .offers()
            .chain(payment.chain)
            .map(|c| c.name.clone())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "Special offer".into());
        let step = liveops.offers().step(payment.chain, payment.step);
        let item = step
            .map(|s| {
                s.items
                    .iter()
                    .map(|i| {
                        let name = i.name.clone().unwrap_or_else(|| i.sku.to_string());
                        if i.quantity == 1 {
                            name
                        } else {
                            format!("{name} ×{}", i.quantity)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|items| !items.is_empty())
            .unwrap_or_else(|| "your offer".into());
        let price = step
            .and_then(|s| s.step_price.as_ref())
            .map(|p| format!("{} {}", p.amount, p.currency))
            .unwrap_or_else(|| "price on Pay Station".into());
        orders.pending.push(Order {
            offer,
            chain: payment.chain,
            order_id: payment.order_id.0,
            url: payment.url.clone(),
            item,
            price,
        });
        orders.hidden = false;
    }
}

fn pay_orders(
    mut requests: MessageReader<PayOrder>,
    backend: Res<Backend>,
    mut orders: ResMut<Orders>,
    mut liveops: LiveOps,
) {
    for PayOrder(order_id) in requests.read() {
        let Some(at) = orders.pending.iter().position(|o| o.order_id == *order_id) else {
            continue;
        };
        let order = orders.pending.remove(at);
        if let Some(emulator) = backend.emulator() {
            match emulator.pay_order(order.order_id) {
                Ok(_) => info!("order {} paid in the sandbox", order.order_id),
                Err(e) => warn!("the sandbox could not pay order {}: {e:?}", order.order_id),
            }
        }
        liveops.check_offer_payment(order.chain);
    }
}

fn forget_orders(mut orders: ResMut<Orders>) {
    orders.pending.clear();
}

fn checkout_window(
    mut contexts: EguiContexts,
    mut orders: ResMut<Orders>,
    backend: Res<Backend>,
    mut pay: MessageWriter<PayOrder>,
    mut liveops: LiveOps,
) -> Result {
    if orders.hidden {
        return Ok(());
    }
    let Some(order) = orders.pending.first().cloned() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let sandbox = backend.emulator().is_some();
    egui::Window::new("Checkout")
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("order").num_columns(2).show(ui, |ui| {
                ui.label("Offer");
                ui.label(&order.offer);
                ui.end_row();
                ui.label("Item");
                ui.strong(&order.item);
                ui.end_row();
                ui.label("Price");
                ui.strong(&order.price);
                ui.end_row();
                ui.label("Order");
                ui.label(format!("#{}", order.order_id));
                ui.end_row();
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if sandbox {
                    if ui.button("Pay (sandbox)").clicked() {
                        pay.write(PayOrder(order.order_id));
                    }
                } else {
                    if ui.button("Open in browser").clicked() {
                        ui.ctx().open_url(egui::OpenUrl::new_tab(&order.url));
                    }
                    if ui.button("I have paid").clicked() {
                        liveops.check_offer_payment(order.chain);
                        orders.pending.remove(0);
                    }
                }
                if ui.button("Later").clicked() {
                    orders.hidden = true;
                }
            });
            if sandbox {
                ui.small("The built-in emulator stands in for Pay Station: nothing is charged.");
            }
        });
    Ok(())
}
