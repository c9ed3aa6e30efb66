//! What every feature resource shares: reading its data, where it came from, when to read it
//! again, and the offline cache.

use std::sync::Arc;

use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use serde::Serialize;
use serde::de::DeserializeOwned;
use xsolla_liveops::Error;

use crate::cache::{self, DataOrigin};
use crate::clock::ServerClock;
use crate::net::{LiveOpsSettings, LiveOpsStatus, report_failure};
use crate::outcome::{LiveOpsFeature, LiveOpsRequest};
use crate::refresh::RefreshSchedule;

/// A feature resource holding data read from the server.
pub(crate) trait FeatureState: Resource + Component<Mutability = Mutable> + Default {
    /// Which feature.
    const FEATURE: LiveOpsFeature;
    /// What one read returns.
    type Data: Clone + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The data.
    fn data_mut(&mut self) -> &mut Self::Data;
    /// Where the data came from.
    fn origin_mut(&mut self) -> &mut DataOrigin;
    /// Whether a read is under way.
    fn loading_mut(&mut self) -> &mut bool;
    /// Set when a read was asked for while one was under way: that read may have started
    /// before what the new request wants to see (a claim, a payment, a moved clock), so
    /// another read follows it.
    fn read_again_mut(&mut self) -> &mut bool;
    /// The next time the data changes by time alone (an unlock, a reset), server seconds.
    fn next_boundary(&self, _now: i64) -> Option<i64> {
        None
    }
    /// A hook after fresh data from the read numbered `read` arrived.
    fn after_fetch(_world: &mut World, _read: u64) {}
}

/// Applies a finished read: the data, the status, the next read, and the cache.
pub(crate) fn on_fetched<F: FeatureState>(
    world: &mut World,
    read: u64,
    result: Result<F::Data, Error>,
) {
    let now_ms = world.resource::<ServerClock>().now_millis();
    let now = now_ms.div_euclid(1000);
    *world.resource_mut::<F>().loading_mut() = false;
    if std::mem::take(world.resource_mut::<F>().read_again_mut()) {
        world.write_message(crate::RefreshLiveOps::only(F::FEATURE));
    }
    match result {
        Ok(data) => {
            let interval = world
                .resource::<LiveOpsSettings>()
                .refresh_interval
                .as_millis() as i64;
            let next = {
                let mut state = world.resource_mut::<F>();
                *state.data_mut() = data.clone();
                *state.origin_mut() = DataOrigin::Network;
                state.next_boundary(now)
            };
            world.resource_mut::<LiveOpsStatus>().succeeded();
            // The next boundary (seconds) or the periodic read, whichever comes first.
            let periodic = now_ms + interval;
            let due = next
                .map_or(periodic, |b| b.saturating_mul(1000).min(periodic))
                .max(now_ms + 1);
            world.resource_mut::<RefreshSchedule>().set(F::FEATURE, due);
            cache::store(world, F::FEATURE, &data);
            F::after_fetch(world, read);
        }
        Err(error) => {
            let error = Arc::new(error);
            let settings = world.resource::<LiveOpsSettings>().clone();
            let at =
                world
                    .resource_mut::<LiveOpsStatus>()
                    .failed(Arc::clone(&error), now_ms, &settings);
            world.resource_mut::<RefreshSchedule>().set(F::FEATURE, at);
            report_failure(world, LiveOpsRequest::Refresh(F::FEATURE), error);
        }
    }
}

/// Shows cached data until the network answers.
pub(crate) fn restore<F: FeatureState>(world: &mut World, data: F::Data) {
    let mut state = world.resource_mut::<F>();
    if *state.origin_mut() == DataOrigin::None {
        *state.data_mut() = data;
        *state.origin_mut() = DataOrigin::Cache;
    }
}

/// Every feature resource holding a player's data.
#[derive(SystemParam)]
pub(crate) struct PlayerData<'w> {
    daily: ResMut<'w, crate::DailyChains>,
    offers: ResMut<'w, crate::OfferChains>,
    upsell: ResMut<'w, crate::Upsell>,
    rewards: ResMut<'w, crate::RewardChains>,
}

impl PlayerData<'_> {
    fn clear(&mut self) {
        *self.daily = Default::default();
        *self.offers = Default::default();
        *self.upsell = Default::default();
        *self.rewards = Default::default();
    }
}

/// On a player change: the previous player's data goes, the new player's cached data is
/// loaded, and every feature is read now.
pub(crate) fn on_player_changed(
    mut changed: MessageReader<crate::PlayerChanged>,
    mut data: PlayerData,
    mut schedule: ResMut<crate::RefreshSchedule>,
    settings: Res<LiveOpsSettings>,
    session: Res<crate::LiveOpsSession>,
    net: Res<crate::LiveOpsNet>,
) {
    let Some(change) = changed.read().last() else {
        return;
    };
    data.clear();
    if let Some(current) = change.current.clone() {
        schedule.all_due_now();
        cache::load_for_player(current, &settings, &session, &net);
    }
}
