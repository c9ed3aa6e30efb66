//! Xsolla LiveOps for Bevy games.
//!
//! This crate will hold the Bevy plugin. Today it re-exports the typed client,
//! [`xsolla_liveops`], which already covers every LiveOps operation.

pub use xsolla_liveops as client;
