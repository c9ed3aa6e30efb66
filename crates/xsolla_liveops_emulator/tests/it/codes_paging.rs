//! Code lists page by key behind Xsolla's `offset`/`limit`: every page is exactly the slice
//! the offset names, read in any order, after another campaign's or the same campaign's
//! deletion, and after a reset that hands the campaign's id to a new campaign.

use xsolla_liveops::Client;

use crate::codes_support::*;
use crate::common::*;

/// Codes `{prefix}0` … `{prefix}{n-1}`.
fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

async fn page(c: &Client, id: &str, limit: u32, offset: u32) -> Vec<String> {
    c.admin()
        .coupons()
        .codes(id)
        .limit(limit)
        .offset(offset)
        .send()
        .await
        .unwrap()
        .codes
        .into_iter()
        .map(|c| c.code.0)
        .collect()
}

/// Reads the campaign's pages of 5 in the order `offsets` gives and checks each against
/// `all`.
async fn check_pages(c: &Client, id: &str, all: &[String], offsets: &[u32]) {
    for &offset in offsets {
        let from = (offset as usize).min(all.len());
        let to = (from + 5).min(all.len());
        assert_eq!(
            page(c, id, 5, offset).await,
            all[from..to],
            "{id}, offset {offset}"
        );
    }
}

#[test]
fn pages_are_exact_in_any_order_and_after_deletions() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().coupons();
        admin.create(coupon("a", T0, 1)).send().await.unwrap();
        admin.create(coupon("b", T0, 1)).send().await.unwrap();
        // The two campaigns' codes interleave in the table.
        let (a, b) = (names("A", 23), names("B", 23));
        for (x, y) in a.iter().zip(&b) {
            admin.create_code("a", code(x)).send().await.unwrap();
            admin.create_code("b", code(y)).send().await.unwrap();
        }
        let in_order = [0, 5, 10, 15, 20, 25];
        check_pages(&c, "a", &a, &in_order).await;
        check_pages(&c, "a", &a, &[15, 5, 20, 0, 10, 22, 23, 3]).await;
        check_pages(&c, "b", &b, &in_order).await;

        // Another campaign's codes deleted: this one's pages do not move.
        admin.delete("b").send().await.unwrap();
        check_pages(&c, "a", &a, &[10, 0, 5, 15, 20]).await;

        // The campaign deleted and made again with other codes.
        admin.delete("a").send().await.unwrap();
        admin.create(coupon("a", T0, 1)).send().await.unwrap();
        let again = names("C", 12);
        for x in &again {
            admin.create_code("a", code(x)).send().await.unwrap();
        }
        check_pages(&c, "a", &again, &[5, 0, 10, 15, 20]).await;

        // Codes added after the pages were read come last.
        let more = names("D", 4);
        for x in &more {
            admin.create_code("a", code(x)).send().await.unwrap();
        }
        let all: Vec<String> = again.iter().chain(&more).cloned().collect();
        check_pages(&c, "a", &all, &[10, 15, 0, 5]).await;
    });
}

#[test]
fn pages_are_exact_after_a_reset_reuses_the_campaign_id() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().coupons();
        admin.create(coupon("x", T0, 1)).send().await.unwrap();
        let first = names("X", 20);
        for x in &first {
            admin.create_code("x", code(x)).send().await.unwrap();
        }
        check_pages(&c, "x", &first, &[0, 5, 10, 15]).await;

        let (status, _, _) = h
            .raw(
                reqwest::Method::POST,
                &h.url("/__emulator/reset"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 204);
        h.emu.clock().set_unix(T0);
        admin.create(coupon("x", T0, 1)).send().await.unwrap();
        let second = names("Y", 8);
        for x in &second {
            admin.create_code("x", code(x)).send().await.unwrap();
        }
        check_pages(&c, "x", &second, &[5, 0, 10, 15]).await;
    });
}
