//! One module per command: its arguments and what it does, ending in an exit code or a
//! [`Failure`](crate::failure::Failure).

pub mod apply;
pub mod codes_export;
pub mod codes_generate;
pub mod export;
pub mod plan;
