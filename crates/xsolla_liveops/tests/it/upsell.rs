//! Upsell: Xsolla's documented examples through our types, and the calls on the wire.

use crate::common::mock::{MockServer, Reply, expected_basic, expected_bearer};
use crate::common::spec::{Compare, NoBody, check_operation, examples, round_trip};
use serde_json::{Value, json};
use xsolla_liveops::api::upsell::SetUpsellActive;
use xsolla_liveops::models::common::{IntervalType, ItemType, NoContent};
use xsolla_liveops::models::upsell::{
    BundleType, ExpirationUnit, TextOrLocalized, UpsellConfig, UpsellConfigAnswer, UpsellInput,
    UpsellItemsPage, UpsellType, VirtualItemType,
};
use xsolla_liveops::{Endpoint, Error, Sku};

const ITEMS: &str = "/v2/project/{project_id}/items/upsell";
const ADMIN: &str = "/v2/project/{project_id}/admin/items/upsell";
const TOGGLE: &str = "/v2/project/{project_id}/admin/items/upsell/{toggle}";

#[test]
fn every_documented_example_round_trips() {
    let n = check_operation::<NoBody, UpsellItemsPage>("GET", ITEMS)
        + check_operation::<NoBody, UpsellConfigAnswer>("GET", ADMIN)
        + check_operation::<UpsellInput, NoContent>("POST", ADMIN)
        + check_operation::<UpsellInput, NoContent>("PUT", ADMIN)
        + check_operation::<NoBody, NoContent>("PUT", TOGGLE);
    assert!(n > 0);
    println!("upsell: {n} spec examples");
}

fn spec_success(method: &str, path: &str) -> Value {
    examples(method, path)
        .successes()
        .next()
        .map(|(_, _, v)| v.clone())
        .expect("a success example")
}

#[test]
fn client_items_decode_into_what_a_store_ui_needs() {
    let page: UpsellItemsPage = serde_json::from_value(spec_success("GET", ITEMS)).unwrap();
    assert!(page.has_more);
    let rocket = &page.items[0];
    assert_eq!(rocket.sku, Sku::from("com.xsolla.big_rocket_1"));
    assert_eq!(rocket.item_type, ItemType::VirtualGood);
    let price = rocket.price.as_ref().unwrap();
    assert_eq!(
        (price.amount.as_str(), price.currency.as_str()),
        ("100.99", "USD")
    );
    assert!(!price.is_discounted());
    assert_eq!(rocket.default_virtual_price().map(|p| p.amount), Some(100));
    assert_eq!(
        rocket.groups[0].name.as_ref().and_then(|n| n.resolve("de")),
        Some("accessory")
    );
    assert_eq!(
        rocket.virtual_item_type,
        Some(VirtualItemType::NonRenewingSubscription)
    );
    let expiry = rocket
        .inventory_options
        .as_ref()
        .and_then(|o| o.expiration_period.as_ref())
        .unwrap();
    assert_eq!(
        (expiry.unit.clone(), expiry.value),
        (ExpirationUnit::Day, 1)
    );
    let promo = &rocket.promotions[0];
    assert!(promo.discount.is_none());
    assert_eq!(promo.bonus.len(), 3);
    assert_eq!(promo.bonus[1].item_type, Some(ItemType::PhysicalGood));
    assert_eq!(promo.bonus[2].bundle_type, Some(BundleType::Standard));
    let per_user = rocket.limits.as_ref().unwrap().per_user.as_ref().unwrap();
    assert_eq!((per_user.total, per_user.available), (5, 3));
    assert_eq!(
        per_user
            .recurrent_schedule
            .as_ref()
            .map(|s| s.interval_type),
        Some(IntervalType::Weekly)
    );
    // The second item has a single open-ended sale period and no limits.
    let shotgun = &page.items[1];
    assert!(shotgun.limits.is_none());
    assert!(shotgun.periods[0].date_until.is_none());
    assert_eq!(shotgun.virtual_prices.len(), 2);
    // The third one is free and has no real-money price.
    assert!(page.items[2].is_free && page.items[2].price.is_none());
}

#[test]
fn attribute_names_may_be_plain_strings() {
    // The catalog sometimes resolves names to one language; both forms decode.
    let item = json!({"sku": "x", "type": "virtual_good",
        "attributes": [{"external_id": "genre", "name": "Жанр",
                        "values": [{"external_id": "genre_1", "value": "Casual"}]}]});
    let page: UpsellItemsPage = round_trip(
        "plain",
        &json!({"has_more": false, "items": [item]}),
        Compare::Superset,
    );
    assert_eq!(
        page.items[0].attributes[0].name,
        Some(TextOrLocalized::Plain("Жанр".into()))
    );
}

#[test]
fn admin_setting_decodes_as_array_or_object() {
    let documented: UpsellConfigAnswer =
        serde_json::from_value(spec_success("GET", ADMIN)).unwrap();
    let config = documented.config().expect("the project has an upsell");
    assert!(config.is_enabled);
    assert_eq!(config.upsell_type, UpsellType::FixedList);
    assert_eq!(
        config.items[2].unit_items[0].drm_name.as_deref(),
        Some("Steam")
    );

    // The object form (what the emulator answers) round-trips as an object.
    let object = serde_json::to_value(config).unwrap();
    let answer: UpsellConfigAnswer = round_trip("object form", &object, Compare::Exact);
    assert!(matches!(answer, UpsellConfigAnswer::Single(_)));
    assert!(
        serde_json::from_str::<UpsellConfigAnswer>("[]")
            .unwrap()
            .config()
            .is_none()
    );

    // A setting read back becomes the update body: the SKUs of a fixed list.
    let input = UpsellInput::try_from(answer.into_config().unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"type": "fixed_list", "is_enabled": true,
               "items": ["com.xsolla.booster_mega_1", "com.xsolla.booster_mega_2", "com.xsolla.mega_game_1"]})
    );
    let unknown: UpsellConfig =
        serde_json::from_value(json!({"is_enabled": true, "type": "ai_picks", "items": []}))
            .unwrap();
    assert_eq!(unknown.upsell_type, UpsellType::Other("ai_picks".into()));
    assert!(matches!(
        UpsellInput::try_from(unknown),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn input_follows_the_one_of_and_rejects_extra_fields() {
    assert!(
        serde_json::from_value::<UpsellInput>(json!({"type": "fixed_list", "is_enabled": true}))
            .is_err()
    );
    assert!(
        serde_json::from_value::<UpsellInput>(
            json!({"type": "only_promotions", "is_enabled": true, "items": [], "id": 3})
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<UpsellInput>(json!({"type": "most_sellable", "items": []}))
            .is_err()
    );
    let input = UpsellInput::fixed_list(["a", "b"]).enabled(false);
    assert!(!input.is_enabled());
    assert_eq!(input.upsell_type(), UpsellType::FixedList);
    assert_eq!(input.items(), [Sku::from("a"), Sku::from("b")]);
    assert_eq!(
        serde_json::to_value(UpsellInput::only_promotions()).unwrap(),
        json!({"type": "only_promotions", "is_enabled": true, "items": []})
    );
}

#[test]
fn activation_is_idempotent() {
    assert!(SetUpsellActive { active: true }.idempotent());
    assert!(SetUpsellActive { active: false }.idempotent());
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn client_call_uses_bearer_and_the_documented_path() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        server.push(Reply::json(200, spec_success("GET", ITEMS)));
        let page = client.upsell().items().send().await.unwrap();
        assert_eq!(page.items.len(), 3);
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/items/upsell")
        );
        assert_eq!(r.query, None);
        assert_eq!(r.header("authorization"), Some(expected_bearer().as_str()));

        server.push(Reply::json(
            401,
            json!({"statusCode": 401, "errorCode": 1501,
            "errorMessage": "[0401-1501]: Authorization failed: Provide authorization"}),
        ));
        let err = client.upsell().items().send().await.unwrap_err();
        assert!(err.is_unauthorized());
    });
}

#[test]
fn admin_calls_use_basic_auth_and_send_the_body() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let upsell = client.admin().upsell();

        server.push(Reply::json(200, spec_success("GET", ADMIN)));
        let answer = upsell.get().send().await.unwrap();
        assert_eq!(answer.config().map(|c| c.items.len()), Some(3));
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("GET", "/v2/project/44056/admin/items/upsell")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));

        server.push(Reply::empty(202));
        upsell
            .create(UpsellInput::fixed_list(["game_sku_1", "game_sku_2"]))
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v2/project/44056/admin/items/upsell")
        );
        assert_eq!(r.header("authorization"), Some(expected_basic().as_str()));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.json(),
            json!({"type": "fixed_list", "is_enabled": true, "items": ["game_sku_1", "game_sku_2"]})
        );

        server.push(Reply::empty(202));
        upsell
            .update(UpsellInput::most_sellable())
            .send()
            .await
            .unwrap();
        let r = server.last();
        assert_eq!(r.method, "PUT");
        assert_eq!(r.path, "/v2/project/44056/admin/items/upsell");
        assert_eq!(
            r.json(),
            json!({"type": "most_sellable", "is_enabled": true, "items": []})
        );

        server.push(Reply::empty(202));
        upsell.activate().send().await.unwrap();
        server.push(Reply::empty(202));
        upsell.deactivate().send().await.unwrap();
        let seen: Vec<_> = server
            .requests()
            .into_iter()
            .skip(3)
            .map(|r| {
                let auth = r.header("authorization").map(str::to_owned);
                (r.method, r.path, r.body.is_empty(), auth)
            })
            .collect();
        let basic = Some(expected_basic());
        assert_eq!(
            seen,
            [
                (
                    "PUT".to_owned(),
                    "/v2/project/44056/admin/items/upsell/activate".to_owned(),
                    true,
                    basic.clone()
                ),
                (
                    "PUT".to_owned(),
                    "/v2/project/44056/admin/items/upsell/deactivate".to_owned(),
                    true,
                    basic
                ),
            ]
        );
    });
}

#[test]
fn documented_error_bodies_become_typed_errors() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = server.client();
        let not_found = examples("POST", ADMIN)
            .errors()
            .find(|(status, _, _)| *status == 404)
            .map(|(_, _, body)| body.clone())
            .expect("a documented 404");
        server.push(Reply::json(404, not_found));
        let err = client
            .admin()
            .upsell()
            .update(UpsellInput::fixed_list(["sku1", "sku2"]))
            .send()
            .await
            .unwrap_err();
        let api = err.api().expect("an API error");
        assert!(api.is_not_found());
        assert_eq!(api.error_code(), Some(9901));
        assert_eq!(api.body.as_ref().unwrap().message_code(), Some(4001));

        server.push(Reply::json(422, json!({"statusCode": 422, "errorCode": 1102,
            "errorMessage": "[0401-1102]: Unprocessable entity. The property `is_enabled` is required",
            "transactionId": "x-x-x-x-transactionId-mock-x-x-x"})));
        let err = client
            .admin()
            .upsell()
            .create(UpsellInput::most_sellable())
            .send()
            .await
            .unwrap_err();
        assert!(err.api().unwrap().is_validation());
    });
}
