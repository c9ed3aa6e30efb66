//! Promo codes on a player's cart: applying one reserves a use until the code is removed,
//! replaced, or the cart is paid (then the use counts for good and the bonus items are
//! granted). A unique catalog offer code is entered the same way and unlocks its items.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction};
use xsolla_liveops::models::common::Decimal;
use xsolla_liveops::models::promo_codes::{Cart, PromoCodeRedemption};
use xsolla_liveops::models::promotions::{DiscountedPrice, ItemPrice, StoreItem};

use super::limits::{save_user_counts, user_counts};
use super::redeem::{check, count_use, resolve_units};
use super::rewards::{promo_rewards, store_item};
use super::validate::{check_cart_id, check_code};
use super::{CodePromotion, Kind};
use crate::error::{ApiError, ApiResult};
use crate::store::{Cache, inventory};

/// The promo code a cart holds.
struct CartRow {
    /// The code's campaign.
    promotion_id: i64,
    /// The code.
    code: String,
    /// The player's reset period when the code was applied.
    period: i64,
    /// The grants, as JSON `[[sku, quantity], …]`, units already chosen.
    units: String,
}

impl CartRow {
    fn grants(&self) -> ApiResult<Vec<(String, i64)>> {
        serde_json::from_str(&self.units).map_err(|e| ApiError::internal("cart units", e))
    }
}

fn cart_row(conn: &Connection, sub: &str, cart_id: &str) -> ApiResult<Option<CartRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT promotion_id, code, period, units FROM code_carts WHERE sub = ?1 AND cart_id = ?2",
        )?
        .query_row([sub, cart_id], |r| {
            Ok(CartRow {
                promotion_id: r.get(0)?,
                code: r.get(1)?,
                period: r.get(2)?,
                units: r.get(3)?,
            })
        })
        .optional()?)
}

fn delete_cart_row(tx: &Connection, sub: &str, cart_id: &str) -> ApiResult<()> {
    tx.prepare_cached("DELETE FROM code_carts WHERE sub = ?1 AND cart_id = ?2")?
        .execute([sub, cart_id])?;
    Ok(())
}

/// Takes the promo code off a cart and gives its reserved use back.
fn release(tx: &Connection, cache: &Cache, sub: &str, cart_id: &str, now: i64) -> ApiResult<()> {
    let Some(row) = cart_row(tx, sub, cart_id)? else {
        return Ok(());
    };
    delete_cart_row(tx, sub, cart_id)?;
    tx.prepare_cached(
        "UPDATE codes SET reserved = MAX(reserved - 1, 0) WHERE code = ?1 AND promotion_id = ?2",
    )?
    .execute(rusqlite::params![row.code, row.promotion_id])?;
    tx.prepare_cached("UPDATE code_promotions SET reserved = MAX(reserved - 1, 0) WHERE id = ?1")?
        .execute([row.promotion_id])?;
    if let Some(p) = cache.codes.by_id.get(&row.promotion_id) {
        let mut user = user_counts(tx, p, sub, now)?;
        if user.period == row.period && user.used > 0 {
            user.used -= 1;
            save_user_counts(tx, row.promotion_id, sub, user)?;
        }
    }
    Ok(())
}

/// Applies a promo code (or a unique catalog offer code) to a player's cart.
pub fn redeem_promo(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    body: &PromoCodeRedemption,
    now: i64,
    locale: &str,
) -> ApiResult<Cart> {
    let code = body.coupon_code.as_str();
    check_code("coupon_code", code)?;
    let cart_id = body.cart.as_ref().map_or("current", |c| c.id.as_str());
    check_cart_id(cart_id)?;
    if let Some(row) = cart_row(tx, sub, cart_id)?
        && row.code == code
        && cache.codes.by_id.contains_key(&row.promotion_id)
    {
        // Applying the code the cart already holds changes nothing.
        return cart_view(tx, cache, sub, cart_id, locale, true);
    }
    let found = check(
        tx,
        cache,
        sub,
        code,
        &[Kind::PromoCode, Kind::UniqueOffer],
        || Kind::PromoCode.invalid_code(),
        now,
    )?;
    let p = Arc::clone(&found.promotion);
    if p.kind == Kind::UniqueOffer {
        count_use(tx, &found, sub, false, now)?;
        return Ok(offer_cart(cache, &p, cart_id, locale));
    }
    let grants = resolve_units(cache, &p.def.bonus, &body.selected_unit_items)?;
    release(tx, cache, sub, cart_id, now)?;
    count_use(tx, &found, sub, true, now)?;
    let units = serde_json::to_string(&grants).map_err(|e| ApiError::internal("cart", e))?;
    tx.prepare_cached(
        "INSERT INTO code_carts (sub, cart_id, promotion_id, code, period, units, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        sub,
        cart_id,
        p.id,
        found.code,
        found.user.period,
        units,
        now
    ])?;
    cart_view(tx, cache, sub, cart_id, locale, true)
}

/// Takes the promo code off a player's cart (nothing to take off is fine) and returns the cart.
pub fn remove_promo(
    tx: &Transaction<'_>,
    cache: &Cache,
    sub: &str,
    cart_id: &str,
    now: i64,
    locale: &str,
) -> ApiResult<Cart> {
    check_cart_id(cart_id)?;
    release(tx, cache, sub, cart_id, now)?;
    cart_view(tx, cache, sub, cart_id, locale, false)
}

/// Pays a player's cart: the promo code it holds is used for good (its reserved use becomes
/// a redemption) and its bonus items, with the units the player chose, are granted in this
/// transaction. A cart without a code grants nothing. Returns the grants.
pub fn pay_cart(
    tx: &Connection,
    cache: &Cache,
    sub: &str,
    cart_id: &str,
    now: i64,
) -> ApiResult<Vec<(String, i64)>> {
    check_cart_id(cart_id)?;
    let Some(row) = cart_row(tx, sub, cart_id)? else {
        return Ok(Vec::new());
    };
    delete_cart_row(tx, sub, cart_id)?;
    tx.prepare_cached(
        "UPDATE codes SET reserved = MAX(reserved - 1, 0), used = used + 1
         WHERE code = ?1 AND promotion_id = ?2",
    )?
    .execute(rusqlite::params![row.code, row.promotion_id])?;
    tx.prepare_cached(
        "UPDATE code_promotions SET reserved = MAX(reserved - 1, 0), used = used + 1 WHERE id = ?1",
    )?
    .execute([row.promotion_id])?;
    let grants = row.grants()?;
    let source = format!("promocode:{}:cart:{cart_id}", row.promotion_id);
    for (sku, quantity) in &grants {
        inventory::grant(tx, cache, sub, sku, *quantity, &source, now)?;
    }
    Ok(grants)
}

/// A player's cart: the free bonus items of the promo code it holds.
fn cart_view(
    conn: &Connection,
    cache: &Cache,
    sub: &str,
    cart_id: &str,
    locale: &str,
    with_rewards: bool,
) -> ApiResult<Cart> {
    let row = cart_row(conn, sub, cart_id)?;
    let applied = row
        .as_ref()
        .and_then(|row| cache.codes.by_id.get(&row.promotion_id).map(|p| (p, row)));
    let Some((p, row)) = applied else {
        return Ok(Cart {
            cart_id: cart_id.to_owned(),
            price: None,
            is_free: false,
            items: Vec::new(),
            rewards: None,
        });
    };
    let items: Vec<StoreItem> = row
        .grants()?
        .iter()
        .map(|(sku, q)| store_item(cache, sku, *q, locale, true))
        .collect();
    Ok(Cart {
        cart_id: cart_id.to_owned(),
        price: None,
        is_free: !items.is_empty(),
        items,
        rewards: with_rewards.then(|| promo_rewards(cache, p, locale)),
    })
}

/// The answer to a unique catalog offer code: the unlocked items, at their prices.
fn offer_cart(cache: &Cache, p: &CodePromotion, cart_id: &str, locale: &str) -> Cart {
    let items: Vec<StoreItem> = p
        .def
        .items
        .iter()
        .map(|sku| {
            let mut item = store_item(cache, &sku.0, 1, locale, false);
            item.can_be_bought = Some(true);
            item
        })
        .collect();
    let price = total_price(&items);
    Cart {
        cart_id: cart_id.to_owned(),
        is_free: price.is_none(),
        price,
        items,
        rewards: None,
    }
}

/// The sum of the items' prices, when they have prices in one currency.
fn total_price(items: &[StoreItem]) -> Option<DiscountedPrice> {
    let mut currency: Option<String> = None;
    let mut sum = 0.0;
    let mut mixed = false;
    for item in items {
        if let Some(price) = item.price.as_ref().and_then(ItemPrice::price) {
            sum += price.amount.to_f64();
            match &currency {
                None => currency = Some(price.currency.clone()),
                Some(c) if *c != price.currency => mixed = true,
                Some(_) => {}
            }
        }
    }
    currency.filter(|_| !mixed).and_then(|currency| {
        let amount = Decimal::new(format!("{sum:.2}")).ok()?;
        Some(DiscountedPrice {
            amount: amount.clone(),
            amount_without_discount: Some(amount),
            currency,
        })
    })
}
