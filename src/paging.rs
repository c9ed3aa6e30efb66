//! Reading every page of a player's list.

use std::future::Future;

use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::{Error, Reply};

/// Reads pages of `page_size` until the server says there are no more; the reply carries the
/// first page's status and server date.
pub(crate) async fn read_all<T, F, Fut>(page_size: u32, mut page: F) -> Result<Reply<Vec<T>>, Error>
where
    F: FnMut(u32, u32) -> Fut,
    Fut: Future<Output = Result<Reply<ListPage<T>>, Error>>,
{
    let first = page(0, page_size).await?;
    let mut more = first.value.has_more;
    let mut reply = first.map(|p| p.items);
    while more {
        let offset = u32::try_from(reply.value.len()).unwrap_or(u32::MAX);
        let next = page(offset, page_size).await?;
        more = next.value.has_more && !next.value.items.is_empty();
        reply.value.extend(next.value.items);
    }
    Ok(reply)
}
