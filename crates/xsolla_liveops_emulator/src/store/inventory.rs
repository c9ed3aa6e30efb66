//! Per-player state shared by every feature: inventory, grants, attributes, value points.

use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use xsolla_liveops::models::common::ItemType;

use super::Cache;
use super::catalog::{Item, Items};
use crate::error::{ApiError, ApiResult};

/// How deep bundles may nest inside bundles before a content is kept whole (a guard against a
/// bundle that contains itself).
const BUNDLE_DEPTH: usize = 4;

/// The SQL that adds `excluded.quantity` to a row's `quantity` on conflict, stopping at
/// `i64::MAX`: SQLite turns an integer sum that overflows into a float, which no later read
/// of the row could take as an integer.
pub(crate) const ADD_QUANTITY: &str = "quantity = CASE
    WHEN quantity > 9223372036854775807 - excluded.quantity THEN 9223372036854775807
    ELSE quantity + excluded.quantity END";

/// Grants `quantity` of `sku` to a player and records why. Call it inside the transaction of
/// the state change that earned the grant; every grant path (claims, orders, redemptions,
/// carts) goes through here.
///
/// A bundle opens as Xsolla opens it: the inventory receives its contents (each content's
/// quantity times `quantity`, nested bundles opened too), never the bundle itself. The audit
/// row, the value points the item earns and the `most_sellable` count are about the item
/// granted, the bundle.
pub fn grant(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    sku: &str,
    quantity: i64,
    source: &str,
    at: i64,
) -> ApiResult<()> {
    credit(tx, &cache.items, sub, sku, quantity, 0)?;
    tx.prepare_cached(
        "INSERT INTO grants (sub, sku, quantity, source, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![sub, sku, quantity, source, at])?;
    // Items that earn value points credit them with the grant; every grant counts for the
    // `most_sellable` upsell.
    super::rewards::credit_for_item(tx, cache, sub, sku, quantity, at)?;
    super::upsell::count_grant(tx, sku, quantity)?;
    Ok(())
}

/// Adds `quantity` of `sku` to the inventory rows, opening bundles.
fn credit(
    tx: &Connection,
    items: &Items,
    sub: &str,
    sku: &str,
    quantity: i64,
    depth: usize,
) -> ApiResult<()> {
    if let Some(bundle) = items.get(sku).filter(|i| opens(i) && depth < BUNDLE_DEPTH) {
        for content in &bundle.input.content {
            let each = content.quantity.saturating_mul(quantity);
            credit(tx, items, sub, &content.sku.0, each, depth + 1)?;
        }
        return Ok(());
    }
    static CREDIT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "INSERT INTO inventory (sub, sku, quantity) VALUES (?1, ?2, ?3)
             ON CONFLICT(sub, sku) DO UPDATE SET {ADD_QUANTITY}"
        )
    });
    tx.prepare_cached(&CREDIT)?
        .execute(rusqlite::params![sub, sku, quantity])?;
    Ok(())
}

/// True for a bundle with contents: granting it grants the contents.
fn opens(item: &Item) -> bool {
    item.input.item_type == ItemType::Bundle && !item.input.content.is_empty()
}

/// A player's inventory, by SKU.
pub fn inventory(conn: &Connection, sub: &str) -> ApiResult<Vec<(String, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT sku, quantity FROM inventory WHERE sub = ?1 ORDER BY sku")?;
    let rows = stmt.query_map([sub], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every grant a player received, oldest first: `(sku, quantity, source)`, where the source
/// names what granted it (`daily_chain:1:step:2`, `offer_chain:1:order:7`, `order:9`, …).
pub fn grants(conn: &Connection, sub: &str) -> ApiResult<Vec<(String, i64, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT sku, quantity, source FROM grants WHERE sub = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map([sub], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A player's attributes (empty when never set).
pub fn attributes(conn: &Connection, sub: &str) -> ApiResult<Map<String, Value>> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT attributes FROM users WHERE sub = ?1")?
        .query_row([sub], |r| r.get(0))
        .optional()?;
    match doc {
        None => Ok(Map::new()),
        Some(doc) => serde_json::from_str(&doc).map_err(|e| ApiError::internal("attributes", e)),
    }
}

/// Replaces a player's attributes.
pub fn set_attributes(tx: &Connection, sub: &str, attrs: &Map<String, Value>) -> ApiResult<()> {
    let doc = serde_json::to_string(attrs).map_err(|e| ApiError::internal("attributes", e))?;
    tx.prepare_cached(
        "INSERT INTO users (sub, attributes) VALUES (?1, ?2)
         ON CONFLICT(sub) DO UPDATE SET attributes = excluded.attributes",
    )?
    .execute([sub, doc.as_str()])?;
    Ok(())
}

/// Adds value points at time `at` (a negative amount takes them away, never below zero);
/// returns the balance. The same balance reward chains count: see
/// [`rewards::credit`](super::rewards::credit).
pub fn add_value_points(
    tx: &Connection,
    sub: &str,
    sku: &str,
    amount: i64,
    at: i64,
) -> ApiResult<i64> {
    super::rewards::credit(tx, sub, sku, amount, at)
}

/// A player as the dashboard and the control API list them.
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    /// The player id.
    pub sub: String,
    /// Attributes.
    pub attributes: Map<String, Value>,
    /// Inventory, by SKU.
    pub inventory: Vec<(String, i64)>,
    /// Value-point balances, by SKU.
    pub value_points: Vec<(String, i64)>,
}

/// Every player the emulator knows (attributes set, anything granted, a balance or an order),
/// by id.
pub fn players(conn: &Connection) -> ApiResult<Vec<Player>> {
    let subs: Vec<String> = conn
        .prepare_cached(
            "SELECT sub FROM users UNION SELECT sub FROM inventory UNION SELECT sub FROM value_points
             UNION SELECT sub FROM orders ORDER BY 1",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(subs.len());
    for sub in subs {
        let value_points = conn
            .prepare_cached("SELECT sku, amount FROM value_points WHERE sub = ?1 ORDER BY sku")?
            .query_map([&sub], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        out.push(Player {
            attributes: attributes(conn, &sub)?,
            inventory: inventory(conn, &sub)?,
            value_points,
            sub,
        });
    }
    Ok(out)
}

/// Applies the seed's `users` (their attributes).
pub fn seed(tx: &Transaction<'_>, _: &Cache, seed: &crate::seed::Seed, _: i64) -> ApiResult<()> {
    for user in &seed.users {
        set_attributes(tx, &user.sub, &user.attributes)?;
    }
    Ok(())
}
