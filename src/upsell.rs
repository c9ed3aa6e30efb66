//! Upsell: [`UpsellPlugin`], the items the project offers on top of a purchase in the
//! [`UpsellItems`] resource, and [`BuyUpsellItem`], a request kind on the shared lifecycle: a
//! real-money item gives [`PaymentRequired`](crate::PaymentRequired) and its order is tracked
//! by [`Purchases`](crate::Purchases); a virtual-currency item settles at once.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::orders::ItemOrder;
use xsolla_liveops::models::upsell::UpsellItem;
use xsolla_liveops::{Client, Error, OrderId, Reply, Sku};

use crate::cache::DataOrigin;
use crate::error::LiveOpsError;
use crate::feature::{
    FeaturePlugin, FeatureResource, FeatureState, ReadState, RegisterFeature, feature_data,
};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{BuyUpsellItem, LiveOpsRequest, Purchase, RefreshLiveOps};
use crate::outcome::{GrantSource, GrantedItem, RewardsGranted, emit};
use crate::purchases::{self, PurchasesPlugin};
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind, send_again};
use crate::runtime::MaybeSend;

/// Upsell: reads the items offered on top of a purchase, and buys them.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpsellPlugin;

impl Plugin for UpsellPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        if !app.is_plugin_added::<PurchasesPlugin>() {
            app.add_plugins(PurchasesPlugin);
        }
        app.register_state_feature::<UpsellItems>();
        add_kind::<BuyUpsellItem>(app);
    }
}

impl FeaturePlugin for UpsellPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<UpsellItems>();
    }
}

/// The project's upsell items for the player.
#[derive(Resource, Default)]
pub struct UpsellItems {
    /// The items, as last read.
    pub items: Vec<UpsellItem>,
    /// Where [`UpsellItems::items`] came from.
    pub origin: DataOrigin,
    reads: ReadState,
    buys: RequestBook<BuyUpsellItem>,
}

impl std::fmt::Debug for UpsellItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpsellItems")
            .field("items", &self.items.len())
            .field("origin", &self.origin)
            .finish()
    }
}

impl UpsellItems {
    /// True while the items are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }

    /// An item by SKU.
    pub fn item(&self, sku: &Sku) -> Option<&UpsellItem> {
        self.items.iter().find(|i| &i.sku == sku)
    }

    /// True while a purchase of this item waits or is on its way (once its order is created,
    /// [`Purchases::awaiting_item`](crate::Purchases::awaiting_item) tells whether its payment
    /// is awaited).
    pub fn is_buying(&self, sku: &Sku) -> bool {
        self.buys.contains(sku)
    }
}

impl FeatureResource for UpsellItems {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::UPSELL;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        self.buys
            .pending()
            .map(|sku| BuyUpsellItem::new(sku.clone()).into())
            .collect()
    }

    fn loaded(&self) -> bool {
        self.origin == DataOrigin::Network
    }
}

impl FeatureState for UpsellItems {
    type Data = Vec<UpsellItem>;

    feature_data!(items);

    async fn read(client: Client) -> Result<Reply<Self::Data>, Error> {
        let reply = client.upsell().items().send_with_meta().await?;
        Ok(reply.map(|r| r.items))
    }
}

/// How an item is paid for, and what a virtual-currency purchase saw of the balance before it.
#[derive(Clone)]
pub(crate) struct Payment {
    /// The virtual currency; `None`: real money.
    currency: Option<Sku>,
    /// The currency's balance read just before the purchase was sent.
    balance_before: Arc<OnceLock<i64>>,
}

/// The item as the player saw it, and its price in the chosen virtual currency.
pub(crate) struct Seen {
    item: Vec<GrantedItem>,
    price: Option<i64>,
}

/// A purchase's answer.
pub(crate) enum Bought {
    /// A real-money order, to be paid in Pay Station.
    Order(ItemOrder),
    /// A virtual-currency purchase, settled.
    Settled(OrderId),
}

/// What settles an ambiguous purchase.
pub(crate) enum Checked {
    /// A real-money item was ordered again (an unpaid order grants nothing).
    Ordered(ItemOrder),
    /// The currency's balance now.
    Balance(i64),
}

/// An upsell item's purchase: `POST …/payment/item/{sku}` (real money: [`PaymentRequired`]
/// and the order tracked) or `POST …/payment/item/{sku}/virtual/{currency}` (settled at once:
/// [`RewardsGranted`]).
///
/// After an ambiguous answer, a real-money item is ordered again until answered (as for offer
/// steps). A virtual-currency purchase is judged by the balance: the plugin reads it before
/// buying, and again to settle; a balance lowered by the price means the purchase went through
/// (reported as granted, once), an unchanged one that it did not (it is sent again).
///
/// [`PaymentRequired`]: crate::PaymentRequired
impl RequestKind for BuyUpsellItem {
    type Feature = UpsellItems;
    type Message = Self;
    type Key = Sku;
    type Payload = Payment;
    type Context = Seen;
    type Answer = Bought;
    type Check = Checked;

    fn book(feature: &UpsellItems) -> &RequestBook<Self> {
        &feature.buys
    }

    fn book_mut(feature: &mut UpsellItems) -> &mut RequestBook<Self> {
        &mut feature.buys
    }

    /// Without a currency named: real money when the item has a real price, else its default
    /// virtual price (an item the player has not seen is ordered for real money; the server
    /// decides).
    fn admit(world: &mut World, buy: &Self) -> Option<Entry<Self>> {
        let currency = buy.virtual_currency.clone().or_else(|| {
            let item = world.resource::<UpsellItems>().item(&buy.sku)?;
            if item.price.is_some() {
                return None;
            }
            let default = item.virtual_prices.iter().find(|p| p.is_default);
            default
                .or(item.virtual_prices.first())
                .map(|p| p.sku.clone())
        });
        Some(Entry {
            key: buy.sku.clone(),
            payload: Payment {
                currency,
                balance_before: Arc::default(),
            },
        })
    }

    fn context(upsell: &UpsellItems, entry: &Entry<Self>) -> Seen {
        let item = upsell.item(&entry.key);
        let price = entry.payload.currency.as_ref().and_then(|currency| {
            let prices = &item?.virtual_prices;
            prices.iter().find(|p| &p.sku == currency).map(|p| p.amount)
        });
        Seen {
            item: item.map(|i| vec![granted_item(i)]).unwrap_or_default(),
            price,
        }
    }

    fn send(
        client: Client,
        entry: &Entry<Self>,
        _: &Seen,
    ) -> impl Future<Output = Result<Reply<Bought>, Error>> + MaybeSend + 'static {
        let sku = entry.key.clone();
        let payment = entry.payload.clone();
        async move {
            let orders = client.orders();
            match payment.currency {
                None => Ok(orders.buy(sku).send_with_meta().await?.map(Bought::Order)),
                Some(currency) => {
                    let balance = client.inventory().currency_balance().send().await?;
                    let _ = payment.balance_before.set(balance.amount(&currency.0));
                    let reply = orders
                        .buy_with_virtual_currency(sku, currency)
                        .send_with_meta()
                        .await?;
                    Ok(reply.map(|o| Bought::Settled(o.order_id)))
                }
            }
        }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, seen: Seen, answer: Bought) {
        match answer {
            Bought::Order(order) => ordered(world, entry.key, seen, order),
            Bought::Settled(order_id) => settled(world, entry.key, seen, Some(order_id)),
        }
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        _: &Seen,
    ) -> Option<impl Future<Output = Result<Reply<Checked>, Error>> + MaybeSend + 'static> {
        let sku = entry.key.clone();
        let currency = entry.payload.currency.clone();
        Some(async move {
            match currency {
                None => {
                    let reply = client.orders().buy(sku).send_with_meta().await?;
                    Ok(reply.map(Checked::Ordered))
                }
                Some(currency) => {
                    let reply = client
                        .inventory()
                        .currency_balance()
                        .send_with_meta()
                        .await?;
                    Ok(reply.map(|b| Checked::Balance(b.amount(&currency.0))))
                }
            }
        })
    }

    fn settle(
        world: &mut World,
        mut entry: Entry<Self>,
        seen: Seen,
        check: Checked,
        _: LiveOpsError,
    ) {
        match check {
            Checked::Ordered(order) => ordered(world, entry.key, seen, order),
            Checked::Balance(now) => {
                let spent =
                    entry
                        .payload
                        .balance_before
                        .get()
                        .is_some_and(|&before| match seen.price {
                            Some(price) => now <= before - price,
                            None => now < before,
                        });
                if spent {
                    settled(world, entry.key, seen, None);
                } else {
                    // Not bought (or the balance was never read, so the purchase never left):
                    // it goes again, with a fresh look at the balance.
                    entry.payload.balance_before = Arc::default();
                    send_again::<Self>(world, entry);
                }
            }
        }
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        BuyUpsellItem {
            sku: entry.key.clone(),
            virtual_currency: entry.payload.currency.clone(),
        }
        .into()
    }
}

fn granted_item(item: &UpsellItem) -> GrantedItem {
    GrantedItem {
        name: item.name.clone(),
        image_url: item.image_url.clone(),
        description: item.description.clone(),
        ..GrantedItem::new(item.sku.clone(), 1, item.item_type.clone())
    }
}

/// A real-money order: its payment is awaited and tracked.
fn ordered(world: &mut World, sku: Sku, seen: Seen, order: ItemOrder) {
    purchases::payment_required(
        world,
        Purchase::Item { sku },
        order.order_id,
        order.token,
        seen.item,
    );
}

/// A virtual-currency purchase went through: the grant is reported once.
fn settled(world: &mut World, sku: Sku, seen: Seen, order_id: Option<OrderId>) {
    let items = if seen.item.is_empty() {
        vec![GrantedItem::new(
            sku.clone(),
            1,
            xsolla_liveops::models::common::ItemType::VirtualGood,
        )]
    } else {
        seen.item
    };
    world.write_message(RefreshLiveOps::only(LiveOpsFeature::UPSELL));
    emit(
        world,
        RewardsGranted {
            source: GrantSource::Item { sku, order_id },
            items,
        },
    );
}
