//! The system sets: the public [`LiveOpsSystems`] ordering contract, and the steps inside
//! each of its sets.

use bevy_ecs::prelude::*;

/// Where the plugin's systems run, in this order. Order your own systems against them.
///
/// - `PreUpdate`: [`LiveOpsSystems::Apply`], so answers are in the resources when `Update` runs.
/// - `PostUpdate`: [`LiveOpsSystems::Session`], then [`LiveOpsSystems::Dispatch`], so a token
///   and the requests written with it in `Update` leave together in the same frame, for the
///   player the token names.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveOpsSystems {
    /// After it: finished requests are in the resources and their outcome messages
    /// ([`RewardsGranted`](crate::RewardsGranted), [`LiveOpsFailed`](crate::LiveOpsFailed), …) are written. Read them in `Update`.
    Apply,
    /// After it: token hand-overs and logouts are applied (a player change has cleared every
    /// feature, its badge included, and started the new player's reads), and expiry messages
    /// are written.
    Session,
    /// After it: request messages written before it have been sent (or held until a token
    /// arrives), and due refreshes have been started.
    Dispatch,
}

/// The steps inside [`LiveOpsSystems::Apply`].
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ApplySystems {
    /// Finished requests are applied.
    Results,
    /// Badge counts follow the features.
    Badges,
}

/// The steps inside [`LiveOpsSystems::Session`].
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SessionSystems {
    /// Token hand-overs and logouts are applied.
    Tokens,
    /// A player change clears each feature.
    Players,
    /// The new player's reads and cache are started.
    NewPlayer,
}

/// The steps inside [`LiveOpsSystems::Dispatch`].
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DispatchSystems {
    /// Due refreshes are written.
    Plan,
    /// Requests are sent.
    Send,
}
