//! The emulator's clock: real time plus an offset that tests and developers can move.
//!
//! Every rule that depends on time (daily unlocks, schedule resets, token expiry, the `Date`
//! header) reads [`Clock::now`], so moving the clock moves the whole emulated world at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

/// A shared, adjustable clock. Clones see the same offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// A clock that starts at real time.
    pub fn new() -> Self {
        Self::default()
    }

    /// The emulated current time.
    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(
            Utc::now()
                .timestamp_millis()
                .saturating_add(self.offset_ms.load(Ordering::Relaxed))
                .clamp(0, 253_402_300_799_999),
        )
        .unwrap_or_default()
    }

    /// The emulated current time as Unix seconds.
    pub fn now_unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// How far the emulated time is ahead of real time (negative: behind), in seconds.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed).div_euclid(1000)
    }

    /// Moves the clock forward (or back, with a negative amount) by `seconds`.
    pub fn advance(&self, seconds: i64) {
        let step = seconds.saturating_mul(1000);
        // Saturating, so travelling far twice stops at the end of time instead of wrapping.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |offset| {
                Some(offset.saturating_add(step))
            });
    }

    /// Sets the emulated time to `unix_seconds`; it keeps running from there.
    pub fn set_unix(&self, unix_seconds: i64) {
        let real = Utc::now().timestamp_millis();
        self.offset_ms.store(
            unix_seconds.saturating_mul(1000).saturating_sub(real),
            Ordering::Relaxed,
        );
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }

    /// The current time in the HTTP `Date` header format (`Sun, 06 Nov 1994 08:49:37 GMT`).
    pub fn http_date(&self) -> String {
        self.now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travelling_far_twice_does_not_wrap() {
        let clock = Clock::new();
        clock.advance(i64::MAX);
        clock.advance(i64::MAX);
        assert_eq!(
            clock.now_unix(),
            253_402_300_799,
            "the last second the clock shows"
        );
        clock.advance(i64::MIN);
        clock.advance(i64::MIN);
        assert_eq!(clock.now_unix(), 0);
    }

    #[test]
    fn offsets_move_now() {
        let clock = Clock::new();
        let before = clock.now_unix();
        clock.advance(86_400);
        assert!((clock.now_unix() - before - 86_400).abs() <= 1);
        clock.set_unix(1_700_000_000);
        assert!((clock.now_unix() - 1_700_000_000).abs() <= 1);
        clock.reset();
        assert!((clock.now_unix() - Utc::now().timestamp()).abs() <= 1);
        assert!(clock.http_date().ends_with(" GMT"));
    }
}
