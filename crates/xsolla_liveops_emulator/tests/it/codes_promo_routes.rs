//! Promo codes (applied to a cart, reserved until removed), unique catalog offers, code
//! verification and the admin lookup by code. Campaigns on `/v2` and `/v3`, adding,
//! generating and listing codes, codes of disabled or expired campaigns, the admin's
//! per-player limit calls and the refusal of malformed redemptions are in `codes_per_family`,
//! run for each family.

use crate::codes_support::*;
use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
use xsolla_liveops::models::promo_codes::{CartRef, PromoCodeRedemption};
use xsolla_liveops::models::promotions::{DiscountedItemInput, PercentDiscount, Periods};
use xsolla_liveops::models::unique_offers::{NewUniqueOffer, UniqueOfferInput};

#[test]
fn promo_codes_are_applied_to_a_cart_and_removed_again() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().promo_codes();
        let mut body = promo("hero", T0);
        body.promo_code.redeem_user_limit = Some(1);
        body.promo_code.redeem_total_limit = Some(2);
        body.promo_code.discounted_items = vec![DiscountedItemInput {
            sku: "sword".into(),
            discount: PercentDiscount {
                percent: xsolla_liveops::models::common::Decimal::new("25.00").unwrap(),
            },
        }];
        launch_promo(&c, body, &["HERO10", "HERO20"]).await;
        let got = admin.get("hero").send().await.unwrap();
        assert!(got.has_discount());
        assert_eq!(got.discounted_items.as_ref().unwrap()[0].sku.0, "sword");

        let rewards = c
            .promo_codes()
            .rewards(code("HERO10"))
            .send()
            .await
            .unwrap();
        assert_eq!(rewards.bonus[0].item.sku.0, "potion");
        assert_eq!(
            rewards
                .discount
                .as_ref()
                .unwrap()
                .percent
                .as_ref()
                .unwrap()
                .as_str(),
            "10.00"
        );
        assert_eq!(rewards.discounted_items()[0].name.as_deref(), Some("Sword"));

        let cart = c.promo_codes().redeem(code("HERO10")).send().await.unwrap();
        assert_eq!(cart.cart_id, "current");
        assert!(cart.is_free);
        assert_eq!(cart.items.len(), 1);
        assert_eq!(cart.items[0].sku.0, "potion");
        assert!(cart.items[0].is_free);
        assert!(cart.rewards.is_some());
        assert!(
            h.inventory("p1").is_empty(),
            "promo gifts come with a purchase"
        );
        // Applying the code the cart holds again is harmless.
        c.promo_codes().redeem(code("HERO10")).send().await.unwrap();

        // The use is reserved: the player's limit and the total show it.
        let state = admin
            .get("hero")
            .send()
            .await
            .unwrap()
            .total_limit_state
            .unwrap();
        assert_eq!((state.available, state.reserved, state.used), (1, 1, 0));
        assert_eq!(
            admin
                .user_limit("hero", "p1")
                .send()
                .await
                .unwrap()
                .per_user
                .available,
            0
        );
        let err = c
            .promo_codes()
            .redeem(PromoCodeRedemption::new(code("HERO20")).cart(CartRef::id("42")))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9804);
        let limits = admin.code_limits("hero", [code("HERO10")]).send().await;
        assert_eq!(api(&limits.unwrap_err()).1, 4509, "no per-code limit");

        // Removing the code gives the reservation back.
        let cart = c.promo_codes().remove(None).send().await.unwrap();
        assert!(cart.items.is_empty() && cart.rewards.is_none());
        let state = admin
            .get("hero")
            .send()
            .await
            .unwrap()
            .total_limit_state
            .unwrap();
        assert_eq!((state.available, state.reserved), (2, 0));
        // Removing again is fine.
        c.promo_codes()
            .remove(Some(CartRef::current()))
            .send()
            .await
            .unwrap();

        let cart = c
            .promo_codes()
            .redeem(PromoCodeRedemption::new(code("HERO20")).cart(CartRef::id("42")))
            .send()
            .await
            .unwrap();
        assert_eq!(cart.cart_id, "42");
        h.client("p2")
            .promo_codes()
            .redeem(code("HERO10"))
            .send()
            .await
            .unwrap();
        let err = h
            .client("p3")
            .promo_codes()
            .redeem(code("HERO10"))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 9804, "total limit: two carts hold it");

        // Raw: removing from a malformed cart id, no auth.
        let remove = h.v2("/promocode/remove");
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &remove,
                h.bearer("p9"),
                Some(r#"{"cart": {"id": ""}}"#),
            )
            .await;
        assert_eq!(status, 422);
        let (status, _, _) = h.raw(Method::PUT, &remove, None, Some("{}")).await;
        assert_eq!(status, 403);
    });
}

#[test]
fn a_cart_reserves_a_use_of_its_promo_code_and_bad_discounts_are_refused() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().promo_codes();
        let mut body = promo("p", T0);
        body.promo_code.redeem_user_limit = Some(2);
        body.promo_code.redeem_code_limit = Some(5);
        admin.create(body).send().await.unwrap();
        admin.generate_codes("p", 3).unwrap().send().await.unwrap();
        admin.activate("p").send().await.unwrap();
        let codes = admin.codes("p").send().await.unwrap();
        assert_eq!(codes.total_count, 3);
        let first = codes.codes[0].code.clone();
        c.promo_codes().redeem(first.clone()).send().await.unwrap();
        let limits = admin
            .code_limits("p", [first.clone()])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                limits.items[0].per_code.reserved,
                limits.items[0].per_code.available
            ),
            (1, Some(4))
        );
        // Bad discounts are refused.
        for percent in ["0", "100.01", "12.345"] {
            let mut bad = promo("bad", T0);
            bad.promo_code.discount = Some(xsolla_liveops::models::promotions::CartDiscount {
                percent: Some(xsolla_liveops::models::common::Decimal::new(percent).unwrap()),
            });
            let err = admin.create(bad).send().await.unwrap_err();
            assert_eq!(api(&err).1, 1102, "{percent}");
        }
        let (status, body, _) = h
            .raw(
                Method::POST,
                &h.url(&format!(
                    "/v3/project/{}/admin/promocode",
                    h.emu.project_id()
                )),
                h.basic(),
                Some(r#"{"external_id": "x", "name": {"en-US": "X"}, "is_enabled": true}"#),
            )
            .await;
        assert_eq!(
            (status, body["errorCode"].clone()),
            (422, json!(1102)),
            "{body}"
        );

        admin.delete("p").send().await.unwrap();
        let err = c.promo_codes().redeem(first).send().await.unwrap_err();
        assert_eq!(api(&err).0, 404);
        assert!(
            c.promo_codes()
                .remove(None)
                .send()
                .await
                .unwrap()
                .items
                .is_empty()
        );
    });
}

#[test]
fn unique_offer_codes_unlock_items_through_the_promo_code_field() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let admin = c.admin().unique_offers();
        let body = NewUniqueOffer::new(
            "secret",
            UniqueOfferInput {
                name: name("Secret shop"),
                validity: Periods::single(date(T0), None),
                items: vec!["sword".into(), "shield".into()],
                redeem_user_limit: Some(1),
                ..Default::default()
            },
        );
        admin.create(body).send().await.unwrap();
        let got = admin.get("secret").send().await.unwrap();
        assert!(!got.is_enabled);
        assert_eq!(got.items.len(), 2);
        let mut input: UniqueOfferInput = got.into();
        input.redeem_total_limit = Some(5);
        admin.update("secret", input).send().await.unwrap();
        admin
            .create_code("secret", code("SECRET"))
            .send()
            .await
            .unwrap();

        assert_eq!(
            api(&c
                .promo_codes()
                .redeem(code("SECRET"))
                .send()
                .await
                .unwrap_err())
            .0,
            404
        );
        admin.activate("secret").send().await.unwrap();
        let verified = c.codes().verify(code("SECRET")).send().await.unwrap();
        assert_eq!(verified.kind(), CodeKind::PromoCode);
        let cart = c.promo_codes().redeem(code("SECRET")).send().await.unwrap();
        assert_eq!(cart.items.len(), 2);
        assert_eq!(cart.items[0].can_be_bought, Some(true));
        let price = cart.price.unwrap();
        assert_eq!(
            (price.amount.as_str(), price.currency.as_str()),
            ("14.98", "USD")
        );
        assert_eq!(
            api(&c
                .promo_codes()
                .redeem(code("SECRET"))
                .send()
                .await
                .unwrap_err())
            .1,
            9804
        );
        let state = admin
            .get("secret")
            .send()
            .await
            .unwrap()
            .total_limit_state
            .unwrap();
        assert_eq!((state.used, state.available), (1, 4));

        // Errors: empty item lists, a coupon code in the promo field.
        let err = admin
            .create(NewUniqueOffer::new(
                "empty",
                UniqueOfferInput::<Periods> {
                    name: name("Empty"),
                    ..Default::default()
                },
            ))
            .send()
            .await
            .unwrap_err();
        assert_eq!(api(&err).1, 1102);
        launch_coupon(&c, coupon("cp", T0, 1), &["COUPONONLY"]).await;
        assert_eq!(
            api(&c
                .promo_codes()
                .redeem(code("COUPONONLY"))
                .send()
                .await
                .unwrap_err())
            .0,
            404
        );
    });
}

#[test]
fn verify_tells_coupons_from_promo_codes_and_the_admin_finds_their_campaign() {
    rt().block_on(async {
        let h = start(T0).await;
        let c = h.client("p1");
        let mut body = coupon("cp", T0, 50);
        body.coupon.redeem_user_limit = Some(1);
        launch_coupon(&c, body, &["COUPON1"]).await;
        launch_promo(&c, promo("pc", T0), &["PROMO1"]).await;

        match c.codes().verify(code("COUPON1")).send().await.unwrap() {
            CodeVerification::Coupon { code, rewards } => {
                assert_eq!(code.as_str(), "COUPON1");
                assert_eq!(rewards.bonus[0].quantity, 50);
            }
            other => panic!("not a coupon: {other:?}"),
        }
        let v = c.codes().verify(code("PROMO1")).send().await.unwrap();
        assert_eq!(v.kind(), CodeKind::PromoCode);
        assert_eq!(v.bonus()[0].item.sku.0, "potion");

        let err = c.codes().verify(code("NOPE")).send().await.unwrap_err();
        assert_eq!(
            api(&err),
            (404, 9811, "[0401-9811]: Code not found.".into())
        );
        c.coupons().redeem(code("COUPON1")).send().await.unwrap();
        let err = c.codes().verify(code("COUPON1")).send().await.unwrap_err();
        assert_eq!(api(&err).1, 9804, "the player used the coupon up");
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/promotion/code/A-B/verify"),
                h.bearer("p1"),
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/promotion/code/PROMO1/verify"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 403);

        let admin = c.admin().codes();
        let found = admin.redeemable(code("COUPON1")).send().await.unwrap();
        assert_eq!(found.external_id.as_ref(), "cp");
        assert!(!found.has_discount());
        assert_eq!(found.validity.date_start, Some(date(T0)));
        let found = admin.redeemable(code("PROMO1")).send().await.unwrap();
        assert!(found.has_discount());
        let err = admin.redeemable(code("NOPE")).send().await.unwrap_err();
        assert_eq!(api(&err).1, 9811);
        let (status, body, _) = h
            .raw(
                Method::GET,
                &h.v2("/admin/promotion/redeemable/code/A-B"),
                h.basic(),
                None,
            )
            .await;
        assert_eq!(status, 405, "{body}");
        let (status, _, _) = h
            .raw(
                Method::GET,
                &h.v2("/admin/promotion/redeemable/code/PROMO1"),
                None,
                None,
            )
            .await;
        assert_eq!(status, 401);
    });
}
