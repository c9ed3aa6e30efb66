//! [`ServerTime`]: one type for every point in time the plugin shows or schedules; and the
//! device clocks and timers that work natively and in a browser alike.
//!
//! `std::time::Instant::now`, `SystemTime::now` and tokio's timers panic in a browser. Plugin
//! code measures device time with [`Instant`] and [`device_now_millis`] and waits with
//! [`sleep`] from here (inside work started on the plugin's runtime).

use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

use xsolla_liveops::models::common::UnixTime;
pub(crate) use xsolla_liveops::time::{Instant, sleep, unix_millis as device_now_millis};

/// A point in time on the server's clock, in Unix milliseconds.
///
/// Unlock times, resets, token expiry and retry times are all server times: compare them with
/// [`ServerClock::now`](crate::ServerClock::now), never with the device clock.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ServerTime(i64);

impl ServerTime {
    /// The Unix epoch.
    pub const EPOCH: Self = Self(0);

    /// A time from Unix milliseconds.
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// A time from Unix seconds.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds.saturating_mul(1000))
    }

    /// Unix milliseconds.
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Unix seconds, rounded down.
    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// How long after `earlier` this is; zero when it is not later.
    pub fn saturating_duration_since(self, earlier: Self) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0).max(0) as u64)
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl Add<Duration> for ServerTime {
    type Output = Self;
    fn add(self, rhs: Duration) -> Self {
        Self(self.0.saturating_add(millis(rhs)))
    }
}

impl Sub<Duration> for ServerTime {
    type Output = Self;
    fn sub(self, rhs: Duration) -> Self {
        Self(self.0.saturating_sub(millis(rhs)))
    }
}

impl From<UnixTime> for ServerTime {
    fn from(time: UnixTime) -> Self {
        Self::from_unix_seconds(time.0)
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for ServerTime {
    fn from(time: chrono::DateTime<Tz>) -> Self {
        Self(time.timestamp_millis())
    }
}

impl fmt::Debug for ServerTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => write!(f, "ServerTime({})", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
            None => write!(f, "ServerTime({} ms)", self.0),
        }
    }
}

impl fmt::Display for ServerTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M:%S UTC")),
            None => write!(f, "{} ms", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_once() {
        let t = ServerTime::from_unix_seconds(1_735_689_600);
        assert_eq!(t.unix_millis(), 1_735_689_600_000);
        assert_eq!(ServerTime::from(UnixTime(1_735_689_600)), t);
        assert_eq!(
            (t + Duration::from_millis(1500)).unix_seconds(),
            1_735_689_601
        );
        assert_eq!(
            (t + Duration::from_secs(5)).saturating_duration_since(t),
            Duration::from_secs(5)
        );
        assert_eq!(
            t.saturating_duration_since(t + Duration::from_secs(5)),
            Duration::ZERO
        );
        assert_eq!(format!("{t}"), "2025-01-01 00:00:00 UTC");
    }
}
