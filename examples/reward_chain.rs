//! A reward chain: the player earns value points (here granted on the emulator, as a purchase
//! that earns them would), the plugin reads the new balance, and the step they unlock is
//! claimed.
//!
//! ```text
//! cargo run --example reward_chain -- --headless
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::{PLAYER, Server};

fn journey(
    mut liveops: LiveOps,
    mut earned: Local<bool>,
    mut granted: MessageReader<RewardsGranted>,
    server: Res<Server>,
) {
    for grant in granted.read() {
        println!("granted {} from {:?}", common::items(grant), grant.source);
    }
    let Some(chain) = liveops.rewards().chains.first() else {
        return;
    };
    let balance = liveops
        .rewards()
        .balance(chain.reward_chain_id)
        .unwrap_or(0);
    if !*earned {
        println!("{}: {balance} {}", chain.name, chain.value_point.name);
        for step in &chain.steps {
            let name = step.name.as_deref().unwrap_or("step");
            println!("  {name}: {} points", step.price.amount);
        }
        // The points the first step costs, earned elsewhere in the game.
        let Some((step, missing)) = chain.next_locked_step(balance) else {
            return;
        };
        let name = step.name.as_deref().unwrap_or("the next step");
        println!("{missing} points missing for {name}: earning them");
        let points = &chain.value_point.sku.0;
        if let Err(why) = server.0.grant_value_points(PLAYER, points, missing) {
            eprintln!("the emulator did not grant the points: {why}");
        }
        // Points earned outside the plugin's own requests: read the reward chains again.
        liveops.send(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
        *earned = true;
    } else if let Some((chain, step)) = liveops.rewards().next_claimable() {
        println!("balance {balance}: claiming step {step}");
        liveops.claim_reward_step(chain, step);
    }
}

fn main() -> AppExit {
    let (emulator, token) = common::start();
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .insert_resource(Server(emulator))
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(Update, journey.run_if(liveops_ready));
    common::run(app, "reward_chain", true, |world| {
        // The first step, Bronze, gives 300 gold.
        let chains = world.resource::<RewardChains>();
        let claimed = chains.chains.first()?.steps.first()?.is_claimed;
        let gold = world.resource::<Server>().owned("gold");
        claimed.then(|| match gold {
            300 => Ok("100 hero points earned, step Bronze claimed: 300 gold".into()),
            other => Err(format!("the server holds {other} gold, not 300")),
        })
    })
}
