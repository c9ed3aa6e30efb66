//! Serde types for every request and response body, shared by the client and the emulator.

pub mod common;
pub mod daily;
