//! What every feature shares, and the one registration through which a feature joins the core:
//! its resource, its reads, its refresh schedule entry, its cache loader, its clearing on a
//! player change and its badge count. The core names no feature; the group
//! ([`LiveOpsPlugins`](crate::LiveOpsPlugins)) declares every feature's resource, so a feature
//! left out still has one (empty).

use std::collections::HashSet;
use std::future::Future;

use bevy_app::prelude::*;
use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use xsolla_liveops::{Client, Error, Reply};

use crate::badges::LiveOpsBadges;
use crate::cache::{DataOrigin, LiveOpsCache};
use crate::clock::ServerClock;
use crate::error::LiveOpsError;
use crate::fanout::Fanout;
use crate::feature_id::LiveOpsFeature;
use crate::messages::{LiveOpsRequest, RefreshLiveOps};
use crate::outcome::{LiveOpsFailed, RewardReady, emit_with};
use crate::refresh::RefreshSchedule;
use crate::runtime::{Apply, Done, LiveOpsRuntime, MaybeSend, note_rejection, report_failure};
use crate::session::LiveOpsSession;
use crate::settings::LiveOpsSettings;
use crate::status::LiveOpsStatus;
use crate::time::ServerTime;

/// A feature's resource: what the core needs to know of it.
pub(crate) trait FeatureResource:
    Resource + Component<Mutability = Mutable> + Default
{
    /// Which feature.
    const FEATURE: LiveOpsFeature;
    /// Requests held or on their way, reported as failed when the player changes.
    fn pending(&self) -> Vec<LiveOpsRequest>;
    /// How many things the player can claim now.
    fn badge(&self) -> usize {
        0
    }
    /// The claims that would take what is ready now, whether or not one is under way.
    fn ready(&self) -> Vec<LiveOpsRequest> {
        Vec::new()
    }
    /// The data shown is the server's, read for this player (not nothing, not the cache).
    fn loaded(&self) -> bool {
        true
    }
}

/// Progress of a feature's reads.
#[derive(Debug, Default)]
pub(crate) struct ReadState {
    /// A read is under way.
    pub loading: bool,
    /// A read was asked for while one was under way: that read may have started before what
    /// the new request wants to see (a claim, a payment, a moved clock), so another follows.
    pub read_again: bool,
    /// Reads started so far; the number of the latest.
    pub started: u64,
}

/// A feature whose state is read from the server, cached and kept fresh.
pub(crate) trait FeatureState: FeatureResource {
    /// What one read returns.
    type Data: Serialize + DeserializeOwned + Clone + Send + Sync + 'static;
    /// The data.
    fn data_mut(&mut self) -> &mut Self::Data;
    /// Where the data came from.
    fn origin_mut(&mut self) -> &mut DataOrigin;
    /// Read progress.
    fn reads(&mut self) -> &mut ReadState;
    /// Reads the feature's whole state.
    fn read(client: Client) -> impl Future<Output = Result<Reply<Self::Data>, Error>> + MaybeSend;
    /// The next time the data changes by time alone (an unlock, a reset, an end).
    fn next_boundary(&self, _now: ServerTime) -> Option<ServerTime> {
        None
    }
    /// A hook after fresh data from the read numbered `read` arrived.
    fn after_fetch(_world: &mut World, _read: u64) {}
}

/// Writes the data accessors of [`FeatureState`] for a resource whose data is the field
/// `$data`, beside `origin: DataOrigin` and `reads: ReadState`.
macro_rules! feature_data {
    ($data:ident) => {
        fn data_mut(&mut self) -> &mut Self::Data {
            &mut self.$data
        }

        fn origin_mut(&mut self) -> &mut $crate::cache::DataOrigin {
            &mut self.origin
        }

        fn reads(&mut self) -> &mut $crate::feature::ReadState {
            &mut self.reads
        }
    };
}
pub(crate) use feature_data;

/// The features whose plugins are added: the hub shows a tab for each.
#[derive(Resource, Default)]
pub struct LiveOpsFeatures {
    features: Vec<LiveOpsFeature>,
    loaders: Vec<CacheLoader>,
}

/// Reads one feature's cached state for a player (on a blocking thread) and returns the change
/// that shows it.
pub(crate) type CacheLoader = fn(&LiveOpsCache, &str) -> Option<Apply>;

/// Reads one feature's cached data; the returned change shows it unless the network was
/// faster.
fn load_cached<F: FeatureState>(cache: &LiveOpsCache, player: &str) -> Option<Apply> {
    let data = cache.read::<F::Data>(player, F::FEATURE)?;
    Some(Box::new(move |world: &mut World| restore::<F>(world, data)))
}

/// A feature plugin: what it declares even when it is not added, so that games and widgets
/// can always read its resource.
pub(crate) trait FeaturePlugin: Plugin {
    /// Registers the feature's resource (idempotent).
    fn declare(app: &mut App);
}

impl LiveOpsFeatures {
    /// True when the feature's plugin is added.
    pub fn contains(&self, feature: LiveOpsFeature) -> bool {
        self.features.contains(&feature)
    }

    /// The features whose plugins are added, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = LiveOpsFeature> + '_ {
        self.features.iter().copied()
    }

    /// Records a service plugin that answers requests but keeps no per-player feature state
    /// (sign-in), so its requests are not refused as disabled.
    pub(crate) fn add_service(&mut self, feature: LiveOpsFeature) {
        if !self.features.contains(&feature) {
            self.features.push(feature);
        }
    }

    /// The cache loaders of the added features.
    pub(crate) fn loaders(&self) -> Vec<CacheLoader> {
        self.loaders.clone()
    }
}

/// The one registration a feature plugin makes.
pub(crate) trait RegisterFeature {
    /// Registers a feature that keeps per-request state only (codes).
    fn register_feature<F: FeatureResource>(&mut self) -> &mut Self;
    /// Registers a feature whose state is read, cached and refreshed.
    fn register_state_feature<F: FeatureState>(&mut self) -> &mut Self;
}

impl RegisterFeature for App {
    fn register_feature<F: FeatureResource>(&mut self) -> &mut Self {
        assert!(
            self.world().contains_resource::<LiveOpsSettings>(),
            "add LiveOpsCorePlugin (or LiveOpsPlugins) before the {} feature plugin",
            F::FEATURE
        );
        self.init_resource::<F>();
        let mut registry = self.world_mut().resource_mut::<LiveOpsFeatures>();
        assert!(
            !registry.contains(F::FEATURE),
            "the LiveOps {} feature is added twice",
            F::FEATURE
        );
        registry.features.push(F::FEATURE);
        self.world_mut()
            .resource_mut::<LiveOpsBadges>()
            .track(F::FEATURE);
        let resource = self.world_mut().register_component::<F>();
        let mut fanout = self.world_mut().resource_mut::<Fanout>();
        fanout.on_player_change(|world| run_part(world, clear_for_new_player::<F>));
        fanout.on_change(resource, |world| run_part(world, after_change::<F>));
        self
    }

    fn register_state_feature<F: FeatureState>(&mut self) -> &mut Self {
        self.register_feature::<F>();
        self.world_mut()
            .resource_mut::<LiveOpsFeatures>()
            .loaders
            .push(load_cached::<F>);
        self.world_mut()
            .resource_mut::<RefreshSchedule>()
            .enable(F::FEATURE);
        self.world_mut()
            .resource_mut::<Fanout>()
            .on_refresh(|world| run_part(world, read_when_asked::<F>));
        self
    }
}

/// Runs a feature's or request kind's system for its role (see [`Fanout`]), keeping its
/// locals and message cursors from one run to the next.
pub(crate) fn run_part<M, S>(world: &mut World, system: S)
where
    S: IntoSystem<(), (), M> + 'static,
{
    if let Err(error) = world.run_system_cached(system) {
        tracing::error!(%error, "a LiveOps system could not run");
    }
}

/// On a player change: requests of the previous player are reported as failed, once, and the
/// feature's state (data, held and in-flight requests, busy marks) starts over.
fn clear_for_new_player<F: FeatureResource>(
    mut state: ResMut<F>,
    mut commands: Commands,
    mut badges: ResMut<LiveOpsBadges>,
) {
    for request in state.pending() {
        emit_with(
            &mut commands,
            LiveOpsFailed {
                request,
                error: LiveOpsError::PlayerChanged,
            },
        );
    }
    *state = F::default();
    // Cleared here rather than in the next frame's badge count, so no frame drawn after the
    // change shows the previous player's count.
    badges.set(F::FEATURE, state.badge(), state.loaded());
}

/// After a change of the feature: its badge, and the steps that became claimable.
fn after_change<F: FeatureResource>(
    state: Res<F>,
    badges: ResMut<LiveOpsBadges>,
    before: Local<Option<HashSet<LiveOpsRequest>>>,
    commands: Commands,
) {
    if !state.is_changed() {
        return;
    }
    count_badge(&*state, badges);
    announce_ready(&*state, before, commands);
}

fn count_badge<F: FeatureResource>(state: &F, mut badges: ResMut<LiveOpsBadges>) {
    badges.set(F::FEATURE, state.badge(), state.loaded());
}

/// Reports each step that became claimable since the player's previous read as
/// [`RewardReady`], once (the first read after a sign-in is the baseline: what waits then is
/// [`RewardsWaiting`](crate::RewardsWaiting)'s).
fn announce_ready<F: FeatureResource>(
    state: &F,
    mut before: Local<Option<HashSet<LiveOpsRequest>>>,
    mut commands: Commands,
) {
    if !state.loaded() {
        *before = None;
        return;
    }
    let now: HashSet<LiveOpsRequest> = state.ready().into_iter().collect();
    if let Some(before) = before.as_ref() {
        for claim in now.difference(before) {
            emit_with(
                &mut commands,
                RewardReady {
                    feature: F::FEATURE,
                    claim: claim.clone(),
                },
            );
        }
    }
    *before = Some(now);
}

/// Starts a read of the feature when a [`RefreshLiveOps`] covers it.
fn read_when_asked<F: FeatureState>(
    mut refresh: MessageReader<RefreshLiveOps>,
    mut state: ResMut<F>,
    runtime: Res<LiveOpsRuntime>,
    session: Res<LiveOpsSession>,
    cache: Res<LiveOpsCache>,
) {
    let wanted = refresh
        .read()
        .fold(false, |any, r| any | r.includes(F::FEATURE));
    if !wanted {
        return;
    }
    start_read(&mut *state, &runtime, &session, &cache);
}

/// Starts a read unless one is under way (then another follows it).
pub(crate) fn start_read<F: FeatureState>(
    state: &mut F,
    runtime: &LiveOpsRuntime,
    session: &LiveOpsSession,
    cache: &LiveOpsCache,
) {
    let reads = state.reads();
    if reads.loading {
        reads.read_again = true;
        return;
    }
    let Some(credentials) = session.credentials() else {
        return;
    };
    reads.started += 1;
    let read = reads.started;
    let serial = credentials.serial;
    let cache = cache.clone();
    let player = credentials.player.clone();
    let sent = runtime.send(&credentials, move |client| async move {
        let reply = F::read(client).await;
        if let Ok(reply) = &reply {
            // Serialised and written on a blocking thread, never on the frame.
            cache.store(&player, F::FEATURE, &reply.value);
        }
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        let undated = reply.is_ok() && date.is_none();
        Done::new(date, move |world| {
            if undated {
                world.resource_mut::<ServerClock>().observe_undated();
            }
            on_fetched::<F>(world, read, serial, reply.map(|r| r.value))
        })
    });
    state.reads().loading = sent.is_ok();
}

/// Applies a finished read: the data, the status, the next read.
fn on_fetched<F: FeatureState>(
    world: &mut World,
    read: u64,
    serial: u64,
    result: Result<F::Data, Error>,
) {
    let now = world.resource::<ServerClock>().now();
    let again = {
        let mut state = world.resource_mut::<F>();
        let reads = state.reads();
        reads.loading = false;
        std::mem::take(&mut reads.read_again)
    };
    if again {
        world.write_message(RefreshLiveOps::only(F::FEATURE));
    }
    match result {
        Ok(data) => {
            let interval = world.resource::<LiveOpsSettings>().refresh_interval;
            let next = {
                let mut state = world.resource_mut::<F>();
                *state.data_mut() = data;
                *state.origin_mut() = DataOrigin::Network;
                state.next_boundary(now)
            };
            world.resource_mut::<LiveOpsStatus>().succeeded();
            // The next boundary or the periodic read, whichever comes first.
            let periodic = now + interval;
            let due = next
                .map_or(periodic, |b| b.min(periodic))
                .max(now + std::time::Duration::from_millis(1));
            world.resource_mut::<RefreshSchedule>().set(F::FEATURE, due);
            F::after_fetch(world, read);
        }
        Err(error) => {
            let error = LiveOpsError::from(error);
            if error.is_unauthorized() && world.resource::<LiveOpsSession>().has_newer_token(serial)
            {
                // Refused for a token that was replaced while the read was under way: the
                // new token's read answers instead, and nothing failed.
                world.write_message(RefreshLiveOps::only(F::FEATURE));
                return;
            }
            if error.is_unauthorized() {
                // The token was refused: the session ends (`SessionExpired` says so), and the
                // read goes again with the player's next token (renewed by sign-in, or handed
                // over by the game). Nothing is lost, so nothing is reported as failed.
                note_rejection(world, &error, Some(serial));
                world.resource_mut::<RefreshSchedule>().set(F::FEATURE, now);
                return;
            }
            let settings = world.resource::<LiveOpsSettings>().clone();
            let at = world
                .resource_mut::<LiveOpsStatus>()
                .failed(error.clone(), now, &settings);
            world.resource_mut::<RefreshSchedule>().set(F::FEATURE, at);
            report_failure(
                world,
                LiveOpsRequest::Refresh(RefreshLiveOps::only(F::FEATURE)),
                error,
                Some(serial),
            );
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
