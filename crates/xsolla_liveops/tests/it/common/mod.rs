//! Shared test support: Xsolla's OpenAPI examples and a recording HTTP server.
#![allow(dead_code, missing_docs)]

pub mod mock;
pub mod spec;
