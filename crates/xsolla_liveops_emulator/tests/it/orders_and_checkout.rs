//! Orders, item purchases, the Pay Station stand-in and the dashboard: one order state machine
//! (`new` → `paid` → `done`, or `canceled`) whatever bought it, single-use tokens bound to
//! their order, exactly one grant however many tabs pay, virtual-currency balances, and pages
//! that say clearly why a link opens nothing. The typed client's order calls run against the
//! emulator over real HTTP here too.

use crate::common::*;
use reqwest::Method;
use serde_json::{Value, json};
use xsolla_liveops::models::orders::OrderStatus;
use xsolla_liveops::{OrderId, StepNumber};

const PAYS: &str = "4111 1111 1111 1111";
const DECLINED: &str = "4000 0000 0000 0002";

/// A catalog item with a real price and a price in gems, added through the control API.
async fn add_elixir(h: &Harness) {
    let item = json!({"sku": "elixir", "name": {"en": "Elixir"}, "type": "virtual_good",
        "image_url": "https://img/elixir.png",
        "price": {"amount": "2.50", "currency": "USD"},
        "virtual_prices": [{"sku": "gems", "amount": 30, "is_default": true}]});
    let (status, _, _) = h
        .raw(
            Method::POST,
            &h.url("/__emulator/items"),
            None,
            Some(&item.to_string()),
        )
        .await;
    assert_eq!(status, 200);
}

/// Buys `sku` for real money as `sub`: (order id, token).
async fn buy(h: &Harness, sub: &str, sku: &str) -> (i64, String) {
    let (status, body, _) = h
        .raw(
            Method::POST,
            &h.v2(&format!("/payment/item/{sku}")),
            h.bearer(sub),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    (
        body["order_id"].as_i64().unwrap(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

async fn order_status(h: &Harness, sub: &str, order_id: i64) -> (u16, Value) {
    let (status, body, _) = h
        .raw(
            Method::GET,
            &h.v2(&format!("/order/{order_id}")),
            h.bearer(sub),
            None,
        )
        .await;
    (status, body)
}

/// A page: (status, HTML).
async fn get_page(h: &Harness, path: &str) -> (u16, String) {
    let resp = h.http.get(h.url(path)).send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// A plain HTML form POST, as a browser sends it: (status, HTML).
async fn post_form(h: &Harness, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", xsolla_liveops::segment(v)))
        .collect::<Vec<_>>()
        .join("&");
    let resp = h
        .http
        .post(h.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

async fn pay_on_page(h: &Harness, token: &str, card: &str) -> (u16, String) {
    post_form(
        h,
        "/paystation4/pay",
        &[
            ("token", token),
            ("card_number", card),
            ("expiry", "12/30"),
            ("cvc", "123"),
            ("holder", "Test Player"),
        ],
    )
    .await
}

fn checkout(token: &str) -> String {
    format!("/paystation4/?token={token}")
}

#[test]
fn the_order_status_reads_new_paid_done_and_canceled() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (id, _) = buy(&h, "p1", "sword").await;
        let (status, body) = order_status(&h, "p1", id).await;
        assert_eq!(status, 200);
        assert_eq!(body["status"], "new");
        assert_eq!(body["content"]["price"]["amount"], "9.99");
        assert_eq!(body["content"]["price"]["currency"], "USD");
        assert_eq!(body["content"]["items"][0]["sku"], "sword");
        assert_eq!(body["content"]["is_free"], false);

        let pay = h.url(&format!("/__emulator/orders/{id}/pay"));
        let (status, body, _) = h
            .raw(Method::POST, &format!("{pay}?deliver=false"), None, None)
            .await;
        assert_eq!((status, body["status"].clone()), (200, json!("paid")));
        assert_eq!(order_status(&h, "p1", id).await.1["status"], "paid");
        assert_eq!(h.quantity("p1", "sword"), 0, "paid is not yet delivered");
        let (_, body, _) = h.raw(Method::POST, &pay, None, None).await;
        assert_eq!(body["granted"], true);
        assert_eq!(order_status(&h, "p1", id).await.1["status"], "done");
        assert_eq!(h.quantity("p1", "sword"), 1);

        let (other, _) = buy(&h, "p1", "shield").await;
        let cancel = h.url(&format!("/__emulator/orders/{other}/cancel"));
        let (status, body, _) = h.raw(Method::POST, &cancel, None, None).await;
        assert_eq!((status, body["status"].clone()), (200, json!("canceled")));
        assert_eq!(order_status(&h, "p1", other).await.1["status"], "canceled");
        let other_pay = h.url(&format!("/__emulator/orders/{other}/pay"));
        let (status, _, _) = h.raw(Method::POST, &other_pay, None, None).await;
        assert_eq!(status, 409, "a canceled order cannot be paid");
        let (status, _, _) = h
            .raw(
                Method::POST,
                &h.url(&format!("/__emulator/orders/{id}/cancel")),
                None,
                None,
            )
            .await;
        assert_eq!(status, 409, "a done order cannot be canceled");
        assert_eq!(h.quantity("p1", "shield"), 0);

        // Another player's order, and no order at all, are "not found" (9001).
        for (sub, order) in [("p2", id), ("p1", 987_654)] {
            let (status, body) = order_status(&h, sub, order).await;
            assert_eq!(status, 404);
            assert_eq!(body["errorCode"], 9001);
            assert_eq!(body["errorMessage"], "[0401-9001]: Order not found");
        }
    });
}

#[test]
fn the_same_order_paid_from_many_tabs_at_once_grants_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (id, token) = buy(&h, "p1", "sword").await;
        // Two tabs (and more) open the same checkout, then all press Pay together; the control
        // API's pay joins in.
        for _ in 0..2 {
            assert_eq!(get_page(&h, &checkout(&token)).await.0, 200);
        }
        let tabs = (0..8).map(|_| {
            let http = h.http.clone();
            let url = h.url("/paystation4/pay");
            let body = format!("token={token}&card_number=4111111111111111&expiry=12%2F30&cvc=123");
            async move {
                let resp = http
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                (resp.status().as_u16(), resp.text().await.unwrap())
            }
        });
        let control_url = h.url(&format!("/__emulator/orders/{id}/pay"));
        let control = h.raw(Method::POST, &control_url, None, None);
        let (pages, (_, control_body, _)) = tokio::join!(futures_join_all(tabs), control);
        let complete = pages
            .iter()
            .filter(|(s, html)| *s == 200 && html.contains("Payment complete"))
            .count();
        let granted_by_control = control_body["granted"] == true;
        assert_eq!(
            complete + usize::from(granted_by_control),
            1,
            "exactly one payment wins: {pages:?} {control_body}"
        );
        for (status, html) in &pages {
            if !html.contains("Payment complete") {
                assert!(matches!(status, 409 | 410), "{status}: {html}");
            }
        }
        assert_eq!(h.quantity("p1", "sword"), 1, "one grant");
        assert_eq!(order_status(&h, "p1", id).await.1["status"], "done");
    });
}

/// `join_all` without a futures dependency: the futures run concurrently on the runtime.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[test]
fn a_token_is_single_use_bound_to_its_order_and_expires() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (a, token_a) = buy(&h, "p1", "sword").await;
        let (b, token_b) = buy(&h, "p1", "shield").await;
        let (status, html) = get_page(&h, &checkout(&token_a)).await;
        assert_eq!(status, 200);
        assert!(html.contains("Sword") && html.contains("$9.99"), "{html}");
        assert!(html.contains(&format!("Order {a}")));

        let (status, html) = pay_on_page(&h, &token_a, PAYS).await;
        assert_eq!(status, 200);
        assert!(html.contains("Payment complete — return to the game"));
        assert_eq!(order_status(&h, "p1", a).await.1["status"], "done");
        assert_eq!(
            order_status(&h, "p1", b).await.1["status"],
            "new",
            "token A pays order A only"
        );

        // Used: the page says so, and paying again changes nothing.
        let (status, html) = get_page(&h, &checkout(&token_a)).await;
        assert_eq!(status, 410);
        assert!(html.contains("already used"), "{html}");
        let (status, _) = pay_on_page(&h, &token_a, PAYS).await;
        assert_eq!(status, 410);
        assert_eq!(h.quantity("p1", "sword"), 1);

        // Unknown.
        let (status, html) = get_page(&h, &checkout("nope")).await;
        assert_eq!(status, 404);
        assert!(html.contains("Payment link not found"));
        let (status, _) = get_page(&h, "/paystation4/").await;
        assert_eq!(status, 400);

        // Expired after a day of emulator time; the order itself stays open.
        h.emu.clock().advance(DAY + 1);
        let (status, html) = get_page(&h, &checkout(&token_b)).await;
        assert_eq!(status, 410);
        assert!(html.contains("expired"), "{html}");
        let (status, _) = pay_on_page(&h, &token_b, PAYS).await;
        assert_eq!(status, 410);
        assert_eq!(order_status(&h, "p1", b).await.1["status"], "new");

        // A fresh link for the same order works (the dashboard's "Checkout").
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.url(&format!("/__emulator/orders/{b}/token")),
                None,
                None,
            )
            .await;
        assert_eq!(status, 200);
        let fresh = body["checkout"].as_str().unwrap().to_owned();
        assert_eq!(get_page(&h, &fresh).await.0, 200);
        // A settled order's link says so.
        h.emu.cancel_order(b).unwrap();
        let (status, html) = get_page(&h, &fresh).await;
        assert_eq!(status, 409);
        assert!(html.contains("canceled"), "{html}");
    });
}

#[test]
fn a_declined_card_changes_nothing_and_the_link_still_works() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (id, token) = buy(&h, "p1", "sword").await;
        for card in [DECLINED, "5555 5555 5555 4444", ""] {
            let (status, html) = pay_on_page(&h, &token, card).await;
            assert_eq!(status, 402, "{card}");
            assert!(html.contains("Payment declined"), "{html}");
            assert_eq!(order_status(&h, "p1", id).await.1["status"], "new");
        }
        assert_eq!(h.quantity("p1", "sword"), 0);
        assert_eq!(get_page(&h, &checkout(&token)).await.0, 200);
        let (status, _) = pay_on_page(&h, &token, PAYS).await;
        assert_eq!(status, 200);
        assert_eq!(h.quantity("p1", "sword"), 1);
    });
}

#[test]
fn a_canceled_checkout_cancels_the_order_and_uses_the_token() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (id, token) = buy(&h, "p1", "sword").await;
        let (status, html) = post_form(&h, "/paystation4/cancel", &[("token", &token)]).await;
        assert_eq!(status, 200);
        assert!(html.contains("Payment canceled"), "{html}");
        assert_eq!(order_status(&h, "p1", id).await.1["status"], "canceled");
        let (status, _) = pay_on_page(&h, &token, PAYS).await;
        assert_eq!(status, 410);
        assert!(
            h.emu.pay_order(id).is_err(),
            "a canceled order cannot be paid"
        );
        assert_eq!(h.quantity("p1", "sword"), 0);
    });
}

#[test]
fn virtual_currency_purchases_debit_the_balance_and_refuse_when_short() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        add_elixir(&h).await;
        h.grant("p1", "gems", 50).await;
        let c = h.client("p1");

        let order = c
            .orders()
            .buy_with_virtual_currency("elixir", "gems")
            .send()
            .await
            .unwrap();
        assert_eq!(
            (h.quantity("p1", "gems"), h.quantity("p1", "elixir")),
            (20, 1)
        );
        let read = c.orders().get(order.order_id).send().await.unwrap();
        assert_eq!(read.status, OrderStatus::Done);
        let vp = read.content.virtual_price.unwrap();
        assert_eq!((vp.amount.as_str(), vp.currency.as_str()), ("30", "gems"));

        // 20 gems do not cover 30: 422 / 5006, nothing moves.
        let err = c
            .orders()
            .buy_with_virtual_currency("elixir", "gems")
            .send()
            .await
            .unwrap_err();
        let api = err.api().unwrap();
        assert!(api.is_not_enough_virtual_currency(), "{err:?}");
        assert_eq!(
            api.body.as_ref().unwrap().error_message,
            "[0401-5006]: Not enough virtual currency"
        );
        assert_eq!(
            (h.quantity("p1", "gems"), h.quantity("p1", "elixir")),
            (20, 1)
        );

        // A currency the item has no price in, and an unknown item.
        let err = c
            .orders()
            .buy_with_virtual_currency("elixir", "gold")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api().unwrap().status, 422);
        let err = c
            .orders()
            .buy_with_virtual_currency("nothing", "gems")
            .send()
            .await
            .unwrap_err();
        assert!(err.api().unwrap().is_not_found());
        assert_eq!(err.api().unwrap().error_code(), Some(4001));

        // Concurrent purchases never overdraw: 50 gems buy exactly one more elixir... after
        // topping up to 60, ten racing buys get two.
        h.grant("p1", "gems", 40).await;
        let buys = (0..10).map(|_| {
            let c = c.clone();
            async move {
                c.orders()
                    .buy_with_virtual_currency("elixir", "gems")
                    .send()
                    .await
                    .is_ok()
            }
        });
        let ok = futures_join_all(buys)
            .await
            .into_iter()
            .filter(|b| *b)
            .count();
        assert_eq!(ok, 2);
        assert_eq!(
            (h.quantity("p1", "gems"), h.quantity("p1", "elixir")),
            (0, 3)
        );
    });
}

#[test]
fn the_typed_client_buys_for_real_money_and_tracks_the_order() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        add_elixir(&h).await;
        let c = h.client("p1");
        let mut buy = c.orders().buy("elixir");
        buy.endpoint_mut().body.quantity = Some(3);
        let order = buy.send().await.unwrap();
        let url = order.paystation_url_at(&h.emu.paystation_base_url());
        let page = h.http.get(&url).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Elixir") && html.contains("× 3") && html.contains("$7.50"),
            "{html}"
        );
        assert!(
            html.contains("https://img/elixir.png"),
            "the item's picture is shown"
        );

        let read = c.orders().get(order.order_id).send().await.unwrap();
        assert_eq!(read.status, OrderStatus::New);
        assert_eq!(read.content.price.unwrap().amount.as_str(), "7.50");
        assert!(h.emu.pay_order(order.order_id.0).unwrap());
        let read = c.orders().get(order.order_id).send().await.unwrap();
        assert_eq!(read.status, OrderStatus::Done);
        assert!(read.status.is_final());
        assert_eq!(h.quantity("p1", "elixir"), 3);

        // Free items and zero quantities are refused.
        let err = c.orders().buy("potion").send().await.unwrap_err();
        assert_eq!(err.api().unwrap().error_code(), Some(1411));
        let mut zero = c.orders().buy("elixir");
        zero.endpoint_mut().body.quantity = Some(0);
        assert!(
            zero.send()
                .await
                .unwrap_err()
                .api()
                .unwrap()
                .is_validation()
        );
        let err = c.orders().get(OrderId(987_654)).send().await.unwrap_err();
        assert!(err.api().unwrap().is_not_found());
    });
}

#[test]
fn an_offer_chain_order_is_paid_on_the_checkout_page_and_takes_its_step() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        c.offer_chains().claim(id, 1).send().await.unwrap();
        let order = c.offer_chains().order(id, 2).send().await.unwrap();
        let read = c.orders().get(order.order_id).send().await.unwrap();
        assert_eq!(read.status, OrderStatus::New);
        assert_eq!(read.content.price.unwrap().amount.as_str(), "9.99");

        let token = order.token.expose_secret().to_owned();
        let (status, _) = pay_on_page(&h, &token, PAYS).await;
        assert_eq!(status, 200);
        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert!(chain.steps[1].is_claimed);
        assert_eq!(chain.next_step_number, Some(StepNumber(3)));
        assert_eq!(h.quantity("p1", "sword"), 1);
        let read = c.orders().get(order.order_id).send().await.unwrap();
        assert_eq!(read.status, OrderStatus::Done);
        // The free claim's order reads as a done, free order.
        let claimed = c.orders().get(read.order_id.0 - 1).send().await.unwrap();
        assert_eq!(claimed.status, OrderStatus::Done);
        assert!(claimed.content.is_free);
    });
}

#[test]
fn two_orders_for_one_step_paid_in_two_checkouts_grant_the_step_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        c.offer_chains().claim(id, 1).send().await.unwrap();
        // The player opens the checkout twice (closed the first page, ordered again).
        let first = c.offer_chains().order(id, 2).send().await.unwrap();
        let second = c.offer_chains().order(id, 2).send().await.unwrap();
        assert_ne!(first.order_id, second.order_id);

        let (status, _) = pay_on_page(&h, second.token.expose_secret(), PAYS).await;
        assert_eq!(status, 200);
        let (status, page) = pay_on_page(&h, first.token.expose_secret(), PAYS).await;
        assert_eq!(status, 409, "{page}");
        assert!(page.contains("already bought"), "{page}");

        assert_eq!(h.quantity("p1", "sword"), 1, "the step once");
        let read = |order: OrderId| c.orders().get(order).send();
        assert_eq!(
            read(second.order_id).await.unwrap().status,
            OrderStatus::Done
        );
        assert_eq!(
            read(first.order_id).await.unwrap().status,
            OrderStatus::Canceled
        );
    });
}

#[test]
fn the_dashboard_shows_players_and_orders_and_steers_the_emulator() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (id, _) = buy(&h, "p1", "sword").await;
        let (status, html) = get_page(&h, "/").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("p1") && html.contains(&format!("#{id}")),
            "{html}"
        );
        assert!(
            html.contains("2025-01-01 00:01:00 UTC"),
            "the server clock is shown"
        );

        // Pay from the dashboard: a form POST, then back to the dashboard.
        let (status, html) = post_form(&h, &format!("/dashboard/orders/{id}/pay"), &[]).await;
        assert_eq!(status, 200, "the redirect lands on the dashboard");
        assert!(html.contains(&format!("Order {id} paid")), "{html}");
        assert_eq!(h.quantity("p1", "sword"), 1);
        let (_, html) = get_page(&h, "/").await;
        assert!(html.contains("sword × 1"));

        // Time travel.
        post_form(&h, "/dashboard/clock/advance", &[("seconds", "86400")]).await;
        assert_eq!(h.emu.clock().now_unix(), T0 + 60 + DAY);
        let (_, html) = post_form(&h, "/dashboard/clock/set", &[("now", "2025-03-01T10:00")]).await;
        assert!(html.contains("2025-03-01 10:00:00 UTC"), "{html}");

        // Faults: set, shown, refused when out of range, cleared; the dashboard itself is
        // never faulted.
        post_form(
            &h,
            "/dashboard/faults",
            &[("latency_ms", "0"), ("error_rate", "1"), ("drop_rate", "0")],
        )
        .await;
        let (status, _) = get_page(&h, "/").await;
        assert_eq!(status, 200);
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/offer_chain"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 503);
        let (_, html) = post_form(&h, "/dashboard/faults", &[("error_rate", "2")]).await;
        assert!(html.contains("must be between 0 and 1"), "{html}");
        post_form(&h, "/dashboard/faults/clear", &[]).await;
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/offer_chain"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 200);

        // Cancel and checkout links from the dashboard.
        let (other, _) = buy(&h, "p2", "shield").await;
        let (status, html) =
            post_form(&h, &format!("/dashboard/orders/{other}/checkout"), &[]).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Pay by card") && html.contains("Shield"),
            "{html}"
        );
        post_form(&h, &format!("/dashboard/orders/{other}/cancel"), &[]).await;
        assert_eq!(order_status(&h, "p2", other).await.1["status"], "canceled");
        let (_, html) = post_form(&h, &format!("/dashboard/orders/{other}/pay"), &[]).await;
        assert!(html.contains("canceled and cannot be paid"), "{html}");

        // The control API lists the same.
        let (_, body, _) = h
            .raw(
                Method::GET,
                &h.url("/__emulator/orders?user=p2"),
                None,
                None,
            )
            .await;
        assert_eq!(body["orders"].as_array().unwrap().len(), 1);
        assert_eq!(body["orders"][0]["status"], "canceled");
        let (_, body, _) = h
            .raw(Method::GET, &h.url("/__emulator/users"), None, None)
            .await;
        let subs: Vec<&str> = body["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["sub"].as_str().unwrap())
            .collect();
        assert_eq!(subs, ["p1", "p2"]);
    });
}
