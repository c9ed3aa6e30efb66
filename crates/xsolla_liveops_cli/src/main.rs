//! `liveops`: an Xsolla LiveOps project as code.
//!
//! `plan` compares a seed file with a project, `apply` makes the project match it, `export`
//! writes a project back as a seed file, and `codes` generates and exports campaign codes.
//! See the crate README for the resource kinds, their matching keys and the exit codes.

mod apply;
mod codes;
mod export;
mod families;
mod plan;
mod project;
mod write;

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};
use xsolla_liveops::seed::{Seed, SeedError};
use xsolla_liveops::{AdminCredentials, Client, DEFAULT_BASE_URL, Error, ProjectId};

use crate::project::{Kind, Remote};

/// Nothing to change, or the command did what it was asked.
const OK: u8 = 0;
/// A call failed (network, server, an apply stopped part way): see the message.
const FAILED: u8 = 1;
/// `plan` found differences between the file and the project.
const CHANGES: u8 = 2;
/// The file is invalid, or names something the project lacks; nothing was sent.
const BAD_FILE: u8 = 3;
/// The project refused the API key (401) or the project id (403).
const REFUSED: u8 = 4;
/// The command line is wrong.
const USAGE: u8 = 64;

/// The project id and API key of a local emulator started with its defaults.
const EMULATOR_PROJECT: i64 = 44056;
const EMULATOR_KEY: &str = "local-emulator-api-key";

/// A user id no project has, to ask whether an item exists.
const PROBE_USER: &str = "liveops-cli-sku-check";

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
    Plan {
        /// The seed file.
        file: PathBuf,
        /// Also list what the project has and the file does not (to be deleted).
        #[arg(long)]
        prune: bool,
        /// Also list the resources left alone.
        #[arg(long)]
        show_unchanged: bool,
    },
    /// Makes the project match the file.
    Apply {
        /// The seed file.
        file: PathBuf,
        /// Also delete what the project has and the file does not.
        #[arg(long)]
        prune: bool,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Writes the project's configuration as a seed file.
    Export {
        /// Where to write (standard output when left out).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A seed file whose `items` and `users` to copy (the admin API cannot list them).
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Codes of coupons, promo codes and unique offers.
    #[command(subcommand)]
    Codes(CodesCommand),
}

#[derive(Subcommand)]
enum CodesCommand {
    /// Generates random codes for a campaign.
    Generate {
        /// The campaign's external id.
        campaign: String,
        /// How many codes.
        #[arg(long)]
        count: u64,
    },
    /// Writes a campaign's codes to a CSV file.
    Export {
        /// The campaign's external id.
        campaign: String,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// A failure with its exit code and a message a person can act on.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// A call's error as one line, never with a credential (the key travels only in a header).
fn explain(e: &Error) -> String {
    match e {
        Error::Api(api) => match &api.body {
            Some(body) => format!(
                "HTTP {} (error {}): {}",
                api.status, body.error_code, body.error_message
            ),
            None => format!("HTTP {}", api.status),
        },
        other => {
            let mut text = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text.push_str(&format!(": {more}"));
                }
                source = s.source();
            }
            text
        }
    }
}

fn call_failure(e: &Error, client: &Client) -> Failure {
    match e.api().map(|a| a.status) {
        Some(401) => Failure::new(
            REFUSED,
            format!(
                "the project refused the API key (HTTP 401) for project {} at {}: check \
                 XSOLLA_API_KEY",
                client.project().0,
                client.base_url()
            ),
        ),
        Some(403) => Failure::new(
            REFUSED,
            format!(
                "the API key may not act on project {} at {} (HTTP 403): check --project-id \
                 and XSOLLA_API_KEY",
                client.project().0,
                client.base_url()
            ),
        ),
        _ => Failure::new(FAILED, explain(e)),
    }
}

fn reading_failure(e: &Error, client: &Client) -> Failure {
    let mut f = call_failure(e, client);
    if f.code == FAILED {
        f.message = format!(
            "reading the project failed, nothing was changed: {}",
            f.message
        );
    }
    f
}

fn client(target: &Target) -> Result<Client, Failure> {
    let (base, project, key) = match &target.emulator {
        Some(url) => {
            let key = std::env::var("XSOLLA_API_KEY").unwrap_or_else(|_| EMULATOR_KEY.into());
            (
                url.clone(),
                target.project_id.unwrap_or(EMULATOR_PROJECT),
                key,
            )
        }
        None => {
            let project = target
                .project_id
                .ok_or_else(|| Failure::new(USAGE, "--project-id is needed (or --emulator URL)"))?;
            let key = match std::env::var("XSOLLA_API_KEY") {
                Ok(k) if !k.is_empty() => k,
                _ if std::io::stdin().is_terminal() => {
                    rpassword::prompt_password(format!("API key for project {project}: "))
                        .map_err(|e| Failure::new(FAILED, format!("cannot read the key: {e}")))?
                }
                _ => {
                    return Err(Failure::new(
                        USAGE,
                        "no API key: set XSOLLA_API_KEY (keys are never taken as arguments)",
                    ));
                }
            };
            (target.base_url.clone(), project, key)
        }
    };
    Client::builder(ProjectId(project))
        .base_url(base)
        .admin_credentials(AdminCredentials::new(ProjectId(project), key))
        .request_timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| Failure::new(FAILED, explain(&e)))
}

fn read_file(path: &Path) -> Result<(Seed, project::FileProject), Failure> {
    let name = path.display();
    let seed = Seed::from_file(path).map_err(|e| match e {
        SeedError::Io(e) => Failure::new(BAD_FILE, format!("{name}: cannot read: {e}")),
        SeedError::Syntax {
            line,
            column,
            message,
        } => Failure::new(
            BAD_FILE,
            format!("{name}:{line}:{column}: not valid JSON: {message}"),
        ),
        SeedError::Format { path, message } => {
            Failure::new(BAD_FILE, format!("{name}: at `{path}`: {message}"))
        }
    })?;
    let project =
        project::desired(&seed).map_err(|e| Failure::new(BAD_FILE, format!("{name}: {e}")))?;
    for w in &project.warnings {
        eprintln!("warning: {w}");
    }
    Ok((seed, project))
}

/// Stops before anything is sent when the file names items or value points the project lacks.
async fn check_references(
    client: &Client,
    desired: &[project::Desired],
    remote: &[Remote],
    concurrency: usize,
) -> Result<(), Failure> {
    let value_points: BTreeSet<&str> = desired
        .iter()
        .filter(|d| d.kind == Kind::ValuePoint)
        .map(|d| d.key.as_str())
        .chain(
            remote
                .iter()
                .filter(|r| r.kind == Kind::ValuePoint)
                .map(|r| r.key.as_str()),
        )
        .collect();
    let mut problems = Vec::new();
    for d in desired {
        let mut check = |sku: &str, at: String| {
            if !value_points.contains(sku) {
                problems.push(format!(
                    "value point \"{sku}\" (at `{at}`) is neither in the file nor on the project"
                ));
            }
        };
        match d.kind {
            Kind::RewardChain => {
                if let Some(sku) = d
                    .body
                    .get("value_point")
                    .and_then(|v| v.get("sku"))
                    .and_then(|v| v.as_str())
                {
                    check(sku, format!("{}.value_point.sku", d.path));
                }
            }
            Kind::ValuePointRewards => check(&d.key, d.path.clone()),
            _ => {}
        }
    }
    let skus: Vec<(String, String)> = project::referenced_skus(desired)
        .into_iter()
        .filter(|(sku, _)| !value_points.contains(sku.as_str()))
        .collect();
    let results: Vec<Result<Option<String>, Error>> = stream::iter(skus)
        .map(|(sku, at)| async move {
            match project::read(|| {
                client
                    .admin()
                    .user_limits()
                    .item(sku.clone(), PROBE_USER)
                    .send()
            })
            .await
            {
                Ok(_) => Ok(None),
                Err(e) => match e.api() {
                    Some(a)
                        if a.status == 404
                            && a.body.as_ref().is_some_and(|b| b.error_code == 4001) =>
                    {
                        Ok(Some(format!(
                            "item \"{sku}\" (at `{at}`) does not exist on the project"
                        )))
                    }
                    Some(a) if a.status != 401 && a.status != 403 && a.status < 500 => Ok(None),
                    _ => Err(e),
                },
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    for r in results {
        match r {
            Ok(Some(p)) => problems.push(p),
            Ok(None) => {}
            Err(e) => return Err(reading_failure(&e, client)),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.sort();
        Err(Failure::new(
            BAD_FILE,
            format!(
                "the file refers to what the project lacks; nothing was changed:\n  {}\nCreate \
                 the items in the project's catalog (Publisher Account or the catalog API) first.",
                problems.join("\n  ")
            ),
        ))
    }
}

async fn load(target: &Target, file: &Path, prune: bool) -> Result<(Client, plan::Plan), Failure> {
    let client = client(target)?;
    let (_, file_project) = read_file(file)?;
    let remote = project::read_remote(&client, target.concurrency)
        .await
        .map_err(|e| reading_failure(&e, &client))?;
    check_references(&client, &file_project.desired, &remote, target.concurrency).await?;
    let index = project::index(remote).map_err(|m| Failure::new(FAILED, m))?;
    let plan = plan::build(
        &client,
        &file_project.desired,
        &index,
        prune,
        target.concurrency,
    )
    .await
    .map_err(|e| reading_failure(&e, &client))?;
    for w in &plan.warnings {
        eprintln!("warning: {w}");
    }
    Ok((client, plan))
}

fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

async fn run(cli: Cli) -> Result<u8, Failure> {
    let target = &cli.target;
    match cli.command {
        Command::Plan {
            file,
            prune,
            show_unchanged,
        } => {
            let (_, plan) = load(target, &file, prune).await?;
            print!("{}", plan::render(&plan, show_unchanged));
            Ok(if plan.has_changes() { CHANGES } else { OK })
        }
        Command::Apply { file, prune, yes } => {
            let (client, plan) = load(target, &file, prune).await?;
            print!("{}", plan::render(&plan, false));
            if !plan.has_changes() {
                println!("Nothing to do.");
                return Ok(OK);
            }
            let deletes = plan.deletes();
            if deletes > 0
                && !yes
                && !confirm(&format!("Delete {deletes} resource(s) from the project?"))
            {
                return Err(Failure::new(
                    FAILED,
                    "deletions not confirmed (pass --yes to delete without asking); nothing \
                     was changed",
                ));
            }
            let report = apply::apply(&client, &plan, target.concurrency, target.quiet).await;
            let done = report
                .outcomes
                .iter()
                .filter(|o| matches!(o, apply::Outcome::Done))
                .count();
            let failed: Vec<&str> = report
                .outcomes
                .iter()
                .filter_map(|o| match o {
                    apply::Outcome::Failed(l, _) => Some(l.as_str()),
                    _ => None,
                })
                .collect();
            let skipped: Vec<&str> = report
                .outcomes
                .iter()
                .filter_map(|o| match o {
                    apply::Outcome::NotAttempted(l) => Some(l.as_str()),
                    _ => None,
                })
                .collect();
            if report.failed() {
                let mut message = format!(
                    "apply stopped: {done} applied, {} failed, {} not attempted",
                    failed.len(),
                    skipped.len()
                );
                for l in &failed {
                    message.push_str(&format!("\n  failed: {l}"));
                }
                for l in &skipped {
                    message.push_str(&format!("\n  not attempted: {l}"));
                }
                message.push_str(
                    "\nRun the same apply again to finish: what was applied is matched, not \
                     repeated.",
                );
                if let Some(e) = report.outcomes.iter().find_map(|o| match o {
                    apply::Outcome::Failed(_, e) => Some(e),
                    _ => None,
                }) && matches!(e.api().map(|a| a.status), Some(401 | 403))
                {
                    return Err(call_failure(e, &client));
                }
                Err(Failure::new(FAILED, message))
            } else {
                println!("Apply complete: {done} resource(s) changed.");
                Ok(OK)
            }
        }
        Command::Export { out, catalog } => {
            let catalog = match &catalog {
                Some(path) => Some(read_file(path)?.0),
                None => None,
            };
            let client = client(target)?;
            let remote = project::read_remote(&client, target.concurrency)
                .await
                .map_err(|e| reading_failure(&e, &client))?;
            let seed = export::export(&client, remote, catalog.as_ref(), target.concurrency)
                .await
                .map_err(|e| call_failure(&e, &client))?;
            let text = seed.to_json_pretty();
            match out {
                Some(path) => std::fs::write(&path, text).map_err(|e| {
                    Failure::new(FAILED, format!("cannot write {}: {e}", path.display()))
                })?,
                None => print!("{text}"),
            }
            Ok(OK)
        }
        Command::Codes(CodesCommand::Generate { campaign, count }) => {
            if count == 0 {
                return Err(Failure::new(USAGE, "--count must be at least 1"));
            }
            let client = client(target)?;
            let kind = find(&client, &campaign).await?;
            let spinner = spinner(target.quiet, format!("generating {count} codes"));
            let made = codes::generate(&client, kind, &campaign, count)
                .await
                .map_err(|e| call_failure(&e, &client))?;
            spinner.finish_and_clear();
            println!(
                "generated {made} code(s) for {} \"{campaign}\"",
                kind.noun()
            );
            Ok(OK)
        }
        Command::Codes(CodesCommand::Export { campaign, out }) => {
            let client = client(target)?;
            let kind = find(&client, &campaign).await?;
            let pb = if target.quiet {
                ProgressBar::hidden()
            } else {
                ProgressBar::new(0)
            };
            pb.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} codes")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let list = codes::list(&client, kind, &campaign, target.concurrency, Some(&pb))
                .await
                .map_err(|e| call_failure(&e, &client))?;
            pb.finish_and_clear();
            let mut csv = String::with_capacity(list.len() * 14 + 5);
            csv.push_str("code\n");
            for code in &list {
                csv.push_str(code);
                csv.push('\n');
            }
            std::fs::write(&out, csv).map_err(|e| {
                Failure::new(FAILED, format!("cannot write {}: {e}", out.display()))
            })?;
            println!(
                "wrote {} code(s) of {} \"{campaign}\" to {}",
                list.len(),
                kind.noun(),
                out.display()
            );
            Ok(OK)
        }
    }
}

fn spinner(quiet: bool, message: String) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_message(message);
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

async fn find(client: &Client, campaign: &str) -> Result<Kind, Failure> {
    codes::find_campaign(client, campaign)
        .await
        .map_err(|e| call_failure(&e, client))?
        .ok_or_else(|| {
            Failure::new(
                FAILED,
                format!("no coupon, promo code or unique offer \"{campaign}\" on the project"),
            )
        })
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
