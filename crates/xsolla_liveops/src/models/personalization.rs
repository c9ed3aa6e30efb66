//! Personalized catalog: rules on user attributes.
//!
//! A rule pairs attribute conditions (all must hold) with the catalog items it shows to the
//! players who meet them. Every type here is server-side (feature `admin`).

use serde::{Deserialize, Serialize};

use crate::ids::{ItemId, RuleId, Sku};
use crate::models::common::{AttributeCondition, ItemType, ListPage};
use crate::models::discounts::BundleType;

/// An item a rule shows, as written: by id or by SKU, not both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum RuleItemRef {
    /// By item id.
    Id {
        /// Item id.
        item_id: ItemId,
    },
    /// By SKU.
    Sku {
        /// SKU.
        sku: Sku,
    },
}

impl From<ItemId> for RuleItemRef {
    fn from(item_id: ItemId) -> Self {
        Self::Id { item_id }
    }
}

impl From<Sku> for RuleItemRef {
    fn from(sku: Sku) -> Self {
        Self::Sku { sku }
    }
}

/// An item of a rule as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<BundleType>,
}

impl RuleItem {
    /// How to name this item in a rule body: by id when known, else by SKU.
    pub fn to_ref(&self) -> Option<RuleItemRef> {
        match (&self.item_id, &self.sku) {
            (Some(id), _) => Some(RuleItemRef::from(*id)),
            (None, Some(sku)) => Some(RuleItemRef::from(sku.clone())),
            (None, None) => None,
        }
    }
}

/// A catalog rule as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRule {
    /// Rule id.
    pub rule_id: RuleId,
    /// Name shown in Publisher Account.
    pub name: String,
    /// Enabled.
    pub is_enabled: bool,
    /// Shows the items to players who are not logged in, whatever the conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_satisfied_for_unauth: Option<bool>,
    /// Conditions on player attributes, all of which must hold.
    #[serde(default)]
    pub attribute_conditions: Vec<AttributeCondition>,
    /// The items the rule shows.
    #[serde(default)]
    pub items: Vec<RuleItem>,
}

/// Create or replace (PUT) body of a catalog rule. On replace, optional fields left out go
/// back to their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRuleInput {
    /// Name shown in Publisher Account (1..255 characters, not starting with a space).
    pub name: String,
    /// Enabled.
    pub is_enabled: bool,
    /// Shows the items to players who are not logged in; `false` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_satisfied_for_unauth: Option<bool>,
    /// Conditions on player attributes (1..100), all of which must hold.
    pub attribute_conditions: Vec<AttributeCondition>,
    /// The items to show (1..100).
    pub items: Vec<RuleItemRef>,
}

impl From<CatalogRule> for CatalogRuleInput {
    /// The replace body for a rule read back: the id is dropped, items are named by id (or SKU).
    fn from(rule: CatalogRule) -> Self {
        Self {
            name: rule.name,
            is_enabled: rule.is_enabled,
            is_satisfied_for_unauth: rule.is_satisfied_for_unauth,
            attribute_conditions: rule.attribute_conditions,
            items: rule.items.iter().filter_map(RuleItem::to_ref).collect(),
        }
    }
}

/// Partial update (PATCH) body of a catalog rule: fields left out keep their current values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRulePatch {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Shows the items to players who are not logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_satisfied_for_unauth: Option<bool>,
    /// Conditions on player attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// The items to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<RuleItemRef>>,
}

/// A rule in the short list made for searching on the client side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRuleSummary {
    /// Rule id.
    pub rule_id: RuleId,
    /// Name.
    pub name: String,
    /// Enabled.
    pub is_enabled: bool,
    /// Shows the items to players who are not logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_satisfied_for_unauth: Option<bool>,
}

/// Every rule of the project, in short form (not paged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRuleSummaries {
    /// The rules.
    #[serde(default)]
    pub items: Vec<CatalogRuleSummary>,
}

/// Answer of a rule creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedCatalogRule {
    /// The new rule's id.
    pub rule_id: RuleId,
}

/// A page of catalog rules.
pub type CatalogRulePage = ListPage<CatalogRule>;
