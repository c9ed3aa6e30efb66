//! The server's clock: countdowns and unlock times come from it, never from the device clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bevy_ecs::prelude::Resource;

use crate::time::ServerTime;

/// The server's time, as the offset between the device clock and the `Date` header of the
/// latest answer.
///
/// Unlock times (`unlocked_date`, `reset_next_date`) are server times; comparing them with the
/// device clock would break on devices whose clock is wrong or was moved.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerClock {
    offset_ms: i64,
    synced: bool,
}

fn device_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl ServerClock {
    /// The server's time now.
    pub fn now(&self) -> ServerTime {
        ServerTime::from_unix_millis(device_now_ms() + self.offset_ms)
    }

    /// Server clock minus device clock, in milliseconds.
    pub fn offset_millis(&self) -> i64 {
        self.offset_ms
    }

    /// True once an answer with a `Date` header has been seen.
    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// Time left until `time`; zero once it has passed.
    pub fn until(&self, time: impl Into<ServerTime>) -> Duration {
        time.into().saturating_duration_since(self.now())
    }

    /// A countdown to `time` for display: `"2d 03:04:05"`, `"03:04:05"`, or `"00:00:00"`.
    pub fn countdown(&self, time: impl Into<ServerTime>) -> String {
        format_countdown(self.until(time))
    }

    /// Takes the server's time from a `Date` header received now.
    pub fn observe(&mut self, server_date: chrono::DateTime<chrono::Utc>) {
        self.observe_at(ServerTime::from(server_date), device_now_ms());
    }

    /// Takes the server's time `server` seen when the device clock read `device_ms` (Unix
    /// milliseconds).
    ///
    /// `Date` has whole seconds, so the server was somewhere in that second; its middle is
    /// taken.
    pub fn observe_at(&mut self, server: ServerTime, device_ms: i64) {
        self.offset_ms = server.unix_millis() + 500 - device_ms;
        self.synced = true;
    }
}

/// `"2d 03:04:05"` for durations of a day or more, `"03:04:05"` below.
pub fn format_countdown(left: Duration) -> String {
    let secs = left.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let hms = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if days > 0 {
        format!("{days}d {hms}")
    } else {
        hms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_the_server() {
        let mut clock = ServerClock::default();
        assert!(!clock.is_synced());
        let device = device_now_ms();
        clock.observe_at(ServerTime::from_unix_millis(device + 86_400_000), device);
        assert!(clock.is_synced());
        assert!((clock.now().unix_millis() - (device + 86_400_500)).abs() < 1_000);
        assert_eq!(
            clock.until(clock.now() - Duration::from_secs(5)),
            Duration::ZERO
        );
    }

    #[test]
    fn countdowns_read_well() {
        assert_eq!(
            format_countdown(Duration::from_secs(3 * 3600 + 4 * 60 + 5)),
            "03:04:05"
        );
        assert_eq!(
            format_countdown(Duration::from_secs(2 * 86_400 + 61)),
            "2d 00:01:01"
        );
        assert_eq!(format_countdown(Duration::ZERO), "00:00:00");
    }
}
