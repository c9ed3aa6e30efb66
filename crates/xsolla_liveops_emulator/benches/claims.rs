//! Claims per second over loopback with 32 concurrent clients, next to a trivial axum JSON
//! handler measured in the same run on the same machine.
//!
//! `cargo bench -p xsolla_liveops_emulator --bench claims` (add `-- --file` for a WAL file
//! database). Every claim is a real, successful, stateful claim: each request claims step 1
//! of a daily chain for a different player, so each one writes a claim row and a grant.
//!
//! Diagnostics: `BENCH_STACK=1` also measures the emulator's HTTP stack alone
//! (`GET /__emulator/clock`); `BENCH_MODE=miss` replaces the claims by authenticated claims of
//! an unknown chain (auth and routing, no write), `BENCH_MODE=list` by player chain lists;
//! `BENCH_MICRO=1` times a JWT verification and a store-level claim without HTTP.
#![allow(missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use xsolla_liveops::models::common::{LocalizedText, StepItemInput};
use xsolla_liveops::models::daily::{DailyChainInput, DailyChainType, DailyStepInput};
use xsolla_liveops_emulator::{Config, Emulator, Seed};

const CLIENTS: usize = 32;
const WINDOW: Duration = Duration::from_secs(5);

async fn load(urls: Arc<Vec<(String, Option<String>)>>, post: bool) -> f64 {
    load_mode(urls, post, false).await
}

async fn load_mode(urls: Arc<Vec<(String, Option<String>)>>, post: bool, any_status: bool) -> f64 {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (urls, next) = (urls.clone(), next.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut done = 0usize;
                while started.elapsed() < WINDOW {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((url, auth)) = urls.get(i) else {
                        break;
                    };
                    let mut req = if post { http.post(url) } else { http.get(url) };
                    if let Some(auth) = auth {
                        req = req.header("authorization", auth);
                    }
                    let status = req.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                    assert!(
                        any_status || status == 204 || status == 200,
                        "status {status}"
                    );
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap_or(0);
    }
    total as f64 / started.elapsed().as_secs_f64()
}

fn micro() {
    let keys = xsolla_liveops_emulator::auth::TokenKeys::new("s");
    let token = keys.mint("player", 1_000, 3600).unwrap();
    let t = Instant::now();
    for _ in 0..100_000 {
        assert!(keys.verify(&token, 1_000).is_some());
    }
    println!("jwt verify: {:?}/op", t.elapsed() / 100_000);
    let seed = Seed::from_json(r#"{"items":[{"sku":"gold","name":{"en":"Gold"},"type":"virtual_currency"}],
        "daily_chains":[{"name":{"en":"B"},"date_start":"2025-01-01T00:00:00Z","is_enabled":true,"type":"rolling",
        "steps":[{"step_number":1,"items":[{"sku":"gold","quantity":1}]}]}]}"#).unwrap();
    let store = xsolla_liveops_emulator::store::Store::open(
        &xsolla_liveops_emulator::Storage::Memory,
        &seed,
        1_800_000_000,
    )
    .unwrap();
    let subs: Vec<String> = (0..100_000).map(|i| format!("p{i}")).collect();
    let t = Instant::now();
    for sub in &subs {
        store
            .lock()
            .write(|tx, cache| {
                xsolla_liveops_emulator::store::daily::claim(tx, cache, sub, 1, 1, 1_800_000_000)
            })
            .unwrap();
    }
    println!("store claim: {:?}/op", t.elapsed() / 100_000);
}

fn main() {
    if std::env::var_os("BENCH_MICRO").is_some() {
        micro();
        return;
    }
    let file = std::env::args().any(|a| a == "--file");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // Baseline: a trivial axum JSON handler.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().route(
            "/ping",
            axum::routing::get(|| async { axum::Json(serde_json::json!({"ok": true})) }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        let urls = Arc::new(vec![(format!("http://{addr}/ping"), None); 10_000_000]);
        let baseline = load(urls, false).await;

        let dir = std::env::temp_dir().join(format!("liveops-bench-{}", std::process::id()));
        let mut config = Config::default().with_seed(
            Seed::from_json(
                r#"{"items":[{"sku":"gold","name":{"en":"Gold"},"type":"virtual_currency"}]}"#,
            )
            .unwrap(),
        );
        if file {
            std::fs::create_dir_all(&dir).unwrap();
            config = config.with_file(dir.join("bench.db"));
        }
        let emu = Emulator::start(config).await.unwrap();
        let client = xsolla_liveops::Client::builder(emu.project_id())
            .base_url(emu.base_url())
            .admin_credentials(emu.admin_credentials())
            .build()
            .unwrap();
        let chain = client
            .admin()
            .daily_chains()
            .create(DailyChainInput {
                id: None,
                name: LocalizedText::en("Bench"),
                description: None,
                order: None,
                date_start: chrono::DateTime::from_timestamp(1_735_689_600, 0)
                    .unwrap()
                    .fixed_offset(),
                date_end: None,
                is_enabled: true,
                is_recurrent: None,
                chain_type: DailyChainType::Rolling,
                steps: vec![DailyStepInput {
                    step_id: None,
                    step_number: 1.into(),
                    items: vec![StepItemInput {
                        sku: "gold".into(),
                        quantity: 1,
                    }],
                }],
            })
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let url = format!(
            "{}/v2/project/{}/user/daily_chain/{chain}/step/number/1/claim",
            emu.base_url(),
            emu.project_id()
        );
        let urls: Vec<_> = (0..400_000)
            .map(|i| {
                (
                    url.clone(),
                    Some(format!(
                        "Bearer {}",
                        emu.mint_token(&format!("p{i}"), Duration::from_secs(3600))
                    )),
                )
            })
            .collect();
        let stack = if std::env::var_os("BENCH_STACK").is_some() {
            let clock = Arc::new(vec![
                (format!("{}/__emulator/clock", emu.base_url()), None);
                10_000_000
            ]);
            load(clock, false).await
        } else {
            0.0
        };
        let mode = std::env::var("BENCH_MODE").unwrap_or_default();
        let urls: Vec<_> = match mode.as_str() {
            "miss" => urls
                .into_iter()
                .map(|(u, a)| (u.replace("/daily_chain/", "/daily_chain/999"), a))
                .collect(),
            "list" => urls
                .into_iter()
                .map(|(u, a)| {
                    (
                        u.split("/daily_chain/")
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                            + "/daily_chain",
                        a,
                    )
                })
                .collect(),
            _ => urls,
        };
        let tolerate = mode == "miss";
        let claims = load_mode(Arc::new(urls), mode != "list", tolerate).await;
        if stack > 0.0 {
            println!("emulator stack, no state (GET /__emulator/clock): {stack:>9.0} requests/s");
        }
        println!("trivial axum JSON handler: {baseline:>9.0} requests/s");
        println!(
            "stateful daily claims ({}): {claims:>9.0} claims/s ({:.0}% of the baseline)",
            if file { "WAL file" } else { "in memory" },
            100.0 * claims / baseline
        );
        drop(emu);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
