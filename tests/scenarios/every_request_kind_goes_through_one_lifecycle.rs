//! Every request kind (step claims, offer orders, payment checks, order tracking, upsell
//! purchases, code previews and redemptions) goes through the same lifecycle, so the same three stories hold for each:
//! - refused with 401, it waits for the player's next token and is answered once;
//! - its answer lost, and the first check lost too, it is reconciled and reported once;
//! - held for a token when another player logs in, it is reported once as dropped and never
//!   reaches the next player.

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Faults;

use crate::common::{DAY, Game, POTION, Seen, T0, seed_with_a_potion_for_gold};

const HOUR: i64 = 3_600;

/// One kind of request as a player makes it.
struct Kind {
    name: &'static str,
    /// Gets the player to where the request makes sense (a first step claimed, an order
    /// paid, value points earned) and returns the request.
    prepare: fn(&mut Game, &str) -> LiveOpsRequest,
    /// How many times the request's outcome was reported.
    outcomes: fn(&Seen) -> usize,
}

const KINDS: [Kind; 10] = [
    Kind {
        name: "daily claim",
        prepare: |game, _| {
            let chain = game.res::<DailyChains>().chains[0].id;
            ClaimDailyStep::new(chain, 1).into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "offer claim",
        prepare: |game, _| {
            let chain = &game.res::<OfferChains>().chains[0];
            let step = chain.next_step().expect("a free first step");
            assert!(step.is_free);
            ClaimOfferStep::new(chain.id, step.step_number).into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "reward claim",
        prepare: |game, player| {
            let chain = game.res::<RewardChains>().chains[0].clone();
            let step = &chain.steps[0];
            let sku = chain.value_point.sku.0.clone();
            game.emu
                .grant_value_points(player, &sku, step.price.amount)
                .expect("value points");
            game.send(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
            game.run_until("the balance shows", |w| {
                w.resource::<RewardChains>().chains[0].balance() > 0
            });
            ClaimRewardStep::new(chain.reward_chain_id, step.step_id).into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "offer order",
        prepare: |game, _| {
            let chain = paid_step_reached(game);
            let step = game.res::<OfferChains>().chains[0].next_step().unwrap();
            BuyOfferStep::new(chain, step.step_number).into()
        },
        outcomes: |seen| seen.payments.len(),
    },
    Kind {
        name: "payment check",
        prepare: |game, _| {
            let chain = paid_step_reached(game);
            let step = game.res::<OfferChains>().chains[0].next_step().unwrap();
            game.send(BuyOfferStep::new(chain, step.step_number));
            game.run_until("payment is required", |w| {
                !w.resource::<Seen>().payments.is_empty()
            });
            let order = game.seen().payments[0].order_id;
            assert!(game.emu.pay_order(order.0).expect("the order"));
            CheckOfferPayment { chain }.into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "order tracking",
        prepare: |game, _| {
            let chain = paid_step_reached(game);
            let step = game.res::<OfferChains>().chains[0].next_step().unwrap();
            game.send(BuyOfferStep::new(chain, step.step_number));
            game.run_until("payment is required", |w| {
                !w.resource::<Seen>().payments.is_empty()
            });
            let payment = game.seen().payments[0].clone();
            assert!(game.emu.pay_order(payment.order_id.0).expect("the order"));
            TrackOrder {
                order_id: payment.order_id,
                purchase: payment.purchase,
            }
            .into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "upsell purchase for money",
        prepare: |_, _| BuyUpsellItem::new("epic_sword").into(),
        outcomes: |seen| seen.payments.len(),
    },
    Kind {
        name: "upsell purchase for virtual currency",
        prepare: |game, player| {
            game.send(RedeemCode::new("WELCOME2025"));
            game.run_until("gold from a coupon", |w| {
                !w.resource::<Seen>().redeemed.is_empty()
            });
            assert!(game.owned(player, "gold") >= 100);
            BuyUpsellItem::new(POTION).into()
        },
        outcomes: |seen| seen.granted.len(),
    },
    Kind {
        name: "code preview",
        prepare: |_, _| PreviewCode::new("WELCOME2025").into(),
        outcomes: |seen| seen.previewed.len(),
    },
    Kind {
        name: "code redemption",
        prepare: |_, _| RedeemCode::new("WELCOME2025").into(),
        outcomes: |seen| {
            assert_eq!(seen.redeemed.len(), seen.granted.len(), "a coupon grants");
            seen.redeemed.len()
        },
    },
];

/// Claims the offer chain's free first step and waits until the paid one is next.
fn paid_step_reached(game: &mut Game) -> OfferChainId {
    let chain = game.res::<OfferChains>().chains[0].clone();
    let free = chain.next_step().expect("a first step").step_number;
    game.send(ClaimOfferStep::new(chain.id, free));
    game.run_until("the chain moves on to its paid step", |w| {
        w.resource::<OfferChains>().chains[0]
            .next_step()
            .is_some_and(|s| s.step_number != free && s.is_paid())
    });
    chain.id
}

/// The emulator and a headless game with every feature; `player` logged in with a token of
/// one hour and every feature read.
fn start(player: &str) -> Game {
    let mut game = Game::start_with(seed_with_a_potion_for_gold(), T0 + 10 * DAY + HOUR, |p| {
        p.build()
    });
    game.login(player, Duration::from_secs(HOUR as u64));
    game.run_until("every feature loads", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
            && w.resource::<OfferChains>().origin == DataOrigin::Network
            && w.resource::<RewardChains>().origin == DataOrigin::Network
            && w.resource::<UpsellItems>().origin == DataOrigin::Network
    });
    game
}

/// Prepares the kind, then forgets what preparing reported: only the request's own outcomes
/// count.
fn prepare(game: &mut Game, kind: &Kind, player: &str) -> LiveOpsRequest {
    let request = (kind.prepare)(game, player);
    game.frames(10);
    *game.app.world_mut().resource_mut::<Seen>() = Seen::default();
    request
}

fn send(game: &mut Game, request: &LiveOpsRequest) {
    let world = game.app.world_mut();
    request.clone().write(&mut world.commands());
    world.flush();
}

/// What the server holds agrees with what was reported: every SKU reported granted is owned
/// in that amount (nothing lost, nothing twice).
#[track_caller]
fn server_agrees(game: &Game, player: &str, kind: &Kind) {
    for grant in &game.seen().granted {
        for item in grant.inventory_items() {
            let sku = &item.sku.0;
            assert!(
                game.owned(player, sku) >= game.granted_total(sku),
                "{}: {sku} reported but not owned",
                kind.name
            );
        }
    }
}

#[test]
fn refused_with_401_each_kind_goes_again_with_the_next_token_once() {
    for kind in &KINDS {
        let player = "finn";
        let mut game = start(player);
        let request = prepare(&mut game, kind, player);

        // The token runs out on the server while the request is on its way.
        game.emu.set_faults(Faults {
            latency_ms: 400,
            ..Faults::default()
        });
        send(&mut game, &request);
        game.frames(2);
        game.emu.clock().advance(2 * HOUR);
        game.run_until("the server refuses the token", |w| {
            !w.resource::<Seen>().expired.is_empty()
        });
        game.emu.set_faults(Faults::default());
        game.frames(20);
        assert!(
            game.seen().failed.is_empty(),
            "{}: held, not failed: {:?}",
            kind.name,
            game.seen().failed
        );
        assert_eq!((kind.outcomes)(game.seen()), 0, "{}: not yet", kind.name);

        game.login(player, Duration::from_secs(30 * 86_400));
        game.run_until(kind.name, |w| (kind.outcomes)(w.resource::<Seen>()) > 0);
        game.frames(30);
        assert_eq!((kind.outcomes)(game.seen()), 1, "{}: once", kind.name);
        assert!(
            game.seen().failed.is_empty(),
            "{}: {:?}",
            kind.name,
            game.seen().failed
        );
        server_agrees(&game, player, kind);
    }
}

#[test]
fn with_its_answer_and_first_check_lost_each_kind_is_reported_once() {
    for kind in &KINDS {
        let player = "gus";
        let mut game = start(player);
        let request = prepare(&mut game, kind, player);

        // Every answer is lost (the server does the work) until the answer and at least one
        // check after it are gone.
        let dropped = game.emu.dropped_answers();
        game.emu.set_faults(Faults {
            drop_rate: 1.0,
            ..Faults::default()
        });
        send(&mut game, &request);
        let emu = &game.emu;
        for _ in 0..2_500 {
            if emu.dropped_answers() >= dropped + 2 {
                break;
            }
            game.app.update();
            std::thread::sleep(Duration::from_millis(4));
        }
        assert!(game.emu.dropped_answers() >= dropped + 2, "{}", kind.name);
        assert_eq!((kind.outcomes)(game.seen()), 0, "{}: not yet", kind.name);

        game.emu.set_faults(Faults::default());
        game.run_until(kind.name, |w| (kind.outcomes)(w.resource::<Seen>()) > 0);
        game.frames(60);
        assert_eq!((kind.outcomes)(game.seen()), 1, "{}: once", kind.name);
        assert!(
            game.seen().failed.is_empty(),
            "{}: {:?}",
            kind.name,
            game.seen().failed
        );
        server_agrees(&game, player, kind);
    }
}

#[test]
fn held_for_a_token_each_kind_is_dropped_once_at_a_player_change() {
    for kind in &KINDS {
        let mut game = start("hana");
        let request = prepare(&mut game, kind, "hana");

        // Hana's token runs out; her request waits for her next one.
        game.emu.clock().advance(2 * HOUR);
        game.send(RefreshLiveOps::all());
        game.run_until("the session ends", |w| {
            !w.resource::<Seen>().expired.is_empty()
        });
        game.frames(10);
        *game.app.world_mut().resource_mut::<Seen>() = Seen::default();
        send(&mut game, &request);
        game.frames(5);
        assert!(game.seen().failed.is_empty(), "{}: held", kind.name);

        // Ivo logs in instead.
        game.login("ivo", Duration::from_secs(30 * 86_400));
        game.frames(60);
        let dropped: Vec<_> = game
            .seen()
            .failed
            .iter()
            .filter(|f| matches!(f.error, LiveOpsError::PlayerChanged))
            .map(|f| f.request.clone())
            .collect();
        // (A payment awaited since preparing is dropped too, and said so.)
        assert_eq!(
            dropped.iter().filter(|r| **r == request).count(),
            1,
            "{}: reported once: {dropped:?}",
            kind.name
        );
        assert_eq!(
            (kind.outcomes)(game.seen()),
            0,
            "{}: not for ivo",
            kind.name
        );
        let ivo: i64 = game
            .emu
            .inventory("ivo")
            .expect("inventory")
            .iter()
            .map(|(_, q)| q)
            .sum();
        assert_eq!(ivo, 0, "{}: nothing reached ivo", kind.name);
    }
}
