//! What promotions do to a purchase: the discounted prices a player sees, the discount an
//! order remembers, and, when the order is paid, the uses it takes and the bonus items it
//! earns (a `condition` item held, `price_conditions` met, no `excluded_promotions` clash), all
//! in the payment's transaction.

use rusqlite::{Connection, OptionalExtension};
use xsolla_liveops::models::common::Price;
use xsolla_liveops::models::offer::AdminOfferStep;

use super::money::{discounted, fixed, price_ok};
use super::{Kind, PromotionDoc};
use crate::error::{ApiError, ApiResult};
use crate::store::{Cache, inventory, limits};

/// The discounts a player can use at one moment: computed once per request, then applied to
/// any number of prices without further queries.
#[derive(Debug, Default)]
pub struct Pricing<'a> {
    discounts: Vec<&'a PromotionDoc>,
}

impl<'a> Pricing<'a> {
    /// The live discounts `sub` meets the conditions of and has uses left of, at `now`. Costs
    /// nothing when the project has no live discount.
    pub fn for_player(conn: &Connection, cache: &'a Cache, sub: &str, now: i64) -> ApiResult<Self> {
        let live: Vec<&PromotionDoc> = cache
            .promotions
            .values()
            .filter(|d| d.kind == Kind::Discount && d.live(now))
            .map(|d| &**d)
            .collect();
        if live.is_empty() {
            return Ok(Self::default());
        }
        let attrs = inventory::attributes(conn, sub)?;
        let mut discounts = Vec::with_capacity(live.len());
        for d in live {
            if d.matches(&attrs) && limits::promotion_available(conn, d, sub, now)? != Some(0) {
                discounts.push(d);
            }
        }
        Ok(Self { discounts })
    }

    /// The best discount for an item of this SKU and price, if any covers it.
    pub fn best(&self, sku: &str, price: &Price) -> Option<&'a PromotionDoc> {
        let amount = fixed(price.amount.as_str())?;
        self.discounts
            .iter()
            .filter(|d| match (&d.items, &d.price_conditions) {
                (Some(items), _) => items.iter().any(|s| s.0 == sku),
                (None, Some(conds)) => price_ok(amount, conds),
                (None, None) => false,
            })
            .max_by_key(|d| {
                d.percent
                    .as_ref()
                    .and_then(|p| fixed(p.as_str()))
                    .unwrap_or(0)
            })
            .copied()
    }

    /// The price of an item after the best discount covering it.
    pub fn apply(&self, sku: &str, price: Option<Price>) -> Option<Price> {
        let price = price?;
        match self.best(sku, &price).and_then(|d| d.percent.as_ref()) {
            Some(percent) => Some(Price {
                amount: discounted(&price.amount, percent).unwrap_or(price.amount),
                currency: price.currency,
            }),
            None => Some(price),
        }
    }

    /// The price of an offer-chain step after discounts (the step's first item decides).
    pub fn step_price(&self, step: &AdminOfferStep, price: Option<Price>) -> Option<Price> {
        match step.items.first() {
            Some(item) => self.apply(&item.sku.0, price),
            None => price,
        }
    }
}

/// Records, at order time, the discount an offer-chain step order was priced with, so that
/// paying the order uses one of the player's uses of it.
pub fn attach_to_order(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    order_id: i64,
    step: &AdminOfferStep,
    price: Option<Price>,
    now: i64,
) -> ApiResult<()> {
    match step.items.first() {
        Some(item) => attach_item_to_order(tx, cache, sub, order_id, &item.sku.0, price, now),
        None => Ok(()),
    }
}

/// Records, at order time, the discount an item order was priced with (the best one covering
/// `sku` at `price`), so that paying the order uses one of the player's uses of it.
pub fn attach_item_to_order(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    order_id: i64,
    sku: &str,
    price: Option<Price>,
    now: i64,
) -> ApiResult<()> {
    let Some(price) = price else {
        return Ok(());
    };
    let pricing = Pricing::for_player(tx, cache, sub, now)?;
    if let Some(d) = pricing.best(sku, &price) {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO order_promotions (order_id, promotion_id) VALUES (?1, ?2)",
        )?
        .execute(rusqlite::params![order_id, d.id])?;
    }
    Ok(())
}

/// The promotion with this id as the database holds it, if any.
fn stored(tx: &Connection, id: i64) -> ApiResult<Option<PromotionDoc>> {
    let doc: Option<String> = tx
        .prepare_cached("SELECT doc FROM promotions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    doc.map(|d| serde_json::from_str(&d).map_err(|e| ApiError::internal("promotion document", e)))
        .transpose()
}

/// Whether a purchase of `items` holds one of the promotion's `condition` items (any purchase
/// does when it has no condition).
fn holds_a_condition_item(doc: &PromotionDoc, items: &[(String, i64)]) -> bool {
    doc.condition
        .as_ref()
        .is_none_or(|c| c.iter().any(|s| items.iter().any(|(sku, _)| *sku == s.0)))
}

/// Whether the price paid (in units of [`fixed`]; `None`: free) meets the promotion's
/// `price_conditions` (any price does without them; a free purchase meets none).
fn paid_price_meets_conditions(doc: &PromotionDoc, paid: Option<i128>) -> bool {
    doc.price_conditions
        .as_ref()
        .is_none_or(|c| paid.is_some_and(|p| price_ok(p, c)))
}

/// Whether two promotions may apply to one purchase: neither lists the other in its
/// `excluded_promotions`.
fn combinable(a: &PromotionDoc, b: &PromotionDoc) -> bool {
    let lists = |x: &PromotionDoc, id: i64| {
        x.excluded_promotions
            .as_ref()
            .is_some_and(|ids| ids.iter().any(|p| p.0 == id))
    };
    !lists(a, b.id) && !lists(b, a.id)
}

/// Settles the promotions of a purchase being paid, inside the payment's transaction: uses one
/// use of the discount the order was priced with, and grants the items of every live bonus
/// promotion the purchase earns (using one of its uses too). `price` is the purchase's price
/// before discounts (`None`: free). A bonus is earned when the purchase holds one of its
/// `condition` items (any purchase without a condition), the paid price meets its
/// `price_conditions`, and neither it nor the discount or a bonus already earned excludes the
/// other (`excluded_promotions`). Returns the bonus grants.
pub fn settle_purchase(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    order_id: i64,
    items: &[(String, i64)],
    price: Option<&Price>,
    now: i64,
) -> ApiResult<Vec<(String, i64)>> {
    let attached: Option<i64> = tx
        .prepare_cached("SELECT promotion_id FROM order_promotions WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?;
    let discount = attached.map(|id| stored(tx, id)).transpose()?.flatten();
    if let Some(doc) = &discount {
        limits::use_promotion(tx, doc, sub, now)?;
    }
    let paid = price.and_then(|p| {
        let amount = match discount.as_ref().and_then(|d| d.percent.as_ref()) {
            Some(percent) => discounted(&p.amount, percent)?,
            None => p.amount.clone(),
        };
        fixed(amount.as_str())
    });
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM promotions WHERE kind = 'bonus' AND is_enabled = 1 ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut granted = Vec::new();
    if ids.is_empty() {
        return Ok(granted);
    }
    let attrs = inventory::attributes(tx, sub)?;
    let mut applied: Vec<PromotionDoc> = discount.into_iter().collect();
    for id in ids {
        let Some(doc) = stored(tx, id)? else { continue };
        let earned = doc.live(now)
            && doc.matches(&attrs)
            && holds_a_condition_item(&doc, items)
            && paid_price_meets_conditions(&doc, paid)
            && applied.iter().all(|other| combinable(&doc, other));
        if !earned || !limits::use_promotion(tx, &doc, sub, now)? {
            continue;
        }
        let source = format!("promotion:{id}:order:{order_id}");
        for b in &doc.bonus {
            inventory::grant(tx, cache, sub, &b.sku.0, b.quantity, &source, now)?;
            granted.push((b.sku.0.clone(), b.quantity));
        }
        applied.push(doc);
    }
    Ok(granted)
}
