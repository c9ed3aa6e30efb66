//! Operations as values: every LiveOps call is a struct implementing [`Endpoint`].
//!
//! An endpoint knows its method, path, query, body, credential and whether it may be repeated
//! safely. It does no I/O: a [`Client`](crate::Client) (or any other caller) sends it.

use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AuthScheme;
pub(crate) use crate::ids::PathSegment;
use crate::ids::ProjectId;
pub use crate::ids::segment;
use crate::models::common::PageQuery;
use crate::models::promotions::ApiVersion;

/// One LiveOps operation.
pub trait Endpoint {
    /// The decoded success body. [`NoContent`](crate::models::common::NoContent) for 204 replies.
    type Output: DeserializeOwned;

    /// HTTP method.
    fn method(&self) -> Method;

    /// Path below the base URL, starting with `/v2/project/{project_id}` or `/v3/…`.
    /// String segments must go through [`segment`].
    fn path(&self, project: ProjectId) -> String;

    /// Query parameters.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// JSON body, if the operation has one.
    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(None)
    }

    /// The credential the operation needs.
    fn auth(&self) -> AuthScheme;

    /// Whether sending the request twice has the same effect as sending it once, so that a
    /// transient failure may be retried. GET, PUT and DELETE are, unless an operation says
    /// otherwise (limit increases and decreases are not). POST never is: claims, redemptions
    /// and orders are reconciled by the caller, not repeated.
    fn idempotent(&self) -> bool {
        matches!(self.method(), Method::GET | Method::PUT | Method::DELETE)
    }
}

/// A list operation that can be walked page by page.
pub trait Paginated: Endpoint + Clone {
    /// One element of a page.
    type Item;
    /// The largest `limit` the operation accepts (50, 30 or 10).
    const MAX_LIMIT: u32;
    /// The paging query, to move through pages.
    fn page_mut(&mut self) -> &mut PageQuery;
    /// Splits a page into its items and whether more follow.
    fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool);
    /// Splits the page read at `offset` into its items and whether more follow. The default
    /// is [`Paginated::into_items`]; lists that count their total override it.
    fn split_page(output: Self::Output, offset: u32) -> (Vec<Self::Item>, bool) {
        let _ = offset;
        Self::into_items(output)
    }
}

/// Serializes a body to JSON.
pub fn json_body<T: Serialize>(body: &T) -> Result<Option<Vec<u8>>, serde_json::Error> {
    serde_json::to_vec(body).map(Some)
}

/// The `limit`/`offset` query of a page, with `limit` clamped to `max`.
pub fn page_query(page: &PageQuery, max: u32) -> Vec<(&'static str, String)> {
    let mut q = Vec::with_capacity(2);
    if let Some(limit) = page.limit {
        q.push(("limit", limit.clamp(1, max).to_string()));
    }
    if let Some(offset) = page.offset {
        q.push(("offset", offset.to_string()));
    }
    q
}

impl PathSegment for ApiVersion {
    fn path_segment(&self) -> String {
        self.segment().to_owned()
    }
}

/// Writes the `impl Endpoint` block of an operation struct from a one-screen description.
///
/// ```text
/// impl_endpoint! {
///     Name<K: Kind, P: Bound> -> Output,   // `<…>` only on generic structs, one bound each
///     METHOD "/v2/project/{project}/…/{field}" (field, other = expr),
///     auth(User | Admin), query(…), body(field), idempotent(bool)
/// }
/// ```
///
/// - **Path**: a format string. `{project}` is the project id; every other `{name}` must be
///   listed in the parentheses after the string (leave them out when there is none). A bare
///   `name` reads `self.name`; `name = expr` takes a value that does not come from `self`
///   (`version = P::VERSION`, `kind = K::SEGMENT`). Each value goes through [`PathSegment`],
///   so string ids are percent-encoded by [`segment`]. `format!` checks at compile time that
///   the names and the placeholders match.
/// - **`auth(…)`** (required): the [`AuthScheme`] variant.
/// - **Options**, in any order, each at most once:
///   - `query(page)`: [`page_query`] of `self.page`, clamped to `Self::MAX_LIMIT` (the
///     operation must be [`Paginated`]);
///   - `query(page, flag)`: the same, then `flag=0|1` when `self.flag` is `Some`;
///   - `query(|e| expr)`: any other query, with `e` bound to `&self`;
///   - `body(field)`: `self.field` serialized by [`json_body`];
///   - `idempotent(bool)`: overrides the method's default (see [`Endpoint::idempotent`]).
///
/// Operations whose path or query needs more logic keep a hand-written `impl Endpoint`.
macro_rules! impl_endpoint {
    (
        $name:ident $(<$($g:ident: $bound:path),+>)? -> $out:ty,
        $method:ident $path:literal $(($($arg:ident $(= $val:expr)?),* $(,)?))?,
        auth($auth:ident) $(, $opt:ident $optv:tt)* $(,)?
    ) => {
        impl$(<$($g: $bound),+>)? $crate::endpoint::Endpoint for $name$(<$($g),+>)? {
            type Output = $out;
            fn method(&self) -> ::http::Method {
                ::http::Method::$method
            }
            fn path(&self, project: $crate::ids::ProjectId) -> ::std::string::String {
                ::std::format!(
                    $path,
                    project = project,
                    $($($arg = $crate::endpoint::PathSegment::path_segment(
                        &$crate::endpoint::impl_endpoint!(@arg self, $arg $(= $val)?)
                    ),)*)?
                )
            }
            fn auth(&self) -> $crate::error::AuthScheme {
                $crate::error::AuthScheme::$auth
            }
            $($crate::endpoint::impl_endpoint!(@$opt $optv);)*
        }
    };

    // A path value: `self.field`, or the expression given.
    (@arg $this:ident, $arg:ident) => {
        $this.$arg
    };
    (@arg $this:ident, $arg:ident = $val:expr) => {
        $val
    };

    (@query (page)) => {
        fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            $crate::endpoint::page_query(&self.page, Self::MAX_LIMIT)
        }
    };
    (@query (page, $flag:ident)) => {
        fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            let mut q = $crate::endpoint::page_query(&self.page, Self::MAX_LIMIT);
            if let Some(flag) = self.$flag {
                q.push((::std::stringify!($flag), u8::from(flag).to_string()));
            }
            q
        }
    };
    (@query (|$e:ident| $query:expr)) => {
        fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            let $e = self;
            $query
        }
    };
    (@body ($field:ident)) => {
        fn body(&self) -> ::std::result::Result<Option<Vec<u8>>, serde_json::Error> {
            $crate::endpoint::json_body(&self.$field)
        }
    };
    (@idempotent ($idempotent:literal)) => {
        fn idempotent(&self) -> bool {
            $idempotent
        }
    };
}
pub(crate) use impl_endpoint;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape_their_place() {
        assert_eq!(segment("coupon_44056_1"), "coupon_44056_1");
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("é"), "%C3%A9");
    }

    #[test]
    fn page_limits_are_clamped() {
        let q = page_query(
            &PageQuery {
                limit: Some(500),
                offset: Some(60),
            },
            50,
        );
        assert_eq!(
            q,
            vec![("limit", "50".to_owned()), ("offset", "60".to_owned())]
        );
        assert!(page_query(&PageQuery::default(), 50).is_empty());
    }
}
