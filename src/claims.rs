//! Claim safety, shared by every feature that claims steps.
//!
//! - One claim in flight per step; a claim written again meanwhile is a duplicate.
//! - A claim refused with 401 (the server did nothing) waits for the player's next token and
//!   goes out once more.
//! - After an ambiguous failure (timeout, 5xx, dropped connection) the chain is read again: a
//!   step found claimed is reported as granted, once; otherwise the failure is reported.
//! - A step the server confirmed is shown claimed at once, and stays so even when a read that
//!   started before the claim lands after it.

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use xsolla_liveops::{Client, Error, OrderId, Reply};

use crate::core::LiveOpsSettings;
use crate::error::LiveOpsError;
use crate::feature::FeatureState;
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFailed, LiveOpsRequest, RewardsGranted};
use crate::refresh::RefreshLiveOps;
use crate::requests::{Admission, RequestBook};
use crate::runtime::{Done, LiveOpsRuntime, note_rejection, report_failure};
use crate::session::{Credentials, LiveOpsSession};

/// The claims of one feature: those waiting or on their way, those whose outcome must be
/// settled once a token is back, and the grants already reported.
///
/// The grant ledger keeps a grant from being reported twice: a claim sent from stale data for
/// a step that an earlier claim already took, whose answer is lost, finds the step claimed when
/// it is settled; the ledger says that grant was already reported. An entry is forgotten once
/// a read started after the grant shows the step open again (a new cycle, a reset).
pub(crate) struct ClaimBook<K> {
    requests: RequestBook<K>,
    unsettled: Vec<(K, Option<LiveOpsError>)>,
    granted: HashMap<K, u64>,
}

impl<K> Default for ClaimBook<K> {
    fn default() -> Self {
        Self {
            requests: RequestBook::default(),
            unsettled: Vec::new(),
            granted: HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + Hash> ClaimBook<K> {
    /// True while a claim of `key` waits, is on its way or is being settled.
    pub fn contains(&self, key: &K) -> bool {
        self.requests.contains(key)
    }

    /// True when the server confirmed a claim of `key` that no later read has shown open.
    pub fn was_granted(&self, key: &K) -> bool {
        self.granted.contains_key(key)
    }

    /// Every claim waiting, on its way or being settled.
    pub fn pending(&self) -> impl Iterator<Item = &K> {
        self.requests.pending()
    }

    fn has_work(&self) -> bool {
        self.requests.has_held() || !self.unsettled.is_empty()
    }
}

/// A feature whose steps are claimed; its claim message is its key.
pub(crate) trait Claimable: FeatureState {
    /// One claim: (chain, step). Also the request message.
    type Key: Message + Copy + Eq + Hash + Debug + Send + Sync + 'static;
    /// What reading one chain returns.
    type Chain: Send + 'static;
    /// The claim book.
    fn book(&self) -> &ClaimBook<Self::Key>;
    /// The claim book, to change.
    fn book_mut(&mut self) -> &mut ClaimBook<Self::Key>;
    /// Sends the claim; the order that granted it, when the server names one.
    fn claim(
        client: Client,
        key: Self::Key,
    ) -> impl Future<Output = Result<Reply<Option<OrderId>>, Error>> + Send;
    /// Reads the chain holding the step again.
    fn read_chain(
        client: Client,
        key: Self::Key,
    ) -> impl Future<Output = Result<Reply<Self::Chain>, Error>> + Send;
    /// Puts a fresh chain into the resource; returns the step's items when it is claimed.
    fn merge_chain(&mut self, chain: Self::Chain, key: Self::Key) -> Option<Vec<GrantedItem>>;
    /// The step's items as last read.
    fn items(&self, key: &Self::Key) -> Option<Vec<GrantedItem>>;
    /// Whether the step is claimed in the data held now.
    fn is_done(&self, key: &Self::Key) -> bool;
    /// Shows the step claimed in the data held now.
    fn mark_claimed(&mut self, key: &Self::Key);
    /// Whether something else about the step (an order) keeps it from being claimed now.
    fn blocks_claim(&self, _key: &Self::Key) -> bool {
        false
    }
    /// The grant's source.
    fn source(key: Self::Key, order: Option<OrderId>) -> GrantSource;
    /// The request, for failure reports.
    fn request(key: Self::Key) -> LiveOpsRequest;
}

/// Whether claims wait to be sent or settled, or new ones were written.
pub(crate) fn claims_to_send<C: Claimable>(
    new: Res<Messages<C::Key>>,
    state: Res<C>,
    session: Res<LiveOpsSession>,
) -> bool {
    !new.is_empty() || (session.is_ready() && state.book().has_work())
}

/// Sends new claims, claims that waited for a token, and checks of unsettled claims.
pub(crate) fn dispatch_claims<C: Claimable>(
    mut new: MessageReader<C::Key>,
    mut state: ResMut<C>,
    session: Res<LiveOpsSession>,
    runtime: Res<LiveOpsRuntime>,
    settings: Res<LiveOpsSettings>,
    mut failed: MessageWriter<LiveOpsFailed>,
) {
    let state = &mut *state;
    let mut unsent = Vec::new();
    if session.is_ready() {
        for (key, error) in std::mem::take(&mut state.book_mut().unsettled) {
            settle::<C>(state, &runtime, &session, key, error, &settings);
        }
        for released in state.book_mut().requests.release(&session) {
            let key = released.key;
            if let Err(e) = send::<C>(state, &runtime, key, &released.credentials, released.resent)
            {
                unsent.push((key, e));
            }
        }
    }
    for &key in new.read() {
        if state.blocks_claim(&key) || state.book().was_granted(&key) {
            continue;
        }
        match state.book_mut().requests.admit(key, (), &session) {
            Admission::Send(credentials, ()) => {
                if let Err(e) = send::<C>(state, &runtime, key, &credentials, false) {
                    unsent.push((key, e));
                }
            }
            Admission::Held | Admission::Duplicate => {}
            Admission::Refused(error) => unsent.push((key, error)),
        }
    }
    for (key, error) in unsent {
        failed.write(LiveOpsFailed {
            request: C::request(key),
            error,
        });
    }
}

/// What a claim's answer is applied with.
struct Sent<K> {
    key: K,
    items: Option<Vec<GrantedItem>>,
    player: Arc<str>,
    serial: u64,
    resent: bool,
}

fn send<C: Claimable>(
    state: &mut C,
    runtime: &LiveOpsRuntime,
    key: C::Key,
    credentials: &Credentials,
    resent: bool,
) -> Result<(), LiveOpsError> {
    let sent = Sent {
        key,
        items: state.items(&key),
        player: credentials.player.clone(),
        serial: credentials.serial,
        resent,
    };
    let result = runtime.send(credentials, move |client| async move {
        let reply = C::claim(client, key).await;
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        Done::new(date, move |world| {
            on_claimed::<C>(world, sent, reply.map(|r| r.value))
        })
    });
    if result.is_err() {
        state.book_mut().requests.finish(&key);
    }
    result
}

/// Applies a claim's answer.
fn on_claimed<C: Claimable>(
    world: &mut World,
    sent: Sent<C::Key>,
    result: Result<Option<OrderId>, Error>,
) {
    let key = sent.key;
    match result {
        Ok(order) => match sent.items {
            Some(items) => grant::<C>(world, key, order, items),
            None => reconcile::<C>(world, key, None),
        },
        Err(error) => {
            let error = LiveOpsError::from(error);
            if error.is_unauthorized() {
                note_rejection(world, &error, Some(sent.serial));
                let held = world.resource_mut::<C>().book_mut().requests.hold_again(
                    key,
                    (),
                    sent.player,
                    sent.resent,
                );
                if held {
                    // The server did nothing: the claim goes out again with the next token.
                    return;
                }
                fail::<C>(world, key, error, None);
            } else if error.is_ambiguous() {
                reconcile::<C>(world, key, Some(error));
            } else {
                fail::<C>(world, key, error, Some(sent.serial));
            }
        }
    }
}

/// Reports a grant once, shows the step claimed at once, and reads the feature again.
fn grant<C: Claimable>(
    world: &mut World,
    key: C::Key,
    order: Option<OrderId>,
    items: Vec<GrantedItem>,
) {
    {
        let mut state = world.resource_mut::<C>();
        let read = state.reads().started;
        let book = state.book_mut();
        book.requests.finish(&key);
        book.granted.insert(key, read);
        state.mark_claimed(&key);
    }
    world.write_message(RewardsGranted {
        source: C::source(key, order),
        items,
    });
    world.write_message(RefreshLiveOps::only(C::FEATURE));
}

fn fail<C: Claimable>(world: &mut World, key: C::Key, error: LiveOpsError, serial: Option<u64>) {
    world.resource_mut::<C>().book_mut().requests.finish(&key);
    report_failure(world, C::request(key), error, serial);
    world.write_message(RefreshLiveOps::only(C::FEATURE));
}

/// Settles a claim of unknown outcome by reading its chain; without a usable token the check
/// waits for one. The step stays marked as being claimed meanwhile, so it is never claimed
/// twice.
fn reconcile<C: Claimable>(world: &mut World, key: C::Key, error: Option<LiveOpsError>) {
    world.resource_scope(|world, mut state: Mut<C>| {
        let settings = world.resource::<LiveOpsSettings>();
        settle::<C>(
            &mut state,
            world.resource::<LiveOpsRuntime>(),
            world.resource::<LiveOpsSession>(),
            key,
            error,
            settings,
        );
    });
}

fn settle<C: Claimable>(
    state: &mut C,
    runtime: &LiveOpsRuntime,
    session: &LiveOpsSession,
    key: C::Key,
    error: Option<LiveOpsError>,
    settings: &LiveOpsSettings,
) {
    state.book_mut().requests.mark_in_flight(key);
    let Some(credentials) = session.credentials() else {
        state.book_mut().unsettled.push((key, error));
        return;
    };
    let wait = settings.offline_retry;
    let generation = credentials.generation;
    let checked = runtime.send(&credentials, move |client| async move {
        let reply = C::read_chain(client, key).await;
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        Done::new(date, move |world| match reply {
            Ok(reply) => {
                let mut state = world.resource_mut::<C>();
                let done = state.merge_chain(reply.value, key);
                let already = state.book().was_granted(&key);
                match done {
                    Some(items) if !already => grant::<C>(world, key, None, items),
                    _ => {
                        // Not claimed, or claimed by an earlier claim whose grant was
                        // reported: this claim granted nothing.
                        fail::<C>(world, key, error.unwrap_or(LiveOpsError::Unconfirmed), None);
                    }
                }
            }
            Err(_) => {
                // The check itself failed: try again after a pause.
                let _ = world
                    .resource::<LiveOpsRuntime>()
                    .spawn(generation, async move {
                        tokio::time::sleep(wait).await;
                        Done::new(None, move |world| reconcile::<C>(world, key, error))
                    });
            }
        })
    });
    if let Err(e) = checked {
        state.book_mut().requests.finish(&key);
        tracing::debug!(error = %e, "LiveOps claim left unsettled: the runtime is not running");
    }
}

/// After the read numbered `read`: steps whose grant came after that read started are shown
/// claimed again (the read was older than the claim), and grants of steps that a later read
/// shows open again are forgotten.
pub(crate) fn after_read<C: Claimable>(world: &mut World, read: u64) {
    let mut state = world.resource_mut::<C>();
    let entries: Vec<(C::Key, u64)> = state
        .book()
        .granted
        .iter()
        .map(|(k, at)| (*k, *at))
        .collect();
    for (key, at) in entries {
        if read <= at {
            state.mark_claimed(&key);
        } else if !state.is_done(&key) {
            state.book_mut().granted.remove(&key);
        }
    }
}
