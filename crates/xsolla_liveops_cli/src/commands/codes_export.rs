//! `liveops codes export CAMPAIGN --out FILE.csv`: a campaign's codes as CSV.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::Target;
use crate::connect::{client, find};
use crate::failure::{FAILED, Failure, OK, call_failure};

#[derive(clap::Args)]
pub struct CodesExportArgs {
    /// The campaign's external id.
    campaign: String,
    /// The CSV file to write.
    #[arg(long)]
    out: PathBuf,
}

/// Reads every code of the campaign and writes them one a line under a `code` header.
pub async fn run(target: &Target, args: CodesExportArgs) -> Result<u8, Failure> {
    let CodesExportArgs { campaign, out } = args;
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
    let list = crate::codes::list(&client, kind, &campaign, target.concurrency, Some(&pb))
        .await
        .map_err(|e| call_failure(&e, &client))?;
    pb.finish_and_clear();
    let mut csv = String::with_capacity(list.len() * 14 + 5);
    csv.push_str("code\n");
    for code in &list {
        csv.push_str(code);
        csv.push('\n');
    }
    std::fs::write(&out, csv)
        .map_err(|e| Failure::new(FAILED, format!("cannot write {}: {e}", out.display())))?;
    println!(
        "wrote {} code(s) of {} \"{campaign}\" to {}",
        list.len(),
        kind.noun(),
        out.display()
    );
    Ok(OK)
}
