//! Xsolla LiveOps for Bevy games: daily rewards as ECS resources and messages.
//!
//! Add [`LiveOpsPlugin`], hand it the player's Xsolla Login JWT with [`SetUserToken`], and read
//! [`DailyChains`]; write [`ClaimDailyReward`] to claim, and read [`RewardsGranted`] to give the
//! player what was granted. Network work runs on a small tokio runtime; results come back in
//! `PreUpdate` ([`LiveOpsSystems::Apply`]), so no frame ever waits on the network.
//!
//! The typed client underneath is re-exported as [`client`].

mod badges;
mod cache;
mod clock;
mod config;
mod daily;
mod net;
mod outcome;
mod plugin;
mod refresh;
mod session;

pub use xsolla_liveops as client;

pub use badges::LiveOpsBadges;
pub use cache::DataOrigin;
pub use clock::{ServerClock, format_countdown};
pub use config::{LiveOpsFeatures, LiveOpsPlugin};
pub use daily::{ClaimDailyReward, DailyChains};
pub use net::{LiveOpsNet, LiveOpsSettings, LiveOpsStatus, LoadState};
pub use outcome::{
    GrantSource, GrantedItem, LiveOpsFailed, LiveOpsFeature, LiveOpsRequest, RewardsGranted,
};
pub use plugin::LiveOpsSystems;
pub use refresh::{RefreshLiveOps, RefreshSchedule};
pub use session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionEnd, SessionExpired, SessionExpiring,
    SetUserToken,
};

/// Everything a game usually needs.
pub mod prelude {
    pub use crate::{
        ClaimDailyReward, ClearSession, DailyChains, LiveOpsBadges, LiveOpsFailed, LiveOpsPlugin,
        LiveOpsStatus, LiveOpsSystems, RefreshLiveOps, RewardsGranted, ServerClock, SessionExpired,
        SessionExpiring, SetUserToken,
    };
}
