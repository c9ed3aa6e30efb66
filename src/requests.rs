//! Per-request bookkeeping shared by every feature: which requests are on their way, which
//! wait for a usable token (for which player), de-duplicated and bounded.

use std::collections::HashSet;
use std::hash::Hash;
use std::sync::Arc;

use crate::error::LiveOpsError;
use crate::session::{Credentials, LiveOpsSession};

/// How many requests of one kind may wait for a token.
pub(crate) const HELD_LIMIT: usize = 32;

struct Waiting<K, P> {
    key: K,
    payload: P,
    player: Arc<str>,
    resent: bool,
}

/// What to do with a request the game just wrote.
pub(crate) enum Admission<P> {
    /// Send it now with these credentials (it is marked as on its way).
    Send(Credentials, P),
    /// It waits for a usable token.
    Held,
    /// The same request is already waiting or on its way.
    Duplicate,
    /// It cannot be taken.
    Refused(LiveOpsError),
}

/// A request released from waiting.
pub(crate) struct Released<K, P> {
    pub key: K,
    pub payload: P,
    pub credentials: Credentials,
    /// It was already refused once with 401 and sent again.
    pub resent: bool,
}

/// The requests of one kind: keyed by what they ask for (a chain and step, a code).
pub(crate) struct RequestBook<K, P = ()> {
    held: Vec<Waiting<K, P>>,
    in_flight: HashSet<K>,
}

impl<K, P> Default for RequestBook<K, P> {
    fn default() -> Self {
        Self {
            held: Vec::new(),
            in_flight: HashSet::new(),
        }
    }
}

impl<K: Clone + Eq + Hash, P> RequestBook<K, P> {
    /// True while a request for `key` waits or is on its way.
    pub fn contains(&self, key: &K) -> bool {
        self.in_flight.contains(key) || self.held.iter().any(|w| &w.key == key)
    }

    /// True when requests wait for a token.
    pub fn has_held(&self) -> bool {
        !self.held.is_empty()
    }

    /// Takes a request the game just wrote.
    pub fn admit(&mut self, key: K, payload: P, session: &LiveOpsSession) -> Admission<P> {
        if self.contains(&key) {
            return Admission::Duplicate;
        }
        if let Some(credentials) = session.credentials() {
            self.in_flight.insert(key);
            return Admission::Send(credentials, payload);
        }
        let Some(player) = session.player_arc() else {
            return Admission::Refused(LiveOpsError::NotLoggedIn);
        };
        self.hold(key, payload, player, false)
    }

    fn hold(&mut self, key: K, payload: P, player: Arc<str>, resent: bool) -> Admission<P> {
        if self.held.len() >= HELD_LIMIT {
            return Admission::Refused(LiveOpsError::TooManyHeld { limit: HELD_LIMIT });
        }
        self.held.push(Waiting {
            key,
            payload,
            player,
            resent,
        });
        Admission::Held
    }

    /// Marks a request as on its way without admission (a claim being settled).
    pub fn mark_in_flight(&mut self, key: K) {
        self.in_flight.insert(key);
    }

    /// Once a usable token is there: the requests that waited for it, now on their way.
    /// Requests of another player than the session's are dropped (the player change reported
    /// them).
    pub fn release(&mut self, session: &LiveOpsSession) -> Vec<Released<K, P>> {
        let Some(credentials) = session.credentials() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for waiting in std::mem::take(&mut self.held) {
            if waiting.player != credentials.player {
                continue;
            }
            self.in_flight.insert(waiting.key.clone());
            out.push(Released {
                key: waiting.key,
                payload: waiting.payload,
                credentials: credentials.clone(),
                resent: waiting.resent,
            });
        }
        out
    }

    /// A request refused with 401 (the server did nothing) waits for the next token of the
    /// same player, once. False when it was already sent again: then it fails.
    pub fn hold_again(&mut self, key: K, payload: P, player: Arc<str>, resent: bool) -> bool {
        self.in_flight.remove(&key);
        !resent && matches!(self.hold(key, payload, player, true), Admission::Held)
    }

    /// The request's answer was applied.
    pub fn finish(&mut self, key: &K) {
        self.in_flight.remove(key);
    }

    /// Every request waiting or on its way.
    pub fn pending(&self) -> impl Iterator<Item = &K> {
        self.held
            .iter()
            .map(|w| &w.key)
            .chain(self.in_flight.iter())
    }
}
