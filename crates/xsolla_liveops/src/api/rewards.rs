//! Reward chain, value point and clan operations.
//!
//! Everything is on `/v2`, except three admin reward-chain calls that Xsolla's current docs
//! place on `/v3`: `DeleteRewardChain`, `ToggleRewardChain` and `ResetRewardChain` (feature
//! `admin`).

use crate::endpoint::{Paginated, impl_endpoint};
use crate::ids::{RewardChainId, StepId};
use crate::models::common::{NoContent, PageQuery};
use crate::models::rewards::{
    ClanContributor, ClanUpdate, ClientRewardChain, ClientRewardChainPage, ClientValuePoint,
};

/// `GET /v2/project/{project_id}/user/reward_chain`: the player's reward chains with their
/// balance and step progress (50 a page at most).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUserRewardChains {
    /// Paging.
    pub page: PageQuery,
}

impl_endpoint! {
    ListUserRewardChains -> ClientRewardChainPage,
    GET "/v2/project/{project}/user/reward_chain",
    auth(User), query(page)
}

impl Paginated for ListUserRewardChains {
    type Item = ClientRewardChain;
    const MAX_LIMIT: u32 = 50;
    fn page_mut(&mut self) -> &mut PageQuery {
        &mut self.page
    }
    fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
        (output.items, output.has_more)
    }
}

/// `GET /v2/project/{project_id}/user/reward_chain/{reward_chain_id}/balance`: the player's
/// value-point balance on a chain (the clan's, on a clan chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRewardChainBalance {
    /// Chain id.
    pub chain: RewardChainId,
}

impl_endpoint! {
    GetRewardChainBalance -> ClientValuePoint,
    GET "/v2/project/{project}/user/reward_chain/{chain}/balance" (chain),
    auth(User)
}

/// `POST …/user/reward_chain/{reward_chain_id}/step/{step_id}/claim`: takes a step's reward
/// once the balance reached its price (204). Refusals are 422 `9912` (already claimed or not
/// claimable) and `9913` (not enough points), an unknown step 404 `9911`. Never retried
/// automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRewardChainStep {
    /// Chain id.
    pub chain: RewardChainId,
    /// Step id.
    pub step: StepId,
}

impl_endpoint! {
    ClaimRewardChainStep -> NoContent,
    POST "/v2/project/{project}/user/reward_chain/{chain}/step/{step}/claim" (chain, step),
    auth(User)
}

/// `GET /v2/project/{project_id}/user/clan/contributors/{reward_chain_id}/top`: the ten members
/// of the player's clan who brought the most points to a clan chain; empty without a clan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetClanTopContributors {
    /// Chain id.
    pub chain: RewardChainId,
}

impl_endpoint! {
    GetClanTopContributors -> Vec<ClanContributor>,
    GET "/v2/project/{project}/user/clan/contributors/{chain}/top" (chain),
    auth(User)
}

/// `PUT /v2/project/{project_id}/user/clan/update`: re-reads the player's clan from their user
/// attributes (200). Rewards left unclaimed in the previous clan's chains are claimed and
/// returned. Not idempotent: a repeat would not return those rewards again, so a failed call
/// is reconciled, not retried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateUserClan;

impl_endpoint! {
    UpdateUserClan -> ClanUpdate,
    PUT "/v2/project/{project}/user/clan/update",
    auth(User), idempotent(false)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::*;
    use crate::ids::Sku;
    use crate::models::rewards::{
        AdminRewardChain, AdminRewardChainPage, AdminValuePoint, CreatedRewardChain,
        CreatedValuePoint, ItemValuePointsInput, ItemValuePointsList, RewardChainInput,
        RewardChainUpdate, ValuePointInput, ValuePointPage,
    };

    /// `GET /v2/project/{project_id}/admin/items/value_points`: lists value points.
    ///
    /// Xsolla answers `{items}` without `has_more`; a full page (50) is taken to mean more
    /// may follow.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListValuePoints {
        /// Paging.
        pub page: PageQuery,
    }

    impl_endpoint! {
        ListValuePoints -> ValuePointPage,
        GET "/v2/project/{project}/admin/items/value_points",
        auth(Admin), query(page)
    }

    impl Paginated for ListValuePoints {
        type Item = AdminValuePoint;
        const MAX_LIMIT: u32 = 50;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            let full = output.items.len() >= Self::MAX_LIMIT as usize;
            (output.items, output.has_more || full)
        }
    }

    /// `POST /v2/project/{project_id}/admin/items/value_points`: creates a value point (201).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateValuePoint {
        /// The value point.
        pub body: ValuePointInput,
    }

    impl_endpoint! {
        CreateValuePoint -> CreatedValuePoint,
        POST "/v2/project/{project}/admin/items/value_points",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/items/value_points/sku/{item_sku}`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetValuePoint {
        /// SKU of the value point.
        pub sku: Sku,
    }

    impl_endpoint! {
        GetValuePoint -> AdminValuePoint,
        GET "/v2/project/{project}/admin/items/value_points/sku/{sku}" (sku),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/items/value_points/sku/{item_sku}`: replaces a value
    /// point (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UpdateValuePoint {
        /// SKU of the value point.
        pub sku: Sku,
        /// The whole value point.
        pub body: ValuePointInput,
    }

    impl_endpoint! {
        UpdateValuePoint -> NoContent,
        PUT "/v2/project/{project}/admin/items/value_points/sku/{sku}" (sku),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/items/value_points/sku/{item_sku}` (204). Refused
    /// while a reward chain uses the value point.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteValuePoint {
        /// SKU of the value point.
        pub sku: Sku,
    }

    impl_endpoint! {
        DeleteValuePoint -> NoContent,
        DELETE "/v2/project/{project}/admin/items/value_points/sku/{sku}" (sku),
        auth(Admin)
    }

    /// `GET /v2/project/{project_id}/admin/items/{value_point_sku}/value_points/rewards`: the
    /// items whose purchase earns a value point, with their amounts.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetItemValuePoints {
        /// SKU of the value point.
        pub value_point: Sku,
    }

    impl_endpoint! {
        GetItemValuePoints -> ItemValuePointsList,
        GET "/v2/project/{project}/admin/items/{value_point}/value_points/rewards" (value_point),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/items/{value_point_sku}/value_points/rewards`:
    /// replaces the whole item → points mapping of a value point (204); items left out lose
    /// their points.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetItemValuePoints {
        /// SKU of the value point.
        pub value_point: Sku,
        /// Every item that should earn points.
        pub body: Vec<ItemValuePointsInput>,
    }

    impl_endpoint! {
        SetItemValuePoints -> NoContent,
        PUT "/v2/project/{project}/admin/items/{value_point}/value_points/rewards" (value_point),
        auth(Admin), body(body)
    }

    /// `PATCH /v2/project/{project_id}/admin/items/{value_point_sku}/value_points/rewards`:
    /// sets the points of the listed items only, 100 per request at most, no SKU twice; an
    /// amount of 0 removes an item (204).
    ///
    /// The amounts are absolute, so repeating the call changes nothing: it is treated as
    /// idempotent and retried after transient failures.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PatchItemValuePoints {
        /// SKU of the value point.
        pub value_point: Sku,
        /// The items to change.
        pub body: Vec<ItemValuePointsInput>,
    }

    impl_endpoint! {
        PatchItemValuePoints -> NoContent,
        PATCH "/v2/project/{project}/admin/items/{value_point}/value_points/rewards" (value_point),
        auth(Admin), body(body), idempotent(true)
    }

    /// `DELETE /v2/project/{project_id}/admin/items/{value_point_sku}/value_points/rewards`:
    /// stops every item from earning the value point (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteItemValuePoints {
        /// SKU of the value point.
        pub value_point: Sku,
    }

    impl_endpoint! {
        DeleteItemValuePoints -> NoContent,
        DELETE "/v2/project/{project}/admin/items/{value_point}/value_points/rewards" (value_point),
        auth(Admin)
    }

    /// `GET /v2/project/{project_id}/admin/reward_chain`: lists reward chains (10 a page at
    /// most), without their steps.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListRewardChains {
        /// Paging.
        pub page: PageQuery,
        /// Only enabled (`Some(true)`) or disabled (`Some(false)`) chains.
        pub enabled: Option<bool>,
    }

    impl_endpoint! {
        ListRewardChains -> AdminRewardChainPage,
        GET "/v2/project/{project}/admin/reward_chain",
        auth(Admin), query(page, enabled)
    }

    impl Paginated for ListRewardChains {
        type Item = AdminRewardChain;
        const MAX_LIMIT: u32 = 10;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            (output.items, output.has_more)
        }
    }

    /// `POST /v2/project/{project_id}/admin/reward_chain`: creates a reward chain (201).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateRewardChain {
        /// The chain.
        pub body: RewardChainInput,
    }

    impl_endpoint! {
        CreateRewardChain -> CreatedRewardChain,
        POST "/v2/project/{project}/admin/reward_chain",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/reward_chain/id/{reward_chain_id}`: a chain with
    /// its steps.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetRewardChain {
        /// Chain id.
        pub chain: RewardChainId,
    }

    impl_endpoint! {
        GetRewardChain -> AdminRewardChain,
        GET "/v2/project/{project}/admin/reward_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/reward_chain/id/{reward_chain_id}`: replaces a chain
    /// (204). Steps keep their `step_id`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UpdateRewardChain {
        /// Chain id.
        pub chain: RewardChainId,
        /// The whole chain.
        pub body: RewardChainUpdate,
    }

    impl_endpoint! {
        UpdateRewardChain -> NoContent,
        PUT "/v2/project/{project}/admin/reward_chain/id/{chain}" (chain),
        auth(Admin), body(body)
    }

    /// `DELETE /v3/project/{project_id}/admin/reward_chain/id/{reward_chain_id}` (204).
    ///
    /// On `/v3`, where Xsolla's current docs put it; the older `/v2` path is the same call.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteRewardChain {
        /// Chain id.
        pub chain: RewardChainId,
    }

    impl_endpoint! {
        DeleteRewardChain -> NoContent,
        DELETE "/v3/project/{project}/admin/reward_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT /v3/project/{project_id}/admin/reward_chain/id/{reward_chain_id}/toggle`: flips
    /// `is_enabled` (204). Not idempotent: two toggles cancel out.
    ///
    /// On `/v3`, where Xsolla's current docs put it; the older `/v2` path is the same call.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ToggleRewardChain {
        /// Chain id.
        pub chain: RewardChainId,
    }

    impl_endpoint! {
        ToggleRewardChain -> NoContent,
        PUT "/v3/project/{project}/admin/reward_chain/id/{chain}/toggle" (chain),
        auth(Admin), idempotent(false)
    }

    /// `POST /v3/project/{project_id}/admin/reward_chain/id/{reward_chain_id}/reset`: wipes
    /// every player's points and progress on the chain (204). Players lose points they have
    /// not spent on a claim yet, so reset outside the chain's validity period.
    ///
    /// On `/v3`, where Xsolla's current docs put it; the older `/v2` path is the same call.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ResetRewardChain {
        /// Chain id.
        pub chain: RewardChainId,
    }

    impl_endpoint! {
        ResetRewardChain -> NoContent,
        POST "/v3/project/{project}/admin/reward_chain/id/{chain}/reset" (chain),
        auth(Admin)
    }
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// Reward chains, value-point balances and clans of the current player.
        pub fn reward_chains(&self) -> RewardChains<'_> {
            RewardChains(self)
        }
    }

    /// Reward chain and clan calls for the current player (`client.reward_chains()`).
    #[derive(Debug, Clone, Copy)]
    pub struct RewardChains<'a>(&'a Client);

    impl<'a> RewardChains<'a> {
        /// Lists the player's reward chains; `.limit()`, `.offset()`, or `.all()` to walk
        /// pages.
        pub fn list(&self) -> Request<'a, ListUserRewardChains> {
            self.0.request(ListUserRewardChains::default())
        }

        /// The player's value-point balance on a chain.
        pub fn balance(
            &self,
            chain: impl Into<RewardChainId>,
        ) -> Request<'a, GetRewardChainBalance> {
            self.0.request(GetRewardChainBalance {
                chain: chain.into(),
            })
        }

        /// Claims a step. Not retried on failure: after an ambiguous error, list the chains
        /// again and look at the step's `is_claimed`.
        pub fn claim(
            &self,
            chain: impl Into<RewardChainId>,
            step: impl Into<StepId>,
        ) -> Request<'a, ClaimRewardChainStep> {
            self.0.request(ClaimRewardChainStep {
                chain: chain.into(),
                step: step.into(),
            })
        }

        /// The ten best contributors of the player's clan to a clan chain.
        pub fn top_contributors(
            &self,
            chain: impl Into<RewardChainId>,
        ) -> Request<'a, GetClanTopContributors> {
            self.0.request(GetClanTopContributors {
                chain: chain.into(),
            })
        }

        /// Makes Xsolla re-read the player's clan; returns the rewards claimed for the clan
        /// they left. Not retried on failure.
        pub fn update_clan(&self) -> Request<'a, UpdateUserClan> {
            self.0.request(UpdateUserClan)
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::*;
        use crate::client::Admin;
        use crate::ids::Sku;
        use crate::models::rewards::{
            ItemValuePointsInput, RewardChainInput, RewardChainUpdate, ValuePointInput,
        };

        impl<'a> Admin<'a> {
            /// Value point administration, including which items earn them.
            pub fn value_points(&self) -> AdminValuePoints<'a> {
                AdminValuePoints(self.client())
            }

            /// Reward chain administration.
            pub fn reward_chains(&self) -> AdminRewardChains<'a> {
                AdminRewardChains(self.client())
            }
        }

        /// Value point administration calls (`client.admin().value_points()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminValuePoints<'a>(&'a Client);

        impl<'a> AdminValuePoints<'a> {
            /// Lists value points.
            pub fn list(&self) -> Request<'a, ListValuePoints> {
                self.0.request(ListValuePoints::default())
            }
            /// Creates a value point.
            pub fn create(&self, body: ValuePointInput) -> Request<'a, CreateValuePoint> {
                self.0.request(CreateValuePoint { body })
            }
            /// Reads a value point.
            pub fn get(&self, sku: impl Into<Sku>) -> Request<'a, GetValuePoint> {
                self.0.request(GetValuePoint { sku: sku.into() })
            }
            /// Replaces a value point.
            pub fn update(
                &self,
                sku: impl Into<Sku>,
                body: ValuePointInput,
            ) -> Request<'a, UpdateValuePoint> {
                self.0.request(UpdateValuePoint {
                    sku: sku.into(),
                    body,
                })
            }
            /// Deletes a value point no chain uses.
            pub fn delete(&self, sku: impl Into<Sku>) -> Request<'a, DeleteValuePoint> {
                self.0.request(DeleteValuePoint { sku: sku.into() })
            }
            /// The items that earn a value point.
            pub fn item_rewards(
                &self,
                value_point: impl Into<Sku>,
            ) -> Request<'a, GetItemValuePoints> {
                self.0.request(GetItemValuePoints {
                    value_point: value_point.into(),
                })
            }
            /// Replaces the whole list of items that earn a value point.
            pub fn set_item_rewards(
                &self,
                value_point: impl Into<Sku>,
                items: Vec<ItemValuePointsInput>,
            ) -> Request<'a, SetItemValuePoints> {
                self.0.request(SetItemValuePoints {
                    value_point: value_point.into(),
                    body: items,
                })
            }
            /// Changes the listed items only (an amount of 0 removes one).
            pub fn patch_item_rewards(
                &self,
                value_point: impl Into<Sku>,
                items: Vec<ItemValuePointsInput>,
            ) -> Request<'a, PatchItemValuePoints> {
                self.0.request(PatchItemValuePoints {
                    value_point: value_point.into(),
                    body: items,
                })
            }
            /// Stops every item from earning a value point.
            pub fn delete_item_rewards(
                &self,
                value_point: impl Into<Sku>,
            ) -> Request<'a, DeleteItemValuePoints> {
                self.0.request(DeleteItemValuePoints {
                    value_point: value_point.into(),
                })
            }
        }

        /// Reward chain administration calls (`client.admin().reward_chains()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminRewardChains<'a>(&'a Client);

        impl<'a> AdminRewardChains<'a> {
            /// Lists chains.
            pub fn list(&self) -> Request<'a, ListRewardChains> {
                self.0.request(ListRewardChains::default())
            }
            /// Creates a chain.
            pub fn create(&self, body: RewardChainInput) -> Request<'a, CreateRewardChain> {
                self.0.request(CreateRewardChain { body })
            }
            /// Reads a chain.
            pub fn get(&self, chain: impl Into<RewardChainId>) -> Request<'a, GetRewardChain> {
                self.0.request(GetRewardChain {
                    chain: chain.into(),
                })
            }
            /// Replaces a chain.
            pub fn update(
                &self,
                chain: impl Into<RewardChainId>,
                body: RewardChainUpdate,
            ) -> Request<'a, UpdateRewardChain> {
                self.0.request(UpdateRewardChain {
                    chain: chain.into(),
                    body,
                })
            }
            /// Deletes a chain (`/v3`).
            pub fn delete(
                &self,
                chain: impl Into<RewardChainId>,
            ) -> Request<'a, DeleteRewardChain> {
                self.0.request(DeleteRewardChain {
                    chain: chain.into(),
                })
            }
            /// Enables a disabled chain or disables an enabled one (`/v3`).
            pub fn toggle(
                &self,
                chain: impl Into<RewardChainId>,
            ) -> Request<'a, ToggleRewardChain> {
                self.0.request(ToggleRewardChain {
                    chain: chain.into(),
                })
            }
            /// Wipes every player's points and progress on a chain (`/v3`).
            pub fn reset(&self, chain: impl Into<RewardChainId>) -> Request<'a, ResetRewardChain> {
                self.0.request(ResetRewardChain {
                    chain: chain.into(),
                })
            }
        }
    }
}
