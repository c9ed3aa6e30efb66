//! Daily chains: the [`DailyChains`] resource and [`ClaimDailyReward`].

use std::collections::HashSet;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use xsolla_liveops::models::daily::{ClientDailyChain, ClientDailyStep, DailyStepStatus};
use xsolla_liveops::{Client, DailyChainId, Error, StepNumber};

use crate::cache::{self, DataOrigin};
use crate::clock::ServerClock;
use crate::net::{
    Done, Held, LiveOpsNet, LiveOpsSettings, LiveOpsStatus, report_failure, take_requests,
};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFeature, LiveOpsRequest, RewardsGranted};
use crate::refresh::{RefreshLiveOps, RefreshSchedule};
use crate::session::{LiveOpsSession, PlayerChanged};

/// Claims a daily chain step. Ignored while the same step is already being claimed.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimDailyReward {
    /// Chain.
    pub chain: DailyChainId,
    /// Step.
    pub step: StepNumber,
}

impl ClaimDailyReward {
    /// A claim of `step` of `chain`.
    pub fn new(chain: impl Into<DailyChainId>, step: impl Into<StepNumber>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }
}

/// The player's daily chains, their steps and statuses.
#[derive(Resource, Debug, Default)]
pub struct DailyChains {
    /// The chains, as last read.
    pub chains: Vec<ClientDailyChain>,
    /// Where [`DailyChains::chains`] came from.
    pub origin: DataOrigin,
    claiming: HashSet<(DailyChainId, StepNumber)>,
    /// Claims whose outcome is still to be checked once a token is back.
    unsettled: Vec<(ClaimDailyReward, Option<Arc<Error>>)>,
    loading: bool,
}

impl DailyChains {
    /// A chain by id.
    pub fn chain(&self, id: DailyChainId) -> Option<&ClientDailyChain> {
        self.chains.iter().find(|c| c.id == id)
    }

    /// A step by chain id and number.
    pub fn step(&self, chain: DailyChainId, step: StepNumber) -> Option<&ClientDailyStep> {
        self.chain(chain)?
            .steps
            .iter()
            .find(|s| s.step_number == step)
    }

    /// True while a claim of this step is on its way (disable its button).
    pub fn is_claiming(&self, chain: DailyChainId, step: StepNumber) -> bool {
        self.claiming.contains(&(chain, step))
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Steps that can be claimed now and are not being claimed.
    pub fn claimable(&self) -> impl Iterator<Item = (DailyChainId, StepNumber)> + '_ {
        self.chains.iter().flat_map(move |c| {
            c.steps
                .iter()
                .filter(|s| s.status == DailyStepStatus::Claimable)
                .map(move |s| (c.id, s.step_number))
                .filter(|key| !self.claiming.contains(key))
        })
    }

    /// The next time a step unlocks, server Unix seconds.
    pub fn next_unlock(&self, now: i64) -> Option<i64> {
        self.chains
            .iter()
            .filter_map(|c| c.next_unlock_after(now))
            .map(|t| t.0)
            .min()
    }

    /// Whether a chain's steps change by time alone at `at`: the chain starts or ends then.
    fn next_boundary(&self, now: i64) -> Option<i64> {
        let ends = self.chains.iter().filter_map(|c| {
            let end = c.date_end?.timestamp();
            (end > now).then_some(end)
        });
        self.next_unlock(now).into_iter().chain(ends).min()
    }
}

/// Sends claims and reads.
pub(crate) fn dispatch(
    mut claims: MessageReader<ClaimDailyReward>,
    mut refresh: MessageReader<RefreshLiveOps>,
    mut held: ResMut<Held<ClaimDailyReward>>,
    mut daily: ResMut<DailyChains>,
    session: Res<LiveOpsSession>,
    net: Res<LiveOpsNet>,
    settings: Res<LiveOpsSettings>,
) {
    if refresh.read().any(|r| r.includes(LiveOpsFeature::Daily)) && !daily.loading {
        daily.loading = net.spawn(&session, fetch);
    }
    if session.is_ready() && !daily.unsettled.is_empty() {
        for (claim, error) in std::mem::take(&mut daily.unsettled) {
            spawn_reconcile(&net, &session, claim, error, settings.offline_retry);
        }
    }
    for claim in take_requests(&mut claims, &mut held, &session) {
        let ClaimDailyReward { chain, step } = claim;
        if !daily.claiming.insert((chain, step)) {
            continue;
        }
        let items = daily.step(chain, step).map(step_items);
        net.spawn(&session, move |client| async move {
            let reply = client
                .daily_chains()
                .claim(chain, step)
                .send_with_meta()
                .await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            Done::new(date, move |world| {
                on_claim(world, claim, items, reply.map(|_| ()))
            })
        });
    }
}

fn step_items(step: &ClientDailyStep) -> Vec<GrantedItem> {
    step.items.iter().map(GrantedItem::from).collect()
}

async fn fetch(client: Client) -> Done {
    let first = client
        .daily_chains()
        .list()
        .limit(50)
        .send_with_meta()
        .await;
    let result = match first {
        Ok(reply) if reply.value.has_more => {
            let rest = client
                .daily_chains()
                .list()
                .offset(reply.value.items.len() as u32)
                .all()
                .await;
            rest.map(|mut rest| {
                let mut items = reply.value.items;
                items.append(&mut rest);
                (items, reply.server_date)
            })
        }
        Ok(reply) => Ok((reply.value.items, reply.server_date)),
        Err(e) => Err(e),
    };
    let date = result.as_ref().ok().and_then(|(_, d)| *d);
    Done::new(date, move |world| {
        on_fetched(world, result.map(|(items, _)| items))
    })
}

fn on_fetched(world: &mut World, result: Result<Vec<ClientDailyChain>, Error>) {
    let now = world.resource::<ServerClock>().now();
    world.resource_mut::<DailyChains>().loading = false;
    match result {
        Ok(chains) => {
            let interval = world
                .resource::<LiveOpsSettings>()
                .refresh_interval
                .as_secs() as i64;
            let next = {
                let mut daily = world.resource_mut::<DailyChains>();
                daily.chains = chains;
                daily.origin = DataOrigin::Network;
                daily.next_boundary(now)
            };
            world.resource_mut::<LiveOpsStatus>().succeeded();
            let due = next.map_or(now + interval, |b| b.min(now + interval));
            world
                .resource_mut::<RefreshSchedule>()
                .set(LiveOpsFeature::Daily, due);
            let chains = world.resource::<DailyChains>().chains.clone();
            cache::store(world, LiveOpsFeature::Daily, &chains);
        }
        Err(error) => {
            let error = Arc::new(error);
            let settings = world.resource::<LiveOpsSettings>().clone();
            let at =
                world
                    .resource_mut::<LiveOpsStatus>()
                    .failed(Arc::clone(&error), now, &settings);
            world
                .resource_mut::<RefreshSchedule>()
                .set(LiveOpsFeature::Daily, at);
            report_failure(world, LiveOpsRequest::Refresh(LiveOpsFeature::Daily), error);
        }
    }
}

fn on_claim(
    world: &mut World,
    claim: ClaimDailyReward,
    items: Option<Vec<GrantedItem>>,
    result: Result<(), Error>,
) {
    match result {
        Ok(()) => match items {
            Some(items) => grant(world, claim, items),
            // The step was not in the last read: read it to learn what was granted.
            None => reconcile(world, claim, None),
        },
        Err(error) if error.is_ambiguous() => reconcile(world, claim, Some(Arc::new(error))),
        Err(error) => {
            world
                .resource_mut::<DailyChains>()
                .claiming
                .remove(&(claim.chain, claim.step));
            report_failure(
                world,
                LiveOpsRequest::ClaimDaily {
                    chain: claim.chain,
                    step: claim.step,
                },
                error,
            );
            world.write_message(RefreshLiveOps::only(LiveOpsFeature::Daily));
        }
    }
}

fn grant(world: &mut World, claim: ClaimDailyReward, items: Vec<GrantedItem>) {
    world
        .resource_mut::<DailyChains>()
        .claiming
        .remove(&(claim.chain, claim.step));
    world.write_message(RewardsGranted {
        source: GrantSource::Daily {
            chain: claim.chain,
            step: claim.step,
        },
        items,
    });
    world.write_message(RefreshLiveOps::only(LiveOpsFeature::Daily));
}

/// The claim's outcome is unknown (or its items are): read the chain, and report the grant if
/// the step is claimed, the original error if it is not. A failed read is tried again later,
/// and without a usable token the check waits for one; the step stays marked as being claimed
/// meanwhile, so it is never claimed twice.
fn reconcile(world: &mut World, claim: ClaimDailyReward, error: Option<Arc<Error>>) {
    let wait = world.resource::<LiveOpsSettings>().offline_retry;
    let spawned = spawn_reconcile(
        world.resource::<LiveOpsNet>(),
        world.resource::<LiveOpsSession>(),
        claim,
        error.clone(),
        wait,
    );
    if !spawned {
        world
            .resource_mut::<DailyChains>()
            .unsettled
            .push((claim, error));
    }
}

fn spawn_reconcile(
    net: &LiveOpsNet,
    session: &LiveOpsSession,
    claim: ClaimDailyReward,
    error: Option<Arc<Error>>,
    wait: std::time::Duration,
) -> bool {
    net.spawn(session, move |client| async move {
        let reply = client
            .daily_chains()
            .get(claim.chain)
            .send_with_meta()
            .await;
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        Done::new(date, move |world| match reply {
            Ok(reply) => settle(world, claim, reply.value, error),
            Err(_) => {
                let generation = world.resource::<LiveOpsSession>().generation();
                world
                    .resource::<LiveOpsNet>()
                    .spawn_raw(generation, async move {
                        tokio::time::sleep(wait).await;
                        Done::new(None, move |world| reconcile(world, claim, error))
                    });
            }
        })
    })
}

fn settle(
    world: &mut World,
    claim: ClaimDailyReward,
    chain: ClientDailyChain,
    error: Option<Arc<Error>>,
) {
    let step = chain
        .steps
        .iter()
        .find(|s| s.step_number == claim.step)
        .cloned();
    replace_chain(world, chain);
    match step {
        Some(step) if step.status == DailyStepStatus::Claimed => {
            grant(world, claim, step_items(&step))
        }
        _ => {
            world
                .resource_mut::<DailyChains>()
                .claiming
                .remove(&(claim.chain, claim.step));
            let error = error.unwrap_or_else(|| {
                Arc::new(Error::InvalidInput(format!(
                    "step {} of daily chain {} was not found",
                    claim.step, claim.chain
                )))
            });
            report_failure(
                world,
                LiveOpsRequest::ClaimDaily {
                    chain: claim.chain,
                    step: claim.step,
                },
                error,
            );
        }
    }
}

fn replace_chain(world: &mut World, chain: ClientDailyChain) {
    let mut daily = world.resource_mut::<DailyChains>();
    match daily.chains.iter_mut().find(|c| c.id == chain.id) {
        Some(slot) => *slot = chain,
        None => daily.chains.push(chain),
    }
}

/// Clears the previous player's chains.
pub(crate) fn reset_on_player_change(
    mut changed: MessageReader<PlayerChanged>,
    mut daily: ResMut<DailyChains>,
) {
    if changed.read().last().is_some() {
        *daily = DailyChains::default();
    }
}

/// Shows cached chains until the network answers.
pub(crate) fn restore(world: &mut World, chains: Vec<ClientDailyChain>) {
    let mut daily = world.resource_mut::<DailyChains>();
    if daily.origin == DataOrigin::None {
        daily.chains = chains;
        daily.origin = DataOrigin::Cache;
    }
}
