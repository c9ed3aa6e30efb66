//! Every reward chain and value point operation: value points and the items that earn them,
//! claims against balances (granted through the control API and by items that award points),
//! scheduled and admin resets, administration on `/v2` and `/v3`, personalization.

use crate::common::*;
use crate::reward_chain_support::*;
use reqwest::Method;
use serde_json::{Value, json};
use xsolla_liveops::models::common::{
    AttributeCondition, LocalizedText, RecurrentSchedule, StepItemInput, StringOperator,
};
use xsolla_liveops::models::daily::DailyChainType;
use xsolla_liveops::models::rewards::{
    ClaimRefusal, ItemValuePointsInput, RewardChainInput, RewardChainUpdate, RewardItemInput,
    RewardStepInput, RewardStepUpdate, StepPrice, ValuePointInput,
};
use xsolla_liveops::{Client, RewardChainId, StepId};

/// A plain chain on `vp`: step `i` costs `prices[i]` and grants `(i + 1) × 10` gold.
fn chain_input(vp: &str, prices: &[i64]) -> RewardChainInput {
    let steps: Vec<(i64, &str, i64)> = (1..)
        .zip(prices)
        .map(|(n, &price)| (price, "gold", n * 10))
        .collect();
    RewardChainInput {
        description: Some(LocalizedText::en("Shop to progress")),
        long_description: Some(LocalizedText::en("Every purchase brings points")),
        image_url: Some("https://img/quest.png".into()),
        order: Some(1),
        ..chain(
            LocalizedText::en("Weekly quest").with("de", "Wochenquest"),
            vp,
            "Level",
            &steps,
        )
    }
}

async fn value_point(c: &Client, sku: &str) {
    let mut body = ValuePointInput::new(sku, LocalizedText::en("Star points"));
    body.description = Some(LocalizedText::en("Shiny"));
    body.image_url = Some("https://img/star.png".into());
    c.admin().value_points().create(body).send().await.unwrap();
}

/// Every grant credits what its item earns at that moment: a change of an item's rewards
/// (PUT, PATCH, DELETE) counts from the next grant on.
#[test]
fn a_grant_credits_the_item_rewards_as_they_stand() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("admin");
        value_point(&c, "star").await;
        let vps = c.admin().value_points();
        // The star balance after a grant of `quantity` gold.
        let grant = |quantity: i64| {
            let h = &h;
            async move {
                h.grant("p1", "gold", quantity).await;
                grant_points(h, "p1", "star", 0).await
            }
        };
        assert_eq!(grant(1).await, 0, "gold earns nothing yet");
        vps.set_item_rewards("star", vec![ItemValuePointsInput::new("gold", 2)])
            .send()
            .await
            .unwrap();
        assert_eq!(grant(3).await, 6);
        vps.patch_item_rewards("star", vec![ItemValuePointsInput::new("gold", 5)])
            .send()
            .await
            .unwrap();
        assert_eq!(grant(1).await, 11);
        vps.delete_item_rewards("star").send().await.unwrap();
        assert_eq!(grant(4).await, 11, "no longer earned");
    });
}

#[test]
fn value_points_and_the_items_that_earn_them() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("admin");
        let vps = c.admin().value_points();
        let created = vps
            .create(ValuePointInput::new(
                "star",
                LocalizedText::en("Star points"),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(created.sku.0, "star");
        assert!(created.item_id.unwrap().0 > 5000);
        for sku in ["star", "gold"] {
            let err = vps
                .create(ValuePointInput::new(sku, LocalizedText::en("Again")))
                .send()
                .await
                .unwrap_err();
            assert_eq!(api(&err).0, 422, "{sku} is taken");
        }
        let mut clan = ValuePointInput::new("clan_star", LocalizedText::en("Clan stars"));
        clan.is_clan = Some(true);
        clan.order = Some(0);
        vps.create(clan).send().await.unwrap();

        let list = vps.list().send().await.unwrap();
        let skus: Vec<&str> = list.items.iter().map(|v| v.sku.0.as_str()).collect();
        assert_eq!(skus, ["clan_star", "star"], "ordered by `order`");
        let star = vps.get("star").send().await.unwrap();
        assert!(star.is_enabled && !star.is_clan);
        assert_eq!(star.can_delete, Some(true));
        assert_eq!(
            star.item_type,
            Some(xsolla_liveops::models::common::ItemType::ValuePoint)
        );

        let mut renamed = ValuePointInput::from(star.clone());
        renamed.name = LocalizedText::en("Stars").with("de", "Sterne");
        vps.update("star", renamed.clone()).send().await.unwrap();
        assert_eq!(
            vps.get("star").send().await.unwrap().name.get("de"),
            Some("Sterne")
        );
        let mut to_clan = renamed.clone();
        to_clan.is_clan = Some(true);
        assert_eq!(
            api(&vps.update("star", to_clan).send().await.unwrap_err()).0,
            422
        );
        let mut other_sku = renamed.clone();
        other_sku.sku = "moon".into();
        assert_eq!(
            api(&vps.update("star", other_sku).send().await.unwrap_err()).0,
            422
        );
        let err = vps.get("nope").send().await.unwrap_err();
        assert_eq!(
            api(&err),
            (
                404,
                4001,
                "[0401-4001]: Item with sku = 'nope' not found".to_owned()
            )
        );
        assert_eq!(
            api(&vps.update("nope", renamed).send().await.unwrap_err()).0,
            404
        );

        // Item rewards: PUT replaces, PATCH changes the listed items (0 removes), DELETE clears.
        vps.set_item_rewards(
            "star",
            vec![
                ItemValuePointsInput::new("potion", 10),
                ItemValuePointsInput::new("chest", 50),
            ],
        )
        .send()
        .await
        .unwrap();
        let list = vps.item_rewards("star").send().await.unwrap();
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[0].sku.0, "chest");
        assert!(list.items[0].item_id.is_some());
        assert_eq!(
            list.items[1].name.as_ref().unwrap().get("en"),
            Some("Potion")
        );
        vps.patch_item_rewards(
            "star",
            vec![
                ItemValuePointsInput::new("potion", 0),
                ItemValuePointsInput::new("gold", 1),
            ],
        )
        .send()
        .await
        .unwrap();
        let amounts: Vec<(String, i64)> = vps
            .item_rewards("star")
            .send()
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| (i.sku.0, i.amount))
            .collect();
        assert_eq!(amounts, [("chest".to_owned(), 50), ("gold".to_owned(), 1)]);
        let err = vps
            .set_item_rewards("star", vec![ItemValuePointsInput::new("electric_shiel", 1)])
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            api(&err),
            (
                404,
                4001,
                "[0401-4001]: Item with sku = 'electric_shiel' not found".to_owned()
            )
        );
        for body in [
            vec![
                ItemValuePointsInput::new("gold", 1),
                ItemValuePointsInput::new("gold", 2),
            ],
            vec![ItemValuePointsInput::new("gold", -1)],
        ] {
            assert_eq!(
                api(&vps.set_item_rewards("star", body).send().await.unwrap_err()).0,
                422
            );
        }
        let too_many: Vec<_> = (0..101)
            .map(|_| ItemValuePointsInput::new("gold", 1))
            .collect();
        assert_eq!(
            api(&vps
                .patch_item_rewards("star", too_many)
                .send()
                .await
                .unwrap_err())
            .0,
            422
        );
        assert_eq!(
            vps.item_rewards("star").send().await.unwrap().items.len(),
            2,
            "refused writes change nothing"
        );
        vps.delete_item_rewards("star").send().await.unwrap();
        assert!(
            vps.item_rewards("star")
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        for err in [
            vps.item_rewards("nope").send().await.unwrap_err(),
            vps.delete_item_rewards("nope").send().await.unwrap_err(),
            vps.set_item_rewards("nope", vec![])
                .send()
                .await
                .unwrap_err(),
        ] {
            assert_eq!(api(&err).0, 404);
        }

        // A value point in use cannot be deleted.
        let id = create_chain(&c, chain_input("star", &[10])).await;
        assert_eq!(
            vps.get("star").send().await.unwrap().can_delete,
            Some(false)
        );
        assert_eq!(api(&vps.delete("star").send().await.unwrap_err()).0, 422);
        c.admin().reward_chains().delete(id).send().await.unwrap();
        vps.delete("star").send().await.unwrap();
        assert_eq!(api(&vps.get("star").send().await.unwrap_err()).0, 404);
        assert_eq!(api(&vps.delete("star").send().await.unwrap_err()).0, 404);

        // Raw: unknown properties, wrong types, missing fields, auth.
        let url = h.v2("/admin/items/value_points");
        for body in [
            r#"{"sku":"x","name":{"en":"X"},"colour":"red"}"#,
            r#"{"sku":"x","name":"X"}"#,
            r#"{"name":{"en":"X"}}"#,
            r#"{"sku":"bad sku!","name":{"en":"X"}}"#,
            r#"{"sku":"x","name":{"en":"X"},"media_list":[{"type":"AAA","url":"https://x"}]}"#,
        ] {
            let (status, body, _) = h.raw(Method::POST, &url, h.basic(), Some(body)).await;
            assert_eq!(
                (status, body["errorCode"].clone()),
                (422, json!(1102)),
                "{body}"
            );
        }
        let (status, body, _) = h.raw(Method::GET, &url, None, None).await;
        assert_eq!((status, body["errorCode"].clone()), (401, json!(1020)));
        let rewards = h.v2("/admin/items/clan_star/value_points/rewards");
        let (status, body, _) = h
            .raw(
                Method::PATCH,
                &rewards,
                h.basic(),
                Some(r#"[{"sku":"gold"}]"#),
            )
            .await;
        assert_eq!((status, body["errorCode"].clone()), (422, json!(1102)));
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &rewards,
                h.basic(),
                Some(r#"{"sku":"gold","amount":1}"#),
            )
            .await;
        assert_eq!(status, 422, "the body is an array");
    });
}

#[test]
fn claims_follow_the_balance_the_control_api_grants() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        value_point(&c, "star").await;
        let id = create_chain(&c, chain_input("star", &[10, 30, 60])).await;
        let steps = step_ids(&c, id).await;

        let list = c.reward_chains().list().send().await.unwrap();
        assert_eq!(list.total_items_count, Some(1));
        let chain = &list.items[0];
        assert_eq!(chain.reward_chain_id, id);
        assert_eq!(chain.name, "Weekly quest");
        assert_eq!(chain.value_point.name, "Star points");
        assert_eq!(chain.value_point.is_clan, Some(false));
        assert_eq!(chain.balance(), 0);
        assert_eq!(chain.steps.len(), 3);
        assert_eq!(chain.steps[0].reward[0].sku.0, "gold");
        assert_eq!(chain.steps[0].reward[0].name.as_deref(), Some("Gold"));
        assert!(chain.steps.iter().all(|s| !s.is_claimed));
        assert_eq!(chain.steps[2].price.amount, 60);

        let err = claim_refused(&c, id, steps[0]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotEnoughPoints));
        assert_eq!(
            api(&err),
            (
                422,
                9913,
                "[0401-9913]: Not enough value points to claim step reward.".to_owned()
            )
        );

        assert_eq!(grant_points(&h, "p1", "star", 15).await, 15);
        let vp = c.reward_chains().balance(id).send().await.unwrap();
        assert_eq!((vp.sku.0.as_str(), vp.amount), ("star", 15));
        assert_eq!(vp.description.as_deref(), Some("Shiny"));
        c.reward_chains().claim(id, steps[0]).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 10);
        let err = claim_refused(&c, id, steps[0]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::AlreadyClaimed));
        assert_eq!(api(&err).1, 9912);
        let err = claim_refused(&c, id, steps[1]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotEnoughPoints));

        assert_eq!(grant_points(&h, "p1", "star", 20).await, 35);
        c.reward_chains().claim(id, steps[1]).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 30);
        // Claims do not spend points: steps are thresholds.
        assert_eq!(
            c.reward_chains().balance(id).send().await.unwrap().amount,
            35
        );
        let chain = first_chain(&c).await;
        assert_eq!(
            chain.steps.iter().map(|s| s.is_claimed).collect::<Vec<_>>(),
            [true, true, false]
        );
        assert_eq!(chain.next_locked_step(35).map(|(_, m)| m), Some(25));

        // Another player's points are their own.
        let p2 = h.client("p2");
        assert_eq!(
            p2.reward_chains().balance(id).send().await.unwrap().amount,
            0
        );
        let err = claim_refused(&p2, id, steps[0]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotEnoughPoints));

        // Unknown step or chain: 404/9911; unknown chain on the balance: 404.
        let err = claim_refused(&c, id, StepId(987_654)).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::StepNotFound));
        assert_eq!(
            api(&err),
            (
                404,
                9911,
                "[0401-9911]: Reward chain step not found.".to_owned()
            )
        );
        let err = claim_refused(&c, RewardChainId(999), steps[0]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::StepNotFound));
        let err = c
            .reward_chains()
            .balance(RewardChainId(999))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 404);

        // Taking points away never goes below zero; claims stay.
        assert_eq!(grant_points(&h, "p1", "star", -100).await, 0);
        let chain = first_chain(&c).await;
        assert_eq!(chain.balance(), 0);
        assert!(chain.steps[0].is_claimed);

        // Raw: odd path segments and missing auth.
        for path in [
            format!("/user/reward_chain/{}/step/abc/claim", id.0),
            format!("/user/reward_chain/x/step/{}/claim", steps[0].0),
        ] {
            let (status, body, _) = h
                .raw(Method::POST, &h.v2(&path), h.bearer("p1"), None)
                .await;
            assert_eq!((status, body["errorCode"].clone()), (404, json!(9911)));
        }
        let (status, body, _) = h
            .raw(Method::GET, &h.v2("/user/reward_chain"), None, None)
            .await;
        assert_eq!((status, body["errorCode"].clone()), (401, json!(1501)));
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/reward_chain"),
                Some("Bearer nope".into()),
                None,
            )
            .await;
        assert_eq!(status, 401);
        let (status, body, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/reward_chain?limit=abc"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!((status, body["errorCode"].clone()), (422, json!(1102)));
    });
}

#[test]
fn items_that_award_points_credit_them_wherever_they_are_granted() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        value_point(&c, "star").await;
        c.admin()
            .value_points()
            .set_item_rewards(
                "star",
                vec![
                    ItemValuePointsInput::new("potion", 10),
                    ItemValuePointsInput::new("sword", 25),
                ],
            )
            .send()
            .await
            .unwrap();
        let id = create_chain(&c, chain_input("star", &[20, 45])).await;
        let steps = step_ids(&c, id).await;

        // A daily chain step that grants two potions earns 20 points.
        let mut daily = daily_input(DailyChainType::CalendarHard, false, T0, 2);
        daily.steps[0].items = vec![StepItemInput {
            sku: "potion".into(),
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
        c.daily_chains().claim(daily_id, 1).send().await.unwrap();
        assert_eq!(
            c.reward_chains().balance(id).send().await.unwrap().amount,
            20
        );
        c.reward_chains().claim(id, steps[0]).send().await.unwrap();

        // An offer chain: a free potion (10) and a paid sword (25) once paid.
        let offer_id = c
            .admin()
            .offer_chains()
            .create(offer_input(T0))
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        c.offer_chains().claim(offer_id, 1).send().await.unwrap();
        let order = c.offer_chains().order(offer_id, 2).send().await.unwrap();
        assert_eq!(
            c.reward_chains().balance(id).send().await.unwrap().amount,
            30
        );
        let err = claim_refused(&c, id, steps[1]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotEnoughPoints));
        assert!(h.emu.pay_order(order.order_id.0).unwrap());
        assert_eq!(
            c.reward_chains().balance(id).send().await.unwrap().amount,
            55
        );
        c.reward_chains().claim(id, steps[1]).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 30);

        // The control API reports the same balance.
        assert_eq!(grant_points(&h, "p1", "star", 0).await, 55);
    });
}

#[test]
fn schedules_reset_balances_and_claims_at_the_boundary() {
    rt().block_on(async {
        // 2025-01-01 is a Wednesday; the weekly reset is Monday 00:00 UTC.
        let h = Harness::start(T0 + 3600).await;
        let c = h.client("p1");
        value_point(&c, "star").await;
        let mut weekly = chain_input("star", &[10]);
        weekly.recurrent_schedule = Some(RecurrentSchedule::Weekly {
            day_of_week: 1,
            time: "00:00:00+00:00".into(),
        });
        let mut monthly = chain_input("star", &[10]);
        monthly.recurrent_schedule = Some(RecurrentSchedule::Monthly {
            day_of_month: 1,
            time: "00:00:00+00:00".into(),
        });
        let w = create_chain(&c, weekly).await;
        let m = create_chain(&c, monthly).await;
        let (ws, ms) = (step_ids(&c, w).await[0], step_ids(&c, m).await[0]);
        let monday = T0 + 5 * DAY;

        grant_points(&h, "p1", "star", 50).await;
        c.reward_chains().claim(w, ws).send().await.unwrap();
        c.reward_chains().claim(m, ms).send().await.unwrap();
        let list = c.reward_chains().list().send().await.unwrap();
        let week = list.items.iter().find(|x| x.reward_chain_id == w).unwrap();
        let schedule = week.recurrent_schedule.as_ref().unwrap();
        assert_eq!(schedule.reset_next_date.map(|t| t.0), Some(monday));
        let month = list.items.iter().find(|x| x.reward_chain_id == m).unwrap();
        assert_eq!(
            month
                .recurrent_schedule
                .as_ref()
                .unwrap()
                .reset_next_date
                .map(|t| t.0),
            Some(T0 + 31 * DAY)
        );
        let admin = c.admin().reward_chains().get(w).send().await.unwrap();
        let state = admin.recurrent_schedule.unwrap();
        assert_eq!(state.reset_next_date.map(|t| t.0), Some(monday));
        assert!(
            state
                .displayable_reset_next_date
                .unwrap()
                .starts_with("2025-01-06T00:00:00")
        );

        // One second before the reset nothing changed; at the reset the week starts over.
        h.emu.clock().set_unix(monday - 1);
        let err = claim_refused(&c, w, ws).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::AlreadyClaimed));
        h.emu.clock().set_unix(monday);
        let week = c.reward_chains().balance(w).send().await.unwrap();
        assert_eq!(week.amount, 0, "a new period starts without points");
        assert_eq!(
            c.reward_chains().balance(m).send().await.unwrap().amount,
            50
        );
        let chain = c
            .reward_chains()
            .list()
            .send()
            .await
            .unwrap()
            .items
            .into_iter()
            .find(|x| x.reward_chain_id == w)
            .unwrap();
        assert!(!chain.steps[0].is_claimed);
        let err = claim_refused(&c, w, ws).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotEnoughPoints));
        grant_points(&h, "p1", "star", 10).await;
        c.reward_chains().claim(w, ws).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 30);
        let err = claim_refused(&c, m, ms).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::AlreadyClaimed));

        // February: the monthly chain starts over too.
        h.emu.clock().set_unix(T0 + 31 * DAY);
        assert_eq!(c.reward_chains().balance(m).send().await.unwrap().amount, 0);

        // Daily and hourly schedules are not for reward chains.
        for schedule in [
            RecurrentSchedule::Daily {
                time: "00:00:00+00:00".into(),
            },
            RecurrentSchedule::Hourly {},
            RecurrentSchedule::Weekly {
                day_of_week: 9,
                time: "00:00:00+00:00".into(),
            },
            RecurrentSchedule::Monthly {
                day_of_month: 1,
                time: "00:30:00+00:00".into(),
            },
        ] {
            let mut body = chain_input("star", &[10]);
            body.recurrent_schedule = Some(schedule);
            let err = c
                .admin()
                .reward_chains()
                .create(body)
                .send()
                .await
                .unwrap_err();
            assert_eq!(api(&err).0, 422);
        }
    });
}

#[test]
fn admin_crud_toggle_and_reset_on_both_prefixes() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let admin = c.admin();
        value_point(&c, "star").await;
        let id = create_chain(&c, chain_input("star", &[10, 20])).await;
        let chain = admin.reward_chains().get(id).send().await.unwrap();
        assert_eq!(chain.steps.len(), 2);
        assert!(chain.steps.iter().all(|s| s.step_id.is_some()));
        assert_eq!(chain.is_always_visible, Some(true));
        assert_eq!(
            chain
                .value_point
                .name
                .as_ref()
                .and_then(|n| n.resolve("en")),
            Some("Star points")
        );
        assert_eq!(chain.value_point.is_clan, Some(false));
        assert!(!chain.is_clan());
        let list = admin.reward_chains().list().send().await.unwrap();
        assert_eq!(list.items.len(), 1);
        assert!(list.items[0].steps.is_empty(), "the list leaves steps out");
        let mut disabled = admin.reward_chains().list();
        disabled.endpoint_mut().enabled = Some(false);
        assert!(disabled.send().await.unwrap().items.is_empty());
        for prefix in ["v2", "v3"] {
            let url = h.url(&format!(
                "/{prefix}/project/{}/admin/reward_chain?enabled=1",
                h.emu.project_id()
            ));
            let (status, body, _) = h.raw(Method::GET, &url, h.basic(), None).await;
            assert_eq!(status, 200);
            assert_eq!(body["items"][0]["reward_chain_id"], json!(id.0));
            assert_eq!(body["has_more"], json!(false));
        }

        grant_points(&h, "p1", "star", 15).await;
        let steps = step_ids(&c, id).await;
        c.reward_chains().claim(id, steps[0]).send().await.unwrap();

        // Update keeps the claims of steps sent with their ids, and adds new ones.
        let mut body = RewardChainUpdate::from(chain.clone());
        body.name = LocalizedText::en("Renamed");
        body.steps.push(RewardStepUpdate::from(RewardStepInput {
            name: LocalizedText::en("Level 3"),
            price: StepPrice::points(30),
            image_url: None,
            reward: vec![RewardItemInput::new("chest", 1)],
        }));
        admin
            .reward_chains()
            .update(id, body.clone())
            .send()
            .await
            .unwrap();
        let read = first_chain(&c).await;
        assert_eq!(read.name, "Renamed");
        assert_eq!(read.steps.len(), 3);
        assert!(read.steps[0].is_claimed, "the claim survived");
        let mut foreign = body.clone();
        foreign.steps[0].step_id = Some(StepId(424_242));
        assert_eq!(
            api(&admin
                .reward_chains()
                .update(id, foreign)
                .send()
                .await
                .unwrap_err())
            .0,
            422
        );
        let err = admin
            .reward_chains()
            .update(RewardChainId(999), body.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            api(&err),
            (404, 9901, "[0401-4001]: Reward chain not found".to_owned())
        );

        // Toggle (/v3 from the client, /v2 raw): a disabled chain is hidden and refuses claims.
        admin.reward_chains().toggle(id).send().await.unwrap();
        assert!(
            c.reward_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        let err = claim_refused(&c, id, steps[1]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotClaimable));
        assert_eq!(
            api(&err).2,
            "[0401-9912]: Can't claim the step reward.".to_owned()
        );
        let toggle = h.v2(&format!("/admin/reward_chain/id/{}/toggle", id.0));
        let (status, _, _) = h.raw(Method::PUT, &toggle, h.basic(), None).await;
        assert_eq!(status, 204);
        assert_eq!(
            c.reward_chains().list().send().await.unwrap().items.len(),
            1
        );

        // Reset (/v3 from the client, /v2 raw): points and claims are gone for everybody.
        admin.reward_chains().reset(id).send().await.unwrap();
        let read = first_chain(&c).await;
        assert_eq!(read.balance(), 0);
        assert!(!read.steps[0].is_claimed);
        grant_points(&h, "p1", "star", 10).await;
        c.reward_chains().claim(id, steps[0]).send().await.unwrap();
        assert_eq!(
            h.quantity("p1", "gold"),
            20,
            "claimed once before and once after"
        );
        let reset = h.v2(&format!("/admin/reward_chain/id/{}/reset", id.0));
        let (status, _, _) = h.raw(Method::POST, &reset, h.basic(), None).await;
        assert_eq!(status, 204);
        assert_eq!(
            c.reward_chains().balance(id).send().await.unwrap().amount,
            0
        );

        // Validation.
        let mut clan_fields = chain_input("star", &[10]);
        clan_fields.popup_header = Some(LocalizedText::en("Clan"));
        let mut no_steps = chain_input("star", &[10]);
        no_steps.steps.clear();
        let too_many = chain_input("star", &[1; 32]);
        let mut unknown_item = chain_input("star", &[10]);
        unknown_item.steps[0].reward[0].sku = "nope".into();
        let mut zero_quantity = chain_input("star", &[10]);
        zero_quantity.steps[0].reward[0].quantity = 0;
        let free = chain_input("star", &[0]);
        let unknown_vp = chain_input("moon", &[10]);
        let mut ends_first = chain_input("star", &[10]);
        ends_first.date_end = Some(date(T0 - DAY));
        let mut eleven = chain_input("star", &[10]);
        eleven.steps[0].reward = (0..11).map(|_| RewardItemInput::new("gold", 1)).collect();
        let mut bad_lang = chain_input("star", &[10]);
        bad_lang.name = LocalizedText::en("x").with("xx", "y");
        for body in [
            clan_fields,
            no_steps,
            too_many,
            unknown_item,
            zero_quantity,
            free,
            unknown_vp,
            ends_first,
            eleven,
            bad_lang,
        ] {
            let err = admin.reward_chains().create(body).send().await.unwrap_err();
            assert_eq!(api(&err).0, 422, "{err}");
            assert_eq!(api(&err).1, 1102);
        }
        let create = h.v2("/admin/reward_chain");
        let mut raw = serde_json::to_value(chain_input("star", &[10])).unwrap();
        raw["reward_chain_id"] = json!(5);
        let (status, body, _) = h
            .raw(Method::POST, &create, h.basic(), Some(&raw.to_string()))
            .await;
        assert_eq!((status, body["errorCode"].clone()), (422, json!(1102)));
        let mut raw_update = serde_json::to_value(&body_of(&admin, id).await).unwrap();
        raw_update["value_point"] = json!({"sku": "star"});
        let (status, body, _) = h
            .raw(
                Method::PUT,
                &h.v2(&format!("/admin/reward_chain/id/{}", id.0)),
                h.basic(),
                Some(&raw_update.to_string()),
            )
            .await;
        assert_eq!(
            (status, body["errorCode"].clone()),
            (422, json!(1102)),
            "{body}"
        );
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/admin/reward_chain/id/abc"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, body, _) = h.raw(Method::GET, &create, None, None).await;
        assert_eq!((status, body["errorCode"].clone()), (401, json!(1020)));

        // Delete on /v3 (client) and /v2 (raw).
        admin.reward_chains().delete(id).send().await.unwrap();
        let err = admin.reward_chains().get(id).send().await.unwrap_err();
        assert_eq!(api(&err).1, 9901);
        for err in [
            admin.reward_chains().delete(id).send().await.unwrap_err(),
            admin.reward_chains().toggle(id).send().await.unwrap_err(),
            admin.reward_chains().reset(id).send().await.unwrap_err(),
        ] {
            assert_eq!(api(&err).0, 404);
        }
        let second = create_chain(&c, chain_input("star", &[10])).await;
        let url = h.v2(&format!("/admin/reward_chain/id/{}", second.0));
        let (status, _, _) = h.raw(Method::DELETE, &url, h.basic(), None).await;
        assert_eq!(status, 204);
        let (status, body, _) = h.raw(Method::DELETE, &url, h.basic(), None).await;
        assert_eq!((status, body["errorCode"].clone()), (404, json!(9901)));
        assert_eq!(h.quantity("p1", "gold"), 20, "granted items stay");
    });
}

async fn body_of(
    admin: &xsolla_liveops::client::Admin<'_>,
    id: RewardChainId,
) -> RewardChainUpdate {
    RewardChainUpdate::from(admin.reward_chains().get(id).send().await.unwrap())
}

fn condition(value: &str) -> AttributeCondition {
    AttributeCondition::String {
        attribute: "tier".into(),
        operator: StringOperator::Eq,
        value: value.into(),
        can_be_missing: None,
    }
}

#[test]
fn attribute_conditions_decide_chains_and_rewards() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("admin");
        value_point(&c, "star").await;
        let mut gold_only = chain_input("star", &[10]);
        gold_only.attribute_conditions = Some(vec![condition("gold")]);
        gold_only.steps[0].reward.push(RewardItemInput {
            sku: "gems".into(),
            quantity: 5,
            attribute_conditions: Some(vec![condition("gold")]),
        });
        let mut fallback = chain_input("star", &[10]);
        fallback.is_always_visible = Some(false);
        let mut everyone = chain_input("star", &[10]);
        everyone.steps[0].reward.push(RewardItemInput {
            sku: "gems".into(),
            quantity: 7,
            attribute_conditions: Some(vec![condition("gold")]),
        });
        let gold_id = create_chain(&c, gold_only).await;
        let fallback_id = create_chain(&c, fallback).await;
        let everyone_id = create_chain(&c, everyone).await;

        h.emu
            .set_attributes("vip", json!({"tier": "gold"}).as_object().unwrap().clone())
            .unwrap();
        let seen = |client: Client| async move {
            let mut ids: Vec<i64> = client
                .reward_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .iter()
                .map(|x| x.reward_chain_id.0)
                .collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(seen(h.client("vip")).await, [gold_id.0, everyone_id.0]);
        assert_eq!(seen(h.client("pleb")).await, [fallback_id.0, everyone_id.0]);

        // The conditional reward is shown to and granted to matching players only.
        let vip = h.client("vip");
        let pleb = h.client("pleb");
        let rewards_of = |client: Client| async move {
            client
                .reward_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .into_iter()
                .find(|x| x.reward_chain_id == everyone_id)
                .unwrap()
                .steps[0]
                .reward
                .len()
        };
        assert_eq!(rewards_of(vip.clone()).await, 2);
        assert_eq!(rewards_of(pleb.clone()).await, 1);
        for sub in ["vip", "pleb"] {
            grant_points(&h, sub, "star", 10).await;
        }
        let step = step_ids(&c, everyone_id).await[0];
        vip.reward_chains()
            .claim(everyone_id, step)
            .send()
            .await
            .unwrap();
        pleb.reward_chains()
            .claim(everyone_id, step)
            .send()
            .await
            .unwrap();
        assert_eq!(h.quantity("vip", "gems"), 7);
        assert_eq!(h.quantity("pleb", "gems"), 0);
        assert_eq!(h.quantity("pleb", "gold"), 10);

        // A chain the player does not see cannot be claimed.
        let step = step_ids(&c, gold_id).await[0];
        let err = claim_refused(&pleb, gold_id, step).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotClaimable));
        let err = pleb
            .reward_chains()
            .balance(gold_id)
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 404);
    });
}

#[test]
fn the_builtin_demo_fills_its_reward_chain_with_daily_rewards() {
    rt().block_on(async {
        let h = Harness::with_config(xsolla_liveops_emulator::Config::default(), T0 + 60).await;
        let c = h.client("hero");
        let journey = first_chain(&c).await;
        assert_eq!(journey.value_point.sku.0, "hero_points");
        assert_eq!(journey.steps.len(), 3);
        let daily = c
            .daily_chains()
            .list()
            .send()
            .await
            .unwrap()
            .items
            .remove(0);
        for day in 1..=7 {
            c.daily_chains().claim(daily.id, day).send().await.unwrap();
            h.emu.clock().advance(DAY);
        }
        let balance = c
            .reward_chains()
            .balance(journey.reward_chain_id)
            .send()
            .await
            .unwrap()
            .amount;
        let last = journey.steps.iter().map(|s| s.price.amount).max().unwrap();
        assert!(
            balance >= last,
            "a week of daily rewards fills the chain: {balance}"
        );
        for step in &journey.steps {
            c.reward_chains()
                .claim(journey.reward_chain_id, step.step_id)
                .send()
                .await
                .unwrap();
        }
        assert_eq!(h.quantity("hero", "dragon_shield"), 1);
        let upsell = c.upsell().items().send().await.unwrap();
        assert_eq!(upsell.items.len(), 3);
        let vp: Value = serde_json::to_value(&upsell.items[0].vp_rewards).unwrap();
        assert_eq!(vp[0]["sku"], json!("hero_points"));
    });
}

#[test]
fn every_route_checks_its_credentials_and_v3_serves_the_chain_administration() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        value_point(&c, "star").await;
        let id = create_chain(&c, chain_input("star", &[10])).await.0;
        let step = step_ids(&c, RewardChainId(id)).await[0].0;
        let user_routes = [
            (Method::GET, "/user/reward_chain".to_owned()),
            (Method::GET, format!("/user/reward_chain/{id}/balance")),
            (
                Method::POST,
                format!("/user/reward_chain/{id}/step/{step}/claim"),
            ),
            (Method::GET, format!("/user/clan/contributors/{id}/top")),
            (Method::PUT, "/user/clan/update".to_owned()),
        ];
        for (method, path) in user_routes {
            let (status, body, _) = h.raw(method.clone(), &h.v2(&path), None, None).await;
            assert_eq!(
                (status, body["errorCode"].clone()),
                (401, json!(1501)),
                "{method} {path}"
            );
        }
        let mut admin_routes = vec![
            (Method::GET, "/v2/{p}/admin/items/value_points".to_owned()),
            (Method::POST, "/v2/{p}/admin/items/value_points".to_owned()),
            (
                Method::GET,
                "/v2/{p}/admin/items/value_points/sku/star".to_owned(),
            ),
            (
                Method::PUT,
                "/v2/{p}/admin/items/value_points/sku/star".to_owned(),
            ),
            (
                Method::DELETE,
                "/v2/{p}/admin/items/value_points/sku/star".to_owned(),
            ),
        ];
        for method in [Method::GET, Method::PUT, Method::PATCH, Method::DELETE] {
            admin_routes.push((
                method,
                "/v2/{p}/admin/items/star/value_points/rewards".to_owned(),
            ));
        }
        for prefix in ["v2", "v3"] {
            for (method, rest) in [
                (Method::GET, "/admin/reward_chain".to_owned()),
                (Method::POST, "/admin/reward_chain".to_owned()),
                (Method::GET, format!("/admin/reward_chain/id/{id}")),
                (Method::PUT, format!("/admin/reward_chain/id/{id}")),
                (Method::DELETE, format!("/admin/reward_chain/id/{id}")),
                (Method::PUT, format!("/admin/reward_chain/id/{id}/toggle")),
                (Method::POST, format!("/admin/reward_chain/id/{id}/reset")),
            ] {
                admin_routes.push((method, format!("/{prefix}/{{p}}{rest}")));
            }
        }
        for (method, path) in admin_routes {
            let url = h.url(&path.replace("{p}", &format!("project/{}", h.emu.project_id())));
            for auth in [None, h.bearer("p1")] {
                let (status, body, _) = h.raw(method.clone(), &url, auth, Some("{}")).await;
                assert_eq!(
                    (status, body["errorCode"].clone()),
                    (401, json!(1020)),
                    "{method} {path}"
                );
            }
        }

        // /v3 serves create, read and update as well as delete, toggle and reset.
        let v3 = |rest: &str| {
            h.url(&format!(
                "/v3/project/{}/admin/reward_chain{rest}",
                h.emu.project_id()
            ))
        };
        let body = serde_json::to_string(&chain_input("star", &[5])).unwrap();
        let (status, created, _) = h.raw(Method::POST, &v3(""), h.basic(), Some(&body)).await;
        assert_eq!(status, 201);
        let new_id = created["reward_chain_id"].as_i64().unwrap();
        let (status, read, _) = h
            .raw(Method::GET, &v3(&format!("/id/{new_id}")), h.basic(), None)
            .await;
        assert_eq!(status, 200);
        assert_eq!(read["value_point"]["type"], json!("value_point"));
        let mut update: Value = read.clone();
        for key in [
            "reward_chain_id",
            "value_point",
            "top_contributors",
            "recurrent_schedule",
        ] {
            update.as_object_mut().unwrap().remove(key);
        }
        update["name"] = json!({"en": "Via v3"});
        let (status, body, _) = h
            .raw(
                Method::PUT,
                &v3(&format!("/id/{new_id}")),
                h.basic(),
                Some(&update.to_string()),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        let chain = c
            .admin()
            .reward_chains()
            .get(RewardChainId(new_id))
            .send()
            .await
            .unwrap();
        assert_eq!(chain.name.get("en"), Some("Via v3"));
    });
}
