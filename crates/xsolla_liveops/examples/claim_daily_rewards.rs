//! Lists the player's daily rewards and claims every step that is claimable now.
//!
//! A plain tokio program, no game engine:
//!
//! ```text
//! XSOLLA_TOKEN=<player JWT> cargo run -p xsolla_liveops --example claim_daily_rewards -- \
//!     http://127.0.0.1:8780 44056
//! ```
//!
//! The base URL may be Xsolla's (`https://store.xsolla.com/api`) or a local emulator. The token
//! is read from the environment so it stays out of shell history and process lists.

use std::process::ExitCode;

use xsolla_liveops::models::daily::DailyStepStatus;
use xsolla_liveops::{Client, ProjectId, UserToken};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(base_url), Some(project)) = (args.next(), args.next()) else {
        eprintln!("usage: XSOLLA_TOKEN=<jwt> claim_daily_rewards <base-url> <project-id>");
        return ExitCode::from(2);
    };
    let Ok(project) = project.parse::<i64>() else {
        eprintln!("the project id must be a number, got {project:?}");
        return ExitCode::from(2);
    };
    let token = match std::env::var("XSOLLA_TOKEN").map(UserToken::parse) {
        Ok(Ok(token)) => token,
        Ok(Err(e)) => {
            eprintln!("XSOLLA_TOKEN is not a usable JWT: {e}");
            return ExitCode::from(2);
        }
        Err(_) => {
            eprintln!("set XSOLLA_TOKEN to the player's Xsolla Login JWT");
            return ExitCode::from(2);
        }
    };
    match run(&base_url, ProjectId(project), token).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(base_url: &str, project: ProjectId, token: UserToken) -> xsolla_liveops::Result<()> {
    println!("player {}", token.subject());
    let client = Client::builder(project)
        .base_url(base_url)
        .user_token(token)
        .build()?;
    let chains = client.daily_chains().list().all().await?;
    if chains.is_empty() {
        println!("no daily rewards are running");
    }
    for chain in chains {
        println!("{} (#{})", chain.name, chain.id);
        for step in &chain.steps {
            let items: Vec<String> = step
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{} x{}",
                        i.name.as_deref().unwrap_or(i.sku.as_ref()),
                        i.quantity
                    )
                })
                .collect();
            println!(
                "  day {:>2}  {:<15?}  {}",
                step.step_number,
                step.status,
                items.join(", ")
            );
        }
        let Some(step) = chain.claimable_step() else {
            continue;
        };
        match client
            .daily_chains()
            .claim(chain.id, step.step_number)
            .send()
            .await
        {
            Ok(_) => println!("  claimed day {}", step.step_number),
            Err(e) if e.is_ambiguous() => {
                // The claim may have gone through: read the chain again rather than repeat it.
                let fresh = client.daily_chains().get(chain.id).send().await?;
                let now = fresh
                    .steps
                    .iter()
                    .find(|s| s.step_number == step.step_number);
                let claimed = now.is_some_and(|s| s.status == DailyStepStatus::Claimed);
                println!(
                    "  day {}: {}",
                    step.step_number,
                    if claimed { "claimed" } else { "not claimed" }
                );
            }
            Err(e) => println!("  day {} could not be claimed: {e}", step.step_number),
        }
    }
    Ok(())
}
