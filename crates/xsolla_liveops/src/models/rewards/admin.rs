//! The server-side half of [`rewards`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::ids::ItemId;
use crate::models::common::{AttributeCondition, RecurrentSchedule, RecurrentScheduleState};

/// A value point as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminValuePoint {
    /// SKU.
    pub sku: Sku,
    /// Name.
    pub name: LocalizedText,
    /// Item kind (`value_point`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Enabled.
    #[serde(default)]
    pub is_enabled: bool,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Additional assets.
    #[serde(default)]
    pub media_list: Vec<MediaItem>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Points pooled by clans (fixed at creation).
    #[serde(default)]
    pub is_clan: bool,
    /// False while a reward chain uses the value point (get-one only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_delete: Option<bool>,
}

/// A page of value points (admin list). Xsolla answers `{items}` only.
pub type ValuePointPage = ListPage<AdminValuePoint>;

/// Create or update body of a value point. The SKU is part of both; `is_clan` cannot
/// change after creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePointInput {
    /// SKU.
    pub sku: Sku,
    /// Name.
    pub name: LocalizedText,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Additional assets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_list: Option<Vec<MediaItem>>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Points pooled by clans, for clan reward chains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_clan: Option<bool>,
}

impl ValuePointInput {
    /// A value point with a SKU and a name; everything else left to Xsolla's defaults.
    pub fn new(sku: impl Into<Sku>, name: LocalizedText) -> Self {
        Self {
            sku: sku.into(),
            name,
            is_enabled: None,
            description: None,
            long_description: None,
            image_url: None,
            media_list: None,
            order: None,
            is_clan: None,
        }
    }
}

impl From<AdminValuePoint> for ValuePointInput {
    /// The update body for a value point read back: the read-only `type` and
    /// `can_delete` dropped.
    fn from(vp: AdminValuePoint) -> Self {
        Self {
            sku: vp.sku,
            name: vp.name,
            is_enabled: Some(vp.is_enabled),
            description: vp.description,
            long_description: vp.long_description,
            image_url: vp.image_url,
            media_list: Some(vp.media_list),
            order: vp.order,
            is_clan: Some(vp.is_clan),
        }
    }
}

/// Answer of a value point creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedValuePoint {
    /// SKU.
    pub sku: Sku,
    /// The new item's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
}

/// How many value points buying one catalog item earns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemValuePoints {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// Item SKU.
    pub sku: Sku,
    /// Item name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Item image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Value points earned per purchase.
    pub amount: i64,
}

/// The items that earn one value point.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemValuePointsList {
    /// The items.
    #[serde(default)]
    pub items: Vec<ItemValuePoints>,
}

/// One entry of the set (PUT) or partial update (PATCH) body of item value points. With
/// PATCH, an `amount` of 0 removes the item's points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemValuePointsInput {
    /// Item SKU.
    pub sku: Sku,
    /// Value points earned per purchase.
    pub amount: i64,
}

impl ItemValuePointsInput {
    /// `amount` points for buying `sku`.
    pub fn new(sku: impl Into<Sku>, amount: i64) -> Self {
        Self {
            sku: sku.into(),
            amount,
        }
    }
}

impl From<ItemValuePoints> for ItemValuePointsInput {
    /// The entry for an item read back.
    fn from(item: ItemValuePoints) -> Self {
        Self {
            sku: item.sku,
            amount: item.amount,
        }
    }
}

/// The value point of a reward chain as the admin API reads it. Xsolla writes its texts
/// plain in some answers and localized in others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainValuePoint {
    /// SKU.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<MaybeLocalized>,
    /// Item kind (`value_point`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<MaybeLocalized>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<MaybeLocalized>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Additional assets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_list: Option<Vec<MediaItem>>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Points pooled by clans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_clan: Option<bool>,
    /// An amount, when the list reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

/// A step reward as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRewardItem {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted.
    pub quantity: i64,
    /// Only players meeting every condition get this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
}

/// A reward chain step as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRewardStep {
    /// Step id.
    #[serde(default)]
    pub step_id: Option<StepId>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Value points needed.
    pub price: StepPrice,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Rewards.
    #[serde(default)]
    pub reward: Vec<AdminRewardItem>,
}

/// A reward chain as the admin API reads it; clan chains carry the popup fields and
/// `clan_type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRewardChain {
    /// Chain id.
    pub reward_chain_id: RewardChainId,
    /// Name.
    pub name: LocalizedText,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` for no end date.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Enabled (visible to players).
    pub is_enabled: bool,
    /// The value point the chain counts (fixed at creation).
    pub value_point: ChainValuePoint,
    /// Steps; the list view leaves them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<AdminRewardStep>,
    /// Automatic reset with its computed dates, if any.
    #[serde(default)]
    pub recurrent_schedule: Option<RecurrentScheduleState>,
    /// Only players meeting every condition see the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Shown to everybody (`true`), or only when no personalized chain matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_always_visible: Option<bool>,
    /// Header of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_header: Option<LocalizedText>,
    /// Instructions of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_instruction: Option<LocalizedText>,
    /// Image of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_image_url: Option<String>,
    /// Set on clan chains (fixed at creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clan_type: Option<ClanType>,
    /// The clan's best contributors, when reported.
    #[serde(default, deserialize_with = "contributors")]
    pub top_contributors: Vec<ClanContributor>,
}

impl AdminRewardChain {
    /// True for a clan chain.
    pub fn is_clan(&self) -> bool {
        self.clan_type.is_some() || self.value_point.is_clan == Some(true)
    }
}

/// A page of reward chains (admin list, 10 at most).
pub type AdminRewardChainPage = ListPage<AdminRewardChain>;

/// Reference to the value point a new chain counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePointRef {
    /// SKU of the value point.
    pub sku: Sku,
}

/// A step reward as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardItemInput {
    /// SKU.
    pub sku: Sku,
    /// Quantity granted.
    pub quantity: i64,
    /// Only players meeting every condition get this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
}

impl RewardItemInput {
    /// `quantity` of `sku` for everybody.
    pub fn new(sku: impl Into<Sku>, quantity: i64) -> Self {
        Self {
            sku: sku.into(),
            quantity,
            attribute_conditions: None,
        }
    }
}

impl From<AdminRewardItem> for RewardItemInput {
    /// The written form of a reward read back.
    fn from(item: AdminRewardItem) -> Self {
        Self {
            sku: item.sku,
            quantity: item.quantity,
            attribute_conditions: item.attribute_conditions,
        }
    }
}

/// A step of a new reward chain (1 to 10 rewards; 31 steps at most).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardStepInput {
    /// Name.
    pub name: LocalizedText,
    /// Value points needed.
    pub price: StepPrice,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Rewards.
    pub reward: Vec<RewardItemInput>,
}

/// Create body of a reward chain, plain or clan.
///
/// Xsolla describes two shapes: a plain chain, and a clan chain that adds the popup
/// fields (`popup_header` and `popup_instruction` are then required) and `clan_type`.
/// They differ only by those optional extras, so one struct carries both and keeps
/// unknown properties refused; [`RewardChainInput::is_clan`] tells them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardChainInput {
    /// Name.
    pub name: LocalizedText,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` for no end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
    /// Enabled.
    pub is_enabled: bool,
    /// The value point the chain counts; a clan chain needs a clan value point.
    pub value_point: ValuePointRef,
    /// Steps.
    pub steps: Vec<RewardStepInput>,
    /// Automatic reset: Xsolla accepts weekly and monthly schedules here.
    #[serde(
        default,
        deserialize_with = "crate::models::common::ScheduleInput::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub recurrent_schedule: Option<RecurrentSchedule>,
    /// Only players meeting every condition see the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Shown to everybody (`true`, Xsolla's default), or only when no personalized
    /// chain matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_always_visible: Option<bool>,
    /// Header of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_header: Option<LocalizedText>,
    /// Instructions of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_instruction: Option<LocalizedText>,
    /// Image of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_image_url: Option<String>,
    /// Clan label (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clan_type: Option<ClanType>,
}

impl RewardChainInput {
    /// True when the body describes a clan chain.
    pub fn is_clan(&self) -> bool {
        self.clan_type.is_some() || self.popup_header.is_some() || self.popup_instruction.is_some()
    }
}

/// A step in the update body of a reward chain. Existing steps keep their `step_id` so
/// players keep their progress; a new step is sent with `step_id: null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardStepUpdate {
    /// Id of the existing step; `None` (sent as `null`) for a new one.
    pub step_id: Option<StepId>,
    /// Name.
    pub name: LocalizedText,
    /// Value points needed.
    pub price: StepPrice,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Rewards.
    pub reward: Vec<RewardItemInput>,
}

impl From<RewardStepInput> for RewardStepUpdate {
    /// A new step added by an update.
    fn from(step: RewardStepInput) -> Self {
        Self {
            step_id: None,
            name: step.name,
            price: step.price,
            image_url: step.image_url,
            reward: step.reward,
        }
    }
}

impl From<AdminRewardStep> for RewardStepUpdate {
    /// A step read back, with its id kept.
    fn from(step: AdminRewardStep) -> Self {
        Self {
            step_id: step.step_id,
            name: step.name.unwrap_or_default(),
            price: step.price,
            image_url: step.image_url,
            reward: step.reward.into_iter().map(RewardItemInput::from).collect(),
        }
    }
}

/// Update (full replace) body of a reward chain.
///
/// The chain id, its value point and its `clan_type` are fixed at creation: Xsolla
/// refuses them here, so this type has no such fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardChainUpdate {
    /// Name.
    pub name: LocalizedText,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<LocalizedText>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` for no end date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<DateTime>,
    /// Enabled.
    pub is_enabled: bool,
    /// Steps, each existing one with its id.
    pub steps: Vec<RewardStepUpdate>,
    /// Automatic reset (weekly or monthly), if any.
    #[serde(
        default,
        deserialize_with = "crate::models::common::ScheduleInput::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub recurrent_schedule: Option<RecurrentSchedule>,
    /// Only players meeting every condition see the chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_conditions: Option<Vec<AttributeCondition>>,
    /// Shown to everybody, or only when no personalized chain matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_always_visible: Option<bool>,
    /// Header of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_header: Option<LocalizedText>,
    /// Instructions of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_instruction: Option<LocalizedText>,
    /// Image of the clan-chain help popup (clan chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_image_url: Option<String>,
}

impl From<AdminRewardChain> for RewardChainUpdate {
    /// The update body for a chain read back: id, value point, clan type and computed
    /// schedule dates dropped, step ids kept.
    fn from(chain: AdminRewardChain) -> Self {
        Self {
            name: chain.name,
            description: chain.description,
            long_description: chain.long_description,
            image_url: chain.image_url,
            order: chain.order,
            date_start: chain.date_start,
            date_end: chain.date_end,
            is_enabled: chain.is_enabled,
            steps: chain
                .steps
                .into_iter()
                .map(RewardStepUpdate::from)
                .collect(),
            recurrent_schedule: chain.recurrent_schedule.map(|s| s.schedule),
            attribute_conditions: chain.attribute_conditions,
            is_always_visible: chain.is_always_visible,
            popup_header: chain.popup_header,
            popup_instruction: chain.popup_instruction,
            popup_image_url: chain.popup_image_url,
        }
    }
}

/// Answer of a reward chain creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRewardChain {
    /// The new chain's id.
    pub reward_chain_id: RewardChainId,
}
