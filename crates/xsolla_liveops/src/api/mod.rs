//! Every LiveOps operation as an [`Endpoint`](crate::Endpoint) value, grouped by feature, with
//! the handlers that bind them to a [`Client`](crate::Client) when the `client` feature is on.

pub mod daily;
