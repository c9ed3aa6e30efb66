//! Per-player promotion and item limits: get, increase, set, decrease, refresh one, refresh
//! all, the documented errors, and scheduled resets on the emulator clock.

use crate::common::*;
use crate::promotions_support::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::{Decimal, LocalizedText, RecurrentSchedule};
use xsolla_liveops::models::discounts::{DiscountPromotionInput, PercentDiscountInput};
use xsolla_liveops::models::promotions::{LimitScheduleInput, Periods, PromotionLimitsInput};
use xsolla_liveops::{PromotionId, Sku};
use xsolla_liveops_emulator::{Config, Seed};

fn limited(per_user: Option<i64>, schedule: Option<RecurrentSchedule>) -> DiscountPromotionInput {
    DiscountPromotionInput {
        name: LocalizedText::default().with("en-US", "Limited"),
        period: Periods::default(),
        discount: PercentDiscountInput {
            percent: Decimal::new("5").unwrap(),
        },
        items: Some(vec!["sword".into()]),
        attribute_conditions: None,
        price_conditions: None,
        limits: Some(PromotionLimitsInput {
            per_user,
            recurrent_schedule: schedule.map(|per_user| LimitScheduleInput { per_user }),
        }),
        excluded_promotions: None,
    }
}

fn seed_with_limited_items() -> Seed {
    let mut seed = catalog_seed();
    let extra = Seed::from_json(
        r#"{"items": [
            {"sku": "elixir", "name": {"en": "Elixir"}, "type": "virtual_good",
             "price": {"amount": "1.99", "currency": "USD"},
             "limits": {"per_user": 3, "recurrent_schedule": {"per_user": {"interval_type": "weekly", "day_of_week": 1, "time": "00:00:00+00:00"}}}}
        ], "users": [{"sub": "p1", "attributes": {}}, {"sub": "p2", "attributes": {}}]}"#,
    )
    .unwrap();
    seed.items.extend(extra.items);
    seed.users.extend(extra.users);
    seed
}

async fn harness() -> Harness {
    Harness::with_config(
        Config::default().with_seed(seed_with_limited_items()),
        T0 + 60,
    )
    .await
}

#[test]
fn promotion_limits_move_within_zero_and_total() {
    rt().block_on(async {
        let h = harness().await;
        let c = h.client("p1");
        let admin = c.admin();
        let id = create_discount(&c, limited(Some(10), None)).await;
        let l = admin.user_limits();
        let state =
            |u: xsolla_liveops::models::limits::UserLimit| (u.per_user.total, u.per_user.available);
        assert_eq!(state(l.promotion(id, "p1").send().await.unwrap()), (10, 10));
        assert_eq!(
            state(l.decrease_promotion(id, "p1", 3).send().await.unwrap()),
            (10, 7)
        );
        assert_eq!(
            state(l.increase_promotion(id, "p1", 2).send().await.unwrap()),
            (10, 9)
        );
        assert_eq!(
            state(l.set_promotion(id, "p1", 0).send().await.unwrap()),
            (10, 0)
        );
        assert_eq!(
            state(l.promotion(id, "p2").send().await.unwrap()),
            (10, 10),
            "per player"
        );

        let err = l.decrease_promotion(id, "p1", 1).send().await.unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (422, 4511));
        let err = l.increase_promotion(id, "p1", 11).send().await.unwrap_err();
        assert_eq!(api(&err).1, 4511);
        let err = l.set_promotion(id, "p1", 11).send().await.unwrap_err();
        assert_eq!(api(&err).1, 4511);
        assert_eq!(
            state(l.promotion(id, "p1").send().await.unwrap()),
            (10, 0),
            "refusals change nothing"
        );

        l.set_promotion(id, "p2", 4).send().await.unwrap();
        l.refresh_promotion(id, Some("p1".into()))
            .send()
            .await
            .unwrap();
        assert_eq!(state(l.promotion(id, "p1").send().await.unwrap()), (10, 10));
        assert_eq!(state(l.promotion(id, "p2").send().await.unwrap()), (10, 4));
        l.set_promotion(id, "p1", 1).send().await.unwrap();
        l.refresh_promotion(id, None).send().await.unwrap();
        assert_eq!(state(l.promotion(id, "p1").send().await.unwrap()), (10, 10));
        assert_eq!(state(l.promotion(id, "p2").send().await.unwrap()), (10, 10));
        l.set_promotion(id, "p1", 1).send().await.unwrap();
        l.refresh_all_promotions("p1").send().await.unwrap();
        assert_eq!(state(l.promotion(id, "p1").send().await.unwrap()), (10, 10));

        // Raising the configured limit raises what everyone has left.
        l.set_promotion(id, "p1", 8).send().await.unwrap();
        admin
            .discounts()
            .update(id, limited(Some(12), None))
            .send()
            .await
            .unwrap();
        assert_eq!(state(l.promotion(id, "p1").send().await.unwrap()), (12, 10));

        // Documented errors.
        let err = l
            .promotion(PromotionId(999), "p1")
            .send()
            .await
            .unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (404, 1101));
        let err = l.promotion(id, "stranger").send().await.unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (404, 5008));
        assert_eq!(
            api(&l
                .refresh_all_promotions("stranger")
                .send()
                .await
                .unwrap_err())
            .1,
            5008
        );
        let open = create_discount(&c, limited(None, None)).await;
        let err = l.promotion(open, "p1").send().await.unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (422, 4509));
        assert_eq!(
            api(&l
                .increase_promotion(open, "p1", 1)
                .send()
                .await
                .unwrap_err())
            .1,
            4509
        );
        assert_eq!(
            api(&l.refresh_promotion(open, None).send().await.unwrap_err()).1,
            4509
        );

        // Malformed bodies and queries.
        let url = h.v2(&format!("/admin/user/limit/promotion/id/{id}"));
        for (method, url, body, property) in [
            (
                Method::POST,
                url.clone(),
                json!({"user": {"user_external_id": "p1"}, "available": 0}),
                "available",
            ),
            (
                Method::PUT,
                url.clone(),
                json!({"user": {"user_external_id": "p1"}, "available": -1}),
                "available",
            ),
            (
                Method::DELETE,
                url.clone(),
                json!({"user": {"user_external_id": "a b"}, "available": 1}),
                "user_external_id",
            ),
            (
                Method::POST,
                url.clone(),
                json!({"user": {"user_external_id": ""}, "available": 1}),
                "user_external_id",
            ),
            (
                Method::POST,
                url.clone(),
                json!({"user": {}, "available": 1}),
                "user.user_external_id",
            ),
            (
                Method::DELETE,
                format!("{url}/all"),
                json!({"user": {"user_external_id": "p1"}, "x": 1}),
                "x",
            ),
        ] {
            let (status, json, _) = h
                .raw(method, &url, h.basic(), Some(&body.to_string()))
                .await;
            assert_eq!(
                (status, json["errorCode"].clone()),
                (422, json!(1102)),
                "{body}"
            );
            assert_eq!(
                json["errorMessageExtended"][0]["property"], property,
                "{body}"
            );
        }
        let (status, json, _) = h.raw(Method::GET, &url, h.basic(), None).await;
        assert_eq!(
            (status, json["errorMessageExtended"][0]["property"].clone()),
            (422, json!("user_external_id"))
        );
        let (status, json, _) = h
            .raw(
                Method::GET,
                &format!("{url}?user_external_id=p1"),
                None,
                None,
            )
            .await;
        assert_eq!((status, json["errorCode"].clone()), (401, json!(1020)));
        let (status, json, _) = h
            .raw(
                Method::GET,
                &format!("{url}?user_external_id=p1"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(
            (status, json),
            (200, json!({"per_user": {"total": 12, "available": 10}}))
        );
    });
}

#[test]
fn scheduled_resets_start_every_player_afresh() {
    rt().block_on(async {
        // T0 is a Wednesday, 00:00 UTC; the limit resets daily at 02:00+03:00 (23:00 UTC).
        let h = harness().await;
        let c = h.client("p1");
        let admin = c.admin();
        let daily = RecurrentSchedule::Daily {
            time: "02:00:00+03:00".into(),
        };
        let id = create_discount(&c, limited(Some(2), Some(daily))).await;
        let read = admin.discounts().get(id).send().await.unwrap();
        let sched = read.limits.unwrap().recurrent_schedule.unwrap().per_user;
        assert_eq!(sched.reset_next_date.unwrap().0, T0 + 23 * 3600);
        assert_eq!(
            sched.displayable_reset_next_date.as_deref(),
            Some("2025-01-02T02:00:00+03:00")
        );

        let l = admin.user_limits();
        l.set_promotion(id, "p1", 0).send().await.unwrap();
        h.emu.clock().set_unix(T0 + 23 * 3600 - 1);
        assert_eq!(
            l.promotion(id, "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            0
        );
        h.emu.clock().set_unix(T0 + 23 * 3600);
        assert_eq!(
            l.promotion(id, "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            2,
            "reset at 23:00 UTC"
        );

        // Items: weekly on Monday 00:00 UTC; T0 + 5 days is the next Monday.
        l.decrease_item("elixir", "p1", 3).send().await.unwrap();
        assert_eq!(
            l.item("elixir", "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            0
        );
        h.emu.clock().set_unix(T0 + 5 * DAY - 1);
        assert_eq!(
            l.item("elixir", "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            0
        );
        h.emu.clock().set_unix(T0 + 5 * DAY);
        assert_eq!(
            l.item("elixir", "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            3
        );
    });
}

#[test]
fn item_limits_and_their_errors() {
    rt().block_on(async {
        let h = harness().await;
        let c = h.client("p1");
        let l = c.admin().user_limits();
        let get = |u: xsolla_liveops::models::limits::UserLimit| (u.per_user.total, u.per_user.available);
        assert_eq!(get(l.item("elixir", "p1").send().await.unwrap()), (3, 3));
        assert_eq!(get(l.decrease_item("elixir", "p1", 2).send().await.unwrap()), (3, 1));
        assert_eq!(get(l.increase_item("elixir", "p1", 1).send().await.unwrap()), (3, 2));
        assert_eq!(get(l.set_item("elixir", "p1", 3).send().await.unwrap()), (3, 3));
        let err = l.increase_item("elixir", "p1", 1).send().await.unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (422, 4510));
        l.set_item("elixir", "p1", 0).send().await.unwrap();
        l.set_item("elixir", "p2", 0).send().await.unwrap();
        l.refresh_item("elixir", Some("p1".into())).send().await.unwrap();
        assert_eq!(get(l.item("elixir", "p1").send().await.unwrap()), (3, 3));
        assert_eq!(get(l.item("elixir", "p2").send().await.unwrap()), (3, 0));
        l.refresh_all_items("p2").send().await.unwrap();
        assert_eq!(get(l.item("elixir", "p2").send().await.unwrap()), (3, 3));

        let err = l.item(Sku::from("ghost"), "p1").send().await.unwrap_err();
        let (status, code, message) = api(&err);
        assert_eq!((status, code), (404, 4001));
        assert!(message.contains("Item with sku = 'ghost' not found"));
        let err = l.item("gold", "p1").send().await.unwrap_err();
        assert_eq!((api(&err).0, api(&err).1), (422, 4508));
        let err = l.item("elixir", "nobody").send().await.unwrap_err();
        assert_eq!(api(&err).1, 5008);
        assert_eq!(api(&l.refresh_item("elixir", Some("nobody".into())).send().await.unwrap_err()).1, 5008);
        assert_eq!(api(&l.refresh_all_items("nobody").send().await.unwrap_err()).1, 5008);

        // A player becomes known by playing: a grant is enough.
        let (status, _, _) = h
            .raw(Method::PUT, &h.url("/__emulator/users/newcomer/attributes"), None, Some("{}"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(get(l.item("elixir", "newcomer").send().await.unwrap()), (3, 3));

        // Item limits are checked when an item is written.
        let (status, json, _) = h
            .raw(
                Method::POST,
                &h.url("/__emulator/items"),
                None,
                Some(r#"{"sku": "bad", "name": {"en": "Bad"}, "type": "virtual_good", "limits": {"per_user": 0}}"#),
            )
            .await;
        assert_eq!((status, json["errorMessageExtended"][0]["property"].clone()), (422, json!("limits.per_user")));
    });
}
