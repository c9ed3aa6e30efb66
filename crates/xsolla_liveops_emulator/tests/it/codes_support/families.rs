//! Coupons and promo codes as the tests drive them through the typed client: one trait over
//! the calls both families have, so a behaviour they share is written once and run for each.

use xsolla_liveops::models::promo_codes::{CartRef, PromoCodeRedemption};
use xsolla_liveops::models::promotions::{CodeLimitPage, UserLimit};
use xsolla_liveops::{Client, Error};

use super::{code, coupon, promo};
use crate::common::T0;

/// An admin change of a player's remaining uses.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Increase(i64),
    Decrease(i64),
    Set(i64),
}

/// A family of codes with per-player and per-code limits (coupons, promo codes).
#[allow(async_fn_in_trait)]
pub trait LimitedFamily {
    /// The family's path segment (`/coupon/redeem`, `/admin/user/limit/coupon/…`).
    const BASE: &'static str;
    /// The family's word in "Enter valid … code." (404 for an unknown code).
    const CODE_WORD: &'static str;
    /// The campaign's name in "… not found" (404/9802).
    const CAMPAIGN: &'static str;
    /// The family's word in "Available … limit is out of range." (422/4511).
    const LIMIT_WORD: &'static str;
    /// Malformed redemption bodies only this family has (422/1102).
    const OWN_BAD_BODIES: &'static [&'static str];

    /// Creates a campaign running from T0, with an optional per-player limit.
    async fn create(c: &Client, id: &str, user_limit: Option<i64>);
    /// Adds a code to a campaign.
    async fn add_code(c: &Client, id: &str, code: &str);
    /// Enables a campaign.
    async fn activate(c: &Client, id: &str);
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

/// The admin calls both families spell alike, on `c.admin().$admin()`.
macro_rules! shared_admin_calls {
    ($admin:ident) => {
        async fn add_code(c: &Client, id: &str, text: &str) {
            let admin = c.admin().$admin();
            admin.create_code(id, code(text)).send().await.unwrap();
        }

        async fn activate(c: &Client, id: &str) {
            c.admin().$admin().activate(id).send().await.unwrap();
        }

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

impl LimitedFamily for Coupons {
    const BASE: &'static str = "coupon";
    const CODE_WORD: &'static str = "coupon";
    const CAMPAIGN: &'static str = "Coupon";
    const LIMIT_WORD: &'static str = "coupon";
    const OWN_BAD_BODIES: &'static [&'static str] = &[];

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut body = coupon(id, T0, 1);
        body.coupon.redeem_user_limit = user_limit;
        c.admin().coupons().create(body).send().await.unwrap();
    }

    async fn redeem(c: &Client, text: &str, _attempt: u32) -> Result<(), Error> {
        c.coupons().redeem(code(text)).send().await.map(drop)
    }

    shared_admin_calls!(coupons);
}

impl LimitedFamily for PromoCodes {
    const BASE: &'static str = "promocode";
    const CODE_WORD: &'static str = "promo";
    const CAMPAIGN: &'static str = "Promocode";
    const LIMIT_WORD: &'static str = "promo code";
    const OWN_BAD_BODIES: &'static [&'static str] = &[
        r#"{"coupon_code": "HERO10", "cart": {}}"#,
        r#"{"coupon_code": "HERO10", "cart": {"id": "a b"}}"#,
        r#"{"coupon_code": "HERO-10"}"#,
        r#"{"cart": {"id": "current"}}"#,
    ];

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut body = promo(id, T0);
        body.promo_code.redeem_user_limit = user_limit;
        c.admin().promo_codes().create(body).send().await.unwrap();
    }

    async fn redeem(c: &Client, text: &str, attempt: u32) -> Result<(), Error> {
        let cart = CartRef::id(format!("cart{attempt}"));
        let body = PromoCodeRedemption::new(code(text)).cart(cart);
        c.promo_codes().redeem(body).send().await.map(drop)
    }

    shared_admin_calls!(promo_codes);
}
