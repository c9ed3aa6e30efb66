//! Personalized catalog (reference §8): rules on player attributes that decide which catalog
//! items each player sees.
//!
//! Rules:
//! - An item named by at least one enabled rule is personalized: a player sees it only when
//!   the player's attributes meet every condition of one of those rules. A player who is not
//!   logged in sees it when one of those rules has `is_satisfied_for_unauth`.
//! - An item no enabled rule names is shown to everybody.
//! - Rules name items by id or SKU; both are resolved to the SKU when the rule is written, so a
//!   rule always refers to an item that existed then.
//!
//! Other features ask [`catalog_view`] what one player may see (the upsell list does).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xsolla_liveops::models::common::AttributeCondition;
use xsolla_liveops::models::discounts::BundleType;
use xsolla_liveops::models::personalization::{
    CatalogRule, CatalogRuleInput, CatalogRulePatch, CatalogRuleSummary, RuleItem, RuleItemRef,
};
use xsolla_liveops::{RuleId, Sku};

use super::Cache;
use super::catalog::Item;
use crate::error::{ApiError, ApiResult};

/// A stored rule: what was written, items resolved to SKUs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    /// Rule id.
    pub rule_id: i64,
    /// Name shown in Publisher Account.
    pub name: String,
    /// Enabled.
    pub is_enabled: bool,
    /// Shows the items to players who are not logged in.
    pub is_satisfied_for_unauth: bool,
    /// Conditions that must all hold.
    pub attribute_conditions: Vec<AttributeCondition>,
    /// The items the rule shows, by SKU.
    pub items: Vec<Sku>,
}

/// 404 for a rule id that names no rule.
pub fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Rule with id = {id} not found"))
}

fn invalid(property: &str, text: impl std::fmt::Display) -> ApiError {
    ApiError::validation(property, format!("The property `{property}` {text}"))
}

fn check_name(name: &str) -> ApiResult<()> {
    if name.is_empty() || name.chars().count() > 255 || name.starts_with(char::is_whitespace) {
        return Err(invalid(
            "name",
            "must be 1 to 255 characters and not start with a space",
        ));
    }
    Ok(())
}

fn resolve_items(cache: &Cache, refs: &[RuleItemRef]) -> ApiResult<Vec<Sku>> {
    if refs.is_empty() || refs.len() > 100 {
        return Err(invalid("items", "must hold 1 to 100 items"));
    }
    let mut out: Vec<Sku> = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let sku =
            match r {
                RuleItemRef::Sku { sku } => cache
                    .items
                    .get(&sku.0)
                    .map(|_| sku.clone())
                    .ok_or_else(|| {
                        invalid(
                            &format!("items[{i}].sku"),
                            format!("names an unknown item: sku = '{sku}'"),
                        )
                    })?,
                RuleItemRef::Id { item_id } => cache
                    .items
                    .values()
                    .find(|it| it.item_id == *item_id)
                    .map(|it| it.input.sku.clone())
                    .ok_or_else(|| {
                        invalid(
                            &format!("items[{i}].item_id"),
                            format!("names an unknown item: item_id = {item_id}"),
                        )
                    })?,
            };
        if out.contains(&sku) {
            return Err(invalid(
                &format!("items[{i}]"),
                "repeats an item already listed",
            ));
        }
        out.push(sku);
    }
    Ok(out)
}

fn build(cache: &Cache, id: i64, input: CatalogRuleInput) -> ApiResult<RuleDoc> {
    check_name(&input.name)?;
    super::promotions::check_conditions("attribute_conditions", &input.attribute_conditions)?;
    Ok(RuleDoc {
        rule_id: id,
        name: input.name,
        is_enabled: input.is_enabled,
        is_satisfied_for_unauth: input.is_satisfied_for_unauth.unwrap_or(false),
        attribute_conditions: input.attribute_conditions,
        items: resolve_items(cache, &input.items)?,
    })
}

fn save(tx: &Connection, doc: &RuleDoc) -> ApiResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("rule", e))?;
    tx.prepare_cached("INSERT OR REPLACE INTO catalog_rules (id, doc) VALUES (?1, ?2)")?
        .execute(rusqlite::params![doc.rule_id, text])?;
    Ok(())
}

/// Creates a rule; returns its id.
pub fn create(tx: &Transaction<'_>, cache: &Cache, input: CatalogRuleInput) -> ApiResult<RuleId> {
    tx.prepare_cached("INSERT INTO catalog_rules (doc) VALUES ('{}')")?
        .execute([])?;
    let id = tx.last_insert_rowid();
    save(tx, &build(cache, id, input)?)?;
    Ok(RuleId(id))
}

/// The rule or 404.
pub fn get(cache: &Cache, id: i64) -> ApiResult<&Arc<RuleDoc>> {
    cache.rules.get(&id).ok_or_else(|| not_found(id))
}

/// Replaces a rule; optional fields left out go back to their defaults.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    id: i64,
    input: CatalogRuleInput,
) -> ApiResult<()> {
    get(cache, id)?;
    save(tx, &build(cache, id, input)?)
}

/// Changes the fields a patch carries; the others keep their values.
pub fn patch(
    tx: &Transaction<'_>,
    cache: &Cache,
    id: i64,
    patch: CatalogRulePatch,
) -> ApiResult<()> {
    let mut doc = RuleDoc::clone(get(cache, id)?);
    if let Some(name) = patch.name {
        check_name(&name)?;
        doc.name = name;
    }
    if let Some(enabled) = patch.is_enabled {
        doc.is_enabled = enabled;
    }
    if let Some(unauth) = patch.is_satisfied_for_unauth {
        doc.is_satisfied_for_unauth = unauth;
    }
    if let Some(conditions) = patch.attribute_conditions {
        super::promotions::check_conditions("attribute_conditions", &conditions)?;
        doc.attribute_conditions = conditions;
    }
    if let Some(items) = patch.items {
        doc.items = resolve_items(cache, &items)?;
    }
    save(tx, &doc)
}

/// Deletes a rule.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, id: i64) -> ApiResult<()> {
    get(cache, id)?;
    tx.prepare_cached("DELETE FROM catalog_rules WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Loads every stored rule into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let out = &mut cache.rules;
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM catalog_rules")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let doc: RuleDoc =
            serde_json::from_str(&doc).map_err(|e| ApiError::internal("rule document", e))?;
        out.insert(id, Arc::new(doc));
    }
    Ok(())
}

fn rule_item(items: &HashMap<String, Arc<Item>>, sku: &Sku) -> RuleItem {
    let item = items.get(&sku.0);
    RuleItem {
        item_id: item.map(|i| i.item_id),
        sku: Some(sku.clone()),
        name: item
            .and_then(|i| i.input.name.resolve("en"))
            .map(str::to_owned),
        item_type: item.map(|i| i.input.item_type.clone()),
        bundle_type: item.and_then(|i| i.input.bundle_type.as_deref()).map(|b| {
            serde_json::from_value(Value::String(b.to_owned()))
                .unwrap_or_else(|_| BundleType::Other(b.to_owned()))
        }),
    }
}

/// The rule as the admin API reads it back.
pub fn view(doc: &RuleDoc, items: &HashMap<String, Arc<Item>>) -> CatalogRule {
    CatalogRule {
        rule_id: RuleId(doc.rule_id),
        name: doc.name.clone(),
        is_enabled: doc.is_enabled,
        is_satisfied_for_unauth: Some(doc.is_satisfied_for_unauth),
        attribute_conditions: doc.attribute_conditions.clone(),
        items: doc.items.iter().map(|s| rule_item(items, s)).collect(),
    }
}

/// The rule in the short form of the "all rules" list.
pub fn summary(doc: &RuleDoc) -> CatalogRuleSummary {
    CatalogRuleSummary {
        rule_id: RuleId(doc.rule_id),
        name: doc.name.clone(),
        is_enabled: doc.is_enabled,
        is_satisfied_for_unauth: Some(doc.is_satisfied_for_unauth),
    }
}

/// Which catalog items one player may see under the enabled rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogView {
    hidden: HashSet<String>,
}

impl CatalogView {
    /// Whether the player sees the item with this SKU.
    pub fn allows(&self, sku: &str) -> bool {
        !self.hidden.contains(sku)
    }
}

/// What a player with `attrs` sees (`None`: a player who is not logged in).
pub fn view_for(cache: &Cache, attrs: Option<&Map<String, Value>>) -> CatalogView {
    let mut personalized: HashSet<&str> = HashSet::new();
    let mut shown: HashSet<&str> = HashSet::new();
    for rule in cache.rules.values().filter(|r| r.is_enabled) {
        let met = match attrs {
            Some(attrs) => crate::conditions::all_match(&rule.attribute_conditions, attrs),
            None => rule.is_satisfied_for_unauth,
        };
        for sku in &rule.items {
            personalized.insert(&sku.0);
            if met {
                shown.insert(&sku.0);
            }
        }
    }
    CatalogView {
        hidden: personalized
            .difference(&shown)
            .map(|s| (*s).to_owned())
            .collect(),
    }
}

/// What player `sub` sees; reads the player's attributes only when an enabled rule exists.
pub fn catalog_view(conn: &Connection, cache: &Cache, sub: &str) -> ApiResult<CatalogView> {
    if !cache.rules.values().any(|r| r.is_enabled) {
        return Ok(CatalogView::default());
    }
    let attrs = super::inventory::attributes(conn, sub)?;
    Ok(view_for(cache, Some(&attrs)))
}

/// Loads the seed's `personalization_rules`: creation bodies of rules.
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    _: i64,
) -> ApiResult<()> {
    for (i, value) in seed.personalization_rules.iter().enumerate() {
        let bytes = serde_json::to_vec(value).map_err(|e| ApiError::internal("seed", e))?;
        let body: CatalogRuleInput = crate::extract::decode(&bytes).map_err(|e| ApiError {
            message: format!("personalization_rules[{i}]: {}", e.message),
            ..e
        })?;
        create(tx, cache, body)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::catalog::ItemInput;
    use xsolla_liveops::models::common::StringOperator;

    fn cache_with(rules: Vec<RuleDoc>) -> Cache {
        let mut cache = Cache::default();
        for sku in ["armour", "potion", "sword"] {
            let input: ItemInput = serde_json::from_value(serde_json::json!({
                "sku": sku, "name": {"en": sku}, "type": "virtual_good"
            }))
            .unwrap();
            let item = Item {
                item_id: xsolla_liveops::ItemId(1),
                input,
            };
            cache.items.insert(sku.to_owned(), Arc::new(item));
        }
        for r in rules {
            cache.rules.insert(r.rule_id, Arc::new(r));
        }
        cache
    }

    fn rule(id: i64, race: &str, skus: &[&str], enabled: bool, unauth: bool) -> RuleDoc {
        RuleDoc {
            rule_id: id,
            name: format!("rule {id}"),
            is_enabled: enabled,
            is_satisfied_for_unauth: unauth,
            attribute_conditions: vec![AttributeCondition::String {
                attribute: "race".into(),
                operator: StringOperator::Eq,
                value: race.into(),
                can_be_missing: None,
            }],
            items: skus.iter().map(|s| Sku::from(*s)).collect(),
        }
    }

    #[test]
    fn personalized_items_are_shown_only_to_players_a_rule_matches() {
        let cache = cache_with(vec![
            rule(1, "ork", &["armour"], true, false),
            rule(2, "elf", &["armour", "sword"], true, true),
            rule(3, "dwarf", &["potion"], false, false),
        ]);
        let attrs = |race: &str| {
            let mut m = Map::new();
            m.insert("race".into(), Value::String(race.into()));
            m
        };
        let ork = view_for(&cache, Some(&attrs("ork")));
        assert!(ork.allows("armour") && !ork.allows("sword") && ork.allows("potion"));
        let elf = view_for(&cache, Some(&attrs("elf")));
        assert!(elf.allows("armour") && elf.allows("sword"));
        let human = view_for(&cache, Some(&Map::new()));
        assert!(!human.allows("armour") && !human.allows("sword"));
        assert!(human.allows("potion"), "a disabled rule hides nothing");
        let guest = view_for(&cache, None);
        assert!(
            guest.allows("armour") && guest.allows("sword"),
            "rule 2 is satisfied for guests"
        );
    }
}
