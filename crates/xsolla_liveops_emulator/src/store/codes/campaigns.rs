//! Campaign administration: creating, reading, changing, enabling and deleting campaigns, and
//! the admin lookup of the campaign a code belongs to.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction};
use xsolla_liveops::ExternalId;
use xsolla_liveops::models::promo_codes::AdminPromoCode;
use xsolla_liveops::models::promotions::DateRange;

use super::errors::{code_not_found, invalid};
use super::validate::{check_external_id, validate};
use super::{CodePromotion, Family, Fields, Kind, PromoCode, counters};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;

/// Writes a campaign's document.
pub(super) fn save(tx: &Connection, p: &CodePromotion) -> ApiResult<()> {
    let doc = serde_json::to_string(p).map_err(|e| ApiError::internal("code promotion", e))?;
    tx.prepare_cached("UPDATE code_promotions SET doc = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![p.id, doc])?;
    Ok(())
}

/// Reads a campaign's document from the database (for a campaign the cache does not hold yet).
pub(super) fn load_one(tx: &Connection, id: i64) -> ApiResult<CodePromotion> {
    let doc: String = tx
        .prepare_cached("SELECT doc FROM code_promotions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    serde_json::from_str(&doc).map_err(|e| ApiError::internal("code promotion", e))
}

/// 422/1102 when the family already has a campaign with this external id.
fn check_external_id_free(tx: &Connection, kind: Kind, external_id: &ExternalId) -> ApiResult<()> {
    let taken: Option<i64> = tx
        .prepare_cached("SELECT id FROM code_promotions WHERE kind = ?1 AND external_id = ?2")?
        .query_row([kind.as_str(), external_id.as_ref()], |r| r.get(0))
        .optional()?;
    match taken {
        Some(_) => Err(invalid(
            "external_id",
            format!("is taken: a promotion {external_id:?} already exists"),
        )),
        None => Ok(()),
    }
}

/// Creates a disabled campaign; returns its row id.
pub fn create(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: ExternalId,
    fields: Fields,
) -> ApiResult<i64> {
    check_external_id(external_id.as_ref())?;
    validate(cache, kind, &fields)?;
    check_external_id_free(tx, kind, &external_id)?;
    tx.prepare_cached(
        "INSERT INTO code_promotions (kind, external_id, doc) VALUES (?1, ?2, '{}')",
    )?
    .execute([kind.as_str(), external_id.as_ref()])?;
    let id = tx.last_insert_rowid();
    save(
        tx,
        &CodePromotion {
            id,
            kind,
            external_id,
            is_enabled: false,
            user_limit_reset: None,
            def: fields,
        },
    )?;
    Ok(id)
}

/// The campaign of a family by external id, or the family's 404.
pub fn get<'a>(
    cache: &'a Cache,
    kind: Kind,
    external_id: &str,
) -> ApiResult<&'a Arc<CodePromotion>> {
    cache
        .codes
        .by_external
        .get(&(kind, external_id.to_owned()))
        .and_then(|id| cache.codes.by_id.get(id))
        .ok_or_else(|| kind.not_found())
}

/// The campaigns of a family, in creation order.
pub fn list(cache: &Cache, kind: Kind) -> Vec<&Arc<CodePromotion>> {
    cache
        .codes
        .by_id
        .values()
        .filter(|p| p.kind == kind)
        .collect()
}

/// Replaces a campaign's definition; state (enabled, codes, counts) is kept.
pub fn update(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: &str,
    fields: Fields,
) -> ApiResult<()> {
    let mut p = CodePromotion::clone(get(cache, kind, external_id)?);
    validate(cache, kind, &fields)?;
    p.def = fields;
    save(tx, &p)
}

/// Enables or disables a campaign.
pub fn set_enabled(
    tx: &Transaction<'_>,
    cache: &Cache,
    kind: Kind,
    external_id: &str,
    on: bool,
) -> ApiResult<()> {
    let mut p = CodePromotion::clone(get(cache, kind, external_id)?);
    p.is_enabled = on;
    save(tx, &p)
}

/// Deletes a campaign with its codes, player counts and carts; granted items stay, and its
/// codes can be added to another campaign.
pub fn delete(tx: &Transaction<'_>, cache: &Cache, kind: Kind, external_id: &str) -> ApiResult<()> {
    let id = get(cache, kind, external_id)?.id;
    for sql in [
        "DELETE FROM code_promotions WHERE id = ?1",
        "DELETE FROM codes WHERE promotion_id = ?1",
        "DELETE FROM code_user_limits WHERE promotion_id = ?1",
        "DELETE FROM code_carts WHERE promotion_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

/// The coupon or promo code a code belongs to, in the `/v2` promo-code read form (404/9811 for
/// an unknown code or a unique catalog offer code).
pub fn redeemable(
    conn: &Connection,
    cache: &Cache,
    code: &str,
) -> ApiResult<AdminPromoCode<DateRange>> {
    let promotion_id: i64 = conn
        .prepare_cached("SELECT promotion_id FROM codes WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or_else(code_not_found)?;
    let p = cache
        .codes
        .by_id
        .get(&promotion_id)
        .filter(|p| p.kind != Kind::UniqueOffer)
        .ok_or_else(code_not_found)?;
    let mut view = PromoCode::view::<DateRange>(p, counters(conn, p.id)?);
    view.total_codes_count = None;
    Ok(view)
}
