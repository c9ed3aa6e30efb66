//! `liveops codes generate CAMPAIGN --count N`: random codes for a campaign.

use crate::Target;
use crate::connect::{client, find, spinner};
use crate::failure::{Failure, OK, USAGE, call_failure};

#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The campaign's external id.
    campaign: String,
    /// How many codes.
    #[arg(long)]
    count: u64,
}

/// Generates the codes, in calls of at most 100,000.
pub async fn run(target: &Target, args: GenerateArgs) -> Result<u8, Failure> {
    let GenerateArgs { campaign, count } = args;
    if count == 0 {
        return Err(Failure::new(USAGE, "--count must be at least 1"));
    }
    let client = client(target)?;
    let kind = find(&client, &campaign).await?;
    let spinner = spinner(target.quiet, format!("generating {count} codes"));
    let made = crate::codes::generate(&client, kind, &campaign, count)
        .await
        .map_err(|e| call_failure(&e, &client))?;
    spinner.finish_and_clear();
    println!(
        "generated {made} code(s) for {} \"{campaign}\"",
        kind.noun()
    );
    Ok(OK)
}
