//! The smallest LiveOps game: once the player is logged in, today's daily reward is claimed and
//! every grant is logged. From the imports to `main`, this file is the README's first
//! snippet, word for word.
//!
//! ```text
//! cargo run --example minimal -- --headless
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;

/// The game's LiveOps part, added next to the engine and the LiveOps plugins:
/// `app.add_plugins((DefaultPlugins, LiveOpsPlugins::new(44056), daily_gift))`.
fn daily_gift(app: &mut App) {
    app.add_systems(Update, (claim_today.run_if(liveops_ready), show_grants));
}

// After login: liveops.log_in(login_jwt), or write SetUserToken(login_jwt).

fn claim_today(mut liveops: LiveOps) {
    if let Some((chain, step)) = liveops.daily().next_claimable() {
        liveops.claim_daily(chain, step); // one request: the step is busy, then shown claimed
    }
}

fn show_grants(mut granted: MessageReader<RewardsGranted>) {
    for grant in granted.read() {
        info!("granted {:?} from {:?}", grant.items, grant.source);
    }
}

fn main() -> AppExit {
    // The emulator stands in for Xsolla; its token stands in for the player's Xsolla Login.
    let (emulator, token) = common::start();
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .add_plugins(daily_gift)
        .insert_resource(common::Server(emulator))
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        });
    common::run(app, "minimal", true, |world| {
        // Done when the server holds day 1's gold and the plugin shows the step claimed.
        let day_1 = world
            .resource::<DailyChains>()
            .chains
            .first()?
            .steps
            .first()?;
        let gold = world.resource::<common::Server>().owned("gold");
        (day_1.status == DailyStepStatus::Claimed && gold > 0).then(|| match gold {
            100 => Ok("100 gold granted for day 1".to_owned()),
            other => Err(format!("expected 100 gold on the server, found {other}")),
        })
    })
}
