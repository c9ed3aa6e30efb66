//! How long a purchase takes to arrive after the player pays: an upsell item is bought, its
//! order is paid on the emulator's checkout page (the page's own form, posted as a browser
//! posts it), and the time from that answer to `RewardsGranted` is measured, in a headless app
//! running at 60 frames a second. Ten purchases left to the plugin's tracking (a status read
//! every 3 s), then ten where the game asks at once (`TrackOrder`, as a game does when its
//! window regains focus).
//!
//! ```text
//! cargo run --example purchase_timing [-- ROUNDS]
//! ```

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator, checkout};

const ITEM: &str = "epic_sword";
const FRAME: Duration = Duration::from_micros(16_667);

#[derive(Resource, Default)]
struct Seen {
    payments: Vec<PaymentRequired>,
    granted: Vec<OrderId>,
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let emulator = Emulator::start_blocking(Config::default()).expect("the emulator starts");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .init_resource::<Seen>()
        .add_observer(|paid: On<PaymentRequired>, mut seen: ResMut<Seen>| {
            seen.payments.push(paid.event().clone());
        })
        .add_observer(|granted: On<RewardsGranted>, mut seen: ResMut<Seen>| {
            if let GrantSource::Item {
                order_id: Some(order),
                ..
            } = granted.event().source
            {
                seen.granted.push(order);
            }
        });
    let token = emulator.mint_token("timing-player", Duration::from_secs(86_400));
    app.world_mut().write_message(SetUserToken(token));
    run_until(&mut app, |w| {
        w.resource::<UpsellItems>().origin == DataOrigin::Network
    });

    for check_now in [false, true] {
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let before = app.world().resource::<Seen>().payments.len();
            app.world_mut().write_message(BuyUpsellItem::new(ITEM));
            run_until(&mut app, |w| w.resource::<Seen>().payments.len() > before);
            let payment = app.world().resource::<Seen>().payments[before].clone();
            pay_on_checkout_page(&payment);
            let paid = Instant::now();
            if check_now {
                app.world_mut().write_message(TrackOrder {
                    order_id: payment.order_id,
                    purchase: payment.purchase.clone(),
                });
            }
            let order = payment.order_id;
            run_until(&mut app, |w| w.resource::<Seen>().granted.contains(&order));
            times.push(paid.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<34} median {:>6.0} ms, min {:>6.0} ms, max {:>6.0} ms ({rounds} purchases)",
            if check_now {
                "pay → granted, with TrackOrder:"
            } else {
                "pay → granted, tracking every 3 s:"
            },
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    }
}

/// Runs frames at 60 a second until `done` holds (at most a minute).
fn run_until(app: &mut App, done: impl Fn(&World) -> bool) {
    let start = Instant::now();
    while !done(app.world()) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out");
        let frame = Instant::now();
        app.update();
        std::thread::sleep(FRAME.saturating_sub(frame.elapsed()));
    }
}

/// Posts the checkout page's form with the sandbox card that pays.
fn pay_on_checkout_page(payment: &PaymentRequired) {
    checkout::pay(&payment.url, payment.token.expose_secret()).expect("paid on the checkout page");
}
