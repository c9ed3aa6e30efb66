//! A whole LiveOps session without a window, on the built-in emulator: a player logs in,
//! claims today's daily reward, takes the free offer step and buys the paid one, redeems a
//! coupon, and claims a reward-chain step once enough value points came in.
//!
//! ```text
//! cargo run --example headless_demo
//! ```
//!
//! Everything the game sees arrives as messages and resources; the script below only writes
//! requests and prints outcomes.

use std::time::Duration;

use bevy::app::{AppExit, ScheduleRunnerPlugin};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator};

/// The emulator, so the demo can play the part of Pay Station.
#[derive(Resource)]
struct Server(Emulator);

/// What the script has done so far.
#[derive(Resource, Default)]
struct Script {
    daily: bool,
    free_offer: bool,
    purchase: bool,
    coupon: bool,
    reward: bool,
    frames: u32,
}

fn main() -> AppExit {
    let emulator = Emulator::start_blocking(Config::default()).expect("the emulator starts");
    println!("emulator on {}", emulator.base_url());
    let token = emulator.mint_token("demo-player", Duration::from_secs(3600));
    let liveops = LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url());
    App::new()
        .add_plugins(MinimalPlugins.set(ScheduleRunnerPlugin::run_loop(Duration::from_millis(16))))
        .add_plugins(liveops)
        .insert_resource(Server(emulator))
        .init_resource::<Script>()
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(Update, (play.run_if(liveops_ready), report))
        .run()
}

fn play(mut script: ResMut<Script>, mut liveops: LiveOps, mut exit: MessageWriter<AppExit>) {
    script.frames += 1;
    if let Some((chain, step)) = liveops.daily().next_claimable().filter(|_| !script.daily) {
        println!("claiming day {step} of daily chain {chain}");
        liveops.claim_daily(chain, step);
        script.daily = true;
    }
    let next_offers: Vec<_> = liveops
        .offers()
        .chains
        .iter()
        .filter_map(|chain| Some((chain.id, chain.next_step()?.clone())))
        .filter(|(chain, step)| !liveops.offers().is_sending(*chain, step.step_number))
        .collect();
    for (chain, step) in next_offers {
        match step.action() {
            OfferStepAction::Claim if !script.free_offer => {
                println!(
                    "claiming free step {} of offer chain {chain}",
                    step.step_number
                );
                liveops.claim_offer_step(chain, step.step_number);
                script.free_offer = true;
            }
            OfferStepAction::Purchase if script.free_offer && !script.purchase => {
                println!("buying step {} of offer chain {chain}", step.step_number);
                liveops.buy_offer_step(chain, step.step_number);
                script.purchase = true;
            }
            _ => {}
        }
    }
    if !script.coupon && script.frames > 30 {
        println!("redeeming WELCOME2025");
        liveops.redeem(" WELCOME2025 ");
        script.coupon = true;
    }
    if let Some((chain, step)) = liveops
        .rewards()
        .next_claimable()
        .filter(|_| !script.reward)
    {
        println!("claiming reward step {step} of reward chain {chain}");
        liveops.claim_reward_step(chain, step);
        script.reward = true;
    }
    if script.frames > 600 {
        exit.write(AppExit::Success);
    }
}

/// Everything the demo prints.
#[derive(SystemParam)]
struct Outcomes<'w, 's> {
    granted: MessageReader<'w, 's, RewardsGranted>,
    payments: MessageReader<'w, 's, PaymentRequired>,
    rejected: MessageReader<'w, 's, CodeRejected>,
    failed: MessageReader<'w, 's, LiveOpsFailed>,
}

fn report(server: Res<Server>, mut outcomes: Outcomes, mut liveops: LiveOps) {
    for grant in outcomes.granted.read() {
        let items: Vec<String> = grant
            .items
            .iter()
            .map(|i| format!("{} x{}", i.sku, i.quantity))
            .collect();
        println!("  granted {} from {:?}", items.join(", "), grant.source);
        // Items can award value points: read the reward chains again.
        liveops.refresh();
    }
    for payment in outcomes.payments.read() {
        println!(
            "  the game would open Pay Station now; the demo pays order {}, and the plugin's \
             tracking reports the grant",
            payment.order_id
        );
        let _ = server.0.pay_order(payment.order_id.0);
    }
    for rejection in outcomes.rejected.read() {
        println!(
            "  code {} rejected: {:?}",
            rejection.input, rejection.reason
        );
    }
    for failure in outcomes.failed.read() {
        println!("  {:?} failed: {}", failure.request, failure.error);
    }
}
