//! Orders and item purchases: Xsolla's documented examples through our types, and the calls on
//! the wire.

use crate::common::mock::{MockServer, Reply, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::models::orders::{
    ItemOrder, ItemPurchase, Order, OrderStatus, VirtualOrder, VirtualPurchase,
};
use xsolla_liveops::{Endpoint, OrderId, Sku};

const ORDER: &str = "/v2/project/{project_id}/order/{order_id}";
const BUY: &str = "/v2/project/{project_id}/payment/item/{item_sku}";
const BUY_VIRTUAL: &str =
    "/v2/project/{project_id}/payment/item/{item_sku}/virtual/{virtual_currency_sku}";

#[test]
fn every_documented_example_round_trips() {
    let n = check_operation::<NoBody, Order>("GET", ORDER)
        + check_operation::<ItemPurchase, ItemOrder>("POST", BUY)
        + check_operation::<VirtualPurchase, VirtualOrder>("POST", BUY_VIRTUAL);
    assert!(n >= 5, "only {n} examples");
    println!("orders: {n} spec examples");
}

fn spec_success(method: &str, path: &str) -> Value {
    examples(method, path)
        .successes()
        .next()
        .map(|(_, _, v)| v.clone())
        .expect("a success example")
}

#[test]
fn the_documented_order_reads_as_a_paid_order_with_its_prices() {
    let order: Order = round_trip("order", &spec_success("GET", ORDER), Compare::Superset);
    assert_eq!(order.order_id, OrderId(1));
    assert_eq!(order.status, OrderStatus::Paid);
    assert!(!order.status.is_final());
    let price = order.content.price.as_ref().unwrap();
    assert_eq!(
        (price.amount.as_str(), price.currency.as_str()),
        ("30", "USD")
    );
    assert!(!price.is_discounted());
    assert!(!order.content.is_free);
    let line = &order.content.items[0];
    assert_eq!(line.sku, Sku::from("com.xsolla.item_1"));
    assert_eq!(line.quantity, 1);
    assert_eq!(line.price.as_ref().unwrap().amount.as_str(), "30");
}

#[test]
fn a_virtual_price_and_every_status_decode() {
    let order: Order = serde_json::from_value(json!({
        "order_id": 9, "status": "done",
        "content": {"virtual_price": {"amount": "100", "amount_without_discount": "150",
            "currency": "gems"}, "is_free": false,
            "items": [{"sku": "sword", "quantity": 2, "is_free": false}]}
    }))
    .unwrap();
    assert_eq!(order.status, OrderStatus::Done);
    let vp = order.content.virtual_price.unwrap();
    assert_eq!((vp.amount.as_str(), vp.currency.as_str()), ("100", "gems"));
    for (text, status) in [
        ("new", OrderStatus::New),
        ("paid", OrderStatus::Paid),
        ("done", OrderStatus::Done),
        ("canceled", OrderStatus::Canceled),
    ] {
        let order: Order = serde_json::from_value(json!({"order_id": 1, "status": text})).unwrap();
        assert_eq!(order.status, status);
        assert_eq!(order.status.as_str(), text);
    }
}

#[test]
fn purchases_are_never_retried_and_status_reads_are() {
    use xsolla_liveops::api::orders::{BuyItem, BuyItemWithVirtualCurrency, GetOrder};
    assert!(GetOrder { order: OrderId(1) }.idempotent());
    assert!(
        !BuyItem {
            sku: "a".into(),
            body: ItemPurchase::default()
        }
        .idempotent()
    );
    assert!(
        !BuyItemWithVirtualCurrency {
            sku: "a".into(),
            currency: "gems".into(),
            body: VirtualPurchase::default()
        }
        .idempotent()
    );
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn calls_use_bearer_the_documented_paths_and_bodies() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();

        server.push(Reply::json(200, spec_success("GET", ORDER)));
        let order = client.orders().get(656).send().await.unwrap();
        assert_eq!(order.status, OrderStatus::Paid);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/order/656")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(200, spec_success("POST", BUY)));
        let mut buy = client.orders().buy("booster/mega 1");
        buy.endpoint_mut().body.quantity = Some(2);
        let answer = buy.send().await.unwrap();
        assert_eq!(answer.order_id, OrderId(641));
        assert_eq!(
            answer.token.expose_secret(),
            "f4puMEFFDZcx9nv5HoNHIkPe9qghvBQo"
        );
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/payment/item/booster%2Fmega%201")
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));
        assert_eq!(r.json(), json!({"quantity": 2}));

        server.push(Reply::json(200, spec_success("POST", BUY_VIRTUAL)));
        let answer = client
            .orders()
            .buy_with_virtual_currency("booster_mega_1", "crystal")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.order_id, OrderId(641));
        let r = server.last();
        assert_eq!(
            r.path,
            "/v2/project/44056/payment/item/booster_mega_1/virtual/crystal"
        );
        assert_eq!(r.json(), json!({}));
    });
}

#[test]
fn documented_error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let short = examples("POST", BUY_VIRTUAL)
            .errors()
            .find(|(status, _, _)| *status == 422)
            .map(|(_, _, body)| body.clone())
            .expect("a documented 422");
        server.push(Reply::json(422, short));
        let err = client
            .orders()
            .buy_with_virtual_currency("sword", "gems")
            .send()
            .await
            .unwrap_err();
        let api = err.api().expect("an API error");
        assert!(api.is_not_enough_virtual_currency());
        assert_eq!(api.error_code(), Some(5006));

        let missing = examples("GET", ORDER)
            .errors()
            .find(|(status, _, _)| *status == 404)
            .map(|(_, _, body)| body.clone())
            .expect("a documented 404");
        server.push(Reply::json(404, missing));
        let err = client.orders().get(987_654).send().await.unwrap_err();
        assert!(err.api().unwrap().is_not_found());
        assert_eq!(err.api().unwrap().error_code(), Some(9001));
    });
}
