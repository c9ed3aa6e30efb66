//! A campaign's codes: added one by one, generated up to 100 000 per call in the caller's
//! transaction, and listed in the order they were added. Codes are unique across the project.

use rusqlite::Connection;

use super::GENERATED_LEN;
use super::errors::code_exists;
use super::paging::Cursors;
use super::validate::{check_code, check_generate_count};
use crate::error::{ApiError, ApiResult};

/// The characters of a generated code.
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// How many rounds of fresh codes a generate call draws before it gives up on collisions.
const ROUNDS: usize = 8;

/// Inserts a code unless any campaign has it; returns whether it was inserted.
const INSERT_CODE: &str = "INSERT OR IGNORE INTO codes (code, promotion_id) VALUES (?1, ?2)";

/// Adds one code to a campaign (422/9803 when any campaign has it).
pub fn add_code(tx: &Connection, promotion_id: i64, code: &str) -> ApiResult<()> {
    check_code("coupon_code", code)?;
    let n = tx
        .prepare_cached(INSERT_CODE)?
        .execute(rusqlite::params![code, promotion_id])?;
    if n == 0 {
        return Err(code_exists());
    }
    count_codes(tx, promotion_id, 1)
}

/// Generates `count` new random codes for a campaign, unique across the project: made in
/// memory and sorted (so the unique index grows by appends rather than random inserts), then
/// inserted with one prepared statement in the caller's transaction. A code that happens to
/// exist already is replaced by another. Returns how many were added.
pub fn generate(tx: &Connection, promotion_id: i64, count: u32) -> ApiResult<u64> {
    check_generate_count(count)?;
    let mut rng = fastrand::Rng::new();
    let mut stmt = tx.prepare_cached(INSERT_CODE)?;
    let wanted = u64::from(count);
    let mut added: u64 = 0;
    // Each round fills what collisions left missing; 62^12 codes make a second round rare.
    for _ in 0..ROUNDS {
        let missing = usize::try_from(wanted - added).unwrap_or(usize::MAX);
        if missing == 0 {
            break;
        }
        for code in &random_codes(&mut rng, missing) {
            // The alphabet is ASCII, so the bytes are always UTF-8.
            let code = std::str::from_utf8(code).map_err(|e| ApiError::internal("code", e))?;
            added += stmt.execute(rusqlite::params![code, promotion_id])? as u64;
        }
    }
    if added < wanted {
        return Err(ApiError::internal(
            "generating codes",
            "too many collisions",
        ));
    }
    count_codes(tx, promotion_id, added as i64)?;
    Ok(added)
}

/// Up to `n` distinct random codes, sorted.
fn random_codes(rng: &mut fastrand::Rng, n: usize) -> Vec<[u8; GENERATED_LEN]> {
    let mut batch: Vec<[u8; GENERATED_LEN]> = (0..n)
        .map(|_| std::array::from_fn(|_| ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect();
    batch.sort_unstable();
    batch.dedup();
    batch
}

/// Adds `added` to a campaign's count of codes.
fn count_codes(tx: &Connection, promotion_id: i64, added: i64) -> ApiResult<()> {
    tx.prepare_cached("UPDATE code_promotions SET codes_count = codes_count + ?2 WHERE id = ?1")?
        .execute(rusqlite::params![promotion_id, added])?;
    Ok(())
}

/// A page of a campaign's codes in the order they were added; its cost follows `limit`, not
/// `offset` (see `paging`).
pub fn list_codes(
    conn: &Connection,
    cursors: &Cursors,
    promotion_id: i64,
    limit: usize,
    offset: usize,
) -> ApiResult<Vec<String>> {
    super::paging::page(
        conn,
        cursors,
        promotion_id,
        (limit, offset),
        "SELECT id, code FROM codes WHERE promotion_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        |r| r.get(1),
    )
}
