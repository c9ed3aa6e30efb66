//! Comparing the file with the target: what to create, update field by field, leave alone,
//! and (with `--prune`) delete.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::Value;
use xsolla_liveops::{Client, Error};

use crate::codes;
use crate::project::{Desired, Kind, Remote};

/// One field that differs: its path inside the resource, the target's value and the file's.
#[derive(Debug, Clone)]
pub struct FieldChange {
    /// Where the field is in the resource (`steps[2].items[0].quantity`).
    pub path: String,
    /// The target's value (`None` when the target lacks the field).
    pub old: Option<Value>,
    /// The file's value.
    pub new: Value,
}

/// What happens to one resource.
#[derive(Debug, Clone)]
pub enum Action {
    /// The target lacks the resource.
    Create,
    /// The target's resource differs in these fields.
    Update(Vec<FieldChange>),
    /// The target's resource matches the file (its codes may still change).
    Keep,
    /// The target has a resource the file does not (`--prune`).
    Delete,
}

/// One resource in the plan.
#[derive(Debug, Clone)]
pub struct Step {
    /// The resource kind.
    pub kind: Kind,
    /// The key the resource is matched by.
    pub key: String,
    /// What happens to the resource.
    pub action: Action,
    /// The resource as the file wants it (none for a deletion).
    pub desired: Option<Desired>,
    /// The resource as the target has it (none for a creation).
    pub remote: Option<Remote>,
    /// Listed codes the campaign lacks.
    pub add_codes: Vec<String>,
    /// Codes to generate.
    pub generate: u64,
}

impl Step {
    /// Whether applying the step changes anything.
    pub fn changes(&self) -> bool {
        !matches!(self.action, Action::Keep) || !self.add_codes.is_empty() || self.generate > 0
    }

    /// `daily chain "Daily login rewards"`.
    pub fn label(&self) -> String {
        format!("{} \"{}\"", self.kind.noun(), self.key)
    }
}

/// The whole plan, in apply order.
#[derive(Debug, Default)]
pub struct Plan {
    /// The resources, in apply order.
    pub steps: Vec<Step>,
    /// What the plan cannot carry out, for the person to handle.
    pub warnings: Vec<String>,
}

impl Plan {
    /// How many steps match `f`.
    pub fn count(&self, f: impl Fn(&Step) -> bool) -> usize {
        self.steps.iter().filter(|s| f(s)).count()
    }

    /// Whether applying the plan changes anything.
    pub fn has_changes(&self) -> bool {
        self.steps.iter().any(Step::changes)
    }

    /// How many resources the plan deletes.
    pub fn deletes(&self) -> usize {
        self.count(|s| matches!(s.action, Action::Delete))
    }
}

/// Compares `desired` with `remote` field by field: only the fields the file sets are
/// compared (a field the file leaves out is the target's business); lists of the same length
/// compare element by element, others as a whole.
pub fn diff(path: &str, desired: &Value, remote: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (desired, remote) {
        (Value::Object(d), Some(Value::Object(r))) => {
            for (k, dv) in d {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(&p, dv, r.get(k), out);
            }
        }
        (Value::Array(d), Some(Value::Array(r))) if d.len() == r.len() => {
            for (i, (dv, rv)) in d.iter().zip(r).enumerate() {
                diff(&format!("{path}[{i}]"), dv, Some(rv), out);
            }
        }
        (Value::Null, None | Some(Value::Null)) => {}
        (d, Some(r)) if d == r => {}
        (d, r) => out.push(FieldChange {
            path: path.to_owned(),
            old: r.cloned(),
            new: d.clone(),
        }),
    }
}

/// Builds the plan. Campaigns whose file lists codes have their code lists read here.
pub async fn build(
    client: &Client,
    desired: &[Desired],
    remote: &BTreeMap<(Kind, String), Remote>,
    prune: bool,
    concurrency: usize,
) -> Result<Plan, Error> {
    let listed: Vec<&Desired> = desired
        .iter()
        .filter(|d| {
            d.kind.has_codes()
                && !d.codes.is_empty()
                && remote.contains_key(&(d.kind, d.key.clone()))
        })
        .collect();
    let remote_codes: BTreeMap<(Kind, String), BTreeSet<String>> = stream::iter(listed)
        .map(|d| async move {
            let list = codes::list(client, d.kind, &d.key, concurrency, None).await?;
            Ok::<_, Error>(((d.kind, d.key.clone()), list.into_iter().collect()))
        })
        .buffer_unordered(concurrency.max(1))
        .try_collect()
        .await?;

    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    for d in desired {
        let r = remote.get(&(d.kind, d.key.clone()));
        let action = match r {
            None => Action::Create,
            Some(r) => {
                let mut changes = Vec::new();
                let mut wanted = d.body.clone();
                if d.kind == Kind::RewardChain
                    && let Value::Object(map) = &mut wanted
                {
                    for fixed in ["value_point", "clan_type"] {
                        if let Some(v) = map.remove(fixed)
                            && r.body.get(fixed).is_some_and(|have| *have != v)
                        {
                            warnings.push(format!(
                                "{} \"{}\": `{fixed}` is fixed at creation and differs on the \
                                 project; apply leaves it. To change it, remove the chain from \
                                 the file, apply with --prune, then add it back and apply again.",
                                d.kind.noun(),
                                d.key
                            ));
                        }
                    }
                }
                diff("", &wanted, Some(&r.body), &mut changes);
                if changes.is_empty() {
                    Action::Keep
                } else {
                    Action::Update(changes)
                }
            }
        };
        let (mut add_codes, mut generate) = (Vec::new(), 0);
        if d.kind.has_codes() {
            let empty = BTreeSet::new();
            let have = remote_codes.get(&(d.kind, d.key.clone())).unwrap_or(&empty);
            let mut seen = BTreeSet::new();
            add_codes = d
                .codes
                .iter()
                .filter(|c| !have.contains(*c) && seen.insert((*c).clone()))
                .cloned()
                .collect();
            let count = r.map_or(0, |r| r.code_count).max(have.len() as u64);
            let listed_present = d.codes.iter().filter(|c| have.contains(*c)).count() as u64;
            let others = count.saturating_sub(listed_present);
            generate = u64::from(d.generate).saturating_sub(others);
        }
        steps.push(Step {
            kind: d.kind,
            key: d.key.clone(),
            action,
            desired: Some(d.clone()),
            remote: r.cloned(),
            add_codes,
            generate,
        });
    }
    if prune {
        let wanted: BTreeSet<(Kind, &str)> =
            desired.iter().map(|d| (d.kind, d.key.as_str())).collect();
        for ((kind, key), r) in remote.iter().rev() {
            if !kind.info().deletable || wanted.contains(&(*kind, key.as_str())) {
                continue;
            }
            steps.push(Step {
                kind: *kind,
                key: key.clone(),
                action: Action::Delete,
                desired: None,
                remote: Some(r.clone()),
                add_codes: Vec::new(),
                generate: 0,
            });
        }
    }
    steps.sort_by_key(|s| match s.action {
        Action::Delete => (1, usize::MAX - s.kind.stage(), s.kind),
        _ => (0, s.kind.stage(), s.kind),
    });
    Ok(Plan { steps, warnings })
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(unset)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 120 {
                let cut: String = text.chars().take(117).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    }
}

fn codes_note(step: &Step) -> String {
    let mut parts = Vec::new();
    if !step.add_codes.is_empty() {
        parts.push(format!("add {} listed code(s)", step.add_codes.len()));
    }
    if step.generate > 0 {
        parts.push(format!("generate {} code(s)", step.generate));
    }
    parts.join(", ")
}

/// The plan as people read it.
pub fn render(plan: &Plan, verbose_keep: bool) -> String {
    let mut out = String::new();
    for step in &plan.steps {
        let note = codes_note(step);
        let with_note = |s: String| {
            if note.is_empty() {
                s
            } else {
                format!("{s} ({note})")
            }
        };
        match &step.action {
            Action::Create => {
                let _ = writeln!(out, "{}", with_note(format!("+ create {}", step.label())));
            }
            Action::Update(fields) => {
                let _ = writeln!(out, "{}", with_note(format!("~ update {}", step.label())));
                for f in fields {
                    let _ = writeln!(
                        out,
                        "    {}: {} -> {}",
                        f.path,
                        show(f.old.as_ref()),
                        show(Some(&f.new))
                    );
                }
            }
            Action::Delete => {
                let _ = writeln!(out, "- delete {}", step.label());
            }
            Action::Keep if !note.is_empty() => {
                let _ = writeln!(out, "~ codes of {}: {note}", step.label());
            }
            Action::Keep => {
                if verbose_keep {
                    let _ = writeln!(out, "= keep {}", step.label());
                }
            }
        }
    }
    let create = plan.count(|s| matches!(s.action, Action::Create));
    let update = plan.count(|s| matches!(s.action, Action::Update(_)));
    let codes = plan.count(|s| matches!(s.action, Action::Keep) && s.changes());
    let keep = plan.count(|s| !s.changes());
    let delete = plan.deletes();
    let _ = writeln!(
        out,
        "Plan: {create} to create, {update} to update, {codes} with new codes only, {delete} to \
         delete, {keep} unchanged."
    );
    out
}
