//! Offer chains: the [`OfferChains`] resource, [`ClaimOfferStep`] for free steps and
//! [`PurchaseOfferStep`] for paid ones.

use bevy_ecs::prelude::*;
use std::collections::{HashMap, HashSet};
use xsolla_liveops::models::offer::{ClientOfferChain, ClientOfferStep, PaymentToken};
use xsolla_liveops::{Client, Error, OfferChainId, OrderId, Reply, StepNumber};

use crate::cache::DataOrigin;
use crate::claims::{ClaimBook, Claimable, forget_reopened, on_claimed, settle_waiting};
use crate::feature::{FeatureState, on_fetched};
use crate::net::{Done, Held, LiveOpsNet, LiveOpsSettings, report_failure, take_requests};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFeature, LiveOpsRequest};
use crate::refresh::{RefreshLiveOps, wants_refresh};
use crate::session::LiveOpsSession;

/// Claims a free offer chain step.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimOfferStep {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
}

impl ClaimOfferStep {
    /// A claim of `step` of `chain`.
    pub fn new(chain: impl Into<OfferChainId>, step: impl Into<StepNumber>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }
}

/// Starts buying a paid offer chain step; answered by [`PaymentRequired`].
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PurchaseOfferStep {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
}

impl PurchaseOfferStep {
    /// A purchase of `step` of `chain`.
    pub fn new(chain: impl Into<OfferChainId>, step: impl Into<StepNumber>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }
}

/// An order was created for a paid step: open `url` (Xsolla's Pay Station) for the player.
/// When the game learns the payment is done, write [`OfferPaymentDone`]; the step's items are
/// reported by [`RewardsGranted`](crate::RewardsGranted) once the server shows it bought.
#[derive(Message, Clone, PartialEq, Eq)]
pub struct PaymentRequired {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
    /// The order.
    pub order_id: OrderId,
    /// The payment token (redacted in `Debug`).
    pub token: PaymentToken,
    /// The Pay Station page for this order (it holds the token: do not log it).
    pub url: String,
}

impl std::fmt::Debug for PaymentRequired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let page = self
            .url
            .split_once('?')
            .map_or(self.url.as_str(), |(page, _)| page);
        f.debug_struct("PaymentRequired")
            .field("chain", &self.chain)
            .field("step", &self.step)
            .field("order_id", &self.order_id)
            .field("token", &self.token)
            .field("url", &format_args!("{page}?token=<redacted>"))
            .finish()
    }
}

/// The game says a payment finished (Pay Station closed, a webhook arrived on its server):
/// the plugin reads the chain again and reports the grant once the step shows bought.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferPaymentDone {
    /// Chain.
    pub chain: OfferChainId,
}

/// The player's offer chains and their progress.
#[derive(Resource, Debug, Default)]
pub struct OfferChains {
    /// The chains, as last read.
    pub chains: Vec<ClientOfferChain>,
    /// Where [`OfferChains::chains`] came from.
    pub origin: DataOrigin,
    claims: ClaimBook<ClaimOfferStep>,
    ordering: HashSet<PurchaseOfferStep>,
    awaiting_payment: HashMap<PurchaseOfferStep, OrderId>,
    read_again: bool,
    loading: bool,
}

impl OfferChains {
    /// A chain by id.
    pub fn chain(&self, id: OfferChainId) -> Option<&ClientOfferChain> {
        self.chains.iter().find(|c| c.id == id)
    }

    /// A step by chain id and number.
    pub fn step(&self, chain: OfferChainId, step: StepNumber) -> Option<&ClientOfferStep> {
        self.chain(chain)?.step(step)
    }

    /// True while a claim or an order of this step is on its way, or its payment is awaited.
    pub fn is_busy(&self, chain: OfferChainId, step: StepNumber) -> bool {
        self.claims.contains(&ClaimOfferStep { chain, step })
            || self.ordering.contains(&PurchaseOfferStep { chain, step })
            || self
                .awaiting_payment
                .contains_key(&PurchaseOfferStep { chain, step })
    }

    /// The order whose payment is awaited for this step.
    pub fn awaiting_payment(&self, chain: OfferChainId, step: StepNumber) -> Option<OrderId> {
        self.awaiting_payment
            .get(&PurchaseOfferStep { chain, step })
            .copied()
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// Free steps the player can claim now.
    pub fn claimable(&self) -> impl Iterator<Item = (OfferChainId, StepNumber)> + '_ {
        self.chains.iter().filter_map(|c| {
            let step = c.next_step()?;
            (step.is_free && !self.is_busy(c.id, step.step_number))
                .then_some((c.id, step.step_number))
        })
    }
}

fn step_items(step: &ClientOfferStep) -> Vec<GrantedItem> {
    step.items.iter().map(GrantedItem::from).collect()
}

/// Sends claims, orders and reads.
#[allow(clippy::too_many_arguments)]
pub(crate) fn dispatch(
    mut claims: MessageReader<ClaimOfferStep>,
    mut purchases: MessageReader<PurchaseOfferStep>,
    mut paid: MessageReader<OfferPaymentDone>,
    mut refresh: MessageReader<RefreshLiveOps>,
    mut held: ResMut<Held<ClaimOfferStep>>,
    mut held_purchases: ResMut<Held<PurchaseOfferStep>>,
    mut offers: ResMut<OfferChains>,
    session: Res<LiveOpsSession>,
    net: Res<LiveOpsNet>,
    settings: Res<LiveOpsSettings>,
) {
    let payment_done = paid.read().count() > 0;
    let wanted = wants_refresh(&mut refresh, &settings, LiveOpsFeature::Offers);
    if (payment_done || wanted) && offers.loading {
        offers.read_again = true;
    }
    if (payment_done || wanted) && !offers.loading {
        let read = offers.claims.begin_read();
        offers.loading = net.spawn(&session, move |client| fetch(client, read));
    }
    settle_waiting(&mut *offers, &net, &session, &settings);
    for claim in take_requests(&mut claims, &mut held, &session) {
        if offers.is_busy(claim.chain, claim.step) || !offers.claims.begin(claim) {
            continue;
        }
        let items = offers.step(claim.chain, claim.step).map(step_items);
        net.spawn(&session, move |client| async move {
            let reply = client
                .offer_chains()
                .claim(claim.chain, claim.step)
                .send_with_meta()
                .await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            let order = reply.as_ref().ok().and_then(|r| r.value.order_id);
            Done::new(date, move |world| {
                on_claimed::<OfferChains>(world, claim, items, order, reply.map(|_| ()))
            })
        });
    }
    let sandbox = settings.sandbox_payments;
    for purchase in take_requests(&mut purchases, &mut held_purchases, &session) {
        // A step whose payment is awaited may be ordered again (the player closed Pay Station
        // and tries once more); the newest order is the one awaited.
        let claiming = offers.claims.contains(&ClaimOfferStep {
            chain: purchase.chain,
            step: purchase.step,
        });
        if claiming || !offers.ordering.insert(purchase) {
            continue;
        }
        net.spawn(&session, move |client| async move {
            let reply = client
                .offer_chains()
                .order(purchase.chain, purchase.step)
                .send_with_meta()
                .await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            Done::new(date, move |world| {
                on_ordered(world, purchase, sandbox, reply.map(|r| r.value))
            })
        });
    }
}

fn on_ordered(
    world: &mut World,
    purchase: PurchaseOfferStep,
    sandbox: bool,
    result: Result<xsolla_liveops::models::offer::OfferStepOrder, Error>,
) {
    let mut offers = world.resource_mut::<OfferChains>();
    offers.ordering.remove(&purchase);
    match result {
        Ok(order) => {
            offers.awaiting_payment.insert(purchase, order.order_id);
            let url = order.paystation_url_for(sandbox);
            world.write_message(PaymentRequired {
                chain: purchase.chain,
                step: purchase.step,
                order_id: order.order_id,
                token: order.token,
                url,
            });
        }
        Err(error) => {
            report_failure(
                world,
                LiveOpsRequest::PurchaseOffer {
                    chain: purchase.chain,
                    step: purchase.step,
                },
                error,
            );
        }
    }
}

async fn fetch(client: Client, read: u64) -> Done {
    let first = client
        .offer_chains()
        .list()
        .limit(30)
        .send_with_meta()
        .await;
    let result = match first {
        Ok(reply) if reply.value.has_more => {
            let offset = reply.value.items.len() as u32;
            client
                .offer_chains()
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
        on_fetched::<OfferChains>(world, read, result.map(|(items, _)| items))
    })
}

impl FeatureState for OfferChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::Offers;
    type Data = Vec<ClientOfferChain>;
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
                    c.next_reset().map(|t| t.0),
                    c.date_end.map(|d| d.timestamp()),
                ]
            })
            .flatten()
            .filter(|&t| t > now)
            .min()
    }

    /// Paid steps that now show bought are reported as granted, once.
    fn after_fetch(world: &mut World, read: u64) {
        forget_reopened::<OfferChains>(world, read);
        let bought: Vec<(PurchaseOfferStep, OrderId, Vec<GrantedItem>)> = {
            let offers = world.resource::<OfferChains>();
            offers
                .awaiting_payment
                .iter()
                .filter_map(|(key, order)| {
                    let step = offers.step(key.chain, key.step).filter(|s| s.is_claimed)?;
                    Some((*key, *order, step_items(step)))
                })
                .collect()
        };
        for (key, order, items) in bought {
            world
                .resource_mut::<OfferChains>()
                .awaiting_payment
                .remove(&key);
            world.write_message(crate::RewardsGranted {
                source: GrantSource::Offer {
                    chain: key.chain,
                    step: key.step,
                    order_id: Some(order),
                },
                items,
            });
        }
    }
}

impl Claimable for OfferChains {
    type Key = ClaimOfferStep;
    type Chain = ClientOfferChain;

    fn book(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
    }

    async fn read_chain(client: Client, key: Self::Key) -> Result<Reply<Self::Chain>, Error> {
        client.offer_chains().get(key.chain).send_with_meta().await
    }

    fn merge_chain(&mut self, chain: Self::Chain, key: Self::Key) -> Option<Vec<GrantedItem>> {
        let done = chain
            .step(key.step)
            .filter(|s| s.is_claimed)
            .map(step_items);
        match self.chains.iter_mut().find(|c| c.id == chain.id) {
            Some(slot) => *slot = chain,
            None => self.chains.push(chain),
        }
        done
    }

    fn is_done(&self, key: &Self::Key) -> bool {
        self.step(key.chain, key.step).is_some_and(|s| s.is_claimed)
    }

    fn source(key: Self::Key, order: Option<OrderId>) -> GrantSource {
        GrantSource::Offer {
            chain: key.chain,
            step: key.step,
            order_id: order,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        LiveOpsRequest::ClaimOffer {
            chain: key.chain,
            step: key.step,
        }
    }
}
