//! The player's session: the Login JWT, its expiry, and who the player is.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::UserToken;

use crate::clock::ServerClock;
use crate::net::LiveOpsSettings;
use crate::outcome::{LiveOpsFailed, LiveOpsRequest};

/// Hands the player's Xsolla Login JWT to the plugin. Requests wait until a valid token is
/// there; a token for another player clears the previous player's state.
#[derive(Message, Clone)]
pub struct SetUserToken(pub String);

impl fmt::Debug for SetUserToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SetUserToken(<redacted>)")
    }
}

/// Forgets the token and the player's state (log out).
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct ClearSession;

/// The token runs out soon: get a fresh one and send [`SetUserToken`].
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SessionExpiring {
    /// The player.
    pub player: String,
    /// Expiry, server Unix seconds.
    pub expires_at: i64,
    /// Time left.
    pub remaining: Duration,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The token's `exp` passed.
    Expired,
    /// The server refused the token (401).
    Rejected,
}

/// The token can no longer be used; requests wait for a new [`SetUserToken`].
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SessionExpired {
    /// The player.
    pub player: String,
    /// Why.
    pub reason: SessionEnd,
}

/// The player changed (or logged out, `current: None`); per-player state was cleared.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct PlayerChanged {
    /// The previous player.
    pub previous: Option<String>,
    /// The new player.
    pub current: Option<String>,
}

/// The current session. The token itself is private: it is never logged or stored.
#[derive(Resource, Default)]
pub struct LiveOpsSession {
    token: Option<UserToken>,
    generation: u64,
    warned: bool,
    ended: bool,
}

impl fmt::Debug for LiveOpsSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveOpsSession")
            .field("player", &self.player())
            .field("expires_at", &self.expires_at())
            .field("ended", &self.ended)
            .finish()
    }
}

impl LiveOpsSession {
    /// The player id (`sub`), if a token was given.
    pub fn player(&self) -> Option<&str> {
        self.token.as_ref().map(UserToken::subject)
    }

    /// The token's expiry, server Unix seconds.
    pub fn expires_at(&self) -> Option<i64> {
        self.token.as_ref().map(UserToken::expires_at)
    }

    /// True when requests can be sent now.
    pub fn is_ready(&self) -> bool {
        self.token.is_some() && !self.ended
    }

    /// Changes with every player change; answers to requests of an earlier player are dropped.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn token(&self) -> Option<&UserToken> {
        self.token.as_ref().filter(|_| !self.ended)
    }

    /// Marks the session as refused by the server; returns the player when this is news.
    pub(crate) fn reject(&mut self) -> Option<String> {
        if self.ended {
            return None;
        }
        self.ended = true;
        self.player().map(str::to_owned)
    }
}

/// What the session system may announce.
#[derive(SystemParam)]
pub(crate) struct SessionNews<'w> {
    changed: MessageWriter<'w, PlayerChanged>,
    expiring: MessageWriter<'w, SessionExpiring>,
    expired: MessageWriter<'w, SessionExpired>,
    failed: MessageWriter<'w, LiveOpsFailed>,
}

/// Whether [`update_session`] has anything to do this frame: a token hand-over, a logout, or
/// the expiry warning or the expiry itself coming due on the server's clock.
pub(crate) fn session_needs_update(
    set: Res<Messages<SetUserToken>>,
    clear: Res<Messages<ClearSession>>,
    session: Res<LiveOpsSession>,
    clock: Res<ServerClock>,
    settings: Res<LiveOpsSettings>,
) -> bool {
    if !set.is_empty() || !clear.is_empty() {
        return true;
    }
    if session.ended || !clock.is_synced() {
        return false;
    }
    let Some(exp) = session.expires_at() else {
        return false;
    };
    let due = if session.warned {
        exp
    } else {
        exp - settings.expiry_warning.as_secs() as i64
    };
    clock.now() >= due
}

/// Applies [`SetUserToken`] and [`ClearSession`], and watches the expiry.
pub(crate) fn update_session(
    mut set: MessageReader<SetUserToken>,
    mut clear: MessageReader<ClearSession>,
    mut session: ResMut<LiveOpsSession>,
    clock: Res<ServerClock>,
    settings: Res<LiveOpsSettings>,
    mut news: SessionNews,
) {
    for _ in clear.read() {
        if let Some(previous) = session.player().map(str::to_owned) {
            session.token = None;
            session.generation += 1;
            news.changed.write(PlayerChanged {
                previous: Some(previous),
                current: None,
            });
        }
    }
    for SetUserToken(raw) in set.read() {
        let token = match UserToken::parse(raw.as_str()) {
            Ok(token) => token,
            Err(e) => {
                news.failed.write(LiveOpsFailed {
                    request: LiveOpsRequest::SetToken,
                    error: Arc::new(xsolla_liveops::Error::InvalidInput(e.to_string())),
                });
                continue;
            }
        };
        let previous = session.player().map(str::to_owned);
        let same_player = previous.as_deref() == Some(token.subject());
        let current = token.subject().to_owned();
        session.token = Some(token);
        session.warned = false;
        session.ended = false;
        if !same_player {
            session.generation += 1;
            news.changed.write(PlayerChanged {
                previous,
                current: Some(current),
            });
        }
    }
    // Expiry is judged on the server's clock; until an answer has set it, the server's 401
    // is the judge.
    if session.ended || !clock.is_synced() {
        return;
    }
    let Some(exp) = session.expires_at() else {
        return;
    };
    let now = clock.now();
    if now >= exp {
        session.ended = true;
        if let Some(player) = session.player().map(str::to_owned) {
            news.expired.write(SessionExpired {
                player,
                reason: SessionEnd::Expired,
            });
        }
    } else if !session.warned && now + settings.expiry_warning.as_secs() as i64 >= exp {
        session.warned = true;
        if let Some(player) = session.player().map(str::to_owned) {
            news.expiring.write(SessionExpiring {
                player,
                expires_at: exp,
                remaining: clock.until(exp),
            });
        }
    }
}
