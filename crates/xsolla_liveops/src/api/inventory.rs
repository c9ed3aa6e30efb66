//! The player's inventory (Xsolla's Inventory API): owned items and virtual currency balance.
//!
//! Both calls are reads, so they are retried after transient failures. They are how a game
//! finds out whether a claim or a redemption whose answer was lost granted its items.
//!
//! ```no_run
//! # async fn run(client: &xsolla_liveops::Client) -> xsolla_liveops::Result<()> {
//! // Every page of items, 50 at a time, each answer with the server's clock.
//! let mut items = Vec::new();
//! let mut offset = 0;
//! loop {
//!     let page = client.inventory().items().limit(50).offset(offset).send_with_meta().await?;
//!     let got = page.value.items.len() as u32;
//!     items.extend(page.value.items);
//!     if got < 50 {
//!         break; // a short page is the last one
//!     }
//!     offset += got;
//! }
//! // The same in one call.
//! assert_eq!(client.inventory().items().all().await?.len(), items.len());
//!
//! let balance = client.inventory().currency_balance().send_with_meta().await?;
//! println!("gold: {} (at {:?})", balance.value.amount("gold"), balance.server_date);
//! # Ok(()) }
//! ```

use crate::endpoint::{Paginated, impl_endpoint, page_query};
use crate::models::common::PageQuery;
use crate::models::inventory::{CurrencyBalance, InventoryItem, InventoryItemsPage};

/// `GET /v2/project/{project_id}/user/inventory/items`: the items the player owns, virtual
/// currencies excepted (50 a page at most).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUserInventoryItems {
    /// Paging.
    pub page: PageQuery,
    /// The publishing platform the player plays on (`xsolla`, `playstation_network`, …), sent
    /// when set.
    pub platform: Option<String>,
}

impl_endpoint! {
    ListUserInventoryItems -> InventoryItemsPage,
    GET "/v2/project/{project}/user/inventory/items",
    auth(User), query(|e| platform_query(page_query(&e.page, Self::MAX_LIMIT), &e.platform))
}

impl Paginated for ListUserInventoryItems {
    type Item = InventoryItem;
    const MAX_LIMIT: u32 = 50;
    fn page_mut(&mut self) -> &mut PageQuery {
        &mut self.page
    }
    /// The answer has no `has_more`: a full page (as many items as the largest `limit`, which
    /// is what [`Request::all`](crate::Request::all) asks for) may be followed by more.
    fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
        let more = output.items.len() >= Self::MAX_LIMIT as usize;
        (output.items, more)
    }
}

/// `GET /v2/project/{project_id}/user/virtual_currency_balance`: the player's balance of every
/// virtual currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetUserCurrencyBalance {
    /// The publishing platform the player plays on, sent when set.
    pub platform: Option<String>,
}

impl_endpoint! {
    GetUserCurrencyBalance -> CurrencyBalance,
    GET "/v2/project/{project}/user/virtual_currency_balance",
    auth(User), query(|e| platform_query(Vec::new(), &e.platform))
}

fn platform_query(
    mut query: Vec<(&'static str, String)>,
    platform: &Option<String>,
) -> Vec<(&'static str, String)> {
    if let Some(platform) = platform {
        query.push(("platform", platform.clone()));
    }
    query
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// The current player's inventory.
        pub fn inventory(&self) -> Inventory<'_> {
            Inventory(self)
        }
    }

    /// Inventory reads for the current player (`client.inventory()`).
    #[derive(Debug, Clone, Copy)]
    pub struct Inventory<'a>(&'a Client);

    impl<'a> Inventory<'a> {
        /// The items the player owns; `.limit()`, `.offset()`, or `.all()` to walk pages;
        /// `endpoint_mut().platform` to name the platform.
        pub fn items(&self) -> Request<'a, ListUserInventoryItems> {
            self.0.request(ListUserInventoryItems::default())
        }

        /// The player's virtual currency balance; `endpoint_mut().platform` to name the
        /// platform.
        pub fn currency_balance(&self) -> Request<'a, GetUserCurrencyBalance> {
            self.0.request(GetUserCurrencyBalance::default())
        }
    }
}
