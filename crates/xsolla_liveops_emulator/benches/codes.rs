//! Time to generate 100 000 codes: in one store transaction (in-memory and WAL-file
//! databases, each round a fresh project) and through the admin API
//! (`PUT …/admin/coupon/{id}/code/generate`, each round a new campaign in one project whose
//! code index keeps growing).
//!
//! `cargo bench -p xsolla_liveops_emulator --features internals --bench codes`
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use xsolla_liveops_emulator::internals::{Store, codes};
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

/// Each round opens a fresh database (built by `storage`) and generates into an empty project.
fn store_rounds(storage: impl Fn(usize) -> Storage) -> Vec<Duration> {
    (0..ROUNDS)
        .map(|round| {
            let store = Store::open(&storage(round), &seed(), 1_735_689_600).expect("store");
            let mut db = store.lock();
            let id = *db.cache.codes.by_id.keys().next().expect("a campaign");
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
    let ms: Vec<String> = times
        .iter()
        .map(|t| format!("{:.0}", t.as_secs_f64() * 1e3))
        .collect();
    let mut sorted = times.to_vec();
    sorted.sort();
    println!(
        "{label:<38} best {:>6.1} ms  median {:>6.1} ms  rounds [{}] ms, {COUNT} codes each",
        sorted[0].as_secs_f64() * 1e3,
        sorted[sorted.len() / 2].as_secs_f64() * 1e3,
        ms.join(", ")
    );
}

async fn http_rounds() -> Vec<Duration> {
    let emu = Emulator::start(Config::default().with_seed(seed()))
        .await
        .expect("emulator");
    let base = format!("{}/v3/project/{}", emu.base_url(), emu.project_id());
    let v2 = format!("{}/v2/project/{}", emu.base_url(), emu.project_id());
    let auth = emu.admin_credentials().basic_header();
    let http = reqwest::Client::new();
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let status = http
            .post(format!("{base}/admin/coupon"))
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"external_id": "bench{round}", "name": {{"en-US": "Bench"}}}}"#
            ))
            .send()
            .await
            .expect("create")
            .status();
        assert_eq!(status.as_u16(), 201);
        let started = Instant::now();
        let status = http
            .put(format!("{v2}/admin/coupon/bench{round}/code/generate"))
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .body(format!(r#"{{"count": {COUNT}}}"#))
            .send()
            .await
            .expect("request")
            .status();
        assert_eq!(status.as_u16(), 200);
        times.push(started.elapsed());
    }
    times
}

fn main() {
    report(
        "store, in-memory database",
        &store_rounds(|_| Storage::Memory),
    );
    let dir = std::env::temp_dir().join(format!("liveops-codes-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    report(
        "store, WAL file database",
        &store_rounds(|round| Storage::File(dir.join(format!("codes-{round}.db")))),
    );
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    report(
        "HTTP generate, in-memory (growing)",
        &runtime.block_on(http_rounds()),
    );
}
