//! Coupon operations: redeeming codes (player) and managing coupon promotions (admin).

use crate::endpoint::impl_endpoint;

pub use client_side::*;

mod client_side {
    use super::*;
    use crate::ids::Code;
    use crate::models::coupons::{CouponRedemption, CouponRewards, RedeemedCoupon};

    /// `POST /v2/project/{project_id}/coupon/redeem`: redeems a coupon code; the answer lists
    /// the items granted. Never retried automatically.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RedeemCoupon {
        /// The code and the player's unit choices.
        pub body: CouponRedemption,
    }

    impl_endpoint! {
        RedeemCoupon -> RedeemedCoupon,
        POST "/v2/project/{project}/coupon/redeem",
        auth(User), body(body)
    }

    /// `GET /v2/project/{project_id}/coupon/code/{coupon_code}/rewards`: what a coupon code
    /// grants, and whether the player must pick unit items first.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCouponRewards {
        /// The code.
        pub code: Code,
    }

    impl_endpoint! {
        GetCouponRewards -> CouponRewards,
        GET "/v2/project/{project}/coupon/code/{code}/rewards" (code),
        auth(User)
    }
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use std::marker::PhantomData;

    use super::*;
    use crate::endpoint::{Paginated, page_query};
    use crate::ids::{Code, ExternalId};
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::coupons::{AdminCoupon, AdminCouponPage, CouponInput, NewCoupon};
    use crate::models::promotions::{
        ApiVersion, CodeEntry, CodeInput, CodeLimit, CodeLimitPage, CodeList, CreatedCode,
        CreatedPromotion, GenerateCodes, GeneratedCodes, PeriodForm, Periods, UserExternalId,
        UserLimit, UserLimitChange,
    };

    /// `POST /v3/project/{project_id}/admin/coupon` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): creates a coupon promotion,
    /// disabled (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateCoupon<P = Periods> {
        /// The promotion.
        pub body: NewCoupon<P>,
    }

    impl_endpoint! {
        CreateCoupon<P: PeriodForm> -> CreatedPromotion,
        POST "/{version}/project/{project}/admin/coupon" (version = P::VERSION),
        auth(Admin), body(body)
    }

    /// `GET /v3/project/{project_id}/admin/coupon` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)): lists coupon promotions (50 a page at
    /// most).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListCoupons<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListCoupons<P: PeriodForm> -> AdminCouponPage<P>,
        GET "/{version}/project/{project}/admin/coupon" (version = P::VERSION),
        auth(Admin), query(page)
    }

    impl<P: PeriodForm> Paginated for ListCoupons<P> {
        type Item = AdminCoupon<P>;
        const MAX_LIMIT: u32 = 50;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        /// The answer has no `has_more`: a full page means another may follow.
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            let more = output.items.len() >= Self::MAX_LIMIT as usize;
            (output.items, more)
        }
    }

    /// `GET /v3/project/{project_id}/admin/coupon/{external_id}` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCoupon<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        GetCoupon<P: PeriodForm> -> AdminCoupon<P>,
        GET "/{version}/project/{project}/admin/coupon/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin)
    }

    /// `PUT /v3/project/{project_id}/admin/coupon/{external_id}` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): replaces a coupon promotion
    /// (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateCoupon<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The whole promotion.
        pub body: CouponInput<P>,
    }

    impl_endpoint! {
        UpdateCoupon<P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/coupon/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v3/project/{project_id}/admin/coupon/{external_id}` (or `/v2/…`): deletes
    /// a coupon promotion for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteCoupon {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// API version of the route.
        pub version: ApiVersion,
    }

    impl_endpoint! {
        DeleteCoupon -> NoContent,
        DELETE "/{version}/project/{project}/admin/coupon/{external_id}" (version, external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/activate`: enables a
    /// coupon promotion (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivateCoupon {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        ActivateCoupon -> NoContent,
        PUT "/v2/project/{project}/admin/coupon/{external_id}/activate" (external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/deactivate`: disables a
    /// coupon promotion (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeactivateCoupon {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        DeactivateCoupon -> NoContent,
        PUT "/v2/project/{project}/admin/coupon/{external_id}/deactivate" (external_id),
        auth(Admin)
    }

    /// `POST /v2/project/{project_id}/admin/coupon/{external_id}/code`: adds one code (201;
    /// 422/9803 when the code exists).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateCouponCode {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The code.
        pub body: CodeInput,
    }

    impl_endpoint! {
        CreateCouponCode -> CreatedCode,
        POST "/v2/project/{project}/admin/coupon/{external_id}/code" (external_id),
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/coupon/{external_id}/code`: the promotion's codes
    /// (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListCouponCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListCouponCodes -> CodeList,
        GET "/v2/project/{project}/admin/coupon/{external_id}/code" (external_id),
        auth(Admin), query(page)
    }

    impl Paginated for ListCouponCodes {
        type Item = CodeEntry;
        const MAX_LIMIT: u32 = 50;
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

    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/code/generate`: generates
    /// 1..100 000 random codes. Not idempotent: each call adds codes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GenerateCouponCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// How many.
        pub body: GenerateCodes,
    }

    impl_endpoint! {
        GenerateCouponCodes -> GeneratedCodes,
        PUT "/v2/project/{project}/admin/coupon/{external_id}/code/generate" (external_id),
        auth(Admin), body(body), idempotent(false)
    }

    /// `GET /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`: a
    /// player's remaining redemptions.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCouponUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player.
        pub user: UserExternalId,
    }

    impl_endpoint! {
        GetCouponUserLimit -> UserLimit,
        GET "/v2/project/{project}/admin/user/limit/coupon/external_id/{external_id}" (external_id),
        auth(Admin), query(|e| vec![("user_external_id", e.user.0.clone())])
    }

    /// `POST /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`:
    /// gives a player `available` more redemptions (200). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IncreaseCouponUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        IncreaseCouponUserLimit -> UserLimit,
        POST "/v2/project/{project}/admin/user/limit/coupon/external_id/{external_id}"
            (external_id),
        auth(Admin), body(body)
    }

    /// `PUT /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`:
    /// sets a player's remaining redemptions to `available` (200).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetCouponUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        SetCouponUserLimit -> UserLimit,
        PUT "/v2/project/{project}/admin/user/limit/coupon/external_id/{external_id}" (external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`:
    /// takes `available` redemptions from a player (200). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DecreaseCouponUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        DecreaseCouponUserLimit -> UserLimit,
        DELETE "/v2/project/{project}/admin/user/limit/coupon/external_id/{external_id}"
            (external_id),
        auth(Admin), body(body), idempotent(false)
    }

    /// `GET /v2/project/{project_id}/admin/code/limit/coupon/external_id/{external_id}`:
    /// remaining redemptions per code, optionally of some codes only (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListCouponCodeLimits {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// Only these codes (`codes[]`); all when empty.
        pub codes: Vec<Code>,
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListCouponCodeLimits -> CodeLimitPage,
        GET "/v2/project/{project}/admin/code/limit/coupon/external_id/{external_id}" (external_id),
        auth(Admin),
        query(|e| {
            let codes = e.codes.iter().map(|c| ("codes[]", c.as_str().to_owned()));
            codes.chain(page_query(&e.page, Self::MAX_LIMIT)).collect()
        })
    }

    impl Paginated for ListCouponCodeLimits {
        type Item = CodeLimit;
        const MAX_LIMIT: u32 = 50;
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
    use crate::ids::Code;
    use crate::models::coupons::CouponRedemption;

    impl Client {
        /// Coupon calls for the current player.
        pub fn coupons(&self) -> Coupons<'_> {
            Coupons(self)
        }
    }

    /// Coupon calls for the current player (`client.coupons()`).
    #[derive(Debug, Clone, Copy)]
    pub struct Coupons<'a>(&'a Client);

    impl<'a> Coupons<'a> {
        /// Redeems a code: a [`Code`], or a [`CouponRedemption`] carrying unit choices.
        /// Not retried on failure: after an ambiguous error, look at the player's inventory
        /// before trying again.
        pub fn redeem(&self, redemption: impl Into<CouponRedemption>) -> Request<'a, RedeemCoupon> {
            self.0.request(RedeemCoupon {
                body: redemption.into(),
            })
        }

        /// What a code grants.
        pub fn rewards(&self, code: Code) -> Request<'a, GetCouponRewards> {
            self.0.request(GetCouponRewards { code })
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use std::marker::PhantomData;

        use super::*;
        use crate::client::Admin;
        use crate::error::Result;
        use crate::ids::{Code, ExternalId};
        use crate::models::common::PageQuery;
        use crate::models::coupons::{CouponInput, NewCoupon};
        use crate::models::promotions::{
            ApiVersion, CodeInput, DateRange, GenerateCodes, PeriodForm, UserExternalId,
            UserLimitChange,
        };

        impl<'a> Admin<'a> {
            /// Coupon promotions administration.
            pub fn coupons(&self) -> AdminCoupons<'a> {
                AdminCoupons(self.client())
            }
        }

        /// Coupon promotions administration calls (`client.admin().coupons()`).
        ///
        /// Bodies in the [`Periods`](crate::models::promotions::Periods) form go to `/v3`,
        /// bodies in the [`DateRange`] form to `/v2`; reads and deletes have a `_v2` twin.
        #[derive(Debug, Clone, Copy)]
        pub struct AdminCoupons<'a>(&'a Client);

        impl<'a> AdminCoupons<'a> {
            /// Creates a coupon promotion (disabled until [`activate`](Self::activate)d).
            pub fn create<P: PeriodForm>(
                &self,
                body: NewCoupon<P>,
            ) -> Request<'a, CreateCoupon<P>> {
                self.0.request(CreateCoupon { body })
            }
            /// Lists coupon promotions (`/v3`).
            pub fn list(&self) -> Request<'a, ListCoupons> {
                self.0.request(ListCoupons::default())
            }
            /// Lists coupon promotions through `/v2` (dates as `date_start`/`date_end`).
            pub fn list_v2(&self) -> Request<'a, ListCoupons<DateRange>> {
                self.0.request(ListCoupons::default())
            }
            /// Reads a coupon promotion (`/v3`).
            pub fn get(&self, external_id: impl Into<ExternalId>) -> Request<'a, GetCoupon> {
                self.0.request(GetCoupon {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Reads a coupon promotion through `/v2`.
            pub fn get_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, GetCoupon<DateRange>> {
                self.0.request(GetCoupon {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Replaces a coupon promotion.
            pub fn update<P: PeriodForm>(
                &self,
                external_id: impl Into<ExternalId>,
                body: CouponInput<P>,
            ) -> Request<'a, UpdateCoupon<P>> {
                self.0.request(UpdateCoupon {
                    external_id: external_id.into(),
                    body,
                })
            }
            /// Deletes a coupon promotion (`/v3`).
            pub fn delete(&self, external_id: impl Into<ExternalId>) -> Request<'a, DeleteCoupon> {
                self.0.request(DeleteCoupon {
                    external_id: external_id.into(),
                    version: ApiVersion::V3,
                })
            }
            /// Deletes a coupon promotion through `/v2`.
            pub fn delete_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeleteCoupon> {
                self.0.request(DeleteCoupon {
                    external_id: external_id.into(),
                    version: ApiVersion::V2,
                })
            }
            /// Enables a coupon promotion.
            pub fn activate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ActivateCoupon> {
                self.0.request(ActivateCoupon {
                    external_id: external_id.into(),
                })
            }
            /// Disables a coupon promotion.
            pub fn deactivate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeactivateCoupon> {
                self.0.request(DeactivateCoupon {
                    external_id: external_id.into(),
                })
            }
            /// Adds one code.
            pub fn create_code(
                &self,
                external_id: impl Into<ExternalId>,
                code: Code,
            ) -> Request<'a, CreateCouponCode> {
                self.0.request(CreateCouponCode {
                    external_id: external_id.into(),
                    body: CodeInput { coupon_code: code },
                })
            }
            /// Lists the codes; `.limit()`, `.offset()`, or `.all()` to walk pages.
            pub fn codes(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ListCouponCodes> {
                self.0.request(ListCouponCodes {
                    external_id: external_id.into(),
                    page: PageQuery::default(),
                })
            }
            /// Generates `count` random codes; a count outside 1..=100 000 is refused here with
            /// [`Error::InvalidInput`](crate::Error::InvalidInput), before anything is sent.
            pub fn generate_codes(
                &self,
                external_id: impl Into<ExternalId>,
                count: u32,
            ) -> Result<Request<'a, GenerateCouponCodes>> {
                Ok(self.0.request(GenerateCouponCodes {
                    external_id: external_id.into(),
                    body: GenerateCodes::new(count)?,
                }))
            }
            /// A player's remaining redemptions.
            pub fn user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
            ) -> Request<'a, GetCouponUserLimit> {
                self.0.request(GetCouponUserLimit {
                    external_id: external_id.into(),
                    user: user.into(),
                })
            }
            /// Gives a player `by` more redemptions.
            pub fn increase_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                by: i64,
            ) -> Request<'a, IncreaseCouponUserLimit> {
                self.0.request(IncreaseCouponUserLimit {
                    external_id: external_id.into(),
                    body: UserLimitChange::new(user, by),
                })
            }
            /// Sets a player's remaining redemptions.
            pub fn set_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                available: i64,
            ) -> Request<'a, SetCouponUserLimit> {
                self.0.request(SetCouponUserLimit {
                    external_id: external_id.into(),
                    body: UserLimitChange::new(user, available),
                })
            }
            /// Takes `by` redemptions from a player.
            pub fn decrease_user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
                by: i64,
            ) -> Request<'a, DecreaseCouponUserLimit> {
                self.0.request(DecreaseCouponUserLimit {
                    external_id: external_id.into(),
                    body: UserLimitChange::new(user, by),
                })
            }
            /// Remaining redemptions per code, of the given codes only (all when empty).
            pub fn code_limits(
                &self,
                external_id: impl Into<ExternalId>,
                codes: impl IntoIterator<Item = Code>,
            ) -> Request<'a, ListCouponCodeLimits> {
                self.0.request(ListCouponCodeLimits {
                    external_id: external_id.into(),
                    codes: codes.into_iter().collect(),
                    page: PageQuery::default(),
                })
            }
        }
    }
}
