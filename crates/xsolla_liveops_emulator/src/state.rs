//! What every request handler shares: configuration, clock, token keys, store, faults.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::auth::TokenKeys;
use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;

/// Injected failures for the LiveOps routes (never for the control API).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Delay before every answer, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests (0..=1) answered 503 without being processed.
    #[serde(default)]
    pub error_rate: f64,
    /// Share of requests (0..=1) processed and committed, whose connection is then closed
    /// without an answer.
    #[serde(default)]
    pub drop_rate: f64,
}

impl Faults {
    /// Whether any fault is set.
    pub fn any(&self) -> bool {
        self.latency_ms > 0 || self.error_rate > 0.0 || self.drop_rate > 0.0
    }
}

struct Inner {
    config: Config,
    clock: Clock,
    keys: TokenKeys,
    store: Store,
    faults: Mutex<Faults>,
    /// False while `faults` is all zero: the common case reads one atomic, not the mutex.
    faulty: AtomicBool,
    /// Answers dropped by fault injection so far.
    dropped: AtomicU64,
}

/// Cheap to clone: everything lives behind one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.0.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Bundles the parts.
    pub fn new(config: Config, clock: Clock, store: Store) -> Self {
        let keys = TokenKeys::new(&config.jwt_secret);
        Self(Arc::new(Inner {
            config,
            clock,
            keys,
            store,
            faults: Mutex::new(Faults::default()),
            faulty: AtomicBool::new(false),
            dropped: AtomicU64::new(0),
        }))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The token keys.
    pub fn keys(&self) -> &TokenKeys {
        &self.0.keys
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// Current fault settings.
    pub fn faults(&self) -> Faults {
        if !self.0.faulty.load(Ordering::Acquire) {
            return Faults::default();
        }
        *self.0.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts an answer dropped by fault injection.
    pub fn note_dropped(&self) {
        self.0.dropped.fetch_add(1, Ordering::Relaxed);
    }

    /// How many answers fault injection dropped so far.
    pub fn dropped_answers(&self) -> u64 {
        self.0.dropped.load(Ordering::Relaxed)
    }

    /// Replaces the fault settings.
    pub fn set_faults(&self, faults: Faults) {
        let mut current = self.0.faults.lock().unwrap_or_else(PoisonError::into_inner);
        *current = faults;
        self.0
            .faulty
            .store(faults != Faults::default(), Ordering::Release);
    }
}
