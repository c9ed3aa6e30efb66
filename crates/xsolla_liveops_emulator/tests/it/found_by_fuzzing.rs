//! Inputs `.ci/fuzz` found that made the emulator panic or answer 5xx, kept as scenarios.

use crate::common::*;
use reqwest::Method;

/// `PUT /__emulator/clock {"now": i64::MAX}` used to panic in every later request
/// (`DateTime + TimeDelta` overflowed), leaving the emulator unusable until restarted. The
/// emulated time now stays between the Unix epoch and the end of year 9999, and advancing an
/// offset already at its end stops there.
#[test]
fn a_clock_set_or_moved_past_the_ends_of_time_keeps_answering() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        for (method, path, body) in [
            (
                Method::PUT,
                "/__emulator/clock",
                r#"{"now":9223372036854775807}"#,
            ),
            (
                Method::PUT,
                "/__emulator/clock",
                r#"{"now":-9223372036854775808}"#,
            ),
            (
                Method::POST,
                "/__emulator/clock/advance",
                r#"{"seconds":9223372036854775807}"#,
            ),
            (
                Method::POST,
                "/__emulator/clock/advance",
                r#"{"seconds":9223372036854775807}"#,
            ),
        ] {
            let (status, clock, _) = h.raw(method, &h.url(path), None, Some(body)).await;
            assert_eq!(status, 200, "{path} {body}: {clock}");
            let now = clock["now"].as_i64().unwrap_or(-1);
            assert!(
                (0..=253_402_300_799).contains(&now),
                "{path} {body}: {clock}"
            );
            let (status, answer, _) = h
                .raw(
                    Method::GET,
                    &h.v2("/user/daily_chain"),
                    h.bearer("p1"),
                    None,
                )
                .await;
            assert!(
                status < 500,
                "{path} {body}: daily chains answered {status} {answer}"
            );
        }
    });
}
