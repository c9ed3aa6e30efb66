//! An offer chain: the free first step is claimed, the paid second step is bought. Buying
//! answers with `PaymentRequired` and its checkout page; the example pays there as a browser
//! would, and the plugin's order tracking (`Purchases`) reports the grant by itself.
//!
//! ```text
//! cargo run --example offer_chain -- --headless
//! ```

mod common;

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::Server;

/// Takes the chain's next step: claims it when free, buys it when paid.
fn take_next_step(mut liveops: LiveOps, mut asked: Local<Vec<StepNumber>>) {
    let Some(chain) = liveops.offers().chains.first() else {
        return;
    };
    let Some(step) = chain.next_step() else {
        return;
    };
    let (id, number) = (chain.id, step.step_number);
    // A bought step shows claimed once the chain is read again after its grant: ask for each
    // step once (the example stops after step 2).
    if asked.contains(&number) || number > StepNumber(2) {
        return;
    }
    asked.push(number);
    match step.action() {
        OfferStepAction::Claim => {
            println!("{}: claiming free step {number}", chain.name);
            liveops.claim_offer_step(id, number);
        }
        OfferStepAction::Purchase => {
            println!("{}: buying step {number}", chain.name);
            liveops.buy_offer_step(id, number);
        }
    }
}

/// Opens the checkout: here, pays on the emulator's page as the player's browser would.
fn checkout(mut payments: MessageReader<PaymentRequired>) {
    for payment in payments.read() {
        // A game opens payment.url (it holds the payment token: never log it).
        println!(
            "order {} awaits payment: paying on the checkout page",
            payment.order_id
        );
        if let Err(why) = common::pay_on_checkout_page(payment) {
            eprintln!("the checkout page refused: {why}");
        }
    }
}

/// Shows the orders the plugin tracks, and the grants.
fn report(purchases: Res<Purchases>, mut granted: MessageReader<RewardsGranted>) {
    if purchases.is_changed() {
        for order in purchases.awaited() {
            println!("  tracking order {}: {:?}", order.order_id, order.status);
        }
    }
    for grant in granted.read() {
        println!("granted {} from {:?}", common::items(grant), grant.source);
    }
}

fn main() -> AppExit {
    let (emulator, token) = common::start();
    // Check the order's status every half second (3 s by default), for up to a minute.
    let liveops = LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url())
        .with_order_tracking(Duration::from_millis(500), Duration::from_secs(60));
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(liveops)
        .insert_resource(Server(emulator))
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(
            Update,
            (take_next_step.run_if(liveops_ready), checkout, report),
        );
    common::run(app, "offer_chain", true, |world| {
        // Step 1 gives 3 health potions; step 2, the starter pack (50 gems, speed boots).
        let server = world.resource::<Server>();
        let paid = world.resource::<Purchases>().is_empty() && server.owned("speed_boots") > 0;
        paid.then(
            || match (server.owned("health_potion"), server.owned("gems")) {
                (3, 50) => {
                    Ok("free step 1 claimed, paid step 2 bought and tracked to its grant".into())
                }
                owned => Err(format!("the server holds (potions, gems) {owned:?}")),
            },
        )
    })
}
