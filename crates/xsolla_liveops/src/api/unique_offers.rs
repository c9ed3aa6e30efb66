//! Unique catalog offer operations (admin only): offers, their codes and their activation.
//! Players enter these codes through the promo code calls.

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use std::marker::PhantomData;

    use crate::endpoint::{Paginated, impl_endpoint};
    use crate::ids::ExternalId;
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::promotions::{
        ApiVersion, CodeEntry, CodeInput, CodeList, CreatedCode, CreatedPromotion, GenerateCodes,
        GeneratedCodes, PeriodForm, Periods,
    };
    use crate::models::unique_offers::{
        AdminUniqueOffer, AdminUniqueOfferPage, NewUniqueOffer, UniqueOfferInput,
    };

    /// `POST /v3/project/{project_id}/admin/unique_catalog_offer` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): creates a unique catalog offer,
    /// disabled (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateUniqueOffer<P = Periods> {
        /// The promotion.
        pub body: NewUniqueOffer<P>,
    }

    impl_endpoint! {
        CreateUniqueOffer<P: PeriodForm> -> CreatedPromotion,
        POST "/{version}/project/{project}/admin/unique_catalog_offer" (version = P::VERSION),
        auth(Admin), body(body)
    }

    /// `GET /v3/project/{project_id}/admin/unique_catalog_offer` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)): lists unique catalog offers (50 a page
    /// at most).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListUniqueOffers<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListUniqueOffers<P: PeriodForm> -> AdminUniqueOfferPage<P>,
        GET "/{version}/project/{project}/admin/unique_catalog_offer" (version = P::VERSION),
        auth(Admin), query(page)
    }

    impl<P: PeriodForm> Paginated for ListUniqueOffers<P> {
        type Item = AdminUniqueOffer<P>;
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

    /// `GET /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (`/v2/…` with `P` =
    /// [`DateRange`](crate::models::promotions::DateRange)).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetUniqueOffer<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The validity form of the answer, which picks the API version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        GetUniqueOffer<P: PeriodForm> -> AdminUniqueOffer<P>,
        GET "/{version}/project/{project}/admin/unique_catalog_offer/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin)
    }

    /// `PUT /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (`/v2/…` for a
    /// [`DateRange`](crate::models::promotions::DateRange) body): replaces a unique catalog offer
    /// (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateUniqueOffer<P = Periods> {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The whole promotion.
        pub body: UniqueOfferInput<P>,
    }

    impl_endpoint! {
        UpdateUniqueOffer<P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/unique_catalog_offer/{external_id}"
            (version = P::VERSION, external_id),
        auth(Admin), body(body)
    }

    /// `DELETE /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (or `/v2/…`):
    /// deletes a unique catalog offer for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteUniqueOffer {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// API version of the route.
        pub version: ApiVersion,
    }

    impl_endpoint! {
        DeleteUniqueOffer -> NoContent,
        DELETE "/{version}/project/{project}/admin/unique_catalog_offer/{external_id}"
            (version, external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/activate`: enables a
    /// unique catalog offer (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivateUniqueOffer {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        ActivateUniqueOffer -> NoContent,
        PUT "/v2/project/{project}/admin/unique_catalog_offer/{external_id}/activate" (external_id),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/deactivate`: disables
    /// a unique catalog offer (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeactivateUniqueOffer {
        /// Promotion external id.
        pub external_id: ExternalId,
    }

    impl_endpoint! {
        DeactivateUniqueOffer -> NoContent,
        PUT "/v2/project/{project}/admin/unique_catalog_offer/{external_id}/deactivate"
            (external_id),
        auth(Admin)
    }

    /// `POST /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code`: adds one code
    /// (201; 422/9803 when the code exists).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateUniqueOfferCode {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// The code.
        pub body: CodeInput,
    }

    impl_endpoint! {
        CreateUniqueOfferCode -> CreatedCode,
        POST "/v2/project/{project}/admin/unique_catalog_offer/{external_id}/code" (external_id),
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code`: the
    /// promotion's codes (50 a page at most).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListUniqueOfferCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListUniqueOfferCodes -> CodeList,
        GET "/v2/project/{project}/admin/unique_catalog_offer/{external_id}/code" (external_id),
        auth(Admin), query(page)
    }

    impl Paginated for ListUniqueOfferCodes {
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

    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code/generate`:
    /// generates 1..100 000 random codes. Not idempotent: each call adds codes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GenerateUniqueOfferCodes {
        /// Promotion external id.
        pub external_id: ExternalId,
        /// How many.
        pub body: GenerateCodes,
    }

    impl_endpoint! {
        GenerateUniqueOfferCodes -> GeneratedCodes,
        PUT "/v2/project/{project}/admin/unique_catalog_offer/{external_id}/code/generate"
            (external_id),
        auth(Admin), body(body), idempotent(false)
    }
}

#[cfg(all(feature = "client", feature = "admin"))]
pub use handlers::*;

#[cfg(all(feature = "client", feature = "admin"))]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

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
        use crate::models::promotions::{
            ApiVersion, CodeInput, DateRange, GenerateCodes, PeriodForm,
        };
        use crate::models::unique_offers::{NewUniqueOffer, UniqueOfferInput};

        impl<'a> Admin<'a> {
            /// Unique catalog offers administration.
            pub fn unique_offers(&self) -> AdminUniqueOffers<'a> {
                AdminUniqueOffers(self.client())
            }
        }

        /// Unique catalog offers administration calls (`client.admin().unique_offers()`).
        ///
        /// Bodies in the [`Periods`](crate::models::promotions::Periods) form go to `/v3`,
        /// bodies in the [`DateRange`] form to `/v2`; reads and deletes have a `_v2` twin.
        #[derive(Debug, Clone, Copy)]
        pub struct AdminUniqueOffers<'a>(&'a Client);

        impl<'a> AdminUniqueOffers<'a> {
            /// Creates a unique catalog offer (disabled until [`activate`](Self::activate)d).
            pub fn create<P: PeriodForm>(
                &self,
                body: NewUniqueOffer<P>,
            ) -> Request<'a, CreateUniqueOffer<P>> {
                self.0.request(CreateUniqueOffer { body })
            }
            /// Lists unique catalog offers (`/v3`).
            pub fn list(&self) -> Request<'a, ListUniqueOffers> {
                self.0.request(ListUniqueOffers::default())
            }
            /// Lists unique catalog offers through `/v2` (dates as `date_start`/`date_end`).
            pub fn list_v2(&self) -> Request<'a, ListUniqueOffers<DateRange>> {
                self.0.request(ListUniqueOffers::default())
            }
            /// Reads a unique catalog offer (`/v3`).
            pub fn get(&self, external_id: impl Into<ExternalId>) -> Request<'a, GetUniqueOffer> {
                self.0.request(GetUniqueOffer {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Reads a unique catalog offer through `/v2`.
            pub fn get_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, GetUniqueOffer<DateRange>> {
                self.0.request(GetUniqueOffer {
                    external_id: external_id.into(),
                    form: PhantomData,
                })
            }
            /// Replaces a unique catalog offer.
            pub fn update<P: PeriodForm>(
                &self,
                external_id: impl Into<ExternalId>,
                body: UniqueOfferInput<P>,
            ) -> Request<'a, UpdateUniqueOffer<P>> {
                self.0.request(UpdateUniqueOffer {
                    external_id: external_id.into(),
                    body,
                })
            }
            /// Deletes a unique catalog offer (`/v3`).
            pub fn delete(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeleteUniqueOffer> {
                self.0.request(DeleteUniqueOffer {
                    external_id: external_id.into(),
                    version: ApiVersion::V3,
                })
            }
            /// Deletes a unique catalog offer through `/v2`.
            pub fn delete_v2(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeleteUniqueOffer> {
                self.0.request(DeleteUniqueOffer {
                    external_id: external_id.into(),
                    version: ApiVersion::V2,
                })
            }
            /// Enables a unique catalog offer.
            pub fn activate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ActivateUniqueOffer> {
                self.0.request(ActivateUniqueOffer {
                    external_id: external_id.into(),
                })
            }
            /// Disables a unique catalog offer.
            pub fn deactivate(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, DeactivateUniqueOffer> {
                self.0.request(DeactivateUniqueOffer {
                    external_id: external_id.into(),
                })
            }
            /// Adds one code.
            pub fn create_code(
                &self,
                external_id: impl Into<ExternalId>,
                code: Code,
            ) -> Request<'a, CreateUniqueOfferCode> {
                self.0.request(CreateUniqueOfferCode {
                    external_id: external_id.into(),
                    body: CodeInput { coupon_code: code },
                })
            }
            /// Lists the codes; `.limit()`, `.offset()`, or `.all()` to walk pages.
            pub fn codes(
                &self,
                external_id: impl Into<ExternalId>,
            ) -> Request<'a, ListUniqueOfferCodes> {
                self.0.request(ListUniqueOfferCodes {
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
            ) -> Result<Request<'a, GenerateUniqueOfferCodes>> {
                Ok(self.0.request(GenerateUniqueOfferCodes {
                    external_id: external_id.into(),
                    body: GenerateCodes::new(count)?,
                }))
            }
        }
    }
}
