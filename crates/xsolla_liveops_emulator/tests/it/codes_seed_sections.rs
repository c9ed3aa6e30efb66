//! The seed sections `coupons`, `promo_codes` and `unique_catalog_offers`, and the demo's
//! coupon and promo code in the built-in seed.

use crate::codes_support::*;
use crate::common::*;
use xsolla_liveops_emulator::Config;
#[cfg(feature = "internals")]
use xsolla_liveops_emulator::{Seed, Storage, internals::Store};

#[test]
fn the_builtin_seed_has_a_working_coupon_and_promo_code() {
    rt().block_on(async {
        let h = Harness::with_config(Config::default(), T0 + 30 * DAY).await;
        let c = h.client("hero");
        let redeemed = c
            .coupons()
            .redeem(code("WELCOME2025"))
            .send()
            .await
            .unwrap();
        assert!(redeemed.items.iter().any(|i| i.sku.0 == "gold"));
        assert_eq!(h.quantity("hero", "gold"), 500);
        let err = c
            .coupons()
            .redeem(code("WELCOME2025"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9804, "once per player");
        let cart = c.promo_codes().redeem(code("HERO10")).send().await.unwrap();
        assert_eq!(cart.items[0].sku.0, "mana_potion");
        let promo = c.admin().promo_codes().get("hero_10").send().await.unwrap();
        assert_eq!(promo.total_codes_count, Some(21));
        c.coupons()
            .redeem(code("GEMSOFTHEDAY"))
            .send()
            .await
            .unwrap();
        h.emu.clock().advance(DAY);
        c.coupons()
            .redeem(code("GEMSOFTHEDAY"))
            .send()
            .await
            .unwrap();
        assert_eq!(h.quantity("hero", "gems"), 20);
    });
}

#[cfg(feature = "internals")]
#[test]
fn seed_entries_are_checked_like_admin_calls() {
    for (extra, needle) in [
        (
            r#", "coupons": [{"external_id": "a", "name": {"en-US": "A"}, "codes": ["BAD-CODE"]}]"#,
            "coupon_code",
        ),
        (
            r#", "coupons": [{"external_id": "a", "name": {"en-US": "A"}, "bogus": 1}]"#,
            "bogus",
        ),
        (
            r#", "coupons": [{"external_id": "a", "name": {"en-US": "A"}, "bonus": [{"sku": "nope"}]}]"#,
            "nope",
        ),
        (
            r#", "promo_codes": [{"external_id": "a", "name": {"en-US": "A"}, "codes": ["X", "X"]}]"#,
            "9803",
        ),
        (
            r#", "promo_codes": [{"external_id": "a", "name": {"en-US": "A"}, "generate": 0}]"#,
            "count",
        ),
        (
            r#", "coupons": [{"external_id": "a", "name": {"en-US": "A"}, "user_limit_reset": {"interval_type": "hourly"}}]"#,
            "user_limit_reset",
        ),
        (
            r#", "unique_catalog_offers": [{"external_id": "a", "name": {"en-US": "A"}, "items": ["nope"]}]"#,
            "nope",
        ),
    ] {
        let err = Store::open(&Storage::Memory, &seed_with(extra), T0).unwrap_err();
        assert!(err.to_string().contains(needle), "{extra}: {err}");
    }
    let ok = seed_with(
        r#", "unique_catalog_offers": [{"external_id": "u", "name": {"en-US": "U"},
              "date_start": "2025-01-01T00:00:00+00:00", "items": ["sword"], "codes": ["UNLOCK"],
              "is_enabled": true}]"#,
    );
    assert!(Store::open(&Storage::Memory, &ok, T0).is_ok());
    assert!(Seed::builtin().coupons.len() >= 2);
}
