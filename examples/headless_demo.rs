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
use bevy::prelude::*;
use bevy_xsolla_liveops::client::models::offer::OfferStepAction;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::{CodeRejected, LiveOpsBadges, PaymentRequired};
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
    let plugin = LiveOpsPlugin::local_emulator(emulator.project_id(), emulator.base_url());
    App::new()
        .add_plugins(MinimalPlugins.set(ScheduleRunnerPlugin::run_loop(Duration::from_millis(16))))
        .add_plugins(plugin)
        .insert_resource(Server(emulator))
        .init_resource::<Script>()
        .add_systems(Startup, move |mut login: MessageWriter<SetUserToken>| {
            login.write(SetUserToken(token.clone()));
        })
        .add_systems(Update, (play, report))
        .run()
}

#[allow(clippy::too_many_arguments)]
fn play(
    mut script: ResMut<Script>,
    daily: Res<DailyChains>,
    offers: Res<OfferChains>,
    rewards: Res<RewardChains>,
    mut claim_daily: MessageWriter<ClaimDailyReward>,
    mut offer: (
        MessageWriter<ClaimOfferStep>,
        MessageWriter<PurchaseOfferStep>,
    ),
    mut redeem: MessageWriter<RedeemCode>,
    mut claim_reward: MessageWriter<ClaimRewardStep>,
    mut exit: MessageWriter<AppExit>,
) {
    script.frames += 1;
    if let Some((chain, step)) = daily.claimable().next().filter(|_| !script.daily) {
        println!("claiming day {step} of daily chain {chain}");
        claim_daily.write(ClaimDailyReward { chain, step });
        script.daily = true;
    }
    for chain in &offers.chains {
        let Some(step) = chain.next_step() else {
            continue;
        };
        if offers.is_busy(chain.id, step.step_number) {
            continue;
        }
        match step.action() {
            OfferStepAction::Claim if !script.free_offer => {
                println!(
                    "claiming free step {} of offer chain {}",
                    step.step_number, chain.id
                );
                offer
                    .0
                    .write(ClaimOfferStep::new(chain.id, step.step_number));
                script.free_offer = true;
            }
            OfferStepAction::Purchase if script.free_offer && !script.purchase => {
                println!(
                    "buying step {} of offer chain {}",
                    step.step_number, chain.id
                );
                offer
                    .1
                    .write(PurchaseOfferStep::new(chain.id, step.step_number));
                script.purchase = true;
            }
            _ => {}
        }
    }
    if !script.coupon && script.frames > 30 {
        println!("redeeming WELCOME2025");
        redeem.write(RedeemCode::new(" WELCOME2025 "));
        script.coupon = true;
    }
    if let Some((chain, step)) = rewards.claimable().next().filter(|_| !script.reward) {
        println!("claiming reward step {step} of reward chain {chain}");
        claim_reward.write(ClaimRewardStep { chain, step });
        script.reward = true;
    }
    if script.frames > 600 {
        exit.write(AppExit::Success);
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    server: Res<Server>,
    badges: Res<LiveOpsBadges>,
    mut granted: MessageReader<RewardsGranted>,
    mut payments: MessageReader<PaymentRequired>,
    mut paid: MessageWriter<OfferPaymentDone>,
    mut rejected: MessageReader<CodeRejected>,
    mut failed: MessageReader<LiveOpsFailed>,
    mut refresh: MessageWriter<RefreshLiveOps>,
) {
    for grant in granted.read() {
        let items: Vec<String> = grant
            .items
            .iter()
            .map(|i| format!("{} x{}", i.sku, i.quantity))
            .collect();
        println!(
            "  granted {} from {:?} (badges now: {:?})",
            items.join(", "),
            grant.source,
            *badges
        );
        // Items can award value points: read the reward chains again.
        refresh.write(RefreshLiveOps::only(
            bevy_xsolla_liveops::LiveOpsFeature::Rewards,
        ));
    }
    for payment in payments.read() {
        println!(
            "  the game would open Pay Station now; the demo pays order {}",
            payment.order_id
        );
        let _ = server.0.pay_order(payment.order_id.0);
        paid.write(OfferPaymentDone {
            chain: payment.chain,
        });
    }
    for rejection in rejected.read() {
        println!(
            "  code {} rejected: {:?}",
            rejection.input, rejection.reason
        );
    }
    for failure in failed.read() {
        println!("  {:?} failed: {}", failure.request, failure.error);
    }
}
