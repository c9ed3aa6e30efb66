//! The server-side half of [`daily`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::{ItemId, Sku, StepId};
use crate::models::common::StepItemInput;
use crate::models::common::{ItemType, LocalizedText};

/// A step reward as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminStepItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Quantity granted.
    pub quantity: i64,
}

/// A daily chain step as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminDailyStep {
    /// Step id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
    /// 1-based step number.
    pub step_number: StepNumber,
    /// Rewards.
    pub items: Vec<AdminStepItem>,
}

/// A daily chain as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminDailyChain {
    /// Chain id.
    pub id: DailyChainId,
    /// Name.
    pub name: LocalizedText,
    /// Description.
    #[serde(default)]
    pub description: Option<LocalizedText>,
    /// Start.
    pub date_start: DateTime,
    /// End.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Enabled (visible to players).
    pub is_enabled: bool,
    /// Restarts after the last step.
    #[serde(default)]
    pub is_recurrent: bool,
    /// Chain type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub chain_type: Option<DailyChainType>,
    /// Number of steps (derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_steps: Option<u32>,
    /// Steps; the list view may leave them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<AdminDailyStep>,
}

/// A daily chain step as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyStepInput {
    /// On update, the id of the existing step, so players keep their progress on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
    /// 1-based step number.
    pub step_number: StepNumber,
    /// Rewards (at least one).
    pub items: Vec<StepItemInput>,
}

/// Create or update body of a daily chain. `number_of_steps` is derived by the server and is
/// never sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyChainInput {
    /// On update, the chain id (optional echo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<DailyChainId>,
    /// Name.
    pub name: LocalizedText,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
    /// Enabled.
    pub is_enabled: bool,
    /// Restarts after the last step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_recurrent: Option<bool>,
    /// Chain type; required by Xsolla on create and on every update.
    #[serde(rename = "type")]
    pub chain_type: DailyChainType,
    /// Steps.
    pub steps: Vec<DailyStepInput>,
}

impl From<AdminDailyChain> for DailyChainInput {
    /// The update body for a chain read back: derived fields dropped, step ids kept.
    fn from(chain: AdminDailyChain) -> Self {
        Self {
            id: Some(chain.id),
            name: chain.name,
            description: chain.description,
            order: chain.order,
            date_start: chain.date_start,
            date_end: chain.date_end,
            is_enabled: chain.is_enabled,
            is_recurrent: Some(chain.is_recurrent),
            chain_type: chain.chain_type.unwrap_or(DailyChainType::CalendarHard),
            steps: chain
                .steps
                .into_iter()
                .map(|s| DailyStepInput {
                    step_id: s.step_id,
                    step_number: s.step_number,
                    items: s
                        .items
                        .into_iter()
                        .map(|i| StepItemInput {
                            sku: i.sku,
                            quantity: i.quantity,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Answer of a daily chain creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedDailyChain {
    /// The new chain's id.
    pub daily_chain_id: DailyChainId,
}

/// A page of daily chains (admin list).
pub type AdminDailyChainPage = ListPage<AdminDailyChain>;
