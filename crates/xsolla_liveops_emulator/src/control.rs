//! The control API under `/__emulator/`: not part of Xsolla's, there to drive the emulator from
//! tests, tools and the demo. Switched off with `--no-control`. Fault injection never applies
//! to it.
//!
//! | call | body | answer |
//! |---|---|---|
//! | `POST /__emulator/token` | `{"sub", "ttl_seconds"?, "attributes"?}` | `{"token"}` |
//! | `GET /__emulator/clock` | | `{"now", "offset_seconds"}` (Unix seconds) |
//! | `PUT /__emulator/clock` | `{"now"}` | as GET |
//! | `POST /__emulator/clock/advance` | `{"seconds"}` | as GET |
//! | `GET /__emulator/users/{sub}/inventory` | | `{"items": [{"sku", "quantity"}]}` |
//! | `GET`/`PUT /__emulator/users/{sub}/attributes` | `{…}` | the attributes |
//! | `POST /__emulator/users/{sub}/value_points` | `{"sku", "amount"}` | `{"sku", "balance"}` |
//! | `POST /__emulator/users/{sub}/grant` | `{"sku", "quantity"}` | `{"items": [{"sku", "quantity"}]}`: the inventory after the grant (virtual currency, say) |
//! | `GET /__emulator/orders?user=&limit=` | | `{"orders": [order]}`, newest first (limit 100 by default) |
//! | `GET /__emulator/orders/{order_id}` | | `{"order_id", "user", "kind", "status", "items", "content", "created_at", "paid_at"}` |
//! | `POST /__emulator/orders/{order_id}/pay` | `?deliver=false` marks it `paid` only | `{"order_id", "user", "status", "granted"}`; 409 when canceled |
//! | `POST /__emulator/orders/{order_id}/cancel` | | as pay; 409 when paid |
//! | `POST /__emulator/orders/{order_id}/token` | | `{"token", "checkout"}`: a fresh single-use checkout link |
//! | `GET /__emulator/users` | | `{"users": [{"sub", "attributes", "inventory", "value_points"}]}` |
//! | `POST /__emulator/users/{sub}/carts/{cart_id}/pay` | | `{"cart_id", "user", "granted": [{"sku", "quantity"}]}` |
//! | `POST /__emulator/items` | an item of the seed format | `{"item_id"}` |
//! | `GET`/`PUT`/`DELETE /__emulator/faults` | `{"latency_ms", "error_rate", "drop_rate"}` | the faults |
//! | `POST /__emulator/reset` | | 204: seed reloaded, clock and faults back to normal |
//! | `POST /__emulator/login/users/{username}/confirm` | | `{"id", "username", "confirmed"}` |
//! | `GET`/`PUT /__emulator/login/clients/{client_id}` | `{"expires_in"?, "email_confirmation"?, "redirect_uris"?}` | the Login client |

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::{AppState, Faults};
use crate::store::catalog::{self, ItemInput};
use crate::store::{codes, inventory, orders};

/// Default lifetime of a minted token: one day, like Xsolla Login's.
pub const DEFAULT_TOKEN_TTL: i64 = 86_400;

/// The control routes, to be nested under `/__emulator`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/token", post(token))
        .route("/clock", get(clock).put(set_clock))
        .route("/clock/advance", post(advance))
        .route("/users/{sub}/inventory", get(user_inventory))
        .route(
            "/users/{sub}/attributes",
            get(get_attributes).put(set_attributes),
        )
        .route("/users/{sub}/value_points", post(value_points))
        .route("/users/{sub}/grant", post(grant))
        .route("/orders", get(list_orders))
        .route("/orders/{order_id}", get(get_order))
        .route("/orders/{order_id}/pay", post(pay))
        .route("/orders/{order_id}/cancel", post(cancel))
        .route("/orders/{order_id}/token", post(checkout_token))
        .route("/users", get(users))
        .route("/users/{sub}/carts/{cart_id}/pay", post(pay_cart))
        .route("/items", post(put_item))
        .route(
            "/faults",
            get(get_faults).put(set_faults).delete(clear_faults),
        )
        .route("/reset", post(reset))
        .nest("/login", crate::login::control::routes())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    sub: String,
    #[serde(default)]
    ttl_seconds: Option<i64>,
    #[serde(default)]
    attributes: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct TokenAnswer {
    token: String,
}

async fn token(
    State(s): State<AppState>,
    JsonBody(req): JsonBody<TokenRequest>,
) -> ApiResult<Json<TokenAnswer>> {
    if req.sub.trim().is_empty() || req.sub.len() > 255 {
        return Err(ApiError::validation(
            "sub",
            "The property `sub` must be 1 to 255 characters long",
        ));
    }
    let ttl = req.ttl_seconds.unwrap_or(DEFAULT_TOKEN_TTL);
    if ttl <= 0 {
        return Err(ApiError::validation(
            "ttl_seconds",
            "The property `ttl_seconds` must be positive",
        ));
    }
    if let Some(attrs) = &req.attributes {
        s.store()
            .lock()
            .write(|tx, _| inventory::set_attributes(tx, &req.sub, attrs))?;
    }
    let token = s.keys().mint(&req.sub, s.clock().now_unix(), ttl)?;
    Ok(Json(TokenAnswer { token }))
}

#[derive(Serialize)]
struct ClockAnswer {
    now: i64,
    offset_seconds: i64,
}

async fn clock(State(s): State<AppState>) -> Json<ClockAnswer> {
    Json(ClockAnswer {
        now: s.clock().now_unix(),
        offset_seconds: s.clock().offset_seconds(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetClock {
    now: i64,
}

async fn set_clock(
    State(s): State<AppState>,
    JsonBody(req): JsonBody<SetClock>,
) -> Json<ClockAnswer> {
    s.clock().set_unix(req.now);
    clock(State(s)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

async fn advance(State(s): State<AppState>, JsonBody(req): JsonBody<Advance>) -> Json<ClockAnswer> {
    s.clock().advance(req.seconds);
    clock(State(s)).await
}

async fn user_inventory(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<Value>> {
    let sub = p.text("sub")?;
    let items = inventory::inventory(&s.store().lock().conn, sub)?;
    let items: Vec<Value> = items
        .into_iter()
        .map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity}))
        .collect();
    Ok(Json(json!({ "items": items })))
}

async fn get_attributes(
    State(s): State<AppState>,
    p: PathParams,
) -> ApiResult<Json<Map<String, Value>>> {
    let sub = p.text("sub")?;
    Ok(Json(inventory::attributes(&s.store().lock().conn, sub)?))
}

async fn set_attributes(
    State(s): State<AppState>,
    p: PathParams,
    JsonBody(attrs): JsonBody<Map<String, Value>>,
) -> ApiResult<Json<Map<String, Value>>> {
    let sub = p.text("sub")?;
    s.store()
        .lock()
        .write(|tx, _| inventory::set_attributes(tx, sub, &attrs))?;
    Ok(Json(attrs))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuePoints {
    sku: String,
    amount: i64,
}

async fn value_points(
    State(s): State<AppState>,
    p: PathParams,
    JsonBody(req): JsonBody<ValuePoints>,
) -> ApiResult<Json<Value>> {
    let sub = p.text("sub")?;
    if !catalog::valid_sku(&req.sku) {
        return Err(ApiError::validation(
            "sku",
            "The property `sku` is not a valid SKU",
        ));
    }
    let now = s.clock().now_unix();
    let balance = s
        .store()
        .lock()
        .write(|tx, _| inventory::add_value_points(tx, sub, &req.sku, req.amount, now))?;
    Ok(Json(json!({"sku": req.sku, "balance": balance})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grant {
    sku: String,
    quantity: i64,
}

async fn grant(
    State(s): State<AppState>,
    p: PathParams,
    JsonBody(req): JsonBody<Grant>,
) -> ApiResult<Json<Value>> {
    let sub = p.text("sub")?;
    if req.quantity < 1 {
        return Err(ApiError::validation(
            "quantity",
            "The property `quantity` must be at least 1",
        ));
    }
    let now = s.clock().now_unix();
    s.store().lock().write(|tx, cache| {
        if !cache.items.contains_key(&req.sku) {
            return Err(ApiError::not_found(format!(
                "Item with sku = '{}' not found",
                req.sku
            )));
        }
        inventory::grant(tx, cache, sub, &req.sku, req.quantity, "control", now)
    })?;
    user_inventory(State(s), p).await
}

async fn pay(
    State(s): State<AppState>,
    p: PathParams,
    q: Params,
) -> ApiResult<Json<orders::Payment>> {
    let order_id = p.id("order_id", "Order not found")?;
    let deliver = q.flag("deliver")?.unwrap_or(true);
    let now = s.clock().now_unix();
    let payment = s.store().lock().write(|tx, cache| {
        if deliver {
            orders::pay(tx, cache, order_id, now)
        } else {
            orders::mark_paid(tx, order_id, now)
        }
    })?;
    Ok(Json(payment))
}

async fn cancel(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<orders::Payment>> {
    let order_id = p.id("order_id", "Order not found")?;
    let now = s.clock().now_unix();
    let outcome = s
        .store()
        .lock()
        .write(|tx, _| orders::cancel(tx, order_id, now))?;
    Ok(Json(outcome))
}

async fn checkout_token(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<Value>> {
    let order_id = p.id("order_id", "Order not found")?;
    let now = s.clock().now_unix();
    let token = s.store().lock().write(|tx, _| {
        let order = orders::row(tx, order_id)?.ok_or_else(orders::not_found)?;
        if order.status != "new" {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                0,
                "Only a new order can be paid",
            ));
        }
        orders::issue_token(tx, order_id, now)
    })?;
    let checkout = crate::web::checkout_path(&token);
    Ok(Json(json!({"token": token, "checkout": checkout})))
}

/// An order as the control API and the dashboard show it.
pub(crate) fn order_json(conn: &rusqlite::Connection, row: &orders::OrderRow) -> ApiResult<Value> {
    let content = orders::content(conn, row)?;
    let items: Vec<Value> = row
        .items
        .iter()
        .map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity}))
        .collect();
    Ok(json!({
        "order_id": row.order_id,
        "user": row.sub,
        "kind": row.kind,
        "status": row.status,
        "items": items,
        "content": content,
        "created_at": row.created_at,
        "paid_at": row.paid_at,
    }))
}

async fn list_orders(State(s): State<AppState>, q: Params) -> ApiResult<Json<Value>> {
    let limit = q.uint("limit")?.unwrap_or(100).clamp(1, 1000);
    let user = q.0.get("user").map(String::as_str);
    let db = s.store().lock();
    let rows = orders::list(&db.conn, user, i64::try_from(limit).unwrap_or(1000))?;
    let list = rows
        .iter()
        .map(|r| order_json(&db.conn, r))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(json!({ "orders": list })))
}

async fn get_order(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<Value>> {
    let order_id = p.id("order_id", "Order not found")?;
    let db = s.store().lock();
    let row = orders::row(&db.conn, order_id)?.ok_or_else(orders::not_found)?;
    Ok(Json(order_json(&db.conn, &row)?))
}

async fn users(State(s): State<AppState>) -> ApiResult<Json<Value>> {
    let db = s.store().lock();
    let list = inventory::players(&db.conn)?
        .into_iter()
        .map(|p| {
            let items: Vec<Value> = p
                .inventory
                .iter()
                .map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity}))
                .collect();
            let points: Vec<Value> = p
                .value_points
                .iter()
                .map(|(sku, amount)| json!({"sku": sku, "balance": amount}))
                .collect();
            json!({"sub": p.sub, "attributes": p.attributes, "inventory": items, "value_points": points})
        })
        .collect::<Vec<_>>();
    Ok(Json(json!({ "users": list })))
}

/// Pays a player's cart (`current` or a cart id): grants the bonus items of the promo code
/// applied to it and turns the code's reserved use into a redemption.
async fn pay_cart(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<Value>> {
    let sub = p.text("sub")?;
    let cart_id = p.text("cart_id")?;
    let now = s.clock().now_unix();
    let granted = s
        .store()
        .lock()
        .write(|tx, cache| codes::pay_cart(tx, cache, sub, cart_id, now))?;
    let granted: Vec<Value> = granted
        .into_iter()
        .map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity}))
        .collect();
    Ok(Json(
        json!({"cart_id": cart_id, "user": sub, "granted": granted}),
    ))
}

async fn put_item(
    State(s): State<AppState>,
    JsonBody(item): JsonBody<ItemInput>,
) -> ApiResult<Json<Value>> {
    let id = s
        .store()
        .lock()
        .write_definitions(|tx, _| catalog::upsert(tx, &item))?;
    Ok(Json(json!({"item_id": id})))
}

async fn get_faults(State(s): State<AppState>) -> Json<Faults> {
    Json(s.faults())
}

async fn set_faults(
    State(s): State<AppState>,
    JsonBody(faults): JsonBody<Faults>,
) -> ApiResult<Json<Faults>> {
    check_faults(&faults)?;
    s.set_faults(faults);
    Ok(Json(faults))
}

/// 422 for rates outside 0..=1 or a latency over a minute.
pub(crate) fn check_faults(faults: &Faults) -> ApiResult<()> {
    for (name, rate) in [
        ("error_rate", faults.error_rate),
        ("drop_rate", faults.drop_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(ApiError::validation(
                name,
                format!("The property `{name}` must be between 0 and 1"),
            ));
        }
    }
    if faults.latency_ms > 60_000 {
        return Err(ApiError::validation(
            "latency_ms",
            "The property `latency_ms` must be at most 60000",
        ));
    }
    Ok(())
}

async fn clear_faults(State(s): State<AppState>) -> Json<Faults> {
    s.set_faults(Faults::default());
    Json(Faults::default())
}

async fn reset(State(s): State<AppState>) -> ApiResult<StatusCode> {
    s.clock().reset();
    s.set_faults(Faults::default());
    s.store()
        .reset(&s.config().seed, s.clock().now_unix())
        .map_err(|e| ApiError::internal("reset", e))?;
    Ok(StatusCode::NO_CONTENT)
}
