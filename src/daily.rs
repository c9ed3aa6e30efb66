//! Daily chains: [`DailyChainsPlugin`], the [`DailyChains`] resource and [`ClaimDailyStep`].

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::daily::{ClientDailyChain, ClientDailyStep, DailyStepStatus};
use xsolla_liveops::{Client, DailyChainId, Error, OrderId, Reply, StepNumber};

use crate::cache::DataOrigin;
use crate::claims::{ClaimBook, Claimable, after_read, claims_to_send, dispatch_claims};
use crate::core::DispatchStage;
use crate::feature::{FeatureResource, FeatureState, LiveOpsFeature, ReadState, RegisterFeature};
use crate::group::{FeaturePlugin, refuse};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsRequest};
use crate::paging::read_all;
use crate::time::ServerTime;

/// Daily login rewards: reads the player's daily chains and claims their steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyChainsPlugin;

impl Plugin for DailyChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<DailyChains>().add_systems(
            PostUpdate,
            dispatch_claims::<DailyChains>
                .run_if(claims_to_send::<DailyChains>)
                .in_set(DispatchStage::Send),
        );
    }
}

impl FeaturePlugin for DailyChainsPlugin {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::DAILY;

    fn declare(app: &mut App) {
        app.init_resource::<DailyChains>()
            .add_message::<ClaimDailyStep>();
    }

    fn refuse_requests(app: &mut App) {
        refuse::<ClaimDailyStep>(app, Self::FEATURE, |c| c.request());
    }
}

/// Claims a daily chain step. A claim of a step already being claimed is ignored.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimDailyStep {
    /// Chain.
    pub chain: DailyChainId,
    /// Step.
    pub step: StepNumber,
}

impl ClaimDailyStep {
    /// A claim of `step` of `chain`.
    pub fn new(chain: impl Into<DailyChainId>, step: impl Into<StepNumber>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }

    fn request(&self) -> LiveOpsRequest {
        LiveOpsRequest::ClaimDailyStep {
            chain: self.chain,
            step: self.step,
        }
    }
}

/// The player's daily chains, their steps and statuses.
#[derive(Resource, Default)]
pub struct DailyChains {
    /// The chains, as last read (a step the server confirmed claimed shows claimed at once).
    pub chains: Vec<ClientDailyChain>,
    /// Where [`DailyChains::chains`] came from.
    pub origin: DataOrigin,
    claims: ClaimBook<ClaimDailyStep>,
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
        self.claims.pending().map(ClaimDailyStep::request).collect()
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }
}

impl FeatureState for DailyChains {
    type Data = Vec<ClientDailyChain>;

    fn data_mut(&mut self) -> &mut Self::Data {
        &mut self.chains
    }

    fn origin_mut(&mut self) -> &mut DataOrigin {
        &mut self.origin
    }

    fn reads(&mut self) -> &mut ReadState {
        &mut self.reads
    }

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
        after_read::<DailyChains>(world, read);
    }
}

impl Claimable for DailyChains {
    type Key = ClaimDailyStep;
    type Chain = ClientDailyChain;

    fn book(&self) -> &ClaimBook<Self::Key> {
        &self.claims
    }

    fn book_mut(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
    }

    async fn claim(client: Client, key: Self::Key) -> Result<Reply<Option<OrderId>>, Error> {
        let reply = client
            .daily_chains()
            .claim(key.chain, key.step)
            .send_with_meta()
            .await?;
        Ok(reply.map(|_| None))
    }

    async fn read_chain(client: Client, key: Self::Key) -> Result<Reply<Self::Chain>, Error> {
        client.daily_chains().get(key.chain).send_with_meta().await
    }

    fn merge_chain(&mut self, chain: Self::Chain, key: Self::Key) -> Option<Vec<GrantedItem>> {
        let done = chain
            .steps
            .iter()
            .find(|s| s.step_number == key.step && s.status == DailyStepStatus::Claimed)
            .map(step_items);
        match self.chains.iter_mut().find(|c| c.id == chain.id) {
            Some(slot) => *slot = chain,
            None => self.chains.push(chain),
        }
        done
    }

    fn items(&self, key: &Self::Key) -> Option<Vec<GrantedItem>> {
        self.step(key.chain, key.step).map(step_items)
    }

    fn is_done(&self, key: &Self::Key) -> bool {
        self.step(key.chain, key.step)
            .is_some_and(|s| s.status == DailyStepStatus::Claimed)
    }

    fn mark_claimed(&mut self, key: &Self::Key) {
        if let Some(step) = self
            .chains
            .iter_mut()
            .filter(|c| c.id == key.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_number == key.step)
        {
            step.status = DailyStepStatus::Claimed;
        }
    }

    fn source(key: Self::Key, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Daily {
            chain: key.chain,
            step: key.step,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        key.request()
    }
}
