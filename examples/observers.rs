//! The daily and offer loop with observers instead of message readers: every outcome the
//! plugin writes as a message is also triggered as an event, so
//! `app.add_observer(|granted: On<RewardsGranted>| …)` sees each grant as it is applied.
//!
//! ```text
//! cargo run --example observers -- --headless
//! ```

mod common;

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::Server;

/// What the observers saw: the grants, per SKU.
#[derive(Resource, Default)]
struct Granted {
    count: usize,
    items: Vec<(String, i64)>,
}

/// Claims what is ready (today's reward, free offer steps) and buys the offer chain's first
/// paid step.
fn play(mut liveops: LiveOps, mut bought: Local<bool>) {
    liveops.claim_all();
    let Some(chain) = liveops.offers().chains.first() else {
        return;
    };
    if let Some(step) = chain.next_step().filter(|s| s.is_paid() && !*bought) {
        println!("buying step {} of {}", step.step_number, chain.name);
        let (id, number) = (chain.id, step.step_number);
        liveops.buy_offer_step(id, number);
        *bought = true;
    }
}

fn main() -> AppExit {
    let (emulator, token) = common::start();
    let liveops = LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url())
        .with_order_tracking(Duration::from_millis(500), Duration::from_secs(60));
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(liveops)
        .insert_resource(Server(emulator))
        .init_resource::<Granted>()
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(Update, play.run_if(liveops_ready))
        // Each outcome, as it happens.
        .add_observer(|granted: On<RewardsGranted>, mut seen: ResMut<Granted>| {
            println!(
                "granted {} from {:?}",
                common::items(&granted),
                granted.source
            );
            seen.count += 1;
            let items = granted.inventory_items().into_iter();
            seen.items.extend(items.map(|i| (i.sku.0, i.quantity)));
        })
        .add_observer(|payment: On<PaymentRequired>| {
            println!("order {} awaits payment: paying", payment.order_id);
            if let Err(why) = common::pay_on_checkout_page(&payment) {
                eprintln!("the checkout page refused: {why}");
            }
        })
        .add_observer(|waiting: On<RewardsWaiting>| {
            println!("welcome back: {} rewards to claim", waiting.count);
        });
    common::run(app, "observers", true, |world| {
        // Day 1, offer steps 1 (free), 2 (paid) and 3 (free), and the reward chain's first
        // step, which the paid step's hero points unlocked.
        let seen = world.resource::<Granted>();
        (seen.count == 5).then(|| {
            let server = world.resource::<Server>();
            let differs = |(sku, _): &&(String, i64)| {
                let observed: i64 = seen
                    .items
                    .iter()
                    .filter(|(s, _)| s == sku)
                    .map(|(_, n)| n)
                    .sum();
                observed != server.owned(sku)
            };
            match seen.items.iter().find(differs) {
                None => Ok(format!(
                    "{} grants observed, all as the server holds them",
                    seen.count
                )),
                Some((sku, _)) => Err(format!(
                    "observed {sku} differs from the server's inventory"
                )),
            }
        })
    })
}
