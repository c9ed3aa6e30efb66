//! Daily chains: the [`DailyChains`] resource and [`ClaimDailyReward`].

use bevy_ecs::prelude::*;
use xsolla_liveops::models::daily::{ClientDailyChain, ClientDailyStep, DailyStepStatus};
use xsolla_liveops::{Client, DailyChainId, Error, OrderId, Reply, StepNumber};

use crate::cache::DataOrigin;
use crate::claims::{ClaimBook, Claimable, forget_reopened, on_claimed, settle_waiting};
use crate::feature::{FeatureState, on_fetched};
use crate::net::{Done, Held, LiveOpsNet, LiveOpsSettings, take_requests};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFeature, LiveOpsRequest};
use crate::refresh::{RefreshLiveOps, wants_refresh};
use crate::session::LiveOpsSession;

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
    claims: ClaimBook<ClaimDailyReward>,
    loading: bool,
    read_again: bool,
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
        self.claims.contains(&ClaimDailyReward { chain, step })
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
                .filter(|&(chain, step)| !self.is_claiming(chain, step))
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
    let wanted = wants_refresh(&mut refresh, &settings, LiveOpsFeature::Daily);
    if wanted && daily.loading {
        daily.read_again = true;
    }
    if wanted && !daily.loading {
        let read = daily.claims.begin_read();
        daily.loading = net.spawn(&session, move |client| fetch(client, read));
    }
    settle_waiting(&mut *daily, &net, &session, &settings);
    for claim in take_requests(&mut claims, &mut held, &session) {
        if !daily.claims.begin(claim) {
            continue;
        }
        let items = daily.step(claim.chain, claim.step).map(step_items);
        net.spawn(&session, move |client| async move {
            let reply = client
                .daily_chains()
                .claim(claim.chain, claim.step)
                .send_with_meta()
                .await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            Done::new(date, move |world| {
                on_claimed::<DailyChains>(world, claim, items, None, reply.map(|_| ()))
            })
        });
    }
}

fn step_items(step: &ClientDailyStep) -> Vec<GrantedItem> {
    step.items.iter().map(GrantedItem::from).collect()
}

async fn fetch(client: Client, read: u64) -> Done {
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
        on_fetched::<DailyChains>(world, read, result.map(|(items, _)| items))
    })
}

impl Claimable for DailyChains {
    type Key = ClaimDailyReward;
    type Chain = ClientDailyChain;

    fn book(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
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

    fn is_done(&self, key: &Self::Key) -> bool {
        self.step(key.chain, key.step)
            .is_some_and(|s| s.status == DailyStepStatus::Claimed)
    }

    fn source(key: Self::Key, _order: Option<OrderId>) -> GrantSource {
        GrantSource::Daily {
            chain: key.chain,
            step: key.step,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        LiveOpsRequest::ClaimDaily {
            chain: key.chain,
            step: key.step,
        }
    }
}

impl FeatureState for DailyChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::Daily;
    type Data = Vec<ClientDailyChain>;
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
        let ends = self.chains.iter().filter_map(|c| {
            let end = c.date_end?.timestamp();
            (end > now).then_some(end)
        });
        self.next_unlock(now).into_iter().chain(ends).min()
    }

    fn after_fetch(world: &mut World, read: u64) {
        forget_reopened::<DailyChains>(world, read);
    }
}
