//! Personalization, decided once for every feature: whether a player's attributes meet an
//! attribute condition, and which personalizable chains (offer chains, reward chains) a player
//! sees.
//!
//! - A condition on a missing (or `null`) attribute holds only with `can_be_missing`.
//! - Strings compare as text; numbers as numbers; dates as `YYYY-MM-DD` days or RFC 3339
//!   instants. A value that does not parse never matches.
//! - A chain with conditions is shown when all of them hold. A chain without conditions is
//!   shown when `is_always_visible` (the default), otherwise only to players whom no
//!   personalized chain matches.

use std::cmp::Ordering;

use serde_json::{Map, Value};
use xsolla_liveops::models::common::{AttributeCondition, OrderOperator, StringOperator};

/// Whether a player with these attributes meets the condition.
pub fn matches(condition: &AttributeCondition, attributes: &Map<String, Value>) -> bool {
    let (value, can_be_missing) = match condition {
        AttributeCondition::String {
            value,
            can_be_missing,
            ..
        }
        | AttributeCondition::Date {
            value,
            can_be_missing,
            ..
        }
        | AttributeCondition::Number {
            value,
            can_be_missing,
            ..
        } => (value, can_be_missing.unwrap_or(false)),
    };
    let Some(actual) = attributes
        .get(condition.attribute())
        .filter(|v| !v.is_null())
    else {
        return can_be_missing;
    };
    let actual = match actual {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match condition {
        AttributeCondition::String { operator, .. } => match operator {
            StringOperator::Eq => actual == *value,
            StringOperator::Ne => actual != *value,
        },
        AttributeCondition::Number { operator, .. } => {
            match (actual.parse::<f64>(), value.parse::<f64>()) {
                (Ok(a), Ok(b)) => compare(*operator, a.partial_cmp(&b)),
                _ => false,
            }
        }
        AttributeCondition::Date { operator, .. } => match (day(&actual), day(value)) {
            (Some(a), Some(b)) => compare(*operator, Some(a.cmp(&b))),
            _ => false,
        },
    }
}

/// Whether every condition holds (an empty list always does).
pub fn all_match(conditions: &[AttributeCondition], attributes: &Map<String, Value>) -> bool {
    conditions.iter().all(|c| matches(c, attributes))
}

fn day(s: &str) -> Option<i64> {
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
}

fn compare(op: OrderOperator, ord: Option<Ordering>) -> bool {
    let Some(ord) = ord else { return false };
    match op {
        OrderOperator::Eq => ord == Ordering::Equal,
        OrderOperator::Ne => ord != Ordering::Equal,
        OrderOperator::Er => ord == Ordering::Less,
        OrderOperator::Lt => ord == Ordering::Greater,
        OrderOperator::Ee => ord != Ordering::Greater,
        OrderOperator::Le => ord != Ordering::Less,
    }
}

/// A chain that personalization can show or hide.
pub trait Personalized {
    /// Its attribute conditions, if any.
    fn conditions(&self) -> Option<&[AttributeCondition]>;
    /// `is_always_visible` as stored (`None`: the default, visible).
    fn always_visible(&self) -> Option<bool>;
}

/// `Some(matched)` for a chain with conditions, `None` for one without.
fn personal_match<T: Personalized>(chain: &T, attributes: &Map<String, Value>) -> Option<bool> {
    chain
        .conditions()
        .filter(|c| !c.is_empty())
        .map(|c| all_match(c, attributes))
}

/// Of the `live` chains, those a player with `attributes` sees (see the module rules), in the
/// order given. `chain` reads the personalizable part of each entry.
pub fn visible<'a, D, T: Personalized>(
    live: impl IntoIterator<Item = &'a D>,
    chain: impl Fn(&D) -> &T,
    attributes: &Map<String, Value>,
) -> Vec<&'a D>
where
    D: 'a,
{
    let live: Vec<&D> = live.into_iter().collect();
    let any_personal = live
        .iter()
        .any(|d| personal_match(chain(d), attributes) == Some(true));
    live.into_iter()
        .filter(|d| match personal_match(chain(d), attributes) {
            Some(matched) => matched,
            None => chain(d).always_visible().unwrap_or(true) || !any_personal,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_compare_strings_numbers_and_dates() {
        let attrs: Map<String, Value> =
            serde_json::from_str(r#"{"level":"12","status":"golden","since":"2024-01-05"}"#)
                .unwrap();
        let c = |json: &str| serde_json::from_str::<AttributeCondition>(json).unwrap();
        // Xsolla's codes: `le` is "at least", `er` is "less than".
        assert!(matches(
            &c(r#"{"attribute":"level","type":"number","operator":"le","value":"10"}"#),
            &attrs
        ));
        assert!(!matches(
            &c(r#"{"attribute":"level","type":"number","operator":"er","value":"10"}"#),
            &attrs
        ));
        assert!(matches(
            &c(r#"{"attribute":"level","type":"number","operator":"lt","value":"10"}"#),
            &attrs
        ));
        assert!(matches(
            &c(r#"{"attribute":"status","type":"string","operator":"eq","value":"golden"}"#),
            &attrs
        ));
        assert!(matches(
            &c(r#"{"attribute":"since","type":"date","operator":"er","value":"2024-02-01"}"#),
            &attrs
        ));
        assert!(!matches(
            &c(r#"{"attribute":"clan","type":"string","operator":"eq","value":"x"}"#),
            &attrs
        ));
        assert!(matches(
            &c(
                r#"{"attribute":"clan","type":"string","operator":"eq","value":"x","can_be_missing":true}"#
            ),
            &attrs
        ));
        assert!(!matches(
            &c(r#"{"attribute":"status","type":"number","operator":"eq","value":"1"}"#),
            &attrs
        ));
    }

    struct Chain(Option<Vec<AttributeCondition>>, Option<bool>);

    impl Personalized for Chain {
        fn conditions(&self) -> Option<&[AttributeCondition]> {
            self.0.as_deref()
        }
        fn always_visible(&self) -> Option<bool> {
            self.1
        }
    }

    #[test]
    fn a_fallback_chain_shows_only_when_no_personalized_chain_matches() {
        let vip: AttributeCondition = serde_json::from_str(
            r#"{"attribute":"vip","type":"string","operator":"eq","value":"yes"}"#,
        )
        .unwrap();
        let chains = [
            Chain(Some(vec![vip]), None),
            Chain(None, Some(false)),
            Chain(None, None),
        ];
        let vip: Map<String, Value> = serde_json::from_str(r#"{"vip":"yes"}"#).unwrap();
        let shown = visible(chains.iter(), |c| c, &vip);
        assert_eq!(shown.len(), 2);
        assert!(shown[0].0.is_some() && shown[1].1.is_none());
        let shown = visible(chains.iter(), |c| c, &Map::new());
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].1, Some(false));
    }
}
