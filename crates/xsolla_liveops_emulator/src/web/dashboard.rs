//! The dashboard at `/`: players with their inventories and value-point balances, orders
//! (pay, cancel, open their checkout), the server clock with time travel, and the fault
//! switches. Each form posts to a `/dashboard/…` action that does what the matching control
//! route does, then sends the browser back to `/dashboard/` (303), which is the dashboard
//! whether or not a web game is served at `/`, so no JavaScript is needed.

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;

use super::{checkout_path, page, when};
use crate::control::order_json;
use crate::error::{ApiError, ApiResult};
use crate::extract::PathParams;
use crate::state::{AppState, Faults};
use crate::store::{inventory, orders};

pub(super) fn routes(at_root: bool) -> Router<AppState> {
    let router = Router::new()
        .route("/dashboard", get(dashboard))
        .route("/dashboard/", get(dashboard));
    // A served web game takes `/`; the dashboard stays at `/dashboard/`.
    let router = if at_root {
        router.route("/", get(dashboard))
    } else {
        router
    };
    router
        .route("/dashboard/clock/advance", post(advance))
        .route("/dashboard/clock/set", post(set_clock))
        .route("/dashboard/clock/reset", post(reset_clock))
        .route("/dashboard/faults", post(set_faults))
        .route("/dashboard/faults/clear", post(clear_faults))
        .route("/dashboard/orders/{order_id}/pay", post(pay))
        .route("/dashboard/orders/{order_id}/cancel", post(cancel))
        .route("/dashboard/orders/{order_id}/checkout", post(checkout))
}

#[derive(Debug, Default, Deserialize)]
struct Flash {
    #[serde(default)]
    info: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// 303 to `location`.
fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Back to the dashboard with a message saying how the action went.
fn back(outcome: ApiResult<String>) -> Response {
    match outcome {
        Ok(info) => see_other(&format!(
            "/dashboard/?info={}",
            xsolla_liveops::segment(&info)
        )),
        Err(e) => {
            let text = e.message.split_once("]: ").map_or(&*e.message, |(_, t)| t);
            see_other(&format!(
                "/dashboard/?error={}",
                xsolla_liveops::segment(text)
            ))
        }
    }
}

fn status_badge(status: &str) -> Markup {
    html! { span class=(format!("badge {status}")) { (status) } }
}

async fn dashboard(State(s): State<AppState>, Query(flash): Query<Flash>) -> Response {
    match render(&s, &flash) {
        Ok(body) => page(StatusCode::OK, "LiveOps emulator", body),
        Err(e) => page(
            e.status,
            "LiveOps emulator",
            html! { div.wrap { div.flash.error { (e.message) } } },
        ),
    }
}

fn render(s: &AppState, flash: &Flash) -> ApiResult<Markup> {
    let project = s.config().project_id.0;
    let now = s.clock().now_unix();
    let offset = s.clock().offset_seconds();
    let faults = s.faults();
    let db = s.store().lock();
    let players = inventory::players(&db.conn)?;
    let rows = orders::list(&db.conn, None, 50)?;
    let orders = rows
        .iter()
        .map(|r| order_json(&db.conn, r).map(|j| (r, j)))
        .collect::<ApiResult<Vec<_>>>()?;
    drop(db);
    Ok(html! {
        div.topbar {
            div.brand { "LiveOps " span { "emulator" } }
            div.meta { "Project " (project) " · control API at /__emulator" }
        }
        div.wrap {
            @if let Some(info) = &flash.info { div.flash.info #flash { (info) } }
            @if let Some(error) = &flash.error { div.flash.error #flash { (error) } }
            div.grid {
                div.card #clock {
                    h2 { "Server clock" }
                    div.clock #now { (when(now)) }
                    p.muted.small {
                        @if offset == 0 { "Real time." } @else { "Moved by " (offset) " s from real time." }
                    }
                    div.actions {
                        @for (label, seconds) in [("+1 hour", 3_600), ("+1 day", 86_400), ("+7 days", 604_800)] {
                            form.inline method="post" action="/dashboard/clock/advance" {
                                input type="hidden" name="seconds" value=(seconds);
                                button.small type="submit" { (label) }
                            }
                        }
                        form.inline method="post" action="/dashboard/clock/reset" {
                            button.small.bad type="submit" { "Back to real time" }
                        }
                    }
                    form method="post" action="/dashboard/clock/set" {
                        label for="set_now" { "Jump to (UTC)" }
                        div.row {
                            input #set_now type="datetime-local" name="now" step="1";
                            div { button.small type="submit" { "Set" } }
                        }
                    }
                }
                div.card #faults {
                    h2 { "Faults" }
                    p.muted.small { "Applied to API calls only; never to this page or the control API." }
                    form method="post" action="/dashboard/faults" {
                        div.row {
                            div {
                                label for="latency_ms" { "Latency (ms)" }
                                input #latency_ms type="number" name="latency_ms" min="0" max="60000" value=(faults.latency_ms);
                            }
                            div {
                                label for="error_rate" { "503 rate (0–1)" }
                                input #error_rate type="number" name="error_rate" min="0" max="1" step="0.05" value=(faults.error_rate);
                            }
                            div {
                                label for="drop_rate" { "Drop rate (0–1)" }
                                input #drop_rate type="number" name="drop_rate" min="0" max="1" step="0.05" value=(faults.drop_rate);
                            }
                        }
                        div.actions {
                            button.small.primary type="submit" { "Apply" }
                            button.small type="submit" formaction="/dashboard/faults/clear" { "Clear faults" }
                        }
                    }
                }
            }
            div.card #players {
                h2 { "Players" }
                @if players.is_empty() {
                    p.empty { "No player yet: mint a token with POST /__emulator/token." }
                } @else {
                    table {
                        thead { tr { th { "Player" } th { "Inventory" } th { "Value points" } th { "Attributes" } } }
                        tbody {
                            @for p in &players {
                                tr {
                                    td { strong { (p.sub) } }
                                    td { div.chips {
                                        @for (sku, q) in &p.inventory { span.chip { (sku) " × " (q) } }
                                        @if p.inventory.is_empty() { span.muted.small { "—" } }
                                    } }
                                    td { div.chips {
                                        @for (sku, q) in &p.value_points { span.chip { (sku) ": " (q) } }
                                        @if p.value_points.is_empty() { span.muted.small { "—" } }
                                    } }
                                    td.small.muted {
                                        @if p.attributes.is_empty() { "—" } @else { (serde_json::Value::Object(p.attributes.clone())) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.card #orders {
                h2 { "Orders" }
                @if orders.is_empty() {
                    p.empty { "No order yet." }
                } @else {
                    table {
                        thead { tr { th { "Order" } th { "Player" } th { "Kind" } th { "Items" } th { "Price" } th { "Status" } th { "Created" } th {} } }
                        tbody {
                            @for (row, json) in &orders {
                                tr id=(format!("order-{}", row.order_id)) {
                                    td { "#" (row.order_id) }
                                    td { (row.sub) }
                                    td.small { (row.kind) }
                                    td { div.chips { @for (sku, q) in &row.items { span.chip { (sku) " × " (q) } } } }
                                    td.small { (price_of(json)) }
                                    td.status { (status_badge(&row.status)) }
                                    td.small.muted { (when(row.created_at)) }
                                    td {
                                        @if row.status == "new" || row.status == "paid" {
                                            form.inline method="post" action=(format!("/dashboard/orders/{}/pay", row.order_id)) {
                                                button.small.ok type="submit" { "Pay" }
                                            }
                                        }
                                        @if row.status == "new" {
                                            " "
                                            form.inline method="post" action=(format!("/dashboard/orders/{}/cancel", row.order_id)) {
                                                button.small.bad type="submit" { "Cancel" }
                                            }
                                            " "
                                            form.inline method="post" action=(format!("/dashboard/orders/{}/checkout", row.order_id)) {
                                                button.small type="submit" { "Checkout" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// The price column: real money, virtual currency, or free.
fn price_of(order: &serde_json::Value) -> String {
    let content = &order["content"];
    if let Some(p) = content["price"].as_object() {
        let amount = p.get("amount").and_then(|v| v.as_str()).unwrap_or("");
        let currency = p.get("currency").and_then(|v| v.as_str()).unwrap_or("");
        return format!("{amount} {currency}");
    }
    if let Some(p) = content["virtual_price"].as_object() {
        let amount = p.get("amount").and_then(|v| v.as_str()).unwrap_or("");
        let currency = p.get("currency").and_then(|v| v.as_str()).unwrap_or("");
        return format!("{amount} {currency}");
    }
    "free".to_owned()
}

#[derive(Debug, Deserialize)]
struct Seconds {
    seconds: i64,
}

async fn advance(State(s): State<AppState>, Form(f): Form<Seconds>) -> Response {
    s.clock().advance(f.seconds);
    back(Ok(format!("Clock moved to {}", when(s.clock().now_unix()))))
}

#[derive(Debug, Deserialize)]
struct SetNow {
    now: String,
}

async fn set_clock(State(s): State<AppState>, Form(f): Form<SetNow>) -> Response {
    let parsed = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|fmt| chrono::NaiveDateTime::parse_from_str(f.now.trim(), fmt).ok());
    back(match parsed {
        Some(t) => {
            s.clock().set_unix(t.and_utc().timestamp());
            Ok(format!("Clock set to {}", when(s.clock().now_unix())))
        }
        None => Err(ApiError::validation("now", "Pick a date and a time")),
    })
}

async fn reset_clock(State(s): State<AppState>) -> Response {
    s.clock().reset();
    back(Ok("Clock back to real time".to_owned()))
}

#[derive(Debug, Deserialize)]
struct FaultForm {
    #[serde(default)]
    latency_ms: Option<String>,
    #[serde(default)]
    error_rate: Option<String>,
    #[serde(default)]
    drop_rate: Option<String>,
}

fn number<T: std::str::FromStr + Default>(name: &str, v: Option<&String>) -> ApiResult<T> {
    match v.map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => Ok(T::default()),
        Some(t) => t
            .parse()
            .map_err(|_| ApiError::validation(name, format!("`{name}` is not a number"))),
    }
}

async fn set_faults(State(s): State<AppState>, Form(f): Form<FaultForm>) -> Response {
    let faults = (|| -> ApiResult<Faults> {
        Ok(Faults {
            latency_ms: number("latency_ms", f.latency_ms.as_ref())?,
            error_rate: number("error_rate", f.error_rate.as_ref())?,
            drop_rate: number("drop_rate", f.drop_rate.as_ref())?,
        })
    })();
    back(faults.and_then(|faults| {
        crate::control::check_faults(&faults)?;
        s.set_faults(faults);
        Ok("Faults applied".to_owned())
    }))
}

async fn clear_faults(State(s): State<AppState>) -> Response {
    s.set_faults(Faults::default());
    back(Ok("Faults cleared".to_owned()))
}

async fn pay(State(s): State<AppState>, p: PathParams) -> Response {
    let now = s.clock().now_unix();
    back(p.id("order_id", "Order not found").and_then(|id| {
        let paid = s
            .store()
            .lock()
            .write(|tx, cache| orders::pay(tx, cache, id, now))?;
        Ok(if paid.granted {
            format!("Order {id} paid: its items were granted to {}", paid.user)
        } else {
            format!("Order {id} was already {}", paid.status)
        })
    }))
}

async fn cancel(State(s): State<AppState>, p: PathParams) -> Response {
    let now = s.clock().now_unix();
    back(p.id("order_id", "Order not found").and_then(|id| {
        s.store()
            .lock()
            .write(|tx, _| orders::cancel(tx, id, now))?;
        Ok(format!("Order {id} canceled"))
    }))
}

async fn checkout(State(s): State<AppState>, p: PathParams) -> Response {
    let now = s.clock().now_unix();
    let token = p.id("order_id", "Order not found").and_then(|id| {
        s.store().lock().write(|tx, _| {
            let order = orders::row(tx, id)?.ok_or_else(orders::not_found)?;
            if order.status != "new" {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    0,
                    "Only a new order can be paid",
                ));
            }
            orders::issue_token(tx, id, now)
        })
    });
    match token {
        Ok(token) => see_other(&checkout_path(&token)),
        Err(e) => back(Err(e)),
    }
}
