//! Daily chains: [`DailyChainsPlugin`], the [`DailyChains`] resource, and claims of their
//! steps ([`ClaimDailyStep`]) on the shared request lifecycle.

use std::future::Future;
use std::time::Duration;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::daily::{ClientDailyChain, ClientDailyStep, DailyStepStatus};
use xsolla_liveops::{Client, DailyChainId, Error, OrderId, Reply, StepNumber};

use crate::cache::DataOrigin;
use crate::claims::{self, GrantLedger, StepClaim};
use crate::error::LiveOpsError;
use crate::feature::{
    FeaturePlugin, FeatureResource, FeatureState, ReadState, RegisterFeature, feature_data,
};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{ClaimDailyStep, LiveOpsRequest};
use crate::outcome::{GrantSource, GrantedItem};
use crate::paging::read_all;
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind};
use crate::runtime::MaybeSend;
use crate::time::ServerTime;

/// Daily login rewards: reads the player's daily chains and claims their steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyChainsPlugin;

impl Plugin for DailyChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<DailyChains>();
        add_kind::<ClaimDailyStep>(app);
    }
}

impl FeaturePlugin for DailyChainsPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<DailyChains>();
    }
}

/// The player's daily chains, their steps and statuses.
#[derive(Resource, Default)]
pub struct DailyChains {
    /// The chains, as last read (a step the server confirmed claimed shows claimed at once).
    pub chains: Vec<ClientDailyChain>,
    /// Where [`DailyChains::chains`] came from.
    pub origin: DataOrigin,
    claims: RequestBook<ClaimDailyStep>,
    granted: GrantLedger<ClaimDailyStep>,
    reads: ReadState,
}

impl std::fmt::Debug for DailyChains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyChains")
            .field("chains", &self.chains.len())
            .field("origin", &self.origin)
            .field("loading", &self.reads.loading)
            .finish()
    }
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

    /// True while a claim of this step waits or is on its way (disable its button).
    pub fn is_claiming(&self, chain: DailyChainId, step: StepNumber) -> bool {
        self.claims.contains(&ClaimDailyStep { chain, step })
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }

    /// Steps that can be claimed now and are not being claimed.
    pub fn claimable(&self) -> impl Iterator<Item = (DailyChainId, StepNumber)> + '_ {
        self.chains.iter().flat_map(move |c| {
            c.steps
                .iter()
                .filter(|s| s.status == DailyStepStatus::Claimable)
                .map(move |s| (c.id, s.step_number))
                .filter(|&(chain, step)| !self.is_claiming(chain, step))
        })
    }

    /// The first step [`claimable`](Self::claimable) would give, if any.
    pub fn next_claimable(&self) -> Option<(DailyChainId, StepNumber)> {
        self.claimable().next()
    }

    /// The next time a step unlocks.
    pub fn next_unlock(&self, now: ServerTime) -> Option<ServerTime> {
        self.chains
            .iter()
            .filter_map(|c| c.next_unlock_after(now.unix_seconds()))
            .map(ServerTime::from)
            .min()
    }
}

fn step_items(step: &ClientDailyStep) -> Vec<GrantedItem> {
    step.items.iter().map(GrantedItem::from).collect()
}

impl FeatureResource for DailyChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::DAILY;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        self.claims.pending().map(|c| (*c).into()).collect()
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }

    fn ready(&self) -> Vec<LiveOpsRequest> {
        self.chains
            .iter()
            .flat_map(|c| {
                c.steps
                    .iter()
                    .filter(|s| s.status == DailyStepStatus::Claimable)
                    .map(|s| ClaimDailyStep::new(c.id, s.step_number).into())
            })
            .collect()
    }

    fn loaded(&self) -> bool {
        self.origin == DataOrigin::Network
    }
}

impl FeatureState for DailyChains {
    type Data = Vec<ClientDailyChain>;

    feature_data!(chains);

    async fn read(client: Client) -> Result<Reply<Self::Data>, Error> {
        read_all(50, |offset, limit| {
            client
                .daily_chains()
                .list()
                .offset(offset)
                .limit(limit)
                .send_with_meta()
        })
        .await
    }

    fn next_boundary(&self, now: ServerTime) -> Option<ServerTime> {
        let ends = self
            .chains
            .iter()
            .filter_map(|c| c.date_end.map(ServerTime::from))
            .filter(|&end| end > now);
        self.next_unlock(now).into_iter().chain(ends).min()
    }

    fn after_fetch(world: &mut World, read: u64) {
        claims::after_read::<ClaimDailyStep>(world, read);
    }
}

/// A daily claim: `POST …/daily_chain/{id}/step/{n}/claim`; the step's items as the player
/// saw them are granted. After an ambiguous answer the chain is read: a step it shows claimed
/// was granted by this claim.
impl RequestKind for ClaimDailyStep {
    type Feature = DailyChains;
    type Message = Self;
    type Key = Self;
    type Payload = ();
    type Context = Option<Vec<GrantedItem>>;
    type Answer = ();
    type Check = ClientDailyChain;

    fn book(feature: &DailyChains) -> &RequestBook<Self> {
        &feature.claims
    }

    fn book_mut(feature: &mut DailyChains) -> &mut RequestBook<Self> {
        &mut feature.claims
    }

    fn admit(world: &mut World, claim: &Self) -> Option<Entry<Self>> {
        claims::admit(world, claim)
    }

    fn context(daily: &DailyChains, entry: &Entry<Self>) -> Self::Context {
        daily.step(entry.key.chain, entry.key.step).map(step_items)
    }

    fn send(
        client: Client,
        entry: &Entry<Self>,
        _: &Self::Context,
    ) -> impl Future<Output = Result<Reply<()>, Error>> + MaybeSend + 'static {
        let claim = entry.key;
        async move {
            let reply = client
                .daily_chains()
                .claim(claim.chain, claim.step)
                .send_with_meta()
                .await?;
            Ok(reply.map(|_| ()))
        }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, items: Self::Context, (): ()) {
        claims::claimed(world, entry.key, items, None);
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        _: &Self::Context,
    ) -> Option<impl Future<Output = Result<Reply<ClientDailyChain>, Error>> + MaybeSend + 'static>
    {
        let chain = entry.key.chain;
        Some(async move { client.daily_chains().get(chain).send_with_meta().await })
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        _: Self::Context,
        chain: ClientDailyChain,
        error: LiveOpsError,
    ) {
        let done = world.resource_mut::<DailyChains>().merge(chain, entry.key);
        claims::settled(world, entry.key, done, error);
    }

    fn too_early(world: &World, entry: &Entry<Self>, error: &LiveOpsError) -> Option<Duration> {
        let step = world
            .resource::<DailyChains>()
            .step(entry.key.chain, entry.key.step)?;
        claims::too_early(world, step.unlocked_date.into(), error)
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        claims::refused(world, entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        entry.key.into()
    }
}

impl StepClaim for ClaimDailyStep {
    fn ledger(daily: &mut DailyChains) -> &mut GrantLedger<Self> {
        &mut daily.granted
    }

    fn mark_claimed(daily: &mut DailyChains, claim: Self) {
        if let Some(step) = daily
            .chains
            .iter_mut()
            .filter(|c| c.id == claim.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_number == claim.step)
        {
            step.status = DailyStepStatus::Claimed;
        }
    }

    fn is_claimed(daily: &DailyChains, claim: Self) -> bool {
        daily
            .step(claim.chain, claim.step)
            .is_some_and(|s| s.status == DailyStepStatus::Claimed)
    }

    fn source(self, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Daily {
            chain: self.chain,
            step: self.step,
        }
    }
}

impl DailyChains {
    /// Puts a freshly read chain in place; the claimed step's items when it shows claimed.
    fn merge(
        &mut self,
        chain: ClientDailyChain,
        claim: ClaimDailyStep,
    ) -> Option<Vec<GrantedItem>> {
        let done = chain
            .steps
            .iter()
            .find(|s| s.step_number == claim.step && s.status == DailyStepStatus::Claimed)
            .map(step_items);
        match self.chains.iter_mut().find(|c| c.id == chain.id) {
            Some(slot) => *slot = chain,
            None => self.chains.push(chain),
        }
        done
    }
}
