//! Offer chains: [`OfferChainsPlugin`], the [`OfferChains`] resource, [`ClaimOfferStep`] for
//! free steps and [`BuyOfferStep`] for paid ones.

use std::collections::HashMap;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::models::offer::{
    ClientOfferChain, ClientOfferStep, OfferStepOrder, PaymentToken,
};
use xsolla_liveops::{Client, Error, OfferChainId, OrderId, Reply, StepNumber};

use crate::cache::{DataOrigin, LiveOpsCache};
use crate::claims::{ClaimBook, Claimable, after_read, claims_to_send, dispatch_claims};
use crate::core::{DispatchStage, LiveOpsSettings};
use crate::error::LiveOpsError;
use crate::feature::{
    FeatureResource, FeatureState, LiveOpsFeature, ReadState, RegisterFeature, start_read,
};
use crate::group::{FeaturePlugin, refuse};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFailed, LiveOpsRequest, RewardsGranted};
use crate::paging::read_all;
use crate::requests::{Admission, RequestBook};
use crate::runtime::{Done, LiveOpsRuntime, note_rejection, report_failure};
use crate::session::{Credentials, LiveOpsSession};
use crate::time::ServerTime;

/// Offer chains: reads the player's offer chains, claims free steps and orders paid ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfferChainsPlugin;

impl Plugin for OfferChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<OfferChains>().add_systems(
            PostUpdate,
            (
                dispatch_claims::<OfferChains>.run_if(claims_to_send::<OfferChains>),
                dispatch_orders.run_if(orders_to_send),
            )
                .in_set(DispatchStage::Send),
        );
    }
}

impl FeaturePlugin for OfferChainsPlugin {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::OFFERS;

    fn declare(app: &mut App) {
        app.init_resource::<OfferChains>()
            .add_message::<ClaimOfferStep>()
            .add_message::<BuyOfferStep>()
            .add_message::<CheckOfferPayment>()
            .add_message::<PaymentRequired>();
    }

    fn refuse_requests(app: &mut App) {
        refuse::<ClaimOfferStep>(app, Self::FEATURE, |c| c.request());
        refuse::<BuyOfferStep>(app, Self::FEATURE, |b| b.request());
    }
}

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

    fn request(&self) -> LiveOpsRequest {
        LiveOpsRequest::ClaimOfferStep {
            chain: self.chain,
            step: self.step,
        }
    }
}

/// Buys a paid offer chain step: the plugin creates the order and answers with
/// [`PaymentRequired`].
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BuyOfferStep {
    /// Chain.
    pub chain: OfferChainId,
    /// Step.
    pub step: StepNumber,
}

impl BuyOfferStep {
    /// A purchase of `step` of `chain`.
    pub fn new(chain: impl Into<OfferChainId>, step: impl Into<StepNumber>) -> Self {
        Self {
            chain: chain.into(),
            step: step.into(),
        }
    }

    fn request(&self) -> LiveOpsRequest {
        LiveOpsRequest::BuyOfferStep {
            chain: self.chain,
            step: self.step,
        }
    }
}

/// An order was created for a paid step: open `url` (Xsolla's Pay Station) for the player.
/// When the game learns the payment is done, write [`CheckOfferPayment`]; the step's items are
/// reported by [`RewardsGranted`] once the server shows it bought.
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

/// Checks a chain's payment: write it when the game learns a payment finished (Pay Station
/// closed, a webhook reached its server). The plugin reads the chain again and reports the
/// grant once the step shows bought.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOfferPayment {
    /// Chain.
    pub chain: OfferChainId,
}

/// The player's offer chains and their progress.
#[derive(Resource, Default)]
pub struct OfferChains {
    /// The chains, as last read (a step the server confirmed claimed shows claimed at once).
    pub chains: Vec<ClientOfferChain>,
    /// Where [`OfferChains::chains`] came from.
    pub origin: DataOrigin,
    claims: ClaimBook<ClaimOfferStep>,
    orders: RequestBook<BuyOfferStep>,
    awaiting_payment: HashMap<BuyOfferStep, OrderId>,
    reads: ReadState,
}

impl std::fmt::Debug for OfferChains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfferChains")
            .field("chains", &self.chains.len())
            .field("origin", &self.origin)
            .field("awaiting_payment", &self.awaiting_payment)
            .finish()
    }
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

    /// True while a claim or an order of this step waits or is on its way, or its payment is
    /// awaited.
    pub fn is_busy(&self, chain: OfferChainId, step: StepNumber) -> bool {
        self.claims.contains(&ClaimOfferStep { chain, step })
            || self.orders.contains(&BuyOfferStep { chain, step })
            || self
                .awaiting_payment
                .contains_key(&BuyOfferStep { chain, step })
    }

    /// True while a claim or an order of this step waits or is on its way (a step awaiting
    /// payment is not sending anything).
    pub fn is_sending(&self, chain: OfferChainId, step: StepNumber) -> bool {
        self.claims.contains(&ClaimOfferStep { chain, step })
            || self.orders.contains(&BuyOfferStep { chain, step })
    }

    /// The order whose payment is awaited for this step.
    pub fn awaiting_payment(&self, chain: OfferChainId, step: StepNumber) -> Option<OrderId> {
        self.awaiting_payment
            .get(&BuyOfferStep { chain, step })
            .copied()
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }

    /// Free steps the player can claim now.
    pub fn claimable(&self) -> impl Iterator<Item = (OfferChainId, StepNumber)> + '_ {
        self.chains.iter().filter_map(|c| {
            let step = c.next_step()?;
            (step.is_free && !self.is_busy(c.id, step.step_number))
                .then_some((c.id, step.step_number))
        })
    }

    /// The first step [`claimable`](Self::claimable) would give, if any.
    pub fn next_claimable(&self) -> Option<(OfferChainId, StepNumber)> {
        self.claimable().next()
    }
}

fn step_items(step: &ClientOfferStep) -> Vec<GrantedItem> {
    step.items.iter().map(GrantedItem::from).collect()
}

/// What sending orders needs.
#[derive(SystemParam)]
struct OrderDesk<'w> {
    session: Res<'w, LiveOpsSession>,
    runtime: Res<'w, LiveOpsRuntime>,
    settings: Res<'w, LiveOpsSettings>,
    cache: Res<'w, LiveOpsCache>,
}

fn orders_to_send(
    buy: Res<Messages<BuyOfferStep>>,
    check: Res<Messages<CheckOfferPayment>>,
    offers: Res<OfferChains>,
    session: Res<LiveOpsSession>,
) -> bool {
    !buy.is_empty() || !check.is_empty() || (session.is_ready() && offers.orders.has_held())
}

/// Sends orders and, after a payment, a read.
fn dispatch_orders(
    mut buy: MessageReader<BuyOfferStep>,
    mut check: MessageReader<CheckOfferPayment>,
    mut offers: ResMut<OfferChains>,
    desk: OrderDesk,
    mut failed: MessageWriter<LiveOpsFailed>,
) {
    let offers = &mut *offers;
    if check.read().count() > 0 {
        start_read(offers, &desk.runtime, &desk.session, &desk.cache);
    }
    let sandbox = desk.settings.sandbox_payments;
    let mut unsent = Vec::new();
    for released in offers.orders.release(&desk.session) {
        let key = released.key;
        if let Err(e) = send_order(
            &desk.runtime,
            key,
            &released.credentials,
            sandbox,
            released.resent,
        ) {
            offers.orders.finish(&key);
            unsent.push((key, e));
        }
    }
    for &key in buy.read() {
        // A step whose payment is awaited may be ordered again (the player closed Pay Station
        // and tries once more); the newest order is the one awaited.
        if offers
            .claims
            .contains(&ClaimOfferStep::new(key.chain, key.step))
        {
            continue;
        }
        match offers.orders.admit(key, (), &desk.session) {
            Admission::Send(credentials, ()) => {
                if let Err(e) = send_order(&desk.runtime, key, &credentials, sandbox, false) {
                    offers.orders.finish(&key);
                    unsent.push((key, e));
                }
            }
            Admission::Held | Admission::Duplicate => {}
            Admission::Refused(e) => unsent.push((key, e)),
        }
    }
    for (key, error) in unsent {
        failed.write(LiveOpsFailed {
            request: key.request(),
            error,
        });
    }
}

fn send_order(
    runtime: &LiveOpsRuntime,
    key: BuyOfferStep,
    credentials: &Credentials,
    sandbox: bool,
    resent: bool,
) -> Result<(), LiveOpsError> {
    let player = credentials.player.clone();
    let serial = credentials.serial;
    runtime.send(credentials, move |client| async move {
        let reply = client
            .offer_chains()
            .order(key.chain, key.step)
            .send_with_meta()
            .await;
        let date = reply.as_ref().ok().and_then(|r| r.server_date);
        Done::new(date, move |world| {
            on_ordered(
                world,
                key,
                sandbox,
                (player, serial, resent),
                reply.map(|r| r.value),
            )
        })
    })
}

fn on_ordered(
    world: &mut World,
    key: BuyOfferStep,
    sandbox: bool,
    (player, serial, resent): (std::sync::Arc<str>, u64, bool),
    result: Result<OfferStepOrder, Error>,
) {
    match result {
        Ok(order) => {
            let mut offers = world.resource_mut::<OfferChains>();
            offers.orders.finish(&key);
            offers.awaiting_payment.insert(key, order.order_id);
            let url = order.paystation_url_for(sandbox);
            world.write_message(PaymentRequired {
                chain: key.chain,
                step: key.step,
                order_id: order.order_id,
                token: order.token,
                url,
            });
        }
        Err(error) => {
            let error = LiveOpsError::from(error);
            if error.is_unauthorized() {
                note_rejection(world, &error, Some(serial));
                let mut offers = world.resource_mut::<OfferChains>();
                if offers.orders.hold_again(key, (), player, resent) {
                    return;
                }
                world.write_message(LiveOpsFailed {
                    request: key.request(),
                    error,
                });
                return;
            }
            world.resource_mut::<OfferChains>().orders.finish(&key);
            report_failure(world, key.request(), error, Some(serial));
        }
    }
}

impl FeatureResource for OfferChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::OFFERS;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        let claims = self.claims.pending().map(ClaimOfferStep::request);
        let orders = self
            .orders
            .pending()
            .chain(self.awaiting_payment.keys())
            .map(BuyOfferStep::request);
        let mut all: Vec<LiveOpsRequest> = claims.chain(orders).collect();
        all.dedup();
        all
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }
}

impl FeatureState for OfferChains {
    type Data = Vec<ClientOfferChain>;

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
        read_all(30, |offset, limit| {
            client
                .offer_chains()
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
                    c.next_reset().map(ServerTime::from),
                    c.date_end.map(ServerTime::from),
                ]
            })
            .flatten()
            .filter(|&t| t > now)
            .min()
    }

    /// Paid steps that now show bought are reported as granted, once.
    fn after_fetch(world: &mut World, read: u64) {
        after_read::<OfferChains>(world, read);
        let bought: Vec<(BuyOfferStep, OrderId, Vec<GrantedItem>)> = {
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
            world.write_message(RewardsGranted {
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

    fn book(&self) -> &ClaimBook<Self::Key> {
        &self.claims
    }

    fn book_mut(&mut self) -> &mut ClaimBook<Self::Key> {
        &mut self.claims
    }

    async fn claim(client: Client, key: Self::Key) -> Result<Reply<Option<OrderId>>, Error> {
        let reply = client
            .offer_chains()
            .claim(key.chain, key.step)
            .send_with_meta()
            .await?;
        Ok(reply.map(|r| r.order_id))
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

    fn items(&self, key: &Self::Key) -> Option<Vec<GrantedItem>> {
        self.step(key.chain, key.step).map(step_items)
    }

    fn is_done(&self, key: &Self::Key) -> bool {
        self.step(key.chain, key.step).is_some_and(|s| s.is_claimed)
    }

    fn mark_claimed(&mut self, key: &Self::Key) {
        if let Some(step) = self
            .chains
            .iter_mut()
            .filter(|c| c.id == key.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_number == key.step)
        {
            step.is_claimed = true;
        }
    }

    fn blocks_claim(&self, key: &Self::Key) -> bool {
        self.orders
            .contains(&BuyOfferStep::new(key.chain, key.step))
    }

    fn source(key: Self::Key, order: Option<OrderId>) -> GrantSource {
        GrantSource::Offer {
            chain: key.chain,
            step: key.step,
            order_id: order,
        }
    }

    fn request(key: Self::Key) -> LiveOpsRequest {
        key.request()
    }
}
