//! The player's inventory reads (Xsolla's Inventory API) through the typed client: what a
//! redemption or a claim granted shows up there, items page by page, currencies in the
//! balance, both agreeing with the control API's inventory.

use crate::codes_support::code;
use crate::common::*;
use reqwest::Method;
use serde_json::{Value, json};
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::upsell::VirtualItemType;
use xsolla_liveops_emulator::{Config, Faults, Seed};

const ITEMS: &str = "/user/inventory/items";
const BALANCE: &str = "/user/virtual_currency_balance";

/// 55 goods, two currencies, and a coupon `HOARD` granting a bundle of all of them plus a
/// bundle with no contents (kept whole, as a bundle).
fn hoard_seed() -> Seed {
    let goods: Vec<Value> = (0..55)
        .map(|i| json!({"sku": format!("good_{i:02}"), "name": {"en": format!("Good {i}")}, "type": "virtual_good"}))
        .collect();
    let mut content: Vec<Value> = (0..55)
        .map(|i| json!({"sku": format!("good_{i:02}"), "quantity": i + 1}))
        .collect();
    content.push(json!({"sku": "gold", "quantity": 10}));
    content.push(json!({"sku": "gems", "quantity": 3}));
    let mut items = vec![
        json!({"sku": "gold", "name": {"en": "Gold", "de": "Gold"}, "type": "virtual_currency",
               "description": {"en": "Coins"}, "image_url": "https://img/gold.png"}),
        json!({"sku": "gems", "name": {"en": "Gems"}, "type": "virtual_currency"}),
        json!({"sku": "hoard", "name": {"en": "Hoard"}, "type": "bundle", "bundle_type": "standard",
               "content": content}),
        json!({"sku": "empty_box", "name": {"en": "Empty box"}, "type": "bundle", "bundle_type": "standard"}),
    ];
    items.extend(goods);
    let seed = json!({
        "items": items,
        "coupons": [{"external_id": "hoard", "name": {"en-US": "Hoard"},
            "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00"}],
            "bonus": [{"sku": "hoard", "quantity": 1}, {"sku": "empty_box", "quantity": 1}],
            "is_enabled": true, "codes": ["HOARD"]}]
    });
    Seed::from_json(&seed.to_string()).unwrap()
}

#[test]
fn a_redeemed_coupon_shows_in_the_items_and_the_balance() {
    rt().block_on(async {
        // The built-in demo project: WELCOME2025 grants 500 gold and 2 healing potions.
        let h = Harness::with_config(Config::default(), T0 + 30 * DAY).await;
        let c = h.client("hero");
        assert!(c.inventory().items().send().await.unwrap().items.is_empty());
        assert!(
            c.inventory()
                .currency_balance()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );

        c.coupons()
            .redeem(code("WELCOME2025"))
            .send()
            .await
            .unwrap();

        let items = c.inventory().items().send_with_meta().await.unwrap();
        assert_eq!(items.status, 200);
        assert!(items.server_date.is_some());
        let [potion] = items.value.items.as_slice() else {
            panic!("one item: {:?}", items.value.items);
        };
        assert_eq!(potion.sku.0, "health_potion");
        assert_eq!(potion.quantity, Some(2));
        assert_eq!(potion.item_type, ItemType::VirtualGood);
        assert_eq!(potion.virtual_item_type, Some(VirtualItemType::Consumable));
        assert_eq!(potion.name.as_deref(), Some("Healing potion"));
        assert!(potion.item_id.is_some());
        assert!(potion.image_url.is_some());

        let balance = c
            .inventory()
            .currency_balance()
            .send_with_meta()
            .await
            .unwrap();
        assert_eq!(balance.status, 200);
        assert_eq!(balance.value.amount("gold"), 500);
        assert_eq!(balance.value.items.len(), 1);
        let gold = &balance.value.items[0];
        assert_eq!(gold.item_type, Some(ItemType::VirtualCurrency));
        assert_eq!(gold.name.as_deref(), Some("Gold coins"));

        // Another player owns nothing.
        let other = h.client("someone-else");
        assert!(
            other
                .inventory()
                .items()
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert_eq!(
            other
                .inventory()
                .currency_balance()
                .send()
                .await
                .unwrap()
                .amount("gold"),
            0
        );
    });
}

#[test]
fn a_daily_claim_adds_to_the_balance() {
    rt().block_on(async {
        let h = Harness::with_config(Config::default(), T0 + 30 * DAY).await;
        let c = h.client("hero");
        c.coupons()
            .redeem(code("WELCOME2025"))
            .send()
            .await
            .unwrap();
        let chain = c.daily_chains().list().send().await.unwrap().items[0].clone();
        let step = chain.claimable_step().expect("day 1 is open").step_number;
        c.daily_chains().claim(chain.id, step).send().await.unwrap();
        let balance = c.inventory().currency_balance().send().await.unwrap();
        assert_eq!(
            balance.amount("gold"),
            600,
            "the demo's first day grants 100 gold"
        );
        assert_eq!(balance.amount("gold"), h.quantity("hero", "gold"));
    });
}

#[test]
fn items_come_page_by_page_and_agree_with_the_control_inventory() {
    rt().block_on(async {
        let h = Harness::with_config(Config::default().with_seed(hoard_seed()), T0 + 60).await;
        let c = h.client("p1");
        c.coupons().redeem(code("HOARD")).send().await.unwrap();

        // Pages of 20: 20, 20, 15, then nothing; sorted by SKU.
        let mut paged = Vec::new();
        for (offset, expected) in [(0, 20), (20, 20), (40, 15), (55, 0)] {
            let page = c
                .inventory()
                .items()
                .limit(20)
                .offset(offset)
                .send()
                .await
                .unwrap();
            assert_eq!(page.items.len(), expected, "offset {offset}");
            paged.extend(page.items);
        }
        let skus: Vec<&str> = paged.iter().map(|i| i.sku.0.as_str()).collect();
        let mut sorted = skus.clone();
        sorted.sort_unstable();
        assert_eq!(skus, sorted);
        assert_eq!(skus.first(), Some(&"good_00"));
        assert_eq!(paged[54].quantity, Some(55));

        // A limit above 50 is 50; `.all()` walks every page.
        let first = c.inventory().items().limit(500).send().await.unwrap();
        assert_eq!(first.items.len(), 50);
        let all = c.inventory().items().all().await.unwrap();
        assert_eq!(all, paged);

        // Items and balance together are the control API's inventory; no bundle appears.
        let balance = c.inventory().currency_balance().send().await.unwrap();
        assert_eq!(balance.amount("gold"), 10);
        assert_eq!(balance.amount("gems"), 3);
        let mut read: Vec<(String, i64)> = all
            .iter()
            .map(|i| (i.sku.0.clone(), i.quantity.unwrap()))
            .chain(balance.items.iter().map(|c| (c.sku.0.clone(), c.amount)))
            .collect();
        read.sort();
        let (status, control, _) = h
            .raw(
                Method::GET,
                &h.url("/__emulator/users/p1/inventory"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 200);
        let control: Vec<(String, i64)> = control["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["sku"].as_str().unwrap().to_owned(),
                    i["quantity"].as_i64().unwrap(),
                )
            })
            .filter(|(sku, _)| sku != "empty_box")
            .collect();
        assert!(
            h.inventory("p1").iter().any(|(sku, _)| sku == "empty_box"),
            "a bundle without contents is kept whole in the store"
        );
        assert_eq!(read, control);
        assert!(all.iter().all(|i| i.item_type == ItemType::VirtualGood));

        // The raw answers: `items` only, as Xsolla answers.
        let (status, body, _) = h
            .raw(
                Method::GET,
                &h.v2(&format!("{ITEMS}?limit=2&offset=1")),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            body.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["items"]
        );
        assert_eq!(body["items"][0]["sku"], "good_01");
        assert_eq!(body["items"][0]["type"], "virtual_good");
    });
}

#[test]
fn both_reads_need_a_valid_player_token() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        for path in [ITEMS, BALANCE] {
            let (status, body, _) = h.raw(Method::GET, &h.v2(path), None, None).await;
            assert_eq!(status, 401, "{path} without a token: {body}");
            assert_eq!(body["statusCode"], 401);
            let (status, _, _) = h
                .raw(
                    Method::GET,
                    &h.v2(path),
                    Some("Bearer not-a-jwt".into()),
                    None,
                )
                .await;
            assert_eq!(status, 401, "{path} with a bad token");
        }
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2(&format!("{ITEMS}?limit=x")),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 422, "a limit that is not a number");
    });
}

#[test]
fn a_redemption_whose_answer_was_lost_is_found_in_the_inventory() {
    rt().block_on(async {
        let h = Harness::with_config(Config::default(), T0 + 30 * DAY).await;
        let c = h.client("hero");
        h.emu.set_faults(Faults {
            drop_rate: 1.0,
            ..Faults::default()
        });
        let err = c
            .coupons()
            .redeem(code("WELCOME2025"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_ambiguous(), "{err:?}");
        h.emu.set_faults(Faults::default());

        // The redemption happened: the reads show its items.
        let balance = c.inventory().currency_balance().send().await.unwrap();
        assert_eq!(balance.amount("gold"), 500);
        let items = c.inventory().items().send().await.unwrap();
        let potions = items.items.iter().find(|i| i.sku.0 == "health_potion");
        assert_eq!(potions.and_then(|i| i.quantity), Some(2));
    });
}
