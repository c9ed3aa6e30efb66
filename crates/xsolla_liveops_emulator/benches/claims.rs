//! Stateful claims per second over loopback with 32 keep-alive connections, next to a trivial
//! axum JSON handler measured in the same run. (Code generation has its own bench, `codes`.)
//!
//! ```text
//! cargo bench -p xsolla_liveops_emulator --bench claims              # in-memory database
//! cargo bench -p xsolla_liveops_emulator --bench claims -- --file    # WAL file database
//! ```
//!
//! How it measures, so that the figures mean something on a small machine:
//! - The load generator works like `wrk -t2 -c32`: two threads drive 32 HTTP/1.1 keep-alive
//!   connections, write ready-made request bytes and read only the status line and
//!   `Content-Length`, so it costs little next to any server. The same generator drives both
//!   servers.
//! - The baseline (`GET /ping` → `{"ok":true}` from a bare axum router) and the emulator each
//!   run on a tokio runtime of their own with two worker threads, as a server process would.
//! - Windows alternate, baseline then claims, for several rounds; the report gives the median
//!   of each and the median of the per-round ratios, so a compile starting elsewhere on the
//!   machine spoils one round rather than the figure.
//! - Every claim is a real, successful, stateful claim (answer 204): player *p* claims step 1
//!   of rolling daily chain *c*, which writes a claim row, an inventory row and a grant row in
//!   one transaction. Each player claims 64 chains with one token, as a game client reuses
//!   its token; `BENCH_TOKENS=unique` gives every claim a player and token of its own.
//!
//! Other knobs: `BENCH_ROUNDS` (default 5), `BENCH_WINDOW_MS` (default 2000), `BENCH_MICRO=1`
//! with `--features internals` (times a token verification and a store-level claim without HTTP, one at a time and
//! group-committed from 32 tasks, in memory and in a WAL file, then stops), `BENCH_SERVE=<file>` (serves both, writes the players' tokens to the
//! file and waits ten minutes, for another load generator such as `wrk`; see the README).
#![allow(missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use xsolla_liveops_emulator::{Config, Emulator, Seed};

/// The allocator of the `liveops-emulator` binary, so that the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Open connections, like `wrk -c32`.
const CONNECTIONS: usize = 32;
/// Load threads, like `wrk -t2`.
const LOAD_THREADS: usize = 2;
/// The name of the load generator's threads.
const LOAD_THREAD_NAME: &str = "load";
/// The name of the baseline server's runtime threads.
const BASELINE_THREADS: &str = "baseline";
/// The name of the emulator's runtime threads (tokio's default).
const EMULATOR_THREADS: &str = "tokio-rt-worker";
/// Daily chains each player claims (with one token) in the default mode.
const CHAINS: usize = 64;

/// Builds request number `i`.
type MakeRequest = Arc<dyn Fn(usize) -> Vec<u8> + Send + Sync>;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Reads one response from `stream` into `buf`; returns its status.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> u16 {
    buf.clear();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..header_end]).expect("ASCII headers");
    let status: u16 = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "the server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
    }
    assert_eq!(buf.len(), header_end + length, "one request, one response");
    status
}

/// The requests that `CONNECTIONS` connections get answered during `window`, and their rate
/// per second.
fn load(
    generator: &tokio::runtime::Runtime,
    addr: SocketAddr,
    make: MakeRequest,
    next: Arc<AtomicUsize>,
    expect: u16,
    window: Duration,
) -> (usize, f64) {
    generator.block_on(async move {
        let mut streams = Vec::new();
        for _ in 0..CONNECTIONS {
            let s = TcpStream::connect(addr).await.expect("connect");
            s.set_nodelay(true).expect("nodelay");
            streams.push(s);
        }
        let started = Instant::now();
        let deadline = started + window;
        let tasks: Vec<_> = streams
            .into_iter()
            .map(|mut stream| {
                let (make, next) = (make.clone(), next.clone());
                tokio::spawn(async move {
                    let mut buf = Vec::with_capacity(4096);
                    let mut done = 0usize;
                    while Instant::now() < deadline {
                        let request = make(next.fetch_add(1, Ordering::Relaxed));
                        stream.write_all(&request).await.expect("write");
                        let status = read_response(&mut stream, &mut buf).await;
                        assert_eq!(status, expect, "{}", String::from_utf8_lossy(&buf));
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("a load task");
        }
        (total, total as f64 / started.elapsed().as_secs_f64())
    })
}

/// The trivial axum JSON handler, on a runtime of its own.
fn baseline() -> (SocketAddr, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(BASELINE_THREADS)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            let app = axum::Router::new().route(
                "/ping",
                axum::routing::get(|| async { axum::Json(serde_json::json!({"ok": true})) }),
            );
            axum::serve(listener, app).await.expect("serve");
        });
    });
    (rx.recv().expect("the baseline address"), thread)
}

fn seed() -> Seed {
    let chain = |i: usize| {
        format!(
            r#"{{"name":{{"en":"Bench {i}"}},"date_start":"2025-01-01T00:00:00Z","is_enabled":true,
                "type":"rolling","steps":[{{"step_number":1,"items":[{{"sku":"gold","quantity":1}}]}}]}}"#
        )
    };
    let chains: Vec<String> = (0..CHAINS).map(chain).collect();
    Seed::from_json(&format!(
        r#"{{"items":[{{"sku":"gold","name":{{"en":"Gold"}},"type":"virtual_currency"}}],
            "daily_chains":[{}]}}"#,
        chains.join(",")
    ))
    .expect("the bench seed")
}

/// CPU time the threads whose name starts with `prefix` have run, in nanoseconds (from
/// `/proc/self/task/*/schedstat`; 0 where that is not available).
fn cpu_ns(prefix: &str) -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with(prefix))
        })
        .filter_map(|task| {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            stat.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum()
}

/// Runs `measure` (which returns the requests it got answered and their rate) and returns the
/// rate and the CPU time per request, in microseconds, of the server threads named `server`
/// and of the load generator's threads.
fn with_cpu(server: &str, measure: impl FnOnce() -> (usize, f64)) -> (f64, f64, f64) {
    let before = (cpu_ns(server), cpu_ns(LOAD_THREAD_NAME));
    let (answered, rate) = measure();
    let per_request =
        |now: u64, then: u64| now.saturating_sub(then) as f64 / 1_000.0 / answered.max(1) as f64;
    (
        rate,
        per_request(cpu_ns(server), before.0),
        per_request(cpu_ns(LOAD_THREAD_NAME), before.1),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[cfg(feature = "internals")]
fn micro() {
    let keys = xsolla_liveops_emulator::internals::TokenKeys::new("s");
    let token = keys.mint("player", 1_000, 3600).expect("a token");
    let t = Instant::now();
    for _ in 0..100_000 {
        assert!(keys.verify(&token, 1_000).is_some());
    }
    println!("token verification: {:?}/op", t.elapsed() / 100_000);
    let dir = std::env::temp_dir().join(format!("liveops-micro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    for storage in [
        xsolla_liveops_emulator::Storage::Memory,
        xsolla_liveops_emulator::Storage::File(dir.join("micro.db")),
    ] {
        let store =
            xsolla_liveops_emulator::internals::Store::open(&storage, &seed(), 1_800_000_000)
                .expect("a store");
        let subs: Vec<String> = (0..50_000).map(|i| format!("p{i}")).collect();
        let t = Instant::now();
        for sub in &subs {
            store
                .lock()
                .write(|tx, cache| {
                    xsolla_liveops_emulator::internals::daily::claim(
                        tx,
                        cache,
                        sub,
                        1,
                        1,
                        1_800_000_000,
                    )
                })
                .expect("a claim");
        }
        println!(
            "store-level claim ({storage:?}): {:?}/op",
            t.elapsed() / 50_000
        );
        // The same claims submitted by 32 tasks at once, group-committed by the database
        // thread, as the claim route does.
        let store = Arc::new(store);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("a runtime");
        let t = Instant::now();
        runtime.block_on(async {
            let tasks: Vec<_> = (0..32)
                .map(|task| {
                    let store = Arc::clone(&store);
                    tokio::spawn(async move {
                        for i in (task..50_000).step_by(32) {
                            let sub = format!("p{i}");
                            store
                                .submit(move |tx, cache| {
                                    xsolla_liveops_emulator::internals::daily::claim(
                                        tx,
                                        cache,
                                        &sub,
                                        2,
                                        1,
                                        1_800_000_000,
                                    )
                                })
                                .await
                                .expect("a claim");
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.expect("a task");
            }
        });
        println!(
            "store-level claim, group-committed from 32 tasks ({storage:?}): {:?}/op",
            t.elapsed() / 50_000
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    if std::env::var_os("BENCH_MICRO").is_some() {
        #[cfg(feature = "internals")]
        micro();
        #[cfg(not(feature = "internals"))]
        eprintln!("BENCH_MICRO times the store directly: add `--features internals`");
        return;
    }
    let file = std::env::args().any(|a| a == "--file");
    let unique_tokens = std::env::var("BENCH_TOKENS").is_ok_and(|v| v == "unique");
    let rounds = env_usize("BENCH_ROUNDS", 5).max(1);
    let window = Duration::from_millis(env_usize("BENCH_WINDOW_MS", 2000) as u64);
    let generator = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(LOAD_THREADS)
        .thread_name(LOAD_THREAD_NAME)
        .enable_all()
        .build()
        .expect("the load runtime");

    let (ping, _baseline) = baseline();
    let ping_request: Arc<[u8]> =
        Arc::from(format!("GET /ping HTTP/1.1\r\nHost: {ping}\r\n\r\n").into_bytes());
    let ping_make: MakeRequest = Arc::new(move |_| ping_request.to_vec());

    let dir = std::env::temp_dir().join(format!("liveops-bench-{}", std::process::id()));
    let mut config = Config::default().with_seed(seed());
    if file {
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        config = config.with_file(dir.join("bench.db"));
    }
    let emu = Emulator::start_blocking(config).expect("the emulator");
    let addr = emu.addr();
    // Enough players for every window at 150,000 claims/s.
    let claims_needed = (150_000.0 * window.as_secs_f64() * (rounds + 1) as f64) as usize;
    let per_player = if unique_tokens { 1 } else { CHAINS };
    let players = claims_needed / per_player + 1;
    let bearer: Arc<Vec<String>> = Arc::new(
        (0..players)
            .map(|p| emu.mint_token(&format!("p{p}"), Duration::from_secs(86_400)))
            .collect(),
    );
    let bearer_list = bearer.clone();
    let path = format!("/v2/project/{}/user/daily_chain", emu.project_id());
    let path_shown = path.clone();
    let claim_make: MakeRequest = Arc::new(move |i| {
        let (player, chain) = (i / per_player, i % per_player + 1);
        let token = bearer.get(player).expect("more players than claims");
        format!(
            "POST {path}/{chain}/step/number/1/claim HTTP/1.1\r\nHost: {addr}\r\n\
             Authorization: Bearer {token}\r\nContent-Length: 0\r\n\r\n"
        )
        .into_bytes()
    });
    let claim_next = Arc::new(AtomicUsize::new(0));
    if let Ok(tokens) = std::env::var("BENCH_SERVE") {
        // Cross-checking with another load generator (see the crate README): serve both,
        // write the players' tokens one per line, and wait.
        std::fs::write(&tokens, bearer_list.join("\n")).expect("the token file");
        println!("baseline: http://{ping}/ping");
        println!("claims:   http://{addr}{path_shown}/{{1..{CHAINS}}}/step/number/1/claim");
        println!("tokens:   {tokens} (player p = line p + 1)");
        std::thread::sleep(Duration::from_secs(600));
        return;
    }

    let run_baseline = |window| {
        load(
            &generator,
            ping,
            ping_make.clone(),
            Arc::default(),
            200,
            window,
        )
    };
    let run_claims = |window| {
        load(
            &generator,
            addr,
            claim_make.clone(),
            claim_next.clone(),
            204,
            window,
        )
    };

    // Warm-up: connections, caches, the allocator.
    let warm = Duration::from_millis(300);
    run_baseline(warm);
    run_claims(warm);

    let (mut base, mut claims, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut base_cpu, mut claims_cpu) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (b, b_cpu, b_load) = with_cpu(BASELINE_THREADS, || run_baseline(window));
        let (c, c_cpu, c_load) = with_cpu(EMULATOR_THREADS, || run_claims(window));
        println!(
            "  round: baseline {b:>8.0}/s, claims {c:>8.0}/s ({:.0}%); CPU per request: \
             baseline {b_cpu:.1} µs, claim {c_cpu:.1} µs, load generator {b_load:.1} / {c_load:.1} µs",
            100.0 * c / b
        );
        base.push(b);
        claims.push(c);
        ratios.push(c / b);
        base_cpu.push(b_cpu);
        claims_cpu.push(c_cpu);
    }
    let claimed = claim_next.load(Ordering::Relaxed);
    println!(
        "trivial axum JSON handler:            {:>8.0} requests/s (median of {rounds})",
        median(base)
    );
    println!(
        "stateful daily claims ({}, {}): {:>8.0} claims/s = {:.0}% of the baseline (median ratio)",
        if file { "WAL file" } else { "in memory" },
        if unique_tokens {
            "a token per claim"
        } else {
            "64 claims per token"
        },
        median(claims),
        100.0 * median(ratios)
    );
    println!(
        "server CPU per request (median): baseline {:.1} µs, claim {:.1} µs",
        median(base_cpu),
        median(claims_cpu)
    );
    // Every claim answered 204; the inventory must hold exactly one gold per claim.
    let sample = emu.inventory("p0").expect("inventory");
    assert_eq!(
        sample,
        [("gold".to_owned(), per_player.min(claimed) as i64)]
    );
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}
