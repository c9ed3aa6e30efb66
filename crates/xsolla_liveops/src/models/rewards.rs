//! Reward chains, value points and clans.
//!
//! A player earns value points by buying items for real money; a reward chain turns running
//! point totals into rewards: each step has a price in points and unlocks once the player's
//! balance reaches it. Clan chains pool the points of every clan member.

use serde::{Deserialize, Deserializer, Serialize};

#[cfg(feature = "admin")]
use super::common::{AttributeCondition, RecurrentSchedule, RecurrentScheduleState};
use super::common::{ClientSchedule, DateTime, ItemType, ListPage, LocalizedText};
use crate::error::ApiError;
#[cfg(feature = "admin")]
use crate::ids::ItemId;
use crate::ids::{RewardChainId, Sku, StepId};

/// The kind of group a clan reward chain is shared by. Xsolla only uses it as a label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClanType {
    /// `clan`.
    Clan,
    /// `guild`.
    Guild,
    /// `faction`.
    Faction,
    /// `community`.
    Community,
    /// `team`.
    Team,
    /// `squad`.
    Squad,
    /// `alliance`.
    Alliance,
    /// `association`.
    Association,
    /// `coalition`.
    Coalition,
    /// `union`.
    Union,
    /// `group`.
    Group,
    /// `civilizations`.
    Civilizations,
    /// `dynasty`.
    Dynasty,
    /// `order`.
    Order,
    /// `league`.
    League,
    /// `brotherhood`.
    Brotherhood,
    /// `kingdom`.
    Kingdom,
    /// `organization`.
    Organization,
    /// `house`.
    House,
    /// `empire`.
    Empire,
    /// `tribe`.
    Tribe,
    /// `cartel`.
    Cartel,
    /// A label this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// One clan member's share of a clan chain's points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClanContributor {
    /// The member's nickname (the user id the game sent to Xsolla Login).
    pub name: String,
    /// Value points this member brought in.
    pub contributed_amount: i64,
}

/// Reads a contributor list written as an array (whose entries may be `null`), a single
/// object, or `null`: Xsolla's schemas show all three.
fn contributors<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ClanContributor>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Many(Vec<Option<ClanContributor>>),
        One(ClanContributor),
    }
    Ok(match Option::<Shape>::deserialize(d)? {
        None => Vec::new(),
        Some(Shape::One(c)) => vec![c],
        Some(Shape::Many(list)) => list.into_iter().flatten().collect(),
    })
}

/// The price of a reward chain step: the value-point balance at which it unlocks. Read and
/// written alike, so unknown keys are tolerated here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StepPrice {
    /// Value points needed.
    pub amount: i64,
}

impl StepPrice {
    /// A price of `amount` value points.
    pub fn points(amount: i64) -> Self {
        Self { amount }
    }
}

/// A value point as a player sees it, with the player's balance: the `value_point` of a chain
/// and the answer of the balance call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientValuePoint {
    /// SKU of the value point.
    pub sku: Sku,
    /// Name.
    pub name: String,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// The player's (or, for clan points, the clan's) balance.
    #[serde(default)]
    pub amount: i64,
    /// Points pooled by a clan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_clan: Option<bool>,
}

/// A reward item as a player sees it in a reward chain step or a clan update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RewardChainItem {
    /// SKU.
    pub sku: Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Quantity granted.
    pub quantity: i64,
    /// Bundle kind (`standard`, `virtual_currency_package`), for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<String>,
}

/// Where a player stands on one reward chain step, given a balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RewardStepState {
    /// Already taken.
    Claimed,
    /// The balance reached the price: the step can be claimed now.
    Claimable,
    /// More points are needed.
    Locked {
        /// Points still missing.
        missing: i64,
    },
}

/// Why a reward chain claim was refused, read from the error answer. Finer than
/// [`ApiError::is_step_not_claimable`]: an already claimed step means the reward was granted
/// (a retried or duplicated claim), while missing points mean the player must earn more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClaimRefusal {
    /// 422 `9912` "Reward already claimed".
    AlreadyClaimed,
    /// 422 `9912` for any other reason the step cannot be claimed.
    NotClaimable,
    /// 422 `9913`: the balance has not reached the step's price.
    NotEnoughPoints,
    /// 404 `9911`: no such step (or chain).
    StepNotFound,
}

impl ClaimRefusal {
    /// Classifies the error answer of a claim; `None` for anything else (auth, server errors).
    pub fn of(error: &ApiError) -> Option<Self> {
        let body = error.body.as_ref()?;
        let has = |code: i64| body.error_code == code || body.message_code() == Some(code);
        match error.status {
            422 if has(9913) => Some(Self::NotEnoughPoints),
            422 if has(9912) => Some(
                if body
                    .error_message
                    .to_ascii_lowercase()
                    .contains("already claimed")
                {
                    Self::AlreadyClaimed
                } else {
                    Self::NotClaimable
                },
            ),
            404 if has(9911) => Some(Self::StepNotFound),
            _ => None,
        }
    }
}

/// One step of a reward chain, for the current player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRewardStep {
    /// Step id, used to claim it.
    pub step_id: StepId,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the player already took this step's reward.
    #[serde(default)]
    pub is_claimed: bool,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Value points needed to unlock the step.
    pub price: StepPrice,
    /// Rewards.
    #[serde(default)]
    pub reward: Vec<RewardChainItem>,
}

impl ClientRewardStep {
    /// The step's state for a value-point balance.
    pub fn state(&self, balance: i64) -> RewardStepState {
        if self.is_claimed {
            RewardStepState::Claimed
        } else if balance >= self.price.amount {
            RewardStepState::Claimable
        } else {
            RewardStepState::Locked {
                missing: self.price.amount - balance,
            }
        }
    }

    /// True when the step is not claimed yet and `balance` reaches its price.
    pub fn is_claimable(&self, balance: i64) -> bool {
        self.state(balance) == RewardStepState::Claimable
    }
}

/// A reward chain with the current player's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRewardChain {
    /// Chain id.
    pub reward_chain_id: RewardChainId,
    /// Name.
    pub name: String,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Start.
    pub date_start: DateTime,
    /// End; `None` when the chain runs without an end date.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// The value point the chain counts, with the player's balance in `amount`.
    pub value_point: ClientValuePoint,
    /// Set on clan chains.
    #[serde(default)]
    pub clan_type: Option<ClanType>,
    /// The clan's best contributors (clan chains).
    #[serde(default, deserialize_with = "contributors")]
    pub top_contributors: Vec<ClanContributor>,
    /// Steps, cheapest first.
    #[serde(default)]
    pub steps: Vec<ClientRewardStep>,
    /// Automatic reset, if any.
    #[serde(default)]
    pub recurrent_schedule: Option<ClientSchedule>,
    /// Header of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_header: Option<LocalizedText>,
    /// Instructions of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_instruction: Option<LocalizedText>,
    /// Image of the clan-chain help popup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popup_image_url: Option<String>,
}

impl ClientRewardChain {
    /// The player's (or clan's) value-point balance on this chain, as the list reported it.
    pub fn balance(&self) -> i64 {
        self.value_point.amount
    }

    /// True for a clan chain, whose points are pooled by the player's clan.
    pub fn is_clan(&self) -> bool {
        self.clan_type.is_some() || self.value_point.is_clan == Some(true)
    }

    /// A step by id.
    pub fn step(&self, step: StepId) -> Option<&ClientRewardStep> {
        self.steps.iter().find(|s| s.step_id == step)
    }

    /// Steps that can be claimed with `balance` (pass [`ClientRewardChain::balance`], or a
    /// fresher value from the balance call).
    pub fn claimable_steps(&self, balance: i64) -> impl Iterator<Item = &ClientRewardStep> + '_ {
        self.steps.iter().filter(move |s| s.is_claimable(balance))
    }

    /// The cheapest step `balance` does not reach yet, and how many points are missing.
    pub fn next_locked_step(&self, balance: i64) -> Option<(&ClientRewardStep, i64)> {
        self.steps
            .iter()
            .filter_map(|s| match s.state(balance) {
                RewardStepState::Locked { missing } => Some((s, missing)),
                _ => None,
            })
            .min_by_key(|(s, _)| s.price.amount)
    }

    /// True when every step has been claimed.
    pub fn is_complete(&self) -> bool {
        self.steps.iter().all(|s| s.is_claimed)
    }

    /// Whether the chain runs at `now`: started, and not ended.
    pub fn is_running_at(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.date_start <= now && self.date_end.is_none_or(|end| now < end)
    }
}

/// A page of the player's reward chains.
pub type ClientRewardChainPage = ListPage<ClientRewardChain>;

/// Answer of the clan update: rewards claimed on the player's behalf for the clan they left.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClanUpdate {
    /// Rewards granted; empty when there was nothing left to claim.
    #[serde(default)]
    pub reward: Vec<RewardChainItem>,
}

/// Text that is either plain or localized. Xsolla's admin reward-chain list writes the names
/// and descriptions of a chain's value point either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MaybeLocalized {
    /// A language → text map.
    Localized(LocalizedText),
    /// One string.
    Plain(String),
}

impl MaybeLocalized {
    /// The text for `lang`, else English, else any language; a plain string is returned as is.
    pub fn resolve(&self, lang: &str) -> Option<&str> {
        match self {
            Self::Localized(t) => t.resolve(lang),
            Self::Plain(s) => Some(s),
        }
    }
}

/// Kind of an additional asset of an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    /// A picture.
    Image,
    /// A video.
    Video,
    /// A kind this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// An additional asset of an item (screenshot, video).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    /// Kind.
    #[serde(rename = "type")]
    pub media_type: MediaType,
    /// Address of the file.
    pub url: String,
}

/// A value point as the admin API reads it.
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
pub type ValuePointPage = ListPage<AdminValuePoint>;

/// Create or update body of a value point. The SKU is part of both; `is_clan` cannot
/// change after creation.
#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedValuePoint {
    /// SKU.
    pub sku: Sku,
    /// The new item's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
}

/// How many value points buying one catalog item earns.
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemValuePointsList {
    /// The items.
    #[serde(default)]
    pub items: Vec<ItemValuePoints>,
}

/// One entry of the set (PUT) or partial update (PATCH) body of item value points. With
/// PATCH, an `amount` of 0 removes the item's points.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemValuePointsInput {
    /// Item SKU.
    pub sku: Sku,
    /// Value points earned per purchase.
    pub amount: i64,
}

#[cfg(feature = "admin")]
impl ItemValuePointsInput {
    /// `amount` points for buying `sku`.
    pub fn new(sku: impl Into<Sku>, amount: i64) -> Self {
        Self {
            sku: sku.into(),
            amount,
        }
    }
}

#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
impl AdminRewardChain {
    /// True for a clan chain.
    pub fn is_clan(&self) -> bool {
        self.clan_type.is_some() || self.value_point.is_clan == Some(true)
    }
}

/// A page of reward chains (admin list, 10 at most).
#[cfg(feature = "admin")]
pub type AdminRewardChainPage = ListPage<AdminRewardChain>;

/// Reference to the value point a new chain counts.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuePointRef {
    /// SKU of the value point.
    pub sku: Sku,
}

/// A step reward as written.
#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
        deserialize_with = "super::common::ScheduleInput::deserialize_option",
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

#[cfg(feature = "admin")]
impl RewardChainInput {
    /// True when the body describes a clan chain.
    pub fn is_clan(&self) -> bool {
        self.clan_type.is_some() || self.popup_header.is_some() || self.popup_instruction.is_some()
    }
}

/// A step in the update body of a reward chain. Existing steps keep their `step_id` so
/// players keep their progress; a new step is sent with `step_id: null`.
#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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

#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
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
        deserialize_with = "super::common::ScheduleInput::deserialize_option",
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

#[cfg(feature = "admin")]
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
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRewardChain {
    /// The new chain's id.
    pub reward_chain_id: RewardChainId,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: i64, price: i64, claimed: bool) -> ClientRewardStep {
        ClientRewardStep {
            step_id: StepId(id),
            name: None,
            is_claimed: claimed,
            image_url: None,
            price: StepPrice::points(price),
            reward: Vec::new(),
        }
    }

    #[test]
    fn step_state_follows_balance_and_claims() {
        assert_eq!(step(1, 100, true).state(0), RewardStepState::Claimed);
        assert_eq!(step(1, 100, false).state(100), RewardStepState::Claimable);
        assert_eq!(
            step(1, 100, false).state(30),
            RewardStepState::Locked { missing: 70 }
        );
    }

    #[test]
    fn contributors_accept_every_documented_shape() {
        let read = |json: &str| -> Vec<ClanContributor> {
            #[derive(Deserialize)]
            struct W {
                #[serde(default, deserialize_with = "contributors")]
                c: Vec<ClanContributor>,
            }
            serde_json::from_str::<W>(json).unwrap().c
        };
        assert!(read(r#"{"c":null}"#).is_empty());
        assert!(read("{}").is_empty());
        assert_eq!(
            read(r#"{"c":{"name":"a","contributed_amount":1}}"#).len(),
            1
        );
        assert_eq!(
            read(r#"{"c":[null,{"name":"a","contributed_amount":1}]}"#).len(),
            1
        );
    }
}
