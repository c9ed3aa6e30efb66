//! User limits on promotions and items.
//!
//! A discount or bonus may be used a limited number of times per player, and a catalog item
//! bought a limited number of times; these bodies read and adjust what one player has left.
//! The player, change and count bodies are the shared ones of the `promotions` module (coupon
//! and promo-code user limits use them too) and are re-exported here. Every type here is
//! server-side (feature `admin`).

use serde::{Deserialize, Serialize};

pub use super::promotions::{
    LimitUser, UserExternalId, UserLimit, UserLimitChange, UserLimitState,
};
use crate::error::ApiError;

/// Body of the calls that refresh every limit of one player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLimitTarget {
    /// The player.
    pub user: LimitUser,
}

/// Body of the calls that refresh one promotion's or item's limit, for one player or everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLimitRefresh {
    /// The player; `None` (sent as `null`: the key is required, its value may be null)
    /// refreshes every player.
    #[serde(deserialize_with = "required_nullable")]
    pub user: Option<LimitUser>,
}

/// Reads a key that must be present but may be `null` (serde would let a missing `Option`
/// key through).
fn required_nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// Why a user-limit call was turned down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitRejection {
    /// No such promotion (`1101`, `9502`) or item (`4001`).
    UnknownTarget,
    /// No such player (`5008`).
    UnknownUser,
    /// The promotion (`4509`) or item (`4508`) has no per-player limit.
    NotConfigured,
    /// The change would take the count outside `0..=total` (`4511`, `4510`).
    OutOfRange,
}

impl LimitRejection {
    /// Classifies an error answer of a user-limit call.
    pub fn of(error: &ApiError) -> Option<Self> {
        let body = error.body.as_deref()?;
        let has = |code: i64| body.error_code == code || body.message_code() == Some(code);
        if has(4510) || has(4511) {
            Some(Self::OutOfRange)
        } else if has(4508) || has(4509) {
            Some(Self::NotConfigured)
        } else if has(5008) {
            Some(Self::UnknownUser)
        } else if error.status == 404 && (has(1101) || has(4001) || has(9502)) {
            Some(Self::UnknownTarget)
        } else {
            None
        }
    }
}
