//! A purchase finishes by itself: after `PaymentRequired` the plugin reads the order's status
//! until it is final, so paying on the checkout page (the emulator's, posted as a browser
//! posts it) is all the player does. Canceled orders, orders still open at the tracking limit,
//! token renewals, player changes, restarts, and upsell items for real money and for virtual
//! currency.

use std::time::Duration;

use bevy::app::PluginGroup;
use bevy_xsolla_liveops::prelude::*;

use crate::common::{
    CARD_DECLINED, CARD_PAYS, DAY, Game, POTION, POTION_PRICE, Seen, T0, app_with,
    on_checkout_page, seed_with_a_potion_for_gold,
};

const HOUR: i64 = 3_600;
/// How often orders are read in these tests (3 s in a game).
const CHECK: Duration = Duration::from_millis(150);
fn start(player: &str, limit: Duration) -> Game {
    let mut game = Game::start_with(seed_with_a_potion_for_gold(), T0 + 10 * DAY + HOUR, |p| {
        p.with_order_tracking(CHECK, limit).build()
    });
    game.login(player, Duration::from_secs(30 * 86_400));
    game.run_until("the offers and upsell load", |w| {
        w.resource::<OfferChains>().origin == DataOrigin::Network
            && w.resource::<UpsellItems>().origin == DataOrigin::Network
    });
    game
}

/// Claims the free first step, orders the paid one and returns its `PaymentRequired`.
fn order_paid_step(game: &mut Game) -> PaymentRequired {
    let chain = game.res::<OfferChains>().chains[0].clone();
    let free = chain.next_step().expect("a first step").step_number;
    game.send(ClaimOfferStep::new(chain.id, free));
    game.run_until("the chain moves on to its paid step", |w| {
        w.resource::<OfferChains>().chains[0]
            .next_step()
            .is_some_and(|s| s.step_number != free && s.is_paid())
    });
    let paid = game.res::<OfferChains>().chains[0]
        .next_step()
        .unwrap()
        .step_number;
    let before = game.seen().payments.len();
    game.send(BuyOfferStep::new(chain.id, paid));
    game.run_until("payment is required", |w| {
        w.resource::<Seen>().payments.len() > before
    });
    game.seen().payments.last().unwrap().clone()
}

fn status_of(game: &Game, order: OrderId) -> Option<OrderStatus> {
    game.res::<Purchases>()
        .order(order)
        .and_then(|o| o.status.cloned())
}

#[test]
fn a_paid_step_paid_on_the_checkout_page_is_granted_once_by_tracking() {
    let mut game = start("pia", Duration::from_secs(600));
    let payment = order_paid_step(&mut game);
    let (chain, step) = payment.offer_step().expect("an offer step");
    let granted = game.seen().granted.len();
    assert_eq!(
        game.res::<Purchases>().awaiting_step(chain, step),
        Some(payment.order_id)
    );

    // A declined card changes nothing; the order stays open and tracked.
    assert_eq!(on_checkout_page(&payment, Some(CARD_DECLINED)), 402);
    game.frames(60);
    assert_eq!(game.seen().granted.len(), granted);
    assert_eq!(status_of(&game, payment.order_id), Some(OrderStatus::New));

    // The player pays; nothing else happens in the game, and the grant arrives.
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.run_until("the paid step is granted by tracking", |w| {
        w.resource::<Seen>().granted.len() > granted
    });
    // From the frame of the grant the step shows bought, before the chain is read again:
    // it never offers itself for sale a second time.
    let offers = game.res::<OfferChains>();
    assert!(offers.step(chain, step).is_some_and(|s| s.is_claimed));
    assert_ne!(
        offers.chains[0].next_step().map(|s| s.step_number),
        Some(step)
    );
    // Checks and reads afterwards report nothing more.
    game.send(CheckOfferPayment { chain });
    game.send(RefreshLiveOps::all());
    game.frames(60);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), granted + 1, "once");
    assert_eq!(
        seen.granted[granted].source,
        GrantSource::Offer {
            chain,
            step,
            order_id: Some(payment.order_id)
        }
    );
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);
    for item in seen.granted[granted].inventory_items() {
        assert_eq!(
            game.owned("pia", &item.sku.0),
            game.granted_total(&item.sku.0),
            "{} as reported",
            item.sku.0
        );
    }
    assert!(game.res::<Purchases>().is_empty());
    assert!(
        game.res::<OfferChains>()
            .step(chain, step)
            .is_some_and(|s| s.is_claimed),
        "the chain was read again"
    );
}

#[test]
fn a_canceled_payment_is_reported_once_and_the_step_can_be_bought_again() {
    let mut game = start("pia", Duration::from_secs(600));
    let payment = order_paid_step(&mut game);
    let (chain, step) = payment.offer_step().unwrap();
    let granted = game.seen().granted.len();

    assert_eq!(on_checkout_page(&payment, None), 200);
    game.run_until("the cancel is seen", |w| {
        !w.resource::<Seen>().canceled.is_empty()
    });
    game.frames(30);
    let seen = game.seen();
    assert_eq!(
        seen.canceled,
        vec![PurchaseCanceled {
            order_id: payment.order_id,
            purchase: payment.purchase.clone()
        }]
    );
    assert_eq!(seen.granted.len(), granted, "nothing granted");
    assert_eq!(game.res::<Purchases>().awaiting_step(chain, step), None);

    game.send(BuyOfferStep::new(chain, step));
    game.run_until("a new order", |w| w.resource::<Seen>().payments.len() == 2);
    assert_ne!(game.seen().payments[1].order_id, payment.order_id);
}

#[test]
fn two_checkouts_for_one_step_report_the_paid_one_once() {
    let mut game = start("pia", Duration::from_secs(600));
    let first = order_paid_step(&mut game);
    let (chain, step) = first.offer_step().unwrap();
    // The player leaves the first checkout and opens another for the same step.
    game.send(BuyOfferStep::new(chain, step));
    game.run_until("a second order", |w| {
        w.resource::<Seen>().payments.len() == 2
    });
    let second = game.seen().payments[1].clone();
    assert_ne!(second.order_id, first.order_id);
    let granted = game.seen().granted.len();

    // The second is paid; tracking reports it, and the first (never paid) goes with it.
    assert_eq!(on_checkout_page(&second, Some(CARD_PAYS)), 200);
    game.run_until("the step is granted", |w| {
        w.resource::<Seen>().granted.len() > granted
    });
    assert!(game.res::<Purchases>().is_empty(), "both orders settled");
    // Reads of the chain (which shows the step bought) and checks report nothing more.
    for _ in 0..3 {
        game.send(RefreshLiveOps::all());
        game.send(CheckOfferPayment { chain });
        game.frames(40);
    }
    let seen = game.seen();
    assert_eq!(seen.granted.len(), granted + 1, "once: {:?}", seen.granted);
    assert_eq!(
        seen.granted[granted].source,
        GrantSource::Offer {
            chain,
            step,
            order_id: Some(second.order_id)
        }
    );
    for item in seen.granted[granted].inventory_items() {
        assert_eq!(
            game.owned("pia", &item.sku.0),
            game.granted_total(&item.sku.0)
        );
    }
    // The first checkout, paid after all, is refused by the server: nothing twice.
    assert_eq!(on_checkout_page(&first, Some(CARD_PAYS)), 409);
    game.frames(40);
    assert_eq!(game.seen().granted.len(), granted + 1);
}

#[test]
fn an_order_still_open_at_the_limit_is_pending_once_and_can_be_checked_later() {
    let mut game = start("pia", Duration::from_millis(700));
    let payment = order_paid_step(&mut game);
    let (chain, step) = payment.offer_step().unwrap();
    let granted = game.seen().granted.len();

    game.run_until("the tracking ends", |w| {
        !w.resource::<Seen>().pending.is_empty()
    });
    game.frames(60);
    assert_eq!(
        game.seen().pending,
        vec![PurchasePending {
            order_id: payment.order_id,
            purchase: payment.purchase.clone(),
            status: OrderStatus::New,
        }],
        "once"
    );
    let order = game.res::<Purchases>().order(payment.order_id).unwrap();
    assert!(!order.tracked, "no longer read by itself");

    // The player pays later (a slow payment method); the game checks when it is told.
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.frames(60);
    assert_eq!(game.seen().granted.len(), granted, "not tracked any more");
    game.send(CheckOfferPayment { chain });
    game.run_until("the check finds it paid", |w| {
        w.resource::<Seen>().granted.len() > granted
    });
    game.frames(30);
    assert_eq!(
        game.seen().granted.len(),
        granted + 1,
        "{:#?}",
        game.seen().granted
    );
    assert_eq!(game.res::<Purchases>().awaiting_step(chain, step), None);
}

#[test]
fn a_payment_made_while_the_token_is_renewed_is_granted_once() {
    let mut game = start("pia", Duration::from_secs(600));
    game.login("pia", Duration::from_secs(60));
    game.frames(10);
    let payment = order_paid_step(&mut game);
    let granted = game.seen().granted.len();

    // The token runs out: the next status read is refused and waits for the next token.
    game.emu.clock().advance(120);
    game.run_until("the session expires", |w| {
        !w.resource::<Seen>().expired.is_empty()
    });
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.frames(40);
    assert_eq!(game.seen().granted.len(), granted, "waiting for a token");

    game.login("pia", Duration::from_secs(30 * 86_400));
    game.run_until("the grant arrives with the new token", |w| {
        w.resource::<Seen>().granted.len() > granted
    });
    game.frames(40);
    assert_eq!(game.seen().granted.len(), granted + 1);
    assert!(game.seen().failed.is_empty(), "{:?}", game.seen().failed);
}

#[test]
fn a_player_change_ends_tracking_and_says_so_once() {
    let mut game = start("pia", Duration::from_secs(600));
    let payment = order_paid_step(&mut game);
    let granted = game.seen().granted.len();

    game.login("quin", Duration::from_secs(30 * 86_400));
    game.frames(30);
    let track = LiveOpsRequest::from(TrackOrder {
        order_id: payment.order_id,
        purchase: payment.purchase.clone(),
    });
    let dropped = |seen: &Seen| {
        seen.failed
            .iter()
            .filter(|f| f.request == track && matches!(f.error, LiveOpsError::PlayerChanged))
            .count()
    };
    assert_eq!(dropped(game.seen()), 1);
    assert!(game.res::<Purchases>().is_empty());

    // Pia's order paid later is not Quin's grant.
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.frames(100);
    assert_eq!(game.seen().granted.len(), granted);
    assert_eq!(dropped(game.seen()), 1);
}

#[test]
fn an_order_kept_over_a_restart_is_tracked_again() {
    let mut game = start("pia", Duration::from_secs(600));
    let payment = order_paid_step(&mut game);
    let (chain, step) = payment.offer_step().unwrap();
    let expected: Vec<(String, i64)> = game
        .res::<OfferChains>()
        .step(chain, step)
        .unwrap()
        .items
        .iter()
        .map(|i| (i.sku.0.clone(), i.quantity))
        .collect();

    // The game quits with the order open; the player pays meanwhile.
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.app = app_with(
        LiveOpsPlugins::local_emulator(game.emu.project_id(), game.emu.base_url())
            .with_order_tracking(CHECK, Duration::from_secs(600)),
    );
    game.login("pia", Duration::from_secs(30 * 86_400));
    game.send(TrackOrder {
        order_id: payment.order_id,
        purchase: payment.purchase.clone(),
    });
    game.run_until("the kept order is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.frames(40);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), 1);
    let items: Vec<(String, i64)> = seen.granted[0]
        .items
        .iter()
        .map(|i| (i.sku.0.clone(), i.quantity))
        .collect();
    assert_eq!(items, expected, "the order's content");
}

#[test]
fn upsell_items_for_money_are_tracked_and_for_virtual_currency_settle_at_once() {
    let mut game = start("pia", Duration::from_secs(600));

    // Real money: Pay Station, then tracking.
    let sword = Sku::from("epic_sword");
    game.send(BuyUpsellItem::new(sword.clone()));
    game.run_until("payment is required", |w| {
        !w.resource::<Seen>().payments.is_empty()
    });
    let payment = game.seen().payments[0].clone();
    assert_eq!(payment.purchase, Purchase::Item { sku: sword.clone() });
    assert_eq!(
        game.res::<Purchases>().awaiting_item(&sword),
        Some(payment.order_id)
    );
    assert_eq!(on_checkout_page(&payment, Some(CARD_PAYS)), 200);
    game.run_until("the sword is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    let grant = game.seen().granted[0].clone();
    assert_eq!(
        grant.source,
        GrantSource::Item {
            sku: sword.clone(),
            order_id: Some(payment.order_id)
        }
    );
    assert_eq!(grant.items.len(), 1);
    assert!(grant.items[0].name.is_some(), "as the player saw it");
    assert_eq!(game.owned("pia", "epic_sword"), 1);

    // Virtual currency: 500 gold from a coupon, then potions at 120 until the gold runs short.
    game.send(RedeemCode::new("WELCOME2025"));
    game.run_until("the coupon", |w| !w.resource::<Seen>().redeemed.is_empty());
    let gold = game.owned("pia", "gold");
    let affordable = gold / POTION_PRICE;
    assert!(affordable >= 1, "gold {gold}");
    for bought in 1..=affordable {
        game.send(BuyUpsellItem::new(POTION));
        game.run_until("a potion", |w| {
            w.resource::<Seen>()
                .granted
                .iter()
                .filter(|g| matches!(&g.source, GrantSource::Item { sku, .. } if sku.0 == POTION))
                .count() as i64
                == bought
        });
    }
    assert!(game.seen().payments.len() == 1, "no Pay Station for gold");
    game.send(BuyUpsellItem::new(POTION));
    game.run_until("the balance runs short", |w| {
        !w.resource::<Seen>().failed.is_empty()
    });
    game.frames(30);
    let seen = game.seen();
    assert_eq!(seen.failed.len(), 1);
    assert_eq!(
        seen.failed[0].request,
        LiveOpsRequest::from(BuyUpsellItem::new(POTION).with_virtual_currency("gold"))
    );
    assert_eq!(game.owned("pia", POTION), affordable);
    assert_eq!(game.owned("pia", "gold"), gold - affordable * POTION_PRICE);
    assert_eq!(game.granted_total(POTION), affordable, "each once");
}
