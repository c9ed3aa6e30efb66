//! Promo code operations: applying codes to a cart (player) and managing promo code
//! promotions (admin).

use crate::endpoint::impl_endpoint;

pub use client_side::*;

mod client_side {
    use super::*;
    use crate::ids::Code;
    use crate::models::promo_codes::{
        Cart, PromoCodeRedemption, PromoCodeRemoval, PromoCodeRewards,
    };

    /// `POST /v2/project/{project_id}/promocode/redeem`: applies a promo code to a cart; the
    /// answer is the recalculated cart. Never retried automatically.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RedeemPromoCode {
        /// The code, the cart and the player's unit choices.
        pub body: PromoCodeRedemption,
    }

    impl_endpoint! {
        RedeemPromoCode -> Cart,
        POST "/v2/project/{project}/promocode/redeem",
        auth(User), body(body)
    }

    /// `PUT /v2/project/{project_id}/promocode/remove`: takes the promo code off a cart; the
    /// answer is the cart priced without it.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct RemovePromoCode {
        /// The cart.
        pub body: PromoCodeRemoval,
    }

    impl_endpoint! {
        RemovePromoCode -> Cart,
        PUT "/v2/project/{project}/promocode/remove",
        auth(User), body(body)
    }

    /// `GET /v2/project/{project_id}/promocode/code/{promocode_code}/rewards`: what a promo
    /// code gives, and whether the player must pick unit items first.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetPromoCodeRewards {
        /// The code.
        pub code: Code,
    }

    impl_endpoint! {
        GetPromoCodeRewards -> PromoCodeRewards,
        GET "/v2/project/{project}/promocode/code/{code}/rewards" (code),
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
    use crate::models::promo_codes::{
        AdminPromoCode, AdminPromoCodePage, NewPromoCode, PromoCodeInput,
    };
    use crate::models::promotions::{
        ApiVersion, CodeEntry, CodeInput, CodeLimit, CodeLimitPage, CodeList, CreatedCode,
        CreatedPromotion, GenerateCodes, GeneratedCodes, PeriodForm, Periods, UserExternalId,
        UserLimit, UserLimitChange,
    };

    /// `POST /v3/project/{project_id}/admin/promocode` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): creates a promo code promotion,
    /// disabled (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreatePromoCode<P = Periods> {
        /// The promotion.
        pub body: NewPromoCode<P>,
    }

    impl_endpoint! {
        CreatePromoCode<P: PeriodForm> -> CreatedPromotion,
        POST "/{version}/project/{project}/admin/promocode" (version = P::VERSION),
        auth(Admin), body(body)
    }

    /// `GET /v3/project/{project_id}/admin/promocode` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)): lists promo code promotions (50 a page
    /// at most).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListPromoCodes<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListPromoCodes<P: PeriodForm> -> AdminPromoCodePage<P>,
        GET "/{version}/project/{project}/admin/promocode" (version = P::VERSION),
        auth(Admin), query(page)
    }

    impl<P: PeriodForm> Paginated for ListPromoCodes<P> {
        type Item = AdminPromoCode<P>;
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

    /// `GET /v3/project/{project_id}/admin/promocode/{external_id}` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetPromoCode<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        GetPromoCode<P: PeriodForm> -> AdminPromoCode<P>,
        GET "/{version}/project/{project}/admin/promocode/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin)
    }

    /// `PUT /v3/project/{project_id}/admin/promocode/{external_id}` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): replaces a promo code promotion
    /// (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdatePromoCode<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The whole promotion.
        pub body: PromoCodeInput<P>,
    }

    impl_endpoint! {
        UpdatePromoCode<P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/promocode/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v3/project/{project_id}/admin/promocode/{external_id}` (or `/v2/…`): deletes
    /// a promo code promotion for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeletePromoCode {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// API version of the route.
        pub version: ApiVersion,
    }

    impl_endpoint! {
        DeletePromoCode -> NoContent,
        DELETE "/{version}/project/{project}/admin/promocode/{external_id}" (version, external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/activate`: enables a
    /// promo code promotion (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivatePromoCode {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        ActivatePromoCode -> NoContent,
        PUT "/v2/project/{project}/admin/promocode/{external_id}/activate" (external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/deactivate`: disables a
    /// promo code promotion (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeactivatePromoCode {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        DeactivatePromoCode -> NoContent,
        PUT "/v2/project/{project}/admin/promocode/{external_id}/deactivate" (external_id),
        auth(Admin)
    }

    /// `POST /v2/project/{project_id}/admin/promocode/{external_id}/code`: adds one code (201;
    /// 422/9803 when the code exists).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreatePromoCodeCode {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The code.
        pub body: CodeInput,
    }

    impl_endpoint! {
        CreatePromoCodeCode -> CreatedCode,
        POST "/v2/project/{project}/admin/promocode/{external_id}/code" (external_id),
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/promocode/{external_id}/code`: the promotion's codes
    /// (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListPromoCodeCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListPromoCodeCodes -> CodeList,
        GET "/v2/project/{project}/admin/promocode/{external_id}/code" (external_id),
        auth(Admin), query(page)
    }

    impl Paginated for ListPromoCodeCodes {
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

    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/code/generate`: generates
    /// 1..100 000 random codes. Not idempotent: each call adds codes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GeneratePromoCodeCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// How many.
        pub body: GenerateCodes,
    }

    impl_endpoint! {
        GeneratePromoCodeCodes -> GeneratedCodes,
        PUT "/v2/project/{project}/admin/promocode/{external_id}/code/generate" (external_id),
        auth(Admin), body(body), idempotent(false)
    }

    /// `GET /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`: a
    /// player's remaining redemptions.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetPromoCodeUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player.
        pub user: UserExternalId,
    }

    impl_endpoint! {
        GetPromoCodeUserLimit -> UserLimit,
        GET "/v2/project/{project}/admin/user/limit/promocode/external_id/{external_id}"
            (external_id),
        auth(Admin), query(|e| vec![("user_external_id", e.user.0.clone())])
    }

    /// `POST /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`:
    /// gives a player `available` more redemptions (200). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IncreasePromoCodeUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        IncreasePromoCodeUserLimit -> UserLimit,
        POST "/v2/project/{project}/admin/user/limit/promocode/external_id/{external_id}"
            (external_id),
        auth(Admin), body(body)
    }

    /// `PUT /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`:
    /// sets a player's remaining redemptions to `available` (200).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetPromoCodeUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        SetPromoCodeUserLimit -> UserLimit,
        PUT "/v2/project/{project}/admin/user/limit/promocode/external_id/{external_id}"
            (external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`:
    /// takes `available` redemptions from a player (200). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DecreasePromoCodeUserLimit {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The player and the amount.
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        DecreasePromoCodeUserLimit -> UserLimit,
        DELETE "/v2/project/{project}/admin/user/limit/promocode/external_id/{external_id}"
            (external_id),
        auth(Admin), body(body), idempotent(false)
    }

    /// `GET /v2/project/{project_id}/admin/code/limit/promocode/external_id/{external_id}`:
    /// remaining redemptions per code, optionally of some codes only (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListPromoCodeCodeLimits {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// Only these codes (`codes[]`); all when empty.
        pub codes: Vec<Code>,
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListPromoCodeCodeLimits -> CodeLimitPage,
        GET "/v2/project/{project}/admin/code/limit/promocode/external_id/{external_id}"
            (external_id),
        auth(Admin),
        query(|e| {
            let codes = e.codes.iter().map(|c| ("codes[]", c.as_str().to_owned()));
            codes.chain(page_query(&e.page, Self::MAX_LIMIT)).collect()
        })
    }

    impl Paginated for ListPromoCodeCodeLimits {
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
    use crate::models::promo_codes::{CartRef, PromoCodeRedemption, PromoCodeRemoval};

    impl Client {
        /// Promo code calls for the current player.
        pub fn promo_codes(&self) -> PromoCodes<'_> {
            PromoCodes(self)
        }
    }

    /// Promo code calls for the current player (`client.promo_codes()`).
    #[derive(Debug, Clone, Copy)]
    pub struct PromoCodes<'a>(&'a Client);

    impl<'a> PromoCodes<'a> {
        /// Applies a code to the current cart: a [`Code`], or a [`PromoCodeRedemption`] with
        /// another cart or unit choices. Not retried on failure: after an ambiguous error, read
        /// the cart before trying again.
        pub fn redeem(
            &self,
            redemption: impl Into<PromoCodeRedemption>,
        ) -> Request<'a, RedeemPromoCode> {
            self.0.request(RedeemPromoCode {
                body: redemption.into(),
            })
        }

        /// Takes the promo code off a cart (`None`: the current cart).
        pub fn remove(&self, cart: Option<CartRef>) -> Request<'a, RemovePromoCode> {
            self.0.request(RemovePromoCode {
                body: PromoCodeRemoval { cart },
            })
        }

        /// What a code gives.
        pub fn rewards(&self, code: Code) -> Request<'a, GetPromoCodeRewards> {
            self.0.request(GetPromoCodeRewards { code })
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
        use crate::models::promo_codes::{NewPromoCode, PromoCodeInput};
        use crate::models::promotions::{
            ApiVersion, CodeInput, DateRange, GenerateCodes, PeriodForm, UserExternalId,
            UserLimitChange,
        };

        impl<'a> Admin<'a> {
            /// Promo code promotions administration.
            pub fn promo_codes(&self) -> AdminPromoCodes<'a> {
                AdminPromoCodes(self.client())
            }
        }

        /// Promo code promotions administration calls (`client.admin().promo_codes()`).
        ///
        /// Bodies in the [`Periods`](crate::models::promotions::Periods) form go to `/v3`,
        /// bodies in the [`DateRange`] form to `/v2`; reads and deletes have a `_v2` twin.
        #[derive(Debug, Clone, Copy)]
        pub struct AdminPromoCodes<'a>(&'a Client);

        impl<'a> AdminPromoCodes<'a> {
            /// Creates a promo code promotion (disabled until [`activate`](Self::activate)d).
            pub fn create<P: PeriodForm>(
                &self,
                body: NewPromoCode<P>,
            ) -> Request<'a, CreatePromoCode<P>> {
                self.0.request(CreatePromoCode { body })
            }
            /// Lists promo code promotions (`/v3`).
            pub fn list(&self) -> Request<'a, ListPromoCodes> {
                self.0.request(ListPromoCodes::default())
            }
            /// Lists promo code promotions through `/v2` (dates as `date_start`/`date_end`).
            pub fn list_v2(&self) -> Request<'a, ListPromoCodes<DateRange>> {
                self.0.request(ListPromoCodes::default())
            }
            /// Reads a promo code promotion (`/v3`).
            pub fn get(&self, external_id: impl Into<ExternalId>) -> Request<'a, GetPromoCode> {
                self.0.request(GetPromoCode {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Reads a promo code promotion through `/v2`.
            pub fn get_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, GetPromoCode<DateRange>> {
                self.0.request(GetPromoCode {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Replaces a promo code promotion.
            pub fn update<P: PeriodForm>(
                &self,
                external_id: impl Into<ExternalId>,
                body: PromoCodeInput<P>,
            ) -> Request<'a, UpdatePromoCode<P>> {
                self.0.request(UpdatePromoCode {
                    external_id: external_id.into(),
                    body,
                })
            }
            /// Deletes a promo code promotion (`/v3`).
            pub fn delete(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeletePromoCode> {
                self.0.request(DeletePromoCode {
                    external_id: external_id.into(),
                    version: ApiVersion::V3,
                })
            }
            /// Deletes a promo code promotion through `/v2`.
            pub fn delete_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeletePromoCode> {
                self.0.request(DeletePromoCode {
                    external_id: external_id.into(),
                    version: ApiVersion::V2,
                })
            }
            /// Enables a promo code promotion.
            pub fn activate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ActivatePromoCode> {
                self.0.request(ActivatePromoCode {
                    external_id: external_id.into(),
                })
            }
            /// Disables a promo code promotion.
            pub fn deactivate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeactivatePromoCode> {
                self.0.request(DeactivatePromoCode {
                    external_id: external_id.into(),
                })
            }
            /// Adds one code.
            pub fn create_code(
                &self,
                external_id: impl Into<ExternalId>,
                code: Code,
            ) -> Request<'a, CreatePromoCodeCode> {
                self.0.request(CreatePromoCodeCode {
                    external_id: external_id.into(),
                    body: CodeInput { coupon_code: code },
                })
            }
            /// Lists the codes; `.limit()`, `.offset()`, or `.all()` to walk pages.
            pub fn codes(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ListPromoCodeCodes> {
                self.0.request(ListPromoCodeCodes {
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
            ) -> Result<Request<'a, GeneratePromoCodeCodes>> {
                Ok(self.0.request(GeneratePromoCodeCodes {
                    external_id: external_id.into(),
                    body: GenerateCodes::new(count)?,
                }))
            }
            /// A player's remaining redemptions.
            pub fn user_limit(
                &self,
                external_id: impl Into<ExternalId>,
                user: impl Into<UserExternalId>,
            ) -> Request<'a, GetPromoCodeUserLimit> {
                self.0.request(GetPromoCodeUserLimit {
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
            ) -> Request<'a, IncreasePromoCodeUserLimit> {
                self.0.request(IncreasePromoCodeUserLimit {
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
            ) -> Request<'a, SetPromoCodeUserLimit> {
                self.0.request(SetPromoCodeUserLimit {
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
            ) -> Request<'a, DecreasePromoCodeUserLimit> {
                self.0.request(DecreasePromoCodeUserLimit {
                    external_id: external_id.into(),
                    body: UserLimitChange::new(user, by),
                })
            }
            /// Remaining redemptions per code, of the given codes only (all when empty).
            pub fn code_limits(
                &self,
                external_id: impl Into<ExternalId>,
                codes: impl IntoIterator<Item = Code>,
            ) -> Request<'a, ListPromoCodeCodeLimits> {
                self.0.request(ListPromoCodeCodeLimits {
                    external_id: external_id.into(),
                    codes: codes.into_iter().collect(),
                    page: PageQuery::default(),
                })
            }
        }
    }
}
