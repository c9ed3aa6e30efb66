//! The server's clock: countdowns and unlock times come from it, never from the device clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bevy_ecs::prelude::Resource;

use crate::time::ServerTime;

/// Where [`ServerClock`] takes its time from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ClockSource {
    /// No answer yet: the device clock, unconfirmed.
    #[default]
    Unsynced,
    /// The `Date` headers of the server's answers.
    Server,
    /// The device clock, because the answers carry no `Date` the plugin can read. In a
    /// browser that is a server on another origin that does not list `Date` in
    /// `Access-Control-Expose-Headers`; countdowns are then as right as the device's clock.
    /// An answer with a `Date` later switches to [`ClockSource::Server`].
    Device,
}

/// The server's time, as the offset between the device clock and the `Date` headers of the
/// answers. The estimate is never ahead of the server: a step shown as claimable is claimable.
///
/// Unlock times (`unlocked_date`, `reset_next_date`) are server times; comparing them with the
/// device clock would break on devices whose clock is wrong or was moved. When answers carry
/// no readable `Date`, the clock falls back to the device clock and [`ServerClock::source`]
/// says so.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerClock {
    offset_ms: i64,
    synced: bool,
    source: ClockSource,
}

fn device_now_ms() -> i64 {
    crate::time::device_now_millis()
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

    /// True once an answer has settled where the time comes from: a `Date` header, or the
    /// device clock for a server whose `Date` cannot be read ([`ServerClock::source`]).
    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// Where the time comes from.
    pub fn source(&self) -> ClockSource {
        self.source
    }

    /// Notes an answer without a readable `Date`: until one with a `Date` arrives, the clock
    /// is the device's ([`ClockSource::Device`]). An estimate from earlier `Date`s stays.
    pub fn observe_undated(&mut self) {
        if self.source == ClockSource::Unsynced {
            tracing::warn!(
                "LiveOps answers carry no readable Date header (a server on another origin must \
                 list it in Access-Control-Expose-Headers); countdowns use the device clock"
            );
            self.source = ClockSource::Device;
            self.offset_ms = 0;
            self.synced = true;
        }
    }

    /// Time left until `time`; zero once it has passed.
    pub fn until(&self, time: impl Into<ServerTime>) -> Duration {
        time.into().saturating_duration_since(self.now())
    }

    /// The device's clock time at which the server's clock will read `time`: what an OS
    /// notification or alarm is scheduled with (a reminder for the next unlock).
    pub fn to_system_time(&self, time: impl Into<ServerTime>) -> SystemTime {
        let device_ms = time.into().unix_millis().saturating_sub(self.offset_ms);
        let since_epoch = Duration::from_millis(u64::try_from(device_ms).unwrap_or(0));
        UNIX_EPOCH + since_epoch
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
    /// `Date` has whole seconds, cut down, and the answer took time to arrive: when it
    /// arrived the server's clock read at least `server`. Each answer so gives a bound below
    /// the server's time, and the highest bound seen is the estimate, which stays within a
    /// second behind the server. A bound more than [`Self::MOVED_BACK_MS`] below the estimate
    /// means a clock moved back (the server's was set back, or the device's forward): it
    /// replaces the estimate.
    pub fn observe_at(&mut self, server: ServerTime, device_ms: i64) {
        let bound = server.unix_millis().saturating_sub(device_ms);
        if self.source != ClockSource::Server
            || bound > self.offset_ms
            || self.offset_ms - bound > Self::MOVED_BACK_MS
        {
            self.offset_ms = bound;
        }
        self.synced = true;
        self.source = ClockSource::Server;
    }

    /// How far below the estimate a new bound must be to mean that a clock moved back, rather
    /// than a slow answer.
    pub const MOVED_BACK_MS: i64 = 2_000;
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
        assert_eq!(clock.source(), ClockSource::Unsynced);
        let device = device_now_ms();
        clock.observe_at(ServerTime::from_unix_millis(device + 86_400_000), device);
        assert!(clock.is_synced());
        assert!((clock.now().unix_millis() - (device + 86_400_000)).abs() < 1_000);
        assert_eq!(
            clock.until(clock.now() - Duration::from_secs(5)),
            Duration::ZERO
        );
    }

    #[test]
    fn answers_without_a_date_fall_back_to_the_device_clock_until_one_has_it() {
        let mut clock = ServerClock::default();
        clock.observe_undated();
        assert_eq!(clock.source(), ClockSource::Device);
        assert!(clock.is_synced());
        assert_eq!(clock.offset_millis(), 0);

        clock.observe_at(ServerTime::from_unix_millis(10_000), 4_000);
        assert_eq!(clock.source(), ClockSource::Server);
        assert_eq!(
            clock.offset_millis(),
            6_000,
            "the first Date is taken whole"
        );
        clock.observe_undated();
        assert_eq!(
            clock.source(),
            ClockSource::Server,
            "a Date seen once is kept"
        );
        assert_eq!(clock.offset_millis(), 6_000);
    }

    #[test]
    fn the_estimate_is_the_highest_bound_and_never_ahead() {
        let mut clock = ServerClock::default();
        let server: i64 = 1_700_000_000_000;
        // The server's clock reads `server + 700` when the device reads 0; answers come back
        // with whole-second dates after 50 to 900 ms on the way.
        for (sent_at, latency) in [(0_i64, 900_i64), (1_000, 50), (2_000, 400)] {
            let at_server = server + 700 + sent_at;
            let date = at_server - at_server.rem_euclid(1_000);
            clock.observe_at(ServerTime::from_unix_millis(date), sent_at + latency);
            assert!(clock.offset_millis() <= server + 700, "never ahead");
        }
        assert_eq!(
            clock.offset_millis(),
            server + 700 - 50 - 700,
            "the tightest bound"
        );

        // The server's clock set back a day: taken at once.
        clock.observe_at(ServerTime::from_unix_millis(server - 86_400_000), 3_000);
        assert_eq!(clock.offset_millis(), server - 86_400_000 - 3_000);
        // A slow answer (1.5 s) does not move the estimate back.
        clock.observe_at(ServerTime::from_unix_millis(server - 86_400_000), 4_500);
        assert_eq!(clock.offset_millis(), server - 86_400_000 - 3_000);
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
