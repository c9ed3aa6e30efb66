//! The retry decision, as a pure function of what happened.
//!
//! Only idempotent requests are retried, and only after transient failures: a connection that
//! could not be made, `429 Too Many Requests` (honouring `Retry-After`), and `502`/`503`/`504`.
//! Delays grow exponentially with jitter, attempts and total time are bounded. Claims,
//! redemptions and orders are never repeated here.

use std::time::Duration;

/// How a single attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status; `retry_after` is its `Retry-After`, if any.
    Status {
        /// HTTP status.
        status: u16,
        /// Parsed `Retry-After` header.
        retry_after: Option<Duration>,
    },
    /// The connection could not be made: the request never reached the server.
    ConnectFailed,
    /// The connection broke after the request was sent.
    ConnectionLost,
    /// No answer in time.
    TimedOut,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Return the outcome to the caller.
    Stop,
}

/// Retry bounds. The defaults suit interactive game calls: 4 attempts within 10 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. `1` disables retrying.
    pub max_attempts: u32,
    /// Delay before the first retry, before jitter.
    pub base_delay: Duration,
    /// Largest delay between two attempts.
    pub max_delay: Duration,
    /// No retry starts later than this after the first attempt began.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_total: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Decides after attempt number `attempt` (1-based) ended with `outcome`, `elapsed` after the
    /// first attempt began. `jitter` is a number in `[0, 1)`; the delay is scaled into
    /// `[50 %, 100 %)` of the exponential step by it.
    pub fn decide(
        &self,
        idempotent: bool,
        attempt: u32,
        elapsed: Duration,
        outcome: Outcome,
        jitter: f64,
    ) -> Decision {
        if !idempotent || attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let server_wait = match outcome {
            Outcome::ConnectFailed => None,
            Outcome::Status {
                status: 429,
                retry_after,
            } => retry_after,
            Outcome::Status {
                status: 502..=504,
                retry_after,
            } => retry_after,
            Outcome::Status { .. } | Outcome::ConnectionLost | Outcome::TimedOut => {
                return Decision::Stop;
            }
        };
        let delay = match server_wait {
            Some(wait) => wait,
            None => self.backoff(attempt, jitter),
        };
        if elapsed.saturating_add(delay) > self.max_total {
            return Decision::Stop;
        }
        Decision::RetryAfter(delay)
    }

    /// Exponential back-off with jitter for the retry after attempt `attempt`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        exp.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 0.999_999))
    }
}

/// Parses a `Retry-After` value: delta seconds, or an HTTP date compared with `now_unix`.
pub fn parse_retry_after(value: &str, now_unix: i64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value)
        .ok()?
        .timestamp();
    Some(Duration::from_secs(
        when.saturating_sub(now_unix).max(0) as u64
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S503: Outcome = Outcome::Status {
        status: 503,
        retry_after: None,
    };

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
    }

    #[test]
    fn transient_failures_of_idempotent_calls_are_retried() {
        let p = policy();
        for outcome in [
            S503,
            Outcome::Status {
                status: 502,
                retry_after: None,
            },
            Outcome::Status {
                status: 504,
                retry_after: None,
            },
            Outcome::Status {
                status: 429,
                retry_after: None,
            },
            Outcome::ConnectFailed,
        ] {
            assert!(
                matches!(
                    p.decide(true, 1, Duration::ZERO, outcome, 0.0),
                    Decision::RetryAfter(_)
                ),
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn non_idempotent_calls_are_never_retried() {
        for outcome in [
            S503,
            Outcome::ConnectFailed,
            Outcome::ConnectionLost,
            Outcome::TimedOut,
        ] {
            assert_eq!(
                policy().decide(false, 1, Duration::ZERO, outcome, 0.5),
                Decision::Stop
            );
        }
    }

    #[test]
    fn other_failures_are_not_retried() {
        let p = policy();
        for status in [200, 204, 400, 401, 404, 422, 500, 501] {
            let o = Outcome::Status {
                status,
                retry_after: None,
            };
            assert_eq!(
                p.decide(true, 1, Duration::ZERO, o, 0.5),
                Decision::Stop,
                "{status}"
            );
        }
        assert_eq!(
            p.decide(true, 1, Duration::ZERO, Outcome::TimedOut, 0.5),
            Decision::Stop
        );
        assert_eq!(
            p.decide(true, 1, Duration::ZERO, Outcome::ConnectionLost, 0.5),
            Decision::Stop
        );
    }

    #[test]
    fn attempts_and_total_time_are_bounded() {
        let p = policy();
        assert_eq!(p.decide(true, 4, Duration::ZERO, S503, 0.0), Decision::Stop);
        assert_eq!(
            p.decide(true, 2, Duration::from_millis(9_990), S503, 0.9),
            Decision::Stop
        );
        let long = Outcome::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(30)),
        };
        assert_eq!(p.decide(true, 1, Duration::ZERO, long, 0.0), Decision::Stop);
    }

    #[test]
    fn retry_after_is_honoured() {
        let o = Outcome::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(2)),
        };
        assert_eq!(
            policy().decide(true, 1, Duration::ZERO, o, 0.7),
            Decision::RetryAfter(Duration::from_secs(2))
        );
    }

    #[test]
    fn backoff_grows_exponentially_within_jitter_bounds() {
        let p = policy();
        for attempt in 1..=3u32 {
            let step = Duration::from_millis(200 * (1 << (attempt - 1)));
            assert_eq!(p.backoff(attempt, 0.0), step / 2);
            let high = p.backoff(attempt, 0.999);
            assert!(
                high < step && high > step.mul_f64(0.99),
                "{high:?} vs {step:?}"
            );
        }
        assert_eq!(p.backoff(30, 0.0), p.max_delay / 2);
    }

    #[test]
    fn retry_after_header_forms() {
        assert_eq!(parse_retry_after(" 3 ", 0), Some(Duration::from_secs(3)));
        let now = chrono::DateTime::parse_from_rfc2822("Wed, 21 Oct 2015 07:28:00 GMT")
            .unwrap()
            .timestamp();
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
