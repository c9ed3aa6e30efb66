//! The plugin in a real browser: headless Chromium runs these through `wasm-bindgen-test`
//! against a native emulator that `.ci/web` starts on 127.0.0.1 (its URL comes in at compile
//! time through `LIVEOPS_WEB_EMULATOR`, the one that hides `Date` through
//! `LIVEOPS_WEB_EMULATOR_NO_DATE`). The test page is on another port, so every call is
//! cross-origin, as a game served from its own host would make it.
//!
//! Each test plays its own player; they run one after another (the faults are the
//! emulator's).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::{ClockSource, DataOrigin, LiveOpsRuntime, LoadState, SessionEnd};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EMULATOR: &str = match option_env!("LIVEOPS_WEB_EMULATOR") {
    Some(url) => url,
    None => "http://127.0.0.1:8790",
};
const EMULATOR_NO_DATE: &str = match option_env!("LIVEOPS_WEB_EMULATOR_NO_DATE") {
    Some(url) => url,
    None => "http://127.0.0.1:8791",
};
const PROJECT: i64 = 44056;

#[derive(Resource, Default, Debug)]
struct Seen {
    granted: Vec<RewardsGranted>,
    failed: Vec<LiveOpsFailed>,
    expired: Vec<SessionExpired>,
    player_changes: Vec<PlayerChanged>,
}

fn collect(mut outcomes: LiveOpsOutcomes, mut seen: ResMut<Seen>) {
    seen.granted.extend(outcomes.granted.read().cloned());
    seen.failed.extend(outcomes.failed.read().cloned());
    seen.expired.extend(outcomes.expired.read().cloned());
    seen.player_changes
        .extend(outcomes.player_changes.read().cloned());
}

fn player(name: &str) -> String {
    format!("web-{name}-{}", xsolla_liveops::time::unix_millis())
}

fn app_for(base_url: &str, adjust: impl FnOnce(LiveOpsPlugins) -> LiveOpsPlugins) -> App {
    let plugins = LiveOpsPlugins::local_emulator(PROJECT, base_url)
        .with_offline_retry(Duration::from_millis(100))
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(5));
    let mut app = App::new();
    app.add_plugins(adjust(plugins))
        .init_resource::<Seen>()
        .add_systems(Update, collect);
    app
}

/// Runs frames until `done` holds, giving the browser's event loop a turn between frames;
/// panics after about 15 s.
async fn run_until(app: &mut App, what: &str, done: impl Fn(&World) -> bool) {
    for _ in 0..1_500 {
        app.update();
        if done(app.world()) {
            return;
        }
        xsolla_liveops::time::sleep(Duration::from_millis(10)).await;
    }
    let w = app.world();
    panic!(
        "{what}: did not happen within 1,500 frames\nsession: {:?}\nstatus: {:?}\nin flight: {}\nfailed: {:?}\ngranted: {:?}",
        w.resource::<LiveOpsSession>(),
        w.resource::<LiveOpsStatus>(),
        w.resource::<LiveOpsRuntime>().in_flight(),
        w.resource::<Seen>().failed,
        w.resource::<Seen>().granted,
    );
}

async fn frames(app: &mut App, n: usize) {
    for _ in 0..n {
        app.update();
        xsolla_liveops::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A call to the emulator's control API; the body of its answer.
async fn control(method: reqwest::Method, base: &str, path: &str, body: Option<String>) -> String {
    let client = reqwest::Client::new();
    let mut request = client.request(method, format!("{base}/__emulator{path}"));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    let response = request.send().await.expect("the emulator answers");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.text().await.expect("a body")
}

async fn token(base: &str, sub: &str) -> String {
    let answer = control(
        reqwest::Method::POST,
        base,
        "/token",
        Some(format!(r#"{{"sub":"{sub}","ttl_seconds":3600}}"#)),
    )
    .await;
    let value: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    value["token"].as_str().expect("a token").to_owned()
}

async fn set_faults(json: &str) {
    control(
        reqwest::Method::PUT,
        EMULATOR,
        "/faults",
        Some(json.to_owned()),
    )
    .await;
}

/// How many of `sku` the emulator granted `sub`.
async fn owned(sub: &str, sku: &str) -> i64 {
    let answer = control(
        reqwest::Method::GET,
        EMULATOR,
        &format!("/users/{sub}/inventory"),
        None,
    )
    .await;
    let value: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    value["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["sku"] == sku)
        .filter_map(|i| i["quantity"].as_i64())
        .sum()
}

fn daily_loaded(w: &World) -> bool {
    w.resource::<DailyChains>().origin == DataOrigin::Network
}

async fn logged_in(app: &mut App, base: &str, sub: &str) {
    let token = token(base, sub).await;
    app.world_mut().write_message(SetUserToken(token));
    run_until(app, "the daily chains load", daily_loaded).await;
}

#[wasm_bindgen_test]
async fn a_read_loads_the_chains_and_sets_the_clock_from_date() {
    let mut app = app_for(EMULATOR, |p| p);
    logged_in(&mut app, EMULATOR, &player("read")).await;
    let w = app.world();
    assert_eq!(w.resource::<LiveOpsStatus>().state, LoadState::Ready);
    assert!(w.resource::<DailyChains>().next_claimable().is_some());
    let clock = w.resource::<ServerClock>();
    assert_eq!(clock.source(), ClockSource::Server, "Date is exposed");
    assert!(clock.is_synced());
}

#[wasm_bindgen_test]
async fn without_an_exposed_date_the_clock_is_the_devices_and_says_so() {
    let mut app = app_for(EMULATOR_NO_DATE, |p| p);
    logged_in(&mut app, EMULATOR_NO_DATE, &player("no-date")).await;
    let clock = *app.world().resource::<ServerClock>();
    assert_eq!(clock.source(), ClockSource::Device);
    assert_eq!(clock.offset_millis(), 0);
    let device = xsolla_liveops::time::unix_millis();
    assert!((clock.now().unix_millis() - device).abs() < 1_000);
}

#[wasm_bindgen_test]
async fn a_claim_is_granted_once() {
    let sub = player("claim");
    let mut app = app_for(EMULATOR, |p| p);
    logged_in(&mut app, EMULATOR, &sub).await;
    let (chain, step) = app
        .world()
        .resource::<DailyChains>()
        .next_claimable()
        .expect("step 1 is claimable");
    // Pressed twice in one frame: one request.
    app.world_mut()
        .write_message(ClaimDailyStep::new(chain, step));
    app.world_mut()
        .write_message(ClaimDailyStep::new(chain, step));
    run_until(&mut app, "the grant", |w| {
        !w.resource::<Seen>().granted.is_empty()
    })
    .await;
    frames(&mut app, 30).await;
    assert_eq!(app.world().resource::<Seen>().granted.len(), 1);
    assert_eq!(owned(&sub, "gold").await, 100);
}

#[wasm_bindgen_test]
async fn a_refused_token_ends_the_session_and_a_new_one_resumes() {
    let sub = player("401");
    let mut app = app_for(EMULATOR, |p| p);
    let good = token(EMULATOR, &sub).await;
    // Same player and expiry, a signature the server refuses.
    let mut bad = good.clone();
    let last = bad.pop().expect("a character");
    bad.push(if last == 'A' { 'B' } else { 'A' });
    app.world_mut().write_message(SetUserToken(bad));
    run_until(&mut app, "the 401 ends the session", |w| {
        w.resource::<Seen>()
            .expired
            .iter()
            .any(|e| e.reason == SessionEnd::Rejected)
    })
    .await;
    assert_eq!(
        app.world().resource::<DailyChains>().origin,
        DataOrigin::None
    );
    app.world_mut().write_message(SetUserToken(good));
    run_until(&mut app, "the new token's read", daily_loaded).await;
    assert_eq!(
        app.world().resource::<LiveOpsSession>().player(),
        Some(sub.as_str())
    );
}

#[wasm_bindgen_test]
async fn a_player_change_is_reported_and_the_new_player_is_read() {
    let (first, second) = (player("first"), player("second"));
    let mut app = app_for(EMULATOR, |p| p);
    logged_in(&mut app, EMULATOR, &first).await;
    let token = token(EMULATOR, &second).await;
    app.world_mut().write_message(SetUserToken(token));
    run_until(&mut app, "the second player's read", |w| {
        w.resource::<LiveOpsSession>().player() == Some(second.as_str()) && daily_loaded(w)
    })
    .await;
    let changes = &app.world().resource::<Seen>().player_changes;
    assert!(
        changes
            .iter()
            .any(|c| c.current.as_deref() == Some(second.as_str())),
        "{changes:?}"
    );
}

#[wasm_bindgen_test]
async fn a_claim_whose_answer_is_lost_is_reconciled_not_sent_again() {
    let sub = player("lost");
    let mut app = app_for(EMULATOR, |p| p);
    logged_in(&mut app, EMULATOR, &sub).await;
    let (chain, step) = app
        .world()
        .resource::<DailyChains>()
        .next_claimable()
        .expect("step 1 is claimable");
    // The claim is committed and its connection closed: in a browser that is the same
    // "Failed to fetch" as a refused connection, so it counts as ambiguous.
    set_faults(r#"{"drop_rate": 1.0}"#).await;
    app.world_mut()
        .write_message(ClaimDailyStep::new(chain, step));
    let mut committed = false;
    for _ in 0..100 {
        frames(&mut app, 5).await;
        if owned(&sub, "gold").await > 0 {
            committed = true;
            break;
        }
    }
    frames(&mut app, 20).await;
    set_faults("{}").await;
    assert!(committed, "the dropped claim was committed");
    run_until(&mut app, "the reconciled grant", |w| {
        !w.resource::<Seen>().granted.is_empty()
    })
    .await;
    frames(&mut app, 30).await;
    assert_eq!(
        app.world().resource::<Seen>().granted.len(),
        1,
        "reported once"
    );
    assert_eq!(owned(&sub, "gold").await, 100, "granted once");
}

#[wasm_bindgen_test]
async fn the_cache_lives_in_browser_storage_and_shows_at_the_next_start() {
    let sub = player("cache");
    let prefix = format!("liveops-web-test-{}", xsolla_liveops::time::unix_millis());
    let mut app = app_for(EMULATOR, |p| p.with_cache_dir(&prefix));
    let token = token(EMULATOR, &sub).await;
    app.world_mut().write_message(SetUserToken(token.clone()));
    run_until(&mut app, "the daily chains load", daily_loaded).await;

    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&format!("{prefix}/")))
        .collect();
    assert!(
        keys.iter().any(|k| k.ends_with("/daily.json")),
        "the daily chains are stored: {keys:?}"
    );
    let seam = bevy_xsolla_liveops::Storage::new(&prefix);
    seam.write("device-id", "abc").expect("written");
    assert_eq!(
        seam.read("device-id").ok().flatten().as_deref(),
        Some("abc")
    );

    // A later start with no network: the cached chains show.
    drop(app);
    let mut offline = app_for("http://127.0.0.1:9", |p| p.with_cache_dir(&prefix));
    offline.world_mut().write_message(SetUserToken(token));
    run_until(&mut offline, "the cached chains", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Cache
    })
    .await;
    assert!(
        offline
            .world()
            .resource::<DailyChains>()
            .next_claimable()
            .is_some()
    );
    for key in keys {
        let _ = storage.remove_item(&key);
    }
    let _ = seam.remove("device-id");
}
