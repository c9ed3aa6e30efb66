//! Inventory reads: realistic answers through our types, and the calls on the wire. The same
//! calls against the emulator are in the emulator's `tests/it/inventory_routes.rs`.

use crate::common::mock::{MockServer, Reply, expected_bearer};
use serde_json::json;
use xsolla_liveops::api::inventory::{GetUserCurrencyBalance, ListUserInventoryItems};
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::inventory::{CurrencyBalance, InventoryItemsPage};
use xsolla_liveops::models::upsell::VirtualItemType;
use xsolla_liveops::{Endpoint, Paginated, Sku};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// An inventory answer in the shape Xsolla documents: a non-consumable with a null quantity,
/// consumables with counts, a subscription, fields this crate does not model.
fn items_sample() -> serde_json::Value {
    json!({"items": [
        {"sku": "castle_skin", "instance_id": null, "name": "Castle skin", "type": "virtual_good",
         "virtual_item_type": "non_consumable", "quantity": null, "remaining_uses": 1,
         "description": "Stone walls for your base.", "image_url": "https://cdn.example/castle.png",
         "attributes": [], "groups": []},
        {"sku": "health_potion", "instance_id": null, "name": "Healing potion", "type": "virtual_good",
         "virtual_item_type": "consumable", "quantity": 7, "remaining_uses": 1,
         "description": null, "image_url": null,
         "attributes": [{"external_id": "stack_size", "name": "Stack size",
                         "values": [{"external_id": "stack_size_value_1", "value": 5}]}],
         "groups": [{"external_id": "potions", "name": "Potions"}]},
        {"sku": "season_pass", "name": "Season pass", "type": "virtual_good",
         "virtual_item_type": "non_renewing_subscription", "quantity": 1,
         "status": "active", "expired_at": 1_767_225_600}
    ]})
}

fn balance_sample() -> serde_json::Value {
    json!({"items": [
        {"sku": "crystals", "type": "virtual_currency", "name": "Crystals", "amount": 0,
         "description": "Premium currency.", "image_url": "https://cdn.example/crystals.png"},
        {"sku": "gold", "type": "virtual_currency", "name": "Gold coins", "amount": 1250,
         "description": null, "image_url": null, "is_default": true}
    ]})
}

#[test]
fn an_inventory_answer_decodes_with_counts_and_kinds() {
    let page: InventoryItemsPage = serde_json::from_value(items_sample()).unwrap();
    assert_eq!(page.items.len(), 3);
    let skin = &page.items[0];
    assert_eq!(skin.sku, Sku::from("castle_skin"));
    assert_eq!(skin.item_type, ItemType::VirtualGood);
    assert_eq!(skin.quantity, None, "a non-consumable has no quantity");
    assert_eq!(skin.count(), 1);
    assert_eq!(skin.virtual_item_type, Some(VirtualItemType::NonConsumable));
    assert_eq!(skin.name.as_deref(), Some("Castle skin"));
    let potion = &page.items[1];
    assert_eq!((potion.quantity, potion.count()), (Some(7), 7));
    assert_eq!(potion.virtual_item_type, Some(VirtualItemType::Consumable));
    assert_eq!(
        (potion.description.as_ref(), potion.image_url.as_ref()),
        (None, None)
    );
    assert_eq!(potion.item_id, None);
    assert_eq!(
        page.items[2].virtual_item_type,
        Some(VirtualItemType::NonRenewingSubscription)
    );
    // What we write back reads the same.
    let again: InventoryItemsPage =
        serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}

#[test]
fn a_balance_answer_decodes_and_answers_per_currency() {
    let balance: CurrencyBalance = serde_json::from_value(balance_sample()).unwrap();
    assert_eq!(balance.items.len(), 2);
    assert_eq!(balance.items[1].item_type, Some(ItemType::VirtualCurrency));
    assert_eq!(balance.items[1].is_default, Some(true));
    assert_eq!(balance.items[0].is_default, None);
    assert_eq!(balance.amount("gold"), 1250);
    assert_eq!(balance.amount("crystals"), 0);
    assert_eq!(balance.amount("gems"), 0, "an unlisted currency has none");
    let empty: CurrencyBalance = serde_json::from_value(json!({"items": []})).unwrap();
    assert!(empty.items.is_empty());
}

#[test]
fn the_operations_describe_their_requests() {
    let mut list = ListUserInventoryItems::default();
    assert_eq!(list.method(), http::Method::GET);
    assert_eq!(
        list.path(xsolla_liveops::ProjectId(44056)),
        "/v2/project/44056/user/inventory/items"
    );
    assert!(list.idempotent());
    assert!(list.query().is_empty());
    list.page_mut().limit = Some(500);
    list.page_mut().offset = Some(100);
    list.platform = Some("xsolla".into());
    assert_eq!(
        list.query(),
        vec![
            ("limit", "50".to_owned()),
            ("offset", "100".to_owned()),
            ("platform", "xsolla".to_owned())
        ]
    );
    let balance = GetUserCurrencyBalance::default();
    assert_eq!(
        balance.path(xsolla_liveops::ProjectId(44056)),
        "/v2/project/44056/user/virtual_currency_balance"
    );
    assert!(balance.query().is_empty());
    // No `has_more` in the answer: a full page may be followed by more, a short one may not.
    let page = |n: usize| InventoryItemsPage {
        items: (0..n)
            .map(|i| {
                serde_json::from_value(json!({"sku": format!("s{i:03}"), "type": "virtual_good"}))
                    .unwrap()
            })
            .collect(),
    };
    assert!(ListUserInventoryItems::into_items(page(50)).1);
    assert!(!ListUserInventoryItems::into_items(page(49)).1);
    assert!(!ListUserInventoryItems::into_items(page(0)).1);
}

#[test]
fn both_reads_go_out_with_the_player_token_and_walk_pages() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();

        server
            .push(Reply::json(200, items_sample()).header("date", "Wed, 01 Jan 2025 00:00:00 GMT"));
        let reply = client
            .inventory()
            .items()
            .limit(3)
            .offset(6)
            .send_with_meta()
            .await
            .unwrap();
        assert_eq!((reply.status, reply.value.items.len()), (200, 3));
        assert_eq!(
            reply.server_date.map(|d| d.timestamp()),
            Some(1_735_689_600)
        );
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.query.as_deref()),
            (
                "GET",
                "/v2/project/44056/user/inventory/items",
                Some("limit=3&offset=6")
            )
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(200, balance_sample()));
        let mut balance = client.inventory().currency_balance();
        balance.endpoint_mut().platform = Some("xsolla".into());
        let balance = balance.send().await.unwrap();
        assert_eq!(balance.amount("gold"), 1250);
        let r = server.last();
        assert_eq!(
            (r.path.as_str(), r.query.as_deref()),
            (
                "/v2/project/44056/user/virtual_currency_balance",
                Some("platform=xsolla")
            )
        );
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        // `.all()` asks for pages of 50 until one comes back short.
        let full = json!({"items": (0..50)
            .map(|i| json!({"sku": format!("item_{i:02}"), "type": "virtual_good", "quantity": 1}))
            .collect::<Vec<_>>()});
        server.push(Reply::json(200, full));
        server.push(Reply::json(200, items_sample()));
        let before = server.requests().len();
        let all = client.inventory().items().all().await.unwrap();
        assert_eq!(all.len(), 53);
        let queries: Vec<_> = server.requests()[before..]
            .iter()
            .map(|r| r.query.clone().unwrap_or_default())
            .collect();
        assert_eq!(queries, ["limit=50&offset=0", "limit=50&offset=50"]);
    });
}

#[test]
fn a_rejected_token_is_a_401_for_both_reads() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let unauthorized = || {
            Reply::json(
                401,
                json!({"statusCode": 401, "errorCode": 1501,
                       "errorMessage": "[0401-1501]: Authorization failed: Provide authorization"}),
            )
        };
        server.push(unauthorized());
        let err = client.inventory().items().send().await.unwrap_err();
        assert!(err.is_unauthorized(), "{err:?}");
        assert_eq!(err.api().and_then(|a| a.error_code()), Some(1501));
        server.push(unauthorized());
        let err = client
            .inventory()
            .currency_balance()
            .send_with_meta()
            .await
            .unwrap_err();
        assert!(err.is_unauthorized(), "{err:?}");
    });
}
