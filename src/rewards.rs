//! Reward chains and value points: [`RewardChainsPlugin`], the [`RewardChains`] resource and
//! [`ClaimRewardStep`].

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::rewards::{ClientRewardChain, ClientRewardStep, RewardChainItem};
use xsolla_liveops::{Client, Error, OrderId, Reply, RewardChainId, StepId};

use crate::cache::DataOrigin;
use crate::claims::{ClaimBook, Claimable, after_read, claims_to_send, dispatch_claims};
use crate::core::DispatchStage;
use crate::feature::{FeatureResource, FeatureState, LiveOpsFeature, ReadState, RegisterFeature};
use crate::group::{FeaturePlugin, refuse};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsRequest, RewardsGranted};
use crate::paging::read_all;
use crate::refresh::RefreshLiveOps;
use crate::time::ServerTime;

/// Reward chains: reads the player's chains and value-point balances and claims steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct RewardChainsPlugin;

impl Plugin for RewardChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<RewardChains>()
            .add_systems(
                PostUpdate,
                dispatch_claims::<RewardChains>
                    .run_if(claims_to_send::<RewardChains>)
                    .in_set(DispatchStage::Send),
            )
            .add_systems(
                PostUpdate,
                read_after_grants
                    .run_if(on_message::<RewardsGranted>)
                    .in_set(DispatchStage::Plan),
            );
    }
}

impl FeaturePlugin for RewardChainsPlugin {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::REWARDS;

    fn declare(app: &mut App) {
        app.init_resource::<RewardChains>()
            .add_message::<ClaimRewardStep>();
    }

    fn refuse_requests(app: &mut App) {
        refuse::<ClaimRewardStep>(app, Self::FEATURE, |c| c.request());
    }
}

/// Claims a reward chain step once the value-point balance reaches its price.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimRewardStep {
    /// Chain.
    pub chain: RewardChainId,
    /// Step.
    pub step: StepId,
}

impl ClaimRewardStep {
    /// A claim of `step` of `chain`.
    pub fn new(chain: impl Into<RewardChainId>, step: impl Into<StepId>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }

    fn request(&self) -> LiveOpsRequest {
        LiveOpsRequest::ClaimRewardStep {
            chain: self.chain,
            step: self.step,
        }
    }
}

/// The player's reward chains, with their value-point balances.
#[derive(Resource, Default)]
pub struct RewardChains {
    /// The chains, as last read; each carries the player's balance (a step the server
    /// confirmed claimed shows claimed at once).
    pub chains: Vec<ClientRewardChain>,
    /// Where [`RewardChains::chains`] came from.
    pub origin: DataOrigin,
    claims: ClaimBook<ClaimRewardStep>,
    reads: ReadState,
}

impl std::fmt::Debug for RewardChains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RewardChains")
            .field("chains", &self.chains.len())
            .field("origin", &self.origin)
            .finish()
    }
}

impl RewardChains {
    /// A chain by id.
    pub fn chain(&self, id: RewardChainId) -> Option<&ClientRewardChain> {
        self.chains.iter().find(|c| c.reward_chain_id == id)
    }

    /// The player's value points on a chain.
    pub fn balance(&self, id: RewardChainId) -> Option<i64> {
        self.chain(id).map(ClientRewardChain::balance)
    }

    /// True while a claim of this step waits or is on its way.
    pub fn is_claiming(&self, chain: RewardChainId, step: StepId) -> bool {
        self.claims.contains(&ClaimRewardStep { chain, step })
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }

    /// Steps whose price the balance has reached, not claimed and not being claimed.
    pub fn claimable(&self) -> impl Iterator<Item = (RewardChainId, StepId)> + '_ {
        self.chains.iter().flat_map(move |c| {
            c.claimable_steps(c.balance())
                .map(move |s| (c.reward_chain_id, s.step_id))
                .filter(|&(chain, step)| !self.is_claiming(chain, step))
        })
    }

    /// The first step [`claimable`](Self::claimable) would give, if any.
    pub fn next_claimable(&self) -> Option<(RewardChainId, StepId)> {
        self.claimable().next()
    }
}

/// Items granted anywhere (a daily step, an offer, a coupon) may earn value points: the chains
/// are read again after every grant that did not come from a reward step (those read again
/// already).
fn read_after_grants(
    mut granted: MessageReader<RewardsGranted>,
    mut refresh: MessageWriter<RefreshLiveOps>,
) {
    let elsewhere = granted
        .read()
        .any(|g| !matches!(g.source, GrantSource::Reward { .. }));
    if elsewhere {
        refresh.write(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
    }
}

fn granted(item: &RewardChainItem) -> GrantedItem {
    GrantedItem {
        sku: item.sku.clone(),
        name: item.name.clone(),
        quantity: item.quantity,
        item_type: item
            .item_type
            .clone()
            .unwrap_or(ItemType::Other(String::new())),
        image_url: item.image_url.clone(),
        description: item.description.clone(),
        contents: Vec::new(),
    }
}

fn step_items(step: &ClientRewardStep) -> Vec<GrantedItem> {
    step.reward.iter().map(granted).collect()
}

impl FeatureResource for RewardChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::REWARDS;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        self.claims
            .pending()
            .map(ClaimRewardStep::request)
            .collect()
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }
}

impl FeatureState for RewardChains {
    type Data = Vec<ClientRewardChain>;

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
                .reward_chains()
                .list()
                .offset(offset)
                .limit(limit)
                .send_with_meta()
        })
        .await
    }

    fn next_boundary(&self, now: ServerTime) -> Option<ServerTime> {
        self.chains
            .iter()
            .flat_map(|c| {
                [
                    c.recurrent_schedule
                        .as_ref()
                        .and_then(|s| s.reset_next_date)
                        .map(ServerTime::from),
                    c.date_end.map(ServerTime::from),
                ]
            })
            .flatten()
            .filter(|&t| t > now)
            .min()
    }

    fn after_fetch(world: &mut World, read: u64) {
        after_read::<RewardChains>(world, read);
    }
}

impl Claimable for RewardChains {
    type Key = ClaimRewardStep;
    type Chain = Vec<ClientRewardChain>;

    fn book(&self) -> &ClaimBook<Self::Key> {
        &self.claims
    }

    fn book_mut(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
    }

    async fn claim(client: Client, key: Self::Key) -> Result<Reply<Option<OrderId>>, Error> {
        let reply = client
            .reward_chains()
            .claim(key.chain, key.step)
            .send_with_meta()
            .await?;
        Ok(reply.map(|_| None))
    }

    /// The client API has no single-chain read: the list is read and merged.
    async fn read_chain(client: Client, _key: Self::Key) -> Result<Reply<Self::Chain>, Error> {
        Self::read(client).await
    }

    fn merge_chain(&mut self, chains: Self::Chain, key: Self::Key) -> Option<Vec<GrantedItem>> {
        for chain in chains {
            match self
                .chains
                .iter_mut()
                .find(|c| c.reward_chain_id == chain.reward_chain_id)
            {
                Some(slot) => *slot = chain,
                None => self.chains.push(chain),
            }
        }
        self.chain(key.chain)?
            .step(key.step)
            .filter(|s| s.is_claimed)
            .map(step_items)
    }

    fn items(&self, key: &Self::Key) -> Option<Vec<GrantedItem>> {
        self.chain(key.chain)
            .and_then(|c| c.step(key.step))
            .map(step_items)
    }

    fn is_done(&self, key: &Self::Key) -> bool {
        self.chain(key.chain)
            .and_then(|c| c.step(key.step))
            .is_some_and(|s| s.is_claimed)
    }

    fn mark_claimed(&mut self, key: &Self::Key) {
        if let Some(step) = self
            .chains
            .iter_mut()
            .filter(|c| c.reward_chain_id == key.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_id == key.step)
        {
            step.is_claimed = true;
        }
    }

    fn source(key: Self::Key, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Reward {
            chain: key.chain,
            step: key.step,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        key.request()
    }
}
