//! Wall-time figures of the `liveops` binary against an in-process emulator:
//! applying a project of 200 campaigns and chains to an empty project, and exporting a
//! campaign's 100,000 codes to CSV.
//!
//! `cargo bench -p xsolla_liveops_cli --bench figures` (release build of the binary and the
//! emulator). Each figure is the median of `ROUNDS` runs, each on a fresh emulator.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use xsolla_liveops::Client;
use xsolla_liveops_emulator::{Config, Emulator, Seed};

const ROUNDS: usize = 5;

fn project() -> Value {
    let mut daily = Vec::new();
    let mut offers = Vec::new();
    let mut coupons = Vec::new();
    let mut promos = Vec::new();
    for i in 0..50 {
        daily.push(json!({
            "name": {"en": format!("Daily {i}")}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true, "type": "rolling", "is_recurrent": true,
            "steps": (1..=7).map(|n| json!({"step_number": n, "items": [{"sku": "gold", "quantity": n * 10}]})).collect::<Vec<_>>()
        }));
        offers.push(json!({
            "name": {"en": format!("Offer {i}")}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true,
            "steps": [
                {"step_number": 1, "is_free": true, "items": [{"sku": "health_potion", "quantity": 1}]},
                {"step_number": 2, "is_free": false, "items": [{"sku": "epic_sword", "quantity": 1}]}
            ]
        }));
        coupons.push(json!({
            "external_id": format!("coupon_{i}"), "name": {"en-US": format!("Coupon {i}")},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "bonus": [{"sku": "gold", "quantity": 5}], "redeem_user_limit": 1,
            "is_enabled": true, "codes": [format!("COUPON{i}A"), format!("COUPON{i}B")]
        }));
        promos.push(json!({
            "external_id": format!("promo_{i}"), "name": {"en-US": format!("Promo {i}")},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "discount": {"percent": "5.00"}, "redeem_user_limit": 1,
            "is_enabled": true, "generate": 10
        }));
    }
    json!({"daily_chains": daily, "offer_chains": offers, "coupons": coupons, "promo_codes": promos})
}

fn empty_project() -> Emulator {
    let catalog = Seed {
        items: Seed::builtin().items,
        ..Seed::default()
    };
    Emulator::start_blocking(Config::default().with_seed(catalog)).expect("emulator")
}

fn liveops(emu: &Emulator, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_liveops"))
        .env_remove("XSOLLA_API_KEY")
        .args(["--emulator", &emu.base_url(), "--quiet"])
        .args(args)
        .output()
        .expect("run liveops");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "liveops {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("liveops-figures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("project.json");
    std::fs::write(&file, serde_json::to_string(&project()).unwrap()).unwrap();
    let file = file.to_str().unwrap();

    let mut apply = Vec::new();
    for _ in 0..ROUNDS {
        let emu = empty_project();
        apply.push(liveops(&emu, &["apply", file]));
        liveops(&emu, &["plan", file]);
    }

    let mut export = Vec::new();
    for _ in 0..ROUNDS {
        let emu = empty_project();
        liveops(&emu, &["apply", file]);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = Client::builder(emu.project_id())
            .base_url(emu.base_url())
            .admin_credentials(emu.admin_credentials())
            .build()
            .unwrap();
        rt.block_on(async {
            client
                .admin()
                .coupons()
                .generate_codes("coupon_0", 99_998)
                .unwrap()
                .send()
                .await
                .unwrap();
        });
        let csv = dir.join("codes.csv");
        export.push(liveops(
            &emu,
            &[
                "codes",
                "export",
                "coupon_0",
                "--out",
                csv.to_str().unwrap(),
            ],
        ));
        let lines = std::fs::read_to_string(&csv).unwrap().lines().count();
        assert_eq!(lines, 100_001, "header and 100,000 codes");
    }
    println!(
        "apply 200 campaigns and chains to an empty emulator: median {:?} (runs: {apply:?})",
        median(apply.clone())
    );
    println!(
        "export 100,000 codes to CSV: median {:?} (runs: {export:?})",
        median(export.clone())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
