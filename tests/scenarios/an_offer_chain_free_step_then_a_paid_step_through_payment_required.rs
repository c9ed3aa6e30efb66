//! A free offer step is claimed at once; a paid one asks the game to open Pay Station and is
//! granted once, after the emulator records the payment.

use std::time::Duration;

use crate::common::{DAY, Game, T0, only};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

#[test]
fn an_offer_chain_free_step_then_a_paid_step_through_payment_required() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 3 * DAY, |p| {
        only(p, &[LiveOpsFeature::OFFERS])
    });
    game.login("carol", Duration::from_secs(30 * 86_400));
    game.run_until("the offer chains load", |w| {
        w.resource::<OfferChains>().origin == DataOrigin::Network
    });
    let chain = game.res::<OfferChains>().chains[0].clone();
    let first = chain.next_step().expect("a first step").clone();
    assert!(first.is_free);
    assert_eq!(game.res::<LiveOpsBadges>().get(LiveOpsFeature::OFFERS), 1);

    game.send(ClaimOfferStep::new(chain.id, first.step_number));
    game.send(ClaimOfferStep::new(chain.id, first.step_number));
    game.run_until("the free step is granted", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 1
    });
    let sku = first.items[0].sku.0.clone();
    assert_eq!(game.owned("carol", &sku), first.items[0].quantity);
    assert!(matches!(
        game.seen().granted[0].source,
        GrantSource::Offer {
            order_id: Some(_),
            ..
        }
    ));

    game.run_until("the chain moves on", |w| {
        let offers = w.resource::<OfferChains>();
        offers.chains[0]
            .next_step()
            .is_some_and(|s| s.step_number != first.step_number)
    });
    let paid = game.res::<OfferChains>().chains[0]
        .next_step()
        .unwrap()
        .clone();
    assert!(paid.is_paid());
    game.send(BuyOfferStep::new(chain.id, paid.step_number));
    game.run_until("payment is required", |w| {
        !w.resource::<crate::common::Seen>().payments.is_empty()
    });
    let payment = game.seen().payments[0].clone();
    assert!(
        payment
            .url
            .starts_with(&format!("{}?token=", game.emu.paystation_base_url())),
        "the emulator's own checkout page"
    );
    assert!(
        !format!("{payment:?}").contains(payment.token.expose_secret()),
        "Debug hides the token"
    );
    assert_eq!(
        game.res::<Purchases>()
            .awaiting_step(chain.id, paid.step_number),
        Some(payment.order_id)
    );

    // Nothing is granted before the payment, even after a refresh.
    game.send(CheckOfferPayment { chain: chain.id });
    game.frames(30);
    assert_eq!(game.seen().granted.len(), 1);

    // The player pays; the game says so; the grant is reported once.
    assert!(game.emu.pay_order(payment.order_id.0).unwrap());
    assert!(
        !game.emu.pay_order(payment.order_id.0).unwrap(),
        "paying twice grants once"
    );
    game.send(CheckOfferPayment { chain: chain.id });
    game.run_until("the paid step is granted", |w| {
        w.resource::<crate::common::Seen>().granted.len() == 2
    });
    game.send(RefreshLiveOps::all());
    game.frames(30);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), 2);
    assert_eq!(
        seen.granted[1].source,
        GrantSource::Offer {
            chain: chain.id,
            step: paid.step_number,
            order_id: Some(payment.order_id)
        }
    );
    let paid_sku = &paid.items[0].sku.0;
    assert_eq!(game.owned("carol", paid_sku), game.granted_total(paid_sku));
    assert_eq!(
        game.res::<Purchases>()
            .awaiting_step(chain.id, paid.step_number),
        None
    );
}
