//! Step claims (daily, offer and reward chains) on the shared request lifecycle: what a grant
//! is, and the ledger that keeps one from being reported twice.
//!
//! - A step the server confirmed is shown claimed at once, and stays so even when a read that
//!   started before the claim lands after it.
//! - A claim settled by a read reports the step's items as granted when the read shows it
//!   claimed, once; a step whose grant was already reported granted nothing more.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::Duration;

use bevy_ecs::prelude::*;
use xsolla_liveops::{ApiError, OrderId};

use crate::clock::ServerClock;
use crate::error::LiveOpsError;
use crate::feature::{FeatureResource, FeatureState};
use crate::messages::RefreshLiveOps;
use crate::outcome::{GrantSource, GrantedItem, RewardsGranted, emit};
use crate::requests::book::{Entry, Unsettled};
use crate::requests::{RequestKind, fail, reconcile};
use crate::time::ServerTime;

/// A claim of one step: the claim message is the request's key.
pub(crate) trait StepClaim:
    RequestKind<
        Message = Self,
        Key = Self,
        Payload = (),
        Context = Option<Vec<GrantedItem>>,
        Feature: FeatureState,
    > + Copy
    + Eq
    + Hash
{
    /// The feature's grant ledger.
    fn ledger(feature: &mut Self::Feature) -> &mut GrantLedger<Self>;
    /// Shows the step claimed in the data held now.
    fn mark_claimed(feature: &mut Self::Feature, step: Self);
    /// Whether the step shows claimed in the data held now.
    fn is_claimed(feature: &Self::Feature, step: Self) -> bool;
    /// Where a grant of this step came from.
    fn source(self, order: Option<OrderId>) -> GrantSource;
}

/// Grants the server confirmed, with the number of the latest read started before each: an
/// entry is forgotten once a read started after the grant shows the step open again (a new
/// cycle, a reset).
pub(crate) struct GrantLedger<K> {
    granted: HashMap<K, u64>,
}

impl<K> Default for GrantLedger<K> {
    fn default() -> Self {
        Self {
            granted: HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + Hash> GrantLedger<K> {
    /// True when the server confirmed a claim of `key` that no later read has shown open.
    pub fn contains(&self, key: &K) -> bool {
        self.granted.contains_key(key)
    }
}

/// A claim message as a request; a step whose grant was already reported needs none.
pub(crate) fn admit<C: StepClaim>(world: &mut World, claim: &C) -> Option<Entry<C>> {
    let mut feature = world.resource_mut::<C::Feature>();
    (!C::ledger(&mut feature).contains(claim)).then_some(Entry {
        key: *claim,
        payload: (),
    })
}

/// A claim the server accepted: its items are reported, or, when the step was not in the
/// data the claim was made from, they are read first.
pub(crate) fn claimed<C: StepClaim>(
    world: &mut World,
    claim: C,
    items: Option<Vec<GrantedItem>>,
    order: Option<OrderId>,
) {
    match items {
        Some(items) => grant(world, claim, order, items),
        None => reconcile::<C>(
            world,
            Unsettled {
                entry: Entry {
                    key: claim,
                    payload: (),
                },
                context: None,
                error: LiveOpsError::Unconfirmed,
                attempt: 0,
            },
        ),
    }
}

/// Shows a step the server granted claimed at once, and keeps it so against reads that
/// started before the grant.
pub(crate) fn show_granted<C: StepClaim>(feature: &mut C::Feature, claim: C) {
    let read = feature.reads().started;
    C::ledger(feature).granted.insert(claim, read);
    C::mark_claimed(feature, claim);
}

/// Reports a grant once, shows the step claimed at once, and reads the feature again.
pub(crate) fn grant<C: StepClaim>(
    world: &mut World,
    claim: C,
    order: Option<OrderId>,
    items: Vec<GrantedItem>,
) {
    show_granted(&mut *world.resource_mut::<C::Feature>(), claim);
    emit(
        world,
        RewardsGranted {
            source: claim.source(order),
            items,
        },
    );
    world.write_message(RefreshLiveOps::only(C::Feature::FEATURE));
}

/// A check read the step: claimed and not yet reported → granted; otherwise the claim granted
/// nothing and fails with the error its answer had.
pub(crate) fn settled<C: StepClaim>(
    world: &mut World,
    claim: C,
    done: Option<Vec<GrantedItem>>,
    error: LiveOpsError,
) {
    let already = C::ledger(&mut world.resource_mut::<C::Feature>()).contains(&claim);
    match done {
        Some(items) if !already => grant(world, claim, None, items),
        _ => refused::<C>(
            world,
            Entry {
                key: claim,
                payload: (),
            },
            error,
        ),
    }
}

/// How close to its unlock a claim refused as not claimable counts as a moment too early.
const EARLY_WINDOW: Duration = Duration::from_secs(1);
/// How long after the unlock (by the plugin's clock, which is never ahead of the server's) a
/// claim that came too early goes again.
const EARLY_MARGIN: Duration = Duration::from_secs(1);

/// A claim of a step unlocking at `unlock`, refused as not claimable within a second of that
/// time, came a moment before the server's clock reached it: the wait before sending it again.
pub(crate) fn too_early(
    world: &World,
    unlock: ServerTime,
    error: &LiveOpsError,
) -> Option<Duration> {
    if !error.api().is_some_and(ApiError::is_step_not_claimable) {
        return None;
    }
    let now = world.resource::<ServerClock>().now();
    let before = unlock.saturating_duration_since(now);
    let after = now.saturating_duration_since(unlock);
    (before <= EARLY_WINDOW && after <= EARLY_WINDOW).then_some(before + EARLY_MARGIN)
}

/// A claim that failed: reported, and the feature is read again.
pub(crate) fn refused<C: StepClaim>(world: &mut World, entry: Entry<C>, error: LiveOpsError) {
    fail::<C>(world, &entry, error);
    world.write_message(RefreshLiveOps::only(C::Feature::FEATURE));
}

/// After the read numbered `read`: steps whose grant came after that read started are shown
/// claimed again (the read was older than the claim), and grants of steps that a later read
/// shows open again are forgotten.
pub(crate) fn after_read<C: StepClaim>(world: &mut World, read: u64) {
    let mut feature = world.resource_mut::<C::Feature>();
    let entries: Vec<(C, u64)> = C::ledger(&mut feature)
        .granted
        .iter()
        .map(|(k, at)| (*k, *at))
        .collect();
    for (claim, at) in entries {
        if read <= at {
            C::mark_claimed(&mut feature, claim);
        } else if !C::is_claimed(&feature, claim) {
            C::ledger(&mut feature).granted.remove(&claim);
        }
    }
}
