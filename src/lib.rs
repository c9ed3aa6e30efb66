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
mod claims;
mod clock;
mod codes;
mod config;
mod daily;
mod feature;
mod net;
mod offers;
mod outcome;
mod plugin;
mod refresh;
mod rewards;
mod session;
mod upsell;

pub use xsolla_liveops as client;

pub use badges::LiveOpsBadges;
pub use cache::DataOrigin;
pub use clock::{ServerClock, format_countdown};
pub use codes::{
    CodePreviewed, CodeRedeemed, CodeRedemptions, CodeRejectReason, CodeRejected, PreviewCode,
    RedeemCode,
};
pub use config::{LiveOpsFeatures, LiveOpsPlugin};
pub use daily::{ClaimDailyReward, DailyChains};
pub use net::{LiveOpsNet, LiveOpsSettings, LiveOpsStatus, LoadState};
pub use offers::{
    ClaimOfferStep, OfferChains, OfferPaymentDone, PaymentRequired, PurchaseOfferStep,
};
pub use outcome::{
    GrantSource, GrantedItem, LiveOpsFailed, LiveOpsFeature, LiveOpsRequest, RewardsGranted,
};
pub use plugin::LiveOpsSystems;
pub use refresh::{RefreshLiveOps, RefreshSchedule};
pub use rewards::{ClaimRewardStep, RewardChains};
pub use session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionEnd, SessionExpired, SessionExpiring,
    SetUserToken,
};
pub use upsell::Upsell;

/// Everything a game usually needs.
pub mod prelude {
    pub use crate::{
        ClaimDailyReward, ClaimOfferStep, ClaimRewardStep, ClearSession, CodePreviewed,
        CodeRedeemed, CodeRejected, DailyChains, LiveOpsBadges, LiveOpsFailed, LiveOpsPlugin,
        LiveOpsStatus, LiveOpsSystems, OfferChains, OfferPaymentDone, PaymentRequired, PreviewCode,
        PurchaseOfferStep, RedeemCode, RefreshLiveOps, RewardChains, RewardsGranted, ServerClock,
        SessionExpired, SessionExpiring, SetUserToken, Upsell,
    };
}
