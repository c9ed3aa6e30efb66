//! Per-code and per-player limits: the admin listing of per-code counts, a player's counts in
//! the current reset period, and the admin changes to a player's remaining uses.

use rusqlite::{Connection, OptionalExtension};
use xsolla_liveops::models::promotions::{
    CodeLimit, CodeLimitPage, CodeLimitState, UserLimit, UserLimitState,
};
use xsolla_liveops::{Code, PromotionId};

use super::errors::{invalid, no_code_limit, no_user_limit};
use super::paging::Cursors;
use super::{CodePromotion, counters};
use crate::error::ApiResult;

/// The per-code limit counts of a campaign: a page of all codes, or only `filter`.
pub fn code_limits(
    conn: &Connection,
    cursors: &Cursors,
    p: &CodePromotion,
    filter: &[String],
    limit: usize,
    offset: usize,
) -> ApiResult<CodeLimitPage> {
    let total = p.def.redeem_code_limit.ok_or_else(no_code_limit)?;
    let (items, count) = if filter.is_empty() {
        let items = code_limit_page(conn, cursors, p.id, total, limit, offset)?;
        (items, counters(conn, p.id)?.codes)
    } else {
        let found = code_limits_of(conn, p.id, total, filter)?;
        let count = found.len() as i64;
        (found.into_iter().skip(offset).take(limit).collect(), count)
    };
    let has_more = (offset.saturating_add(items.len()) as i64) < count;
    Ok(CodeLimitPage {
        promotion_id: Some(PromotionId(p.id)),
        items,
        total_items_count: Some(u64::try_from(count).unwrap_or(0)),
        has_more,
    })
}

/// A code's counts under a per-code limit of `total`.
fn code_limit(total: i64, code: String, used: i64, reserved: i64) -> CodeLimit {
    CodeLimit {
        code: Code(code),
        per_code: CodeLimitState {
            total: Some(total),
            available: Some((total - used - reserved).max(0)),
            used,
            reserved,
        },
    }
}

/// A page of all the campaign's codes, in the order they were added.
fn code_limit_page(
    conn: &Connection,
    cursors: &Cursors,
    promotion_id: i64,
    total: i64,
    limit: usize,
    offset: usize,
) -> ApiResult<Vec<CodeLimit>> {
    super::paging::page(
        conn,
        cursors,
        promotion_id,
        (limit, offset),
        "SELECT id, code, used, reserved FROM codes
         WHERE promotion_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        |r| Ok(code_limit(total, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// The campaign's codes among `filter`, in the filter's order.
fn code_limits_of(
    conn: &Connection,
    promotion_id: i64,
    total: i64,
    filter: &[String],
) -> ApiResult<Vec<CodeLimit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, used, reserved FROM codes WHERE code = ?1 AND promotion_id = ?2",
    )?;
    let mut found = Vec::new();
    for code in filter {
        let row = stmt
            .query_row(rusqlite::params![code, promotion_id], |r| {
                Ok(code_limit(total, r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        found.extend(row);
    }
    Ok(found)
}

/// A player's counts on a campaign in the current reset period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserCounts {
    /// Start of the current reset period (0 without a schedule).
    pub period: i64,
    /// Uses in this period.
    pub used: i64,
    /// Admin adjustments in this period.
    pub adjust: i64,
}

impl UserCounts {
    /// Uses left under a limit of `total`.
    pub fn available(&self, total: i64) -> i64 {
        (total + self.adjust - self.used).max(0)
    }
}

/// A player's counts at `now`: a row from an earlier period counts as fresh.
pub fn user_counts(
    conn: &Connection,
    p: &CodePromotion,
    sub: &str,
    now: i64,
) -> ApiResult<UserCounts> {
    let period = p.user_period(now);
    let row: Option<(i64, i64, i64)> = conn
        .prepare_cached(
            "SELECT period, used, adjust FROM code_user_limits WHERE promotion_id = ?1 AND sub = ?2",
        )?
        .query_row(rusqlite::params![p.id, sub], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(match row {
        Some((stored, used, adjust)) if stored == period => UserCounts {
            period,
            used,
            adjust,
        },
        _ => UserCounts {
            period,
            ..UserCounts::default()
        },
    })
}

/// Writes a player's counts on a campaign.
pub(super) fn save_user_counts(
    tx: &Connection,
    promotion_id: i64,
    sub: &str,
    c: UserCounts,
) -> ApiResult<()> {
    tx.prepare_cached(
        "INSERT INTO code_user_limits (promotion_id, sub, period, used, adjust) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(promotion_id, sub) DO UPDATE SET period = excluded.period, used = excluded.used, adjust = excluded.adjust",
    )?
    .execute(rusqlite::params![promotion_id, sub, c.period, c.used, c.adjust])?;
    Ok(())
}

/// How an admin call changes a player's remaining uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitChange {
    /// Give this many more (at least 1).
    Increase(i64),
    /// Take this many away (at least 1).
    Decrease(i64),
    /// Set the remaining uses (at least 0).
    Set(i64),
}

impl LimitChange {
    /// 422/1102 on `available` for an amount below the change's minimum.
    fn check_amount(self) -> ApiResult<()> {
        let (amount, minimum) = match self {
            Self::Increase(n) | Self::Decrease(n) => (n, 1),
            Self::Set(n) => (n, 0),
        };
        if amount < minimum {
            Err(invalid("available", format!("must be at least {minimum}")))
        } else {
            Ok(())
        }
    }

    /// The remaining uses after the change, from `current`.
    fn apply(self, current: i64) -> i64 {
        match self {
            Self::Increase(n) => current.saturating_add(n),
            Self::Decrease(n) => current.saturating_sub(n),
            Self::Set(n) => n,
        }
    }
}

fn user_limit_view(total: i64, c: UserCounts) -> UserLimit {
    UserLimit {
        per_user: UserLimitState {
            total,
            available: c.available(total),
        },
    }
}

/// A player's limit on a campaign (422/4509 without a per-player limit).
pub fn user_limit(
    conn: &Connection,
    p: &CodePromotion,
    sub: &str,
    now: i64,
) -> ApiResult<UserLimit> {
    let total = p.def.redeem_user_limit.ok_or_else(no_user_limit)?;
    Ok(user_limit_view(total, user_counts(conn, p, sub, now)?))
}

/// Changes a player's remaining uses; the result must stay within 0..=limit (422/4511).
pub fn change_user_limit(
    tx: &Connection,
    p: &CodePromotion,
    sub: &str,
    change: LimitChange,
    now: i64,
) -> ApiResult<UserLimit> {
    change.check_amount()?;
    let total = p.def.redeem_user_limit.ok_or_else(no_user_limit)?;
    let mut c = user_counts(tx, p, sub, now)?;
    let current = total + c.adjust - c.used;
    let wanted = change.apply(current);
    if !(0..=total).contains(&wanted) {
        return Err(p.kind.limit_out_of_range());
    }
    c.adjust += wanted - current;
    save_user_counts(tx, p.id, sub, c)?;
    Ok(user_limit_view(total, c))
}
