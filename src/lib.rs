//! Xsolla LiveOps for Bevy games: daily rewards, offer chains, upsell, codes and reward chains
//! as ECS resources and messages.
//!
//! Add [`LiveOpsPlugins`], hand it the player's Xsolla Login JWT with [`SetUserToken`], and
//! read the features through the [`LiveOps`] system parameter (or their resources:
//! [`DailyChains`], [`OfferChains`], [`UpsellItems`], [`RewardChains`], [`CodeRedemptions`]).
//! Requests are messages ([`ClaimDailyStep`], [`ClaimOfferStep`], [`BuyOfferStep`],
//! [`CheckOfferPayment`], [`BuyUpsellItem`], [`TrackOrder`], [`ClaimRewardStep`],
//! [`PreviewCode`], [`RedeemCode`], [`RefreshLiveOps`]); outcomes are messages too
//! ([`RewardsGranted`], [`PaymentRequired`], [`PurchaseCanceled`], [`PurchasePending`],
//! [`CodeRedeemed`], [`CodeRejected`], [`LiveOpsFailed`], [`SessionExpiring`]), and observer
//! events. Orders are tracked until they are final ([`Purchases`]). Network work
//! runs on a small tokio runtime (in a browser, on the page's event loop); results come back
//! in `PreUpdate` ([`LiveOpsSystems::Apply`]), so no frame ever waits on the network.
//!
//! A whole headless session against the local emulator (the same code works against
//! `https://store.xsolla.com/api` with a real token):
//!
//! ```
//! use std::time::Duration;
//! use bevy_app::prelude::*;
//! use bevy_ecs::prelude::*;
//! use bevy_xsolla_liveops::prelude::*;
//! use xsolla_liveops_emulator::{Config, Emulator};
//!
//! /// Claims today's reward as soon as it can be claimed.
//! fn claim_today(mut liveops: LiveOps) {
//!     if let Some((chain, step)) = liveops.daily().next_claimable() {
//!         liveops.claim_daily(chain, step);
//!     }
//! }
//!
//! #[derive(Resource, Default)]
//! struct Granted(Vec<RewardsGranted>);
//!
//! fn remember(mut granted: MessageReader<RewardsGranted>, mut seen: ResMut<Granted>) {
//!     seen.0.extend(granted.read().cloned());
//! }
//!
//! let emulator = Emulator::start_blocking(Config::default()).expect("emulator");
//! let mut app = App::new();
//! app.add_plugins(bevy_app::TaskPoolPlugin::default())
//!     .add_plugins(LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url()))
//!     .init_resource::<Granted>()
//!     .add_systems(Update, (claim_today.run_if(liveops_ready), remember));
//! let token = emulator.mint_token("player-1", Duration::from_secs(3600));
//! app.world_mut().write_message(SetUserToken(token));
//!
//! // Frames run while the chains load and the claim goes out; none of them waits.
//! for _ in 0..2_000 {
//!     app.update();
//!     if !app.world().resource::<Granted>().0.is_empty() {
//!         break;
//!     }
//!     std::thread::sleep(Duration::from_millis(5));
//! }
//! let granted = &app.world().resource::<Granted>().0;
//! assert_eq!(granted.len(), 1, "one claim, one grant");
//! let server = emulator.inventory("player-1").unwrap();
//! assert_eq!(server.len(), granted[0].items.len());
//! ```
//!
//! Each feature is its own plugin inside [`LiveOpsPlugins`]; leave one out with
//! `LiveOpsPlugins::new(id).build().disable::<CodesPlugin>()`. The typed client underneath is
//! re-exported as [`client`].

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod architecture;
mod badges;
mod cache;
mod claims;
mod clock;
mod codes;
mod core;
mod daily;
mod error;
mod fanout;
mod feature;
mod feature_id;
mod group;
mod messages;
mod offers;
mod outcome;
mod paging;
mod param;
mod purchases;
mod refresh;
mod requests;
mod rewards;
mod runtime;
mod session;
mod sets;
mod settings;
mod sign_in;
mod status;
pub mod storage;
mod time;
#[cfg(feature = "egui")]
#[cfg_attr(docsrs, doc(cfg(feature = "egui")))]
pub mod ui;
mod upsell;

pub use xsolla_liveops as client;

pub use badges::LiveOpsBadges;
pub use cache::DataOrigin;
pub use clock::{ClockSource, ServerClock, format_countdown};
pub use codes::{CodeRedemptions, CodesPlugin};
pub use core::LiveOpsCorePlugin;
pub use daily::{DailyChains, DailyChainsPlugin};
pub use error::{LiveOpsError, StartError};
pub use feature::LiveOpsFeatures;
pub use feature_id::LiveOpsFeature;
pub use group::{LiveOpsFeatureDeclarations, LiveOpsPlugins};
pub use messages::{
    BuyOfferStep, BuyUpsellItem, CheckOfferPayment, ClaimDailyStep, ClaimOfferStep,
    ClaimRewardStep, CreateAccount, LiveOpsRequest, PreviewCode, Purchase, RedeemCode,
    RefreshLiveOps, SignIn, SignInAsGuest, SignOut, TrackOrder,
};
pub use offers::{OfferChains, OfferChainsPlugin};
pub use outcome::{
    CodePreviewed, CodeRedeemed, CodeRejectReason, CodeRejected, GrantSource, GrantedItem,
    LiveOpsFailed, PaymentRequired, PurchaseCanceled, PurchasePending, RewardReady, RewardsGranted,
    RewardsWaiting, SignInFailed, SignInFailure, SignInMethod, SignedIn,
};
pub use param::{LiveOps, LiveOpsOutcomes, liveops_logged_in, liveops_ready};
pub use purchases::{AwaitedOrder, Purchases, PurchasesPlugin};
pub use refresh::RefreshSchedule;
pub use rewards::{RewardChains, RewardChainsPlugin};
pub use runtime::{LiveOpsRuntime, MaybeSend, Spawner};
pub use session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionEnd, SessionExpired, SessionExpiring,
    SetUserToken,
};
pub use sets::LiveOpsSystems;
pub use settings::LiveOpsSettings;
pub use sign_in::{LiveOpsSignIn, RENEW_MARGIN, SignInPlugin, SignInStep};
pub use status::{LiveOpsStatus, LoadState};
pub use storage::{Storage, StorageError};
pub use time::ServerTime;
pub use upsell::{UpsellItems, UpsellPlugin};

/// Everything a game uses: plugins, resources, requests, outcomes, the system parameter, run
/// conditions, time, and the ids and model types those carry.
pub mod prelude {
    pub use crate::{
        BuyOfferStep, BuyUpsellItem, CheckOfferPayment, ClaimDailyStep, ClaimOfferStep,
        ClaimRewardStep, ClearSession, CodePreviewed, CodeRedeemed, CodeRedemptions,
        CodeRejectReason, CodeRejected, CodesPlugin, DailyChains, DailyChainsPlugin, DataOrigin,
        GrantSource, GrantedItem, LiveOps, LiveOpsBadges, LiveOpsCorePlugin, LiveOpsError,
        LiveOpsFailed, LiveOpsFeature, LiveOpsFeatures, LiveOpsOutcomes, LiveOpsPlugins,
        LiveOpsRequest, LiveOpsRuntime, LiveOpsSession, LiveOpsStatus, LiveOpsSystems, LoadState,
        OfferChains, OfferChainsPlugin, PaymentRequired, PlayerChanged, PreviewCode, Purchase,
        PurchaseCanceled, PurchasePending, Purchases, PurchasesPlugin, RedeemCode, RefreshLiveOps,
        RefreshSchedule, RewardChains, RewardChainsPlugin, RewardReady, RewardsGranted,
        RewardsWaiting, ServerClock, ServerTime, SessionEnd, SessionExpired, SessionExpiring,
        SetUserToken, TrackOrder, UpsellItems, UpsellPlugin, format_countdown, liveops_logged_in,
        liveops_ready,
    };
    pub use crate::{
        CreateAccount, LiveOpsSignIn, SignIn, SignInAsGuest, SignInFailed, SignInFailure,
        SignInMethod, SignInPlugin, SignInStep, SignOut, SignedIn,
    };
    pub use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
    pub use xsolla_liveops::models::common::ItemType;
    pub use xsolla_liveops::models::daily::DailyStepStatus;
    pub use xsolla_liveops::models::offer::OfferStepAction;
    pub use xsolla_liveops::models::orders::OrderStatus;
    pub use xsolla_liveops::retry::RetryPolicy;
    pub use xsolla_liveops::{
        Code, DailyChainId, OfferChainId, OrderId, ProjectId, RewardChainId, Sku, StepId,
        StepNumber,
    };
}
