//! The code families as the tests drive them through the typed client: one trait over the
//! calls every family has ([`CodeFamily`]) and one over the limit and redemption calls of
//! coupons and promo codes ([`LimitedFamily`]), so a behaviour the families share is written
//! once and run for each.

use xsolla_liveops::models::promo_codes::{CartRef, PromoCodeRedemption};
use xsolla_liveops::models::promotions::{
    CodeEntry, CodeLimitPage, CodeList, CreatedCode, GeneratedCodes, Periods, UserLimit,
};
use xsolla_liveops::models::unique_offers::{NewUniqueOffer, UniqueOfferInput};
use xsolla_liveops::{Client, Error};

use super::{code, coupon, name, promo};
use crate::common::{T0, date};

/// An admin change of a player's remaining uses.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Increase(i64),
    Decrease(i64),
    Set(i64),
}

/// A family of code campaigns (coupons, promo codes, unique catalog offers).
#[allow(async_fn_in_trait)]
pub trait CodeFamily {
    /// The family's path segment (`/admin/coupon/…`, `/coupon/redeem`).
    const BASE: &'static str;
    /// Another family, whose codes share the project's code space with this one's.
    type Other: CodeFamily;

    /// Creates a campaign running from T0, with an optional per-player limit.
    async fn create(c: &Client, id: &str, user_limit: Option<i64>);
    /// Adds a code to a campaign.
    async fn try_add_code(c: &Client, id: &str, code: &str) -> Result<CreatedCode, Error>;
    /// Enables a campaign.
    async fn activate(c: &Client, id: &str);
    /// Generates `count` codes for a campaign.
    async fn generate(c: &Client, id: &str, count: u32) -> Result<GeneratedCodes, Error>;
    /// A page of a campaign's codes.
    async fn codes(c: &Client, id: &str, limit: u32, offset: u32) -> Result<CodeList, Error>;
    /// Every code of a campaign, page after page.
    async fn all_codes(c: &Client, id: &str) -> Result<Vec<CodeEntry>, Error>;
    /// The campaign's count of codes, as its admin form reports it.
    async fn codes_count(c: &Client, id: &str) -> Option<u64>;

    /// Adds a code to a campaign that must take it.
    async fn add_code(c: &Client, id: &str, code: &str) {
        Self::try_add_code(c, id, code).await.unwrap();
    }
}

/// A family of codes with per-player and per-code limits (coupons, promo codes).
#[allow(async_fn_in_trait)]
pub trait LimitedFamily: CodeFamily {
    /// The family's word in "Enter valid … code." (404 for an unknown code).
    const CODE_WORD: &'static str;
    /// The campaign's name in "… not found" (404/9802).
    const CAMPAIGN: &'static str;
    /// The family's word in "Available … limit is out of range." (422/4511).
    const LIMIT_WORD: &'static str;
    /// Malformed redemption bodies only this family has (422/1102).
    const OWN_BAD_BODIES: &'static [&'static str];

    /// Redeems a code as the client's player; `attempt` tells redemptions apart (a promo code
    /// goes to a cart of its own each time, so every attempt is a new use).
    async fn redeem(c: &Client, code: &str, attempt: u32) -> Result<(), Error>;
    /// A player's remaining uses.
    async fn user_limit(c: &Client, id: &str, user: &str) -> Result<UserLimit, Error>;
    /// Changes a player's remaining uses.
    async fn change_user_limit(
        c: &Client,
        id: &str,
        user: &str,
        change: Change,
    ) -> Result<UserLimit, Error>;
    /// The per-code counts of all codes.
    async fn code_limits(c: &Client, id: &str) -> Result<CodeLimitPage, Error>;
}

/// Coupons.
pub struct Coupons;

/// Promo codes.
pub struct PromoCodes;

/// Unique catalog offers.
pub struct UniqueOffers;

/// The campaign and code calls every family spells alike, on `c.admin().$admin()`.
macro_rules! code_calls {
    ($admin:ident) => {
        async fn try_add_code(c: &Client, id: &str, text: &str) -> Result<CreatedCode, Error> {
            c.admin().$admin().create_code(id, code(text)).send().await
        }

        async fn activate(c: &Client, id: &str) {
            c.admin().$admin().activate(id).send().await.unwrap();
        }

        async fn generate(c: &Client, id: &str, count: u32) -> Result<GeneratedCodes, Error> {
            c.admin().$admin().generate_codes(id, count)?.send().await
        }

        async fn codes(c: &Client, id: &str, limit: u32, offset: u32) -> Result<CodeList, Error> {
            let admin = c.admin().$admin();
            admin.codes(id).limit(limit).offset(offset).send().await
        }

        async fn all_codes(c: &Client, id: &str) -> Result<Vec<CodeEntry>, Error> {
            c.admin().$admin().codes(id).all().await
        }

        async fn codes_count(c: &Client, id: &str) -> Option<u64> {
            let campaign = c.admin().$admin().get(id).send().await.unwrap();
            campaign.total_codes_count
        }
    };
}

/// The limit calls coupons and promo codes spell alike, on `c.admin().$admin()`.
macro_rules! limit_calls {
    ($admin:ident) => {
        async fn user_limit(c: &Client, id: &str, user: &str) -> Result<UserLimit, Error> {
            c.admin().$admin().user_limit(id, user).send().await
        }

        async fn change_user_limit(
            c: &Client,
            id: &str,
            user: &str,
            change: Change,
        ) -> Result<UserLimit, Error> {
            let admin = c.admin().$admin();
            match change {
                Change::Increase(n) => admin.increase_user_limit(id, user, n).send().await,
                Change::Decrease(n) => admin.decrease_user_limit(id, user, n).send().await,
                Change::Set(n) => admin.set_user_limit(id, user, n).send().await,
            }
        }

        async fn code_limits(c: &Client, id: &str) -> Result<CodeLimitPage, Error> {
            c.admin().$admin().code_limits(id, []).send().await
        }
    };
}

impl CodeFamily for Coupons {
    const BASE: &'static str = "coupon";
    type Other = PromoCodes;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut body = coupon(id, T0, 1);
        body.coupon.redeem_user_limit = user_limit;
        c.admin().coupons().create(body).send().await.unwrap();
    }

    code_calls!(coupons);
}

impl LimitedFamily for Coupons {
    const CODE_WORD: &'static str = "coupon";
    const CAMPAIGN: &'static str = "Coupon";
    const LIMIT_WORD: &'static str = "coupon";
    const OWN_BAD_BODIES: &'static [&'static str] = &[];

    async fn redeem(c: &Client, text: &str, _attempt: u32) -> Result<(), Error> {
        c.coupons().redeem(code(text)).send().await.map(drop)
    }

    limit_calls!(coupons);
}

impl CodeFamily for PromoCodes {
    const BASE: &'static str = "promocode";
    type Other = Coupons;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut body = promo(id, T0);
        body.promo_code.redeem_user_limit = user_limit;
        c.admin().promo_codes().create(body).send().await.unwrap();
    }

    code_calls!(promo_codes);
}

impl LimitedFamily for PromoCodes {
    const CODE_WORD: &'static str = "promo";
    const CAMPAIGN: &'static str = "Promocode";
    const LIMIT_WORD: &'static str = "promo code";
    const OWN_BAD_BODIES: &'static [&'static str] = &[
        r#"{"coupon_code": "HERO10", "cart": {}}"#,
        r#"{"coupon_code": "HERO10", "cart": {"id": "a b"}}"#,
        r#"{"coupon_code": "HERO-10"}"#,
        r#"{"cart": {"id": "current"}}"#,
    ];

    async fn redeem(c: &Client, text: &str, attempt: u32) -> Result<(), Error> {
        let cart = CartRef::id(format!("cart{attempt}"));
        let body = PromoCodeRedemption::new(code(text)).cart(cart);
        c.promo_codes().redeem(body).send().await.map(drop)
    }

    limit_calls!(promo_codes);
}

impl CodeFamily for UniqueOffers {
    const BASE: &'static str = "unique_catalog_offer";
    type Other = Coupons;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let body = NewUniqueOffer::new(
            id,
            UniqueOfferInput {
                name: name("Offer"),
                validity: Periods::single(date(T0), None),
                items: vec!["sword".into()],
                redeem_user_limit: user_limit,
                ..Default::default()
            },
        );
        c.admin().unique_offers().create(body).send().await.unwrap();
    }

    code_calls!(unique_offers);
}
