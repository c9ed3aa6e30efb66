//! Personalized-catalog rules: create, read, list, replace, patch, delete, the short list,
//! validation and the documented 401 bodies.

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::{AttributeCondition, StringOperator};
use xsolla_liveops::models::personalization::{CatalogRuleInput, CatalogRulePatch, RuleItemRef};
use xsolla_liveops::{ItemId, RuleId, Sku};

fn race(value: &str) -> AttributeCondition {
    AttributeCondition::String {
        attribute: "race".into(),
        operator: StringOperator::Eq,
        value: value.into(),
        can_be_missing: Some(false),
    }
}

fn rule(name: &str, items: Vec<RuleItemRef>) -> CatalogRuleInput {
    CatalogRuleInput {
        name: name.into(),
        is_enabled: true,
        is_satisfied_for_unauth: None,
        attribute_conditions: vec![race("ork")],
        items,
    }
}

#[test]
fn rules_round_trip_through_every_operation() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let c = h.client("p1");
        let p = c.admin().personalization();
        let sword = Sku::from("sword");
        let id = p
            .create(rule("Ork armour", vec![RuleItemRef::from(sword.clone())]))
            .send()
            .await
            .unwrap()
            .rule_id;
        let got = p.get(id).send().await.unwrap();
        assert_eq!(got.name, "Ork armour");
        assert_eq!(got.is_satisfied_for_unauth, Some(false));
        assert_eq!(got.items[0].sku.as_ref(), Some(&sword));
        assert_eq!(got.items[0].name.as_deref(), Some("Sword"));
        let sword_id = got.items[0].item_id.unwrap();

        // By item id, too.
        let id2 = p
            .create(rule("By id", vec![RuleItemRef::from(sword_id)]))
            .send()
            .await
            .unwrap()
            .rule_id;
        assert_eq!(
            p.get(id2).send().await.unwrap().items[0].sku.as_ref(),
            Some(&sword)
        );

        // PUT resets what it leaves out; PATCH keeps it.
        let mut replaced = rule("Replaced", vec![RuleItemRef::from(Sku::from("chest"))]);
        replaced.is_satisfied_for_unauth = Some(true);
        p.update(id, replaced).send().await.unwrap();
        p.update(
            id,
            rule("Replaced", vec![RuleItemRef::from(Sku::from("chest"))]),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(
            p.get(id).send().await.unwrap().is_satisfied_for_unauth,
            Some(false)
        );
        p.patch(
            id,
            CatalogRulePatch {
                is_enabled: Some(false),
                ..Default::default()
            },
        )
        .send()
        .await
        .unwrap();
        let got = p.get(id).send().await.unwrap();
        assert!(!got.is_enabled);
        assert_eq!(got.name, "Replaced");
        assert_eq!(got.items[0].sku.as_ref().unwrap().0, "chest");

        let list = p.list().send().await.unwrap();
        assert_eq!(list.total_items_count, Some(2));
        assert!(!list.has_more);
        let page = p.list().limit(1).send().await.unwrap();
        assert!(page.has_more);
        let mut enabled = p.list();
        enabled.endpoint_mut().is_enabled = Some(true);
        let enabled = enabled.send().await.unwrap();
        assert_eq!(
            enabled.items.iter().map(|r| r.rule_id).collect::<Vec<_>>(),
            [id2]
        );
        let all = p.all().send().await.unwrap();
        assert_eq!(all.items.len(), 2);

        p.delete(id).send().await.unwrap();
        let err = p.get(id).send().await.unwrap_err();
        assert_eq!(api(&err).0, 404);
        assert_eq!(api(&p.delete(id).send().await.unwrap_err()).0, 404);
        assert_eq!(
            api(&p
                .patch(RuleId(77), CatalogRulePatch::default())
                .send()
                .await
                .unwrap_err())
            .0,
            404
        );
        let err = p
            .create(rule("x", vec![RuleItemRef::from(ItemId(424242))]))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 422);
    });
}

#[test]
fn bad_rule_bodies_and_auth_get_the_documented_answers() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let url = h.v2("/admin/user/attribute/rule");
        let valid = json!({"name": "R", "is_enabled": true,
            "attribute_conditions": [{"attribute": "race", "type": "string", "operator": "eq", "value": "ork"}],
            "items": [{"sku": "sword"}]});
        let with = |k: &str, v: serde_json::Value| {
            let mut b = valid.clone();
            b[k] = v;
            b.to_string()
        };
        let mut no_name = valid.clone();
        no_name.as_object_mut().unwrap().remove("name");
        for (body, property) in [
            (no_name.to_string(), "name"),
            (with("name", json!(" leading space")), "name"),
            (with("items", json!([])), "items"),
            (with("items", json!([{"sku": "ghost"}])), "items[0].sku"),
            (with("items", json!([{"sku": "sword"}, {"sku": "sword"}])), "items[1]"),
            (with("attribute_conditions", json!([])), "attribute_conditions"),
            (with("colour", json!("red")), "colour"),
        ] {
            let (status, json, _) = h.raw(Method::POST, &url, h.basic(), Some(&body)).await;
            assert_eq!((status, json["errorCode"].clone()), (422, json!(1102)), "{body}");
            assert_eq!(json["errorMessageExtended"][0]["property"], property, "{body}");
        }
        let (status, json, _) = h.raw(Method::GET, &url, None, None).await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1501)));
        assert!(json["errorMessage"].as_str().unwrap().contains("Authorization header not sent"));
        let (status, json, _) = h.raw(Method::GET, &url, h.bearer("p1"), None).await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1013)));
        let (status, _, _) = h
            .raw(Method::PATCH, &format!("{url}/1"), h.basic(), Some(r#"{"name": ""}"#))
            .await;
        assert_eq!(status, 404, "no rule 1 yet");
        let (status, _, _) = h.raw(Method::POST, &url, h.basic(), Some(&valid.to_string())).await;
        assert_eq!(status, 201);
        let (status, json, _) = h
            .raw(Method::PATCH, &format!("{url}/1"), h.basic(), Some(r#"{"name": ""}"#))
            .await;
        assert_eq!((status, json["errorMessageExtended"][0]["property"].clone()), (422, json!("name")));
        let (status, _, _) = h.raw(Method::GET, &format!("{url}/x"), h.basic(), None).await;
        assert_eq!(status, 404);
        let (_, json, _) = h.raw(Method::GET, &format!("{url}?is_enabled=2"), h.basic(), None).await;
        assert_eq!(json["errorCode"], 1102);
    });
}
