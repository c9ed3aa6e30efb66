//! The player's session: the Login JWT, its expiry, and who the player is.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::UserToken;

use crate::clock::ServerClock;
use crate::error::LiveOpsError;
use crate::messages::LiveOpsRequest;
use crate::outcome::{LiveOpsFailed, emit_with};
use crate::refresh::RefreshSchedule;
use crate::settings::LiveOpsSettings;
use crate::time::ServerTime;

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
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct SessionExpiring {
    /// The player.
    pub player: String,
    /// Expiry.
    pub expires_at: ServerTime,
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
    /// Xsolla Login refused to renew the session the plugin signed in (the refresh token was
    /// revoked, spent or expired, or the player was banned): the player must sign in again.
    /// The player's state is cleared with it.
    RenewalRefused,
}

impl SessionEnd {
    /// A sentence a game can show the player.
    pub fn message(self) -> &'static str {
        match self {
            Self::Expired => "Your session has run out.",
            Self::Rejected => "The server no longer accepts your session.",
            Self::RenewalRefused => "Your sign-in has expired. Please sign in again.",
        }
    }
}

/// The token can no longer be used; requests wait for a new [`SetUserToken`].
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct SessionExpired {
    /// The player.
    pub player: String,
    /// Why.
    pub reason: SessionEnd,
}

/// The player changed (or logged out, `current: None`); per-player state was cleared.
#[derive(Message, Event, Debug, Clone, PartialEq, Eq)]
pub struct PlayerChanged {
    /// The previous player.
    pub previous: Option<String>,
    /// The new player.
    pub current: Option<String>,
}

/// Who a request acts for: the player and the token it was made under.
#[derive(Clone)]
pub(crate) struct Credentials {
    /// The player id (`sub`).
    pub player: Arc<str>,
    /// The token.
    pub token: UserToken,
    /// Which token of the session: a 401 ends only this one.
    pub serial: u64,
    /// Which player of the session: answers for an earlier one are dropped.
    pub generation: u64,
}

/// The current session. The token itself is private: it is never logged or stored.
#[derive(Resource, Default)]
pub struct LiveOpsSession {
    token: Option<UserToken>,
    player: Option<Arc<str>>,
    generation: u64,
    serial: u64,
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
        self.player.as_deref()
    }

    /// The token's expiry on the server's clock.
    pub fn expires_at(&self) -> Option<ServerTime> {
        self.token
            .as_ref()
            .map(|t| ServerTime::from_unix_seconds(t.expires_at()))
    }

    /// True when requests can be sent now.
    pub fn is_ready(&self) -> bool {
        self.token.is_some() && !self.ended
    }

    /// Changes with every player change; answers to requests of an earlier player are dropped.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// What a request made now acts under, when a usable token is there.
    pub(crate) fn credentials(&self) -> Option<Credentials> {
        let token = self.token.as_ref().filter(|_| !self.ended)?;
        Some(Credentials {
            player: self.player.clone()?,
            token: token.clone(),
            serial: self.serial,
            generation: self.generation,
        })
    }

    /// True when a token newer than the one numbered `serial` was handed over (for the same
    /// player: answers for an earlier player never reach here) and is usable.
    pub(crate) fn has_newer_token(&self, serial: u64) -> bool {
        self.serial > serial && self.is_ready()
    }

    pub(crate) fn player_arc(&self) -> Option<Arc<str>> {
        self.player.clone()
    }

    /// The server refused the token numbered `serial`; ends the session when that token is
    /// still the current one, and returns the player when this is news.
    pub(crate) fn reject(&mut self, serial: u64) -> Option<String> {
        if self.ended || serial != self.serial {
            return None;
        }
        self.ended = true;
        self.player().map(str::to_owned)
    }
}

/// What the session system announces, as messages and observer events.
#[derive(SystemParam)]
pub(crate) struct SessionNews<'w, 's> {
    commands: Commands<'w, 's>,
}

impl SessionNews<'_, '_> {
    fn tell<O>(&mut self, outcome: O)
    where
        O: Message + Event + Clone,
        for<'a> O::Trigger<'a>: Default,
    {
        emit_with(&mut self.commands, outcome);
    }
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
        exp - settings.expiry_warning
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
    mut schedule: ResMut<RefreshSchedule>,
    mut news: SessionNews,
) {
    for _ in clear.read() {
        if let Some(previous) = session.player().map(str::to_owned) {
            session.token = None;
            session.player = None;
            session.generation += 1;
            session.serial += 1;
            news.tell(PlayerChanged {
                previous: Some(previous),
                current: None,
            });
        }
    }
    for SetUserToken(raw) in set.read() {
        let token = match UserToken::parse(raw.as_str()) {
            Ok(token) => token,
            Err(e) => {
                news.tell(LiveOpsFailed {
                    request: LiveOpsRequest::SetUserToken,
                    error: LiveOpsError::InvalidToken(e),
                });
                continue;
            }
        };
        let previous = session.player().map(str::to_owned);
        let same_player = previous.as_deref() == Some(token.subject());
        if same_player && session.ended {
            // Reads asked for while the token was unusable did not go out: read everything now.
            schedule.all_due_now();
        }
        let current = token.subject().to_owned();
        session.player = Some(Arc::from(token.subject()));
        session.token = Some(token);
        session.serial += 1;
        session.warned = false;
        session.ended = false;
        if !same_player {
            session.generation += 1;
            news.tell(PlayerChanged {
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
            news.tell(SessionExpired {
                player,
                reason: SessionEnd::Expired,
            });
        }
    } else if !session.warned && now + settings.expiry_warning >= exp {
        session.warned = true;
        if let Some(player) = session.player().map(str::to_owned) {
            news.tell(SessionExpiring {
                player,
                expires_at: exp,
                remaining: clock.until(exp),
            });
        }
    }
}
