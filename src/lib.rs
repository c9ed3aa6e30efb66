//! Xsolla LiveOps for Bevy games: daily rewards, offer chains, upsell, codes and reward chains
//! as ECS resources and messages.
//!
//! Add [`LiveOpsPlugin`], hand it the player's Xsolla Login JWT with [`SetUserToken`], and read
//! the feature resources ([`DailyChains`], [`OfferChains`], [`Upsell`], [`RewardChains`]).
//! Write request messages ([`ClaimDailyReward`], [`ClaimOfferStep`], [`PurchaseOfferStep`],
//! [`RedeemCode`], [`ClaimRewardStep`], [`RefreshLiveOps`]) and read the outcomes
//! ([`RewardsGranted`], [`PaymentRequired`], [`CodeRedeemed`], [`CodeRejected`],
//! [`LiveOpsFailed`], [`SessionExpiring`]). Network work runs on a small tokio runtime;
//! results come back in `PreUpdate` ([`LiveOpsSystems::Apply`]), so no frame ever waits on the
//! network.
//!
//! A whole headless session against the local emulator (the same code works against
//! `https://store.xsolla.com/api` with a real token):
//!
//! ```
//! use std::time::Duration;
//! use bevy_app::prelude::*;
//! use bevy_xsolla_liveops::prelude::*;
//! use xsolla_liveops_emulator::{Config, Emulator};
//!
//! let emulator = Emulator::start_blocking(Config::default()).expect("emulator");
//! let mut app = App::new();
//! app.add_plugins(bevy_app::TaskPoolPlugin::default())
//!     .add_plugins(LiveOpsPlugin::local_emulator(emulator.project_id(), emulator.base_url()));
//! let token = emulator.mint_token("player-1", Duration::from_secs(3600));
//! app.world_mut().write_message(SetUserToken(token));
//!
//! // Frames run while the chains load; none of them waits.
//! let mut claimed = false;
//! for _ in 0..2_000 {
//!     app.update();
//!     let world = app.world_mut();
//!     if !claimed {
//!         let next = world.resource::<DailyChains>().claimable().next();
//!         if let Some((chain, step)) = next {
//!             world.write_message(ClaimDailyReward { chain, step });
//!             claimed = true;
//!         }
//!     }
//!     let granted = world.resource::<bevy_ecs::message::Messages<RewardsGranted>>();
//!     if let Some(grant) = granted.iter_current_update_messages().next() {
//!         println!("granted: {:?}", grant.items);
//!         break;
//!     }
//!     std::thread::sleep(Duration::from_millis(5));
//! }
//! assert!(!emulator.inventory("player-1").unwrap().is_empty());
//! ```
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
#[cfg(feature = "egui")]
pub mod ui;
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
