//! Every upsell operation: the setting (create, read, update, activate, deactivate, 202 on
//! writes) and the items it offers a player for each type.

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::{LocalizedText, StepItemInput};
use xsolla_liveops::models::daily::DailyChainType;
use xsolla_liveops::models::rewards::{ItemValuePointsInput, ValuePointInput};
use xsolla_liveops::models::upsell::{BundleType, UpsellConfigAnswer, UpsellInput, UpsellType};

fn skus(page: &xsolla_liveops::models::upsell::UpsellItemsPage) -> Vec<&str> {
    page.items.iter().map(|i| i.sku.0.as_str()).collect()
}

#[test]
fn fixed_list_setting_and_its_items() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let admin = c.admin();

        // Nothing configured: no items, an empty setting list, toggles are 404.
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());
        let answer = admin.upsell().get().send().await.unwrap();
        assert_eq!(answer, UpsellConfigAnswer::List(Vec::new()));
        assert!(answer.config().is_none());
        assert_eq!(
            api(&admin.upsell().activate().send().await.unwrap_err()).0,
            404
        );

        admin
            .upsell()
            .create(UpsellInput::fixed_list(["sword", "chest"]))
            .send()
            .await
            .unwrap();
        let config = admin
            .upsell()
            .get()
            .send()
            .await
            .unwrap()
            .into_config()
            .unwrap();
        assert!(config.is_enabled);
        assert_eq!(config.upsell_type, UpsellType::FixedList);
        assert_eq!(config.items.len(), 2);
        assert!(config.items[0].item_id.is_some());
        assert_eq!(
            config.items[0].name.as_ref().unwrap().get("en"),
            Some("Sword")
        );
        assert_eq!(config.items[1].bundle_type, Some(BundleType::Standard));
        assert_eq!(
            UpsellInput::try_from(config).unwrap(),
            UpsellInput::fixed_list(["sword", "chest"])
        );

        // The value point the sword earns shows on the item.
        let mut vp = ValuePointInput::new("star", LocalizedText::en("Stars"));
        vp.image_url = Some("https://img/star.png".into());
        admin.value_points().create(vp).send().await.unwrap();
        admin
            .value_points()
            .set_item_rewards("star", vec![ItemValuePointsInput::new("sword", 25)])
            .send()
            .await
            .unwrap();

        let page = c.upsell().items().send().await.unwrap();
        assert_eq!(skus(&page), ["sword", "chest"]);
        assert!(!page.has_more);
        let sword = &page.items[0];
        assert_eq!(sword.name.as_deref(), Some("Sword"));
        assert!(!sword.is_free);
        let price = sword.price.as_ref().unwrap();
        assert_eq!(
            (price.amount.as_str(), price.currency.as_str()),
            ("9.99", "USD")
        );
        assert!(!price.is_discounted());
        assert_eq!(sword.vp_rewards.len(), 1);
        assert_eq!(
            (
                sword.vp_rewards[0].sku.0.as_str(),
                sword.vp_rewards[0].amount
            ),
            ("star", 25)
        );
        assert_eq!(sword.vp_rewards[0].name.as_deref(), Some("Stars"));
        let chest = &page.items[1];
        assert!(chest.is_free && chest.price.is_none());
        assert_eq!(chest.bundle_type, Some(BundleType::Standard));
        let mut first = c.upsell().items();
        first.endpoint_mut().page.limit = Some(1);
        let first = first.send().await.unwrap();
        assert_eq!((skus(&first), first.has_more), (vec!["sword"], true));

        // Deactivate hides everything; activate brings it back (202 both ways).
        admin.upsell().deactivate().send().await.unwrap();
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());
        assert!(
            !admin
                .upsell()
                .get()
                .send()
                .await
                .unwrap()
                .config()
                .unwrap()
                .is_enabled
        );
        let toggle = h.v2("/admin/items/upsell/activate");
        let (status, _, _) = h.raw(Method::PUT, &toggle, h.basic(), None).await;
        assert_eq!(status, 202);
        assert_eq!(c.upsell().items().send().await.unwrap().items.len(), 2);
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.v2("/admin/items/upsell/flip"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(status, 404);

        // Update (PUT, 202) replaces the whole setting; a disabled one offers nothing.
        let url = h.v2("/admin/items/upsell");
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &url,
                h.basic(),
                Some(r#"{"type":"fixed_list","is_enabled":false,"items":["shield"]}"#),
            )
            .await;
        assert_eq!(status, 202);
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());
        admin.upsell().activate().send().await.unwrap();
        assert_eq!(skus(&c.upsell().items().send().await.unwrap()), ["shield"]);

        // Unknown SKUs: 404 with the documented body; the setting is unchanged.
        let err = admin
            .upsell()
            .update(UpsellInput::fixed_list(["sword", "nope", "nada"]))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            api(&err),
            (
                404,
                9901,
                "[0401-4001]: Items weren't found: nope, nada".to_owned()
            )
        );
        assert_eq!(skus(&c.upsell().items().send().await.unwrap()), ["shield"]);

        // Bad bodies: 422/1102.
        for body in [
            r#"{"type":"fixed_list","is_enabled":true,"items":[]}"#,
            r#"{"type":"fixed_list","is_enabled":true,"items":["sword","sword"]}"#,
            r#"{"type":"most_sellable","is_enabled":true,"items":["sword"]}"#,
            r#"{"type":"random","is_enabled":true,"items":[]}"#,
            r#"{"type":"fixed_list","items":["sword"]}"#,
            r#"{"type":"fixed_list","is_enabled":true,"items":["sword"],"extra":1}"#,
            r#"{"type":"fixed_list","is_enabled":"yes","items":["sword"]}"#,
            "[]",
        ] {
            let (status, json, _) = h.raw(Method::POST, &url, h.basic(), Some(body)).await;
            assert_eq!(
                (status, json["errorCode"].clone()),
                (422, json!(1102)),
                "{body}"
            );
        }

        // Auth.
        let (status, json, _) = h.raw(Method::GET, &url, None, None).await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1020)));
        // The spec documents the upsell admin calls with a player's JWT: it is accepted too.
        let (status, _, _) = h.raw(Method::GET, &url, h.bearer("p1"), None).await;
        assert_eq!(status, 200);
        let (status, json, _) = h.raw(Method::GET, &h.v2("/items/upsell"), None, None).await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1501)));
    });
}

#[test]
fn most_sellable_offers_the_most_granted_items() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        c.admin()
            .upsell()
            .create(UpsellInput::most_sellable())
            .send()
            .await
            .unwrap();
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());

        // Gold ×1 then ×2 (daily), one potion and one sword (offer chain), by three players.
        let mut daily = daily_input(DailyChainType::CalendarHard, false, T0, 2);
        daily.steps[1].items = vec![StepItemInput {
            sku: "gems".into(),
            quantity: 2,
        }];
        let daily_id = c
            .admin()
            .daily_chains()
            .create(daily)
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let offer_id = c
            .admin()
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        for sub in ["a", "b", "c"] {
            h.client(sub)
                .daily_chains()
                .claim(daily_id, 1)
                .send()
                .await
                .unwrap();
        }
        h.emu.clock().advance(DAY);
        for sub in ["a", "b"] {
            h.client(sub)
                .daily_chains()
                .claim(daily_id, 2)
                .send()
                .await
                .unwrap();
            h.client(sub)
                .offer_chains()
                .claim(offer_id, 1)
                .send()
                .await
                .unwrap();
        }
        let order = c.offer_chains().claim(offer_id, 1).send().await.unwrap();
        assert!(order.order_id.is_some());
        // gems 4, potion 3, gold 3: ties by SKU.
        assert_eq!(
            skus(&c.upsell().items().send().await.unwrap()),
            ["gems", "gold", "potion"]
        );
        let config = c
            .admin()
            .upsell()
            .get()
            .send()
            .await
            .unwrap()
            .into_config()
            .unwrap();
        assert_eq!(config.upsell_type, UpsellType::MostSellable);
        assert!(config.items.is_empty());
    });
}

#[test]
fn only_promotions_offers_items_with_a_running_promotion() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        c.admin()
            .upsell()
            .create(UpsellInput::only_promotions())
            .send()
            .await
            .unwrap();
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());

        let url = h.url(&format!(
            "/v3/project/{}/admin/promotion/item",
            h.emu.project_id()
        ));
        let discount = json!({
            "name": {"en-US": "Sword sale"},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00", "date_until": "2025-01-10T00:00:00+00:00"}],
            "discount": {"percent": "20.00"},
            "items": [{"sku": "sword"}]
        });
        let (status, body, _) = h
            .raw(Method::POST, &url, h.basic(), Some(&discount.to_string()))
            .await;
        assert_eq!(status, 201, "{body}");

        let page = c.upsell().items().send().await.unwrap();
        assert_eq!(skus(&page), ["sword"]);
        let sword = &page.items[0];
        let price = sword.price.as_ref().unwrap();
        assert!(price.is_discounted());
        assert_eq!(
            price.amount_without_discount.as_ref().map(|a| a.as_str()),
            Some("9.99")
        );
        assert_eq!(sword.promotions.len(), 1);
        assert_eq!(sword.promotions[0].name, "Sword sale");
        assert!(sword.promotions[0].discount.is_some());

        // After the promotion ends nothing is offered.
        h.emu.clock().set_unix(T0 + 10 * DAY);
        assert!(c.upsell().items().send().await.unwrap().items.is_empty());
    });
}

#[test]
fn an_item_the_personalized_catalog_hides_is_offered_only_to_players_a_rule_matches() {
    use xsolla_liveops::models::common::{AttributeCondition, StringOperator};
    use xsolla_liveops::models::personalization::{CatalogRuleInput, RuleItemRef};

    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let admin = h.client("admin");
        admin
            .admin()
            .upsell()
            .create(UpsellInput::fixed_list(["sword", "chest"]))
            .send()
            .await
            .unwrap();
        let rule = |is_enabled| CatalogRuleInput {
            name: "Ork blades".into(),
            is_enabled,
            is_satisfied_for_unauth: None,
            attribute_conditions: vec![AttributeCondition::String {
                attribute: "race".into(),
                operator: StringOperator::Eq,
                value: "ork".into(),
                can_be_missing: Some(false),
            }],
            items: vec![RuleItemRef::from(xsolla_liveops::Sku::from("sword"))],
        };
        let rules = admin.admin().personalization();
        let id = rules.create(rule(true)).send().await.unwrap().rule_id;
        let mut ork = serde_json::Map::new();
        ork.insert("race".into(), json!("ork"));
        h.emu.set_attributes("orc-player", ork).unwrap();

        let offered = |sub: &'static str| {
            let c = h.client(sub);
            async move { c.upsell().items().send().await.unwrap() }
        };
        assert_eq!(skus(&offered("orc-player").await), ["sword", "chest"]);
        assert_eq!(skus(&offered("elf-player").await), ["chest"]);

        // A disabled rule personalizes nothing: everybody is offered the sword again.
        rules.update(id, rule(false)).send().await.unwrap();
        assert_eq!(skus(&offered("elf-player").await), ["sword", "chest"]);
    });
}
