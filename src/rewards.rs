//! Reward chains and value points: [`RewardChainsPlugin`], the [`RewardChains`] resource, and
//! claims of their steps ([`ClaimRewardStep`]) on the shared request lifecycle.

use std::future::Future;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::rewards::{ClientRewardChain, ClientRewardStep, RewardChainItem};
use xsolla_liveops::{Client, Error, OrderId, Reply, RewardChainId, StepId};

use crate::cache::DataOrigin;
use crate::claims::{self, GrantLedger, StepClaim};
use crate::error::LiveOpsError;
use crate::feature::{
    FeaturePlugin, FeatureResource, FeatureState, ReadState, RegisterFeature, feature_data,
};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{ClaimRewardStep, LiveOpsRequest, RefreshLiveOps};
use crate::outcome::{GrantSource, GrantedItem, RewardsGranted};
use crate::paging::read_all;
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind};
use crate::runtime::MaybeSend;
use crate::sets::DispatchSystems;
use crate::time::ServerTime;

/// Reward chains: reads the player's chains and value-point balances and claims steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct RewardChainsPlugin;

impl Plugin for RewardChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<RewardChains>().add_systems(
            PostUpdate,
            read_after_grants
                .run_if(on_message::<RewardsGranted>)
                .in_set(DispatchSystems::Plan),
        );
        add_kind::<ClaimRewardStep>(app);
    }
}

impl FeaturePlugin for RewardChainsPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<RewardChains>();
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
    claims: RequestBook<ClaimRewardStep>,
    granted: GrantLedger<ClaimRewardStep>,
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
        self.claims.pending().map(|c| (*c).into()).collect()
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }

    fn ready(&self) -> Vec<LiveOpsRequest> {
        self.chains
            .iter()
            .flat_map(|c| {
                c.claimable_steps(c.balance())
                    .map(|s| ClaimRewardStep::new(c.reward_chain_id, s.step_id).into())
            })
            .collect()
    }

    fn loaded(&self) -> bool {
        self.origin == DataOrigin::Network
    }
}

impl FeatureState for RewardChains {
    type Data = Vec<ClientRewardChain>;

    feature_data!(chains);

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
        claims::after_read::<ClaimRewardStep>(world, read);
    }
}

/// A reward chain claim: `POST …/reward_chain/{id}/step/{step}/claim`; the step's items as
/// the player saw them are granted. After an ambiguous answer the chains are read (the client
/// API has no single-chain read): a step they show claimed was granted by this claim.
impl RequestKind for ClaimRewardStep {
    type Feature = RewardChains;
    type Message = Self;
    type Key = Self;
    type Payload = ();
    type Context = Option<Vec<GrantedItem>>;
    type Answer = ();
    type Check = Vec<ClientRewardChain>;

    fn book(feature: &RewardChains) -> &RequestBook<Self> {
        &feature.claims
    }

    fn book_mut(feature: &mut RewardChains) -> &mut RequestBook<Self> {
        &mut feature.claims
    }

    fn admit(world: &mut World, claim: &Self) -> Option<Entry<Self>> {
        claims::admit(world, claim)
    }

    fn context(rewards: &RewardChains, entry: &Entry<Self>) -> Self::Context {
        rewards
            .chain(entry.key.chain)
            .and_then(|c| c.step(entry.key.step))
            .map(step_items)
    }

    fn send(
        client: Client,
        entry: &Entry<Self>,
        _: &Self::Context,
    ) -> impl Future<Output = Result<Reply<()>, Error>> + MaybeSend + 'static {
        let claim = entry.key;
        async move {
            let reply = client
                .reward_chains()
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
        _: &Entry<Self>,
        _: &Self::Context,
    ) -> Option<impl Future<Output = Result<Reply<Self::Check>, Error>> + MaybeSend + 'static> {
        Some(RewardChains::read(client))
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        _: Self::Context,
        chains: Self::Check,
        error: LiveOpsError,
    ) {
        let done = world
            .resource_mut::<RewardChains>()
            .merge(chains, entry.key);
        claims::settled(world, entry.key, done, error);
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        claims::refused(world, entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        entry.key.into()
    }
}

impl StepClaim for ClaimRewardStep {
    fn ledger(rewards: &mut RewardChains) -> &mut GrantLedger<Self> {
        &mut rewards.granted
    }

    fn mark_claimed(rewards: &mut RewardChains, claim: Self) {
        if let Some(step) = rewards
            .chains
            .iter_mut()
            .filter(|c| c.reward_chain_id == claim.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_id == claim.step)
        {
            step.is_claimed = true;
        }
    }

    fn is_claimed(rewards: &RewardChains, claim: Self) -> bool {
        rewards
            .chain(claim.chain)
            .and_then(|c| c.step(claim.step))
            .is_some_and(|s| s.is_claimed)
    }

    fn source(self, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Reward {
            chain: self.chain,
            step: self.step,
        }
    }
}

impl RewardChains {
    /// Puts freshly read chains in place; the claimed step's items when it shows claimed.
    fn merge(
        &mut self,
        chains: Vec<ClientRewardChain>,
        claim: ClaimRewardStep,
    ) -> Option<Vec<GrantedItem>> {
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
        self.chain(claim.chain)?
            .step(claim.step)
            .filter(|s| s.is_claimed)
            .map(step_items)
    }
}
