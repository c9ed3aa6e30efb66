//! The plugin's `build`, and the public [`LiveOpsSystems`] ordering contract.

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::Client;

use crate::LiveOpsPlugin;
use crate::badges::{LiveOpsBadges, update_badges};
use crate::clock::ServerClock;
use crate::codes::{
    self, CodePreviewed, CodeRedeemed, CodeRedemptions, CodeRejected, PreviewCode, RedeemCode,
};
use crate::daily::{self, ClaimDailyReward, DailyChains};
use crate::feature::on_player_changed;
use crate::net::{Held, LiveOpsNet, LiveOpsSettings, LiveOpsStatus, apply_finished, has_finished};
use crate::offers::{
    self, ClaimOfferStep, OfferChains, OfferPaymentDone, PaymentRequired, PurchaseOfferStep,
};
use crate::outcome::{LiveOpsFailed, RewardsGranted};
use crate::refresh::{ALL, RefreshLiveOps, RefreshSchedule, fire_due_refreshes, refresh_due};
use crate::rewards::{self, ClaimRewardStep, RewardChains};
use crate::session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionExpired, SessionExpiring, SetUserToken,
    session_needs_update, update_session,
};
use crate::upsell::{self, Upsell};

/// Where the plugin's systems run, in this order. Order your own systems against them.
///
/// - `PreUpdate`: [`LiveOpsSystems::Session`], then [`LiveOpsSystems::Apply`].
/// - `PostUpdate`: [`LiveOpsSystems::Dispatch`], so request messages written in `Update` leave
///   in the same frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveOpsSystems {
    /// After it: token hand-overs and logouts are applied, and expiry messages are written.
    Session,
    /// After it: finished requests are in the resources ([`DailyChains`], …) and their
    /// outcome messages ([`RewardsGranted`], [`LiveOpsFailed`], …) are written. Read them in
    /// `Update`.
    Apply,
    /// After it: request messages written before it have been sent (or held until a token
    /// arrives), and due refreshes have been started.
    Dispatch,
}

impl Plugin for LiveOpsPlugin {
    fn build(&self, app: &mut App) {
        let net = Client::builder(self.project_id)
            .base_url(&self.base_url)
            .connect_timeout(self.connect_timeout)
            .request_timeout(self.request_timeout)
            .retry(self.retry)
            .build()
            .map_err(|e| e.to_string())
            .and_then(|client| LiveOpsNet::new(client).map_err(|e| e.to_string()));
        let net = match net {
            Ok(net) => net,
            Err(e) => {
                tracing::error!(error = %e, "LiveOps is off: its network runtime could not start");
                return;
            }
        };
        let mut schedule = RefreshSchedule::default();
        for feature in ALL {
            if self.features.contains(feature) {
                schedule.enable(feature);
            }
        }
        app.insert_resource(net)
            .insert_resource(LiveOpsSettings {
                refresh_interval: self.refresh_interval,
                expiry_warning: self.expiry_warning,
                offline_retry: self.offline_retry,
                cache_dir: self.cache_dir.clone(),
                sandbox_payments: self.sandbox_payments,
                features: self.features,
            })
            .insert_resource(schedule)
            .init_resource::<LiveOpsSession>()
            .init_resource::<ServerClock>()
            .init_resource::<LiveOpsStatus>()
            .init_resource::<LiveOpsBadges>()
            .init_resource::<DailyChains>()
            .init_resource::<OfferChains>()
            .init_resource::<Upsell>()
            .init_resource::<RewardChains>()
            .init_resource::<CodeRedemptions>()
            .init_resource::<Held<ClaimRewardStep>>()
            .init_resource::<Held<RedeemCode>>()
            .init_resource::<Held<ClaimDailyReward>>()
            .init_resource::<Held<ClaimOfferStep>>()
            .init_resource::<Held<PurchaseOfferStep>>()
            .add_message::<SetUserToken>()
            .add_message::<ClearSession>()
            .add_message::<SessionExpiring>()
            .add_message::<SessionExpired>()
            .add_message::<PlayerChanged>()
            .add_message::<RefreshLiveOps>()
            .add_message::<RewardsGranted>()
            .add_message::<LiveOpsFailed>()
            .add_message::<ClaimDailyReward>()
            .add_message::<ClaimOfferStep>()
            .add_message::<PurchaseOfferStep>()
            .add_message::<PaymentRequired>()
            .add_message::<OfferPaymentDone>()
            .add_message::<ClaimRewardStep>()
            .add_message::<PreviewCode>()
            .add_message::<RedeemCode>()
            .add_message::<CodePreviewed>()
            .add_message::<CodeRedeemed>()
            .add_message::<CodeRejected>()
            .configure_sets(
                PreUpdate,
                (LiveOpsSystems::Session, LiveOpsSystems::Apply).chain(),
            )
            .add_systems(
                PreUpdate,
                update_session
                    .run_if(session_needs_update)
                    .in_set(LiveOpsSystems::Session),
            )
            .add_systems(
                PreUpdate,
                (
                    apply_finished.run_if(has_finished),
                    on_player_changed.run_if(on_message::<PlayerChanged>),
                    update_badges.run_if(
                        resource_changed::<DailyChains>
                            .or_else(resource_changed::<OfferChains>)
                            .or_else(resource_changed::<RewardChains>),
                    ),
                )
                    .chain()
                    .in_set(LiveOpsSystems::Apply),
            )
            .add_systems(
                PostUpdate,
                (
                    fire_due_refreshes.run_if(refresh_due),
                    (
                        daily::dispatch.run_if(has_work::<ClaimDailyReward>),
                        offers::dispatch.run_if(
                            has_work::<ClaimOfferStep>
                                .or_else(has_work::<PurchaseOfferStep>)
                                .or_else(|m: Res<Messages<OfferPaymentDone>>| !m.is_empty()),
                        ),
                        upsell::dispatch.run_if(|m: Res<Messages<RefreshLiveOps>>| !m.is_empty()),
                        rewards::dispatch.run_if(has_work::<ClaimRewardStep>),
                    ),
                )
                    .chain()
                    .in_set(LiveOpsSystems::Dispatch),
            );
        if self.features.codes {
            app.add_systems(
                PostUpdate,
                codes::dispatch
                    .run_if(codes_have_work)
                    .in_set(LiveOpsSystems::Dispatch),
            );
        }
    }
}

fn codes_have_work(
    previews: Res<Messages<PreviewCode>>,
    redeems: Res<Messages<RedeemCode>>,
    held: Res<Held<RedeemCode>>,
    session: Res<LiveOpsSession>,
) -> bool {
    !previews.is_empty() || !redeems.is_empty() || (session.is_ready() && !held.0.is_empty())
}

/// True when a feature has something to send: new requests, a refresh, or held requests and
/// a token to send them with.
fn has_work<M: Message>(
    requests: Res<Messages<M>>,
    refresh: Res<Messages<RefreshLiveOps>>,
    held: Res<Held<M>>,
    session: Res<LiveOpsSession>,
) -> bool {
    !requests.is_empty() || !refresh.is_empty() || (session.is_ready() && !held.0.is_empty())
}
