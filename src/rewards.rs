//! Reward chains and value points: the [`RewardChains`] resource and [`ClaimRewardStep`].

use bevy_ecs::prelude::*;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::rewards::{ClientRewardChain, ClientRewardStep, RewardChainItem};
use xsolla_liveops::{Client, Error, OrderId, Reply, RewardChainId, StepId};

use crate::cache::DataOrigin;
use crate::claims::{ClaimBook, Claimable, forget_reopened, on_claimed, settle_waiting};
use crate::feature::{FeatureState, on_fetched};
use crate::net::{Done, Held, LiveOpsNet, LiveOpsSettings, take_requests};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFeature, LiveOpsRequest};
use crate::refresh::{RefreshLiveOps, wants_refresh};
use crate::session::LiveOpsSession;

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
}

/// The player's reward chains, with their value-point balances.
#[derive(Resource, Debug, Default)]
pub struct RewardChains {
    /// The chains, as last read; each carries the player's balance.
    pub chains: Vec<ClientRewardChain>,
    /// Where [`RewardChains::chains`] came from.
    pub origin: DataOrigin,
    claims: ClaimBook<ClaimRewardStep>,
    loading: bool,
    read_again: bool,
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

    /// True while a claim of this step is on its way.
    pub fn is_claiming(&self, chain: RewardChainId, step: StepId) -> bool {
        self.claims.contains(&ClaimRewardStep { chain, step })
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Steps whose price the balance has reached, not claimed and not being claimed.
    pub fn claimable(&self) -> impl Iterator<Item = (RewardChainId, StepId)> + '_ {
        self.chains.iter().flat_map(move |c| {
            c.claimable_steps(c.balance())
                .map(move |s| (c.reward_chain_id, s.step_id))
                .filter(|&(chain, step)| !self.is_claiming(chain, step))
        })
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
    }
}

fn step_items(step: &ClientRewardStep) -> Vec<GrantedItem> {
    step.reward.iter().map(granted).collect()
}

/// Sends claims and reads.
pub(crate) fn dispatch(
    mut claims: MessageReader<ClaimRewardStep>,
    mut refresh: MessageReader<RefreshLiveOps>,
    mut held: ResMut<Held<ClaimRewardStep>>,
    mut rewards: ResMut<RewardChains>,
    session: Res<LiveOpsSession>,
    net: Res<LiveOpsNet>,
    settings: Res<LiveOpsSettings>,
) {
    let wanted = wants_refresh(&mut refresh, &settings, LiveOpsFeature::Rewards);
    if wanted && rewards.loading {
        rewards.read_again = true;
    }
    if wanted && !rewards.loading {
        let read = rewards.claims.begin_read();
        rewards.loading = net.spawn(&session, move |client| fetch(client, read));
    }
    settle_waiting(&mut *rewards, &net, &session, &settings);
    for claim in take_requests(&mut claims, &mut held, &session) {
        if !rewards.claims.begin(claim) {
            continue;
        }
        let items = rewards
            .chain(claim.chain)
            .and_then(|c| c.step(claim.step))
            .map(step_items);
        net.spawn(&session, move |client| async move {
            let reply = client
                .reward_chains()
                .claim(claim.chain, claim.step)
                .send_with_meta()
                .await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            Done::new(date, move |world| {
                on_claimed::<RewardChains>(world, claim, items, None, reply.map(|_| ()))
            })
        });
    }
}

async fn fetch(client: Client, read: u64) -> Done {
    let reply = client
        .reward_chains()
        .list()
        .limit(50)
        .send_with_meta()
        .await;
    let result = match reply {
        Ok(reply) if reply.value.has_more => {
            let offset = reply.value.items.len() as u32;
            client
                .reward_chains()
                .list()
                .offset(offset)
                .all()
                .await
                .map(|mut rest| {
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
        on_fetched::<RewardChains>(world, read, result.map(|(c, _)| c))
    })
}

impl FeatureState for RewardChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::Rewards;
    type Data = Vec<ClientRewardChain>;
    fn data_mut(&mut self) -> &mut Self::Data {
        &mut self.chains
    }
    fn origin_mut(&mut self) -> &mut DataOrigin {
        &mut self.origin
    }
    fn loading_mut(&mut self) -> &mut bool {
        &mut self.loading
    }
    fn read_again_mut(&mut self) -> &mut bool {
        &mut self.read_again
    }
    fn next_boundary(&self, now: i64) -> Option<i64> {
        self.chains
            .iter()
            .flat_map(|c| {
                [
                    c.recurrent_schedule
                        .as_ref()
                        .and_then(|s| s.reset_next_date)
                        .map(|t| t.0),
                    c.date_end.map(|d| d.timestamp()),
                ]
            })
            .flatten()
            .filter(|&t| t > now)
            .min()
    }
    fn after_fetch(world: &mut World, read: u64) {
        forget_reopened::<RewardChains>(world, read);
    }
}

impl Claimable for RewardChains {
    type Key = ClaimRewardStep;
    type Chain = Vec<ClientRewardChain>;

    fn book(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
    }

    /// The client API has no single-chain read: the list is read and merged.
    async fn read_chain(client: Client, _key: Self::Key) -> Result<Reply<Self::Chain>, Error> {
        let reply = client
            .reward_chains()
            .list()
            .limit(50)
            .send_with_meta()
            .await?;
        Ok(reply.map(|page| page.items))
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

    fn is_done(&self, key: &Self::Key) -> bool {
        self.chain(key.chain)
            .and_then(|c| c.step(key.step))
            .is_some_and(|s| s.is_claimed)
    }

    fn source(key: Self::Key, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Reward {
            chain: key.chain,
            step: key.step,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        LiveOpsRequest::ClaimReward {
            chain: key.chain,
            step: key.step,
        }
    }
}
