//! Offer chain operations.

use crate::endpoint::{Paginated, impl_endpoint};
use crate::ids::{OfferChainId, StepNumber};
use crate::models::common::PageQuery;
use crate::models::offer::{
    ClaimedOfferStep, ClientOfferChain, ClientOfferChainPage, OfferStepOrder,
};

/// `GET /v2/project/{project_id}/user/offer_chain`: the player's offer chains (30 a page at most).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUserOfferChains {
    /// Paging.
    pub page: PageQuery,
}

impl_endpoint! {
    ListUserOfferChains -> ClientOfferChainPage,
    GET "/v2/project/{project}/user/offer_chain",
    auth(User), query(page)
}

impl Paginated for ListUserOfferChains {
    type Item = ClientOfferChain;
    const MAX_LIMIT: u32 = 30;
    fn page_mut(&mut self) -> &mut PageQuery {
        &mut self.page
    }
    fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
        (output.items, output.has_more)
    }
}

/// `GET /v2/project/{project_id}/user/offer_chain/{offer_chain_id}`: one chain with the
/// player's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUserOfferChain {
    /// Chain id.
    pub chain: OfferChainId,
}

impl_endpoint! {
    GetUserOfferChain -> ClientOfferChain,
    GET "/v2/project/{project}/user/offer_chain/{chain}" (chain),
    auth(User)
}

/// `POST …/user/offer_chain/{offer_chain_id}/step/number/{step_number}/claim`: takes a free
/// step's reward (200 with a zero-price `order_id`). Paid steps answer 422: order them instead.
/// Never retried automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimOfferChainStep {
    /// Chain id.
    pub chain: OfferChainId,
    /// Step number.
    pub step: StepNumber,
}

impl_endpoint! {
    ClaimOfferChainStep -> ClaimedOfferStep,
    POST "/v2/project/{project}/user/offer_chain/{chain}/step/number/{step}/claim" (chain, step),
    auth(User)
}

/// `POST …/user/offer_chain/{offer_chain_id}/step/number/{step_number}/order`: creates an order
/// for a paid step and answers its id and Pay Station token. Call it from the player's device:
/// Xsolla picks the currency from the caller's IP address. Never retried automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderOfferChainStep {
    /// Chain id.
    pub chain: OfferChainId,
    /// Step number.
    pub step: StepNumber,
}

impl_endpoint! {
    OrderOfferChainStep -> OfferStepOrder,
    POST "/v2/project/{project}/user/offer_chain/{chain}/step/number/{step}/order" (chain, step),
    auth(User)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::*;
    use crate::models::common::NoContent;
    use crate::models::offer::{
        AdminOfferChain, AdminOfferChainPage, CreatedOfferChain, OfferChainInput,
    };

    /// `POST /v2/project/{project_id}/admin/offer_chain`: creates an offer chain (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateOfferChain {
        /// The chain.
        pub body: OfferChainInput,
    }

    impl_endpoint! {
        CreateOfferChain -> CreatedOfferChain,
        POST "/v2/project/{project}/admin/offer_chain",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/offer_chain`: lists offer chains (10 a page at most,
    /// without their steps).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListOfferChains {
        /// Paging.
        pub page: PageQuery,
        /// Only enabled (`Some(true)`) or disabled (`Some(false)`) chains.
        pub enabled: Option<bool>,
    }

    impl_endpoint! {
        ListOfferChains -> AdminOfferChainPage,
        GET "/v2/project/{project}/admin/offer_chain",
        auth(Admin), query(page, enabled)
    }

    impl Paginated for ListOfferChains {
        type Item = AdminOfferChain;
        const MAX_LIMIT: u32 = 10;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            (output.items, output.has_more)
        }
    }

    /// `GET /v2/project/{project_id}/admin/offer_chain/id/{offer_chain_id}`: one chain with its
    /// steps.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetOfferChain {
        /// Chain id.
        pub chain: OfferChainId,
    }

    impl_endpoint! {
        GetOfferChain -> AdminOfferChain,
        GET "/v2/project/{project}/admin/offer_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/offer_chain/id/{offer_chain_id}`: replaces a disabled
    /// chain (204; an enabled chain answers 422/6209). Keep each step's `step_id` to keep
    /// players' progress.
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateOfferChain {
        /// Chain id.
        pub chain: OfferChainId,
        /// The whole chain.
        pub body: OfferChainInput,
    }

    impl_endpoint! {
        UpdateOfferChain -> NoContent,
        PUT "/v2/project/{project}/admin/offer_chain/id/{chain}" (chain),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/offer_chain/id/{offer_chain_id}` (204). Rewards
    /// already granted stay with the players; progress is lost for good.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteOfferChain {
        /// Chain id.
        pub chain: OfferChainId,
    }

    impl_endpoint! {
        DeleteOfferChain -> NoContent,
        DELETE "/v2/project/{project}/admin/offer_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT …/admin/offer_chain/id/{offer_chain_id}/toggle`: flips `is_enabled` (204); players
    /// keep their progress while the chain is off. Not idempotent: two toggles cancel out.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ToggleOfferChain {
        /// Chain id.
        pub chain: OfferChainId,
    }

    impl_endpoint! {
        ToggleOfferChain -> NoContent,
        PUT "/v2/project/{project}/admin/offer_chain/id/{chain}/toggle" (chain),
        auth(Admin), idempotent(false)
    }
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// Offer chains of the current player.
        pub fn offer_chains(&self) -> OfferChains<'_> {
            OfferChains(self)
        }
    }

    /// Offer chain calls for the current player (`client.offer_chains()`).
    #[derive(Debug, Clone, Copy)]
    pub struct OfferChains<'a>(&'a Client);

    impl<'a> OfferChains<'a> {
        /// Lists the player's offer chains; `.limit()`, `.offset()`, or `.all()` to walk pages.
        pub fn list(&self) -> Request<'a, ListUserOfferChains> {
            self.0.request(ListUserOfferChains::default())
        }

        /// One chain with the player's progress.
        pub fn get(&self, chain: impl Into<OfferChainId>) -> Request<'a, GetUserOfferChain> {
            self.0.request(GetUserOfferChain {
                chain: chain.into(),
            })
        }

        /// Claims a free step. Not retried on failure: after an ambiguous error, read the chain
        /// again and look at the step's `is_claimed`.
        pub fn claim(
            &self,
            chain: impl Into<OfferChainId>,
            step: impl Into<StepNumber>,
        ) -> Request<'a, ClaimOfferChainStep> {
            self.0.request(ClaimOfferChainStep {
                chain: chain.into(),
                step: step.into(),
            })
        }

        /// Creates an order for a paid step; open
        /// [`OfferStepOrder::paystation_url`] to pay it. Not retried on failure.
        pub fn order(
            &self,
            chain: impl Into<OfferChainId>,
            step: impl Into<StepNumber>,
        ) -> Request<'a, OrderOfferChainStep> {
            self.0.request(OrderOfferChainStep {
                chain: chain.into(),
                step: step.into(),
            })
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::*;
        use crate::client::Admin;
        use crate::models::offer::OfferChainInput;

        impl<'a> Admin<'a> {
            /// Offer chain administration.
            pub fn offer_chains(&self) -> AdminOfferChains<'a> {
                AdminOfferChains(self.client())
            }
        }

        /// Offer chain administration calls (`client.admin().offer_chains()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminOfferChains<'a>(&'a Client);

        impl<'a> AdminOfferChains<'a> {
            /// Creates a chain.
            pub fn create(&self, body: OfferChainInput) -> Request<'a, CreateOfferChain> {
                self.0.request(CreateOfferChain { body })
            }
            /// Lists chains (without steps).
            pub fn list(&self) -> Request<'a, ListOfferChains> {
                self.0.request(ListOfferChains::default())
            }
            /// Reads a chain.
            pub fn get(&self, chain: impl Into<OfferChainId>) -> Request<'a, GetOfferChain> {
                self.0.request(GetOfferChain {
                    chain: chain.into(),
                })
            }
            /// Replaces a disabled chain.
            pub fn update(
                &self,
                chain: impl Into<OfferChainId>,
                body: OfferChainInput,
            ) -> Request<'a, UpdateOfferChain> {
                self.0.request(UpdateOfferChain {
                    chain: chain.into(),
                    body,
                })
            }
            /// Deletes a chain.
            pub fn delete(&self, chain: impl Into<OfferChainId>) -> Request<'a, DeleteOfferChain> {
                self.0.request(DeleteOfferChain {
                    chain: chain.into(),
                })
            }
            /// Enables a disabled chain or disables an enabled one.
            pub fn toggle(&self, chain: impl Into<OfferChainId>) -> Request<'a, ToggleOfferChain> {
                self.0.request(ToggleOfferChain {
                    chain: chain.into(),
                })
            }
        }
    }
}
