//! Code campaigns: coupons, promo codes and unique catalog offers, as one generic family.
//!
//! The three are served by the same routes under different path segments (`/admin/coupon`,
//! `/admin/promocode`, `/admin/unique_catalog_offer`): CRUD on `/v3` with `/v2` twins,
//! activation, codes and code generation. A [`CampaignKind`] marker ([`Coupon`], [`PromoCode`],
//! [`UniqueOffer`]) names a family's segment and body types, and marker traits say which of the
//! optional calls it has ([`Redeemable`], `UserLimits`, `CodeLimits`), so every operation and
//! handler method below is written once. The family modules ([`coupons`](super::coupons),
//! [`promo_codes`](super::promo_codes), [`unique_offers`](super::unique_offers)) give these
//! generic operations their family names.

use std::fmt::Debug;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::endpoint::impl_endpoint;
use crate::ids::Code;
use crate::models::coupons::{CouponRedemption, CouponRewards, RedeemedCoupon};
use crate::models::promo_codes::{Cart, PromoCodeRedemption, PromoCodeRewards};
#[cfg(feature = "admin")]
use crate::models::promotions::PeriodForm;
#[cfg(feature = "admin")]
use crate::models::{coupons, promo_codes, unique_offers};

mod sealed {
    /// Only the families of this module are campaign kinds.
    pub trait Sealed {}
}

/// A body or answer of a campaign operation: written and read in both directions (the client
/// sends bodies and reads answers, the emulator the other way round).
pub trait Wire: Serialize + DeserializeOwned + Debug {}

impl<T: Serialize + DeserializeOwned + Debug> Wire for T {}

/// A family of code campaigns: its path segment and, with the `admin` feature, its body types.
///
/// Sealed: the implementations are [`Coupon`], [`PromoCode`] and [`UniqueOffer`].
pub trait CampaignKind:
    sealed::Sealed + Copy + Default + Debug + Eq + Hash + Send + Sync + 'static
{
    /// The family's path segment: `coupon`, `promocode` or `unique_catalog_offer`.
    const SEGMENT: &'static str;

    /// The creation body, in the validity form `P` (external id and promotion).
    #[cfg(feature = "admin")]
    type New<P: PeriodForm>: Wire + Clone + PartialEq + From<Self::Admin<P>>;

    /// The update body, in the validity form `P` (the promotion without server-derived fields).
    #[cfg(feature = "admin")]
    type Input<P: PeriodForm>: Wire + Clone + PartialEq + From<Self::Admin<P>>;

    /// A promotion as the admin API reads it, in the validity form `P`.
    #[cfg(feature = "admin")]
    type Admin<P: PeriodForm>: Wire + Clone + PartialEq;
}

/// A family whose codes players redeem through its own routes (`/{segment}/redeem`,
/// `/{segment}/code/{code}/rewards`). Unique offer codes are entered as promo codes.
pub trait Redeemable: CampaignKind {
    /// Body of a redemption: the code and the player's choices.
    type Redemption: Wire + From<Code> + Clone + Eq;
    /// Answer of a redemption.
    type Redeemed: Wire;
    /// What a code gives, before redeeming it.
    type Rewards: Wire;
}

/// A family with per-player redemption limits (`/admin/user/limit/{segment}/…`).
#[cfg(feature = "admin")]
pub trait UserLimits: CampaignKind {}

/// A family with per-code redemption limits (`/admin/code/limit/{segment}/…`).
#[cfg(feature = "admin")]
pub trait CodeLimits: CampaignKind {}

/// Coupons: codes that grant items straight into the player's inventory (`coupon`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Coupon;

/// Promo codes: codes that discount a cart and add bonus items to it (`promocode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PromoCode;

/// Unique catalog offers: codes that unlock hidden catalog items (`unique_catalog_offer`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct UniqueOffer;

impl sealed::Sealed for Coupon {}
impl sealed::Sealed for PromoCode {}
impl sealed::Sealed for UniqueOffer {}

impl CampaignKind for Coupon {
    const SEGMENT: &'static str = "coupon";
    #[cfg(feature = "admin")]
    type New<P: PeriodForm> = coupons::NewCoupon<P>;
    #[cfg(feature = "admin")]
    type Input<P: PeriodForm> = coupons::CouponInput<P>;
    #[cfg(feature = "admin")]
    type Admin<P: PeriodForm> = coupons::AdminCoupon<P>;
}

impl CampaignKind for PromoCode {
    const SEGMENT: &'static str = "promocode";
    #[cfg(feature = "admin")]
    type New<P: PeriodForm> = promo_codes::NewPromoCode<P>;
    #[cfg(feature = "admin")]
    type Input<P: PeriodForm> = promo_codes::PromoCodeInput<P>;
    #[cfg(feature = "admin")]
    type Admin<P: PeriodForm> = promo_codes::AdminPromoCode<P>;
}

impl CampaignKind for UniqueOffer {
    const SEGMENT: &'static str = "unique_catalog_offer";
    #[cfg(feature = "admin")]
    type New<P: PeriodForm> = unique_offers::NewUniqueOffer<P>;
    #[cfg(feature = "admin")]
    type Input<P: PeriodForm> = unique_offers::UniqueOfferInput<P>;
    #[cfg(feature = "admin")]
    type Admin<P: PeriodForm> = unique_offers::AdminUniqueOffer<P>;
}

impl Redeemable for Coupon {
    type Redemption = CouponRedemption;
    type Redeemed = RedeemedCoupon;
    type Rewards = CouponRewards;
}

impl Redeemable for PromoCode {
    type Redemption = PromoCodeRedemption;
    type Redeemed = Cart;
    type Rewards = PromoCodeRewards;
}

#[cfg(feature = "admin")]
impl UserLimits for Coupon {}
#[cfg(feature = "admin")]
impl UserLimits for PromoCode {}
#[cfg(feature = "admin")]
impl CodeLimits for Coupon {}
#[cfg(feature = "admin")]
impl CodeLimits for PromoCode {}

/// `POST /v2/project/{project_id}/{segment}/redeem`: redeems a code (a coupon's answer lists
/// the items granted, a promo code's is the recalculated cart). Never retried automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedeemCampaignCode<K: Redeemable> {
    /// The code and the player's choices.
    pub body: K::Redemption,
}

impl_endpoint! {
    RedeemCampaignCode<K: Redeemable> -> K::Redeemed,
    POST "/v2/project/{project}/{kind}/redeem" (kind = K::SEGMENT),
    auth(User), body(body)
}

/// `GET /v2/project/{project_id}/{segment}/code/{code}/rewards`: what a code gives, and whether
/// the player must pick unit items first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCampaignRewards<K> {
    /// The code.
    pub code: Code,
    /// The family.
    pub kind: PhantomData<K>,
}

impl<K: Redeemable> GetCampaignRewards<K> {
    /// What `code` gives.
    pub fn new(code: Code) -> Self {
        Self {
            code,
            kind: PhantomData,
        }
    }
}

impl_endpoint! {
    GetCampaignRewards<K: Redeemable> -> K::Rewards,
    GET "/v2/project/{project}/{kind}/code/{code}/rewards" (kind = K::SEGMENT, code),
    auth(User)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::*;
    use crate::endpoint::{Paginated, page_query};
    use crate::ids::ExternalId;
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::promotions::{
        ApiVersion, CodeEntry, CodeInput, CodeLimit, CodeLimitPage, CodeList, CreatedCode,
        CreatedPromotion, GenerateCodes, GeneratedCodes, Periods, PromotionPage, UserExternalId,
        UserLimit, UserLimitChange,
    };

    /// The largest page of the campaign, code and code-limit lists.
    const PAGE: u32 = 50;

    /// `POST /v3/project/{project_id}/admin/{segment}` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): creates a campaign, disabled
    /// (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateCampaign<K: CampaignKind, P: PeriodForm = Periods> {
        /// The campaign.
        pub body: K::New<P>,
    }

    impl_endpoint! {
        CreateCampaign<K: CampaignKind, P: PeriodForm> -> CreatedPromotion,
        POST "/{version}/project/{project}/admin/{kind}" (version = P::VERSION, kind = K::SEGMENT),
        auth(Admin), body(body)
    }

    /// `GET /v3/project/{project_id}/admin/{segment}` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)): lists campaigns (50 a page at
    /// most).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListCampaigns<K, P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The family, and the validity form of the answer, which picks the API version.
        pub form: PhantomData<(K, P)>,
    }

    impl_endpoint! {
        ListCampaigns<K: CampaignKind, P: PeriodForm> -> PromotionPage<K::Admin<P>>,
        GET "/{version}/project/{project}/admin/{kind}" (version = P::VERSION, kind = K::SEGMENT),
        auth(Admin), query(page)
    }

    impl<K: CampaignKind, P: PeriodForm> Paginated for ListCampaigns<K, P> {
        type Item = K::Admin<P>;
        const MAX_LIMIT: u32 = PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        /// The answer has no `has_more`: a full page means another may follow.
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            let more = output.items.len() >= Self::MAX_LIMIT as usize;
            (output.items, more)
        }
    }

    /// `GET /v3/project/{project_id}/admin/{segment}/{external_id}` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCampaign<K, P = Periods> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The family, and the validity form of the answer, which picks the API version.
        pub form: PhantomData<(K, P)>,
    }

    impl<K: CampaignKind, P: PeriodForm> GetCampaign<K, P> {
        /// Reads the campaign `external_id`.
        pub fn new(external_id: impl Into<ExternalId>) -> Self {
            Self {
                external_id: external_id.into(),
                form: PhantomData,
            }
        }
    }

    impl_endpoint! {
        GetCampaign<K: CampaignKind, P: PeriodForm> -> K::Admin<P>,
        GET "/{version}/project/{project}/admin/{kind}/{external_id}"
            (version = P::VERSION, kind = K::SEGMENT, external_id),
        auth(Admin)
    }

    /// `PUT /v3/project/{project_id}/admin/{segment}/{external_id}` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): replaces a campaign (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateCampaign<K: CampaignKind, P: PeriodForm = Periods> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The whole campaign.
        pub body: K::Input<P>,
    }

    impl_endpoint! {
        UpdateCampaign<K: CampaignKind, P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/{kind}/{external_id}"
            (version = P::VERSION, kind = K::SEGMENT, external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v3/project/{project_id}/admin/{segment}/{external_id}` (or `/v2/…`): deletes a
    /// campaign for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteCampaign<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// API version of the route.
        pub version: ApiVersion,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> DeleteCampaign<K> {
        /// Deletes the campaign `external_id` through the `version` route.
        pub fn new(external_id: impl Into<ExternalId>, version: ApiVersion) -> Self {
            Self {
                external_id: external_id.into(),
                version,
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        DeleteCampaign<K: CampaignKind> -> NoContent,
        DELETE "/{version}/project/{project}/admin/{kind}/{external_id}"
            (version, kind = K::SEGMENT, external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/{segment}/{external_id}/activate`: enables a
    /// campaign (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivateCampaign<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> ActivateCampaign<K> {
        /// Enables the campaign `external_id`.
        pub fn new(external_id: impl Into<ExternalId>) -> Self {
            Self {
                external_id: external_id.into(),
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        ActivateCampaign<K: CampaignKind> -> NoContent,
        PUT "/v2/project/{project}/admin/{kind}/{external_id}/activate"
            (kind = K::SEGMENT, external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/{segment}/{external_id}/deactivate`: disables a
    /// campaign (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeactivateCampaign<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> DeactivateCampaign<K> {
        /// Disables the campaign `external_id`.
        pub fn new(external_id: impl Into<ExternalId>) -> Self {
            Self {
                external_id: external_id.into(),
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        DeactivateCampaign<K: CampaignKind> -> NoContent,
        PUT "/v2/project/{project}/admin/{kind}/{external_id}/deactivate"
            (kind = K::SEGMENT, external_id),
        auth(Admin)
    }

    /// `POST /v2/project/{project_id}/admin/{segment}/{external_id}/code`: adds one code (201;
    /// 422/9803 when the code exists).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateCampaignCode<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The code.
        pub body: CodeInput,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> CreateCampaignCode<K> {
        /// Adds `code` to the campaign `external_id`.
        pub fn new(external_id: impl Into<ExternalId>, code: Code) -> Self {
            Self {
                external_id: external_id.into(),
                body: CodeInput { coupon_code: code },
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        CreateCampaignCode<K: CampaignKind> -> CreatedCode,
        POST "/v2/project/{project}/admin/{kind}/{external_id}/code" (kind = K::SEGMENT, external_id),
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/{segment}/{external_id}/code`: the campaign's codes
    /// (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListCampaignCodes<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// Paging.
        pub page: PageQuery,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> ListCampaignCodes<K> {
        /// The codes of the campaign `external_id`, from the first page.
        pub fn new(external_id: impl Into<ExternalId>) -> Self {
            Self {
                external_id: external_id.into(),
                page: PageQuery::default(),
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        ListCampaignCodes<K: CampaignKind> -> CodeList,
        GET "/v2/project/{project}/admin/{kind}/{external_id}/code" (kind = K::SEGMENT, external_id),
        auth(Admin), query(page)
    }

    impl<K: CampaignKind> Paginated for ListCampaignCodes<K> {
        type Item = CodeEntry;
        const MAX_LIMIT: u32 = PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        /// The answer has no `has_more`: a full page means another may follow.
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            let more = output.codes.len() >= Self::MAX_LIMIT as usize;
            (output.codes, more)
        }
        /// More follow while `offset` plus this page is short of `total_count` (a full page,
        /// when the answer has no count).
        fn split_page(output: Self::Output, offset: u32) -> (Vec<Self::Item>, bool) {
            if output.total_count == 0 {
                return Self::into_items(output);
            }
            let more = output.has_more_after(u64::from(offset));
            (output.codes, more)
        }
    }

    /// `PUT /v2/project/{project_id}/admin/{segment}/{external_id}/code/generate`: generates
    /// 1..100 000 random codes. Not idempotent: each call adds codes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GenerateCampaignCodes<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// How many.
        pub body: GenerateCodes,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CampaignKind> GenerateCampaignCodes<K> {
        /// Generates `count` codes for the campaign `external_id`; a count outside
        /// 1..=100 000 is [`Error::InvalidInput`](crate::Error::InvalidInput).
        pub fn new(external_id: impl Into<ExternalId>, count: u32) -> crate::Result<Self> {
            Ok(Self {
                external_id: external_id.into(),
                body: GenerateCodes::new(count)?,
                kind: PhantomData,
            })
        }
    }

    impl_endpoint! {
        GenerateCampaignCodes<K: CampaignKind> -> GeneratedCodes,
        PUT "/v2/project/{project}/admin/{kind}/{external_id}/code/generate"
            (kind = K::SEGMENT, external_id),
        auth(Admin), body(body), idempotent(false)
    }

    /// `GET /v2/project/{project_id}/admin/user/limit/{segment}/external_id/{external_id}`: a
    /// player's remaining redemptions.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCampaignUserLimit<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// The player.
        pub user: UserExternalId,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: UserLimits> GetCampaignUserLimit<K> {
        /// The remaining redemptions of `user` in the campaign `external_id`.
        pub fn new(external_id: impl Into<ExternalId>, user: impl Into<UserExternalId>) -> Self {
            Self {
                external_id: external_id.into(),
                user: user.into(),
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        GetCampaignUserLimit<K: UserLimits> -> UserLimit,
        GET "/v2/project/{project}/admin/user/limit/{kind}/external_id/{external_id}"
            (kind = K::SEGMENT, external_id),
        auth(Admin), query(|e| vec![("user_external_id", e.user.0.clone())])
    }

    /// Writes a per-player limit change operation: its struct, constructor and endpoint.
    macro_rules! user_limit_change {
        ($(#[$doc:meta])* $name:ident, $method:ident, idempotent($idempotent:literal)) => {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct $name<K> {
                /// Campaign external id.
                pub external_id: ExternalId,
                /// The player and the amount.
                pub body: UserLimitChange,
                /// The family.
                pub kind: PhantomData<K>,
            }

            impl<K: UserLimits> $name<K> {
                /// The change of `amount` for `user` in the campaign `external_id`.
                pub fn new(
                    external_id: impl Into<ExternalId>,
                    user: impl Into<UserExternalId>,
                    amount: i64,
                ) -> Self {
                    Self {
                        external_id: external_id.into(),
                        body: UserLimitChange::new(user, amount),
                        kind: PhantomData,
                    }
                }
            }

            impl_endpoint! {
                $name<K: UserLimits> -> UserLimit,
                $method "/v2/project/{project}/admin/user/limit/{kind}/external_id/{external_id}"
                    (kind = K::SEGMENT, external_id),
                auth(Admin), body(body), idempotent($idempotent)
            }
        };
    }

    user_limit_change!(
        /// `POST /v2/project/{project_id}/admin/user/limit/{segment}/external_id/{external_id}`:
        /// gives a player `available` more redemptions (200). Not idempotent.
        IncreaseCampaignUserLimit, POST, idempotent(false)
    );
    user_limit_change!(
        /// `PUT /v2/project/{project_id}/admin/user/limit/{segment}/external_id/{external_id}`:
        /// sets a player's remaining redemptions to `available` (200).
        SetCampaignUserLimit, PUT, idempotent(true)
    );
    user_limit_change!(
        /// `DELETE /v2/project/{project_id}/admin/user/limit/{segment}/external_id/{external_id}`:
        /// takes `available` redemptions from a player (200). Not idempotent.
        DecreaseCampaignUserLimit, DELETE, idempotent(false)
    );

    /// `GET /v2/project/{project_id}/admin/code/limit/{segment}/external_id/{external_id}`:
    /// remaining redemptions per code, optionally of some codes only (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListCampaignCodeLimits<K> {
        /// Campaign external id.
        pub external_id: ExternalId,
        /// Only these codes (`codes[]`); all when empty.
        pub codes: Vec<Code>,
        /// Paging.
        pub page: PageQuery,
        /// The family.
        pub kind: PhantomData<K>,
    }

    impl<K: CodeLimits> ListCampaignCodeLimits<K> {
        /// The limits of the given codes of the campaign `external_id` (all when empty).
        pub fn new(
            external_id: impl Into<ExternalId>,
            codes: impl IntoIterator<Item = Code>,
        ) -> Self {
            Self {
                external_id: external_id.into(),
                codes: codes.into_iter().collect(),
                page: PageQuery::default(),
                kind: PhantomData,
            }
        }
    }

    impl_endpoint! {
        ListCampaignCodeLimits<K: CodeLimits> -> CodeLimitPage,
        GET "/v2/project/{project}/admin/code/limit/{kind}/external_id/{external_id}"
            (kind = K::SEGMENT, external_id),
        auth(Admin),
        query(|e| {
            let codes = e.codes.iter().map(|c| ("codes[]", c.as_str().to_owned()));
            codes.chain(page_query(&e.page, Self::MAX_LIMIT)).collect()
        })
    }

    impl<K: CodeLimits> Paginated for ListCampaignCodeLimits<K> {
        type Item = CodeLimit;
        const MAX_LIMIT: u32 = PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            (output.items, output.has_more)
        }
    }
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    /// Player calls of a [`Redeemable`] family: `client.coupons()`, `client.promo_codes()`.
    #[derive(Debug, Clone, Copy)]
    pub struct Campaigns<'a, K>(&'a Client, PhantomData<K>);

    impl<'a, K: CampaignKind> Campaigns<'a, K> {
        /// The calls of the family `K` through `client`.
        pub(crate) fn new(client: &'a Client) -> Self {
            Self(client, PhantomData)
        }

        /// The client behind these calls.
        pub(crate) fn client(&self) -> &'a Client {
            self.0
        }
    }

    impl Client {
        /// Player calls of the family `K`: `client.campaigns::<Coupon>()` is
        /// `client.coupons()`.
        pub fn campaigns<K: Redeemable>(&self) -> Campaigns<'_, K> {
            Campaigns::new(self)
        }
    }

    impl<'a, K: Redeemable> Campaigns<'a, K> {
        /// Redeems a code: a [`Code`], or the family's redemption body with the player's unit
        /// choices (and, for promo codes, another cart). Not retried on failure: after an
        /// ambiguous error, look at the inventory (coupons) or the cart (promo codes) before
        /// trying again.
        pub fn redeem(
            &self,
            redemption: impl Into<K::Redemption>,
        ) -> Request<'a, RedeemCampaignCode<K>> {
            self.0.request(RedeemCampaignCode {
                body: redemption.into(),
            })
        }

        /// What a code gives.
        pub fn rewards(&self, code: Code) -> Request<'a, GetCampaignRewards<K>> {
            self.0.request(GetCampaignRewards::new(code))
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::*;
        use crate::client::Admin;
        use crate::error::Result;
        use crate::ids::ExternalId;
        use crate::models::promotions::{ApiVersion, DateRange, UserExternalId};

        impl<'a> Admin<'a> {
            /// Administration of the campaign family `K`: `client.admin().campaigns::<Coupon>()`
            /// is `client.admin().coupons()`.
            pub fn campaigns<K: CampaignKind>(&self) -> AdminCampaigns<'a, K> {
                AdminCampaigns(self.client(), PhantomData)
            }
        }

        /// Administration calls of a campaign family (`client.admin().coupons()`, …).
        ///
        /// Bodies in the [`Periods`](crate::models::promotions::Periods) form go to `/v3`,
        /// bodies in the [`DateRange`] form to `/v2`; reads and deletes have a `_v2` twin.
        #[derive(Debug, Clone, Copy)]
        pub struct AdminCampaigns<'a, K>(&'a Client, PhantomData<K>);

        impl<'a, K: CampaignKind> AdminCampaigns<'a, K> {
            /// Creates a campaign (disabled until [`activate`](Self::activate)d).
            pub fn create<P: PeriodForm>(
                &self,
                body: K::New<P>,
            ) -> Request<'a, CreateCampaign<K, P>> {
                self.0.request(CreateCampaign { body })
            }
            /// Lists campaigns (`/v3`).
            pub fn list(&self) -> Request<'a, ListCampaigns<K>> {
                self.0.request(ListCampaigns::default())
            }
            /// Lists campaigns through `/v2` (dates as `date_start`/`date_end`).
            pub fn list_v2(&self) -> Request<'a, ListCampaigns<K, DateRange>> {
                self.0.request(ListCampaigns::default())
            }
            /// Reads a campaign (`/v3`).
            pub fn get(&self, external_id: impl Into<ExternalId>) -> Request<'a, GetCampaign<K>> {
                self.0.request(GetCampaign::new(external_id))
            }
            /// Reads a campaign through `/v2`.
            pub fn get_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, GetCampaign<K, DateRange>> {
                self.0.request(GetCampaign::new(external_id))
            }
            /// Replaces a campaign.
            pub fn update<P: PeriodForm>(
                &self,
                external_id: impl Into<ExternalId>,
                body: K::Input<P>,
            ) -> Request<'a, UpdateCampaign<K, P>> {
                self.0.request(UpdateCampaign {
                    external_id: external_id.into(),
                    body,
                })
            }
            /// Deletes a campaign (`/v3`).
            pub fn delete(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeleteCampaign<K>> {
                self.0
                    .request(DeleteCampaign::new(external_id, ApiVersion::V3))
            }
            /// Deletes a campaign through `/v2`.
            pub fn delete_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeleteCampaign<K>> {
                self.0
                    .request(DeleteCampaign::new(external_id, ApiVersion::V2))
            }
            /// Enables a campaign.
            pub fn activate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ActivateCampaign<K>> {
                self.0.request(ActivateCampaign::new(external_id))
            }
            /// Disables a campaign.
            pub fn deactivate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeactivateCampaign<K>> {
                self.0.request(DeactivateCampaign::new(external_id))
            }
            /// Adds one code.
            pub fn create_code(
                &self,
                external_id: impl Into<ExternalId>,
                code: Code,
            ) -> Request<'a, CreateCampaignCode<K>> {
                self.0.request(CreateCampaignCode::new(external_id, code))
            }
            /// Lists the codes; `.limit()`, `.offset()`, or `.all()` to walk pages.
            pub fn codes(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ListCampaignCodes<K>> {
                self.0.request(ListCampaignCodes::new(external_id))
            }
            /// Generates `count` random codes; a count outside 1..=100 000 is refused here with
            /// [`Error::InvalidInput`](crate::Error::InvalidInput), before anything is sent.
            pub fn generate_codes(
                &self,
                external_id: impl Into<ExternalId>,
                count: u32,
            ) -> Result<Request<'a, GenerateCampaignCodes<K>>> {
                Ok(self
                    .0
                    .request(GenerateCampaignCodes::new(external_id, count)?))
            }
        }

        impl<'a, K: UserLimits> AdminCampaigns<'a, K> {
            /// A player's remaining redemptions.
            pub fn user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
            ) -> Request<'a, GetCampaignUserLimit<K>> {
                self.0.request(GetCampaignUserLimit::new(external_id, user))
            }
            /// Gives a player `by` more redemptions.
            pub fn increase_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                by: i64,
            ) -> Request<'a, IncreaseCampaignUserLimit<K>> {
                self.0
                    .request(IncreaseCampaignUserLimit::new(external_id, user, by))
            }
            /// Sets a player's remaining redemptions.
            pub fn set_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                available: i64,
            ) -> Request<'a, SetCampaignUserLimit<K>> {
                self.0
                    .request(SetCampaignUserLimit::new(external_id, user, available))
            }
            /// Takes `by` redemptions from a player.
            pub fn decrease_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                by: i64,
            ) -> Request<'a, DecreaseCampaignUserLimit<K>> {
                self.0
                    .request(DecreaseCampaignUserLimit::new(external_id, user, by))
            }
        }

        impl<'a, K: CodeLimits> AdminCampaigns<'a, K> {
            /// Remaining redemptions per code, of the given codes only (all when empty).
            pub fn code_limits(
                &self,
                external_id: impl Into<ExternalId>,
                codes: impl IntoIterator<Item = Code>,
            ) -> Request<'a, ListCampaignCodeLimits<K>> {
                self.0
                    .request(ListCampaignCodeLimits::new(external_id, codes))
            }
        }
    }
}
