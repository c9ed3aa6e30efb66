//! Catalog items: what chain steps and promotions grant. Xsolla keeps them in its catalog API;
//! the emulator takes them from the seed (or the control API) in the shape below.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use xsolla_liveops::ItemId;
use xsolla_liveops::models::common::{ClientRewardItem, LocalizedText};
use xsolla_liveops::models::daily::AdminStepItem;

use super::Cache;
use crate::error::{ApiError, ApiResult};
use crate::seed::Seed;

/// A catalog item as a seed writes it (the seed format lives in the client crate).
pub use xsolla_liveops::seed::ItemInput;

/// The catalog in memory: stored items by SKU.
pub type Items = std::collections::HashMap<String, Arc<Item>>;

/// A stored item: its input plus the id the emulator gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item id.
    pub item_id: ItemId,
    /// What was written.
    pub input: ItemInput,
}

/// Whether `sku` has Xsolla's SKU form.
pub fn valid_sku(sku: &str) -> bool {
    !sku.is_empty()
        && sku.len() <= 255
        && sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

impl Item {
    /// Reads a stored document.
    pub fn from_doc(item_id: i64, doc: &str) -> ApiResult<Self> {
        let input =
            serde_json::from_str(doc).map_err(|e| ApiError::internal("item document", e))?;
        Ok(Self {
            item_id: ItemId(item_id),
            input,
        })
    }

    /// True when the item has no price (or a zero price).
    pub fn is_free(&self) -> bool {
        self.input.price.as_ref().is_none_or(|p| p.amount.is_zero())
    }

    /// The item as a player sees it in a reward list, `quantity` times.
    pub fn client_view(
        &self,
        quantity: i64,
        locale: &str,
        items: &std::collections::HashMap<String, std::sync::Arc<Item>>,
    ) -> ClientRewardItem {
        let i = &self.input;
        ClientRewardItem {
            item_id: self.item_id,
            sku: i.sku.clone(),
            name: i.name.resolve(locale).map(str::to_owned),
            item_type: i.item_type.clone(),
            description: i
                .description
                .as_ref()
                .and_then(|d| d.resolve(locale))
                .map(str::to_owned),
            bundle_type: i.bundle_type.clone(),
            image_url: i.image_url.clone(),
            is_free: Some(self.is_free()),
            quantity,
            order: None,
            content: i
                .content
                .iter()
                .filter_map(|c| {
                    items
                        .get(&c.sku.0)
                        .map(|item| item.client_view(c.quantity, locale, items))
                })
                .collect(),
        }
    }

    /// The item as the admin API shows it inside a chain step.
    pub fn admin_view(&self, quantity: i64) -> AdminStepItem {
        let i = &self.input;
        AdminStepItem {
            item_id: Some(self.item_id),
            sku: i.sku.clone(),
            name: Some(i.name.normalized()),
            item_type: Some(i.item_type.clone()),
            description: i.description.as_ref().map(LocalizedText::normalized),
            image_url: i.image_url.clone(),
            quantity,
        }
    }
}

/// Creates or replaces an item; an existing SKU keeps its item id.
pub fn upsert(tx: &Connection, item: &ItemInput) -> ApiResult<ItemId> {
    if !valid_sku(&item.sku.0) {
        return Err(ApiError::validation(
            "sku",
            format!("The property `sku` has an invalid value: {:?}", item.sku.0),
        ));
    }
    if let Some(limits) = &item.limits {
        super::limits::check_item_limits(limits)?;
    }
    let doc = serde_json::to_string(item).map_err(|e| ApiError::internal("item", e))?;
    let next: i64 = tx.query_row(
        "SELECT COALESCE(MAX(item_id), 9000) + 1 FROM items",
        [],
        |r| r.get(0),
    )?;
    let id: i64 = tx.query_row(
        "INSERT INTO items (sku, item_id, doc) VALUES (?1, ?2, ?3)
         ON CONFLICT(sku) DO UPDATE SET doc = excluded.doc
         RETURNING item_id",
        rusqlite::params![item.sku.0, next, doc],
        |r| r.get(0),
    )?;
    Ok(ItemId(id))
}

/// Loads the stored items into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let mut stmt = conn.prepare_cached("SELECT item_id, doc FROM items")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (item_id, doc) = row?;
        let item = Item::from_doc(item_id, &doc)?;
        cache.items.insert(item.input.sku.0.clone(), Arc::new(item));
    }
    Ok(())
}

/// Applies the seed's `items` (before everything that refers to them).
pub fn seed(tx: &Transaction<'_>, _: &Cache, seed: &Seed, _: i64) -> ApiResult<()> {
    seed.items
        .iter()
        .try_for_each(|item| upsert(tx, item).map(drop))
}
