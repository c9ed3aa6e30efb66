//! Upsell operations.
//!
//! The admin calls are documented by Xsolla with the player's JWT, which cannot be right for
//! calls that configure the project; this crate sends them with the project's API key (Basic
//! auth) behind the `admin` feature, like every other configuration call.

use crate::endpoint::{impl_endpoint, page_query};
use crate::models::common::PageQuery;
use crate::models::upsell::UpsellItemsPage;

/// Page cap assumed for the upsell items: Xsolla documents neither paging nor a cap here.
const UPSELL_MAX_LIMIT: u32 = 50;

/// `GET /v2/project/{project_id}/items/upsell`: the items the project's upsell offers, as
/// catalog items for the current player.
///
/// The answer has `has_more`, but Xsolla documents no `limit`/`offset` for this call, so it is
/// not walked page by page; `page` is sent only when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetUpsellItems {
    /// Paging, sent only when set (`limit` clamped to 50).
    pub page: PageQuery,
}

impl_endpoint! {
    GetUpsellItems -> UpsellItemsPage,
    GET "/v2/project/{project}/items/upsell",
    auth(User), query(|e| page_query(&e.page, UPSELL_MAX_LIMIT))
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use http::Method;

    use super::*;
    use crate::endpoint::Endpoint;
    use crate::error::AuthScheme;
    use crate::ids::ProjectId;
    use crate::models::common::NoContent;
    use crate::models::upsell::{UpsellConfigAnswer, UpsellInput};

    /// `GET /v2/project/{project_id}/admin/items/upsell`: the project's upsell setting.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct GetUpsell;

    impl_endpoint! {
        GetUpsell -> UpsellConfigAnswer,
        GET "/v2/project/{project}/admin/items/upsell",
        auth(Admin)
    }

    /// `POST /v2/project/{project_id}/admin/items/upsell`: sets up the project's upsell (202).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateUpsell {
        /// The setting.
        pub body: UpsellInput,
    }

    impl_endpoint! {
        CreateUpsell -> NoContent,
        POST "/v2/project/{project}/admin/items/upsell",
        auth(Admin), body(body)
    }

    /// `PUT /v2/project/{project_id}/admin/items/upsell`: replaces the project's upsell setting
    /// (202).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UpdateUpsell {
        /// The whole setting.
        pub body: UpsellInput,
    }

    impl_endpoint! {
        UpdateUpsell -> NoContent,
        PUT "/v2/project/{project}/admin/items/upsell",
        auth(Admin), body(body)
    }

    /// `PUT /v2/project/{project_id}/admin/items/upsell/activate` or `…/deactivate`: switches the
    /// upsell on or off (202). Idempotent: the target state is in the path.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SetUpsellActive {
        /// `true` to activate, `false` to deactivate.
        pub active: bool,
    }

    impl Endpoint for SetUpsellActive {
        type Output = NoContent;
        fn method(&self) -> Method {
            Method::PUT
        }
        fn path(&self, project: ProjectId) -> String {
            let toggle = if self.active {
                "activate"
            } else {
                "deactivate"
            };
            format!("/v2/project/{project}/admin/items/upsell/{toggle}")
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// The project's upsell, for the current player.
        pub fn upsell(&self) -> Upsell<'_> {
            Upsell(self)
        }
    }

    /// Upsell calls for the current player (`client.upsell()`).
    #[derive(Debug, Clone, Copy)]
    pub struct Upsell<'a>(&'a Client);

    impl<'a> Upsell<'a> {
        /// The items the upsell offers.
        pub fn items(&self) -> Request<'a, GetUpsellItems> {
            self.0.request(GetUpsellItems::default())
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::*;
        use crate::client::Admin;
        use crate::models::upsell::UpsellInput;

        impl<'a> Admin<'a> {
            /// Upsell administration.
            pub fn upsell(&self) -> AdminUpsell<'a> {
                AdminUpsell(self.client())
            }
        }

        /// Upsell administration calls (`client.admin().upsell()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminUpsell<'a>(&'a Client);

        impl<'a> AdminUpsell<'a> {
            /// Reads the setting.
            pub fn get(&self) -> Request<'a, GetUpsell> {
                self.0.request(GetUpsell)
            }
            /// Sets up the upsell.
            pub fn create(&self, body: UpsellInput) -> Request<'a, CreateUpsell> {
                self.0.request(CreateUpsell { body })
            }
            /// Replaces the setting.
            pub fn update(&self, body: UpsellInput) -> Request<'a, UpdateUpsell> {
                self.0.request(UpdateUpsell { body })
            }
            /// Switches the upsell on.
            pub fn activate(&self) -> Request<'a, SetUpsellActive> {
                self.0.request(SetUpsellActive { active: true })
            }
            /// Switches the upsell off.
            pub fn deactivate(&self) -> Request<'a, SetUpsellActive> {
                self.0.request(SetUpsellActive { active: false })
            }
        }
    }
}
