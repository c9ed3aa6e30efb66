//! Every daily chain operation through the typed client: happy paths and documented errors.

use crate::common::*;
use xsolla_liveops::models::daily::{DailyChainInput, DailyChainType, DailyStepStatus};
use xsolla_liveops::{DailyChainId, StepId};

#[test]
fn admin_creates_lists_reads_updates_toggles_and_deletes_chains() {
    rt().block_on(async {
        let h = Harness::start(T0 + 3600).await;
        let c = h.client("p1");
        let admin = c.admin();
        let input = daily_input(DailyChainType::CalendarHard, false, T0, 3);
        let id = admin
            .daily_chains()
            .create(input.clone())
            .send()
            .await
            .unwrap()
            .daily_chain_id;

        let chain = admin.daily_chains().get(id).send().await.unwrap();
        assert_eq!(chain.number_of_steps, Some(3));
        assert!(chain.is_enabled);
        let item = &chain.steps[0].items[0];
        assert_eq!(item.sku.0, "gold");
        assert!(item.item_id.is_some());
        assert_eq!(item.image_url.as_deref(), Some("https://img/gold.png"));
        assert_eq!(chain.name.get("de"), Some("Täglich"));

        // The list walks pages of at most 10.
        for _ in 0..11 {
            admin
                .daily_chains()
                .create(input.clone())
                .send()
                .await
                .unwrap();
        }
        let all = admin.daily_chains().list().all().await.unwrap();
        assert_eq!(all.len(), 12);
        let first = admin.daily_chains().list().limit(50).send().await.unwrap();
        assert_eq!(first.items.len(), 10);
        assert!(first.has_more);

        // An enabled chain cannot be edited.
        let err = admin
            .daily_chains()
            .update(id, input.clone())
            .send()
            .await
            .unwrap_err();
        let (status, code, message) = api(&err);
        assert_eq!((status, code), (422, 6209));
        assert!(message.contains("Active chain cannot be updated"));

        // Disable, edit (keeping step 1's id), read back.
        admin.daily_chains().toggle(id).send().await.unwrap();
        let mut body = DailyChainInput::from(admin.daily_chains().get(id).send().await.unwrap());
        let kept = body.steps[0].step_id;
        body.steps.truncate(2);
        body.steps[1].step_id = None;
        body.steps[1].items[0].quantity = 7;
        admin.daily_chains().update(id, body).send().await.unwrap();
        let chain = admin.daily_chains().get(id).send().await.unwrap();
        assert!(!chain.is_enabled);
        assert_eq!(chain.number_of_steps, Some(2));
        assert_eq!(chain.steps[0].step_id, kept);
        assert_ne!(chain.steps[1].step_id, None);
        assert_eq!(chain.steps[1].items[0].quantity, 7);
        let disabled = admin.daily_chains().list().all().await.unwrap();
        assert_eq!(disabled.iter().filter(|c| !c.is_enabled).count(), 1);

        admin.daily_chains().delete(id).send().await.unwrap();
        let err = admin.daily_chains().get(id).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 404);
        assert!(message.contains("Daily reward was not found"));
        for err in [
            admin.daily_chains().delete(id).send().await.unwrap_err(),
            admin.daily_chains().toggle(id).send().await.unwrap_err(),
            admin.daily_chains().reset(id).send().await.unwrap_err(),
            admin
                .daily_chains()
                .update(id, input.clone())
                .send()
                .await
                .unwrap_err(),
        ] {
            assert_eq!(api(&err).0, 404);
        }
    });
}

#[test]
fn admin_rejects_bad_configurations() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let admin_client = h.client("p1");
        let admin = admin_client.admin();
        let base = daily_input(DailyChainType::Rolling, false, T0, 3);

        let mut unknown_sku = base.clone();
        unknown_sku.steps[1].items[0].sku = "nope".into();
        let mut gap = base.clone();
        gap.steps[2].step_number = 5.into();
        let mut empty = base.clone();
        empty.steps.clear();
        let mut zero = base.clone();
        zero.steps[0].items[0].quantity = 0;
        let mut other_type = base.clone();
        other_type.chain_type = DailyChainType::Other("calendar_soft".into());
        let mut foreign_step = base.clone();
        foreign_step.steps[0].step_id = Some(StepId(999_999));
        let mut end_before_start = base.clone();
        end_before_start.date_end = Some(date(T0 - 1));
        for (body, property) in [
            (unknown_sku, "steps[1].items[0].sku"),
            (gap, "steps"),
            (empty, "steps"),
            (zero, "steps[0].items[0].quantity"),
            (other_type, "type"),
            (foreign_step, "steps[0].step_id"),
            (end_before_start, "date_end"),
        ] {
            let err = admin.daily_chains().create(body).send().await.unwrap_err();
            let (status, code, _) = api(&err);
            assert_eq!((status, code), (422, 1102), "{property}");
            let ext = err
                .api()
                .unwrap()
                .body
                .as_ref()
                .unwrap()
                .error_message_extended
                .clone()
                .unwrap();
            assert_eq!(ext[0]["property"], property);
        }
        assert!(admin.daily_chains().list().all().await.unwrap().is_empty());
    });
}

#[test]
fn players_list_get_and_claim() {
    rt().block_on(async {
        let h = Harness::start(T0 + 10).await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;

        let page = c.daily_chains().list().send().await.unwrap();
        assert_eq!(page.total_items_count, Some(1));
        let chain = &page.items[0];
        assert_eq!(chain.id, id);
        assert_eq!(chain.name, "Daily");
        let statuses: Vec<_> = chain.steps.iter().map(|s| s.status).collect();
        assert_eq!(
            statuses,
            [
                DailyStepStatus::Claimable,
                DailyStepStatus::ClaimInFuture,
                DailyStepStatus::ClaimInFuture
            ]
        );
        assert_eq!(chain.steps[1].unlocked_date.0, T0 + DAY);
        assert_eq!(chain.steps[0].items[0].name.as_deref(), Some("Gold"));

        c.daily_chains().claim(id, 1).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 1);
        let chain = c.daily_chains().get(id).send().await.unwrap();
        assert_eq!(chain.steps[0].status, DailyStepStatus::Claimed);

        // Already claimed; not unlocked yet; no such step; no such chain.
        let err = c.daily_chains().claim(id, 1).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 422);
        assert!(message.contains("Step can't be claimed"));
        assert!(err.api().unwrap().is_step_not_claimable());
        assert_eq!(
            api(&c.daily_chains().claim(id, 2).send().await.unwrap_err()).0,
            422
        );
        let err = c.daily_chains().claim(id, 9).send().await.unwrap_err();
        let (status, _, message) = api(&err);
        assert_eq!(status, 404);
        assert!(message.contains("Daily reward or daily reward step was not found"));
        assert_eq!(
            api(&c
                .daily_chains()
                .claim(DailyChainId(777), 1)
                .send()
                .await
                .unwrap_err())
            .0,
            404
        );
        let err = c
            .daily_chains()
            .get(DailyChainId(777))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 404);
        assert_eq!(h.quantity("p1", "gold"), 1);

        // Other players have their own progress; names follow `locale`.
        let other = h.client("p2");
        other.daily_chains().claim(id, 1).send().await.unwrap();
        assert_eq!(h.quantity("p2", "gold"), 1);
        let (status, body, _) = h
            .raw(
                reqwest::Method::GET,
                &h.v2("/user/daily_chain?locale=de"),
                h.bearer("p2"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(body["items"][0]["name"], "Täglich");
        assert_eq!(body["items"][0]["steps"][0]["items"][0]["name"], "Gold");
    });
}

#[test]
fn disabled_and_out_of_window_chains_are_invisible() {
    rt().block_on(async {
        let h = Harness::start(T0 + 10).await;
        let c = h.client("p1");
        let admin = c.admin();
        let id = admin
            .daily_chains()
            .create(daily_input(DailyChainType::Rolling, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let mut later = daily_input(DailyChainType::Rolling, false, T0 + 5 * DAY, 3);
        later.date_end = Some(date(T0 + 6 * DAY));
        let later_id = admin
            .daily_chains()
            .create(later)
            .send()
            .await
            .unwrap()
            .daily_chain_id;

        assert_eq!(c.daily_chains().list().send().await.unwrap().items.len(), 1);
        assert_eq!(
            api(&c.daily_chains().get(later_id).send().await.unwrap_err()).0,
            404
        );
        assert_eq!(
            api(&c
                .daily_chains()
                .claim(later_id, 1)
                .send()
                .await
                .unwrap_err())
            .0,
            422
        );

        admin.daily_chains().toggle(id).send().await.unwrap();
        assert!(
            c.daily_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert_eq!(
            api(&c.daily_chains().get(id).send().await.unwrap_err()).0,
            404
        );
        assert_eq!(
            api(&c.daily_chains().claim(id, 1).send().await.unwrap_err()).0,
            422
        );

        h.emu.clock().set_unix(T0 + 5 * DAY + 1);
        let visible: Vec<_> = c
            .daily_chains()
            .list()
            .send()
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(visible, [later_id]);
        h.emu.clock().set_unix(T0 + 6 * DAY);
        assert!(
            c.daily_chains()
                .list()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert!(h.inventory("p1").is_empty());
    });
}

#[test]
fn reset_wipes_rolling_progress_only() {
    rt().block_on(async {
        let h = Harness::start(T0 + 10).await;
        let c = h.client("p1");
        let admin = c.admin();
        let rolling = admin
            .daily_chains()
            .create(daily_input(DailyChainType::Rolling, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        let calendar = admin
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 3))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        c.daily_chains().claim(rolling, 1).send().await.unwrap();
        assert_eq!(
            c.daily_chains().get(rolling).send().await.unwrap().steps[0].status,
            DailyStepStatus::Claimed
        );

        admin.daily_chains().reset(rolling).send().await.unwrap();
        let chain = c.daily_chains().get(rolling).send().await.unwrap();
        assert_eq!(chain.steps[0].status, DailyStepStatus::Claimable);
        assert_eq!(h.quantity("p1", "gold"), 1, "granted items stay");

        let err = admin
            .daily_chains()
            .reset(calendar)
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 422);
    });
}
