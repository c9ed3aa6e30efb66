//! What the commands share before they act: the client, the seed file, the project read and
//! checked against the file, and the terminal.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use futures_util::{StreamExt, stream};
use indicatif::ProgressBar;
use xsolla_liveops::seed::{Seed, SeedError};
use xsolla_liveops::{AdminCredentials, Client, Error, ProjectId};

use crate::Target;
use crate::failure::{BAD_FILE, FAILED, Failure, USAGE, call_failure, explain, reading_failure};
use crate::project::{self, Kind, Remote};
use crate::{codes, plan};

/// The project id and API key of a local emulator started with its defaults.
const EMULATOR_PROJECT: i64 = 44056;
const EMULATOR_KEY: &str = "local-emulator-api-key";

/// A user id no project has, to ask whether an item exists.
const PROBE_USER: &str = "liveops-cli-sku-check";

/// The admin client the command line asks for: an emulator's defaults, or a project id and
/// the key from `XSOLLA_API_KEY` or the terminal.
pub fn client(target: &Target) -> Result<Client, Failure> {
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

/// Reads a seed file and the project it describes; warnings go to standard error.
pub fn read_file(path: &Path) -> Result<(Seed, project::FileProject), Failure> {
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

/// Reads the file and the project, checks the file's references and builds the plan.
pub async fn load(
    target: &Target,
    file: &Path,
    prune: bool,
) -> Result<(Client, plan::Plan), Failure> {
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

/// Asks a yes/no question on the terminal; without one, the answer is no.
pub fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok()
        && matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

/// A spinner with a message, hidden when `quiet`.
pub fn spinner(quiet: bool, message: String) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_message(message);
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// The kind of the campaign with that external id.
pub async fn find(client: &Client, campaign: &str) -> Result<Kind, Failure> {
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
