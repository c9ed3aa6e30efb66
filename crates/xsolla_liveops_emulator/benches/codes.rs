//! Time to generate 100 000 codes: in one store transaction (in-memory and WAL-file
//! databases) and through the admin API (`PUT …/admin/coupon/{id}/code/generate`).
//!
//! `cargo bench -p xsolla_liveops_emulator --bench codes`
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use xsolla_liveops_emulator::store::{Store, codes};
use xsolla_liveops_emulator::{Config, Emulator, Seed, Storage};

const COUNT: u32 = 100_000;
const ROUNDS: usize = 5;

fn seed() -> Seed {
    Seed::from_json(
        r#"{"items": [{"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency"}],
            "coupons": [{"external_id": "bench", "name": {"en-US": "Bench"},
                         "bonus": [{"sku": "gold", "quantity": 1}]}]}"#,
    )
    .expect("seed")
}

fn store_rounds(storage: &Storage) -> Vec<Duration> {
    let store = Store::open(storage, &seed(), 1_735_689_600).expect("store");
    let mut db = store.lock();
    let id = *db.cache.codes.by_id.keys().next().expect("a campaign");
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let n = db
                .write(|tx, _| codes::generate(tx, id, COUNT))
                .expect("generate");
            assert_eq!(n, u64::from(COUNT));
            started.elapsed()
        })
        .collect()
}

fn report(label: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    println!(
        "{label:<40} best {:>8.1} ms   median {:>8.1} ms   ({} rounds, {} codes each)",
        sorted[0].as_secs_f64() * 1e3,
        sorted[sorted.len() / 2].as_secs_f64() * 1e3,
        sorted.len(),
        COUNT
    );
}

fn main() {
    report("store, in-memory database", &store_rounds(&Storage::Memory));
    let dir = std::env::temp_dir().join(format!("liveops-codes-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("codes.db");
    report(
        "store, WAL file database",
        &store_rounds(&Storage::File(file)),
    );
    let _ = std::fs::remove_dir_all(&dir);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let times = runtime.block_on(async {
        let emu = Emulator::start(Config::default().with_seed(seed()))
            .await
            .expect("emulator");
        let url = format!(
            "{}/v2/project/{}/admin/coupon/bench/code/generate",
            emu.base_url(),
            emu.project_id()
        );
        let auth = emu.admin_credentials().basic_header();
        let http = reqwest::Client::new();
        let mut times = Vec::new();
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let response = http
                .put(&url)
                .header("authorization", &auth)
                .header("content-type", "application/json")
                .body(format!(r#"{{"count": {COUNT}}}"#))
                .send()
                .await
                .expect("request");
            assert_eq!(response.status().as_u16(), 200);
            times.push(started.elapsed());
        }
        times
    });
    report("HTTP PUT …/code/generate, in-memory", &times);
}
