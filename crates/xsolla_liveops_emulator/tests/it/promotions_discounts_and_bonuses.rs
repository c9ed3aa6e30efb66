//! Discounts, bonuses, the all-promotions list and activation, on `/v3` and `/v2`, and how
//! discounts and bonuses apply to offer-chain purchases.

use crate::common::*;
use crate::promotions_support::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::{AttributeCondition, Decimal, LocalizedText, StringOperator};
use xsolla_liveops::models::discounts::{
    BonusPromotionInput, DiscountPromotionInput, ListedPeriod, PercentDiscountInput, PromotionType,
};
use xsolla_liveops::models::promotions::{
    BonusItemInput, DateRange, Periods, PromotionLimitsInput,
};
use xsolla_liveops::{PromotionId, StepNumber};

fn name(text: &str) -> LocalizedText {
    LocalizedText::default().with("en-US", text)
}

fn discount(percent: &str, skus: &[&str]) -> DiscountPromotionInput<Periods> {
    DiscountPromotionInput {
        name: name("Sale"),
        period: Periods::single(date(T0), None),
        discount: PercentDiscountInput {
            percent: Decimal::new(percent).unwrap(),
        },
        items: Some(skus.iter().map(|s| (*s).into()).collect()),
        attribute_conditions: None,
        price_conditions: None,
        limits: None,
        excluded_promotions: None,
    }
}

fn bonus(condition: Option<&[&str]>) -> BonusPromotionInput<Periods> {
    BonusPromotionInput {
        name: name("Gift"),
        period: Periods::default(),
        condition: condition.map(|c| c.iter().map(|s| (*s).into()).collect()),
        bonus: vec![BonusItemInput::new("gems", 5)],
        attribute_conditions: None,
        limits: None,
        price_conditions: None,
        excluded_promotions: None,
    }
}

fn vip() -> AttributeCondition {
    AttributeCondition::String {
        attribute: "tier".into(),
        operator: StringOperator::Eq,
        value: "vip".into(),
        can_be_missing: None,
    }
}

#[test]
fn discounts_are_created_read_listed_replaced_and_deleted_on_v3_and_v2() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let d = c.admin().discounts();
        let id = d
            .create(discount("10.00", &["sword", "shield"]))
            .send()
            .await
            .unwrap()
            .promotion_id;
        let got = d.get(id).send().await.unwrap();
        assert_eq!(got.id, id);
        assert!(got.is_enabled, "discounts are created enabled");
        assert_eq!(got.period.promotion_periods[0].date_from, date(T0));
        assert_eq!(got.discount.unwrap().percent.unwrap().as_str(), "10.00");
        assert_eq!(got.items.unwrap().len(), 2);

        // The same promotion through the /v2 paths, in the date_start form.
        let v2 = d.v2().get(id).send().await.unwrap();
        assert_eq!(v2.period.date_start, Some(date(T0)));
        assert_eq!(v2.period.date_end, None);

        // Created on /v2, read on /v3.
        let mut body2 = DiscountPromotionInput::<DateRange> {
            name: name("Old style"),
            period: DateRange::new(date(T0), Some(date(T0 + DAY))),
            discount: PercentDiscountInput {
                percent: Decimal::new("25").unwrap(),
            },
            items: Some(vec!["potion".into()]),
            attribute_conditions: None,
            price_conditions: None,
            limits: None,
            excluded_promotions: None,
        };
        let id2 = d
            .v2()
            .create(body2.clone())
            .send()
            .await
            .unwrap()
            .promotion_id;
        let v3 = d.get(id2).send().await.unwrap();
        assert_eq!(
            v3.period.promotion_periods[0].date_until,
            Some(date(T0 + DAY))
        );

        let list = d.list().send().await.unwrap();
        assert_eq!(list.promotions.len(), 2);
        assert_eq!(list.total_promotions_count, Some(2));
        assert_eq!(list.active_promotions_count, Some(2));
        assert_eq!(list.inactive_promotions_count, Some(0));
        let page = d.list().limit(1).offset(1).send().await.unwrap();
        assert_eq!(page.promotions.len(), 1);
        assert_eq!(page.promotions[0].id, id2);

        // PUT replaces the whole promotion.
        body2.discount.percent = Decimal::new("30.5").unwrap();
        body2.items = Some(vec!["gold".into()]);
        d.v2().update(id2, body2).send().await.unwrap();
        let v2 = d.v2().get(id2).send().await.unwrap();
        assert_eq!(v2.discount.unwrap().percent.unwrap().as_str(), "30.5");
        assert_eq!(v2.items.unwrap()[0].sku.as_ref().unwrap().0, "gold");

        d.delete(id).send().await.unwrap();
        let err = d.get(id).send().await.unwrap_err();
        let (status, code, message) = api(&err);
        assert_eq!((status, code), (404, 9502));
        assert!(message.contains(&format!("Can not find promotion with ID = {id}")));
        assert_eq!(api(&d.delete(id).send().await.unwrap_err()).1, 9502);
        let err = d
            .update(id, discount("5", &["gold"]))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9502);
        // A bonus id is not a discount.
        let bid = c
            .admin()
            .bonuses()
            .create(bonus(None))
            .send()
            .await
            .unwrap()
            .promotion_id;
        assert_eq!(api(&d.get(bid).send().await.unwrap_err()).1, 9502);
        assert_eq!(
            api(&c.admin().bonuses().get(id2).send().await.unwrap_err()).1,
            9502
        );
    });
}

#[test]
fn bad_promotion_bodies_are_422_naming_the_property() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let url = h.url(&format!("/v3/project/{}/admin/promotion/item", h.emu.project_id()));
        let valid = serde_json::to_value(discount("10", &["sword"])).unwrap();
        let with = |path: &[&str], v: serde_json::Value| {
            let mut b = valid.clone();
            let mut cur = &mut b;
            for p in &path[..path.len() - 1] {
                cur = &mut cur[*p];
            }
            cur[path[path.len() - 1]] = v;
            b.to_string()
        };
        let cases = [
            (with(&["discount", "percent"], json!("150")), "discount.percent"),
            (with(&["discount", "percent"], json!("-1")), "discount.percent"),
            (with(&["discount", "percent"], json!("9.999")), "discount.percent"),
            (with(&["items"], json!([{"sku": "nope"}])), "items[0].sku"),
            (with(&["items"], json!([])), "items"),
            (with(&["items"], json!(null)), "items"),
            (
                with(&["price_conditions"], json!([{"operator": "ge", "value": "1"}])),
                "items",
            ),
            (with(&["id"], json!(5)), "id"),
            (with(&["date_start"], json!("2025-01-01T00:00:00Z")), "date_start"),
            (with(&["name"], json!({"en": "short key"})), "name.en"),
            (
                with(
                    &["promotion_periods"],
                    json!([{"date_from": "2025-01-02T00:00:00Z", "date_until": "2025-01-01T00:00:00Z"}]),
                ),
                "promotion_periods[0].date_until",
            ),
            (
                with(
                    &["promotion_periods"],
                    json!([{"date_from": "2025-01-02T00:00:00Z"}, {"date_from": "2025-02-02T00:00:00Z", "date_until": "2025-03-01T00:00:00Z"}]),
                ),
                "promotion_periods[0].date_until",
            ),
            (
                with(
                    &["attribute_conditions"],
                    json!([{"attribute": "level", "type": "number", "operator": "lt", "value": "ten"}]),
                ),
                "attribute_conditions[0].value",
            ),
            (with(&["limits"], json!({"per_user": 0})), "limits.per_user"),
            (
                with(
                    &["limits"],
                    json!({"per_user": 2, "recurrent_schedule": {"per_user": {"interval_type": "daily", "time": "25:00:00+00:00"}}}),
                ),
                "limits.recurrent_schedule.per_user.time",
            ),
        ];
        for (body, property) in cases {
            let (status, json, _) = h.raw(Method::POST, &url, h.basic(), Some(&body)).await;
            assert_eq!((status, json["errorCode"].clone()), (422, json!(1102)), "{body}: {json}");
            assert_eq!(json["errorMessageExtended"][0]["property"], property, "{body}");
        }
        // A price-condition discount has null items.
        let mut pc = valid.clone();
        pc["items"] = json!(null);
        pc["price_conditions"] = json!([{"operator": "ge", "value": "5.5"}]);
        let (status, _, _) = h.raw(Method::POST, &url, h.basic(), Some(&pc.to_string())).await;
        assert_eq!(status, 201);
        pc["price_conditions"] = json!([{"operator": "ge", "value": "5.55555"}]);
        let (status, json, _) = h.raw(Method::POST, &url, h.basic(), Some(&pc.to_string())).await;
        assert_eq!(status, 422);
        assert_eq!(json["errorMessageExtended"][0]["property"], "price_conditions[0].value");

        // Bonuses.
        let burl = h.url(&format!("/v2/project/{}/admin/promotion/bonus", h.emu.project_id()));
        let missing = json!({"name": {"en-US": "x"}, "condition": null});
        let (status, json, _) = h.raw(Method::POST, &burl, h.basic(), Some(&missing.to_string())).await;
        assert_eq!(status, 422);
        assert!(json["errorMessage"].as_str().unwrap().contains("`bonus` is required"));
        let zero = json!({"name": {"en-US": "x"}, "condition": null, "bonus": [{"sku": "gold", "quantity": 0}]});
        let (_, json, _) = h.raw(Method::POST, &burl, h.basic(), Some(&zero.to_string())).await;
        assert_eq!(json["errorMessageExtended"][0]["property"], "bonus[0].quantity");
        let v3_on_v2 = json!({"name": {"en-US": "x"}, "condition": null, "bonus": [{"sku": "gold"}],
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00Z"}]});
        let (status, _, _) = h.raw(Method::POST, &burl, h.basic(), Some(&v3_on_v2.to_string())).await;
        assert_eq!(status, 422, "the /v2 path takes date_start/date_end only");

        // Auth, odd ids, nothing stored by the failures.
        let (status, json, _) = h.raw(Method::GET, &url, None, None).await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1020)));
        let (status, _, _) = h.raw(Method::GET, &url, h.bearer("p1"), None).await;
        assert_eq!(status, 401);
        let odd = h.url(&format!("/v3/project/{}/admin/promotion/abc/item", h.emu.project_id()));
        let (status, _, _) = h.raw(Method::GET, &odd, h.basic(), None).await;
        assert_eq!(status, 404);
        let (_, json, _) = h.raw(Method::GET, &url, h.basic(), None).await;
        assert_eq!(json["total_promotions_count"], 1);
    });
}

#[test]
fn activation_and_the_all_promotions_list() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let admin = c.admin();
        let d = create_discount(&c, discount("20", &["sword"])).await;
        let b1 = create_bonus(&c, bonus(Some(&["sword"]))).await;
        let b2 = create_bonus(&c, bonus(None)).await;

        admin.promotions().deactivate(d).send().await.unwrap();
        assert!(!admin.discounts().get(d).send().await.unwrap().is_enabled);
        let err = admin.promotions().deactivate(d).send().await.unwrap_err();
        assert_eq!(api(&err).0, 422);
        assert_eq!(api(&err).1, 9505);
        let err = admin
            .promotions()
            .activate(PromotionId(987))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9505);

        let all = admin.promotions().list().send().await.unwrap();
        assert_eq!(all.total_promotions_count, Some(3));
        assert_eq!(all.active_promotions_count, Some(2));
        assert_eq!(all.inactive_promotions_count, Some(1));
        let kinds: Vec<_> = all
            .promotions
            .iter()
            .map(|p| p.promotion_type.clone().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                PromotionType::ItemDiscount,
                PromotionType::ItemBonus,
                PromotionType::CartBonus
            ]
        );
        assert!(matches!(
            all.promotions[0].period,
            ListedPeriod::Periods { .. }
        ));
        let sword = &all.promotions[0].condition.as_ref().unwrap()[0].item;
        assert_eq!(sword.name.as_ref().unwrap().get("en"), Some("Sword"));
        assert_eq!(all.promotions[2].bonus.as_ref().unwrap()[0].quantity, 5);
        assert!(all.promotions[2].condition.is_none());

        let mut active = admin.promotions().list();
        active.endpoint_mut().enabled = Some(true);
        let active = active.send().await.unwrap();
        assert_eq!(
            active.promotions.iter().map(|p| p.id).collect::<Vec<_>>(),
            [b1, b2]
        );
        let v2 = admin.promotions().v2().list().send().await.unwrap();
        assert!(matches!(
            v2.promotions[0].period,
            ListedPeriod::Dates { .. }
        ));

        admin.promotions().activate(d).send().await.unwrap();
        assert!(admin.discounts().get(d).send().await.unwrap().is_enabled);
    });
}

#[test]
fn discounts_price_offer_steps_and_purchases_use_them_and_earn_bonuses() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        h.emu
            .set_attributes(
                "vip1",
                serde_json::from_value(json!({"tier": "vip"})).unwrap(),
            )
            .unwrap();
        let vip_client = h.client("vip1");
        let other = h.client("p2");
        let admin = vip_client.admin();
        let chain = admin
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let mut body = discount("10.00", &["sword"]);
        body.attribute_conditions = Some(vec![vip()].into());
        body.limits = Some(PromotionLimitsInput {
            per_user: Some(1),
            recurrent_schedule: None,
        });
        let d = create_discount(&vip_client, body).await;
        let gift = create_bonus(&vip_client, bonus(Some(&["sword"]))).await;

        let price = |chain: &xsolla_liveops::models::offer::ClientOfferChain| {
            chain.steps[1]
                .step_price
                .as_ref()
                .unwrap()
                .amount
                .as_str()
                .to_owned()
        };
        let seen = vip_client.offer_chains().get(chain).send().await.unwrap();
        assert_eq!(
            price(&seen),
            "8.99",
            "9.99 less 10% is 8.991, rounded to cents"
        );
        let seen = other.offer_chains().get(chain).send().await.unwrap();
        assert_eq!(price(&seen), "9.99", "the attribute condition is not met");

        // The VIP buys the sword: the discount's one use is spent, the bonus granted once.
        vip_client
            .offer_chains()
            .claim(chain, 1)
            .send()
            .await
            .unwrap();
        let order = vip_client
            .offer_chains()
            .order(chain, 2)
            .send()
            .await
            .unwrap();
        assert_eq!(h.quantity("vip1", "gems"), 0, "nothing before payment");
        assert!(h.emu.pay_order(order.order_id.0).unwrap());
        assert!(!h.emu.pay_order(order.order_id.0).unwrap());
        assert_eq!(h.quantity("vip1", "sword"), 1);
        assert_eq!(h.quantity("vip1", "gems"), 5, "the bonus, exactly once");
        let limit = admin
            .user_limits()
            .promotion(d, "vip1")
            .send()
            .await
            .unwrap();
        assert_eq!((limit.per_user.total, limit.per_user.available), (1, 0));
        assert_eq!(
            vip_client
                .offer_chains()
                .get(chain)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(3))
        );

        // With the use spent, the discount no longer applies; a refresh brings it back.
        admin.offer_chains().toggle(chain).send().await.unwrap();
        let mut again = offer_input(T0);
        again.name = LocalizedText::en("Again");
        let chain2 = admin
            .offer_chains()
            .create(again)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        vip_client
            .offer_chains()
            .claim(chain2, 1)
            .send()
            .await
            .unwrap();
        assert_eq!(
            price(&vip_client.offer_chains().get(chain2).send().await.unwrap()),
            "9.99"
        );
        admin
            .user_limits()
            .refresh_promotion(d, Some("vip1".into()))
            .send()
            .await
            .unwrap();
        assert_eq!(
            price(&vip_client.offer_chains().get(chain2).send().await.unwrap()),
            "8.99"
        );

        // A deactivated bonus grants nothing.
        admin.promotions().deactivate(gift).send().await.unwrap();
        let order = vip_client
            .offer_chains()
            .order(chain2, 2)
            .send()
            .await
            .unwrap();
        assert!(h.emu.pay_order(order.order_id.0).unwrap());
        assert_eq!(h.quantity("vip1", "gems"), 5);
        assert_eq!(h.quantity("vip1", "sword"), 2);
    });
}

#[test]
fn seeds_load_discounts_bonuses_and_rules_in_admin_shapes() {
    rt().block_on(async {
        let mut seed = catalog_seed();
        let extra = xsolla_liveops_emulator::Seed::from_json(
            r#"{
              "discounts": [
                {"name": {"en-US": "v3"}, "promotion_periods": [{"date_from": "2025-01-01T00:00:00Z"}],
                 "discount": {"percent": "50"}, "items": [{"sku": "sword"}]},
                {"name": {"en-US": "v2"}, "date_start": "2025-01-01T00:00:00Z", "date_end": null,
                 "discount": {"percent": "10"}, "items": [{"sku": "shield"}], "is_enabled": false}
              ],
              "bonuses": [{"name": {"en-US": "gift"}, "condition": null, "bonus": [{"sku": "gold", "quantity": 3}]}],
              "personalization_rules": [{"name": "Orks", "is_enabled": true,
                 "attribute_conditions": [{"attribute": "race", "type": "string", "operator": "eq", "value": "ork"}],
                 "items": [{"sku": "chest"}]}]
            }"#,
        )
        .unwrap();
        seed.discounts = extra.discounts;
        seed.bonuses = extra.bonuses;
        seed.personalization_rules = extra.personalization_rules;
        let h = Harness::with_config(xsolla_liveops_emulator::Config::default().with_seed(seed), T0 + 60).await;
        let c = h.client("p1");
        let all = c.admin().promotions().list().send().await.unwrap();
        assert_eq!(all.total_promotions_count, Some(3));
        assert_eq!(all.inactive_promotions_count, Some(1));
        let chain = c.admin().offer_chains().create(offer_input(T0)).send().await.unwrap().offer_chain_id;
        let seen = c.offer_chains().get(chain).send().await.unwrap();
        assert_eq!(seen.steps[1].step_price.as_ref().unwrap().amount.as_str(), "5.00");
        assert_eq!(seen.steps[3].step_price.as_ref().unwrap().amount.as_str(), "4.99", "seeded disabled");
        assert_eq!(c.admin().personalization().all().send().await.unwrap().items.len(), 1);

        // A bad seed section is refused with the property named.
        let bad = xsolla_liveops_emulator::Seed::from_json(
            r#"{"discounts": [{"name": {"en-US": "x"}, "discount": {"percent": "10"}, "items": [{"sku": "nope"}]}]}"#,
        )
        .unwrap();
        let err = xsolla_liveops_emulator::Emulator::start(xsolla_liveops_emulator::Config::default().with_seed(bad))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("discounts[0]") || err.to_string().contains("items[0].sku"), "{err}");
    });
}
