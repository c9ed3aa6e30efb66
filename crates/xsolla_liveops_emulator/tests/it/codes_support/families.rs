//! The code families as the tests drive them through the typed client: one trait over the
//! calls every family has ([`CodeFamily`]) and one over the limit and redemption calls of
//! coupons and promo codes ([`LimitedFamily`]), so a behaviour the families share is written
//! once and run for each.

use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::coupons::{CouponInput, NewCoupon};
use xsolla_liveops::models::promo_codes::{
    CartRef, NewPromoCode, PromoCodeInput, PromoCodeRedemption,
};
use xsolla_liveops::models::promotions::{
    BonusItemInput, CodeEntry, CodeLimitPage, CodeList, CreatedCode, DateRange, GeneratedCodes,
    Periods, UserLimit,
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

/// What the shared tests read of a campaign's `/v3` admin form.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub is_enabled: bool,
    /// Number of validity periods.
    pub periods: usize,
    pub total_codes_count: Option<u64>,
    /// `(available, used, reserved)` of the total limit.
    pub total_limit_state: Option<(i64, i64, i64)>,
    pub redeem_code_limit: Option<i64>,
}

/// What the shared tests read of a family's campaign list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    pub items: usize,
    pub total: Option<u64>,
    pub active: Option<u64>,
    pub inactive: Option<u64>,
}

/// A creation body that breaks a rule (422/1102).
#[derive(Debug, Clone, Copy)]
pub enum BadBody {
    /// The external id of an existing campaign of the family.
    TakenId(&'static str),
    /// A bonus (or unlocked) item the catalog does not have.
    UnknownItem,
    /// A per-player limit of 0.
    ZeroUserLimit,
    /// An external id with a space and a `!`.
    MalformedId,
    /// A name keyed by something that is not a locale.
    NotALocale,
}

/// A family of code campaigns (coupons, promo codes, unique catalog offers).
#[allow(async_fn_in_trait)]
pub trait CodeFamily {
    /// The family's path segment (`/admin/coupon/…`, `/coupon/redeem`).
    const BASE: &'static str;
    /// The campaign's name in "… not found" (404/9802).
    const CAMPAIGN: &'static str;
    /// Another family, whose codes share the project's code space with this one's.
    type Other: CodeFamily;

    /// Creates a campaign running from T0, with an optional per-player limit.
    async fn create(c: &Client, id: &str, user_limit: Option<i64>);
    /// Adds a code to a campaign.
    async fn try_add_code(c: &Client, id: &str, code: &str) -> Result<CreatedCode, Error>;
    /// Creates a campaign from a `/v3` body with these periods and total limit; returns the
    /// external id the answer names.
    async fn create_in(
        c: &Client,
        id: &str,
        validity: Periods,
        total_limit: Option<i64>,
    ) -> Result<String, Error>;
    /// Creates a campaign from a `/v2` body with this date range.
    async fn create_v2(c: &Client, id: &str, validity: DateRange) -> Result<(), Error>;
    /// Sends a creation body that breaks a rule.
    async fn create_bad(c: &Client, bad: BadBody) -> Result<(), Error>;
    /// Reads a campaign (`/v3`).
    async fn get(c: &Client, id: &str) -> Result<Campaign, Error>;
    /// Reads a campaign's validity through `/v2`.
    async fn get_v2(c: &Client, id: &str) -> Result<DateRange, Error>;
    /// Lists the family's campaigns (`/v3`).
    async fn list(c: &Client) -> Listing;
    /// The validity of each campaign, listed through `/v2`.
    async fn list_v2(c: &Client) -> Vec<DateRange>;
    /// Sends back a campaign's `/v3` read form with another per-code limit.
    async fn update_code_limit(c: &Client, id: &str, limit: i64) -> Result<(), Error>;
    /// Sends back a campaign's `/v2` read form with another per-code limit.
    async fn update_code_limit_v2(c: &Client, id: &str, limit: i64) -> Result<(), Error>;
    /// Enables a campaign.
    async fn activate(c: &Client, id: &str) -> Result<(), Error>;
    /// Disables a campaign.
    async fn deactivate(c: &Client, id: &str) -> Result<(), Error>;
    /// Deletes a campaign (`/v3`).
    async fn delete(c: &Client, id: &str) -> Result<(), Error>;
    /// Deletes a campaign through `/v2`.
    async fn delete_v2(c: &Client, id: &str) -> Result<(), Error>;
    /// Generates `count` codes for a campaign.
    async fn generate(c: &Client, id: &str, count: u32) -> Result<GeneratedCodes, Error>;
    /// A page of a campaign's codes.
    async fn codes(c: &Client, id: &str, limit: u32, offset: u32) -> Result<CodeList, Error>;
    /// Every code of a campaign, page after page.
    async fn all_codes(c: &Client, id: &str) -> Result<Vec<CodeEntry>, Error>;

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

/// The campaign and code calls every family spells alike: `$admin` is the admin accessor,
/// `$new` and `$input` the body types, `$input_of` a function making a valid `/v3` input and
/// `$unknown_item` one naming an item the catalog does not have in an input.
macro_rules! campaign_calls {
    ($admin:ident, $new:ident, $input:ident, $input_of:path, $unknown_item:path) => {
        async fn create_in(
            c: &Client,
            id: &str,
            validity: Periods,
            total_limit: Option<i64>,
        ) -> Result<String, Error> {
            let mut input = $input_of();
            input.validity = validity;
            input.redeem_total_limit = total_limit;
            let created = c
                .admin()
                .$admin()
                .create($new::new(id, input))
                .send()
                .await?;
            Ok(created.external_id.as_ref().to_owned())
        }

        async fn create_v2(c: &Client, id: &str, validity: DateRange) -> Result<(), Error> {
            let mut input = $input_of().with_form::<DateRange>();
            input.validity = validity;
            let body = $new::new(id, input);
            c.admin().$admin().create(body).send().await.map(drop)
        }

        async fn create_bad(c: &Client, bad: BadBody) -> Result<(), Error> {
            let mut input = $input_of();
            let id = match bad {
                BadBody::TakenId(id) => id,
                BadBody::UnknownItem => {
                    $unknown_item(&mut input);
                    "x"
                }
                BadBody::ZeroUserLimit => {
                    input.redeem_user_limit = Some(0);
                    "x"
                }
                BadBody::MalformedId => "bad id!",
                BadBody::NotALocale => {
                    input.name = LocalizedText::default().with("english", "x");
                    "x"
                }
            };
            let body = $new::new(id, input);
            c.admin().$admin().create(body).send().await.map(drop)
        }

        async fn get(c: &Client, id: &str) -> Result<Campaign, Error> {
            let v = c.admin().$admin().get(id).send().await?;
            Ok(Campaign {
                is_enabled: v.is_enabled,
                periods: v.validity.promotion_periods.len(),
                total_codes_count: v.total_codes_count,
                total_limit_state: v
                    .total_limit_state
                    .map(|s| (s.available, s.used, s.reserved)),
                redeem_code_limit: v.redeem_code_limit,
            })
        }

        async fn get_v2(c: &Client, id: &str) -> Result<DateRange, Error> {
            Ok(c.admin().$admin().get_v2(id).send().await?.validity)
        }

        async fn list(c: &Client) -> Listing {
            let page = c.admin().$admin().list().send().await.unwrap();
            Listing {
                items: page.items.len(),
                total: page.total_promotions_count,
                active: page.active_promotions_count,
                inactive: page.inactive_promotions_count,
            }
        }

        async fn list_v2(c: &Client) -> Vec<DateRange> {
            let page = c.admin().$admin().list_v2().send().await.unwrap();
            page.items.into_iter().map(|v| v.validity).collect()
        }

        async fn update_code_limit(c: &Client, id: &str, limit: i64) -> Result<(), Error> {
            let admin = c.admin().$admin();
            let mut input: $input = admin.get(id).send().await?.into();
            input.redeem_code_limit = Some(limit);
            admin.update(id, input).send().await.map(drop)
        }

        async fn update_code_limit_v2(c: &Client, id: &str, limit: i64) -> Result<(), Error> {
            let admin = c.admin().$admin();
            let mut input: $input<DateRange> = admin.get_v2(id).send().await?.into();
            input.redeem_code_limit = Some(limit);
            admin.update(id, input).send().await.map(drop)
        }

        async fn activate(c: &Client, id: &str) -> Result<(), Error> {
            c.admin().$admin().activate(id).send().await.map(drop)
        }

        async fn deactivate(c: &Client, id: &str) -> Result<(), Error> {
            c.admin().$admin().deactivate(id).send().await.map(drop)
        }

        async fn delete(c: &Client, id: &str) -> Result<(), Error> {
            c.admin().$admin().delete(id).send().await.map(drop)
        }

        async fn delete_v2(c: &Client, id: &str) -> Result<(), Error> {
            c.admin().$admin().delete_v2(id).send().await.map(drop)
        }

        async fn try_add_code(c: &Client, id: &str, text: &str) -> Result<CreatedCode, Error> {
            c.admin().$admin().create_code(id, code(text)).send().await
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
    };
}

/// A coupon input valid from T0.
fn coupon_input() -> CouponInput {
    coupon("x", T0, 1).coupon
}

/// A promo-code input valid from T0.
fn promo_input() -> PromoCodeInput {
    promo("x", T0).promo_code
}

/// A unique-offer input valid from T0, unlocking the sword.
fn offer_input() -> UniqueOfferInput {
    UniqueOfferInput {
        name: name("Offer"),
        validity: Periods::single(date(T0), None),
        items: vec!["sword".into()],
        ..Default::default()
    }
}

fn unknown_coupon_bonus(input: &mut CouponInput) {
    input.bonus = vec![BonusItemInput::new("nope", 1)];
}

fn unknown_promo_bonus(input: &mut PromoCodeInput) {
    input.bonus = vec![BonusItemInput::new("nope", 1)];
}

fn unknown_offer_item(input: &mut UniqueOfferInput) {
    input.items = vec!["nope".into()];
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
    const CAMPAIGN: &'static str = "Coupon";
    type Other = PromoCodes;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut input = coupon_input();
        input.redeem_user_limit = user_limit;
        let body = NewCoupon::new(id, input);
        c.admin().coupons().create(body).send().await.unwrap();
    }

    campaign_calls!(
        coupons,
        NewCoupon,
        CouponInput,
        coupon_input,
        unknown_coupon_bonus
    );
}

impl LimitedFamily for Coupons {
    const CODE_WORD: &'static str = "coupon";
    const LIMIT_WORD: &'static str = "coupon";
    const OWN_BAD_BODIES: &'static [&'static str] = &[];

    async fn redeem(c: &Client, text: &str, _attempt: u32) -> Result<(), Error> {
        c.coupons().redeem(code(text)).send().await.map(drop)
    }

    limit_calls!(coupons);
}

impl CodeFamily for PromoCodes {
    const BASE: &'static str = "promocode";
    const CAMPAIGN: &'static str = "Promocode";
    type Other = Coupons;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut input = promo_input();
        input.redeem_user_limit = user_limit;
        let body = NewPromoCode::new(id, input);
        c.admin().promo_codes().create(body).send().await.unwrap();
    }

    campaign_calls!(
        promo_codes,
        NewPromoCode,
        PromoCodeInput,
        promo_input,
        unknown_promo_bonus
    );
}

impl LimitedFamily for PromoCodes {
    const CODE_WORD: &'static str = "promo";
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
    const CAMPAIGN: &'static str = "Coupon";
    type Other = Coupons;

    async fn create(c: &Client, id: &str, user_limit: Option<i64>) {
        let mut input = offer_input();
        input.redeem_user_limit = user_limit;
        let body = NewUniqueOffer::new(id, input);
        c.admin().unique_offers().create(body).send().await.unwrap();
    }

    campaign_calls!(
        unique_offers,
        NewUniqueOffer,
        UniqueOfferInput,
        offer_input,
        unknown_offer_item
    );
}
