//! Helpers: emulators, seed files on disk, running the binary, reading the project back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use xsolla_liveops::Client;
use xsolla_liveops_emulator::{Config, Emulator, Seed};

/// The demo project's seed text.
pub fn demo_json() -> Value {
    serde_json::from_str(Seed::builtin_json()).expect("demo seed")
}

/// The demo project plus one resource of each kind the demo lacks: discounts (one in the
/// `/v2` form, switched off), a bonus, a personalization rule and a unique catalog offer.
pub fn demo_plus() -> Value {
    let mut seed = demo_json();
    let from = "2025-01-01T00:00:00+00:00";
    seed["discounts"] = json!([
        {"name": {"en-US": "Sword sale"}, "promotion_periods": [{"date_from": from}],
         "discount": {"percent": "50.00"}, "items": [{"sku": "epic_sword"}]},
        {"name": {"en-US": "Shield sale"}, "date_start": from,
         "discount": {"percent": "10.00"}, "items": [{"sku": "dragon_shield"}], "is_enabled": false}
    ]);
    seed["bonuses"] = json!([
        {"name": {"en-US": "Gold gift"}, "promotion_periods": [{"date_from": from}],
         "bonus": [{"sku": "gold", "quantity": 3}]}
    ]);
    seed["personalization_rules"] = json!([
        {"name": "Orcs", "is_enabled": true,
         "attribute_conditions": [{"attribute": "race", "type": "string", "operator": "eq", "value": "orc"}],
         "items": [{"sku": "treasure_chest"}]}
    ]);
    seed["unique_catalog_offers"] = json!([
        {"external_id": "unlock_shield", "name": {"en-US": "Shield unlock"}, "date_start": from,
         "items": ["dragon_shield"], "codes": ["UNLOCK"], "is_enabled": true}
    ]);
    seed
}

/// A project seeded with `seed`.
#[track_caller]
pub fn project_with(seed: &Value) -> Emulator {
    let seed = Seed::from_json(&seed.to_string()).expect("seed");
    Emulator::start_blocking(Config::default().with_seed(seed)).expect("emulator")
}

/// A project with the demo catalog (items) and no LiveOps configuration.
#[track_caller]
pub fn empty_project() -> Emulator {
    let catalog = Seed {
        items: Seed::builtin().items,
        ..Seed::default()
    };
    Emulator::start_blocking(Config::default().with_seed(catalog)).expect("emulator")
}

/// A fresh directory for one test's files.
pub fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "liveops-it-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes `seed` as a file in `dir`.
pub fn write(dir: &Path, name: &str, seed: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(seed).expect("json")).expect("write");
    path
}

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The binary, with no key in its environment.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_liveops"));
    c.env_remove("XSOLLA_API_KEY");
    c
}

/// Runs `liveops --emulator URL --quiet ARGS…`.
pub fn liveops(emu: &Emulator, args: &[&str]) -> Run {
    command()
        .args(["--emulator", &emu.base_url(), "--quiet"])
        .args(args)
        .output()
        .expect("run liveops")
        .into()
}

/// Runs the binary and insists on an exit code.
#[track_caller]
pub fn expect(emu: &Emulator, args: &[&str], code: i32) -> Run {
    let run = liveops(emu, args);
    assert_eq!(run.code, code, "liveops {args:?}: {run:?}");
    run
}

/// An admin client of the emulator, and a runtime to drive it.
pub fn admin(emu: &Emulator) -> (tokio::runtime::Runtime, Client) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = Client::builder(emu.project_id())
        .base_url(emu.base_url())
        .admin_credentials(emu.admin_credentials())
        .build()
        .expect("client");
    (rt, client)
}

/// The lines of a plan that describe changes (`+`, `~`, `-`).
pub fn change_lines(plan: &str) -> Vec<&str> {
    plan.lines()
        .filter(|l| l.starts_with('+') || l.starts_with('~') || l.starts_with('-'))
        .collect()
}

/// A project of `n` daily chains, `n` offer chains, `n` coupons and `n` promo codes (with
/// listed and generated codes), on the demo catalog.
pub fn big_project(n: usize) -> Value {
    let mut daily = Vec::new();
    let mut offers = Vec::new();
    let mut coupons = Vec::new();
    let mut promos = Vec::new();
    for i in 0..n {
        daily.push(json!({
            "name": {"en": format!("Daily {i}")}, "date_start": "2025-01-01T00:00:00+00:00",
            "is_enabled": true, "type": "rolling", "is_recurrent": true,
            "steps": [
                {"step_number": 1, "items": [{"sku": "gold", "quantity": 10 + i}]},
                {"step_number": 2, "items": [{"sku": "gems", "quantity": 1}]}
            ]
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
            "is_enabled": i % 2 == 0, "codes": [format!("COUPON{i}A"), format!("COUPON{i}B")]
        }));
        promos.push(json!({
            "external_id": format!("promo_{i}"), "name": {"en-US": format!("Promo {i}")},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "discount": {"percent": "5.00"}, "redeem_user_limit": 1,
            "is_enabled": true, "generate": 3
        }));
    }
    json!({
        "daily_chains": daily,
        "offer_chains": offers,
        "coupons": coupons,
        "promo_codes": promos
    })
}
