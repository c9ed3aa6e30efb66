//! Per-player limits that start over on a schedule (set in the seed with `user_limit_reset`),
//! with time travel: daily at a whole hour with a UTC offset, weekly, monthly.

use crate::codes_support::*;
use crate::common::*;
use xsolla_liveops_emulator::Config;

const SEED: &str = r#",
  "coupons": [
    {"external_id": "daily", "name": {"en-US": "Daily"}, "bonus": [{"sku": "gold", "quantity": 1}],
     "redeem_user_limit": 1, "is_enabled": true, "codes": ["DAILY"],
     "user_limit_reset": {"interval_type": "daily", "time": "02:00:00+03:00"}},
    {"external_id": "weekly", "name": {"en-US": "Weekly"}, "bonus": [{"sku": "potion", "quantity": 1}],
     "redeem_user_limit": 2, "is_enabled": true, "codes": ["WEEKLY"],
     "user_limit_reset": {"interval_type": "weekly", "day_of_week": 1, "time": "00:00:00+00:00"}},
    {"external_id": "monthly", "name": {"en-US": "Monthly"}, "bonus": [{"sku": "gold", "quantity": 100}],
     "date_start": "2025-01-01T00:00:00+00:00", "date_end": null,
     "redeem_user_limit": 1, "is_enabled": true, "codes": ["MONTHLY"],
     "user_limit_reset": {"interval_type": "monthly", "day_of_month": 31, "time": "00:00:00+00:00"}}
  ]"#;

async fn harness(now: i64) -> Harness {
    Harness::with_config(Config::default().with_seed(seed_with(SEED)), now).await
}

#[test]
fn a_daily_limit_starts_over_at_the_hour_in_its_time_zone() {
    rt().block_on(async {
        // 02:00 at +03:00 is 23:00 UTC.
        let reset = T0 + 23 * 3600;
        let h = harness(T0 + 60).await;
        let c = h.client("p1");
        c.coupons().redeem(code("DAILY")).send().await.unwrap();
        let err = c.coupons().redeem(code("DAILY")).send().await.unwrap_err();
        assert_eq!(api(&err).1, 9804);
        // The admin takes the rest and gives one back: adjustments hold until the reset.
        let admin = c.admin().coupons();
        let l = admin
            .increase_user_limit("daily", "p1", 1)
            .send()
            .await
            .unwrap();
        assert_eq!(l.per_user.available, 1);
        admin
            .decrease_user_limit("daily", "p1", 1)
            .send()
            .await
            .unwrap();

        h.emu.clock().set_unix(reset - 1);
        assert_eq!(
            api(&c.coupons().redeem(code("DAILY")).send().await.unwrap_err()).1,
            9804
        );
        h.emu.clock().set_unix(reset);
        let l = admin.user_limit("daily", "p1").send().await.unwrap();
        assert_eq!((l.per_user.total, l.per_user.available), (1, 1));
        c.coupons().redeem(code("DAILY")).send().await.unwrap();
        assert_eq!(
            api(&c.coupons().redeem(code("DAILY")).send().await.unwrap_err()).1,
            9804
        );
        h.emu.clock().advance(86_400);
        c.coupons().redeem(code("DAILY")).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 3);
    });
}

#[test]
fn weekly_and_monthly_limits_start_over_on_their_day() {
    rt().block_on(async {
        // 2025-01-01 is a Wednesday: the weekly reset is Monday 2025-01-06.
        let h = harness(T0 + 3600).await;
        let c = h.client("p1");
        c.coupons().redeem(code("WEEKLY")).send().await.unwrap();
        c.coupons().redeem(code("WEEKLY")).send().await.unwrap();
        assert_eq!(
            api(&c.coupons().redeem(code("WEEKLY")).send().await.unwrap_err()).1,
            9804
        );
        h.emu.clock().set_unix(T0 + 5 * DAY - 1);
        assert_eq!(
            api(&c.coupons().redeem(code("WEEKLY")).send().await.unwrap_err()).1,
            9804
        );
        h.emu.clock().set_unix(T0 + 5 * DAY);
        c.coupons().redeem(code("WEEKLY")).send().await.unwrap();
        assert_eq!(h.quantity("p1", "potion"), 3);

        // Monthly on the 31st: January 31, then the last day of February.
        h.emu.clock().set_unix(T0 + 3600);
        c.coupons().redeem(code("MONTHLY")).send().await.unwrap();
        h.emu.clock().set_unix(T0 + 29 * DAY);
        assert_eq!(
            api(&c
                .coupons()
                .redeem(code("MONTHLY"))
                .send()
                .await
                .unwrap_err())
            .1,
            9804
        );
        h.emu.clock().set_unix(T0 + 30 * DAY); // 2025-01-31
        c.coupons().redeem(code("MONTHLY")).send().await.unwrap();
        h.emu.clock().set_unix(T0 + 57 * DAY); // 2025-02-27
        assert_eq!(
            api(&c
                .coupons()
                .redeem(code("MONTHLY"))
                .send()
                .await
                .unwrap_err())
            .1,
            9804
        );
        h.emu.clock().set_unix(T0 + 58 * DAY); // 2025-02-28
        c.coupons().redeem(code("MONTHLY")).send().await.unwrap();
        assert_eq!(h.quantity("p1", "gold"), 300);
    });
}
