//! Daily chains ("daily rewards"): a step a day, claimed in order.

use serde::{Deserialize, Serialize};

use super::common::{ClientRewardItem, DateTime, ListPage, UnixTime};
use crate::ids::{DailyChainId, StepNumber};

#[cfg(feature = "admin")]
mod admin;
#[cfg(feature = "admin")]
pub use admin::*;

/// How a daily chain's days unlock.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DailyChainType {
    /// Step *n* unlocks on day *n* after `date_start`; a missed day is lost for good.
    CalendarHard,
    /// The next step unlocks a day after the previous claim; nothing is ever missed.
    Rolling,
    /// A type this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// Where a player stands on one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DailyStepStatus {
    /// Already taken.
    Claimed,
    /// Can be claimed now.
    Claimable,
    /// Not unlocked yet, or a previous step is still open.
    ClaimInFuture,
    /// Missed; can never be claimed.
    Blocked,
}

/// One day of a daily chain, for the current player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientDailyStep {
    /// 1-based step number.
    pub step_number: StepNumber,
    /// The player's status on this step.
    pub status: DailyStepStatus,
    /// When the step became or becomes claimable.
    pub unlocked_date: UnixTime,
    /// Rewards.
    pub items: Vec<ClientRewardItem>,
}

/// A daily chain with the current player's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientDailyChain {
    /// Chain id.
    pub id: DailyChainId,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Chain type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub chain_type: Option<DailyChainType>,
    /// Start.
    pub date_start: DateTime,
    /// End, if any.
    #[serde(default)]
    pub date_end: Option<DateTime>,
    /// Whether the chain restarts after its last step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_recurrent: Option<bool>,
    /// Steps in order.
    pub steps: Vec<ClientDailyStep>,
}

impl ClientDailyChain {
    /// The step that can be claimed now, if any.
    pub fn claimable_step(&self) -> Option<&ClientDailyStep> {
        self.steps
            .iter()
            .find(|s| s.status == DailyStepStatus::Claimable)
    }

    /// The earliest unlock time still in the future at `now` (Unix seconds).
    pub fn next_unlock_after(&self, now: i64) -> Option<UnixTime> {
        self.steps
            .iter()
            .filter(|s| s.status == DailyStepStatus::ClaimInFuture && s.unlocked_date.0 > now)
            .map(|s| s.unlocked_date)
            .min()
    }
}

/// A page of the player's daily chains.
pub type ClientDailyChainPage = ListPage<ClientDailyChain>;
