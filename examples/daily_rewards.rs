//! The daily login calendar: read `DailyChains`, claim today's step, count down to the next
//! unlock and work out when to remind the player, then, a day later on the emulator's clock,
//! take everything ready at once with `LiveOps::claim_all`.
//!
//! ```text
//! cargo run --example daily_rewards -- --headless
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::Server;

/// Where the player is in the example's story.
#[derive(Default)]
enum Stage {
    #[default]
    Today,
    Claimed,
    Tomorrow,
    ClaimedAll,
}

fn daily_calendar(
    mut liveops: LiveOps,
    mut granted: MessageReader<RewardsGranted>,
    mut stage: Local<Stage>,
    server: Res<Server>,
) {
    let granted: Vec<_> = granted.read().collect();
    for grant in &granted {
        println!("granted {} from {:?}", common::items(grant), grant.source);
    }
    match *stage {
        Stage::Today => {
            for chain in &liveops.daily().chains {
                println!("{}:", chain.name);
                for step in &chain.steps {
                    println!("  day {}: {:?}", step.step_number, step.status);
                }
            }
            if let Some((chain, day)) = liveops.daily().next_claimable() {
                println!("claiming day {day}");
                liveops.claim_daily(chain, day);
                *stage = Stage::Claimed;
            }
        }
        Stage::Claimed if !granted.is_empty() => {
            // Countdowns and reminders use the server's clock, never the device's.
            let Some(next) = liveops.next_unlock() else {
                return;
            };
            println!("next unlock in {}", liveops.clock().countdown(next));
            // An OS notification is scheduled in device time: convert, and leave a minute.
            let remind_at = liveops.clock().to_system_time(next);
            let remind_at = remind_at + std::time::Duration::from_secs(60);
            let remind_at = chrono::DateTime::<chrono::Utc>::from(remind_at);
            println!("schedule the reminder for {remind_at} (device clock)");
            // A day passes on the emulator; the plugin reads everything again.
            server.0.clock().advance(86_400);
            liveops.refresh();
            *stage = Stage::Tomorrow;
        }
        Stage::Tomorrow if liveops.daily().next_claimable().is_some() => {
            let claims = liveops.claim_all();
            println!("claim all: {claims} claims sent");
            *stage = Stage::ClaimedAll;
        }
        _ => {}
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
        .add_systems(Update, daily_calendar.run_if(liveops_ready));
    common::run(app, "daily_rewards", true, |world| {
        // Day 1 gave 100 gold; claim all took day 2 (2 potions) and the free offer step (3).
        let server = world.resource::<Server>();
        let (gold, potions) = (server.owned("gold"), server.owned("health_potion"));
        (potions >= 5).then(|| match (gold, potions) {
            (100, 5) => {
                Ok("day 1 claimed, then claim_all took day 2 and the free offer step".into())
            }
            _ => Err(format!(
                "the server holds {gold} gold and {potions} potions"
            )),
        })
    })
}
