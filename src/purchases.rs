//! Purchases: every order awaiting payment, in the [`Purchases`] resource, and
//! [`TrackOrder`], the request kind that reads an order's status until it is final.
//!
//! An order is awaited from its [`PaymentRequired`] until it is `done` (the grant is reported
//! once, by [`RewardsGranted`]), `canceled` ([`PurchaseCanceled`]), or, for an offer step, a read
//! of its chain shows the step bought. Meanwhile its status is read every
//! [`LiveOpsSettings::order_check_interval`] until [`LiveOpsSettings::order_tracking_limit`]
//! passes ([`PurchasePending`]: the order stays awaited and can be checked again). Each read is
//! one request on the shared lifecycle, made with the session's token of the moment, so
//! tracking goes on across token renewals; a player change ends it.
//!
//! The entry in [`Purchases`] is what makes a grant reported once: whichever path settles the
//! order first (its status read, a chain read, a check the game asked for) removes it.

use std::collections::{HashMap, HashSet};
use std::future::Future;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::offer::{PAYSTATION_URL, PaymentToken, SANDBOX_PAYSTATION_URL};
use xsolla_liveops::models::orders::{Order, OrderStatus, paystation_url};
use xsolla_liveops::{Client, Error, OfferChainId, OrderId, Reply, Sku, StepNumber};

use crate::error::LiveOpsError;
use crate::feature::{FeaturePlugin, FeatureResource, RegisterFeature};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{LiveOpsRequest, Purchase, RefreshLiveOps, TrackOrder};
use crate::outcome::{
    GrantSource, GrantedItem, PaymentRequired, PurchaseCanceled, PurchasePending, RewardsGranted,
    emit,
};
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind, fail};
use crate::runtime::MaybeSend;
use crate::sets::DispatchSystems;
use crate::settings::LiveOpsSettings;
use crate::time::Instant;

/// Purchases: tracks every order the plugin creates (paid offer steps, upsell items) until it
/// is final. Added by [`LiveOpsPlugins`](crate::LiveOpsPlugins), and by the offer chain and
/// upsell plugins when they are added alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct PurchasesPlugin;

impl Plugin for PurchasesPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_feature::<Purchases>();
        add_kind::<TrackOrder>(app);
        app.add_systems(
            PostUpdate,
            check_due_orders
                .run_if(|purchases: Res<Purchases>| purchases.tracking > 0)
                .in_set(DispatchSystems::Plan),
        );
    }
}

impl FeaturePlugin for PurchasesPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<Purchases>();
    }
}

/// The orders awaiting payment, and their tracking.
#[derive(Resource, Default)]
pub struct Purchases {
    awaited: HashMap<OrderId, Awaited>,
    /// Orders settled for this player (granted or canceled): a later request to track one is
    /// answered by nothing, so a grant is never reported twice.
    settled: HashSet<OrderId>,
    /// How many awaited orders are tracked (read by the run condition every frame).
    tracking: usize,
    checks: RequestBook<TrackOrder>,
}

impl std::fmt::Debug for Purchases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.awaited.iter().map(|(id, a)| (id, &a.purchase)))
            .finish()
    }
}

struct Awaited {
    purchase: Purchase,
    /// The items as the player saw them when ordering; empty when the order was handed over
    /// by the game (its content is used then).
    items: Vec<GrantedItem>,
    status: Option<OrderStatus>,
    tracking: Option<Tracking>,
}

#[derive(Clone, Copy)]
struct Tracking {
    until: Instant,
    next_check: Instant,
}

/// An order awaiting payment, as [`Purchases`] shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwaitedOrder<'a> {
    /// The order.
    pub order_id: OrderId,
    /// What it buys.
    pub purchase: &'a Purchase,
    /// Its status as last read; `None` before the first read.
    pub status: Option<&'a OrderStatus>,
    /// Its status is read by itself (false once [`PurchasePending`] ended the tracking).
    pub tracked: bool,
    /// A read of its status is on its way.
    pub checking: bool,
}

impl Purchases {
    /// Every order awaiting payment, oldest first.
    pub fn awaited(&self) -> impl Iterator<Item = AwaitedOrder<'_>> {
        let mut ids: Vec<OrderId> = self.awaited.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter().filter_map(|id| self.order(id))
    }

    /// An order awaiting payment.
    pub fn order(&self, order_id: OrderId) -> Option<AwaitedOrder<'_>> {
        let awaited = self.awaited.get(&order_id)?;
        Some(AwaitedOrder {
            order_id,
            purchase: &awaited.purchase,
            status: awaited.status.as_ref(),
            tracked: awaited.tracking.is_some(),
            checking: self.checks.contains(&order_id),
        })
    }

    /// The newest order awaiting payment for `purchase`.
    pub fn awaiting(&self, purchase: &Purchase) -> Option<OrderId> {
        self.awaited
            .iter()
            .filter(|(_, a)| &a.purchase == purchase)
            .map(|(&id, _)| id)
            .max()
    }

    /// The newest order awaiting payment for an offer chain step.
    pub fn awaiting_step(&self, chain: OfferChainId, step: StepNumber) -> Option<OrderId> {
        self.awaiting(&Purchase::OfferStep { chain, step })
    }

    /// The newest order awaiting payment for an item.
    pub fn awaiting_item(&self, sku: &Sku) -> Option<OrderId> {
        self.awaiting(&Purchase::Item { sku: sku.clone() })
    }

    /// True while a read of an order awaited for `purchase` is on its way.
    pub fn is_checking(&self, purchase: &Purchase) -> bool {
        self.awaited
            .iter()
            .any(|(id, a)| &a.purchase == purchase && self.checks.contains(id))
    }

    /// True when no order is awaited.
    pub fn is_empty(&self) -> bool {
        self.awaited.is_empty()
    }

    fn set_tracking(&mut self, order_id: OrderId, tracking: Option<Tracking>) {
        if let Some(awaited) = self.awaited.get_mut(&order_id) {
            let was = awaited.tracking.is_some();
            awaited.tracking = tracking;
            self.tracking = self.tracking + usize::from(tracking.is_some()) - usize::from(was);
        }
    }

    /// Removes an awaited order: the one place a purchase is settled, so it is reported once.
    fn take(&mut self, order_id: OrderId) -> Option<Awaited> {
        let awaited = self.awaited.remove(&order_id)?;
        self.tracking -= usize::from(awaited.tracking.is_some());
        self.settled.insert(order_id);
        Some(awaited)
    }

    fn insert(&mut self, order_id: OrderId, awaited: Awaited) {
        if let Some(old) = self.awaited.remove(&order_id) {
            self.tracking -= usize::from(old.tracking.is_some());
        }
        self.tracking += usize::from(awaited.tracking.is_some());
        self.awaited.insert(order_id, awaited);
    }
}

impl FeatureResource for Purchases {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::PURCHASES;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        let mut orders: Vec<(&OrderId, &Awaited)> = self.awaited.iter().collect();
        orders.sort_unstable_by_key(|(id, _)| **id);
        orders
            .into_iter()
            .map(|(&order_id, a)| {
                TrackOrder {
                    order_id,
                    purchase: a.purchase.clone(),
                }
                .into()
            })
            .collect()
    }
}

fn tracking_from(settings: &LiveOpsSettings, now: Instant) -> Tracking {
    Tracking {
        until: now + settings.order_tracking_limit,
        next_check: now + settings.order_check_interval,
    }
}

/// An order was created: it is awaited and tracked from now, and [`PaymentRequired`] carries
/// its Pay Station page. `items` are what it buys, as the player saw them.
pub(crate) fn payment_required(
    world: &mut World,
    purchase: Purchase,
    order_id: OrderId,
    token: PaymentToken,
    items: Vec<GrantedItem>,
) {
    let settings = world.resource::<LiveOpsSettings>();
    let base = match &settings.paystation_url {
        Some(base) => base.as_str(),
        None if settings.sandbox_payments => SANDBOX_PAYSTATION_URL,
        None => PAYSTATION_URL,
    };
    let url = paystation_url(base, &token);
    let tracking = tracking_from(settings, Instant::now());
    world.resource_mut::<Purchases>().insert(
        order_id,
        Awaited {
            purchase: purchase.clone(),
            items,
            status: Some(OrderStatus::New),
            tracking: Some(tracking),
        },
    );
    emit(
        world,
        PaymentRequired {
            purchase,
            order_id,
            token,
            url,
        },
    );
}

/// A read of an offer chain shows `step` bought: every order awaited for it is settled, and
/// the grant reported once (with `items`, the step's as the chain lists them, when the order's
/// own are not known).
pub(crate) fn step_bought(
    world: &mut World,
    chain: OfferChainId,
    step: StepNumber,
    items: Vec<GrantedItem>,
) {
    let purchase = Purchase::OfferStep { chain, step };
    let mut orders: Vec<OrderId> = world
        .resource::<Purchases>()
        .awaited
        .iter()
        .filter(|(_, a)| a.purchase == purchase)
        .map(|(&id, _)| id)
        .collect();
    orders.sort_unstable();
    // The newest order is named as the one that paid; the older ones were left unpaid.
    let Some(newest) = orders.pop() else {
        return;
    };
    for older in orders {
        world.resource_mut::<Purchases>().take(older);
    }
    done(world, newest, Settled::Items(items));
}

/// What a settled order's grant lists when the player never saw its items.
enum Settled<'a> {
    /// The order as read.
    Order(&'a Order),
    /// The items its step lists.
    Items(Vec<GrantedItem>),
}

/// An order is done: it is settled and its grant reported, once; its feature is read again.
/// An offer chain step is bought once: the other orders awaited for the same step (checkouts
/// the player opened and left) are settled with it, unreported.
fn done(world: &mut World, order_id: OrderId, settled: Settled<'_>) {
    let mut purchases = world.resource_mut::<Purchases>();
    let Some(awaited) = purchases.take(order_id) else {
        return;
    };
    if matches!(awaited.purchase, Purchase::OfferStep { .. }) {
        let siblings: Vec<OrderId> = purchases
            .awaited
            .iter()
            .filter(|(_, a)| a.purchase == awaited.purchase)
            .map(|(&id, _)| id)
            .collect();
        for sibling in siblings {
            purchases.take(sibling);
        }
    }
    let items = match settled {
        _ if !awaited.items.is_empty() => awaited.items,
        Settled::Items(items) => items,
        Settled::Order(order) => order
            .content
            .items
            .iter()
            .map(|i| GrantedItem::new(i.sku.clone(), i.quantity, ItemType::VirtualGood))
            .collect(),
    };
    let source = match &awaited.purchase {
        Purchase::OfferStep { chain, step } => GrantSource::Offer {
            chain: *chain,
            step: *step,
            order_id: Some(order_id),
        },
        Purchase::Item { sku } => GrantSource::Item {
            sku: sku.clone(),
            order_id: Some(order_id),
        },
    };
    world.write_message(RefreshLiveOps::only(awaited.purchase.feature()));
    emit(world, RewardsGranted { source, items });
}

/// Starts a status read of every tracked order whose next check is due (an order whose read
/// waits or is on its way is not due: its next check is set when it is answered).
fn check_due_orders(purchases: Res<Purchases>, mut track: MessageWriter<TrackOrder>) {
    let now = Instant::now();
    for (&order_id, awaited) in &purchases.awaited {
        let due = awaited.tracking.is_some_and(|t| t.next_check <= now);
        if due && !purchases.checks.contains(&order_id) {
            track.write(TrackOrder {
                order_id,
                purchase: awaited.purchase.clone(),
            });
        }
    }
}

/// Checks every order awaited for an offer chain now (the game asked with
/// [`CheckOfferPayment`](crate::CheckOfferPayment)).
pub(crate) fn check_chain_orders(world: &mut World, chain: OfferChainId) {
    let orders: Vec<TrackOrder> = world
        .resource::<Purchases>()
        .awaited
        .iter()
        .filter(|(_, a)| matches!(a.purchase, Purchase::OfferStep { chain: c, .. } if c == chain))
        .map(|(&order_id, a)| TrackOrder {
            order_id,
            purchase: a.purchase.clone(),
        })
        .collect();
    for order in orders {
        world.write_message(order);
    }
}

/// Applies an order's status: settled when final; else read again after the interval, or
/// reported pending once the tracking limit passed.
fn apply_status(world: &mut World, order: Order) {
    let order_id = order.order_id;
    match order.status {
        OrderStatus::Done => done(world, order_id, Settled::Order(&order)),
        OrderStatus::Canceled => {
            if let Some(awaited) = world.resource_mut::<Purchases>().take(order_id) {
                emit(
                    world,
                    PurchaseCanceled {
                        order_id,
                        purchase: awaited.purchase,
                    },
                );
            }
        }
        status => {
            let settings = world.resource::<LiveOpsSettings>();
            let interval = settings.order_check_interval;
            let now = Instant::now();
            let mut purchases = world.resource_mut::<Purchases>();
            let Some(awaited) = purchases.awaited.get_mut(&order_id) else {
                return;
            };
            awaited.status = Some(status.clone());
            let tracking = awaited.tracking.map(|t| Tracking {
                next_check: now + interval,
                ..t
            });
            match tracking {
                Some(t) if t.until <= now => {
                    let purchase = awaited.purchase.clone();
                    purchases.set_tracking(order_id, None);
                    emit(
                        world,
                        PurchasePending {
                            order_id,
                            purchase,
                            status,
                        },
                    );
                }
                tracking => purchases.set_tracking(order_id, tracking),
            }
        }
    }
}

/// A status read of an order: `GET /v2/project/{project_id}/order/{order_id}`. A read changes
/// nothing on the server, so an ambiguous answer is settled by reading again until answered.
/// A refusal (an unknown order, say) ends the order's tracking and is reported; the order
/// stays awaited.
impl RequestKind for TrackOrder {
    type Feature = Purchases;
    type Message = Self;
    type Key = OrderId;
    type Payload = Purchase;
    type Context = ();
    type Answer = Order;
    type Check = Order;

    fn book(feature: &Purchases) -> &RequestBook<Self> {
        &feature.checks
    }

    fn book_mut(feature: &mut Purchases) -> &mut RequestBook<Self> {
        &mut feature.checks
    }

    /// An order the plugin does not await yet (the game kept it over a restart) is awaited
    /// from now; an order whose tracking ended is tracked anew; an order already settled for
    /// this player needs nothing.
    fn admit(world: &mut World, track: &Self) -> Option<Entry<Self>> {
        let tracking = tracking_from(world.resource::<LiveOpsSettings>(), Instant::now());
        let mut purchases = world.resource_mut::<Purchases>();
        if purchases.settled.contains(&track.order_id) {
            return None;
        }
        match purchases.awaited.get(&track.order_id) {
            None => purchases.insert(
                track.order_id,
                Awaited {
                    purchase: track.purchase.clone(),
                    items: Vec::new(),
                    status: None,
                    tracking: Some(tracking),
                },
            ),
            Some(awaited) if awaited.tracking.is_none() => {
                purchases.set_tracking(track.order_id, Some(tracking));
            }
            Some(_) => {}
        }
        Some(Entry {
            key: track.order_id,
            payload: track.purchase.clone(),
        })
    }

    fn context(_: &Purchases, _: &Entry<Self>) {}

    fn send(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> impl Future<Output = Result<Reply<Order>, Error>> + MaybeSend + 'static {
        read_order(client, entry.key)
    }

    fn succeeded(world: &mut World, _: Entry<Self>, (): (), order: Order) {
        apply_status(world, order);
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> Option<impl Future<Output = Result<Reply<Order>, Error>> + MaybeSend + 'static> {
        Some(read_order(client, entry.key))
    }

    fn settle(world: &mut World, _: Entry<Self>, (): (), order: Order, _: LiveOpsError) {
        apply_status(world, order);
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        world
            .resource_mut::<Purchases>()
            .set_tracking(entry.key, None);
        fail::<Self>(world, &entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        TrackOrder {
            order_id: entry.key,
            purchase: entry.payload.clone(),
        }
        .into()
    }
}

async fn read_order(client: Client, order: OrderId) -> Result<Reply<Order>, Error> {
    client.orders().get(order).send_with_meta().await
}
