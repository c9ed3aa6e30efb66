//! `liveops export`: the project written as a seed file.

use std::path::PathBuf;

use crate::Target;
use crate::connect::{client, read_file};
use crate::failure::{FAILED, Failure, OK, call_failure, reading_failure};
use crate::project;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Where to write (standard output when left out).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A seed file whose `items` and `users` to copy (the admin API cannot list them).
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Reads the project and writes it to `--out` or standard output.
pub async fn run(target: &Target, args: ExportArgs) -> Result<u8, Failure> {
    let catalog = match &args.catalog {
        Some(path) => Some(read_file(path)?.0),
        None => None,
    };
    let client = client(target)?;
    let remote = project::read_remote(&client, target.concurrency)
        .await
        .map_err(|e| reading_failure(&e, &client))?;
    let seed = crate::export::export(&client, remote, catalog.as_ref(), target.concurrency)
        .await
        .map_err(|e| call_failure(&e, &client))?;
    let text = seed.to_json_pretty();
    match args.out {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| Failure::new(FAILED, format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(OK)
}
