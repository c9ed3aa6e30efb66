//! The requests of one kind: which wait for a usable token (for which player), which are on
//! their way, which wait to be settled; de-duplicated by key and bounded.

use std::collections::HashSet;
use std::sync::Arc;

use super::RequestKind;
use crate::error::LiveOpsError;
use crate::session::{Credentials, LiveOpsSession};

/// How many requests of one kind may wait for a token.
pub(crate) const HELD_LIMIT: usize = 32;

/// A request and what travels with it.
pub(crate) struct Entry<R: RequestKind> {
    pub key: R::Key,
    pub payload: R::Payload,
}

struct Waiting<R: RequestKind> {
    entry: Entry<R>,
    player: Arc<str>,
    resent: bool,
}

/// A request whose answer was ambiguous, waiting for a token to be checked.
pub(crate) struct Unsettled<R: RequestKind> {
    pub entry: Entry<R>,
    pub context: R::Context,
    pub error: LiveOpsError,
    pub attempt: u32,
}

/// What to do with a request the game just wrote.
pub(crate) enum Admission<R: RequestKind> {
    /// Send it now with these credentials (it is marked as on its way).
    Send(Credentials, Entry<R>),
    /// It waits for a usable token, or the same request already waits or is on its way.
    Kept,
    /// It cannot be taken.
    Refused(LiveOpsError),
}

/// A request released from waiting, now on its way.
pub(crate) struct Released<R: RequestKind> {
    pub entry: Entry<R>,
    pub credentials: Credentials,
    /// It was refused once with 401 and goes out again.
    pub resent: bool,
}

/// The requests of one kind, kept in its feature's resource.
pub(crate) struct RequestBook<R: RequestKind> {
    held: Vec<Waiting<R>>,
    in_flight: HashSet<R::Key>,
    unsettled: Vec<Unsettled<R>>,
}

impl<R: RequestKind> Default for RequestBook<R> {
    fn default() -> Self {
        Self {
            held: Vec::new(),
            in_flight: HashSet::new(),
            unsettled: Vec::new(),
        }
    }
}

impl<R: RequestKind> RequestBook<R> {
    /// True while a request for `key` waits, is on its way or is being settled.
    pub fn contains(&self, key: &R::Key) -> bool {
        self.in_flight.contains(key) || self.held.iter().any(|w| &w.entry.key == key)
    }

    /// True when requests wait for a token (to be sent or settled).
    pub fn has_work(&self) -> bool {
        !self.held.is_empty() || !self.unsettled.is_empty()
    }

    /// Every request waiting, on its way or being settled.
    pub fn pending(&self) -> impl Iterator<Item = &R::Key> {
        self.held
            .iter()
            .map(|w| &w.entry.key)
            .chain(self.in_flight.iter())
    }

    /// Takes a request the game just wrote.
    pub fn admit(&mut self, entry: Entry<R>, session: &LiveOpsSession) -> Admission<R> {
        if self.contains(&entry.key) {
            return Admission::Kept;
        }
        if let Some(credentials) = session.credentials() {
            self.in_flight.insert(entry.key.clone());
            return Admission::Send(credentials, entry);
        }
        let Some(player) = session.player_arc() else {
            return Admission::Refused(LiveOpsError::NotLoggedIn);
        };
        match self.hold(entry, player, false) {
            Ok(()) => Admission::Kept,
            Err(error) => Admission::Refused(error),
        }
    }

    fn hold(
        &mut self,
        entry: Entry<R>,
        player: Arc<str>,
        resent: bool,
    ) -> Result<(), LiveOpsError> {
        if self.held.len() >= HELD_LIMIT {
            return Err(LiveOpsError::TooManyHeld { limit: HELD_LIMIT });
        }
        self.held.push(Waiting {
            entry,
            player,
            resent,
        });
        Ok(())
    }

    /// Once a usable token is there: the requests that waited for it, now on their way.
    /// Requests of another player than the session's are dropped (the player change reported
    /// them).
    pub fn release(&mut self, session: &LiveOpsSession) -> Vec<Released<R>> {
        let Some(credentials) = session.credentials() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for waiting in std::mem::take(&mut self.held) {
            if waiting.player != credentials.player {
                continue;
            }
            self.in_flight.insert(waiting.entry.key.clone());
            out.push(Released {
                entry: waiting.entry,
                credentials: credentials.clone(),
                resent: waiting.resent,
            });
        }
        out
    }

    /// A request refused with 401 (the server did nothing) waits for the next token of the
    /// same player, once. Gives the entry back when it was already sent again: then it fails.
    pub fn hold_again(
        &mut self,
        entry: Entry<R>,
        player: Arc<str>,
        resent: bool,
    ) -> Result<(), Entry<R>> {
        self.in_flight.remove(&entry.key);
        if resent {
            return Err(entry);
        }
        let key = entry.key.clone();
        let payload = entry.payload.clone();
        self.hold(entry, player, true)
            .map_err(|_| Entry { key, payload })
    }

    /// Keeps a request busy while its outcome is checked.
    pub fn checking(&mut self, key: R::Key) {
        self.in_flight.insert(key);
    }

    /// A request whose check waits for a usable token.
    pub fn park(&mut self, unsettled: Unsettled<R>) {
        self.in_flight.insert(unsettled.entry.key.clone());
        self.unsettled.push(unsettled);
    }

    /// The requests whose check waited for a token.
    pub fn take_unsettled(&mut self) -> Vec<Unsettled<R>> {
        std::mem::take(&mut self.unsettled)
    }

    /// The request is over.
    pub fn finish(&mut self, key: &R::Key) {
        self.in_flight.remove(key);
    }
}
