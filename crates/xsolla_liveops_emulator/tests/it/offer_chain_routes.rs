//! Every offer chain operation: free claims, paid orders completed through the control API,
//! schedules, personalization, administration.

use crate::common::*;
use serde_json::json;
use xsolla_liveops::models::common::{AttributeCondition, RecurrentSchedule, StringOperator};
use xsolla_liveops::models::offer::OfferChainInput;
use xsolla_liveops::{OfferChainId, StepNumber};

#[test]
fn free_steps_are_claimed_and_paid_steps_wait_for_payment() {
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

        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert_eq!(chain.next_step_number, Some(StepNumber(1)));
        assert!(chain.steps[0].is_free && chain.steps[0].step_price.is_none());
        assert!(!chain.steps[1].is_free);
        assert_eq!(
            chain.steps[1].step_price.as_ref().unwrap().amount.as_str(),
            "9.99"
        );
        assert_eq!(
            chain.steps[2].items[0].content.len(),
            2,
            "bundle content is listed"
        );

        // Step 2 cannot be bought before step 1 is claimed.
        let err = c.offer_chains().order(id, 2).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 422);
        assert!(message.contains("The step cannot be purchased"));

        let claimed = c.offer_chains().claim(id, 1).send().await.unwrap();
        assert!(claimed.order_id.is_some());
        assert_eq!(h.quantity("p1", "potion"), 1);

        // A paid step cannot be claimed; a free one cannot be ordered.
        let err = c.offer_chains().claim(id, 2).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 422);
        assert!(message.contains("The step cannot be claimed"));
        assert!(err.api().unwrap().is_step_not_claimable());

        let order = c.offer_chains().order(id, 2).send().await.unwrap();
        assert_eq!(order.token.expose_secret().len(), 32);
        assert_eq!(h.quantity("p1", "sword"), 0, "nothing before payment");
        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert_eq!(chain.next_step_number, Some(StepNumber(2)));

        // Paying through the control API grants once, however often it is called.
        let pay = h.url(&format!("/__emulator/orders/{}/pay", order.order_id));
        let (status, body, _) = h.raw(reqwest::Method::POST, &pay, None, None).await;
        assert_eq!((status, body["granted"].clone()), (200, json!(true)));
        let (status, body, _) = h.raw(reqwest::Method::POST, &pay, None, None).await;
        assert_eq!((status, body["granted"].clone()), (200, json!(false)));
        assert!(!h.emu.pay_order(order.order_id.0).unwrap());
        assert_eq!(h.quantity("p1", "sword"), 1);
        let (status, _, _) = h
            .raw(
                reqwest::Method::POST,
                &h.url("/__emulator/orders/987654/pay"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 404);

        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert!(chain.steps[1].is_claimed);
        assert_eq!(chain.next_step_number, Some(StepNumber(3)));
        c.offer_chains().claim(id, 3).send().await.unwrap();
        // The chest opens: its 10 gold and a potion land in the inventory, not the chest.
        assert_eq!(h.quantity("p1", "chest"), 0);
        assert_eq!(h.quantity("p1", "gold"), 10);
        assert_eq!(h.quantity("p1", "potion"), 2);
        let order = c.offer_chains().order(id, 4).send().await.unwrap();
        assert!(h.emu.pay_order(order.order_id.0).unwrap());
        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert_eq!(chain.next_step_number, None);
        assert!(chain.is_completed());
        assert_eq!(
            api(&c.offer_chains().claim(id, 1).send().await.unwrap_err()).0,
            422
        );

        // Unknown chain or step: 404 with the documented texts.
        let err = c.offer_chains().claim(id, 9).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 404);
        assert!(message.contains("Either the offer chain or the step was not found"));
        assert_eq!(
            api(&c
                .offer_chains()
                .order(OfferChainId(999), 1)
                .send()
                .await
                .unwrap_err())
            .0,
            404
        );
        let err = c
            .offer_chains()
            .get(OfferChainId(999))
            .send()
            .await
            .unwrap_err();
        assert!(api(&err).2.contains("The offer chain was not found"));
    });
}

#[test]
fn admin_crud_toggle_keeps_progress() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let admin = c.admin();
        let input = offer_input(T0);
        let id = admin
            .offer_chains()
            .create(input.clone())
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let chain = admin.offer_chains().get(id).send().await.unwrap();
        assert_eq!(chain.number_of_steps, Some(4));
        assert_eq!(chain.steps[1].step_price.as_ref().unwrap().currency, "USD");
        assert!(chain.steps[0].items[0].item_id.is_some());
        let list = admin.offer_chains().list().send().await.unwrap();
        assert_eq!(list.items.len(), 1);
        assert!(list.items[0].steps.is_empty(), "the list is the short form");

        c.offer_chains().claim(id, 1).send().await.unwrap();
        let err = admin
            .offer_chains()
            .update(id, input.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 6209);

        admin.offer_chains().toggle(id).send().await.unwrap();
        assert!(
            c.offer_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert_eq!(
            api(&c.offer_chains().claim(id, 2).send().await.unwrap_err()).0,
            422
        );
        let mut body = OfferChainInput::from(admin.offer_chains().get(id).send().await.unwrap());
        body.name = xsolla_liveops::models::common::LocalizedText::en("Renamed");
        admin.offer_chains().update(id, body).send().await.unwrap();
        admin.offer_chains().toggle(id).send().await.unwrap();
        let chain = c.offer_chains().get(id).send().await.unwrap();
        assert_eq!(chain.name, "Renamed");
        assert_eq!(
            chain.next_step_number,
            Some(StepNumber(2)),
            "progress survived"
        );

        let mut two_items = input.clone();
        let extra = two_items.steps[1].items[0].clone();
        two_items.steps[0].items.push(extra);
        let mut daily = input.clone();
        daily.recurrent_schedule = Some(RecurrentSchedule::Daily {
            time: "01:00:00+00:00".into(),
        });
        let mut bad_time = input.clone();
        bad_time.recurrent_schedule = Some(RecurrentSchedule::Weekly {
            day_of_week: 8,
            time: "01:00:00+00:00".into(),
        });
        for body in [two_items, daily, bad_time] {
            assert_eq!(
                api(&admin.offer_chains().create(body).send().await.unwrap_err()).0,
                422
            );
        }

        admin.offer_chains().delete(id).send().await.unwrap();
        assert_eq!(
            api(&admin.offer_chains().get(id).send().await.unwrap_err()).0,
            404
        );
        assert_eq!(
            api(&admin.offer_chains().delete(id).send().await.unwrap_err()).0,
            404
        );
        assert_eq!(
            api(&admin.offer_chains().toggle(id).send().await.unwrap_err()).0,
            404
        );
        assert_eq!(h.quantity("p1", "potion"), 1, "granted items stay");
    });
}

#[test]
fn schedules_reset_progress_at_reset_next_date() {
    rt().block_on(async {
        // 2025-01-01 is a Wednesday.
        let h = Harness::start(T0 + 3600).await;
        let c = h.client("p1");
        let admin = c.admin();
        let mut weekly = offer_input(T0);
        weekly.recurrent_schedule = Some(RecurrentSchedule::Weekly {
            day_of_week: 1,
            time: "00:00:00+00:00".into(),
        });
        let mut hourly = offer_input(T0);
        hourly.recurrent_schedule = Some(RecurrentSchedule::Hourly {});
        let mut monthly = offer_input(T0);
        monthly.recurrent_schedule = Some(RecurrentSchedule::Monthly {
            day_of_month: 31,
            time: "00:00:00+00:00".into(),
        });
        let w = admin
            .offer_chains()
            .create(weekly)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let hr = admin
            .offer_chains()
            .create(hourly)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let m = admin
            .offer_chains()
            .create(monthly)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        for id in [w, hr, m] {
            c.offer_chains().claim(id, 1).send().await.unwrap();
        }
        let next_monday = T0 + 5 * DAY; // 2025-01-06
        let chain = c.offer_chains().get(w).send().await.unwrap();
        assert_eq!(chain.next_reset().map(|t| t.0), Some(next_monday));
        let admin_view = admin.offer_chains().get(w).send().await.unwrap();
        let state = admin_view.recurrent_schedule.unwrap();
        assert_eq!(state.reset_next_date.map(|t| t.0), Some(next_monday));
        assert!(
            state
                .displayable_reset_next_date
                .unwrap()
                .starts_with("2025-01-06T00:00:00")
        );
        assert_eq!(
            c.offer_chains()
                .get(hr)
                .send()
                .await
                .unwrap()
                .next_reset()
                .map(|t| t.0),
            Some(T0 + 2 * 3600)
        );
        assert_eq!(
            c.offer_chains()
                .get(m)
                .send()
                .await
                .unwrap()
                .next_reset()
                .map(|t| t.0),
            Some(T0 + 30 * DAY)
        );

        // Hourly: the next hour starts over.
        h.emu.clock().set_unix(T0 + 2 * 3600);
        assert_eq!(
            c.offer_chains()
                .get(hr)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(1))
        );
        assert_eq!(
            c.offer_chains()
                .get(w)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(2))
        );
        // Weekly: one second before Monday still step 2; on Monday step 1 again.
        h.emu.clock().set_unix(next_monday - 1);
        assert_eq!(
            c.offer_chains()
                .get(w)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(2))
        );
        h.emu.clock().set_unix(next_monday);
        assert_eq!(
            c.offer_chains()
                .get(w)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(1))
        );
        assert_eq!(
            c.offer_chains()
                .get(m)
                .send()
                .await
                .unwrap()
                .next_step_number,
            Some(StepNumber(2))
        );
        c.offer_chains().claim(w, 1).send().await.unwrap();
        // Monthly: Jan 31, then Feb 28 (the month is shorter).
        h.emu.clock().set_unix(T0 + 30 * DAY);
        let chain = c.offer_chains().get(m).send().await.unwrap();
        assert_eq!(chain.next_step_number, Some(StepNumber(1)));
        assert_eq!(chain.next_reset().map(|t| t.0), Some(T0 + 58 * DAY));
        assert_eq!(h.quantity("p1", "potion"), 4);
    });
}

#[test]
fn reset_on_completion_starts_over() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let c = h.client("p1");
        let mut input = offer_input(T0);
        input.steps.truncate(1);
        input.is_reset_on_completion = Some(true);
        let id = c
            .admin()
            .offer_chains()
            .create(input)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        c.offer_chains().claim(id, 1).send().await.unwrap();
        c.offer_chains().claim(id, 1).send().await.unwrap();
        assert_eq!(h.quantity("p1", "potion"), 2);
    });
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
fn attribute_conditions_and_always_visible_decide_who_sees_what() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let admin_client = h.client("admin");
        let admin = admin_client.admin();
        let mut gold = offer_input(T0);
        gold.attribute_conditions = Some(vec![condition("gold")]);
        let mut fallback = offer_input(T0);
        fallback.is_always_visible = Some(false);
        let everyone = offer_input(T0);
        let gold_id = admin
            .offer_chains()
            .create(gold)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let fallback_id = admin
            .offer_chains()
            .create(fallback)
            .send()
            .await
            .unwrap()
            .offer_chain_id;
        let everyone_id = admin
            .offer_chains()
            .create(everyone)
            .send()
            .await
            .unwrap()
            .offer_chain_id;

        // Attributes through the token mint call and through the control API.
        let (status, body, _) = h
            .raw(
                reqwest::Method::POST,
                &h.url("/__emulator/token"),
                None,
                Some(r#"{"sub":"vip","attributes":{"tier":"gold"}}"#),
            )
            .await;
        assert_eq!(status, 200);
        let vip = h.client("vip").with_user_token(
            xsolla_liveops::UserToken::parse(body["token"].as_str().unwrap()).unwrap(),
        );
        let (status, _, _) = h
            .raw(
                reqwest::Method::PUT,
                &h.url("/__emulator/users/plain/attributes"),
                None,
                Some(r#"{"tier":"silver"}"#),
            )
            .await;
        assert_eq!(status, 200);
        let plain = h.client("plain");

        let ids = |page: xsolla_liveops::models::offer::ClientOfferChainPage| -> Vec<i64> {
            page.items.iter().map(|c| c.id.0).collect()
        };
        assert_eq!(
            ids(vip.offer_chains().list().send().await.unwrap()),
            [gold_id.0, everyone_id.0]
        );
        assert_eq!(
            ids(plain.offer_chains().list().send().await.unwrap()),
            [fallback_id.0, everyone_id.0]
        );
        assert_eq!(
            api(&plain
                .offer_chains()
                .claim(gold_id, 1)
                .send()
                .await
                .unwrap_err())
            .0,
            422
        );
        assert_eq!(
            api(&plain.offer_chains().get(gold_id).send().await.unwrap_err()).0,
            404
        );
        vip.offer_chains().claim(gold_id, 1).send().await.unwrap();

        // Attributes change: so does what the player sees.
        h.emu
            .set_attributes(
                "plain",
                serde_json::from_value(json!({"tier": "gold"})).unwrap(),
            )
            .unwrap();
        assert_eq!(
            ids(plain.offer_chains().list().send().await.unwrap()),
            [gold_id.0, everyone_id.0]
        );
    });
}
