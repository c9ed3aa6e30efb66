//! User limits on promotions and items.
//!
//! Every operation here is server-side (Basic auth, feature `admin`) and lives on `/v2`. The
//! get calls name the player in the `user_external_id` query; every other call names the
//! player in its JSON body, DELETE calls included. Increases and decreases are relative to the
//! current count, so they are never retried automatically.

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use crate::endpoint::impl_endpoint;
    use crate::ids::{PromotionId, Sku};
    use crate::models::common::NoContent;
    use crate::models::limits::{
        UserExternalId, UserLimit, UserLimitChange, UserLimitRefresh, UserLimitTarget,
    };

    /// `GET /v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}?user_external_id=…`:
    /// how many times a player may still use a promotion.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetUserPromotionLimit {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The player.
        pub user: UserExternalId,
    }

    impl_endpoint! {
        GetUserPromotionLimit -> UserLimit,
        GET "/v2/project/{project}/admin/user/limit/promotion/id/{promotion}" (promotion),
        auth(Admin), query(|e| vec![("user_external_id", e.user.0.clone())])
    }

    /// `POST /v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}`: gives a
    /// player more uses of a promotion (200 with the new count). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IncreaseUserPromotionLimit {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The player and the uses to add (at least 1).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        IncreaseUserPromotionLimit -> UserLimit,
        POST "/v2/project/{project}/admin/user/limit/promotion/id/{promotion}" (promotion),
        auth(Admin), body(body), idempotent(false)
    }

    /// `PUT /v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}`: sets how
    /// many uses a player has left (200 with the new count).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetUserPromotionLimit {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The player and the uses left (at least 0).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        SetUserPromotionLimit -> UserLimit,
        PUT "/v2/project/{project}/admin/user/limit/promotion/id/{promotion}" (promotion),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}` with a
    /// body: takes uses of a promotion away from a player (200 with the new count). Not
    /// idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DecreaseUserPromotionLimit {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The player and the uses to remove (at least 1).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        DecreaseUserPromotionLimit -> UserLimit,
        DELETE "/v2/project/{project}/admin/user/limit/promotion/id/{promotion}" (promotion),
        auth(Admin), body(body), idempotent(false)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/promotion/id/{promotion_id}/all`:
    /// restores a promotion's full count for one player, or for every player when the body's
    /// `user` is `None` (200, no body).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RefreshPromotionLimit {
        /// Promotion id.
        pub promotion: PromotionId,
        /// The player, or everyone.
        pub body: UserLimitRefresh,
    }

    impl_endpoint! {
        RefreshPromotionLimit -> NoContent,
        DELETE "/v2/project/{project}/admin/user/limit/promotion/id/{promotion}/all" (promotion),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/promotion/all`: restores every
    /// promotion count of one player (200, no body).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RefreshAllUserPromotionLimits {
        /// The player.
        pub body: UserLimitTarget,
    }

    impl_endpoint! {
        RefreshAllUserPromotionLimits -> NoContent,
        DELETE "/v2/project/{project}/admin/user/limit/promotion/all",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}?user_external_id=…`:
    /// how many more of an item a player may buy.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetUserItemLimit {
        /// Item SKU.
        pub sku: Sku,
        /// The player.
        pub user: UserExternalId,
    }

    impl_endpoint! {
        GetUserItemLimit -> UserLimit,
        GET "/v2/project/{project}/admin/user/limit/item/sku/{sku}" (sku),
        auth(Admin), query(|e| vec![("user_external_id", e.user.0.clone())])
    }

    /// `POST /v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}`: lets a player buy
    /// more of an item (200 with the new count). Not idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct IncreaseUserItemLimit {
        /// Item SKU.
        pub sku: Sku,
        /// The player and the purchases to add (at least 1).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        IncreaseUserItemLimit -> UserLimit,
        POST "/v2/project/{project}/admin/user/limit/item/sku/{sku}" (sku),
        auth(Admin), body(body), idempotent(false)
    }

    /// `PUT /v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}`: sets how many more
    /// of an item a player may buy (200 with the new count).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetUserItemLimit {
        /// Item SKU.
        pub sku: Sku,
        /// The player and the purchases left (at least 0).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        SetUserItemLimit -> UserLimit,
        PUT "/v2/project/{project}/admin/user/limit/item/sku/{sku}" (sku),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}` with a body:
    /// lowers how many more of an item a player may buy (200 with the new count). Not
    /// idempotent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DecreaseUserItemLimit {
        /// Item SKU.
        pub sku: Sku,
        /// The player and the purchases to remove (at least 1).
        pub body: UserLimitChange,
    }

    impl_endpoint! {
        DecreaseUserItemLimit -> UserLimit,
        DELETE "/v2/project/{project}/admin/user/limit/item/sku/{sku}" (sku),
        auth(Admin), body(body), idempotent(false)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/item/sku/{item_sku}/all`: restores an
    /// item's purchase limit for one player, or for every player when the body's `user` is
    /// `None` (200, no body).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RefreshItemLimit {
        /// Item SKU.
        pub sku: Sku,
        /// The player, or everyone.
        pub body: UserLimitRefresh,
    }

    impl_endpoint! {
        RefreshItemLimit -> NoContent,
        DELETE "/v2/project/{project}/admin/user/limit/item/sku/{sku}/all" (sku),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/limit/item/all`: restores every item
    /// purchase limit of one player (200, no body).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RefreshAllUserItemLimits {
        /// The player.
        pub body: UserLimitTarget,
    }

    impl_endpoint! {
        RefreshAllUserItemLimits -> NoContent,
        DELETE "/v2/project/{project}/admin/user/limit/item/all",
        auth(Admin), body(body)
    }
}

#[cfg(all(feature = "client", feature = "admin"))]
pub use handlers::*;

#[cfg(all(feature = "client", feature = "admin"))]
mod handlers {
    use super::*;
    use crate::client::{Admin, Client, Request};
    use crate::ids::{PromotionId, Sku};
    use crate::models::limits::{
        LimitUser, UserExternalId, UserLimitChange, UserLimitRefresh, UserLimitTarget,
    };

    impl<'a> Admin<'a> {
        /// Per-player limits of promotions and items.
        pub fn user_limits(&self) -> AdminUserLimits<'a> {
            AdminUserLimits(self.client())
        }
    }

    /// Per-player limit calls (`client.admin().user_limits()`).
    #[derive(Debug, Clone, Copy)]
    pub struct AdminUserLimits<'a>(&'a Client);

    fn change(user: impl Into<UserExternalId>, available: u32) -> UserLimitChange {
        UserLimitChange::new(user, i64::from(available))
    }

    fn target(user: impl Into<UserExternalId>) -> UserLimitTarget {
        UserLimitTarget {
            user: LimitUser {
                user_external_id: user.into(),
            },
        }
    }

    fn refresh(user: Option<UserExternalId>) -> UserLimitRefresh {
        UserLimitRefresh {
            user: user.map(|user_external_id| LimitUser { user_external_id }),
        }
    }

    impl<'a> AdminUserLimits<'a> {
        /// A player's count under a promotion's limit.
        pub fn promotion(
            &self,
            promotion: impl Into<PromotionId>,
            user: impl Into<UserExternalId>,
        ) -> Request<'a, GetUserPromotionLimit> {
            self.0.request(GetUserPromotionLimit {
                promotion: promotion.into(),
                user: user.into(),
            })
        }
        /// Gives a player `by` more uses of a promotion. Never retried automatically.
        pub fn increase_promotion(
            &self,
            promotion: impl Into<PromotionId>,
            user: impl Into<UserExternalId>,
            by: u32,
        ) -> Request<'a, IncreaseUserPromotionLimit> {
            self.0.request(IncreaseUserPromotionLimit {
                promotion: promotion.into(),
                body: change(user, by),
            })
        }
        /// Sets how many uses of a promotion a player has left.
        pub fn set_promotion(
            &self,
            promotion: impl Into<PromotionId>,
            user: impl Into<UserExternalId>,
            available: u32,
        ) -> Request<'a, SetUserPromotionLimit> {
            self.0.request(SetUserPromotionLimit {
                promotion: promotion.into(),
                body: change(user, available),
            })
        }
        /// Takes `by` uses of a promotion away from a player. Never retried automatically.
        pub fn decrease_promotion(
            &self,
            promotion: impl Into<PromotionId>,
            user: impl Into<UserExternalId>,
            by: u32,
        ) -> Request<'a, DecreaseUserPromotionLimit> {
            self.0.request(DecreaseUserPromotionLimit {
                promotion: promotion.into(),
                body: change(user, by),
            })
        }
        /// Restores a promotion's full count for one player, or for everyone with `None`.
        pub fn refresh_promotion(
            &self,
            promotion: impl Into<PromotionId>,
            user: Option<UserExternalId>,
        ) -> Request<'a, RefreshPromotionLimit> {
            self.0.request(RefreshPromotionLimit {
                promotion: promotion.into(),
                body: refresh(user),
            })
        }
        /// Restores every promotion count of one player.
        pub fn refresh_all_promotions(
            &self,
            user: impl Into<UserExternalId>,
        ) -> Request<'a, RefreshAllUserPromotionLimits> {
            self.0
                .request(RefreshAllUserPromotionLimits { body: target(user) })
        }
        /// A player's count under an item's purchase limit.
        pub fn item(
            &self,
            sku: impl Into<Sku>,
            user: impl Into<UserExternalId>,
        ) -> Request<'a, GetUserItemLimit> {
            self.0.request(GetUserItemLimit {
                sku: sku.into(),
                user: user.into(),
            })
        }
        /// Lets a player buy `by` more of an item. Never retried automatically.
        pub fn increase_item(
            &self,
            sku: impl Into<Sku>,
            user: impl Into<UserExternalId>,
            by: u32,
        ) -> Request<'a, IncreaseUserItemLimit> {
            self.0.request(IncreaseUserItemLimit {
                sku: sku.into(),
                body: change(user, by),
            })
        }
        /// Sets how many more of an item a player may buy.
        pub fn set_item(
            &self,
            sku: impl Into<Sku>,
            user: impl Into<UserExternalId>,
            available: u32,
        ) -> Request<'a, SetUserItemLimit> {
            self.0.request(SetUserItemLimit {
                sku: sku.into(),
                body: change(user, available),
            })
        }
        /// Lowers by `by` how many more of an item a player may buy. Never retried
        /// automatically.
        pub fn decrease_item(
            &self,
            sku: impl Into<Sku>,
            user: impl Into<UserExternalId>,
            by: u32,
        ) -> Request<'a, DecreaseUserItemLimit> {
            self.0.request(DecreaseUserItemLimit {
                sku: sku.into(),
                body: change(user, by),
            })
        }
        /// Restores an item's purchase limit for one player, or for everyone with `None`.
        pub fn refresh_item(
            &self,
            sku: impl Into<Sku>,
            user: Option<UserExternalId>,
        ) -> Request<'a, RefreshItemLimit> {
            self.0.request(RefreshItemLimit {
                sku: sku.into(),
                body: refresh(user),
            })
        }
        /// Restores every item purchase limit of one player.
        pub fn refresh_all_items(
            &self,
            user: impl Into<UserExternalId>,
        ) -> Request<'a, RefreshAllUserItemLimits> {
            self.0
                .request(RefreshAllUserItemLimits { body: target(user) })
        }
    }
}
