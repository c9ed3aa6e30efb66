//! The server-side half of [`offer`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::StepId;
use crate::models::common::{
    AttributeCondition, ItemType, LocalizedText, RecurrentSchedule, RecurrentScheduleState,
};

/// A step's item as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOfferItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    pub sku: Sku,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The item itself is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_free: Option<bool>,
    /// Quantity granted.
    pub quantity: i64,
    /// Display order within the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
}

/// An offer chain step as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOfferStep {
    /// Step id; send it back on update to keep players' progress on the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
    /// 1-based step number.
    pub step_number: StepNumber,
    /// Free step (claimed) rather than paid step (bought).
    #[serde(default)]
    pub is_free: bool,
    /// Price in real money, derived from the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_price: Option<Price>,
    /// The step's item.
    #[serde(default)]
    pub items: Vec<AdminOfferItem>,
}

/// An offer chain as the admin API reads it. The list view leaves `steps` out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOfferChain {
    /// Chain id.
    pub id: OfferChainId,
    /// Name.
    pub name: LocalizedText,
    /// Description.
    #[serde(default)]
    pub description: Option<LocalizedText>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` for no time limit.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Enabled (visible to players). An enabled chain cannot be updated.
    pub is_enabled: bool,
    /// Scheduled reset of every player's progress, with its computed dates.
    #[serde(default)]
    pub recurrent_schedule: Option<RecurrentScheduleState>,
    /// Shown to every player (`true`, the default) or only to players no personalized chain
    /// matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_always_visible: Option<bool>,
    /// Personalization: all must hold for a player to see the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Seen on live objects, not documented: presumably the chain restarts once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_reset_on_completion: Option<bool>,
    /// Number of steps (derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_steps: Option<u32>,
    /// Steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<AdminOfferStep>,
}

/// A step's item as written: SKU, quantity, optional order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferItemInput {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted.
    pub quantity: i64,
    /// Display order within the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
}

/// An offer chain step as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferStepInput {
    /// On update, the id of the existing step, so players keep their progress on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
    /// 1-based step number.
    pub step_number: StepNumber,
    /// `true`: players claim the step for free; `false`: they buy it.
    pub is_free: bool,
    /// The step's item (exactly one).
    pub items: Vec<OfferItemInput>,
}

/// Create or update body of an offer chain (at most 30 steps). `number_of_steps` is derived by
/// the server and never sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferChainInput {
    /// On update, the chain id (optional echo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<OfferChainId>,
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
    /// End; `None` for no time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
    /// Enabled.
    pub is_enabled: bool,
    /// Scheduled reset of every player's progress (weekly, monthly or hourly); `None` for none.
    /// Computed dates are refused ([`ScheduleInput`](crate::models::common::ScheduleInput)).
    #[serde(
        default,
        deserialize_with = "crate::models::common::ScheduleInput::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub recurrent_schedule: Option<RecurrentSchedule>,
    /// Shown to every player (default) or only when no personalized chain matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_always_visible: Option<bool>,
    /// Personalization: 1..100 conditions that must all hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Restart once completed (seen on live objects and written back by Xsolla's own tools;
    /// not in the published docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_reset_on_completion: Option<bool>,
    /// Steps.
    pub steps: Vec<OfferStepInput>,
}

impl From<AdminOfferChain> for OfferChainInput {
    /// The update body for a chain read back: derived fields and computed schedule dates
    /// dropped, step ids kept, an empty condition list left out.
    fn from(chain: AdminOfferChain) -> Self {
        Self {
            id: Some(chain.id),
            name: chain.name,
            description: chain.description,
            order: chain.order,
            date_start: chain.date_start,
            date_end: chain.date_end,
            is_enabled: chain.is_enabled,
            recurrent_schedule: chain.recurrent_schedule.map(|s| s.schedule),
            is_always_visible: chain.is_always_visible,
            attribute_conditions: chain.attribute_conditions.filter(|c| !c.is_empty()),
            is_reset_on_completion: chain.is_reset_on_completion,
            steps: chain
                .steps
                .into_iter()
                .map(|s| OfferStepInput {
                    step_id: s.step_id,
                    step_number: s.step_number,
                    is_free: s.is_free,
                    items: s
                        .items
                        .into_iter()
                        .map(|i| OfferItemInput {
                            sku: i.sku,
                            quantity: i.quantity,
                            order: i.order,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Answer of an offer chain creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedOfferChain {
    /// The new chain's id.
    pub offer_chain_id: OfferChainId,
}

/// A page of offer chains (admin list, 10 at most).
pub type AdminOfferChainPage = ListPage<AdminOfferChain>;
