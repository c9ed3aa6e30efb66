//! Reward chains, value points and clans.
