//! How a game tests its own LiveOps code: a headless `App` with the plugin, a player logged in
//! with a token the emulator minted, the game's system that claims, and the grant checked
//! against the emulator's inventory. The same test runs as a `#[test]`:
//!
//! ```text
//! cargo run --example headless_test -- --headless
//! cargo test --example headless_test
//! ```

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator};

// The game's own code under test: it claims the daily reward and keeps a wallet.

#[derive(Resource, Default)]
struct Wallet {
    gold: i64,
}

fn claim_daily_reward(mut liveops: LiveOps) {
    if let Some((chain, step)) = liveops.daily().next_claimable() {
        liveops.claim_daily(chain, step);
    }
}

fn fill_wallet(mut granted: MessageReader<RewardsGranted>, mut wallet: ResMut<Wallet>) {
    for item in granted.read().flat_map(|grant| grant.inventory_items()) {
        if item.sku.0 == "gold" {
            wallet.gold += item.quantity;
        }
    }
}

// The test.

/// The daily reward reaches the game's wallet, exactly as the server granted it. Returns the
/// gold in the wallet.
fn daily_reward_reaches_the_wallet() -> i64 {
    // The emulator with its built-in seed (a game passes its own: `Config::default()
    // .with_seed(Seed::from_file("liveops-seed.json")?)`), on a random local port.
    let emulator = Emulator::start_blocking(Config::default()).expect("the emulator starts");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .init_resource::<Wallet>()
        .add_systems(
            Update,
            (claim_daily_reward.run_if(liveops_ready), fill_wallet),
        );
    let token = emulator.mint_token("tester", Duration::from_secs(3600));
    app.world_mut().write_message(SetUserToken(token));

    // Frames until the wallet fills; never a fixed sleep, always a bound.
    for _ in 0..2_000 {
        app.update();
        if app.world().resource::<Wallet>().gold > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wallet = app.world().resource::<Wallet>().gold;
    let inventory = emulator.inventory("tester").expect("the inventory");
    let server = inventory
        .iter()
        .find(|(sku, _)| sku == "gold")
        .map_or(0, |(_, n)| *n);
    assert!(wallet > 0, "no gold arrived in the wallet");
    assert_eq!(wallet, server, "the wallet holds what the server granted");
    wallet
}

#[test]
fn the_daily_reward_reaches_the_wallet() {
    daily_reward_reaches_the_wallet();
}

fn main() {
    let gold = daily_reward_reaches_the_wallet();
    println!("headless_test: ok, {gold} gold claimed, in the wallet and in the server's inventory");
}
