//! The items that earn value points: every grant of such an item, wherever it comes from,
//! credits `amount × quantity` points in the grant's own transaction (see
//! [`super::credit_for_item`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use xsolla_liveops::models::offer::ValuePointReward;
use xsolla_liveops::models::rewards::{
    ItemValuePoints, ItemValuePointsInput, ItemValuePointsList, ValuePointInput,
};

use super::ValuePoint;
use super::validate::{check_item_rewards, check_seeded_item_reward, seeded_value_point};
use super::value_points::{upsert_value_point, value_point};
use crate::error::ApiResult;
use crate::store::Cache;
use crate::store::catalog::Item;

/// The items that earn a value point, by item SKU.
pub fn item_rewards(
    conn: &Connection,
    cache: &Cache,
    vp_sku: &str,
) -> ApiResult<ItemValuePointsList> {
    value_point(cache, vp_sku)?;
    let mut stmt = conn.prepare_cached(
        "SELECT item_sku, amount FROM item_value_points WHERE vp_sku = ?1 ORDER BY item_sku",
    )?;
    let rows = stmt.query_map([vp_sku], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (sku, amount) = row?;
        let known = cache.items.get(&sku);
        items.push(ItemValuePoints {
            item_id: known.map(|i| i.item_id),
            sku: sku.into(),
            name: known.map(|i| i.input.name.normalized()),
            image_url: known.and_then(|i| i.input.image_url.clone()),
            amount,
        });
    }
    Ok(ItemValuePointsList { items })
}

/// Sets the points items earn. `replace` (PUT) first removes every item of the value point;
/// otherwise (PATCH, 100 entries at most) only the listed items change and an amount of 0
/// removes one. Items must exist in the catalog; a SKU may appear once.
pub fn set_item_rewards(
    tx: &Transaction<'_>,
    cache: &Cache,
    vp_sku: &str,
    items: &[ItemValuePointsInput],
    replace: bool,
) -> ApiResult<()> {
    value_point(cache, vp_sku)?;
    check_item_rewards(cache, items, replace)?;
    if replace {
        forget_item_rewards(tx, vp_sku)?;
    }
    for item in items {
        if item.amount == 0 {
            tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1 AND item_sku = ?2")?
                .execute([vp_sku, item.sku.0.as_str()])?;
        } else {
            tx.prepare_cached(
                "INSERT INTO item_value_points (vp_sku, item_sku, amount) VALUES (?1, ?2, ?3)
                 ON CONFLICT(vp_sku, item_sku) DO UPDATE SET amount = excluded.amount",
            )?
            .execute(rusqlite::params![vp_sku, item.sku.0, item.amount])?;
        }
    }
    Ok(())
}

/// Stops every item from earning a value point.
pub fn delete_item_rewards(tx: &Transaction<'_>, cache: &Cache, vp_sku: &str) -> ApiResult<()> {
    value_point(cache, vp_sku)?;
    forget_item_rewards(tx, vp_sku)
}

/// Removes every item reward of a value point.
fn forget_item_rewards(tx: &Connection, vp_sku: &str) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM item_value_points WHERE vp_sku = ?1")?
        .execute([vp_sku])?;
    Ok(())
}

/// What one unit of `item_sku` earns: `(value point SKU, value point, amount)`, in SKU order. A
/// disabled value point earns nothing (and is not shown) until it is enabled again. Read from
/// the cache: every grant asks.
pub fn points_of_item<'a>(
    cache: &'a Cache,
    item_sku: &str,
) -> impl Iterator<Item = (&'a str, &'a ValuePoint, i64)> + 'a {
    cache
        .earnings
        .get(item_sku)
        .into_iter()
        .flatten()
        .filter_map(|(vp_sku, amount)| {
            let vp = cache.value_points.get(vp_sku)?;
            vp.doc
                .is_enabled
                .then_some((vp_sku.as_str(), &**vp, *amount))
        })
}

/// The value points an item earns, as catalog views show them (`vp_rewards`).
pub fn vp_rewards(cache: &Cache, item_sku: &str, locale: &str) -> Vec<ValuePointReward> {
    points_of_item(cache, item_sku)
        .map(|(sku, vp, amount)| ValuePointReward {
            item_id: Some(vp.item_id),
            amount,
            name: vp.doc.name.resolve(locale).map(str::to_owned),
            image_url: vp.doc.image_url.clone(),
            is_clan: Some(vp.doc.is_clan),
            sku: sku.into(),
        })
        .collect()
}

/// Applies a seed's value points and item value-point rewards (before its chains, which refer
/// to them). Safe to apply twice.
pub fn seed_value_points(
    tx: &Transaction<'_>,
    value_points: &[ValuePointInput],
    rewards: &BTreeMap<String, Vec<ItemValuePointsInput>>,
    items: &HashMap<String, Arc<Item>>,
) -> ApiResult<()> {
    for vp in value_points {
        upsert_value_point(tx, vp.clone())?;
    }
    for (vp_sku, list) in rewards {
        seeded_value_point(value_points, vp_sku)?;
        forget_item_rewards(tx, vp_sku)?;
        for item in list {
            check_seeded_item_reward(items, item)?;
            tx.prepare_cached(
                "INSERT OR REPLACE INTO item_value_points (vp_sku, item_sku, amount) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![vp_sku, item.sku.0, item.amount])?;
        }
    }
    Ok(())
}
