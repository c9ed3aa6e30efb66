//! Discounts and bonus promotions, and calls common to all promotions.
//!
//! Every operation here is server-side (Basic auth, feature `admin`). Discounts and bonuses are
//! one family: the same five CRUD routes under `promotion/item` and `promotion/bonus`, so a
//! `PromotionKind` marker (`Discount` or `Bonus`) names the segment and the body types, and
//! each operation (`CreatePromotionOf`, …) and handler method is written once; `CreateDiscount`,
//! `ListBonuses`, … are its aliases. Every operation is also generic over the validity form
//! (`PeriodForm` in `models::promotions`): the default `Periods` calls the `/v3` paths,
//! `DateRange` the `/v2` ones (`client.admin().discounts().v2()`).

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use std::fmt::Debug;
    use std::hash::Hash;
    use std::marker::PhantomData;

    use crate::api::campaigns::Wire;
    use crate::endpoint::{Paginated, impl_endpoint};
    use crate::ids::PromotionId;
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::discounts::{
        BonusPromotion, BonusPromotionInput, CreatedPromotionId, DiscountPromotion,
        DiscountPromotionInput, PromotionList, PromotionSummary, PromotionSummaryList,
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

    mod sealed {
        /// Only discounts and bonuses are promotion kinds.
        pub trait Sealed {}
    }

    /// A kind of promotion with its own CRUD routes: its path segment and body types.
    ///
    /// Sealed: the implementations are [`Discount`] and [`Bonus`].
    pub trait PromotionKind:
        sealed::Sealed + Copy + Default + Debug + Eq + Hash + Send + Sync + 'static
    {
        /// The last segment of the family's paths: `item` (discounts) or `bonus`.
        const SEGMENT: &'static str;
        /// The create and update body, in the validity form `P`.
        type Input<P: PeriodForm>: Wire + Clone + PartialEq;
        /// A promotion as read back, in the validity form `P`.
        type Promotion<P: PeriodForm>: Wire + Clone + PartialEq;
    }

    /// Discounts: a percent off items (`promotion/item`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Discount;

    /// Bonus promotions: items granted with a purchase (`promotion/bonus`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Bonus;

    impl sealed::Sealed for Discount {}
    impl sealed::Sealed for Bonus {}

    impl PromotionKind for Discount {
        const SEGMENT: &'static str = "item";
        type Input<P: PeriodForm> = DiscountPromotionInput<P>;
        type Promotion<P: PeriodForm> = DiscountPromotion<P>;
    }

    impl PromotionKind for Bonus {
        const SEGMENT: &'static str = "bonus";
        type Input<P: PeriodForm> = BonusPromotionInput<P>;
        type Promotion<P: PeriodForm> = BonusPromotion<P>;
    }

    /// `POST /{v3|v2}/project/{project_id}/admin/promotion/{segment}`: creates a discount or
    /// bonus (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreatePromotionOf<K: PromotionKind, P: PeriodForm = Periods> {
        /// The promotion.
        pub body: K::Input<P>,
    }

    impl_endpoint! {
        CreatePromotionOf<K: PromotionKind, P: PeriodForm> -> CreatedPromotionId,
        POST "/{version}/project/{project}/admin/promotion/{kind}"
            (version = P::VERSION, kind = K::SEGMENT),
        auth(Admin), body(body)
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{segment}`: lists discounts or
    /// bonuses.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListPromotionsOf<K, P = Periods> {
        /// Paging.
        pub page: PageQuery,
        /// The kind, and the validity form, hence the path version.
        pub form: PhantomData<(K, P)>,
    }

    impl_endpoint! {
        ListPromotionsOf<K: PromotionKind, P: PeriodForm> -> PromotionList<K::Promotion<P>>,
        GET "/{version}/project/{project}/admin/promotion/{kind}"
            (version = P::VERSION, kind = K::SEGMENT),
        auth(Admin), query(page)
    }

    impl<K: PromotionKind, P: PeriodForm> Paginated for ListPromotionsOf<K, P> {
        type Item = K::Promotion<P>;
        const MAX_LIMIT: u32 = PROMOTION_PAGE;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            promotion_page(output.promotions)
        }
    }

    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/{segment}`: reads a
    /// discount or bonus.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetPromotionOf<K, P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The kind, and the validity form, hence the path version.
        pub form: PhantomData<(K, P)>,
    }

    impl_endpoint! {
        GetPromotionOf<K: PromotionKind, P: PeriodForm> -> K::Promotion<P>,
        GET "/{version}/project/{project}/admin/promotion/{promotion}/{kind}"
            (version = P::VERSION, promotion, kind = K::SEGMENT),
        auth(Admin)
    }

    /// `PUT /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/{segment}`: replaces a
    /// discount or bonus (204).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdatePromotionOf<K: PromotionKind, P: PeriodForm = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The whole promotion.
        pub body: K::Input<P>,
    }

    impl_endpoint! {
        UpdatePromotionOf<K: PromotionKind, P: PeriodForm> -> NoContent,
        PUT "/{version}/project/{project}/admin/promotion/{promotion}/{kind}"
            (version = P::VERSION, promotion, kind = K::SEGMENT),
        auth(Admin), body(body)
    }

    /// `DELETE /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/{segment}`: deletes
    /// a discount or bonus for good (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeletePromotionOf<K, P = Periods> {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The kind, and the validity form, hence the path version.
        pub form: PhantomData<(K, P)>,
    }

    impl_endpoint! {
        DeletePromotionOf<K: PromotionKind, P: PeriodForm> -> NoContent,
        DELETE "/{version}/project/{project}/admin/promotion/{promotion}/{kind}"
            (version = P::VERSION, promotion, kind = K::SEGMENT),
        auth(Admin)
    }

    /// `POST /{v3|v2}/project/{project_id}/admin/promotion/item`: creates a discount (201).
    pub type CreateDiscount<P = Periods> = CreatePromotionOf<Discount, P>;
    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/item`: lists discounts.
    pub type ListDiscounts<P = Periods> = ListPromotionsOf<Discount, P>;
    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`.
    pub type GetDiscount<P = Periods> = GetPromotionOf<Discount, P>;
    /// `PUT /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`.
    pub type UpdateDiscount<P = Periods> = UpdatePromotionOf<Discount, P>;
    /// `DELETE /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/item`.
    pub type DeleteDiscount<P = Periods> = DeletePromotionOf<Discount, P>;
    /// `POST /{v3|v2}/project/{project_id}/admin/promotion/bonus`: creates a bonus promotion.
    pub type CreateBonus<P = Periods> = CreatePromotionOf<Bonus, P>;
    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/bonus`: lists bonus promotions.
    pub type ListBonuses<P = Periods> = ListPromotionsOf<Bonus, P>;
    /// `GET /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`.
    pub type GetBonus<P = Periods> = GetPromotionOf<Bonus, P>;
    /// `PUT /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`.
    pub type UpdateBonus<P = Periods> = UpdatePromotionOf<Bonus, P>;
    /// `DELETE /{v3|v2}/project/{project_id}/admin/promotion/{promotion_id}/bonus`.
    pub type DeleteBonus<P = Periods> = DeletePromotionOf<Bonus, P>;

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

        /// Administration of the promotion kind `K`: `client.admin().promotions_of::<Discount>()`
        /// is `client.admin().discounts()`.
        pub fn promotions_of<K: PromotionKind>(&self) -> AdminPromotionsOf<'a, K> {
            AdminPromotionsOf::new(self.client())
        }

        /// Calls common to every promotion: the all-promotions list, activation.
        pub fn promotions(&self) -> AdminPromotions<'a> {
            AdminPromotions::new(self.client())
        }
    }

    /// Administration calls of one promotion kind, in the validity form `P`
    /// (`client.admin().discounts()`, `client.admin().bonuses()`); `.v2()` gives the `/v2`
    /// form.
    pub struct AdminPromotionsOf<'a, K, P = Periods> {
        client: &'a Client,
        form: PhantomData<(K, P)>,
    }

    /// Discount administration calls (`client.admin().discounts()`).
    pub type AdminDiscounts<'a, P = Periods> = AdminPromotionsOf<'a, Discount, P>;

    /// Bonus promotion administration calls (`client.admin().bonuses()`).
    pub type AdminBonuses<'a, P = Periods> = AdminPromotionsOf<'a, Bonus, P>;

    /// The promotions of every kind: the all-promotions list and activation.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct AnyPromotion;

    /// Calls common to all promotions (`client.admin().promotions()`).
    pub type AdminPromotions<'a, P = Periods> = AdminPromotionsOf<'a, AnyPromotion, P>;

    impl<'a, K, P> AdminPromotionsOf<'a, K, P> {
        fn new(client: &'a Client) -> Self {
            Self {
                client,
                form: PhantomData,
            }
        }
    }

    impl<'a, K> AdminPromotionsOf<'a, K, Periods> {
        /// The same calls on the `/v2` paths, with `date_start` / `date_end` bodies.
        pub fn v2(&self) -> AdminPromotionsOf<'a, K, DateRange> {
            AdminPromotionsOf::new(self.client)
        }
    }

    impl<K, P> Clone for AdminPromotionsOf<'_, K, P> {
        fn clone(&self) -> Self {
            *self
        }
    }

    impl<K, P> Copy for AdminPromotionsOf<'_, K, P> {}

    impl<K: fmt::Debug + Default, P: PeriodForm> fmt::Debug for AdminPromotionsOf<'_, K, P> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("AdminPromotionsOf")
                .field("kind", &K::default())
                .field("version", &P::VERSION)
                .finish_non_exhaustive()
        }
    }

    impl<'a, K: PromotionKind, P: PeriodForm> AdminPromotionsOf<'a, K, P> {
        /// Creates a promotion of this kind.
        pub fn create(&self, body: K::Input<P>) -> Request<'a, CreatePromotionOf<K, P>> {
            self.client.request(CreatePromotionOf { body })
        }
        /// Lists the promotions of this kind; `.limit()`, `.offset()`, or `.all()` to walk
        /// pages.
        pub fn list(&self) -> Request<'a, ListPromotionsOf<K, P>> {
            self.client.request(ListPromotionsOf::default())
        }
        /// Reads a promotion.
        pub fn get(&self, promotion: impl Into<PromotionId>) -> Request<'a, GetPromotionOf<K, P>> {
            self.client.request(GetPromotionOf {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
        /// Replaces a promotion.
        pub fn update(
            &self,
            promotion: impl Into<PromotionId>,
            body: K::Input<P>,
        ) -> Request<'a, UpdatePromotionOf<K, P>> {
            self.client.request(UpdatePromotionOf {
                promotion: promotion.into(),
                body,
            })
        }
        /// Deletes a promotion.
        pub fn delete(
            &self,
            promotion: impl Into<PromotionId>,
        ) -> Request<'a, DeletePromotionOf<K, P>> {
            self.client.request(DeletePromotionOf {
                promotion: promotion.into(),
                form: PhantomData,
            })
        }
    }

    impl<'a, P: PeriodForm> AdminPromotionsOf<'a, AnyPromotion, P> {
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
