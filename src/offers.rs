//! Offer chains: [`OfferChainsPlugin`], the [`OfferChains`] resource, and three request
//! kinds on the shared lifecycle: [`ClaimOfferStep`] for free steps, [`BuyOfferStep`] for paid
//! ones (an order and [`PaymentRequired`](crate::PaymentRequired), then the order is tracked by
//! [`Purchases`](crate::Purchases)), and [`CheckOfferPayment`] (a read of the chain, and of
//! the orders awaited for it, that reports paid steps as granted).

use std::future::Future;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::offer::{ClientOfferChain, ClientOfferStep, OfferStepOrder};
use xsolla_liveops::{Client, Error, OfferChainId, OrderId, Reply, StepNumber};

use crate::cache::DataOrigin;
use crate::claims::{self, GrantLedger, StepClaim};
use crate::error::LiveOpsError;
use crate::feature::{
    FeaturePlugin, FeatureResource, FeatureState, ReadState, RegisterFeature, feature_data,
};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{BuyOfferStep, CheckOfferPayment, ClaimOfferStep, LiveOpsRequest, Purchase};
use crate::outcome::{GrantSource, GrantedItem, RewardsGranted};
use crate::paging::read_all;
use crate::purchases::{self, Purchases, PurchasesPlugin};
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind, fail};
use crate::runtime::MaybeSend;
use crate::time::ServerTime;

/// Offer chains: reads the player's offer chains, claims free steps and orders paid ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfferChainsPlugin;

impl Plugin for OfferChainsPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        if !app.is_plugin_added::<PurchasesPlugin>() {
            app.add_plugins(PurchasesPlugin);
        }
        app.register_state_feature::<OfferChains>();
        add_kind::<ClaimOfferStep>(app);
        add_kind::<BuyOfferStep>(app);
        add_kind::<CheckOfferPayment>(app);
        app.add_observer(show_bought);
    }
}

/// A step granted by its tracked order (the purchases module settles it) shows bought from that
/// frame on, not only once the chain's re-read answers: until then it would offer itself for
/// sale again. (A claimed step is shown claimed by its claim already; this repeats it.)
fn show_bought(granted: On<RewardsGranted>, mut offers: ResMut<OfferChains>) {
    if let GrantSource::Offer { chain, step, .. } = granted.source {
        claims::show_granted(&mut *offers, ClaimOfferStep::new(chain, step));
    }
}

impl FeaturePlugin for OfferChainsPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<OfferChains>();
    }
}

/// The player's offer chains and their progress.
#[derive(Resource, Default)]
pub struct OfferChains {
    /// The chains, as last read (a step the server confirmed claimed shows claimed at once).
    pub chains: Vec<ClientOfferChain>,
    /// Where [`OfferChains::chains`] came from.
    pub origin: DataOrigin,
    claims: RequestBook<ClaimOfferStep>,
    granted: GrantLedger<ClaimOfferStep>,
    orders: RequestBook<BuyOfferStep>,
    payment_checks: RequestBook<CheckOfferPayment>,
    reads: ReadState,
}

impl std::fmt::Debug for OfferChains {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfferChains")
            .field("chains", &self.chains.len())
            .field("origin", &self.origin)
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

    /// True while a claim or an order of this step waits or is on its way (a step awaiting
    /// payment is not sending anything: [`Purchases::awaiting_step`] tells).
    pub fn is_sending(&self, chain: OfferChainId, step: StepNumber) -> bool {
        self.claims.contains(&ClaimOfferStep { chain, step })
            || self.orders.contains(&BuyOfferStep { chain, step })
    }

    /// True while the chains are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }

    /// True while a payment check of this chain is on its way.
    pub fn is_checking_payment(&self, chain: OfferChainId) -> bool {
        self.payment_checks.contains(&chain)
    }

    /// Free steps the player can claim now.
    pub fn claimable(&self) -> impl Iterator<Item = (OfferChainId, StepNumber)> + '_ {
        self.chains.iter().filter_map(|c| {
            let step = c.next_step()?;
            (step.is_free && !self.is_sending(c.id, step.step_number))
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

impl FeatureResource for OfferChains {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::OFFERS;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        let claims = self.claims.pending().map(|c| LiveOpsRequest::from(*c));
        let orders = self.orders.pending().map(|o| LiveOpsRequest::from(*o));
        let checks = self
            .payment_checks
            .pending()
            .map(|&chain| LiveOpsRequest::from(CheckOfferPayment { chain }));
        let mut all: Vec<LiveOpsRequest> = claims.chain(orders).chain(checks).collect();
        all.dedup();
        all
    }

    fn badge(&self) -> usize {
        self.claimable().count()
    }

    fn ready(&self) -> Vec<LiveOpsRequest> {
        self.chains
            .iter()
            .filter_map(|c| {
                let step = c.next_step().filter(|s| s.is_free)?;
                Some(ClaimOfferStep::new(c.id, step.step_number).into())
            })
            .collect()
    }

    fn loaded(&self) -> bool {
        self.origin == DataOrigin::Network
    }
}

impl FeatureState for OfferChains {
    type Data = Vec<ClientOfferChain>;

    feature_data!(chains);

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
        claims::after_read::<ClaimOfferStep>(world, read);
        report_bought(world);
    }
}

/// Steps awaiting payment that the chains now show bought: reported as granted, once.
fn report_bought(world: &mut World) {
    let bought: Vec<(OfferChainId, StepNumber, Vec<GrantedItem>)> = {
        let offers = world.resource::<OfferChains>();
        world
            .resource::<Purchases>()
            .awaited()
            .filter_map(|order| match *order.purchase {
                Purchase::OfferStep { chain, step } => offers
                    .step(chain, step)
                    .filter(|s| s.is_claimed)
                    .map(|s| (chain, step, step_items(s))),
                _ => None,
            })
            .collect()
    };
    for (chain, step, items) in bought {
        purchases::step_bought(world, chain, step, items);
    }
}

/// A free step's claim: `POST …/offer_chain/{id}/step/{n}/claim`; the step's items as the
/// player saw them are granted, with the order the server names. After an ambiguous answer
/// the chain is read: a step it shows claimed was granted by this claim.
impl RequestKind for ClaimOfferStep {
    type Feature = OfferChains;
    type Message = Self;
    type Key = Self;
    type Payload = ();
    type Context = Option<Vec<GrantedItem>>;
    type Answer = Option<OrderId>;
    type Check = ClientOfferChain;

    fn book(feature: &OfferChains) -> &RequestBook<Self> {
        &feature.claims
    }

    fn book_mut(feature: &mut OfferChains) -> &mut RequestBook<Self> {
        &mut feature.claims
    }

    /// A step being ordered is not claimed meanwhile.
    fn admit(world: &mut World, claim: &Self) -> Option<Entry<Self>> {
        let ordering = world
            .resource::<OfferChains>()
            .orders
            .contains(&BuyOfferStep::new(claim.chain, claim.step));
        if ordering {
            return None;
        }
        claims::admit(world, claim)
    }

    fn context(offers: &OfferChains, entry: &Entry<Self>) -> Self::Context {
        offers.step(entry.key.chain, entry.key.step).map(step_items)
    }

    fn send(
        client: Client,
        entry: &Entry<Self>,
        _: &Self::Context,
    ) -> impl Future<Output = Result<Reply<Option<OrderId>>, Error>> + MaybeSend + 'static {
        let claim = entry.key;
        async move {
            let reply = client
                .offer_chains()
                .claim(claim.chain, claim.step)
                .send_with_meta()
                .await?;
            Ok(reply.map(|r| r.order_id))
        }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, items: Self::Context, order: Self::Answer) {
        claims::claimed(world, entry.key, items, order);
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        _: &Self::Context,
    ) -> Option<impl Future<Output = Result<Reply<ClientOfferChain>, Error>> + MaybeSend + 'static>
    {
        Some(read_chain(client, entry.key.chain))
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        _: Self::Context,
        chain: ClientOfferChain,
        error: LiveOpsError,
    ) {
        let mut offers = world.resource_mut::<OfferChains>();
        offers.merge(chain);
        let done = offers
            .step(entry.key.chain, entry.key.step)
            .filter(|s| s.is_claimed)
            .map(step_items);
        claims::settled(world, entry.key, done, error);
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        claims::refused(world, entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        entry.key.into()
    }
}

impl StepClaim for ClaimOfferStep {
    fn ledger(offers: &mut OfferChains) -> &mut GrantLedger<Self> {
        &mut offers.granted
    }

    fn mark_claimed(offers: &mut OfferChains, claim: Self) {
        if let Some(step) = offers
            .chains
            .iter_mut()
            .filter(|c| c.id == claim.chain)
            .flat_map(|c| c.steps.iter_mut())
            .find(|s| s.step_number == claim.step)
        {
            step.is_claimed = true;
        }
    }

    fn is_claimed(offers: &OfferChains, claim: Self) -> bool {
        offers
            .step(claim.chain, claim.step)
            .is_some_and(|s| s.is_claimed)
    }

    fn source(self, order: Option<OrderId>) -> GrantSource {
        GrantSource::Offer {
            chain: self.chain,
            step: self.step,
            order_id: order,
        }
    }
}

/// A paid step's order: `POST …/offer_chain/{id}/step/{n}/order`, answered by
/// [`PaymentRequired`](crate::PaymentRequired) with the Pay Station URL. No read lists a player's orders, and an order
/// nobody pays grants nothing: after an ambiguous answer the step is ordered again until an
/// answer arrives (the newest order is the one awaited).
impl RequestKind for BuyOfferStep {
    type Feature = OfferChains;
    type Message = Self;
    type Key = Self;
    type Payload = ();
    type Context = ();
    type Answer = OfferStepOrder;
    type Check = OfferStepOrder;

    fn book(feature: &OfferChains) -> &RequestBook<Self> {
        &feature.orders
    }

    fn book_mut(feature: &mut OfferChains) -> &mut RequestBook<Self> {
        &mut feature.orders
    }

    /// A step whose payment is awaited may be ordered again (the player closed Pay Station
    /// and tries once more); a step being claimed is not ordered.
    fn admit(world: &mut World, buy: &Self) -> Option<Entry<Self>> {
        let claiming = world
            .resource::<OfferChains>()
            .claims
            .contains(&ClaimOfferStep::new(buy.chain, buy.step));
        (!claiming).then_some(Entry {
            key: *buy,
            payload: (),
        })
    }

    fn context(_: &OfferChains, _: &Entry<Self>) {}

    fn send(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> impl Future<Output = Result<Reply<OfferStepOrder>, Error>> + MaybeSend + 'static {
        let buy = entry.key;
        async move {
            client
                .offer_chains()
                .order(buy.chain, buy.step)
                .send_with_meta()
                .await
        }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, (): (), order: OfferStepOrder) {
        let BuyOfferStep { chain, step } = entry.key;
        let items = world
            .resource::<OfferChains>()
            .step(chain, step)
            .map(step_items)
            .unwrap_or_default();
        purchases::payment_required(
            world,
            Purchase::OfferStep { chain, step },
            order.order_id,
            order.token,
            items,
        );
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> Option<impl Future<Output = Result<Reply<OfferStepOrder>, Error>> + MaybeSend + 'static>
    {
        Some(Self::send(client, entry, &()))
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        (): (),
        order: OfferStepOrder,
        _: LiveOpsError,
    ) {
        Self::succeeded(world, entry, (), order);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        entry.key.into()
    }
}

/// A payment check: the chain is read (`GET …/offer_chain/{id}`), and steps awaiting payment
/// that it shows bought are reported as granted, once. After an ambiguous answer the chain is
/// read again until answered; a refused read is reported, and the game may check again.
impl RequestKind for CheckOfferPayment {
    type Feature = OfferChains;
    type Message = Self;
    type Key = OfferChainId;
    type Payload = ();
    type Context = ();
    type Answer = ClientOfferChain;
    type Check = ClientOfferChain;

    fn book(feature: &OfferChains) -> &RequestBook<Self> {
        &feature.payment_checks
    }

    fn book_mut(feature: &mut OfferChains) -> &mut RequestBook<Self> {
        &mut feature.payment_checks
    }

    /// The orders awaited for the chain are read at once too.
    fn admit(world: &mut World, check: &Self) -> Option<Entry<Self>> {
        purchases::check_chain_orders(world, check.chain);
        Some(Entry {
            key: check.chain,
            payload: (),
        })
    }

    fn context(_: &OfferChains, _: &Entry<Self>) {}

    fn send(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> impl Future<Output = Result<Reply<ClientOfferChain>, Error>> + MaybeSend + 'static {
        read_chain(client, entry.key)
    }

    fn succeeded(world: &mut World, _: Entry<Self>, (): (), chain: ClientOfferChain) {
        world.resource_mut::<OfferChains>().merge(chain);
        report_bought(world);
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> Option<impl Future<Output = Result<Reply<ClientOfferChain>, Error>> + MaybeSend + 'static>
    {
        Some(read_chain(client, entry.key))
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        (): (),
        chain: ClientOfferChain,
        _: LiveOpsError,
    ) {
        Self::succeeded(world, entry, (), chain);
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        fail::<Self>(world, &entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        CheckOfferPayment { chain: entry.key }.into()
    }
}

async fn read_chain(client: Client, chain: OfferChainId) -> Result<Reply<ClientOfferChain>, Error> {
    client.offer_chains().get(chain).send_with_meta().await
}

impl OfferChains {
    /// Puts a freshly read chain in place; steps this player's claims confirmed stay claimed.
    fn merge(&mut self, chain: ClientOfferChain) {
        match self.chains.iter_mut().find(|c| c.id == chain.id) {
            Some(slot) => *slot = chain,
            None => self.chains.push(chain),
        }
    }
}
