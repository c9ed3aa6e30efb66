//! Clocks and timers that work both natively and in a browser (`wasm32-unknown-unknown`).
//!
//! The standard library's `Instant::now` and `SystemTime::now` panic in a browser, and tokio's
//! timers need a tokio runtime, which a browser does not have. Code that has to run in both
//! places measures time with [`Instant`] and [`SystemTime`] from here and waits with [`sleep`].

use std::time::Duration;

pub use web_time::{Instant, SystemTime, UNIX_EPOCH};

/// The device clock in Unix milliseconds (0 if it reads before 1970).
pub fn unix_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The device clock in Unix seconds (0 if it reads before 1970).
pub fn unix_seconds() -> i64 {
    unix_millis().div_euclid(1000)
}

/// Waits for `duration`: on tokio's timer natively (call it inside a tokio runtime), on the
/// browser's `setTimeout` on the web.
pub async fn sleep(duration: Duration) {
    imp::sleep(duration).await;
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::time::Duration;

    pub(super) async fn sleep(duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::time::Duration;

    use js_sys::wasm_bindgen::{JsCast, JsValue};
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen_futures::JsFuture;

    pub(super) async fn sleep(duration: Duration) {
        let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
        let mut scheduled = true;
        let promise = Promise::new(&mut |resolve, _reject| {
            // `setTimeout` of the page or the worker, whichever this runs in.
            let set_timeout = Reflect::get(&js_sys::global(), &JsValue::from_str("setTimeout"))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok());
            scheduled = set_timeout.is_some_and(|f| {
                f.call2(&JsValue::NULL, &resolve, &JsValue::from(millis))
                    .is_ok()
            });
            if !scheduled {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        if !scheduled {
            tracing::warn!("no setTimeout in this JavaScript environment; a pause was skipped");
        }
        let _ = JsFuture::from(promise).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_clock_is_after_2020() {
        assert!(unix_seconds() > 1_577_836_800);
    }
}
