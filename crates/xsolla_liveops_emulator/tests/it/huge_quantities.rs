//! Quantities and prices at the end of the integer range: sums stop at `i64::MAX`, products at
//! the end of the fixed-point range, and nothing turns into a 5xx or a panic later.

use crate::common::*;
use reqwest::Method;

/// Two grants of `i64::MAX` gold used to store the sum as a float (SQLite's answer to an
/// integer overflow), after which the player's inventory, balances and the dashboard answered
/// 500 for good. The quantity now stops at `i64::MAX`.
#[test]
fn grants_past_i64_max_stop_there() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        for _ in 0..2 {
            h.grant("p1", "gold", i64::MAX).await;
        }
        assert_eq!(h.quantity("p1", "gold"), i64::MAX);
        let balance = h.v2("/user/virtual_currency_balance");
        let (status, body, _) = h.raw(Method::GET, &balance, h.bearer("p1"), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["items"][0]["amount"], i64::MAX, "{body}");
        let (status, body, _) = h.raw(Method::GET, &h.url("/"), None, None).await;
        assert_eq!(status, 200, "the dashboard: {body}");
        // The most_sellable count saturates too: the upsell list still reads.
        let (status, body, _) = h
            .raw(Method::GET, &h.v2("/items/upsell"), h.bearer("p1"), None)
            .await;
        assert!(status < 500, "{status} {body}");
    });
}

/// An order for `i64::MAX` of an item priced at 10²⁰ − 1 dollars used to panic while
/// rounding its total (`i128` overflow); the total now stops at the end of the range.
#[test]
fn an_order_whose_total_overflows_is_priced_at_the_end_of_the_range() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let item = r#"{"sku":"yacht","name":{"en":"Yacht"},"type":"virtual_good",
            "price":{"amount":"99999999999999999999","currency":"USD"}}"#;
        let (status, body, _) = h
            .raw(Method::POST, &h.url("/__emulator/items"), None, Some(item))
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, order, _) = h
            .raw(
                Method::POST,
                &h.v2("/payment/item/yacht"),
                h.bearer("p1"),
                Some(r#"{"quantity":9223372036854775807}"#),
            )
            .await;
        assert_eq!(status, 200, "{order}");
        let id = order["order_id"].as_i64().unwrap();
        let (status, body, _) = h
            .raw(
                Method::GET,
                &h.v2(&format!("/order/{id}")),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["content"]["price"]["amount"], "1701411834604692317316873037158.84",
            "{body}"
        );
    });
}

/// Two members of a clan with `i64::MAX` clan points each: the clan's balance is their sum,
/// which SQLite's `SUM` refused with an overflow error, so the members' reward chains and the
/// clan's top contributors answered 500. Balances now add up saturating.
#[test]
fn a_clan_whose_points_add_past_i64_max_still_reads() {
    use crate::reward_chain_support::*;
    use serde_json::json;
    use xsolla_liveops::models::common::LocalizedText;
    use xsolla_liveops::models::rewards::{ClanType, RewardChainInput, ValuePointInput};
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let c = h.client("admin");
        let mut vp = ValuePointInput::new("clan_star", LocalizedText::en("Clan stars"));
        vp.is_clan = Some(true);
        c.admin().value_points().create(vp).send().await.unwrap();
        let input = RewardChainInput {
            popup_header: Some(LocalizedText::en("Together")),
            popup_instruction: Some(LocalizedText::en("Every member counts")),
            popup_image_url: Some("https://img/clan.png".into()),
            clan_type: Some(ClanType::Guild),
            ..chain(
                LocalizedText::en("Clan quest"),
                "clan_star",
                "Tier",
                &[(100, "gold", 10)],
            )
        };
        let id = create_chain(&c, input).await;
        for sub in ["a", "b"] {
            let attrs = json!({"clan": "wolves"});
            h.emu
                .set_attributes(sub, attrs.as_object().unwrap().clone())
                .unwrap();
            grant_points(&h, sub, "clan_star", i64::MAX).await;
        }
        let (status, body, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/reward_chain"),
                h.bearer("a"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let top = h.v2(&format!("/user/clan/contributors/{id}/top"));
        let (status, body, _) = h.raw(Method::GET, &top, h.bearer("a"), None).await;
        assert_eq!(status, 200, "{body}");
    });
}
