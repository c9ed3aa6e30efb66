//! Reward chains, value points and clans.
//!
//! A player earns value points by buying items for real money; a reward chain turns running
//! point totals into rewards: each step has a price in points and unlocks once the player's
//! balance reaches it. Clan chains pool the points of every clan member.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{ClientSchedule, DateTime, ItemType, ListPage, LocalizedText};
use crate::error::ApiError;
use crate::ids::{RewardChainId, Sku, StepId};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

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
