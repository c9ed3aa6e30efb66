//! Upsell: the project's one setting, and the items it offers a player.
//!
//! Rules:
//! - A project has at most one setting. Create and update both write it whole (an update
//!   before any create creates it; a second create replaces it).
//! - `fixed_list` names 1 or more catalog SKUs, each once; unknown SKUs are refused with 404.
//!   The automatic types take an empty list.
//! - `most_sellable` offers the [`MOST_SELLABLE`] most granted catalog items: every grant, from
//!   any feature, counts its quantity for its SKU (see [`count_grant`]).
//! - `only_promotions` offers, in SKU order, the catalog items with a promotion running for the
//!   player: a discount covering the item (see [`super::promotions`]) or a bonus whose
//!   condition names it.
//! - Items show their price after the best running discount, their running promotions and the
//!   value points they earn.
//! - A disabled setting, or none, offers nothing.
//! - An item the personalized catalog hides from the player is not offered to that player
//!   ([`super::personalization`]).

use std::sync::Arc;

use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension, Transaction};
use xsolla_liveops::models::upsell::{
    BundleType, ItemPrice, ItemPromotion, PromotionBonus, PromotionDiscount, PromotionLimits,
    PromotionUserLimit, UpsellConfig, UpsellConfigItem, UpsellInput, UpsellItem, UpsellType,
    VirtualPrice,
};
use xsolla_liveops::seed::VirtualPriceInput;

use super::catalog::Item;
use super::promotions::{self, Kind, Pricing, PromotionDoc};
use super::{Cache, inventory, personalization, rewards};
use crate::error::{ApiError, ApiResult};

/// How many best sellers a `most_sellable` upsell offers.
pub const MOST_SELLABLE: i64 = 10;

/// `errorCode` of a fixed list naming unknown SKUs (Xsolla's documented body pairs it with a
/// `[0401-4001]` message).
pub const ITEMS_NOT_FOUND_CODE: i64 = 9901;

/// 404 for upsell toggles while the project has no upsell.
pub fn not_configured() -> ApiError {
    ApiError::not_found("Upsell is not configured for the project")
}

/// Counts a grant for `most_sellable`. Called by [`super::inventory::grant`].
pub fn count_grant(tx: &Connection, sku: &str, quantity: i64) -> ApiResult<()> {
    static COUNT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "INSERT INTO sku_grant_counts (sku, quantity) VALUES (?1, ?2)
             ON CONFLICT(sku) DO UPDATE SET {}",
            super::inventory::ADD_QUANTITY
        )
    });
    tx.prepare_cached(&COUNT)?
        .execute(rusqlite::params![sku, quantity])?;
    Ok(())
}

/// Checks a setting against the catalog.
fn check(cache: &Cache, input: &UpsellInput) -> ApiResult<()> {
    let items = input.items();
    if input.upsell_type() == UpsellType::FixedList {
        if items.is_empty() {
            return Err(ApiError::validation(
                "items",
                "The property `items` must list at least one SKU for a fixed list",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = items.iter().find(|s| !seen.insert(s.0.as_str())) {
            return Err(ApiError::validation(
                "items",
                format!("The SKU '{dup}' is listed twice"),
            ));
        }
        let missing: Vec<&str> = items
            .iter()
            .map(|s| s.0.as_str())
            .filter(|s| !cache.items.contains_key(*s))
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::raw(
                StatusCode::NOT_FOUND,
                ITEMS_NOT_FOUND_CODE,
                format!("[0401-4001]: Items weren't found: {}", missing.join(", ")),
            ));
        }
    } else if !items.is_empty() {
        return Err(ApiError::validation(
            "items",
            "The property `items` must be empty for this upsell type",
        ));
    }
    Ok(())
}

fn store(tx: &Connection, input: &UpsellInput) -> ApiResult<()> {
    let doc = serde_json::to_string(input).map_err(|e| ApiError::internal("upsell", e))?;
    tx.prepare_cached("INSERT OR REPLACE INTO upsell (id, doc) VALUES (1, ?1)")?
        .execute([doc])?;
    Ok(())
}

/// Writes the setting whole.
pub fn save(tx: &Transaction<'_>, cache: &Cache, input: UpsellInput) -> ApiResult<()> {
    check(cache, &input)?;
    store(tx, &input)
}

/// Switches the setting on or off; 404 when there is none.
pub fn set_active(tx: &Transaction<'_>, cache: &Cache, active: bool) -> ApiResult<()> {
    let current = cache.upsell.as_deref().ok_or_else(not_configured)?;
    store(tx, &current.clone().enabled(active))
}

/// Loads the stored setting into the cache.
pub fn load(conn: &Connection, cache: &mut Cache) -> ApiResult<()> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM upsell WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    cache.upsell = doc
        .map(|d| serde_json::from_str(&d).map_err(|e| ApiError::internal("upsell document", e)))
        .transpose()?
        .map(Arc::new);
    Ok(())
}

/// Applies the seed's `upsell` setting.
pub fn seed(
    tx: &Transaction<'_>,
    cache: &Cache,
    seed: &crate::seed::Seed,
    _: i64,
) -> ApiResult<()> {
    match &seed.upsell {
        Some(setting) => save(tx, cache, setting.clone()),
        None => Ok(()),
    }
}

fn bundle_type(item: &Item) -> Option<BundleType> {
    item.input
        .bundle_type
        .as_ref()
        .and_then(|b| serde_json::from_value(serde_json::Value::String(b.clone())).ok())
}

/// The setting as the admin API reads it.
pub fn config_view(cache: &Cache, input: &UpsellInput) -> UpsellConfig {
    UpsellConfig {
        is_enabled: input.is_enabled(),
        upsell_type: input.upsell_type(),
        items: input
            .items()
            .iter()
            .map(|sku| {
                let known = cache.items.get(&sku.0);
                UpsellConfigItem {
                    item_id: known.map(|i| i.item_id),
                    sku: sku.clone(),
                    item_type: known.map(|i| i.input.item_type.clone()),
                    name: known.map(|i| i.input.name.normalized()),
                    bundle_type: known.and_then(|i| bundle_type(i)),
                    unit_type: None,
                    unit_items: Vec::new(),
                }
            })
            .collect(),
    }
}

/// The promotions running for one player at one moment: computed once per request.
pub struct Running<'a> {
    pricing: Pricing<'a>,
    bonuses: Vec<&'a PromotionDoc>,
}

impl std::fmt::Debug for Running<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("bonuses", &self.bonuses.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Running<'a> {
    /// The live discounts and bonuses `sub` meets the conditions of and has uses left of.
    pub fn for_player(conn: &Connection, cache: &'a Cache, sub: &str, now: i64) -> ApiResult<Self> {
        let pricing = Pricing::for_player(conn, cache, sub, now)?;
        let live: Vec<&PromotionDoc> = cache
            .promotions
            .values()
            .filter(|d| d.kind == Kind::Bonus && d.live(now))
            .map(|d| &**d)
            .collect();
        let mut bonuses = Vec::new();
        if !live.is_empty() {
            let attrs = inventory::attributes(conn, sub)?;
            for d in live {
                if d.matches(&attrs)
                    && super::limits::promotion_available(conn, d, sub, now)? != Some(0)
                {
                    bonuses.push(d);
                }
            }
        }
        Ok(Self { pricing, bonuses })
    }

    /// The promotions running on an item: its best discount, and the bonuses whose condition
    /// names it.
    pub fn on(&self, item: &Item) -> Vec<&'a PromotionDoc> {
        let sku = item.input.sku.0.as_str();
        let discount = item
            .input
            .price
            .as_ref()
            .filter(|_| !item.is_free())
            .and_then(|p| self.pricing.best(sku, p));
        discount
            .into_iter()
            .chain(self.bonuses.iter().copied().filter(|b| {
                b.condition
                    .as_ref()
                    .is_some_and(|c| c.iter().any(|s| s.0 == sku))
            }))
            .collect()
    }
}

fn promotion_view(
    conn: &Connection,
    cache: &Cache,
    doc: &PromotionDoc,
    sub: &str,
    now: i64,
    locale: &str,
) -> ApiResult<ItemPromotion> {
    let (date_start, date_end) = promotions::first_window(doc);
    let per_user = match doc.per_user() {
        Some(total) => Some(PromotionUserLimit {
            available: super::limits::promotion_available(conn, doc, sub, now)?.unwrap_or(total),
            total,
        }),
        None => None,
    };
    Ok(ItemPromotion {
        name: doc.name.resolve(locale).unwrap_or_default().to_owned(),
        date_start,
        date_end,
        discount: doc.percent.as_ref().map(|percent| PromotionDiscount {
            percent: Some(percent.clone()),
            value: None,
        }),
        bonus: doc
            .bonus
            .iter()
            .map(|b| {
                let known = cache.items.get(&b.sku.0);
                PromotionBonus {
                    sku: b.sku.clone(),
                    quantity: b.quantity,
                    item_type: known.map(|i| i.input.item_type.clone()),
                    name: known.and_then(|i| i.input.name.resolve(locale).map(str::to_owned)),
                    image_url: known.and_then(|i| i.input.image_url.clone()),
                    bundle_type: known.and_then(|i| bundle_type(i)),
                }
            })
            .collect(),
        limits: per_user.map(|per_user| PromotionLimits {
            per_user: Some(per_user),
        }),
    })
}

/// A virtual price as a catalog item shows it, with its currency's name and picture.
fn virtual_price_view(cache: &Cache, vp: &VirtualPriceInput, locale: &str) -> VirtualPrice {
    let currency = cache.items.get(&vp.sku.0).map(|c| &c.input);
    VirtualPrice {
        sku: vp.sku.clone(),
        amount: vp.amount,
        amount_without_discount: Some(vp.amount),
        is_default: vp.is_default,
        name: currency
            .and_then(|c| c.name.resolve(locale))
            .map(str::to_owned),
        currency_type: Some("virtual_currency".to_owned()),
        description: currency
            .and_then(|c| c.description.as_ref())
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned),
        image_url: currency.and_then(|c| c.image_url.clone()),
    }
}

/// A catalog item as the upsell shows it to a player at `now`: price after the best running
/// discount, running promotions, and the value points it earns.
pub fn item_view(
    conn: &Connection,
    cache: &Cache,
    running: &Running<'_>,
    item: &Item,
    sub: &str,
    now: i64,
    locale: &str,
) -> ApiResult<UpsellItem> {
    let i = &item.input;
    let price = i.price.as_ref().filter(|_| !item.is_free());
    let discounted = running.pricing.apply(&i.sku.0, price.cloned());
    Ok(UpsellItem {
        item_id: Some(item.item_id),
        sku: i.sku.clone(),
        name: i.name.resolve(locale).map(str::to_owned),
        item_type: i.item_type.clone(),
        bundle_type: bundle_type(item),
        description: i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned),
        image_url: i.image_url.clone(),
        groups: Vec::new(),
        attributes: Vec::new(),
        is_free: item.is_free() && i.virtual_prices.is_empty(),
        price: price.zip(discounted).map(|(full, now_price)| ItemPrice {
            amount: now_price.amount,
            amount_without_discount: Some(full.amount.clone()),
            currency: full.currency.clone(),
        }),
        virtual_prices: i
            .virtual_prices
            .iter()
            .map(|vp| virtual_price_view(cache, vp, locale))
            .collect(),
        can_be_bought: Some(true),
        inventory_options: None,
        virtual_item_type: None,
        promotions: running
            .on(item)
            .into_iter()
            .map(|doc| promotion_view(conn, cache, doc, sub, now, locale))
            .collect::<ApiResult<_>>()?,
        limits: None,
        periods: Vec::new(),
        custom_attributes: None,
        vp_rewards: rewards::vp_rewards(cache, &i.sku.0, locale),
    })
}

/// The catalog items the upsell offers `sub` now, in its order; empty when it is off or
/// missing. Items the personalized catalog hides from `sub` are left out, as from any
/// catalog list.
pub fn offered(
    conn: &Connection,
    cache: &Cache,
    running: &Running<'_>,
    sub: &str,
) -> ApiResult<Vec<Arc<Item>>> {
    let Some(setting) = cache.upsell.as_deref().filter(|u| u.is_enabled()) else {
        return Ok(Vec::new());
    };
    let view = personalization::catalog_view(conn, cache, sub)?;
    let shown = |item: &Arc<Item>| view.allows(&item.input.sku.0);
    Ok(match setting.upsell_type() {
        UpsellType::FixedList => setting
            .items()
            .iter()
            .filter_map(|s| cache.items.get(&s.0))
            .filter(|item| shown(item))
            .cloned()
            .collect(),
        UpsellType::MostSellable => {
            let mut stmt = conn
                .prepare_cached("SELECT sku FROM sku_grant_counts ORDER BY quantity DESC, sku")?;
            let mut rows = stmt.query([])?;
            let wanted = usize::try_from(MOST_SELLABLE).unwrap_or(usize::MAX);
            let mut out = Vec::new();
            // Granted SKUs may have left the catalog or be hidden from this player: read on
            // until enough are found.
            while out.len() < wanted {
                let Some(row) = rows.next()? else { break };
                let sku: String = row.get(0)?;
                if let Some(item) = cache.items.get(&sku).filter(|item| shown(item)) {
                    out.push(Arc::clone(item));
                }
            }
            out
        }
        UpsellType::OnlyPromotions => {
            let mut out: Vec<Arc<Item>> = cache
                .items
                .values()
                .filter(|item| shown(item) && !running.on(item).is_empty())
                .cloned()
                .collect();
            out.sort_by(|a, b| a.input.sku.0.cmp(&b.input.sku.0));
            out
        }
        UpsellType::Other(_) => Vec::new(),
    })
}
