//! The server's clock: countdowns and unlock times come from it, never from the device clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bevy_ecs::prelude::Resource;

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
        .map_or(0, |d| d.as_millis() as i64)
}

impl ServerClock {
    /// Server time now, Unix milliseconds.
    pub fn now_millis(&self) -> i64 {
        device_now_ms() + self.offset_ms
    }

    /// Server time now, Unix seconds.
    pub fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    /// Server clock minus device clock, in milliseconds.
    pub fn offset_millis(&self) -> i64 {
        self.offset_ms
    }

    /// True once an answer with a `Date` header has been seen.
    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// Time left until a server time (Unix seconds); zero once it has passed.
    pub fn until(&self, unix_seconds: i64) -> Duration {
        Duration::from_millis((unix_seconds * 1000 - self.now_millis()).max(0) as u64)
    }

    /// A countdown to a server time for display: `"2d 03:04:05"`, `"03:04:05"`, or `"00:00:00"`.
    pub fn countdown(&self, unix_seconds: i64) -> String {
        format_countdown(self.until(unix_seconds))
    }

    /// Takes the server's time from a `Date` header received now.
    pub fn observe(&mut self, server_date: chrono::DateTime<chrono::Utc>) {
        self.observe_at(server_date.timestamp_millis(), device_now_ms());
    }

    /// Takes the server's time `server_ms` seen when the device clock read `device_ms`.
    ///
    /// `Date` has whole seconds, so the server was somewhere in `[server_ms, server_ms + 1000)`;
    /// the middle of that second is taken.
    pub fn observe_at(&mut self, server_ms: i64, device_ms: i64) {
        self.offset_ms = server_ms + 500 - device_ms;
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
        clock.observe_at(device + 86_400_000, device);
        assert!(clock.is_synced());
        assert!((clock.now_millis() - (device + 86_400_500)).abs() < 1_000);
        assert_eq!(clock.until(clock.now() - 5), Duration::ZERO);
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
