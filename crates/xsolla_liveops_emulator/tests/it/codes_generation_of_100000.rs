//! Generating the most codes one call allows: 100 000 of them, all distinct, 12 letters and
//! digits each, unique across campaigns, counted and listed.

#[cfg(feature = "internals")]
use std::collections::HashSet;

use crate::codes_support::*;
use crate::common::*;
#[cfg(feature = "internals")]
use xsolla_liveops_emulator::{Storage, internals::Store};

#[test]
fn one_hundred_thousand_codes_through_the_api() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().coupons();
        admin.create(coupon("big", T0, 1)).send().await.unwrap();
        admin
            .create_code("big", code("FIRST"))
            .send()
            .await
            .unwrap();
        let generated = admin
            .generate_codes("big", 100_000)
            .unwrap()
            .send()
            .await
            .unwrap();
        assert_eq!(generated.count, 100_000);
        let page = admin
            .codes("big")
            .limit(50)
            .offset(99_990)
            .send()
            .await
            .unwrap();
        assert_eq!(page.total_count, 100_001);
        assert_eq!(page.codes.len(), 11);
        assert_eq!(
            admin.get("big").send().await.unwrap().total_codes_count,
            Some(100_001)
        );
        // A generated code redeems like any other.
        admin.activate("big").send().await.unwrap();
        c.coupons()
            .redeem(page.codes[10].code.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(h.quantity("p1", "gold"), 1);
        assert!(
            admin.generate_codes("big", 100_001).is_err(),
            "refused by the client"
        );
    });
}

#[cfg(feature = "internals")]
#[test]
fn generated_codes_are_distinct_alphanumeric_and_unique_across_campaigns() {
    let seed = seed_with(
        r#", "coupons": [{"external_id": "a", "name": {"en-US": "A"}, "generate": 100000}],
             "promo_codes": [{"external_id": "b", "name": {"en-US": "B"}, "generate": 100000}]"#,
    );
    let store = Store::open(&Storage::Memory, &seed, T0).unwrap();
    let db = store.lock();
    let mut stmt = db
        .conn
        .prepare("SELECT code, promotion_id FROM codes")
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 200_000);
    let distinct: HashSet<&str> = rows.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(distinct.len(), 200_000, "unique across the project");
    assert!(
        rows.iter()
            .all(|(c, _)| c.len() == 12 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
    );
    let per_campaign: HashSet<i64> = rows.iter().map(|(_, p)| *p).collect();
    assert_eq!(per_campaign.len(), 2);
    // All three kinds of characters show up: case matters.
    let all: String = rows.iter().take(1000).map(|(c, _)| c.as_str()).collect();
    assert!(all.bytes().any(|b| b.is_ascii_lowercase()));
    assert!(all.bytes().any(|b| b.is_ascii_uppercase()));
    assert!(all.bytes().any(|b| b.is_ascii_digit()));
}
