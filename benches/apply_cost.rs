//! The cost of the frame that applies a large read: 20 daily chains of 30 steps and 20 offer
//! chains of 30 steps arrive together and are applied in one frame, without and with an
//! offline cache directory.
//!
//! ```text
//! cargo bench -p bevy_xsolla_liveops --bench apply_cost
//! ```
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use xsolla_liveops_emulator::{Config, Emulator, Seed};

const T0: i64 = 1_735_689_600;
const CHAINS: usize = 20;
const STEPS: usize = 30;

/// The built-in project's items with 20 × 30 daily chains and 20 × 30 offer chains.
fn large_seed() -> Seed {
    let builtin = serde_json::to_value(Seed::builtin()).expect("the built-in seed");
    let items = builtin["items"].clone();
    let daily_template = builtin["daily_chains"][0].clone();
    let offer_template = builtin["offer_chains"][0].clone();
    let daily_rewards = ["gold", "gems", "health_potion", "mana_potion"];
    let daily: Vec<Value> = (0..CHAINS)
        .map(|c| {
            let mut chain = daily_template.clone();
            chain["name"] = json!({ "en": format!("Daily chain {c}") });
            chain["steps"] = (1..=STEPS)
                .map(|s| json!({ "step_number": s, "items": [{ "sku": daily_rewards[s % 4], "quantity": s }] }))
                .collect();
            chain
        })
        .collect();
    let offer_steps = offer_template["steps"].as_array().expect("steps").clone();
    let offers: Vec<Value> = (0..CHAINS)
        .map(|c| {
            let mut chain = offer_template.clone();
            chain["name"] = json!({ "en": format!("Offer chain {c}") });
            chain["steps"] = (1..=STEPS)
                .map(|s| {
                    let mut step = offer_steps[(s - 1) % offer_steps.len()].clone();
                    step["step_number"] = json!(s);
                    step
                })
                .collect();
            chain
        })
        .collect();
    let seed = json!({ "items": items, "daily_chains": daily, "offer_chains": offers });
    Seed::from_json(&seed.to_string()).expect("a valid large seed")
}

fn loaded_app(emu: &Emulator, cache: Option<&std::path::Path>) -> App {
    let mut liveops = LiveOpsPlugins::local_emulator(emu.project_id(), emu.base_url())
        .with_refresh_interval(Duration::from_secs(3600))
        .with_timeouts(Duration::from_secs(5), Duration::from_secs(30));
    if let Some(dir) = cache {
        liveops = liveops.with_cache_dir(dir);
    }
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).add_plugins(
        liveops
            .build()
            .disable::<UpsellPlugin>()
            .disable::<RewardChainsPlugin>()
            .disable::<CodesPlugin>(),
    );
    let token = emu.mint_token("bench", Duration::from_secs(30 * 86_400));
    app.world_mut().write_message(SetUserToken(token));
    for _ in 0..10_000 {
        app.update();
        let w = app.world();
        if w.resource::<DailyChains>().chains.len() == CHAINS
            && w.resource::<OfferChains>().chains.len() == CHAINS
            && w.resource::<LiveOpsRuntime>().in_flight() == 0
        {
            return app;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("the large project did not load");
}

/// Asks for both reads, waits (untimed) until both answers are in, and times the frame that
/// applies them.
fn timed_apply(app: &mut App) -> Duration {
    app.world_mut().write_message(RefreshLiveOps::all());
    app.update();
    let started = Instant::now();
    while app.world().resource::<LiveOpsRuntime>().answers_waiting() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "reads timed out"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    let t = Instant::now();
    app.update();
    let elapsed = t.elapsed();
    assert_eq!(app.world().resource::<LiveOpsRuntime>().in_flight(), 0);
    elapsed
}

fn bench(c: &mut Criterion) {
    let emu =
        Emulator::start_blocking(Config::default().with_seed(large_seed())).expect("emulator");
    emu.clock().set_unix(T0 + 10 * 86_400);
    let dir = std::env::temp_dir().join(format!("liveops-apply-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut plain = loaded_app(&emu, None);
    let mut cached = loaded_app(&emu, Some(&dir));

    let mut group = c.benchmark_group("apply_large_read");
    group.sample_size(60);
    group.bench_function("no_cache", |b| {
        b.iter_custom(|n| (0..n).map(|_| timed_apply(&mut plain)).sum())
    });
    group.bench_function("cache_dir", |b| {
        b.iter_custom(|n| (0..n).map(|_| timed_apply(&mut cached)).sum())
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
