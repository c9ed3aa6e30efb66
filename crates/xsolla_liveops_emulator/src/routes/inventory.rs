//! The player's inventory as Xsolla's Inventory API reads it: items and virtual currency
//! balance, both from what every grant path wrote (`store::inventory`).
//!
//! The catalog's item type splits the rows: virtual currencies go to the balance, everything
//! else to the items. Bundles never appear (granting one grants its contents), nor do rows of
//! SKUs the catalog does not know or whose quantity is not positive. The catalog has no
//! notion of non-consumable items, so every virtual good is listed as a consumable with its
//! count. The `platform` query is accepted and does not change the answer. Answers are sorted
//! by SKU.

use axum::Json;
use axum::extract::State;
use axum::routing::get;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::inventory::{
    CurrencyAmount, CurrencyBalance, InventoryItem, InventoryItemsPage,
};
use xsolla_liveops::models::upsell::VirtualItemType;

use super::Routes;
use crate::auth::User;
use crate::error::ApiResult;
use crate::extract::Params;
use crate::state::AppState;
use crate::store::catalog::Item;
use crate::store::{Cache, inventory, paginate};

/// Largest page of items, as Xsolla documents it.
const MAX_LIMIT: u64 = 50;

/// The inventory routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/user/inventory/items", get(items))
        .route("/user/virtual_currency_balance", get(balance))
}

async fn items(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<InventoryItemsPage>> {
    let (limit, offset) = q.page(MAX_LIMIT)?;
    let db = s.store().lock();
    let owned = owned(&db.conn, &db.cache, &sub, |t| {
        !matches!(t, ItemType::VirtualCurrency)
    })?;
    let (page, _) = paginate(owned, limit, offset);
    let items = page
        .into_iter()
        .map(|(item, quantity)| item_view(&item, quantity, q.locale()))
        .collect();
    Ok(Json(InventoryItemsPage { items }))
}

async fn balance(
    State(s): State<AppState>,
    User(sub): User,
    q: Params,
) -> ApiResult<Json<CurrencyBalance>> {
    let db = s.store().lock();
    let owned = owned(&db.conn, &db.cache, &sub, |t| {
        matches!(t, ItemType::VirtualCurrency)
    })?;
    let items = owned
        .into_iter()
        .map(|(item, amount)| {
            let i = &item.input;
            CurrencyAmount {
                sku: i.sku.clone(),
                item_type: Some(i.item_type.clone()),
                name: i.name.resolve(q.locale()).map(str::to_owned),
                amount,
                description: resolved(i.description.as_ref(), q.locale()),
                image_url: i.image_url.clone(),
                is_default: None,
            }
        })
        .collect();
    Ok(Json(CurrencyBalance { items }))
}

/// The player's inventory rows of catalog items whose type `keep` accepts, with a positive
/// quantity, sorted by SKU; bundles and value points are never kept.
fn owned(
    conn: &rusqlite::Connection,
    cache: &Cache,
    sub: &str,
    keep: impl Fn(&ItemType) -> bool,
) -> ApiResult<Vec<(std::sync::Arc<Item>, i64)>> {
    Ok(inventory::inventory(conn, sub)?
        .into_iter()
        .filter(|(_, quantity)| *quantity > 0)
        .filter_map(|(sku, quantity)| cache.items.get(&sku).map(|i| (i.clone(), quantity)))
        .filter(|(item, _)| {
            let t = &item.input.item_type;
            !matches!(t, ItemType::Bundle | ItemType::ValuePoint) && keep(t)
        })
        .collect())
}

fn item_view(item: &Item, quantity: i64, locale: &str) -> InventoryItem {
    let i = &item.input;
    InventoryItem {
        sku: i.sku.clone(),
        item_id: Some(item.item_id),
        name: i.name.resolve(locale).map(str::to_owned),
        item_type: i.item_type.clone(),
        quantity: Some(quantity),
        remaining_uses: None,
        virtual_item_type: (i.item_type == ItemType::VirtualGood)
            .then_some(VirtualItemType::Consumable),
        instance_id: None,
        description: resolved(i.description.as_ref(), locale),
        image_url: i.image_url.clone(),
    }
}

fn resolved(
    text: Option<&xsolla_liveops::models::common::LocalizedText>,
    locale: &str,
) -> Option<String> {
    text.and_then(|t| t.resolve(locale)).map(str::to_owned)
}
