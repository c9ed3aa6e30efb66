//! Claim safety, shared by every feature that claims steps: one claim in flight per step, and
//! after an ambiguous failure (timeout, 5xx, dropped connection) a re-read that settles it —
//! a step found claimed is reported as granted, once; otherwise the original error is reported.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use bevy_ecs::prelude::*;
use xsolla_liveops::{Client, Error, OrderId, Reply};

use crate::feature::FeatureState;
use crate::net::{Done, LiveOpsNet, LiveOpsSettings, report_failure};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsRequest, RewardsGranted};
use crate::refresh::RefreshLiveOps;
use crate::session::LiveOpsSession;

/// The claims of one feature: those on their way, those whose outcome must be checked once a
/// token is back, and the grants already reported.
///
/// The grant ledger is what keeps a grant from being reported twice: a claim sent from stale
/// data for a step that an earlier claim already took, whose answer is lost, finds the step
/// claimed when it is settled; the ledger says that grant was already reported. An entry is
/// forgotten once a read started after the grant shows the step open again (a new cycle of a
/// recurrent chain, a reset).
#[derive(Debug)]
pub(crate) struct ClaimBook<K> {
    in_flight: HashSet<K>,
    unsettled: Vec<(K, Option<Arc<Error>>)>,
    granted: HashMap<K, u64>,
    reads: u64,
}

impl<K> Default for ClaimBook<K> {
    fn default() -> Self {
        Self {
            in_flight: HashSet::new(),
            unsettled: Vec::new(),
            granted: HashMap::new(),
            reads: 0,
        }
    }
}

impl<K: Copy + Eq + Hash> ClaimBook<K> {
    /// Marks a claim as started; false when the same step is already being claimed.
    pub fn begin(&mut self, key: K) -> bool {
        self.in_flight.insert(key)
    }

    /// True while a claim of `key` is on its way or unsettled.
    pub fn contains(&self, key: &K) -> bool {
        self.in_flight.contains(key)
    }

    /// Ends a claim without a grant.
    pub fn finish(&mut self, key: &K) {
        self.in_flight.remove(key);
    }

    /// Numbers a read of the feature that starts now.
    pub fn begin_read(&mut self) -> u64 {
        self.reads += 1;
        self.reads
    }

    fn record_grant(&mut self, key: K) {
        self.in_flight.remove(&key);
        self.granted.insert(key, self.reads);
    }
}

/// A feature whose steps are claimed.
pub(crate) trait Claimable: FeatureState {
    /// Identifies one step: (chain, step).
    type Key: Copy + Eq + Hash + Debug + Send + Sync + 'static;
    /// What reading one chain returns.
    type Chain: Send + 'static;
    /// The claim book.
    fn book(&mut self) -> &mut ClaimBook<Self::Key>;
    /// Reads the chain holding the step again.
    fn read_chain(
        client: Client,
        key: Self::Key,
    ) -> impl Future<Output = Result<Reply<Self::Chain>, Error>> + Send + 'static;
    /// Puts a fresh chain into the resource; returns the step's items when it is done.
    fn merge_chain(&mut self, chain: Self::Chain, key: Self::Key) -> Option<Vec<GrantedItem>>;
    /// Whether the step is claimed in the data held now.
    fn is_done(&self, key: &Self::Key) -> bool;
    /// The grant's source.
    fn source(key: Self::Key, order: Option<OrderId>) -> GrantSource;
    /// The request, for failure reports.
    fn request(key: Self::Key) -> LiveOpsRequest;
}

/// Applies a claim's answer. `items` are the step's items as last read (`None` if the step was
/// not in the last read).
pub(crate) fn on_claimed<C: Claimable>(
    world: &mut World,
    key: C::Key,
    items: Option<Vec<GrantedItem>>,
    order: Option<OrderId>,
    result: Result<(), Error>,
) {
    match result {
        Ok(()) => match items {
            Some(items) => grant::<C>(world, key, order, items),
            None => reconcile::<C>(world, key, None),
        },
        Err(error) if error.is_ambiguous() => reconcile::<C>(world, key, Some(Arc::new(error))),
        Err(error) => fail::<C>(world, key, Arc::new(error)),
    }
}

/// Reports a grant once and reads the feature again.
pub(crate) fn grant<C: Claimable>(
    world: &mut World,
    key: C::Key,
    order: Option<OrderId>,
    items: Vec<GrantedItem>,
) {
    world.resource_mut::<C>().book().record_grant(key);
    world.write_message(RewardsGranted {
        source: C::source(key, order),
        items,
    });
    world.write_message(RefreshLiveOps::only(C::FEATURE));
}

fn fail<C: Claimable>(world: &mut World, key: C::Key, error: Arc<Error>) {
    world.resource_mut::<C>().book().finish(&key);
    report_failure(world, C::request(key), error);
    world.write_message(RefreshLiveOps::only(C::FEATURE));
}

/// Settles a claim of unknown outcome by reading its chain. A failed read is tried again after
/// a pause; without a usable token the check waits for one. The step stays marked as being
/// claimed meanwhile, so it is never claimed twice.
fn reconcile<C: Claimable>(world: &mut World, key: C::Key, error: Option<Arc<Error>>) {
    let wait = world.resource::<LiveOpsSettings>().offline_retry;
    let spawned = spawn_check::<C>(
        world.resource::<LiveOpsNet>(),
        world.resource::<LiveOpsSession>(),
        key,
        error.clone(),
        wait,
    );
    if !spawned {
        world
            .resource_mut::<C>()
            .book()
            .unsettled
            .push((key, error));
    }
}

fn spawn_check<C: Claimable>(
    net: &LiveOpsNet,
    session: &LiveOpsSession,
    key: C::Key,
    error: Option<Arc<Error>>,
    wait: Duration,
) -> bool {
    net.spawn(session, move |client| async move {
        let reply = C::read_chain(client, key).await;
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        Done::new(date, move |world| match reply {
            Ok(reply) => {
                let done = world.resource_mut::<C>().merge_chain(reply.value, key);
                let already = world.resource_mut::<C>().book().granted.contains_key(&key);
                match done {
                    Some(items) if !already => grant::<C>(world, key, None, items),
                    _ => {
                        // Not claimed, or claimed by an earlier claim whose grant was
                        // reported: this claim did not grant anything.
                        let error = error.unwrap_or_else(|| {
                            Arc::new(Error::InvalidInput(format!(
                                "{key:?} was not found after claiming it"
                            )))
                        });
                        fail::<C>(world, key, error);
                    }
                }
            }
            Err(_) => {
                let generation = world.resource::<LiveOpsSession>().generation();
                world
                    .resource::<LiveOpsNet>()
                    .spawn_raw(generation, async move {
                        tokio::time::sleep(wait).await;
                        Done::new(None, move |world| reconcile::<C>(world, key, error))
                    });
            }
        })
    })
}

/// Checks claims left unsettled while there was no token. Call it from the feature's dispatch.
pub(crate) fn settle_waiting<C: Claimable>(
    state: &mut C,
    net: &LiveOpsNet,
    session: &LiveOpsSession,
    settings: &LiveOpsSettings,
) {
    if !session.is_ready() || state.book().unsettled.is_empty() {
        return;
    }
    for (key, error) in std::mem::take(&mut state.book().unsettled) {
        spawn_check::<C>(net, session, key, error, settings.offline_retry);
    }
}

/// After a read numbered `read`, forgets grants of steps that read shows open again, when the
/// read started after the grant.
pub(crate) fn forget_reopened<C: Claimable>(world: &mut World, read: u64) {
    let mut state = world.resource_mut::<C>();
    let reopened: Vec<C::Key> = state
        .book()
        .granted
        .iter()
        .filter(|(_, at)| **at < read)
        .map(|(key, _)| *key)
        .collect();
    for key in reopened {
        if !state.is_done(&key) {
            state.book().granted.remove(&key);
        }
    }
}
