//! `liveops-emulator`: the LiveOps emulator as a command-line server.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use xsolla_liveops::ProjectId;
use xsolla_liveops_emulator::{Config, CorsOrigins, Seed, Storage};
use xsolla_liveops_emulator::{DEFAULT_API_KEY, DEFAULT_JWT_SECRET};

/// A claim allocates a few dozen times (hyper, axum, SQLite's statements); mimalloc's
/// per-thread pages serve that with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A local, stateful Xsolla LiveOps server for development and CI.
#[derive(Debug, Parser)]
#[command(name = "liveops-emulator", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8780")]
    addr: SocketAddr,
    /// SQLite file to keep state in (WAL mode); in memory when left out.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Seed file (JSON, admin API request shapes); the built-in demo project when left out.
    #[arg(long)]
    seed: Option<PathBuf>,
    /// Project id every path must carry.
    #[arg(long, default_value_t = 44056)]
    project_id: i64,
    /// API key for admin calls (Basic auth password).
    #[arg(long, env = "LIVEOPS_EMULATOR_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// HS256 secret player tokens are signed with.
    #[arg(long, env = "LIVEOPS_EMULATOR_JWT_SECRET", hide_env_values = true)]
    jwt_secret: Option<String>,
    /// Do not serve the /__emulator/ control API.
    #[arg(long)]
    no_control: bool,
    /// Serve a built web game from this directory at `/` (index.html), so the game and the
    /// API share one origin; the dashboard moves to /dashboard/.
    #[arg(long, value_name = "DIR")]
    serve_web: Option<PathBuf>,
    /// A web page origin (`scheme://host[:port]`) allowed to call from a browser; repeat it
    /// for more. Without it, pages on localhost, 127.0.0.1 and `[::1]` of any port may call.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Allow no cross-origin calls at all.
    #[arg(long, conflicts_with = "cors_origins")]
    no_cors: bool,
    /// Do not expose `Date` to pages on other origins (a server that does not list it in
    /// Access-Control-Expose-Headers): a web game's clock falls back to the device's.
    #[arg(long)]
    cors_hide_date: bool,
    /// Log line format: `text` for people (coloured on a terminal only), `json` (one object a
    /// line) for log shippers.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// Human-readable lines; ANSI colours only when standard output is a terminal.
    Text,
    /// One JSON object per line, never coloured.
    Json,
}

/// Starts the log: to standard output, filtered by `RUST_LOG` (default `info`). Colours only
/// when standard output is a terminal, so a pipe, a file or a CI log gets plain text.
fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logs(args.log_format);
    let seed = match &args.seed {
        Some(path) => match Seed::from_file(path) {
            Ok(seed) => seed,
            Err(e) => {
                eprintln!("liveops-emulator: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => Seed::builtin(),
    };
    let default_key = args.api_key.is_none();
    let default_secret = args.jwt_secret.is_none();
    let config = Config {
        addr: args.addr,
        project_id: ProjectId(args.project_id),
        api_key: args.api_key.unwrap_or_else(|| DEFAULT_API_KEY.to_owned()),
        jwt_secret: args
            .jwt_secret
            .unwrap_or_else(|| DEFAULT_JWT_SECRET.to_owned()),
        storage: args.db.clone().map_or(Storage::Memory, Storage::File),
        control_api: !args.no_control,
        seed,
        cors: if args.no_cors {
            CorsOrigins::Off
        } else if args.cors_origins.is_empty() {
            CorsOrigins::Loopback
        } else {
            CorsOrigins::List(args.cors_origins.clone())
        },
        web_root: args.serve_web.clone(),
        cors_hide_date: args.cors_hide_date,
        ..Config::default()
    };
    if let Some(dir) = &args.serve_web
        && !dir.join("index.html").is_file()
    {
        eprintln!(
            "liveops-emulator: --serve-web {}: no index.html there",
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("liveops-emulator: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let emu = match xsolla_liveops_emulator::Emulator::start(config).await {
            Ok(emu) => emu,
            Err(e) => {
                eprintln!("liveops-emulator: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("Xsolla LiveOps emulator listening on {}", emu.base_url());
        println!("  project id:   {}", emu.project_id());
        println!("  Xsolla Login: {}", emu.login_base_url());
        println!(
            "  storage:      {}",
            args.db
                .as_ref()
                .map_or("in memory".to_owned(), |p| p.display().to_string())
        );
        // Only the well-known local defaults are printed; a key or secret given on the
        // command line or in the environment is never echoed.
        if default_key {
            println!(
                "  admin auth:   Basic {}:{DEFAULT_API_KEY}",
                emu.project_id()
            );
        } else {
            println!(
                "  admin auth:   Basic {}:<the key you gave>",
                emu.project_id()
            );
        }
        if default_secret {
            println!("  JWT secret:   {DEFAULT_JWT_SECRET} (HS256)");
        } else {
            println!("  JWT secret:   <the secret you gave> (HS256)");
        }
        if let Some(dir) = &args.serve_web {
            println!(
                "  web game:     {}/ (from {})",
                emu.base_url(),
                dir.display()
            );
        }
        if args.no_control {
            println!("  control API:  off");
        } else {
            println!(
                "  player token: curl -s -X POST {}/__emulator/token -d '{{\"sub\":\"player-1\"}}'",
                emu.base_url()
            );
        }
        match tokio::signal::ctrl_c().await {
            Ok(()) => println!("shutting down"),
            Err(e) => eprintln!("liveops-emulator: cannot listen for Ctrl-C: {e}"),
        }
        emu.stop();
        ExitCode::SUCCESS
    })
}
