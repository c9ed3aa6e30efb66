//! `liveops` end to end: the binary against an in-process emulator over real HTTP.

mod support;

mod bad_input;
mod codes;
mod faults;
mod plan_apply;
mod round_trip;
