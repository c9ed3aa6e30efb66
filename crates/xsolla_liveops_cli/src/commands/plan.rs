//! `liveops plan FILE`: what `apply` would change.

use std::path::PathBuf;

use crate::Target;
use crate::connect::load;
use crate::failure::{CHANGES, Failure, OK};

#[derive(clap::Args)]
pub struct PlanArgs {
    /// The seed file.
    file: PathBuf,
    /// Also list what the project has and the file does not (to be deleted).
    #[arg(long)]
    prune: bool,
    /// Also list the resources left alone.
    #[arg(long)]
    show_unchanged: bool,
}

/// Prints the plan; exits 0 when nothing would change, 2 when something would.
pub async fn run(target: &Target, args: PlanArgs) -> Result<u8, Failure> {
    let (_, plan) = load(target, &args.file, args.prune).await?;
    print!("{}", crate::plan::render(&plan, args.show_unchanged));
    Ok(if plan.has_changes() { CHANGES } else { OK })
}
