//! Value points: an item kind of their own, kept apart from the catalog but sharing its SKU
//! space, with item ids from 5001. Creating, replacing, reading and deleting them.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use xsolla_liveops::ItemId;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::rewards::{AdminValuePoint, ValuePointInput};

use super::item_not_found;
use super::validate::{
    check_value_point, clan_kind_is_unchanged, sku_is_new, sku_is_the_path_sku, unused_by_chains,
};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;

/// A stored value point: its admin read form and its item id.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuePoint {
    /// The item id the emulator gave it.
    pub item_id: ItemId,
    /// The admin read form (without `can_delete`, which depends on the chains).
    pub doc: AdminValuePoint,
}

/// The item type every value point has.
fn value_point_type() -> ItemType {
    ItemType::ValuePoint
}

/// The admin read form a body makes, without `can_delete`.
fn value_point_doc(input: ValuePointInput, is_clan: bool) -> AdminValuePoint {
    AdminValuePoint {
        sku: input.sku,
        name: input.name.normalized(),
        item_type: Some(value_point_type()),
        is_enabled: input.is_enabled.unwrap_or(true),
        description: input.description.map(|d| d.normalized()),
        long_description: input.long_description.map(|d| d.normalized()),
        image_url: input.image_url,
        media_list: input.media_list.unwrap_or_default(),
        order: input.order,
        is_clan,
        can_delete: None,
    }
}

/// Writes a value point; returns its item id (kept when the SKU is stored already, else the
/// next one from 5001 on).
fn save_value_point(tx: &Connection, doc: &AdminValuePoint) -> ApiResult<ItemId> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::internal("value point", e))?;
    let next: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(item_id), 5000) + 1 FROM value_point_items")?
        .query_row([], |r| r.get(0))?;
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO value_point_items (sku, item_id, doc) VALUES (?1, ?2, ?3)
             ON CONFLICT(sku) DO UPDATE SET doc = excluded.doc
             RETURNING item_id",
        )?
        .query_row(rusqlite::params![doc.sku.0, next, text], |r| r.get(0))?;
    Ok(ItemId(id))
}

/// Creates a value point. Its SKU must be new to both the value points and the catalog.
pub fn create_value_point(
    tx: &Transaction<'_>,
    cache: &Cache,
    input: ValuePointInput,
) -> ApiResult<ItemId> {
    check_value_point(&input)?;
    sku_is_new(cache, &input.sku.0)?;
    let is_clan = input.is_clan.unwrap_or(false);
    save_value_point(tx, &value_point_doc(input, is_clan))
}

/// Creates or replaces a value point (seeds: applying a seed twice changes nothing).
pub fn upsert_value_point(tx: &Connection, input: ValuePointInput) -> ApiResult<ItemId> {
    check_value_point(&input)?;
    let is_clan = input.is_clan.unwrap_or(false);
    save_value_point(tx, &value_point_doc(input, is_clan))
}

/// The value point or 404.
pub fn value_point<'a>(cache: &'a Cache, sku: &str) -> ApiResult<&'a Arc<ValuePoint>> {
    cache
        .value_points
        .get(sku)
        .ok_or_else(|| item_not_found(sku))
}

/// Whether a reward chain counts this value point.
pub(super) fn used_by_chain(cache: &Cache, sku: &str) -> bool {
    cache
        .reward
        .values()
        .any(|d| d.chain.value_point.sku.0 == sku)
}

/// The admin read form, with `can_delete` when `with_can_delete`.
pub fn value_point_view(cache: &Cache, vp: &ValuePoint, with_can_delete: bool) -> AdminValuePoint {
    let mut doc = vp.doc.clone();
    if with_can_delete {
        doc.can_delete = Some(!used_by_chain(cache, &doc.sku.0));
    }
    doc
}

/// The value points in display order (`order`, then SKU).
pub fn value_points(cache: &Cache) -> Vec<AdminValuePoint> {
    let mut out: Vec<AdminValuePoint> = cache
        .value_points
        .values()
        .map(|v| value_point_view(cache, v, false))
        .collect();
    out.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.sku.0).cmp(&(b.order.unwrap_or(i64::MAX), &b.sku.0))
    });
    out
}

/// Replaces a value point. The SKU in the body must be the one in the path, and `is_clan`
/// cannot change.
pub fn update_value_point(
    tx: &Transaction<'_>,
    cache: &Cache,
    sku: &str,
    input: ValuePointInput,
) -> ApiResult<()> {
    let existing = value_point(cache, sku)?;
    check_value_point(&input)?;
    sku_is_the_path_sku(&input, sku)?;
    clan_kind_is_unchanged(&input, existing)?;
    save_value_point(tx, &value_point_doc(input, existing.doc.is_clan)).map(drop)
}

/// Deletes a value point no reward chain uses, with the item rewards that earn it. Players'
/// past balances stay in the ledger.
pub fn delete_value_point(tx: &Transaction<'_>, cache: &Cache, sku: &str) -> ApiResult<()> {
    value_point(cache, sku)?;
    unused_by_chains(cache, sku)?;
    tx.execute("DELETE FROM value_point_items WHERE sku = ?1", [sku])?;
    tx.execute("DELETE FROM item_value_points WHERE vp_sku = ?1", [sku])?;
    Ok(())
}
