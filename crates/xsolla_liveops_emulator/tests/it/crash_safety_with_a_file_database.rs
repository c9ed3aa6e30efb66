//! Crash safety with a file database: the `liveops-emulator` binary serves a burst of concurrent
//! daily-chain and offer-chain claims from many players, is killed with SIGKILL in the middle of
//! it, and is started again on the same file. Three rounds, each killed at a different point.
//!
//! After every restart: every claim a client saw succeed is in the inventory, nothing is in the
//! inventory twice, nothing is in it that no client asked for, the chains show exactly the
//! granted steps as claimed, and a step seen claimed cannot be claimed again. At the end the
//! grants audit table is compared with the inventory row by row, and SQLite's integrity check
//! passes. Claims whose answer was lost to the kill may or may not have been committed, but
//! never twice.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use xsolla_liveops::models::daily::DailyStepStatus;
use xsolla_liveops::retry::RetryPolicy;
use xsolla_liveops::{Client, UserToken};
use xsolla_liveops_emulator::DEFAULT_PROJECT_ID;

const JWT_SECRET: &str = "crash-test-jwt-secret";
const API_KEY: &str = "crash-test-api-key";
/// Players per round, all claiming at once.
const PLAYERS: usize = 48;
/// Rolling daily chains in the seed; chain `i` grants one `daily{i}`.
const DAILY_CHAINS: usize = 3;
/// Free steps of the offer chain; step `n` grants one `offer{n}`.
const OFFER_STEPS: i64 = 4;
/// Claims one player makes when nothing stops it.
const CLAIMS_PER_PLAYER: usize = DAILY_CHAINS + OFFER_STEPS as usize;
/// Share of a round's claims that succeed before the kill, per round.
const KILL_AFTER: [f64; 3] = [0.2, 0.5, 0.8];
/// No step of the test may take longer.
const PATIENCE: Duration = Duration::from_secs(60);

/// One player taking one step; each step grants its own SKU, once.
type Grant = (String, String);

fn seed() -> String {
    let mut items = Vec::new();
    let mut daily = Vec::new();
    for i in 1..=DAILY_CHAINS {
        items.push(format!(
            r#"{{"sku": "daily{i}", "name": {{"en": "Daily {i}"}}, "type": "virtual_good"}}"#
        ));
        daily.push(format!(
            r#"{{"name": {{"en": "Daily {i}"}}, "date_start": "2025-01-01T00:00:00+00:00",
                "is_enabled": true, "type": "rolling", "order": {i},
                "steps": [{{"step_number": 1, "items": [{{"sku": "daily{i}", "quantity": 1}}]}},
                          {{"step_number": 2, "items": [{{"sku": "daily{i}", "quantity": 1}}]}}]}}"#
        ));
    }
    let mut steps = Vec::new();
    for n in 1..=OFFER_STEPS {
        items.push(format!(
            r#"{{"sku": "offer{n}", "name": {{"en": "Offer {n}"}}, "type": "virtual_good"}}"#
        ));
        steps.push(format!(
            r#"{{"step_number": {n}, "is_free": true, "items": [{{"sku": "offer{n}", "quantity": 1}}]}}"#
        ));
    }
    format!(
        r#"{{"items": [{}], "daily_chains": [{}], "offer_chains": [{{"name": {{"en": "Path"}},
            "date_start": "2025-01-01T00:00:00+00:00", "is_enabled": true, "steps": [{}]}}]}}"#,
        items.join(","),
        daily.join(","),
        steps.join(",")
    )
}

/// The emulator as a child process. Killed (SIGKILL) when dropped, so a failing test leaves
/// nothing running.
struct Server {
    child: Arc<Mutex<Child>>,
    addr: SocketAddr,
}

impl Server {
    fn start(db: &Path, seed: &Path) -> Self {
        for _ in 0..5 {
            // A port that was free a moment ago; if another process takes it first, the
            // emulator exits and we try another.
            let addr = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free loopback port");
            let mut child = Command::new(env!("CARGO_BIN_EXE_liveops-emulator"))
                .arg("--db")
                .arg(db)
                .arg("--seed")
                .arg(seed)
                .args(["--addr", &addr.to_string()])
                .args(["--api-key", API_KEY, "--jwt-secret", JWT_SECRET])
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the liveops-emulator binary starts");
            let started = Instant::now();
            loop {
                if child.try_wait().expect("child status").is_some() {
                    break; // exited: most likely the port was taken
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
                    return Self {
                        child: Arc::new(Mutex::new(child)),
                        addr,
                    };
                }
                assert!(
                    started.elapsed() < PATIENCE,
                    "the emulator did not listen on {addr} within {PATIENCE:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("the emulator could not start on a free port five times in a row");
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A handle that SIGKILLs the server from any thread.
    fn killer(&self) -> impl Fn() + Send + Sync + 'static {
        let child = Arc::clone(&self.child);
        move || {
            let mut child = child.lock().unwrap_or_else(|e| e.into_inner());
            // SIGKILL: no shutdown code runs, open transactions are simply gone.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.killer()();
    }
}

fn client(base_url: &str, sub: &str) -> Client {
    let now = chrono::Utc::now().timestamp();
    // A plain HS256 token with the claims Xsolla Login puts in one, signed with the secret
    // the binary was started with: what any JWT library would make.
    let claims = serde_json::json!({"sub": sub, "iat": now, "exp": now + 3_600});
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .expect("an HS256 token");
    Client::builder(DEFAULT_PROJECT_ID)
        .base_url(base_url)
        .user_token(UserToken::parse(token).expect("a parseable token"))
        .retry(RetryPolicy::none())
        .request_timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

/// The ids of the seeded chains, as a player sees them: daily chains in order, then the
/// offer chain.
async fn chain_ids(base_url: &str) -> (Vec<i64>, i64) {
    let c = client(base_url, "observer");
    let daily = c.daily_chains().list().send().await.expect("daily chains");
    let offer = c.offer_chains().list().send().await.expect("offer chains");
    assert_eq!(daily.items.len(), DAILY_CHAINS);
    assert_eq!(offer.items.len(), 1);
    (
        daily.items.iter().map(|c| c.id.0).collect(),
        offer.items[0].id.0,
    )
}

#[derive(Default)]
struct Outcomes {
    /// Claims answered with success.
    seen: Vec<Grant>,
    /// Claims sent whose answer never came (the server died): committed or not.
    lost: Vec<Grant>,
}

/// One round: `PLAYERS` players claim everything they can, concurrently; the claim that brings
/// the successes to `kill_after` of all claims SIGKILLs the server while the others are in
/// flight.
async fn burst(server: &Server, round: usize, kill_after: f64) -> Outcomes {
    let base = server.base_url();
    let (daily, offer) = chain_ids(&base).await;
    let total = PLAYERS * CLAIMS_PER_PLAYER;
    let threshold = (total as f64 * kill_after) as usize;
    let kill = Arc::new(server.killer());
    let outcomes = Arc::new(Mutex::new(Outcomes::default()));
    let successes = Arc::new(AtomicUsize::new(0));
    let dead = Arc::new(AtomicBool::new(false));
    let start = Arc::new(tokio::sync::Barrier::new(PLAYERS));
    let tasks: Vec<_> = (0..PLAYERS)
        .map(|p| {
            let sub = format!("r{round}-p{p}");
            let c = client(&base, &sub);
            let (daily, kill, outcomes, successes, dead, start) = (
                daily.clone(),
                kill.clone(),
                outcomes.clone(),
                successes.clone(),
                dead.clone(),
                start.clone(),
            );
            tokio::spawn(async move {
                // Offer steps strictly in order, a daily chain after each.
                let mut plan = Vec::new();
                for n in 1..=OFFER_STEPS {
                    plan.push((format!("offer{n}"), None, n));
                    if let Some(id) = daily.get(n as usize - 1) {
                        plan.push((format!("daily{n}"), Some(*id), 1));
                    }
                }
                start.wait().await;
                for (sku, daily_chain, step) in plan {
                    if dead.load(Ordering::SeqCst) {
                        break;
                    }
                    let result = match daily_chain {
                        Some(id) => c.daily_chains().claim(id, step).send().await.map(drop),
                        None => c.offer_chains().claim(offer, step).send().await.map(|r| {
                            assert!(r.order_id.is_some(), "a free claim returns its order");
                        }),
                    };
                    match result {
                        Ok(()) => {
                            outcomes.lock().unwrap().seen.push((sub.clone(), sku));
                            if successes.fetch_add(1, Ordering::SeqCst) + 1 == threshold {
                                dead.store(true, Ordering::SeqCst);
                                kill();
                            }
                        }
                        Err(e) => {
                            assert!(
                                e.api().is_none(),
                                "{sub} {sku}: a valid claim was refused: {e}"
                            );
                            assert!(dead.load(Ordering::SeqCst), "{sub} {sku}: {e}");
                            outcomes.lock().unwrap().lost.push((sub.clone(), sku));
                            break; // the server is gone
                        }
                    }
                }
            })
        })
        .collect();
    tokio::time::timeout(PATIENCE, async {
        for t in tasks {
            t.await.expect("a player task");
        }
    })
    .await
    .unwrap_or_else(|_| panic!("round {round}: the burst took longer than {PATIENCE:?}"));
    let outcomes = std::mem::take(&mut *outcomes.lock().unwrap());
    assert!(
        dead.load(Ordering::SeqCst) && outcomes.seen.len() < total,
        "round {round}: the kill did not come during the burst ({} of {total} claims succeeded)",
        outcomes.seen.len()
    );
    outcomes
}

async fn inventory(http: &reqwest::Client, base_url: &str, sub: &str) -> BTreeMap<String, i64> {
    let body: serde_json::Value = http
        .get(format!("{base_url}/__emulator/users/{sub}/inventory"))
        .send()
        .await
        .expect("inventory request")
        .json()
        .await
        .expect("inventory JSON");
    body["items"]
        .as_array()
        .expect("an items array")
        .iter()
        .map(|i| {
            (
                i["sku"].as_str().expect("sku").to_owned(),
                i["quantity"].as_i64().expect("quantity"),
            )
        })
        .collect()
}

/// Checks one round's players against a running server.
async fn verify(base_url: &str, round: usize, outcomes: &Outcomes) {
    let http = reqwest::Client::new();
    let (daily, offer) = chain_ids(base_url).await;
    let seen: BTreeSet<&Grant> = outcomes.seen.iter().collect();
    let asked: BTreeSet<&Grant> = seen.iter().copied().chain(&outcomes.lost).collect();
    assert_eq!(seen.len(), outcomes.seen.len(), "a claim succeeded twice");
    for p in 0..PLAYERS {
        let sub = format!("r{round}-p{p}");
        let inv = inventory(&http, base_url, &sub).await;
        for (sku, quantity) in &inv {
            let grant = (sub.clone(), sku.clone());
            assert_eq!(*quantity, 1, "{sub} holds {quantity} {sku}: granted twice");
            assert!(
                asked.contains(&grant),
                "{sub} holds {sku} but never claimed it"
            );
        }
        for (s, sku) in &outcomes.seen {
            if *s == sub {
                assert_eq!(
                    inv.get(sku),
                    Some(&1),
                    "{sub} saw the claim of {sku} succeed, but the inventory lacks it"
                );
            }
        }
        // The chains agree with the inventory, and a step seen claimed stays claimed.
        let c = client(base_url, &sub);
        for (i, id) in daily.iter().enumerate() {
            let sku = format!("daily{}", i + 1);
            let chain = c.daily_chains().get(*id).send().await.expect("daily chain");
            assert_eq!(
                chain.steps[0].status == DailyStepStatus::Claimed,
                inv.contains_key(&sku),
                "{sub}: daily chain {id} disagrees with the inventory"
            );
            if seen.contains(&(sub.clone(), sku.clone())) {
                let again = c.daily_chains().claim(*id, 1).send().await;
                assert!(
                    again
                        .as_ref()
                        .is_err_and(|e| e.api().is_some_and(|a| a.status == 422)),
                    "{sub}: {sku} could be claimed again: {again:?}"
                );
            }
        }
        let chain = c
            .offer_chains()
            .get(offer)
            .send()
            .await
            .expect("offer chain");
        for step in &chain.steps {
            let sku = format!("offer{}", step.step_number.0);
            assert_eq!(
                step.is_claimed,
                inv.contains_key(&sku),
                "{sub}: offer step {} disagrees with the inventory",
                step.step_number.0
            );
            if seen.contains(&(sub.clone(), sku.clone())) {
                let again = c
                    .offer_chains()
                    .claim(offer, step.step_number.0)
                    .send()
                    .await;
                assert!(
                    again
                        .as_ref()
                        .is_err_and(|e| e.api().is_some_and(|a| a.status == 422)),
                    "{sub}: {sku} could be claimed again: {again:?}"
                );
            }
        }
    }
}

/// Reads the database file directly: the grants audit table matches the inventory, every
/// grant names what earned it, and the file is intact.
fn verify_file(db: &Path, rounds: &[Outcomes]) {
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare("SELECT sub, sku, COUNT(*), SUM(quantity) FROM grants GROUP BY sub, sku")
        .expect("grants query");
    let grants: BTreeMap<Grant, (i64, i64)> = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))
        .expect("grants")
        .collect::<Result<_, _>>()
        .expect("grant rows");
    let mut stmt = conn
        .prepare("SELECT sub, sku, quantity FROM inventory")
        .expect("inventory query");
    let inventory: BTreeMap<Grant, i64> = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .expect("inventory")
        .collect::<Result<_, _>>()
        .expect("inventory rows");
    assert_eq!(
        grants.len(),
        inventory.len(),
        "the audit table and the inventory disagree"
    );
    for (grant, (count, sum)) in &grants {
        assert_eq!(*count, 1, "{grant:?} was granted {count} times");
        assert_eq!(
            inventory.get(grant),
            Some(sum),
            "{grant:?}: audit ≠ inventory"
        );
    }
    let bad_sources: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM grants
             WHERE source NOT LIKE 'daily_chain:%:step:1:cycle:0'
               AND source NOT LIKE 'offer_chain:%:step:%:order:%'",
            [],
            |r| r.get(0),
        )
        .expect("sources");
    assert_eq!(bad_sources, 0, "a grant without a claim behind it");
    let seen: usize = rounds.iter().map(|o| o.seen.len()).sum();
    let lost: usize = rounds.iter().map(|o| o.lost.len()).sum();
    assert!(
        (seen..=seen + lost).contains(&grants.len()),
        "{} grants for {seen} seen and {lost} lost claims",
        grants.len()
    );
}

#[test]
fn claims_seen_to_succeed_survive_sigkill_and_none_is_granted_twice() {
    let dir = std::env::temp_dir().join(format!(
        "liveops-crash-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let db: PathBuf = dir.join("state.db");
    let seed_path = dir.join("seed.json");
    std::fs::write(&seed_path, seed()).expect("the seed file");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut rounds = Vec::new();
    rt.block_on(async {
        for (round, kill_after) in KILL_AFTER.into_iter().enumerate() {
            let server = Server::start(&db, &seed_path);
            rounds.push(burst(&server, round, kill_after).await);
            drop(server);
            // Restart on the same file; this round and every earlier one must hold.
            let server = Server::start(&db, &seed_path);
            for (r, outcomes) in rounds.iter().enumerate() {
                verify(&server.base_url(), r, outcomes).await;
            }
            drop(server); // SIGKILL again, while idle
        }
    });
    verify_file(&db, &rounds);
    let seen: usize = rounds.iter().map(|o| o.seen.len()).sum();
    let lost: usize = rounds.iter().map(|o| o.lost.len()).sum();
    eprintln!(
        "{} rounds: {seen} claims seen to succeed, {lost} answers lost to SIGKILL",
        rounds.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
