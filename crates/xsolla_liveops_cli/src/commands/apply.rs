//! `liveops apply FILE`: makes the project match the file.

use std::path::PathBuf;

use crate::Target;
use crate::apply::{Outcome, Report, apply};
use crate::connect::{confirm, load};
use crate::failure::{FAILED, Failure, OK, call_failure};

#[derive(clap::Args)]
pub struct ApplyArgs {
    /// The seed file.
    file: PathBuf,
    /// Also delete what the project has and the file does not.
    #[arg(long)]
    prune: bool,
    /// Delete without asking.
    #[arg(long)]
    yes: bool,
}

/// Prints the plan, asks before deleting, carries the plan out and sums it up.
pub async fn run(target: &Target, args: ApplyArgs) -> Result<u8, Failure> {
    let (client, plan) = load(target, &args.file, args.prune).await?;
    print!("{}", crate::plan::render(&plan, false));
    if !plan.has_changes() {
        println!("Nothing to do.");
        return Ok(OK);
    }
    let deletes = plan.deletes();
    if deletes > 0
        && !args.yes
        && !confirm(&format!("Delete {deletes} resource(s) from the project?"))
    {
        return Err(Failure::new(
            FAILED,
            "deletions not confirmed (pass --yes to delete without asking); nothing was changed",
        ));
    }
    let report = apply(&client, &plan, target.concurrency, target.quiet).await;
    let done = report
        .outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Done))
        .count();
    if !report.failed() {
        println!("Apply complete: {done} resource(s) changed.");
        return Ok(OK);
    }
    if let Some(e) = first_error(&report)
        && matches!(e.api().map(|a| a.status), Some(401 | 403))
    {
        return Err(call_failure(e, &client));
    }
    Err(Failure::new(FAILED, stopped(&report, done)))
}

fn first_error(report: &Report) -> Option<&xsolla_liveops::Error> {
    report.outcomes.iter().find_map(|o| match o {
        Outcome::Failed(_, e) => Some(e),
        _ => None,
    })
}

/// What an apply that stopped part way did, and how to finish it.
fn stopped(report: &Report, done: usize) -> String {
    let failed: Vec<&str> = report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(l, _) => Some(l.as_str()),
            _ => None,
        })
        .collect();
    let skipped: Vec<&str> = report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::NotAttempted(l) => Some(l.as_str()),
            _ => None,
        })
        .collect();
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
        "\nRun the same apply again to finish: what was applied is matched, not repeated.",
    );
    message
}
