//! Orders: one state machine for every purchase (offer-chain steps, catalog items bought for
//! real money or for virtual currency), the content and prices the order-status call shows,
//! and the single-use Pay Station tokens.
//!
//! Rules:
//! - An order is `new` until paid, then `paid`, then `done` once delivered; a `new` order may
//!   instead be `canceled`. `done` and `canceled` are final.
//! - Delivery grants the order's items (and, for an offer-chain step, takes the step; for any
//!   purchase, the bonuses it earns) in the same transaction that marks the order `done`, so
//!   an order grants exactly once however many times, and from however many tabs, it is paid.
//! - A virtual-currency purchase debits the balance and grants in one transaction: its order
//!   is `done` at birth.
//! - A Pay Station token belongs to one order, lives [`TOKEN_TTL`] seconds of emulator time,
//!   and is used up by a payment or a cancel. The database keeps only its SHA-256.

use axum::http::StatusCode;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use xsolla_liveops::models::common::{Decimal, Price};
use xsolla_liveops::models::orders::{
    Order, OrderContent, OrderItem, OrderPrice, OrderStatus, OrderVirtualPrice,
};
use xsolla_liveops::{OrderId, Sku};

use super::{Cache, inventory, promotions};
use crate::error::{ApiError, ApiResult};

/// How long a Pay Station token opens its order, in seconds of emulator time (a day, like
/// Xsolla's default).
pub const TOKEN_TTL: i64 = 86_400;

/// Xsolla's code for an order that does not exist (or is not the player's).
pub const ORDER_NOT_FOUND: i64 = 9001;

/// 404 / 9001 "Order not found".
pub fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ORDER_NOT_FOUND, "Order not found")
}

/// What kind of purchase an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An offer-chain step (free claims are `done` zero-price orders).
    OfferChain,
    /// A catalog item for real money.
    Item,
    /// A catalog item for virtual currency.
    Virtual,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::OfferChain => "offer_chain",
            Self::Item => "item",
            Self::Virtual => "virtual",
        }
    }
}

/// A new order as the feature that creates it describes it.
#[derive(Debug)]
pub struct NewOrder<'a> {
    /// The player.
    pub sub: &'a str,
    /// The purchase kind.
    pub kind: Kind,
    /// Offer chain id (0 otherwise).
    pub ref_id: i64,
    /// Offer chain step id (0 otherwise).
    pub step_id: i64,
    /// Offer chain schedule period (0 otherwise).
    pub period: i64,
    /// Offer chain round (0 otherwise).
    pub round: i64,
    /// What delivery grants: (SKU, quantity).
    pub items: &'a [(String, i64)],
    /// What the order-status call shows.
    pub content: &'a OrderContent,
    /// `new`, or `done` for orders settled at once.
    pub status: OrderStatus,
}

/// Records an order; returns its id.
pub fn insert(tx: &Connection, order: &NewOrder<'_>, now: i64) -> ApiResult<i64> {
    let items = serde_json::to_string(order.items).map_err(|e| ApiError::internal("order", e))?;
    let status = order.status.as_str();
    tx.prepare_cached(
        "INSERT INTO orders (sub, kind, ref_id, step_id, period, round, items, status, created_at, paid_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?8 = 'done' THEN ?9 END)",
    )?
    .execute(rusqlite::params![
        order.sub,
        order.kind.as_str(),
        order.ref_id,
        order.step_id,
        order.period,
        order.round,
        items,
        status,
        now
    ])?;
    let order_id = tx.last_insert_rowid();
    let content =
        serde_json::to_string(order.content).map_err(|e| ApiError::internal("order", e))?;
    tx.prepare_cached(
        "INSERT INTO order_content (order_id, content, delivered_at) VALUES (?1, ?2, CASE WHEN ?3 = 'done' THEN ?4 END)",
    )?
    .execute(rusqlite::params![order_id, content, status, now])?;
    Ok(order_id)
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderRow {
    /// The order.
    pub order_id: i64,
    /// The player.
    pub sub: String,
    /// `offer_chain`, `item` or `virtual`.
    pub kind: String,
    /// Offer chain id (0 otherwise).
    pub ref_id: i64,
    /// Offer chain step id.
    pub step_id: i64,
    /// Offer chain period.
    pub period: i64,
    /// Offer chain round.
    pub round: i64,
    /// What delivery grants.
    pub items: Vec<(String, i64)>,
    /// Where it stands.
    pub status: String,
    /// Unix seconds of its creation.
    pub created_at: i64,
    /// Unix seconds of its payment.
    pub paid_at: Option<i64>,
}

const ROW_COLUMNS: &str =
    "order_id, sub, kind, ref_id, step_id, period, round, items, status, created_at, paid_at";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OrderRow, String)> {
    Ok((
        OrderRow {
            order_id: r.get(0)?,
            sub: r.get(1)?,
            kind: r.get(2)?,
            ref_id: r.get(3)?,
            step_id: r.get(4)?,
            period: r.get(5)?,
            round: r.get(6)?,
            items: Vec::new(),
            status: r.get(8)?,
            created_at: r.get(9)?,
            paid_at: r.get(10)?,
        },
        r.get(7)?,
    ))
}

fn with_items((mut row, items): (OrderRow, String)) -> ApiResult<OrderRow> {
    row.items = serde_json::from_str(&items).map_err(|e| ApiError::internal("order items", e))?;
    Ok(row)
}

/// The order, if it exists.
pub fn row(conn: &Connection, order_id: i64) -> ApiResult<Option<OrderRow>> {
    conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM orders WHERE order_id = ?1"
    ))?
    .query_row([order_id], read_row)
    .optional()?
    .map(with_items)
    .transpose()
}

/// The newest orders first, all players or one, at most `limit`.
pub fn list(conn: &Connection, sub: Option<&str>, limit: i64) -> ApiResult<Vec<OrderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM orders WHERE ?1 IS NULL OR sub = ?1
         ORDER BY order_id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(rusqlite::params![sub, limit], read_row)?;
    rows.map(|r| with_items(r?)).collect()
}

/// What the order holds and costs. Orders from before content was kept show their items
/// without prices.
pub fn content(conn: &Connection, row: &OrderRow) -> ApiResult<OrderContent> {
    let text: Option<String> = conn
        .prepare_cached("SELECT content FROM order_content WHERE order_id = ?1")?
        .query_row([row.order_id], |r| r.get(0))
        .optional()?;
    match text {
        Some(t) if t != "null" => {
            serde_json::from_str(&t).map_err(|e| ApiError::internal("order content", e))
        }
        _ => Ok(OrderContent {
            items: row
                .items
                .iter()
                .map(|(sku, quantity)| OrderItem {
                    sku: Sku::from(sku.as_str()),
                    quantity: *quantity,
                    is_free: true,
                    price: None,
                })
                .collect(),
            is_free: true,
            ..OrderContent::default()
        }),
    }
}

fn status_of(text: &str) -> OrderStatus {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .unwrap_or_else(|_| OrderStatus::Other(text.to_owned()))
}

/// The order as its player reads it; another player's order is "not found".
pub fn view(conn: &Connection, sub: &str, order_id: i64) -> ApiResult<Order> {
    let row = row(conn, order_id)?
        .filter(|r| r.sub == sub)
        .ok_or_else(not_found)?;
    Ok(Order {
        order_id: OrderId(row.order_id),
        status: status_of(&row.status),
        content: content(conn, &row)?,
    })
}

/// Fixed-point amount (10⁻⁸) as a price string with cents (rounded half up; an amount at the
/// end of `i128`, a saturated product, stays there).
fn money(value: i128) -> Decimal {
    let cents = value.saturating_add(500_000) / 1_000_000;
    Decimal::new(format!("{}.{:02}", cents / 100, cents % 100)).unwrap_or_else(|_| Decimal::from(0))
}

/// `unit` times `quantity`, as a price string.
fn times(unit: &Decimal, quantity: i64) -> Decimal {
    match promotions::fixed(unit.as_str()) {
        Some(v) if quantity == 1 => Decimal::new(unit.as_str()).unwrap_or_else(|_| money(v)),
        Some(v) => money(v.saturating_mul(i128::from(quantity))),
        None => unit.clone(),
    }
}

/// The content of a real-money order for `quantity` of `sku` at `unit` (before discounts),
/// with the best discount the player has now. `None` price: a free order.
pub fn priced_content(
    conn: &Connection,
    cache: &Cache,
    sub: &str,
    sku: &str,
    quantity: i64,
    unit: Option<&Price>,
    now: i64,
) -> ApiResult<OrderContent> {
    let Some(unit) = unit.filter(|p| !p.amount.is_zero()) else {
        return Ok(OrderContent {
            price: None,
            virtual_price: None,
            is_free: true,
            items: vec![OrderItem {
                sku: Sku::from(sku),
                quantity,
                is_free: true,
                price: None,
            }],
        });
    };
    let pricing = promotions::Pricing::for_player(conn, cache, sub, now)?;
    let discounted = pricing
        .apply(sku, Some(unit.clone()))
        .unwrap_or_else(|| unit.clone());
    let price = OrderPrice {
        amount: times(&discounted.amount, quantity),
        amount_without_discount: Some(times(&unit.amount, quantity)),
        currency: unit.currency.clone(),
    };
    Ok(OrderContent {
        price: Some(price.clone()),
        virtual_price: None,
        is_free: false,
        items: vec![OrderItem {
            sku: Sku::from(sku),
            quantity,
            is_free: false,
            price: Some(price),
        }],
    })
}

/// The content of a virtual-currency order: `amount` of `currency` in all.
pub fn virtual_content(sku: &str, quantity: i64, currency: &str, amount: i64) -> OrderContent {
    OrderContent {
        price: None,
        virtual_price: Some(OrderVirtualPrice {
            amount: Decimal::from(amount),
            amount_without_discount: Some(Decimal::from(amount)),
            currency: currency.to_owned(),
        }),
        is_free: amount == 0,
        items: vec![OrderItem {
            sku: Sku::from(sku),
            quantity,
            is_free: amount == 0,
            price: None,
        }],
    }
}

/// The outcome of a change of an order's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// The order.
    pub order_id: i64,
    /// The player.
    pub user: String,
    /// The status after the call.
    pub status: String,
    /// True when this call granted the items.
    pub granted: bool,
}

fn conflict(text: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, 0, text)
}

fn set_status(tx: &Connection, order_id: i64, status: &str, now: i64) -> ApiResult<()> {
    tx.prepare_cached(
        "UPDATE orders SET status = ?2, paid_at = CASE WHEN ?2 = 'paid' THEN ?3 ELSE paid_at END
         WHERE order_id = ?1",
    )?
    .execute(rusqlite::params![order_id, status, now])?;
    let column = if status == "canceled" {
        "canceled_at"
    } else {
        "delivered_at"
    };
    if status != "paid" {
        tx.execute(
            &format!(
                "INSERT INTO order_content (order_id, content, {column}) VALUES (?1, 'null', ?2)
                 ON CONFLICT(order_id) DO UPDATE SET {column} = excluded.{column}"
            ),
            rusqlite::params![order_id, now],
        )?;
    }
    Ok(())
}

fn existing(tx: &Connection, order_id: i64) -> ApiResult<OrderRow> {
    row(tx, order_id)?.ok_or_else(not_found)
}

fn outcome(row: &OrderRow, status: &str, granted: bool) -> Payment {
    Payment {
        order_id: row.order_id,
        user: row.sub.clone(),
        status: status.to_owned(),
        granted,
    }
}

/// Marks a `new` order `paid` without delivering it (Xsolla's state between the payment and
/// the delivery). A paid or done order is left as it is; a canceled one is refused (409).
pub fn mark_paid(tx: &Connection, order_id: i64, now: i64) -> ApiResult<Payment> {
    let row = existing(tx, order_id)?;
    match row.status.as_str() {
        "new" => {
            set_status(tx, order_id, "paid", now)?;
            Ok(outcome(&row, "paid", false))
        }
        "canceled" => Err(conflict("The order is canceled and cannot be paid")),
        other => Ok(outcome(&row, other, false)),
    }
}

/// Pays and delivers an order: `new` or `paid` → `done`, granting its items once. A done
/// order is left as it is (`granted: false`); a canceled one is refused (409). An offer-chain
/// order whose step another order of the player already bought (two checkouts open for one
/// step) is canceled instead: nothing is charged, and the step is not granted twice.
pub fn pay(tx: &Connection, cache: &Cache, order_id: i64, now: i64) -> ApiResult<Payment> {
    let row = existing(tx, order_id)?;
    match row.status.as_str() {
        "new" | "paid"
            if row.kind == Kind::OfferChain.as_str()
                && super::offer::paid_step_taken(tx, &row)? =>
        {
            set_status(tx, order_id, "canceled", now)?;
            Ok(outcome(&row, "canceled", false))
        }
        "new" | "paid" => {
            if row.status == "new" {
                set_status(tx, order_id, "paid", now)?;
            }
            deliver(tx, cache, &row, now)?;
            set_status(tx, order_id, "done", now)?;
            Ok(outcome(&row, "done", true))
        }
        "canceled" => Err(conflict("The order is canceled and cannot be paid")),
        other => Ok(outcome(&row, other, false)),
    }
}

/// Cancels a `new` order. A canceled order stays canceled; a paid or done one is refused (409).
pub fn cancel(tx: &Connection, order_id: i64, now: i64) -> ApiResult<Payment> {
    let row = existing(tx, order_id)?;
    match row.status.as_str() {
        "new" => {
            set_status(tx, order_id, "canceled", now)?;
            Ok(outcome(&row, "canceled", false))
        }
        "canceled" => Ok(outcome(&row, "canceled", false)),
        _ => Err(conflict("A paid order cannot be canceled")),
    }
}

/// Grants what a paid order bought: the step (offer chains), the bonuses the purchase earns,
/// the items.
fn deliver(tx: &Connection, cache: &Cache, row: &OrderRow, now: i64) -> ApiResult<()> {
    let order_id = row.order_id;
    if row.kind == Kind::OfferChain.as_str() {
        super::offer::take_paid_step(tx, row, now)?;
    }
    // The purchase's price before discounts is its first item's catalog price, as the views
    // show it.
    let price = row
        .items
        .first()
        .and_then(|(sku, _)| cache.items.get(sku))
        .and_then(|item| item.input.price.as_ref());
    promotions::settle_purchase(tx, cache, &row.sub, order_id, &row.items, price, now)?;
    let source = if row.kind == Kind::OfferChain.as_str() {
        format!("offer_chain:{}:order:{order_id}", row.ref_id)
    } else {
        format!("order:{order_id}")
    };
    for (sku, quantity) in &row.items {
        inventory::grant(tx, cache, &row.sub, sku, *quantity, &source, now)?;
    }
    Ok(())
}

/// The hex SHA-256 of a token: what the database keeps.
fn token_hash(token: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a fresh Pay Station token for an order: 32 letters and digits, good for
/// [`TOKEN_TTL`] seconds from `now`.
pub fn issue_token(tx: &Connection, order_id: i64, now: i64) -> ApiResult<String> {
    let token: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(32)
        .collect();
    tx.prepare_cached(
        "INSERT INTO payment_tokens (hash, order_id, expires_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(rusqlite::params![
        token_hash(&token),
        order_id,
        now + TOKEN_TTL
    ])?;
    Ok(token)
}

/// What a Pay Station token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenState {
    /// A live token of a `new` order.
    Open(OrderRow),
    /// No such token.
    Unknown,
    /// The token's time is up.
    Expired(OrderRow),
    /// The token paid or canceled its order already.
    Used(OrderRow),
    /// The order was settled some other way (paid or canceled from the dashboard or the
    /// control API).
    Closed(OrderRow),
}

/// What `token` opens at `now`.
pub fn token_state(conn: &Connection, token: &str, now: i64) -> ApiResult<TokenState> {
    let found: Option<(i64, i64, Option<i64>)> = conn
        .prepare_cached("SELECT order_id, expires_at, used_at FROM payment_tokens WHERE hash = ?1")?
        .query_row([token_hash(token)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((order_id, expires_at, used_at)) = found else {
        return Ok(TokenState::Unknown);
    };
    let Some(order) = row(conn, order_id)? else {
        return Ok(TokenState::Unknown);
    };
    Ok(if used_at.is_some() {
        TokenState::Used(order)
    } else if now >= expires_at {
        TokenState::Expired(order)
    } else if order.status != "new" {
        TokenState::Closed(order)
    } else {
        TokenState::Open(order)
    })
}

/// Uses `token` up, if it is open, to pay (`pay`: true) or cancel its order; the token, the
/// order and the grant change in the caller's one transaction. Returns the token's state
/// before the call and, when it was [`TokenState::Open`] (only then did anything change), the
/// order's new status.
pub fn redeem_token(
    tx: &Connection,
    cache: &Cache,
    token: &str,
    pay_it: bool,
    now: i64,
) -> ApiResult<(TokenState, Option<Payment>)> {
    let state = token_state(tx, token, now)?;
    let mut payment = None;
    if let TokenState::Open(order) = &state {
        tx.prepare_cached("UPDATE payment_tokens SET used_at = ?2 WHERE hash = ?1")?
            .execute(rusqlite::params![token_hash(token), now])?;
        payment = Some(if pay_it {
            pay(tx, cache, order.order_id, now)?
        } else {
            cancel(tx, order.order_id, now)?
        });
    }
    Ok((state, payment))
}

/// 404/4001 for an item the catalog does not have.
pub fn item_not_found(project: i64, sku: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        crate::error::codes::NOT_FOUND,
        format!("Item with Project Id = {project} and Sku = {sku} not found"),
    )
}

/// 422/1411 "Invalid item": the item cannot be bought this way.
pub fn invalid_item() -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 1411, "Invalid item")
}

/// 422/5006: the balance does not cover a virtual-currency purchase.
pub fn not_enough_virtual_currency() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        5006,
        "Not enough virtual currency",
    )
}

fn catalog_item<'a>(
    cache: &'a Cache,
    project: i64,
    sku: &str,
) -> ApiResult<&'a super::catalog::Item> {
    cache
        .items
        .get(sku)
        .map(|i| &**i)
        .ok_or_else(|| item_not_found(project, sku))
}

/// Creates a real-money order (`new`) for `quantity` of a priced item and its Pay Station
/// token. A free item, or one without a real price, is refused with 422/1411.
pub fn buy_item(
    tx: &Connection,
    cache: &Cache,
    project: i64,
    sub: &str,
    sku: &str,
    quantity: i64,
    now: i64,
) -> ApiResult<(OrderId, String)> {
    if quantity < 1 {
        return Err(ApiError::validation(
            "quantity",
            "The property `quantity` must be at least 1",
        ));
    }
    let item = catalog_item(cache, project, sku)?;
    if item.is_free() {
        return Err(invalid_item());
    }
    let unit = item.input.price.clone();
    let content = priced_content(tx, cache, sub, sku, quantity, unit.as_ref(), now)?;
    let items = [(sku.to_owned(), quantity)];
    let order_id = insert(
        tx,
        &NewOrder {
            sub,
            kind: Kind::Item,
            ref_id: 0,
            step_id: 0,
            period: 0,
            round: 0,
            items: &items,
            content: &content,
            status: OrderStatus::New,
        },
        now,
    )?;
    promotions::attach_item_to_order(tx, cache, sub, order_id, sku, unit, now)?;
    let token = issue_token(tx, order_id, now)?;
    Ok((OrderId(order_id), token))
}

/// Buys one item for virtual currency: debits the balance, records a `done` order and grants
/// the item, in the caller's one transaction. 404 for an unknown item; 422/1411 when the item
/// has no price in `currency`; 422/5006 when the balance is short.
pub fn buy_with_virtual_currency(
    tx: &Connection,
    cache: &Cache,
    project: i64,
    sub: &str,
    sku: &str,
    currency: &str,
    now: i64,
) -> ApiResult<OrderId> {
    let item = catalog_item(cache, project, sku)?;
    let amount = item
        .input
        .virtual_prices
        .iter()
        .find(|p| p.sku.0 == currency)
        .map(|p| p.amount)
        .ok_or_else(invalid_item)?;
    if amount > 0 {
        let debited = tx
            .prepare_cached(
                "UPDATE inventory SET quantity = quantity - ?3
                 WHERE sub = ?1 AND sku = ?2 AND quantity >= ?3",
            )?
            .execute(rusqlite::params![sub, currency, amount])?;
        if debited != 1 {
            return Err(not_enough_virtual_currency());
        }
    }
    let content = virtual_content(sku, 1, currency, amount);
    let items = [(sku.to_owned(), 1)];
    let order_id = insert(
        tx,
        &NewOrder {
            sub,
            kind: Kind::Virtual,
            ref_id: 0,
            step_id: 0,
            period: 0,
            round: 0,
            items: &items,
            content: &content,
            status: OrderStatus::Done,
        },
        now,
    )?;
    promotions::settle_purchase(tx, cache, sub, order_id, &items, None, now)?;
    inventory::grant(tx, cache, sub, sku, 1, &format!("order:{order_id}"), now)?;
    Ok(OrderId(order_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_multiply_to_cents() {
        let d = |s: &str| Decimal::new(s).unwrap();
        assert_eq!(times(&d("9.99"), 1).as_str(), "9.99");
        assert_eq!(times(&d("9.99"), 3).as_str(), "29.97");
        assert_eq!(times(&d("30"), 2).as_str(), "60.00");
        // The product saturates at i128::MAX units of 10⁻⁸ rather than overflow.
        let most = times(&d("99999999999999999999"), i64::MAX);
        assert_eq!(most.as_str(), "1701411834604692317316873037158.84");
        assert_eq!(token_hash("abc").len(), 64);
    }
}
