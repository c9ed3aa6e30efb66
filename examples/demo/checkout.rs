//! The checkout: a `PaymentRequired` (a paid offer step or an upsell item) opens it with the
//! offer, the item, the price and the order number. *Open in browser* opens the payment page
//! (the built-in emulator's own checkout page, or Xsolla's Pay Station); the plugin tracks the
//! order by itself, so the window shows its status while it waits and closes when the grant
//! arrives, the payment is canceled, or tracking gives up. *Check now* asks at once (a game
//! would do that when its window regains focus). On the built-in emulator *Pay (sandbox)*
//! posts the checkout page's form with the sandbox card, as a browser would: for runs with no
//! browser (Xvfb, CI). In a browser, *Open in browser* opens the checkout page in a new tab
//! from the click itself (browsers open tabs only on a player's gesture).

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
#[derive(Clone)]
pub struct Order {
    /// The offer chain's name, or "Upsell".
    pub offer: String,
    pub purchase: Purchase,
    pub order_id: OrderId,
    /// The payment page (it holds the token: never printed).
    url: String,
    token: String,
    /// What the order sells and for how much, as the game showed it.
    pub item: String,
    pub price: String,
}

/// Orders whose payment is awaited; the first one is on screen.
#[derive(Resource, Default)]
pub struct Orders {
    pub pending: Vec<Order>,
    /// The checkout window is hidden (the order stays tracked; the debug panel can pay it).
    pub hidden: bool,
}

/// Pays an order on the built-in emulator's checkout page, as a browser would post it.
#[derive(Message, Debug, Clone, Copy)]
pub struct PayOrder(pub OrderId);

fn take_orders(
    mut payments: MessageReader<PaymentRequired>,
    mut orders: ResMut<Orders>,
    liveops: LiveOps,
) {
    for payment in payments.read() {
        let (offer, item, price) = describe(&liveops, &payment.purchase);
        orders.pending.push(Order {
            offer,
            purchase: payment.purchase.clone(),
            order_id: payment.order_id,
            url: payment.url.clone(),
            token: payment.token.expose_secret().to_owned(),
            item,
            price,
        });
        orders.hidden = false;
    }
    // An order the plugin no longer awaits is settled (granted, canceled or given up on).
    let purchases = liveops.purchases();
    orders
        .pending
        .retain(|o| purchases.order(o.order_id).is_some_and(|o| o.tracked));
}

/// The offer's name, what it sells and its price, as the game shows them.
fn describe(liveops: &LiveOps, purchase: &Purchase) -> (String, String, String) {
    let quantity = |name: String, quantity: i64| {
        if quantity == 1 {
            name
        } else {
            format!("{name} ×{quantity}")
        }
    };
    match purchase {
        Purchase::OfferStep { chain, step } => {
            let offers = liveops.offers();
            let offer = offers
                .chain(*chain)
                .map(|c| c.name.clone())
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "Special offer".into());
            let step = offers.step(*chain, *step);
            let item = step
                .map(|s| {
                    s.items
                        .iter()
                        .map(|i| {
                            let name = i.name.clone().unwrap_or_else(|| i.sku.to_string());
                            quantity(name, i.quantity)
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
            (offer, item, price)
        }
        Purchase::Item { sku } => {
            let item = liveops.upsell().item(sku);
            let name = item
                .and_then(|i| i.name.clone())
                .unwrap_or_else(|| sku.to_string());
            let price = item
                .and_then(|i| i.price.as_ref())
                .map(|p| format!("{} {}", p.amount, p.currency))
                .unwrap_or_else(|| "price on Pay Station".into());
            ("Upsell".into(), name, price)
        }
        _ => ("Order".into(), "your order".into(), String::new()),
    }
}

fn pay_orders(mut requests: MessageReader<PayOrder>, orders: Res<Orders>, backend: Res<Backend>) {
    for PayOrder(order_id) in requests.read() {
        let Some(order) = orders.pending.iter().find(|o| o.order_id == *order_id) else {
            continue;
        };
        if backend.emulator().is_none() {
            continue;
        }
        // The grant arrives by the plugin's tracking, as for a payment made in a browser.
        match backend.pay_on_checkout_page(&order.url, &order.token) {
            Ok(()) => info!("order {} paid on the checkout page", order_id.0),
            Err(e) => warn!("order {} could not be paid: {e}", order_id.0),
        }
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
    let tracked = liveops.purchases().order(order.order_id);
    let status = tracked
        .and_then(|o| o.status)
        .map_or("not read yet", |s| s.as_str())
        .to_owned();
    let checking = tracked.is_some_and(|o| o.checking);
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
                ui.label(format!("#{}", order.order_id.0));
                ui.end_row();
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Waiting for payment · order status: {status}"));
            });
            ui.small("The item arrives by itself once the payment is through.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Open in browser").clicked() {
                    #[cfg(not(target_arch = "wasm32"))]
                    ui.ctx().open_url(egui::OpenUrl::new_tab(&order.url));
                    // Within the click's frame, while the browser still counts it as the
                    // player's gesture.
                    #[cfg(target_arch = "wasm32")]
                    if !crate::web::open_in_new_tab(&order.url) {
                        warn!("the browser did not open the checkout page (pop-ups blocked?)");
                    }
                }
                if ui
                    .add_enabled(!checking, egui::Button::new("Check now"))
                    .clicked()
                {
                    match order.purchase {
                        Purchase::OfferStep { chain, .. } => liveops.check_offer_payment(chain),
                        _ => liveops.track_order(order.order_id, order.purchase.clone()),
                    }
                }
                if sandbox && ui.button("Pay (sandbox)").clicked() {
                    pay.write(PayOrder(order.order_id));
                }
                if ui.button("Later").clicked() {
                    orders.hidden = true;
                }
            });
            if sandbox {
                ui.small(
                    "The built-in emulator stands in for Pay Station: pay with card \
                     4111 1111 1111 1111; nothing is charged.",
                );
            }
        });
    Ok(())
}
