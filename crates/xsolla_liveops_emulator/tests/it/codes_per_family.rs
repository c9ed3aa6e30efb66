//! What the code families share, written once and run for each family: campaigns stored once
//! and read in both forms, and codes added, generated and listed (coupons, promo codes, unique
//! catalog offers); codes refused while their campaign is disabled or over, the admin's reads
//! and changes of a player's remaining uses and the refusal of malformed redemptions (coupons,
//! promo codes).

use reqwest::Method;
use serde_json::json;

use xsolla_liveops::models::promotions::{DateRange, Periods, PromotionPeriod};

use crate::codes_support::families::{
    BadBody, Change, CodeFamily, Coupons, LimitedFamily, PromoCodes, UniqueOffers,
};
use crate::codes_support::*;
use crate::common::*;

#[test]
fn coupon_campaigns_are_stored_once_read_in_both_forms_and_deleted_through_either() {
    rt().block_on(campaigns_are_stored_once_and_read_in_both_forms::<Coupons>());
}

#[test]
fn promo_code_campaigns_are_stored_once_read_in_both_forms_and_deleted_through_either() {
    rt().block_on(campaigns_are_stored_once_and_read_in_both_forms::<PromoCodes>());
}

#[test]
fn unique_offers_are_stored_once_read_in_both_forms_and_deleted_through_either() {
    rt().block_on(campaigns_are_stored_once_and_read_in_both_forms::<
        UniqueOffers,
    >());
}

#[test]
fn coupon_codes_are_added_listed_and_unique_across_the_project() {
    rt().block_on(codes_are_added_listed_and_unique_across_the_project::<
        Coupons,
    >());
}

#[test]
fn promo_codes_are_added_listed_and_unique_across_the_project() {
    rt().block_on(codes_are_added_listed_and_unique_across_the_project::<
        PromoCodes,
    >());
}

#[test]
fn unique_offer_codes_are_added_listed_and_unique_across_the_project() {
    rt().block_on(codes_are_added_listed_and_unique_across_the_project::<
        UniqueOffers,
    >());
}

#[test]
fn a_coupon_code_is_refused_while_its_campaign_is_disabled_or_over() {
    rt().block_on(codes_are_refused_while_their_campaign_is_disabled_or_over::<Coupons>());
}

#[test]
fn a_promo_code_is_refused_while_its_campaign_is_disabled_or_over() {
    rt().block_on(codes_are_refused_while_their_campaign_is_disabled_or_over::<PromoCodes>());
}

#[test]
fn the_admin_reads_and_changes_a_players_remaining_coupon_uses() {
    rt().block_on(user_limits_are_read_and_changed_by_the_admin::<Coupons>());
}

#[test]
fn the_admin_reads_and_changes_a_players_remaining_promo_code_uses() {
    rt().block_on(user_limits_are_read_and_changed_by_the_admin::<PromoCodes>());
}

#[test]
fn malformed_coupon_redemptions_are_refused_before_anything_is_granted() {
    rt().block_on(malformed_redemptions_are_refused::<Coupons>());
}

#[test]
fn malformed_promo_code_redemptions_are_refused_before_anything_is_granted() {
    rt().block_on(malformed_redemptions_are_refused::<PromoCodes>());
}

async fn campaigns_are_stored_once_and_read_in_both_forms<F: CodeFamily>() {
    let h = start(T0).await;
    let c = h.client("p1");
    let periods = Periods {
        promotion_periods: vec![
            PromotionPeriod::new(date(T0), Some(date(T0 + DAY))),
            PromotionPeriod::new(date(T0 + 3 * DAY), Some(date(T0 + 4 * DAY))),
        ],
    };
    let created = F::create_in(&c, "winter", periods, Some(10)).await.unwrap();
    assert_eq!(created, "winter");

    let v3 = F::get(&c, "winter").await.unwrap();
    assert!(!v3.is_enabled, "campaigns are created disabled");
    assert_eq!(v3.periods, 2);
    assert_eq!(v3.total_codes_count, Some(0));
    assert_eq!(v3.total_limit_state, Some((10, 0, 0)));
    let v2 = F::get_v2(&c, "winter").await.unwrap();
    assert_eq!(v2.date_start, Some(date(T0)));
    assert_eq!(v2.date_end, Some(date(T0 + DAY)));

    // A `/v2` body creates the same kind of campaign.
    let summer = DateRange::new(date(T0), None);
    F::create_v2(&c, "summer", summer).await.unwrap();
    let list = F::list(&c).await;
    assert_eq!((list.items, list.total), (2, Some(2)));
    assert_eq!(list.inactive, Some(2));
    let list_v2 = F::list_v2(&c).await;
    assert_eq!(list_v2[1].date_start, Some(date(T0)));
    assert!(list_v2[1].date_end.is_none());

    // Update, through either form, replaces the definition and keeps the state.
    F::activate(&c, "winter").await.unwrap();
    F::update_code_limit(&c, "winter", 7).await.unwrap();
    let after = F::get(&c, "winter").await.unwrap();
    assert!(after.is_enabled);
    assert_eq!((after.redeem_code_limit, after.periods), (Some(7), 2));
    assert_eq!(F::list(&c).await.active, Some(1));
    F::update_code_limit_v2(&c, "summer", 8).await.unwrap();
    let after = F::get(&c, "summer").await.unwrap();
    assert_eq!((after.redeem_code_limit, after.periods), (Some(8), 1));

    // Duplicates, unknown items, bad limits, bad ids and bad names are refused with 1102.
    for bad in [
        BadBody::TakenId("winter"),
        BadBody::UnknownItem,
        BadBody::ZeroUserLimit,
        BadBody::MalformedId,
        BadBody::NotALocale,
    ] {
        let err = F::create_bad(&c, bad).await.unwrap_err();
        assert_eq!(api(&err).0, 422, "{bad:?}: {err}");
        assert_eq!(api(&err).1, 1102, "{bad:?}: {err}");
    }

    // Unknown campaigns: 404 with Xsolla's body.
    let err = F::get(&c, "nope").await.unwrap_err();
    let not_found = format!("[0401-9802]: {} not found", F::CAMPAIGN);
    assert_eq!(api(&err), (404, 4001, not_found));
    assert_eq!(api(&F::activate(&c, "nope").await.unwrap_err()).0, 404);
    assert_eq!(api(&F::deactivate(&c, "nope").await.unwrap_err()).0, 404);
    assert_eq!(api(&F::delete(&c, "nope").await.unwrap_err()).0, 404);

    // Delete through either version; the code is free again afterwards.
    F::add_code(&c, "summer", "SUMMER1").await;
    F::delete_v2(&c, "summer").await.unwrap();
    assert_eq!(api(&F::get(&c, "summer").await.unwrap_err()).0, 404);
    F::add_code(&c, "winter", "SUMMER1").await;
    F::delete(&c, "winter").await.unwrap();
    assert_eq!(F::list(&c).await.items, 0);
}

async fn codes_are_added_listed_and_unique_across_the_project<F: CodeFamily>() {
    let h = start(T0).await;
    let c = h.client("p1");
    F::create(&c, "a", None).await;
    F::Other::create(&c, "b", None).await;
    let created = F::try_add_code(&c, "a", "Alpha1").await.unwrap();
    assert_eq!(created.code.as_str(), "Alpha1");
    // Case-sensitive: ALPHA1 is another code.
    F::add_code(&c, "a", "ALPHA1").await;
    let err = F::try_add_code(&c, "a", "Alpha1").await.unwrap_err();
    assert_eq!(
        api(&err),
        (422, 9803, "[0401-9803]: The code already exists.".into())
    );
    let err = F::Other::try_add_code(&c, "b", "Alpha1").await.unwrap_err();
    assert_eq!(api(&err).1, 9803, "unique across campaigns");
    let err = F::try_add_code(&c, "nope", "Zed").await.unwrap_err();
    assert_eq!(api(&err).0, 404);

    assert_eq!(F::generate(&c, "a", 120).await.unwrap().count, 120);
    let page = F::codes(&c, "a", 50, 0).await.unwrap();
    assert_eq!(page.total_count, 122);
    assert_eq!(page.codes.len(), 50);
    assert_eq!(page.codes[0].code.as_str(), "Alpha1");
    assert_eq!(F::all_codes(&c, "a").await.unwrap().len(), 122);
    let campaign = F::get(&c, "a").await.unwrap();
    assert_eq!(campaign.total_codes_count, Some(122));

    // Raw: malformed codes and counts are 422, a missing campaign 404.
    let url = h.v2(&format!("/admin/{}/a/code", F::BASE));
    let too_long = format!(r#"{{"coupon_code": "{}"}}"#, "A".repeat(129));
    for body in [
        r#"{"coupon_code": "WIN-TER"}"#,
        r#"{"coupon_code": ""}"#,
        too_long.as_str(),
        r#"{"coupon_code": 12}"#,
        r#"{"code": "ABC"}"#,
    ] {
        let (status, body, _) = h.raw(Method::POST, &url, h.basic(), Some(body)).await;
        assert_eq!(
            (status, body["errorCode"].clone()),
            (422, json!(1102)),
            "{body}"
        );
    }
    let gen_url = h.v2(&format!("/admin/{}/a/code/generate", F::BASE));
    for body in [
        r#"{"count": 0}"#,
        r#"{"count": 100001}"#,
        r#"{"count": -5}"#,
        r#"{}"#,
    ] {
        let (status, _, _) = h.raw(Method::PUT, &gen_url, h.basic(), Some(body)).await;
        assert_eq!(status, 422, "{body}");
    }
    let missing = h.v2(&format!("/admin/{}/nope/code/generate", F::BASE));
    let (status, _, _) = h
        .raw(Method::PUT, &missing, h.basic(), Some(r#"{"count": 1}"#))
        .await;
    assert_eq!(status, 404);
    let (status, body, _) = h.raw(Method::GET, &url, None, None).await;
    assert_eq!((status, body["errorCode"].clone()), (401, json!(1020)));
}

async fn codes_are_refused_while_their_campaign_is_disabled_or_over<F: LimitedFamily>() {
    let h = start(T0 + 60).await;
    let c = h.client("p1");
    let ten_days = Periods::single(date(T0), Some(date(T0 + 10 * DAY)));
    F::create_in(&c, "welcome", ten_days, None).await.unwrap();
    F::add_code(&c, "welcome", "WELCOME").await;
    let invalid = format!("[0401-9807]: Enter valid {} code.", F::CODE_WORD);

    // Disabled: the code is "not valid".
    let err = F::redeem(&c, "WELCOME", 0).await.unwrap_err();
    assert_eq!(api(&err), (404, 4001, invalid.clone()));
    F::activate(&c, "welcome").await.unwrap();
    // Case-sensitive lookup.
    let err = F::redeem(&c, "welcome", 1).await.unwrap_err();
    assert_eq!(api(&err), (404, 4001, invalid));
    F::redeem(&c, "WELCOME", 2).await.unwrap();

    // After the validity period: expired (422/9810); disabled inside it: 404.
    h.emu.clock().set_unix(T0 + 10 * DAY);
    let err = F::redeem(&c, "WELCOME", 3).await.unwrap_err();
    assert_eq!(
        api(&err),
        (
            422,
            9810,
            "[0401-9810]: Sorry, this code is expired.".into()
        )
    );
    h.emu.clock().set_unix(T0 + DAY);
    F::deactivate(&c, "welcome").await.unwrap();
    assert_eq!(api(&F::redeem(&c, "WELCOME", 4).await.unwrap_err()).0, 404);
}

async fn user_limits_are_read_and_changed_by_the_admin<F: LimitedFamily>() {
    let h = start(T0).await;
    let c = h.client("p1");
    F::create(&c, "limited", Some(3)).await;
    F::create(&c, "free_for_all", None).await;
    F::add_code(&c, "limited", "LIM").await;
    F::activate(&c, "limited").await.unwrap();
    F::redeem(&c, "LIM", 0).await.unwrap();

    let l = F::user_limit(&c, "limited", "p1").await.unwrap();
    assert_eq!((l.per_user.total, l.per_user.available), (3, 2));
    let change = |how| F::change_user_limit(&c, "limited", "p1", how);
    assert_eq!(
        change(Change::Decrease(2))
            .await
            .unwrap()
            .per_user
            .available,
        0
    );
    assert_eq!(api(&F::redeem(&c, "LIM", 1).await.unwrap_err()).1, 9804);
    assert_eq!(
        change(Change::Increase(1))
            .await
            .unwrap()
            .per_user
            .available,
        1
    );
    F::redeem(&c, "LIM", 2).await.unwrap();
    assert_eq!(change(Change::Set(3)).await.unwrap().per_user.available, 3);
    assert_eq!(change(Change::Set(0)).await.unwrap().per_user.available, 0);

    // Out of range: 4511; no per-player limit: 4509; unknown campaign: 404/9802.
    let out_of_range = format!(
        "[0401-4511]: Available {} limit is out of range.",
        F::LIMIT_WORD
    );
    for how in [Change::Increase(4), Change::Decrease(1), Change::Set(4)] {
        let err = change(how).await.unwrap_err();
        assert_eq!(api(&err), (422, 4511, out_of_range.clone()), "{how:?}");
    }
    let err = F::user_limit(&c, "free_for_all", "p1").await.unwrap_err();
    assert_eq!(api(&err).1, 4509);
    let err = F::user_limit(&c, "nope", "p1").await.unwrap_err();
    let not_found = format!("[0401-9802]: {} not found", F::CAMPAIGN);
    assert_eq!(api(&err), (404, 9802, not_found));
    assert_eq!(api(&F::code_limits(&c, "nope").await.unwrap_err()).0, 404);
    let err = F::code_limits(&c, "limited").await.unwrap_err();
    assert_eq!(api(&err).1, 4509, "no per-code limit configured");

    // Raw: bad amounts and bad users are 1102.
    let url = h.v2(&format!(
        "/admin/user/limit/{}/external_id/limited",
        F::BASE
    ));
    for (method, body) in [
        (
            Method::POST,
            r#"{"user": {"user_external_id": "p1"}, "available": 0}"#,
        ),
        (
            Method::DELETE,
            r#"{"user": {"user_external_id": "p1"}, "available": -1}"#,
        ),
        (
            Method::PUT,
            r#"{"user": {"user_external_id": "p1"}, "available": -1}"#,
        ),
        (
            Method::PUT,
            r#"{"user": {"user_external_id": "a b"}, "available": 1}"#,
        ),
        (
            Method::PUT,
            r#"{"user": {"user_external_id": ""}, "available": 1}"#,
        ),
        (Method::PUT, r#"{"user": {}, "available": 1}"#),
        (Method::PUT, r#"{"available": 1}"#),
    ] {
        let (status, body, _) = h.raw(method, &url, h.basic(), Some(body)).await;
        assert_eq!(
            (status, body["errorCode"].clone()),
            (422, json!(1102)),
            "{body}"
        );
    }
    let (status, body, _) = h.raw(Method::GET, &url, h.basic(), None).await;
    assert_eq!(
        (status, body["errorCode"].clone()),
        (422, json!(1102)),
        "{body}"
    );
    let (status, _, _) = h.raw(Method::GET, &url, None, None).await;
    assert_eq!(status, 401);
}

async fn malformed_redemptions_are_refused<F: LimitedFamily>() {
    let h = start(T0).await;
    let url = h.v2(&format!("/{}/redeem", F::BASE));
    let (status, body, _) = h
        .raw(Method::POST, &url, None, Some(r#"{"coupon_code": "A"}"#))
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["statusCode"], json!(403));
    assert_eq!(body["errorCode"], json!(0));
    assert_eq!(body["errorMessage"], json!("Authorization header not sent"));
    assert!(body["transactionId"].is_string());
    let (status, body, _) = h
        .raw(
            Method::POST,
            &url,
            Some("Bearer nope".into()),
            Some(r#"{"coupon_code": "A"}"#),
        )
        .await;
    assert_eq!((status, body["errorCode"].clone()), (401, json!(1501)));
    let too_long = format!(r#"{{"coupon_code": "{}"}}"#, "A".repeat(129));
    let shared = [
        r#"{}"#,
        r#"{"coupon_code": "WIN TER"}"#,
        r#"{"coupon_code": "ÄBC"}"#,
        too_long.as_str(),
        r#"{"coupon_code": "A", "extra": 1}"#,
        r#"{"coupon_code": "A", "selected_unit_items": []}"#,
        r#"{"coupon_code": ["A"]}"#,
        "not json",
    ];
    for bad in shared.iter().chain(F::OWN_BAD_BODIES) {
        let (status, body, _) = h.raw(Method::POST, &url, h.bearer("p1"), Some(bad)).await;
        assert_eq!(
            (status, body["errorCode"].clone()),
            (422, json!(1102)),
            "{bad}: {body}"
        );
    }
    let (status, body, _) = h
        .raw(
            Method::POST,
            &url,
            h.bearer("p1"),
            Some(r#"{"coupon_code": "NOSUCHCODE"}"#),
        )
        .await;
    let invalid = format!("[0401-9807]: Enter valid {} code.", F::CODE_WORD);
    assert_eq!(
        (status, body["errorMessage"].clone()),
        (404, json!(invalid))
    );
    for code in ["A-B", "NOSUCH"] {
        let path = format!("/{}/code/{code}/rewards", F::BASE);
        let (status, _, _) = h.raw(Method::GET, &h.v2(&path), h.bearer("p1"), None).await;
        assert_eq!(status, 404, "{path}");
    }
    let path = format!("/{}/code/A/rewards", F::BASE);
    let (status, _, _) = h.raw(Method::GET, &h.v2(&path), None, None).await;
    assert_eq!(status, 403);
    assert!(h.inventory("p1").is_empty());
}
