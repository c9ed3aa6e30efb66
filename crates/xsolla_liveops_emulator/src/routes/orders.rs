//! Orders and item purchases: the order-status call, real-money item orders (paid in Pay
//! Station, here the emulator's own checkout page) and virtual-currency purchases.

use axum::Json;
use axum::extract::State;
use axum::routing::{get, post};
use xsolla_liveops::models::offer::PaymentToken;
use xsolla_liveops::models::orders::{
    ItemOrder, ItemPurchase, Order, VirtualOrder, VirtualPurchase,
};

use super::Routes;
use crate::auth::User;
use crate::error::ApiResult;
use crate::extract::{OptionalJsonBody, PathParams};
use crate::state::AppState;
use crate::store::orders;

/// The order and purchase routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/order/{order_id}", get(get_order))
        .route("/payment/item/{item_sku}", post(buy))
        .route(
            "/payment/item/{item_sku}/virtual/{virtual_currency_sku}",
            post(buy_virtual),
        )
}

async fn get_order(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
) -> ApiResult<Json<Order>> {
    let order_id: i64 = p
        .text("order_id")?
        .parse()
        .map_err(|_| orders::not_found())?;
    let db = s.store().lock();
    Ok(Json(orders::view(&db.conn, &sub, order_id)?))
}

async fn buy(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
    OptionalJsonBody(body): OptionalJsonBody<ItemPurchase>,
) -> ApiResult<Json<ItemOrder>> {
    let sku = p.text("item_sku")?.to_owned();
    let quantity = body.and_then(|b| b.quantity).unwrap_or(1);
    let project = s.config().project_id.0;
    let now = s.clock().now_unix();
    let (order_id, token) = s
        .store()
        .lock()
        .write(|tx, cache| orders::buy_item(tx, cache, project, &sub, &sku, quantity, now))?;
    Ok(Json(ItemOrder {
        order_id,
        token: PaymentToken::new(token),
    }))
}

async fn buy_virtual(
    State(s): State<AppState>,
    User(sub): User,
    p: PathParams,
    OptionalJsonBody(_body): OptionalJsonBody<VirtualPurchase>,
) -> ApiResult<Json<VirtualOrder>> {
    let sku = p.text("item_sku")?.to_owned();
    let currency = p.text("virtual_currency_sku")?.to_owned();
    let project = s.config().project_id.0;
    let now = s.clock().now_unix();
    let order_id = s.store().lock().write(|tx, cache| {
        orders::buy_with_virtual_currency(tx, cache, project, &sub, &sku, &currency, now)
    })?;
    Ok(Json(VirtualOrder { order_id }))
}
