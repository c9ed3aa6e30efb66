//! Pages of a campaign's codes at a cost that follows the page, not its offset.
//!
//! The wire keeps Xsolla's `offset`/`limit`, and codes are listed in the order they were
//! added (their row id). `LIMIT … OFFSET n` makes SQLite walk past `n` rows for every page,
//! so reading 100,000 codes page by page costs a quadratic number of steps. Instead, each
//! page served leaves a checkpoint, "the code at position `p` has row id `k`", and the next
//! page continues with `id > k`: reading a list front to back costs one index seek per page.
//! Pages asked out of order (a client fetching several at a time) continue from the nearest
//! checkpoint before them and skip only the rows in between.
//!
//! Codes are only appended (a new row id is above every existing one) or deleted with their
//! campaign, so a checkpoint stays right until codes are deleted. The checkpoints live in the
//! [`CodeCache`](super::CodeCache), which is rebuilt after every definition change (a
//! campaign's deletion among them) and on reset; on top of that, a campaign whose code count
//! went down since a checkpoint was taken drops its checkpoints, and a checkpoint whose row is
//! gone or belongs elsewhere is not used. Without a usable checkpoint a page takes the slower
//! path from the campaign's first code, which is always right.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OptionalExtension, Row};

use super::counters;
use crate::error::ApiResult;

/// Checkpoints kept per campaign before they are dropped and gathered afresh.
const PER_CAMPAIGN: usize = 8_192;
/// Campaigns with checkpoints kept at once.
const CAMPAIGNS: usize = 64;

/// Remembered positions of codes, per campaign.
#[derive(Debug, Default)]
pub struct Cursors(Mutex<HashMap<i64, Checkpoints>>);

/// One campaign's checkpoints.
#[derive(Debug, Default)]
struct Checkpoints {
    /// The campaign's code count when the checkpoints were taken.
    count: i64,
    /// Row id of the code at each remembered position (0-based).
    at: BTreeMap<u64, i64>,
}

impl Cursors {
    /// The nearest checkpoint at or before `position`: its position and row id.
    fn nearest(&self, promotion_id: i64, count: i64, position: u64) -> Option<(u64, i64)> {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let memo = all.get_mut(&promotion_id)?;
        if count < memo.count {
            // Codes were deleted: positions moved.
            all.remove(&promotion_id);
            return None;
        }
        memo.at
            .range(..=position)
            .next_back()
            .map(|(p, id)| (*p, *id))
    }

    /// Forgets a checkpoint that proved wrong, with every other of its campaign.
    fn forget(&self, promotion_id: i64) {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        all.remove(&promotion_id);
    }

    /// Remembers that the code at `position` has row id `id`.
    fn remember(&self, promotion_id: i64, count: i64, position: u64, id: i64) {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if all.len() >= CAMPAIGNS && !all.contains_key(&promotion_id) {
            all.clear();
        }
        let memo = all.entry(promotion_id).or_default();
        if memo.count != count || memo.at.len() >= PER_CAMPAIGN {
            // A new count (codes appended) keeps positions right, but a fresh start keeps
            // the rule in `nearest` simple: checkpoints all come from one count.
            memo.at.clear();
            memo.count = count;
        }
        memo.at.insert(position, id);
    }
}

/// Whether row `id` is a code of the campaign.
fn is_code_of(conn: &Connection, promotion_id: i64, id: i64) -> ApiResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM codes WHERE id = ?1 AND promotion_id = ?2")?
        .query_row([id, promotion_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The row id after which the page at `offset` starts (0 before the first code), or `None`
/// when the campaign has no code at position `offset - 1`.
fn start_after(
    conn: &Connection,
    cursors: &Cursors,
    promotion_id: i64,
    count: i64,
    offset: u64,
) -> ApiResult<Option<i64>> {
    let Some(last) = offset.checked_sub(1) else {
        return Ok(Some(0));
    };
    let (from, after) = match cursors.nearest(promotion_id, count, last) {
        Some((p, id)) if is_code_of(conn, promotion_id, id)? => (p + 1, id),
        Some(_) => {
            cursors.forget(promotion_id);
            (0, 0)
        }
        None => (0, 0),
    };
    if from > last {
        return Ok(Some(after)); // the checkpoint is the code at `last` itself
    }
    let skip = i64::try_from(last - from).unwrap_or(i64::MAX);
    Ok(conn
        .prepare_cached(
            "SELECT id FROM codes WHERE promotion_id = ?1 AND id > ?2 ORDER BY id LIMIT 1 OFFSET ?3",
        )?
        .query_row([promotion_id, after, skip], |r| r.get(0))
        .optional()?)
}

/// A page of a campaign's codes, in the order they were added: `limit` rows from position
/// `offset`, read by `sql` (which selects the row id first and takes the campaign as `?1`,
/// the row id to start after as `?2` and the limit as `?3`) and turned into values by `row`.
pub fn page<T>(
    conn: &Connection,
    cursors: &Cursors,
    promotion_id: i64,
    (limit, offset): (usize, usize),
    sql: &str,
    mut row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> ApiResult<Vec<T>> {
    let count = counters(conn, promotion_id)?.codes;
    let offset = offset as u64;
    let Some(after) = start_after(conn, cursors, promotion_id, count, offset)? else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params![
        promotion_id,
        after,
        i64::try_from(limit).unwrap_or(i64::MAX)
    ])?;
    let mut page = Vec::new();
    let mut last = None;
    while let Some(r) = rows.next()? {
        last = Some(r.get::<_, i64>(0)?);
        page.push(row(r)?);
    }
    if let Some(id) = last {
        cursors.remember(promotion_id, count, offset + page.len() as u64 - 1, id);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with campaigns 1 and 2 whose codes interleave: `A0`, `B0`, `A1`, `B1`, …
    fn db(n: usize) -> Connection {
        let conn = Connection::open_in_memory().expect("a database");
        conn.execute_batch(crate::store::SCHEMA)
            .expect("the schema");
        for id in [1, 2] {
            conn.execute(
                "INSERT INTO code_promotions (id, kind, external_id, doc, codes_count)
                 VALUES (?1, 'coupon', ?1, '{}', ?2)",
                rusqlite::params![id, n as i64],
            )
            .expect("a campaign");
        }
        for i in 0..n {
            for (promotion, prefix) in [(1, "A"), (2, "B")] {
                conn.execute(
                    "INSERT INTO codes (code, promotion_id) VALUES (?1, ?2)",
                    rusqlite::params![format!("{prefix}{i}"), promotion],
                )
                .expect("a code");
            }
        }
        conn
    }

    fn codes(conn: &Connection, cursors: &Cursors, limit: usize, offset: usize) -> Vec<String> {
        page(
            conn,
            cursors,
            1,
            (limit, offset),
            "SELECT id, code FROM codes WHERE promotion_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
            |r| r.get(1),
        )
        .expect("a page")
    }

    /// What `LIMIT/OFFSET` over the campaign's codes answers: the reference.
    fn expected(conn: &Connection, limit: usize, offset: usize) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT code FROM codes WHERE promotion_id = 1 ORDER BY id LIMIT ?1 OFFSET ?2")
            .expect("a query");
        stmt.query_map([limit as i64, offset as i64], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("codes")
    }

    #[test]
    fn pages_in_any_order_match_limit_and_offset() {
        let conn = db(40);
        let cursors = Cursors::default();
        for (limit, offset) in [
            (7, 0),
            (7, 7),
            (7, 21),
            (7, 14),
            (3, 2),
            (50, 0),
            (7, 35),
            (7, 40),
            (7, 41),
            (1, 39),
            (5, 12),
        ] {
            assert_eq!(
                codes(&conn, &cursors, limit, offset),
                expected(&conn, limit, offset),
                "limit {limit}, offset {offset}"
            );
        }
    }

    #[test]
    fn pages_stay_right_when_codes_are_deleted_behind_the_checkpoints() {
        let conn = db(30);
        let cursors = Cursors::default();
        for offset in (0..30).step_by(5) {
            codes(&conn, &cursors, 5, offset);
        }
        // Rows deleted without the cache being rebuilt: the count went down.
        conn.execute_batch(
            "DELETE FROM codes WHERE code IN ('A3', 'A11', 'A17');
             UPDATE code_promotions SET codes_count = 27 WHERE id = 1;",
        )
        .expect("deleted");
        for offset in [10, 0, 5, 15, 20, 25, 26, 27] {
            assert_eq!(
                codes(&conn, &cursors, 5, offset),
                expected(&conn, 5, offset),
                "offset {offset}"
            );
        }
        // A checkpoint's own row gone (and the count put back up): not used.
        codes(&conn, &cursors, 5, 0);
        codes(&conn, &cursors, 5, 5);
        let checkpoint = expected(&conn, 1, 9).remove(0);
        conn.execute("DELETE FROM codes WHERE code = ?1", [&checkpoint])
            .expect("deleted");
        conn.execute(
            "INSERT INTO codes (code, promotion_id) VALUES ('A99', 1)",
            [],
        )
        .expect("added");
        assert_eq!(codes(&conn, &cursors, 5, 10), expected(&conn, 5, 10));
    }
}
