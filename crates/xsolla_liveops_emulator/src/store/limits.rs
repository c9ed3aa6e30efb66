//! Per-player limits (reference §9): how many more times a player may use a discount or bonus,
//! and how many more of a catalog item a player may buy.
//!
//! Rules:
//! - The configured limit is the promotion's `limits.per_user` or the item's `limits.per_user`.
//!   A player's count is stored as the uses spent in the current schedule period; a player
//!   with no row (or a row of an earlier period) has the whole limit available, so a scheduled
//!   reset needs no background job: the period boundary of `recurrent_schedule` (emulator
//!   clock) starts every player afresh.
//! - Increase and decrease move `available` by at least 1 and set puts it anywhere in
//!   `0..=total`; a result outside that range is refused (4511 for promotions, 4510 for
//!   items). Refresh gives one player (or everyone) the whole limit back.
//! - A player is known once the emulator has seen them: attributes, inventory, chain progress,
//!   value points or limit counts. Anyone else is 404/5008.

use rusqlite::{Connection, OptionalExtension, Transaction};
use xsolla_liveops::models::common::RecurrentSchedule;
use xsolla_liveops::models::limits::{UserLimit, UserLimitState};

use super::catalog::ItemInput;
use super::promotions::PromotionDoc;
use crate::error::{ApiError, ApiResult};
use crate::schedule;

/// Purchase limits of a catalog item (the seed format lives in the client crate).
pub use xsolla_liveops::seed::ItemLimitsInput;

/// Checks an item's limits when the item is written.
pub fn check_item_limits(limits: &ItemLimitsInput) -> ApiResult<()> {
    for (name, value) in [("per_user", limits.per_user), ("per_item", limits.per_item)] {
        if value.is_some_and(|n| n < 1) {
            return Err(ApiError::validation(
                &format!("limits.{name}"),
                format!("The property `limits.{name}` must be at least 1"),
            ));
        }
    }
    if let Some(s) = &limits.recurrent_schedule {
        schedule::validate("limits.recurrent_schedule.per_user", &s.per_user)?;
    }
    Ok(())
}

fn code_error(status: u16, code: i64, text: &str) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::from_u16(status)
            .unwrap_or(axum::http::StatusCode::UNPROCESSABLE_ENTITY),
        code,
        text,
    )
}

/// 404/1101 for a limit call on a promotion that does not exist.
pub fn promotion_not_found() -> ApiError {
    code_error(404, 1101, "Promotion not found")
}

/// 404/4001 for a limit call on an item that does not exist.
pub fn item_not_found(sku: &str) -> ApiError {
    code_error(404, 4001, &format!("Item with sku = '{sku}' not found"))
}

/// 404/5008 for a player the emulator has never seen.
pub fn user_not_found() -> ApiError {
    code_error(404, 5008, "Could not find User")
}

/// 422/4509: the promotion has no per-player limit.
pub fn promotion_not_limited() -> ApiError {
    code_error(422, 4509, "Promotion does not have configured user limits.")
}

/// 422/4508: the item has no per-player limit.
pub fn item_not_limited() -> ApiError {
    code_error(422, 4508, "Item does not have configured user limits.")
}

/// 422/4511: the change would leave the promotion count outside `0..=total`.
pub fn promotion_out_of_range() -> ApiError {
    code_error(422, 4511, "Available promotion limit is out of range.")
}

/// 422/4510: the change would leave the item count outside `0..=total`.
pub fn item_out_of_range() -> ApiError {
    code_error(422, 4510, "Available item limit is out of range.")
}

/// Checks a `user_external_id` the way Xsolla's schema does (`^\S+$`).
pub fn check_user(user: &str) -> ApiResult<()> {
    if user.is_empty() {
        return Err(ApiError::validation(
            "user_external_id",
            "Must be at least 1 characters long",
        ));
    }
    if user.chars().any(char::is_whitespace) {
        return Err(ApiError::validation(
            "user_external_id",
            "Does not match the regex pattern ^\\S+$",
        ));
    }
    Ok(())
}

/// Whether the emulator has seen this player.
pub fn known_user(conn: &Connection, sub: &str) -> ApiResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM users WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM inventory WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM daily_claims WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM offer_claims WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM value_points WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM promotion_user_limits WHERE sub = ?1)
                 OR EXISTS(SELECT 1 FROM item_user_limits WHERE sub = ?1)",
        )?
        .query_row([sub], |r| r.get(0))?)
}

/// What a limit is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A discount or bonus, by id.
    Promotion(i64),
    /// A catalog item, by SKU.
    Item(&'a str),
}

impl Target<'_> {
    fn table(self) -> &'static str {
        match self {
            Self::Promotion(_) => "promotion_user_limits",
            Self::Item(_) => "item_user_limits",
        }
    }

    fn key(self) -> rusqlite::types::Value {
        match self {
            Self::Promotion(id) => rusqlite::types::Value::Integer(id),
            Self::Item(sku) => rusqlite::types::Value::Text(sku.to_owned()),
        }
    }

    fn out_of_range(self) -> ApiError {
        match self {
            Self::Promotion(_) => promotion_out_of_range(),
            Self::Item(_) => item_out_of_range(),
        }
    }
}

/// A configured per-player limit: its total and when it starts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit<'a> {
    /// What the limit is on.
    pub target: Target<'a>,
    /// Uses (or purchases) per player per period.
    pub total: i64,
    /// The reset schedule, if any.
    pub schedule: Option<&'a RecurrentSchedule>,
}

impl<'a> Limit<'a> {
    /// The per-player limit of a promotion, if it has one.
    pub fn of_promotion(doc: &'a PromotionDoc) -> Option<Self> {
        doc.per_user().map(|total| Self {
            target: Target::Promotion(doc.id),
            total,
            schedule: doc.limit_schedule(),
        })
    }

    /// The per-player limit of an item, if it has one.
    pub fn of_item(item: &'a ItemInput) -> Option<Self> {
        let limits = item.limits.as_ref()?;
        limits.per_user.map(|total| Self {
            target: Target::Item(&item.sku.0),
            total,
            schedule: limits.recurrent_schedule.as_ref().map(|s| &s.per_user),
        })
    }

    fn period(&self, now: i64) -> i64 {
        self.schedule.map_or(0, |s| schedule::bounds(s, now).0)
    }

    /// Uses spent by `sub` in the current period.
    pub fn used(&self, conn: &Connection, sub: &str, now: i64) -> ApiResult<i64> {
        let sql = format!(
            "SELECT used, period FROM {} WHERE target = ?1 AND sub = ?2",
            self.target.table()
        );
        let row: Option<(i64, i64)> = conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params![self.target.key(), sub], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(match row {
            Some((used, period)) if period == self.period(now) => used.clamp(0, self.total),
            _ => 0,
        })
    }

    /// `{per_user: {total, available}}` for `sub` at `now`.
    pub fn state(&self, conn: &Connection, sub: &str, now: i64) -> ApiResult<UserLimit> {
        let used = self.used(conn, sub, now)?;
        Ok(UserLimit {
            per_user: UserLimitState {
                total: self.total,
                available: self.total - used,
            },
        })
    }

    fn write_used(&self, tx: &Connection, sub: &str, used: i64, now: i64) -> ApiResult<()> {
        let sql = format!(
            "INSERT INTO {} (target, sub, period, used) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(target, sub) DO UPDATE SET period = excluded.period, used = excluded.used",
            self.target.table()
        );
        tx.prepare_cached(&sql)?.execute(rusqlite::params![
            self.target.key(),
            sub,
            self.period(now),
            used
        ])?;
        Ok(())
    }

    /// Moves `available` by `delta`, refusing a result outside `0..=total`.
    pub fn shift(
        &self,
        tx: &Transaction<'_>,
        sub: &str,
        delta: i64,
        now: i64,
    ) -> ApiResult<UserLimit> {
        let available = self.total - self.used(tx, sub, now)?;
        self.set(tx, sub, available.saturating_add(delta), now)
    }

    /// Sets `available`, refusing a value outside `0..=total`.
    pub fn set(
        &self,
        tx: &Transaction<'_>,
        sub: &str,
        available: i64,
        now: i64,
    ) -> ApiResult<UserLimit> {
        if !(0..=self.total).contains(&available) {
            return Err(self.target.out_of_range());
        }
        self.write_used(tx, sub, self.total - available, now)?;
        self.state(tx, sub, now)
    }

    /// Spends one use when one is left; false when none is.
    pub fn spend(&self, tx: &Connection, sub: &str, now: i64) -> ApiResult<bool> {
        let used = self.used(tx, sub, now)?;
        if used >= self.total {
            return Ok(false);
        }
        self.write_used(tx, sub, used + 1, now)?;
        Ok(true)
    }
}

/// Gives one player (or, with `None`, everyone) the whole limit of `target` back.
pub fn refresh(tx: &Transaction<'_>, target: Target<'_>, sub: Option<&str>) -> ApiResult<()> {
    match sub {
        Some(sub) => {
            let sql = format!(
                "DELETE FROM {} WHERE target = ?1 AND sub = ?2",
                target.table()
            );
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params![target.key(), sub])?;
        }
        None => {
            let sql = format!("DELETE FROM {} WHERE target = ?1", target.table());
            tx.prepare_cached(&sql)?.execute([target.key()])?;
        }
    }
    Ok(())
}

/// Gives one player back every promotion limit (`promotions`) or every item limit.
pub fn refresh_all(tx: &Transaction<'_>, promotions: bool, sub: &str) -> ApiResult<()> {
    let table = if promotions {
        "promotion_user_limits"
    } else {
        "item_user_limits"
    };
    tx.prepare_cached(&format!("DELETE FROM {table} WHERE sub = ?1"))?
        .execute([sub])?;
    Ok(())
}

/// Uses left of a promotion for `sub` at `now`; `None` when it has no per-player limit.
pub fn promotion_available(
    conn: &Connection,
    doc: &PromotionDoc,
    sub: &str,
    now: i64,
) -> ApiResult<Option<i64>> {
    Limit::of_promotion(doc)
        .map(|l| l.used(conn, sub, now).map(|used| l.total - used))
        .transpose()
}

/// Spends one use of a promotion; true when it had one left (or has no limit).
pub fn use_promotion(tx: &Connection, doc: &PromotionDoc, sub: &str, now: i64) -> ApiResult<bool> {
    match Limit::of_promotion(doc) {
        Some(l) => l.spend(tx, sub, now),
        None => Ok(true),
    }
}
