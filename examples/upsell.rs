//! Upsell: the items offered, then two purchases. A mana potion for 100 gold (the day's
//! reward pays for it) settles at once; a gem pouch for real money answers with
//! `PaymentRequired`, is paid on the checkout page, and is tracked to its grant.
//!
//! ```text
//! cargo run --example upsell -- --headless
//! ```

mod common;

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::Server;

fn shop(mut liveops: LiveOps, mut listed: Local<bool>, mut claimed: Local<bool>) {
    if !*listed && !liveops.upsell().items.is_empty() {
        *listed = true;
        for item in &liveops.upsell().items {
            let real = item
                .price
                .as_ref()
                .map(|p| format!("{} {}", p.amount, p.currency));
            let virtual_price = item
                .default_virtual_price()
                .map(|p| format!("{} {}", p.amount, p.sku));
            let price = real.or(virtual_price).unwrap_or_else(|| "free".into());
            println!("upsell: {} for {price}", item.sku);
        }
    }
    // 100 gold to spend, from today's daily reward. The calendar and the upsell items are
    // read side by side and either may come in first; the potion's price must be known before
    // the gold arrives, so the claim waits for both.
    if *listed
        && !*claimed
        && let Some((chain, day)) = liveops.daily().next_claimable()
    {
        *claimed = true;
        liveops.claim_daily(chain, day);
    }
}

fn buy(mut liveops: LiveOps, mut granted: MessageReader<RewardsGranted>) {
    for grant in granted.read() {
        println!("granted {} from {:?}", common::items(grant), grant.source);
        match &grant.source {
            GrantSource::Daily { .. } => liveops.buy_upsell("mana_potion"), // virtual currency
            GrantSource::Item { sku, .. } if sku.0 == "mana_potion" => {
                liveops.buy_upsell("gem_pouch")
            }
            _ => {}
        }
    }
}

fn checkout(mut payments: MessageReader<PaymentRequired>) {
    for payment in payments.read() {
        println!(
            "order {} for {:?} awaits payment: paying",
            payment.order_id, payment.purchase
        );
        if let Err(why) = common::pay_on_checkout_page(payment) {
            eprintln!("the checkout page refused: {why}");
        }
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
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(Update, (shop.run_if(liveops_ready), buy, checkout));
    common::run(app, "upsell", true, |world| {
        // The gem pouch is the last purchase; the potion took the day's 100 gold.
        let server = world.resource::<Server>();
        let owned = |sku| server.owned(sku);
        let tracked = world.resource::<Purchases>().is_empty() && owned("gems") > 0;
        tracked.then(|| match (owned("mana_potion"), owned("gold")) {
            (1, 0) => Ok(
                "mana potion bought for 100 gold at once, gem pouch paid and tracked to its grant"
                    .into(),
            ),
            other => Err(format!("the server holds (mana potions, gold) {other:?}")),
        })
    })
}
