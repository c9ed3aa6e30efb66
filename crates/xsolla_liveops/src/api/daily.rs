//! Daily chain operations.

use crate::endpoint::{Paginated, impl_endpoint};
use crate::ids::{DailyChainId, StepNumber};
use crate::models::common::{NoContent, PageQuery};
use crate::models::daily::{ClientDailyChain, ClientDailyChainPage};

/// `GET /v2/project/{project_id}/user/daily_chain`: the player's daily chains (50 a page at most).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUserDailyChains {
    /// Paging.
    pub page: PageQuery,
}

impl_endpoint! {
    ListUserDailyChains -> ClientDailyChainPage,
    GET "/v2/project/{project}/user/daily_chain",
    auth(User), query(page)
}

impl Paginated for ListUserDailyChains {
    type Item = ClientDailyChain;
    const MAX_LIMIT: u32 = 50;
    fn page_mut(&mut self) -> &mut PageQuery {
        &mut self.page
    }
    fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
        (output.items, output.has_more)
    }
}

/// `GET /v2/project/{project_id}/user/daily_chain/{daily_chain_id}`: one chain with the player's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUserDailyChain {
    /// Chain id.
    pub chain: DailyChainId,
}

impl_endpoint! {
    GetUserDailyChain -> ClientDailyChain,
    GET "/v2/project/{project}/user/daily_chain/{chain}" (chain),
    auth(User)
}

/// `POST …/user/daily_chain/{daily_chain_id}/step/number/{step_number}/claim`: claims a day's
/// reward (204). Never retried automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimDailyChainStep {
    /// Chain id.
    pub chain: DailyChainId,
    /// Step number.
    pub step: StepNumber,
}

impl_endpoint! {
    ClaimDailyChainStep -> NoContent,
    POST "/v2/project/{project}/user/daily_chain/{chain}/step/number/{step}/claim" (chain, step),
    auth(User)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::*;
    use crate::models::daily::{
        AdminDailyChain, AdminDailyChainPage, CreatedDailyChain, DailyChainInput,
    };

    /// `POST /v2/project/{project_id}/admin/daily_chain`: creates a daily chain (201).
    #[derive(Debug, Clone, PartialEq)]
    pub struct CreateDailyChain {
        /// The chain.
        pub body: DailyChainInput,
    }

    impl_endpoint! {
        CreateDailyChain -> CreatedDailyChain,
        POST "/v2/project/{project}/admin/daily_chain",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/daily_chain`: lists daily chains.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListDailyChains {
        /// Paging.
        pub page: PageQuery,
        /// Only enabled (`Some(true)`) or disabled (`Some(false)`) chains.
        pub enabled: Option<bool>,
    }

    impl_endpoint! {
        ListDailyChains -> AdminDailyChainPage,
        GET "/v2/project/{project}/admin/daily_chain",
        auth(Admin), query(page, enabled)
    }

    impl Paginated for ListDailyChains {
        type Item = AdminDailyChain;
        const MAX_LIMIT: u32 = 10;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            (output.items, output.has_more)
        }
    }

    /// `GET /v2/project/{project_id}/admin/daily_chain/id/{daily_chain_id}`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetDailyChain {
        /// Chain id.
        pub chain: DailyChainId,
    }

    impl_endpoint! {
        GetDailyChain -> AdminDailyChain,
        GET "/v2/project/{project}/admin/daily_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT /v2/project/{project_id}/admin/daily_chain/id/{daily_chain_id}`: replaces a disabled
    /// chain (204; an enabled chain answers 422/6209).
    #[derive(Debug, Clone, PartialEq)]
    pub struct UpdateDailyChain {
        /// Chain id.
        pub chain: DailyChainId,
        /// The whole chain.
        pub body: DailyChainInput,
    }

    impl_endpoint! {
        UpdateDailyChain -> NoContent,
        PUT "/v2/project/{project}/admin/daily_chain/id/{chain}" (chain),
        auth(Admin), body(body)
    }

    /// `DELETE /v2/project/{project_id}/admin/daily_chain/id/{daily_chain_id}` (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteDailyChain {
        /// Chain id.
        pub chain: DailyChainId,
    }

    impl_endpoint! {
        DeleteDailyChain -> NoContent,
        DELETE "/v2/project/{project}/admin/daily_chain/id/{chain}" (chain),
        auth(Admin)
    }

    /// `PUT …/admin/daily_chain/id/{daily_chain_id}/toggle`: flips `is_enabled` (204).
    /// Not idempotent: two toggles cancel out.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ToggleDailyChain {
        /// Chain id.
        pub chain: DailyChainId,
    }

    impl_endpoint! {
        ToggleDailyChain -> NoContent,
        PUT "/v2/project/{project}/admin/daily_chain/id/{chain}/toggle" (chain),
        auth(Admin), idempotent(false)
    }

    /// `POST …/admin/daily_chain/id/{daily_chain_id}/reset`: wipes every player's progress on a
    /// rolling chain (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ResetDailyChain {
        /// Chain id.
        pub chain: DailyChainId,
    }

    impl_endpoint! {
        ResetDailyChain -> NoContent,
        POST "/v2/project/{project}/admin/daily_chain/id/{chain}/reset" (chain),
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
        /// Daily chains of the current player.
        pub fn daily_chains(&self) -> DailyChains<'_> {
            DailyChains(self)
        }
    }

    /// Daily chain calls for the current player (`client.daily_chains()`).
    #[derive(Debug, Clone, Copy)]
    pub struct DailyChains<'a>(&'a Client);

    impl<'a> DailyChains<'a> {
        /// Lists the player's daily chains; `.limit()`, `.offset()`, or `.all()` to walk pages.
        pub fn list(&self) -> Request<'a, ListUserDailyChains> {
            self.0.request(ListUserDailyChains::default())
        }

        /// One chain with the player's progress.
        pub fn get(&self, chain: impl Into<DailyChainId>) -> Request<'a, GetUserDailyChain> {
            self.0.request(GetUserDailyChain {
                chain: chain.into(),
            })
        }

        /// Claims a step. Not retried on failure: after an ambiguous error, read the chain
        /// again and look at the step's status.
        pub fn claim(
            &self,
            chain: impl Into<DailyChainId>,
            step: impl Into<StepNumber>,
        ) -> Request<'a, ClaimDailyChainStep> {
            self.0.request(ClaimDailyChainStep {
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
        use crate::models::daily::DailyChainInput;

        impl<'a> Admin<'a> {
            /// Daily chain administration.
            pub fn daily_chains(&self) -> AdminDailyChains<'a> {
                AdminDailyChains(self.client())
            }
        }

        /// Daily chain administration calls (`client.admin().daily_chains()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminDailyChains<'a>(&'a Client);

        impl<'a> AdminDailyChains<'a> {
            /// Creates a chain.
            pub fn create(&self, body: DailyChainInput) -> Request<'a, CreateDailyChain> {
                self.0.request(CreateDailyChain { body })
            }
            /// Lists chains.
            pub fn list(&self) -> Request<'a, ListDailyChains> {
                self.0.request(ListDailyChains::default())
            }
            /// Reads a chain.
            pub fn get(&self, chain: impl Into<DailyChainId>) -> Request<'a, GetDailyChain> {
                self.0.request(GetDailyChain {
                    chain: chain.into(),
                })
            }
            /// Replaces a disabled chain.
            pub fn update(
                &self,
                chain: impl Into<DailyChainId>,
                body: DailyChainInput,
            ) -> Request<'a, UpdateDailyChain> {
                self.0.request(UpdateDailyChain {
                    chain: chain.into(),
                    body,
                })
            }
            /// Deletes a chain.
            pub fn delete(&self, chain: impl Into<DailyChainId>) -> Request<'a, DeleteDailyChain> {
                self.0.request(DeleteDailyChain {
                    chain: chain.into(),
                })
            }
            /// Enables a disabled chain or disables an enabled one.
            pub fn toggle(&self, chain: impl Into<DailyChainId>) -> Request<'a, ToggleDailyChain> {
                self.0.request(ToggleDailyChain {
                    chain: chain.into(),
                })
            }
            /// Resets every player's progress (rolling chains).
            pub fn reset(&self, chain: impl Into<DailyChainId>) -> Request<'a, ResetDailyChain> {
                self.0.request(ResetDailyChain {
                    chain: chain.into(),
                })
            }
        }
    }
}
