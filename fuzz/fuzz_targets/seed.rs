//! Seed files: any text parses to a seed or a `SeedError`, and a seed that parses loads into
//! a new in-memory store or is refused with a `StoreError`; neither panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use xsolla_liveops_emulator::internals::Store;
use xsolla_liveops_emulator::{Seed, Storage};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(seed) = Seed::from_json(text) else {
        return;
    };
    let _ = seed.to_json_pretty();
    let _ = Store::open(&Storage::Memory, &seed, 1_700_000_000);
});
