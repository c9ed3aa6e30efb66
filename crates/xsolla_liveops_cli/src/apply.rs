//! Carrying a plan out: stage by stage in dependency order, a bounded number of calls in
//! flight, a result line per resource, and a clean stop at the first failure.

use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};
use xsolla_liveops::{Client, Error};

use crate::codes;
use crate::plan::{Action, Plan, Step};
use crate::write;

/// How one step ended.
pub enum Outcome {
    /// The step was carried out.
    Done,
    /// The step failed: its label and the error.
    Failed(String, Error),
    /// The step was not started because an earlier one failed: its label.
    NotAttempted(String),
}

/// The result of an apply.
pub struct Report {
    /// How each changing step ended.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// Whether any step failed or was not attempted.
    pub fn failed(&self) -> bool {
        self.outcomes.iter().any(|o| !matches!(o, Outcome::Done))
    }
}

/// Runs one step: the resource, then its codes.
async fn run(client: &Client, step: &Step) -> Result<String, Error> {
    write::write(client, step).await?;
    let mut line = match &step.action {
        Action::Create => format!("created {}", step.label()),
        Action::Update(fields) => format!("updated {} ({} field(s))", step.label(), fields.len()),
        Action::Delete => format!("deleted {}", step.label()),
        Action::Keep => format!("codes of {}", step.label()),
    };
    for code in &step.add_codes {
        codes::create(client, step.kind, &step.key, code).await?;
    }
    if !step.add_codes.is_empty() {
        line.push_str(&format!(", {} code(s) added", step.add_codes.len()));
    }
    if step.generate > 0 {
        let made = codes::generate(client, step.kind, &step.key, step.generate).await?;
        line.push_str(&format!(", {made} code(s) generated"));
    }
    Ok(line)
}

/// Applies the plan's changing steps; stops starting new ones after the first failure.
pub async fn apply(client: &Client, plan: &Plan, concurrency: usize, quiet: bool) -> Report {
    let steps: Vec<&Step> = plan.steps.iter().filter(|s| s.changes()).collect();
    let pb = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(steps.len() as u64)
    };
    pb.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let stop = AtomicBool::new(false);
    let mut outcomes = Vec::new();
    // Groups that must finish before the next starts: creations and updates by stage, then
    // deletions by reverse stage.
    let mut groups: Vec<Vec<&Step>> = Vec::new();
    let mut last: Option<(bool, usize)> = None;
    for step in steps {
        let g = (matches!(step.action, Action::Delete), step.kind.stage());
        if last != Some(g) {
            groups.push(Vec::new());
            last = Some(g);
        }
        if let Some(group) = groups.last_mut() {
            group.push(step);
        }
    }
    for group in groups {
        if stop.load(Ordering::Acquire) {
            outcomes.extend(group.iter().map(|s| Outcome::NotAttempted(s.label())));
            continue;
        }
        let results: Vec<Outcome> = stream::iter(group)
            .map(|step| {
                let (pb, stop) = (&pb, &stop);
                async move {
                    if stop.load(Ordering::Acquire) {
                        return Outcome::NotAttempted(step.label());
                    }
                    let outcome = match run(client, step).await {
                        Ok(line) => {
                            pb.suspend(|| println!("ok      {line}"));
                            Outcome::Done
                        }
                        Err(e) => {
                            stop.store(true, Ordering::Release);
                            pb.suspend(|| {
                                println!(
                                    "FAILED  {}: {}",
                                    step.label(),
                                    crate::failure::explain(&e)
                                )
                            });
                            Outcome::Failed(step.label(), e)
                        }
                    };
                    pb.inc(1);
                    outcome
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        outcomes.extend(results);
    }
    pb.finish_and_clear();
    Report { outcomes }
}
