//! The Pay Station stand-in: the checkout page a payment token opens, a sandbox card form, and
//! the pages after it (complete, declined, canceled, and a clear page for a token that is
//! unknown, expired or already used).
//!
//! Test cards (any future expiry, any three-digit CVC, any name):
//! - [`CARD_PAYS`] pays: the order is paid and delivered, once, and the token is used up;
//! - [`CARD_DECLINED`] is declined: nothing changes, the token still opens the checkout;
//! - any other number is declined as not a sandbox card.

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;
use xsolla_liveops::models::orders::OrderContent;

use super::{checkout_path, page, when};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::Cache;
use crate::store::orders::{self, OrderRow, TokenState};

/// The test card that pays.
pub const CARD_PAYS: &str = "4111111111111111";
/// The test card that is declined.
pub const CARD_DECLINED: &str = "4000000000000002";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/paystation4/", get(checkout))
        .route("/paystation4", get(checkout))
        .route("/paystation4/pay", post(pay))
        .route("/paystation4/cancel", post(cancel))
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PayForm {
    token: String,
    /// Expiry, CVC and name are asked for as a real checkout would, and not checked.
    #[serde(default)]
    card_number: String,
}

#[derive(Debug, Deserialize)]
struct CancelForm {
    token: String,
}

fn header(project: i64) -> Markup {
    html! {
        div.topbar {
            div.brand { "Pay Station " span { "sandbox" } }
            div.meta { "Project " (project) " · local LiveOps emulator" }
        }
    }
}

/// A page for a token that opens nothing, or an error; never a 500 page for the player's sake
/// when the problem is the link.
fn notice(project: i64, status: StatusCode, title: &str, text: &str) -> Response {
    page(
        status,
        title,
        html! {
            (header(project))
            div.wrap.narrow {
                div.card.result.neutral {
                    div.icon { "!" }
                    h1 { (title) }
                    p.muted { (text) }
                    p.small.muted { "Return to the game and start the purchase again for a new payment link." }
                }
            }
        },
    )
}

fn closed_notice(project: i64, state: &TokenState) -> Response {
    match state {
        TokenState::Unknown | TokenState::Open(_) => notice(
            project,
            StatusCode::NOT_FOUND,
            "Payment link not found",
            "This payment link is not valid. It may have been mistyped or belong to another emulator.",
        ),
        TokenState::Expired(_) => notice(
            project,
            StatusCode::GONE,
            "Payment link expired",
            "This payment link has expired: links are valid for 24 hours.",
        ),
        TokenState::Used(order) => notice(
            project,
            StatusCode::GONE,
            "Payment link already used",
            &format!(
                "This payment link was already used: order {} is {}.",
                order.order_id, order.status
            ),
        ),
        TokenState::Closed(order) => notice(
            project,
            StatusCode::CONFLICT,
            "Order already settled",
            &format!(
                "Order {} is {} and can no longer be paid here.",
                order.order_id, order.status
            ),
        ),
    }
}

fn error_page(project: i64, err: &ApiError) -> Response {
    notice(
        project,
        err.status,
        "Something went wrong",
        "The emulator could not complete this request. Try again from the game.",
    )
}

fn item_name(cache: &Cache, sku: &str) -> String {
    cache
        .items
        .get(sku)
        .and_then(|i| i.input.name.resolve("en").map(str::to_owned))
        .unwrap_or_else(|| sku.to_owned())
}

fn price_text(amount: &str, currency: &str) -> String {
    match currency {
        "USD" => format!("${amount}"),
        "EUR" => format!("€{amount}"),
        "GBP" => format!("£{amount}"),
        _ => format!("{amount} {currency}"),
    }
}

fn percent_off(content: &OrderContent) -> Option<i64> {
    let price = content.price.as_ref()?;
    let full = price.amount_without_discount.as_ref()?.to_f64();
    let now = price.amount.to_f64();
    (full > now && full > 0.0).then(|| ((full - now) / full * 100.0).round() as i64)
}

/// The order summary: items with pictures and quantities, then the total.
fn summary(cache: &Cache, order: &OrderRow, content: &OrderContent) -> Markup {
    html! {
        h2 { "Your order" }
        p.muted.small { "Order " (order.order_id) " · player " (order.sub) }
        ul.items {
            @for line in &content.items {
                @let item = cache.items.get(&line.sku.0);
                @let name = item_name(cache, &line.sku.0);
                li {
                    @match item.and_then(|i| i.input.image_url.as_deref()) {
                        Some(url) => img.thumb src=(url) alt=(name);
                        None => div.thumb { (name.chars().next().unwrap_or('?')) },
                    }
                    div {
                        div.name { (name) }
                        div.muted.small { (line.sku.0) }
                    }
                    div.qty {
                        div { "× " (line.quantity) }
                        @if let Some(p) = &line.price {
                            div.muted.small { (price_text(p.amount.as_str(), &p.currency)) }
                        }
                    }
                }
            }
        }
        div.total {
            span { "Total" }
            span {
                @if let Some(p) = &content.price {
                    @if let (Some(full), true) = (&p.amount_without_discount, p.is_discounted()) {
                        span.was { (price_text(full.as_str(), &p.currency)) }
                    }
                    span.amount { (price_text(p.amount.as_str(), &p.currency)) }
                } @else {
                    span.amount { "Free" }
                }
            }
        }
        @if let Some(off) = percent_off(content) {
            p { span.badge.discount { "−" (off) "% discount applied" } }
        }
    }
}

fn checkout_page(
    project: i64,
    cache: &Cache,
    token: &str,
    order: &OrderRow,
    content: &OrderContent,
) -> Response {
    let amount = content.price.as_ref().map_or_else(
        || "Free".to_owned(),
        |p| price_text(p.amount.as_str(), &p.currency),
    );
    page(
        StatusCode::OK,
        "Checkout — Pay Station sandbox",
        html! {
            (header(project))
            div.wrap {
                div.checkout {
                    div.card { (summary(cache, order, content)) }
                    div.card {
                        h2 { "Pay by card" }
                        form method="post" action="/paystation4/pay" {
                            input type="hidden" name="token" value=(token);
                            label for="card_number" { "Card number" }
                            input #card_number type="text" name="card_number" inputmode="numeric"
                                autocomplete="off" placeholder="4111 1111 1111 1111";
                            div.row {
                                div {
                                    label for="expiry" { "Expiry (MM/YY)" }
                                    input #expiry type="text" name="expiry" placeholder="12/30" autocomplete="off";
                                }
                                div {
                                    label for="cvc" { "CVC" }
                                    input #cvc type="text" name="cvc" placeholder="123" autocomplete="off";
                                }
                            }
                            label for="holder" { "Cardholder name" }
                            input #holder type="text" name="holder" placeholder="Test Player" autocomplete="off";
                            button.primary.wide #pay type="submit" { "Pay " (amount) }
                        }
                        form method="post" action="/paystation4/cancel" {
                            input type="hidden" name="token" value=(token);
                            button.link #cancel type="submit" { "Cancel and return to the game" }
                        }
                        div.testcards {
                            strong { "Sandbox test cards" }
                            ul {
                                li { code { "4111 1111 1111 1111" } " — the payment succeeds" }
                                li { code { "4000 0000 0000 0002" } " — the payment is declined" }
                            }
                            div.muted.small { "Any future expiry date, any three-digit CVC, any name. No real money moves: this page is the local LiveOps emulator's stand-in for Xsolla Pay Station." }
                        }
                    }
                }
            }
        },
    )
}

/// Renders `render(cache, order, content)` for an open token, or the page that says why the
/// token opens nothing.
fn with_open(
    s: &AppState,
    token: &str,
    render: impl FnOnce(&Cache, &OrderRow, &OrderContent) -> Response,
) -> Response {
    let project = s.config().project_id.0;
    let now = s.clock().now_unix();
    let db = s.store().lock();
    match orders::token_state(&db.conn, token, now) {
        Ok(TokenState::Open(order)) => match orders::content(&db.conn, &order) {
            Ok(content) => render(&db.cache, &order, &content),
            Err(e) => error_page(project, &e),
        },
        Ok(other) => closed_notice(project, &other),
        Err(e) => error_page(project, &e),
    }
}

async fn checkout(State(s): State<AppState>, Query(q): Query<TokenQuery>) -> Response {
    let project = s.config().project_id.0;
    let Some(token) = q.token.filter(|t| !t.is_empty()) else {
        return notice(
            project,
            StatusCode::BAD_REQUEST,
            "No payment link",
            "This page needs a payment token: open it from the game's purchase.",
        );
    };
    with_open(&s, &token, |cache, order, content| {
        checkout_page(project, cache, &token, order, content)
    })
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn result_page(
    project: i64,
    status: StatusCode,
    class: &str,
    icon: &str,
    title: &str,
    body: Markup,
) -> Response {
    page(
        status,
        title,
        html! {
            (header(project))
            div.wrap.narrow {
                div class=(format!("card result {class}")) {
                    div.icon { (icon) }
                    h1 { (title) }
                    (body)
                }
            }
        },
    )
}

fn settle(s: &AppState, token: &str, pay_it: bool) -> ApiResult<(TokenState, bool, i64)> {
    let now = s.clock().now_unix();
    let (state, payment) = s
        .store()
        .lock()
        .write(|tx, cache| orders::redeem_token(tx, cache, token, pay_it, now))?;
    let canceled = payment.is_some_and(|p| p.status == "canceled");
    Ok((state, canceled, now))
}

async fn pay(State(s): State<AppState>, Form(form): Form<PayForm>) -> Response {
    let project = s.config().project_id.0;
    let card = digits(&form.card_number);
    if card != CARD_PAYS {
        // Declined: nothing changes and the same link can be tried again.
        let reason = if card == CARD_DECLINED {
            "The bank declined this card."
        } else if card.is_empty() {
            "Enter a card number."
        } else {
            "This is not one of the sandbox test cards."
        };
        return with_open(&s, &form.token, |_, order, _| {
            result_page(
                project,
                StatusCode::PAYMENT_REQUIRED,
                "bad",
                "✕",
                "Payment declined",
                html! {
                    p { (reason) " Order " (order.order_id) " was not charged and is still open." }
                    p { a.button.primary #retry href=(checkout_path(&form.token)) { "Try another card" } }
                },
            )
        });
    }
    match settle(&s, &form.token, true) {
        Ok((TokenState::Open(order), true, _)) => result_page(
            project,
            StatusCode::CONFLICT,
            "neutral",
            "↩",
            "Already bought — return to the game",
            html! {
                p { "This step was already bought with another order, so order " (order.order_id) " was canceled. Nothing was charged." }
                p.muted.small { "You can close this page." }
            },
        ),
        Ok((TokenState::Open(order), false, paid_at)) => result_page(
            project,
            StatusCode::OK,
            "ok",
            "✓",
            "Payment complete — return to the game",
            html! {
                p { "Order " (order.order_id) " is paid and its items are on their way to " (order.sub) "." }
                p.muted.small { "Paid at " (when(paid_at)) ". You can close this page." }
            },
        ),
        Ok((other, _, _)) => closed_notice(project, &other),
        Err(e) => error_page(project, &e),
    }
}

async fn cancel(State(s): State<AppState>, Form(form): Form<CancelForm>) -> Response {
    let project = s.config().project_id.0;
    match settle(&s, &form.token, false) {
        Ok((TokenState::Open(order), _, _)) => result_page(
            project,
            StatusCode::OK,
            "neutral",
            "↩",
            "Payment canceled — return to the game",
            html! {
                p { "Order " (order.order_id) " was canceled. Nothing was charged." }
                p.muted.small { "You can close this page." }
            },
        ),
        Ok((other, _, _)) => closed_notice(project, &other),
        Err(e) => error_page(project, &e),
    }
}
