//! Clan reward chains: members pool their points, each member claims each unlocked step once,
//! the top ten contributors are ranked, and the clan update claims what the old clan unlocked.

use crate::common::*;
use crate::reward_chain_support::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::rewards::{ClaimRefusal, ClanType, RewardChainInput, ValuePointInput};
use xsolla_liveops::{Client, RewardChainId, StepId};

fn clan_chain(vp: &str) -> RewardChainInput {
    RewardChainInput {
        order: Some(1),
        popup_header: Some(LocalizedText::en("Fight together")),
        popup_instruction: Some(LocalizedText::en("Every purchase of a member counts")),
        popup_image_url: Some("https://img/clan.png".into()),
        clan_type: Some(ClanType::Guild),
        ..chain(
            LocalizedText::en("Clan quest"),
            vp,
            "Tier",
            &[(100, "gold", 10), (500, "chest", 1)],
        )
    }
}

async fn grant(h: &Harness, sub: &str, amount: i64) {
    grant_points(h, sub, "clan_star", amount).await;
}

fn join(h: &Harness, sub: &str, clan: Option<&str>) {
    let attrs = match clan {
        Some(clan) => json!({ "clan": clan }),
        None => json!({}),
    };
    h.emu
        .set_attributes(sub, attrs.as_object().unwrap().clone())
        .unwrap();
}

async fn setup(h: &Harness) -> (Client, RewardChainId, Vec<StepId>) {
    let c = h.client("admin");
    let mut vp = ValuePointInput::new("clan_star", LocalizedText::en("Clan stars"));
    vp.is_clan = Some(true);
    c.admin().value_points().create(vp).send().await.unwrap();
    let id = create_chain(&c, clan_chain("clan_star")).await;
    let steps = step_ids(&c, id).await;
    (c, id, steps)
}

#[test]
fn clan_chains_need_a_clan_value_point_and_popup_texts() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (c, id, _) = setup(&h).await;
        let chain = c.admin().reward_chains().get(id).send().await.unwrap();
        assert!(chain.is_clan());
        assert_eq!(chain.clan_type, Some(ClanType::Guild));
        let mut no_popup = clan_chain("clan_star");
        no_popup.popup_instruction = None;
        c.admin()
            .value_points()
            .create(ValuePointInput::new("star", LocalizedText::en("Stars")))
            .send()
            .await
            .unwrap();
        let mut plain_vp = clan_chain("star");
        plain_vp.clan_type = None;
        for body in [no_popup, plain_vp] {
            let err = c
                .admin()
                .reward_chains()
                .create(body)
                .send()
                .await
                .unwrap_err();
            assert_eq!(api(&err).0, 422);
        }
        // The update body cannot touch the clan type; a clan chain keeps its popup required.
        let mut update = xsolla_liveops::models::rewards::RewardChainUpdate::from(chain);
        update.popup_header = None;
        let err = c
            .admin()
            .reward_chains()
            .update(id, update)
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).0, 422);
    });
}

#[test]
fn members_pool_points_and_each_claims_once() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (_, id, steps) = setup(&h).await;
        for i in 1..=12 {
            join(&h, &format!("wolf{i:02}"), Some("wolves"));
        }
        join(&h, "bear", Some("bears"));
        for i in 1..=12 {
            grant(&h, &format!("wolf{i:02}"), i * 10).await;
        }
        grant(&h, "bear", 1000).await;

        // A player without a clan sees the chain without progress and cannot claim.
        let loner = h.client("loner");
        let chain = first_chain(&loner).await;
        assert!(chain.is_clan());
        assert_eq!(chain.balance(), 0);
        assert!(chain.top_contributors.is_empty());
        assert_eq!(
            chain.popup_header.as_ref().and_then(|p| p.get("en")),
            Some("Fight together")
        );
        let err = claim_refused(&loner, id, steps[0]).await;
        assert_eq!(refusal(&err), Some(ClaimRefusal::NotClaimable));
        assert!(
            loner
                .reward_chains()
                .top_contributors(id)
                .send()
                .await
                .unwrap()
                .is_empty()
        );

        // The wolves have 10 + 20 + … + 120 = 780 points; the bears' 1000 do not count.
        let wolf = h.client("wolf01");
        let chain = first_chain(&wolf).await;
        assert_eq!(chain.balance(), 780);
        assert_eq!(chain.value_point.is_clan, Some(true));
        let top = wolf
            .reward_chains()
            .top_contributors(id)
            .send()
            .await
            .unwrap();
        assert_eq!(top.len(), 10);
        let names: Vec<&str> = top.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "wolf12", "wolf11", "wolf10", "wolf09", "wolf08", "wolf07", "wolf06", "wolf05",
                "wolf04", "wolf03"
            ]
        );
        assert_eq!(top[0].contributed_amount, 120);
        assert_eq!(
            chain.top_contributors, top,
            "the list carries the same ranking"
        );

        // Ties are ranked by name; every member claims each unlocked step once.
        grant(&h, "wolf03", 90).await;
        let top = wolf
            .reward_chains()
            .top_contributors(id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                top[0].name.as_str(),
                top[1].name.as_str(),
                top[0].contributed_amount
            ),
            ("wolf03", "wolf12", 120)
        );
        for sub in ["wolf01", "wolf02"] {
            let c = h.client(sub);
            c.reward_chains().claim(id, steps[0]).send().await.unwrap();
            c.reward_chains().claim(id, steps[1]).send().await.unwrap();
            let err = claim_refused(&c, id, steps[0]).await;
            assert_eq!(refusal(&err), Some(ClaimRefusal::AlreadyClaimed));
            // 10 gold from the first tier, and the chest of the second opened: 10 gold and a
            // potion.
            assert_eq!(h.quantity(sub, "gold"), 20);
            assert_eq!(h.quantity(sub, "potion"), 1);
            assert_eq!(h.quantity(sub, "chest"), 0);
        }
        let bear = h.client("bear");
        assert_eq!(
            bear.reward_chains()
                .balance(id)
                .send()
                .await
                .unwrap()
                .amount,
            1000
        );
        let top = bear
            .reward_chains()
            .top_contributors(id)
            .send()
            .await
            .unwrap();
        assert_eq!(top.len(), 1);
        assert_eq!(
            (top[0].name.as_str(), top[0].contributed_amount),
            ("bear", 1000)
        );
    });
}

#[test]
fn the_clan_update_claims_what_the_old_clan_unlocked() {
    rt().block_on(async {
        let h = Harness::start(T0 + 60).await;
        let (_, id, steps) = setup(&h).await;
        join(&h, "a", Some("wolves"));
        join(&h, "b", Some("wolves"));
        join(&h, "c", Some("bears"));
        grant(&h, "a", 150).await;
        grant(&h, "c", 60).await;

        let b = h.client("b");
        b.reward_chains().claim(id, steps[0]).send().await.unwrap();
        // Nothing changed: nothing to claim.
        let update = b.reward_chains().update_clan().send().await.unwrap();
        assert!(update.reward.is_empty());

        // `a` moves to the bears: the wolves' unlocked step 1 is claimed for them.
        join(&h, "a", Some("bears"));
        let a = h.client("a");
        let update = a.reward_chains().update_clan().send().await.unwrap();
        assert_eq!(update.reward.len(), 1);
        assert_eq!(
            (update.reward[0].sku.0.as_str(), update.reward[0].quantity),
            ("gold", 10)
        );
        assert_eq!(update.reward[0].name.as_deref(), Some("Gold"));
        assert_eq!(h.quantity("a", "gold"), 10);
        // Their points stay with the wolves; the bears count from now on.
        assert_eq!(
            b.reward_chains().balance(id).send().await.unwrap().amount,
            150
        );
        assert_eq!(
            a.reward_chains().balance(id).send().await.unwrap().amount,
            60
        );
        grant(&h, "a", 50).await;
        assert_eq!(
            a.reward_chains().balance(id).send().await.unwrap().amount,
            110
        );
        assert_eq!(
            b.reward_chains().balance(id).send().await.unwrap().amount,
            150
        );
        // In the new clan the step is claimed anew.
        a.reward_chains().claim(id, steps[0]).send().await.unwrap();
        assert_eq!(h.quantity("a", "gold"), 20);
        let top = a.reward_chains().top_contributors(id).send().await.unwrap();
        let names: Vec<&str> = top.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["c", "a"]);

        // A repeated update returns nothing; leaving the clan leaves it.
        assert!(
            a.reward_chains()
                .update_clan()
                .send()
                .await
                .unwrap()
                .reward
                .is_empty()
        );
        join(&h, "a", None);
        let update = a.reward_chains().update_clan().send().await.unwrap();
        assert!(
            update.reward.is_empty(),
            "step 1 of the bears is already claimed"
        );
        assert_eq!(
            a.reward_chains().balance(id).send().await.unwrap().amount,
            0
        );
        assert!(
            a.reward_chains()
                .top_contributors(id)
                .send()
                .await
                .unwrap()
                .is_empty()
        );

        // Raw: no token.
        let (status, body, _) = h
            .raw(Method::PUT, &h.v2("/user/clan/update"), None, None)
            .await;
        assert_eq!((status, body["errorCode"].clone()), (401, json!(1501)));
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/user/clan/contributors/999/top"),
                h.bearer("a"),
                None,
            )
            .await;
        assert_eq!(status, 404);
    });
}
