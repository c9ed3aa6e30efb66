//! Discounts and bonus promotions, and calls common to all promotions.
//!
//! Every operation here is server-side (Basic auth, feature `admin`). Discount, bonus and
//! all-promotions operations are generic over the validity form (`PeriodForm` in
//! `models::promotions`): the default `Periods` calls the `/v3` paths, `DateRange` the `/v2`
//! ones (`client.admin().discounts().v2()`).

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use std::marker::PhantomData;

    use crate::endpoint::{Paginated, impl_endpoint};
    use crate::ids::PromotionId;
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::discounts::{
        BonusPromotion, BonusPromotionInput, BonusPromotionList, CreatedPromotionId,
        DiscountPromotion, DiscountPromotionInput, DiscountPromotionList, PromotionSummary,
        PromotionSummaryList,
    };
    use crate::models::promotions::{PeriodForm, Periods};

    /// The largest page of the discount, bonus and all-promotions lists (no cap is documented;
    /// Xsolla's examples ask for 50).
    const PROMOTION_PAGE: u32 = 50;

    /// A list without `has_more` ends with the first page shorter than the limit asked for.
    fn promotion_page<T>(items: Vec<T>) -> (Vec<T>, bool) {
        let more = items.len() as u32 >= PROMOTION_PAGE;
        (items, more)
    }

    /// `POST /{v3|v2}/project/{project_id}/admin/promotion/item`: creates a discount (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateDiscount<P = Periods> {
        /// The discount.
        pub body: DiscountPromotionInput<P>,
    }

    impl_endpoint! {
        CreateDiscount<P: PeriodForm> -> CreatedPromotionId,
        POST "/{version}/project/{project}/admin/promotion/item" (version = P::VERSION),
        auth(Admin), body(body)
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/item`: lists discounts.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListDiscounts<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListDiscounts<P: PeriodForm> -> DiscountPromotionList<P>,
        GET "/{version}/project/{project}/admin/promotion/item" (version = P::VERSION),
        auth(Admin), query(page)
    }

    impl<P: PeriodForm> Paginated for ListDiscounts<P> {
        type Item = DiscountPromotion<P>;
        const MAX_LIMIT: u32 = PROMOTION_PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            promotion_page(output.promotions)
        }
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`: reads a discount.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetDiscount<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        GetDiscount<P: PeriodForm> -> DiscountPromotion<P>,
        GET "/{version}/project/{project}/admin/promotion/{promotion}/item"
            (version = P::VERSION, promotion),
        auth(Admin)
    }

    /// `PUT /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`: replaces a
    /// discount (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateDiscount<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The whole discount.
        pub body: DiscountPromotionInput<P>,
    }

    impl_endpoint! {
        UpdateDiscount<P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/promotion/{promotion}/item"
            (version = P::VERSION, promotion),
        auth(Admin), body(body)
    }

    /// `DELETE /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`: deletes a
    /// discount for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteDiscount<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        DeleteDiscount<P: PeriodForm> -> NoContent,
        DELETE "/{version}/project/{project}/admin/promotion/{promotion}/item"
            (version = P::VERSION, promotion),
        auth(Admin)
    }

    /// `POST /{v3|v2}/project/{project_id}/admin/promotion/bonus`: creates a bonus promotion
    /// (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateBonus<P = Periods> {
        /// The bonus promotion.
        pub body: BonusPromotionInput<P>,
    }

    impl_endpoint! {
        CreateBonus<P: PeriodForm> -> CreatedPromotionId,
        POST "/{version}/project/{project}/admin/promotion/bonus" (version = P::VERSION),
        auth(Admin), body(body)
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/bonus`: lists bonus promotions.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListBonuses<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListBonuses<P: PeriodForm> -> BonusPromotionList<P>,
        GET "/{version}/project/{project}/admin/promotion/bonus" (version = P::VERSION),
        auth(Admin), query(page)
    }

    impl<P: PeriodForm> Paginated for ListBonuses<P> {
        type Item = BonusPromotion<P>;
        const MAX_LIMIT: u32 = PROMOTION_PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            promotion_page(output.promotions)
        }
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`: reads a bonus
    /// promotion.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetBonus<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        GetBonus<P: PeriodForm> -> BonusPromotion<P>,
        GET "/{version}/project/{project}/admin/promotion/{promotion}/bonus"
            (version = P::VERSION, promotion),
        auth(Admin)
    }

    /// `PUT /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`: replaces a
    /// bonus promotion (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateBonus<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The whole bonus promotion.
        pub body: BonusPromotionInput<P>,
    }

    impl_endpoint! {
        UpdateBonus<P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/promotion/{promotion}/bonus"
            (version = P::VERSION, promotion),
        auth(Admin), body(body)
    }

    /// `DELETE /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`: deletes a
    /// bonus promotion for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteBonus<P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        DeleteBonus<P: PeriodForm> -> NoContent,
        DELETE "/{version}/project/{project}/admin/promotion/{promotion}/bonus"
            (version = P::VERSION, promotion),
        auth(Admin)
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion`: every promotion of the project,
    /// whatever its kind.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListPromotions<P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// Only active (`Some(true)`) or deactivated (`Some(false)`) promotions.
        pub enabled: Option<bool>,
        /// The validity form, hence the path version.
        pub form: PhantomData<P>,
    }

    impl_endpoint! {
        ListPromotions<P: PeriodForm> -> PromotionSummaryList,
        GET "/{version}/project/{project}/admin/promotion" (version = P::VERSION),
        auth(Admin), query(page, enabled)
    }

    impl<P: PeriodForm> Paginated for ListPromotions<P> {
        type Item = PromotionSummary;
        const MAX_LIMIT: u32 = PROMOTION_PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            promotion_page(output.promotions)
        }
    }

    /// `PUT /v2/project/{project_id}/admin/promotion/{promotion_id}/activate`: turns a discount
    /// or bonus on (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivatePromotion {
        /// Promotion id.
        pub promotion: PromotionId,
    }

    impl_endpoint! {
        ActivatePromotion -> NoContent,
        PUT "/v2/project/{project}/admin/promotion/{promotion}/activate" (promotion),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/promotion/{promotion_id}/deactivate`: turns a
    /// discount or bonus off (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeactivatePromotion {
        /// Promotion id.
        pub promotion: PromotionId,
    }

    impl_endpoint! {
        DeactivatePromotion -> NoContent,
        PUT "/v2/project/{project}/admin/promotion/{promotion}/deactivate" (promotion),
        auth(Admin)
    }
}

#[cfg(all(feature = "client", feature = "admin"))]
pub use handlers::*;

#[cfg(all(feature = "client", feature = "admin"))]
mod handlers {
    use std::fmt;
    use std::marker::PhantomData;

    use super::*;
    use crate::client::{Admin, Client, Request};
    use crate::ids::PromotionId;
    use crate::models::discounts::{BonusPromotionInput, DiscountPromotionInput};
    use crate::models::promotions::{DateRange, PeriodForm, Periods};

    impl<'a> Admin<'a> {
        /// Discount administration (`/v3`; `.v2()` for the `/v2` form).
        pub fn discounts(&self) -> AdminDiscounts<'a> {
            AdminDiscounts::new(self.client())
        }

        /// Bonus promotion administration (`/v3`; `.v2()` for the `/v2` form).
        pub fn bonuses(&self) -> AdminBonuses<'a> {
            AdminBonuses::new(self.client())
        }

        /// Calls common to every promotion: the all-promotions list, activation.
        pub fn promotions(&self) -> AdminPromotions<'a> {
            AdminPromotions::new(self.client())
        }
    }

    macro_rules! versioned_handler {
        ($(#[$meta:meta])* $name:ident) => {
            $(#[$meta])*
            pub struct $name<'a, P = Periods> {
                client: &'a Client,
                form: PhantomData<P>,
            }

            impl<'a, P> $name<'a, P> {
                fn new(client: &'a Client) -> Self {
                    Self {
                        client,
                        form: PhantomData,
                    }
                }
            }

            impl<'a> $name<'a, Periods> {
                /// The same calls on the `/v2` paths, with `date_start` / `date_end` bodies.
                pub fn v2(&self) -> $name<'a, DateRange> {
                    $name::new(self.client)
                }
            }

            impl<P> Clone for $name<'_, P> {
                fn clone(&self) -> Self {
                    *self
                }
            }

            impl<P> Copy for $name<'_, P> {}

            impl<P: PeriodForm> fmt::Debug for $name<'_, P> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct(stringify!($name))
                        .field("version", &P::VERSION)
                        .finish_non_exhaustive()
                }
            }
        };
    }

    versioned_handler!(
        /// Discount administration calls (`client.admin().discounts()`).
        AdminDiscounts
    );
    versioned_handler!(
        /// Bonus promotion administration calls (`client.admin().bonuses()`).
        AdminBonuses
    );
    versioned_handler!(
        /// Calls common to all promotions (`client.admin().promotions()`).
        AdminPromotions
    );

    impl<'a, P: PeriodForm> AdminDiscounts<'a, P> {
        /// Creates a discount.
        pub fn create(&self, body: DiscountPromotionInput<P>) -> Request<'a, CreateDiscount<P>> {
            self.client.request(CreateDiscount { body })
        }
        /// Lists discounts; `.limit()`, `.offset()`, or `.all()` to walk pages.
        pub fn list(&self) -> Request<'a, ListDiscounts<P>> {
            self.client.request(ListDiscounts::default())
        }
        /// Reads a discount.
        pub fn get(&self, promotion: impl Into<PromotionId>) -> Request<'a, GetDiscount<P>> {
            self.client.request(GetDiscount {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
        /// Replaces a discount.
        pub fn update(
            &self,
            promotion: impl Into<PromotionId>,
            body: DiscountPromotionInput<P>,
        ) -> Request<'a, UpdateDiscount<P>> {
            self.client.request(UpdateDiscount {
                promotion: promotion.into(),
                body,
            })
        }
        /// Deletes a discount.
        pub fn delete(&self, promotion: impl Into<PromotionId>) -> Request<'a, DeleteDiscount<P>> {
            self.client.request(DeleteDiscount {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
    }

    impl<'a, P: PeriodForm> AdminBonuses<'a, P> {
        /// Creates a bonus promotion.
        pub fn create(&self, body: BonusPromotionInput<P>) -> Request<'a, CreateBonus<P>> {
            self.client.request(CreateBonus { body })
        }
        /// Lists bonus promotions; `.limit()`, `.offset()`, or `.all()` to walk pages.
        pub fn list(&self) -> Request<'a, ListBonuses<P>> {
            self.client.request(ListBonuses::default())
        }
        /// Reads a bonus promotion.
        pub fn get(&self, promotion: impl Into<PromotionId>) -> Request<'a, GetBonus<P>> {
            self.client.request(GetBonus {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
        /// Replaces a bonus promotion.
        pub fn update(
            &self,
            promotion: impl Into<PromotionId>,
            body: BonusPromotionInput<P>,
        ) -> Request<'a, UpdateBonus<P>> {
            self.client.request(UpdateBonus {
                promotion: promotion.into(),
                body,
            })
        }
        /// Deletes a bonus promotion.
        pub fn delete(&self, promotion: impl Into<PromotionId>) -> Request<'a, DeleteBonus<P>> {
            self.client.request(DeleteBonus {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
    }

    impl<'a, P: PeriodForm> AdminPromotions<'a, P> {
        /// Lists every promotion of the project; `.limit()`, `.offset()`, or `.all()` to walk
        /// pages, `endpoint_mut().enabled` to filter.
        pub fn list(&self) -> Request<'a, ListPromotions<P>> {
            self.client.request(ListPromotions::default())
        }
        /// Activates a discount or bonus (always a `/v2` path).
        pub fn activate(
            &self,
            promotion: impl Into<PromotionId>,
        ) -> Request<'a, ActivatePromotion> {
            self.client.request(ActivatePromotion {
                promotion: promotion.into(),
            })
        }
        /// Deactivates a discount or bonus (always a `/v2` path).
        pub fn deactivate(
            &self,
            promotion: impl Into<PromotionId>,
        ) -> Request<'a, DeactivatePromotion> {
            self.client.request(DeactivatePromotion {
                promotion: promotion.into(),
            })
        }
    }
}
