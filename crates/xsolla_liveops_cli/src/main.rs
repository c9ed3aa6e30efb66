//! `liveops`: an Xsolla LiveOps project as code.
//!
//! `plan` compares a seed file with a project, `apply` makes the project match it, `export`
//! writes a project back as a seed file, and `codes` generates and exports campaign codes.
//! See the crate README for the resource kinds, their matching keys and the exit codes.
//!
//! This file reads the command line; each command lives in [`commands`], what they share
//! (client, seed file, project read) in [`connect`], exit codes in [`failure`].

mod apply;
mod codes;
mod commands;
mod connect;
mod export;
mod failure;
mod families;
mod plan;
mod project;
mod write;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use xsolla_liveops::DEFAULT_BASE_URL;

use crate::failure::{FAILED, Failure, OK, USAGE};

#[derive(Parser)]
#[command(
    name = "liveops",
    version,
    about = "Xsolla LiveOps configuration as code"
)]
struct Cli {
    #[command(flatten)]
    target: Target,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Target {
    /// API base URL.
    #[arg(long, global = true, default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Project id. The API key is read from XSOLLA_API_KEY, or asked for on the terminal.
    #[arg(long, global = true)]
    project_id: Option<i64>,
    /// A local emulator's URL: its default project id and key are used.
    #[arg(long, global = true, conflicts_with = "base_url")]
    emulator: Option<String>,
    /// Calls in flight at once (1 to 256).
    #[arg(
        long,
        global = true,
        default_value_t = 8,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256)
    )]
    concurrency: usize,
    /// No progress bars.
    #[arg(long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Shows what `apply` would change. Exits 0 when nothing would, 2 when something would.
    Plan(commands::plan::PlanArgs),
    /// Makes the project match the file.
    Apply(commands::apply::ApplyArgs),
    /// Writes the project's configuration as a seed file.
    Export(commands::export::ExportArgs),
    /// Codes of coupons, promo codes and unique offers.
    #[command(subcommand)]
    Codes(CodesCommand),
}

#[derive(Subcommand)]
enum CodesCommand {
    /// Generates random codes for a campaign.
    Generate(commands::codes_generate::GenerateArgs),
    /// Writes a campaign's codes to a CSV file.
    Export(commands::codes_export::CodesExportArgs),
}

async fn run(cli: Cli) -> Result<u8, Failure> {
    let target = &cli.target;
    match cli.command {
        Command::Plan(args) => commands::plan::run(target, args).await,
        Command::Apply(args) => commands::apply::run(target, args).await,
        Command::Export(args) => commands::export::run(target, args).await,
        Command::Codes(CodesCommand::Generate(args)) => {
            commands::codes_generate::run(target, args).await
        }
        Command::Codes(CodesCommand::Export(args)) => {
            commands::codes_export::run(target, args).await
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("liveops: cannot start: {e}");
            return ExitCode::from(FAILED);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("liveops: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
