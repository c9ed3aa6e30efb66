//! With the emulator failing, delaying and dropping answers, every grant the game is told about
//! is in the player's inventory, and nothing is reported twice.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use crate::common::{DAY, Game, Seen, T0, only};
use bevy::prelude::PluginGroup;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Faults, Seed};

#[test]
fn faults_never_lose_or_double_a_grant() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 20 * DAY, |p| {
        only(
            p.with_refresh_interval(Duration::from_secs(2)),
            &[LiveOpsFeature::DAILY, LiveOpsFeature::OFFERS],
        )
    });
    game.login("hana", Duration::from_secs(60 * 86_400));
    game.run_until("the chains load", |w| {
        !w.resource::<DailyChains>().chains.is_empty()
            && !w.resource::<OfferChains>().chains.is_empty()
    });
    game.emu.set_faults(Faults {
        latency_ms: 15,
        error_rate: 0.25,
        drop_rate: 0.25,
    });

    let mut frames = 0;
    let mut day = 0;
    while day < 5 && frames < 4_000 {
        let claims: Vec<ClaimDailyStep> = game
            .res::<DailyChains>()
            .claimable()
            .map(|(chain, step)| ClaimDailyStep { chain, step })
            .collect();
        let offers: Vec<ClaimOfferStep> = game
            .res::<OfferChains>()
            .claimable()
            .map(|(chain, step)| ClaimOfferStep { chain, step })
            .collect();
        for claim in claims {
            game.send(claim);
        }
        for claim in offers {
            game.send(claim);
        }
        game.frames(10);
        frames += 10;
        if frames % 400 == 0 {
            game.emu.clock().advance(DAY);
            game.send(RefreshLiveOps::all());
            day += 1;
        }
    }

    // Calm again: everything in flight settles.
    game.emu.set_faults(Faults::default());
    game.send(RefreshLiveOps::all());
    game.run_until("nothing is in flight", |w| {
        w.resource::<LiveOpsRuntime>().in_flight() == 0
    });
    game.frames(50);
    game.run_until("nothing is in flight", |w| {
        w.resource::<LiveOpsRuntime>().in_flight() == 0
    });

    let seen = game.seen();
    assert!(
        seen.granted.len() >= 3,
        "some claims got through: {:?}",
        seen.granted
    );
    assert!(!seen.failed.is_empty(), "the faults were felt");
    let sources: HashSet<_> = seen
        .granted
        .iter()
        .map(|g| format!("{:?}", g.source))
        .collect();
    assert_eq!(
        sources.len(),
        seen.granted.len(),
        "no grant reported twice: {:?}",
        seen.granted
    );
    let inventory = game.emu.inventory("hana").unwrap();
    for (sku, owned) in &inventory {
        assert_eq!(
            *owned,
            game.granted_total(sku),
            "{sku}: the inventory and the reports agree"
        );
    }
    let reported: HashSet<_> = seen
        .granted
        .iter()
        .flat_map(|g| g.inventory_items().into_iter().map(|i| i.sku.0))
        .collect();
    for sku in reported {
        assert!(
            inventory.iter().any(|(s, _)| *s == sku),
            "{sku} was reported but not granted"
        );
    }
}

/// A small deterministic generator for the presses (xorshift).
struct Presses(u64);

impl Presses {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn random_presses_of_every_kind_under_faults_report_each_grant_once() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 20 * DAY, |p| {
        PluginGroup::build(p.with_refresh_interval(Duration::from_secs(2)))
    });
    game.login("kim", Duration::from_secs(60 * 86_400));
    game.run_until("the features load", |w| {
        !w.resource::<DailyChains>().chains.is_empty()
            && !w.resource::<OfferChains>().chains.is_empty()
            && !w.resource::<RewardChains>().chains.is_empty()
    });
    game.emu.set_faults(Faults {
        latency_ms: 10,
        error_rate: 0.2,
        drop_rate: 0.2,
    });

    let mut presses = Presses(0x5eed_1234_abcd_0001);
    let mut paid = HashSet::new();
    for round in 0..60 {
        match presses.next(7) {
            0 => {
                let claims: Vec<_> = game.res::<DailyChains>().claimable().collect();
                for (chain, step) in claims {
                    game.send(ClaimDailyStep { chain, step });
                }
            }
            1 => {
                let claims: Vec<_> = game.res::<OfferChains>().claimable().collect();
                for (chain, step) in claims {
                    game.send(ClaimOfferStep { chain, step });
                }
            }
            2 => {
                let next = game.res::<OfferChains>().chains[0].clone();
                if let Some(step) = next.next_step().filter(|s| s.is_paid()) {
                    game.send(BuyOfferStep::new(next.id, step.step_number));
                }
            }
            3 => {
                // The player pays the latest order of each step (the checkout they saw last);
                // the game checks.
                let latest: HashMap<_, _> = game
                    .seen()
                    .payments
                    .iter()
                    .filter_map(|p| Some((p.offer_step()?, p.order_id)))
                    .collect();
                for (step, order) in latest {
                    if paid.insert(step) {
                        game.emu.pay_order(order.0).expect("the order");
                    }
                }
                let chain = game.res::<OfferChains>().chains[0].id;
                game.send(CheckOfferPayment { chain });
            }
            4 => {
                let chain = game.res::<RewardChains>().chains[0].clone();
                game.emu
                    .grant_value_points("kim", &chain.value_point.sku.0, 50)
                    .expect("value points");
                let claims: Vec<_> = game.res::<RewardChains>().claimable().collect();
                for (chain, step) in claims {
                    game.send(ClaimRewardStep { chain, step });
                }
            }
            5 => game.send(RedeemCode::new("WELCOME2025")),
            _ => game.send(RefreshLiveOps::all()),
        }
        game.frames(5);
        if round % 15 == 14 {
            game.emu.clock().advance(DAY);
        }
    }

    // Calm again: everything in flight settles, and a last payment check reports what the
    // last payments bought.
    game.emu.set_faults(Faults::default());
    let chain = game.res::<OfferChains>().chains[0].id;
    game.send(CheckOfferPayment { chain });
    game.send(RefreshLiveOps::all());
    // The coupon once more, once nothing is under way (a press while a redemption is still
    // being settled would be the same request): redeemed under the faults, it is used up now
    // (nothing twice); refused by every injected error, it goes through now.
    for _ in 0..2 {
        game.run_until("nothing is in flight", |w| {
            w.resource::<LiveOpsRuntime>().in_flight() == 0
                && !w.resource::<CodeRedemptions>().any_busy()
        });
        game.frames(20);
    }
    game.send(RedeemCode::new("WELCOME2025"));
    for _ in 0..3 {
        game.run_until("nothing is in flight", |w| {
            w.resource::<LiveOpsRuntime>().in_flight() == 0
        });
        game.frames(50);
    }
    // The first paid step once more, when the faults kept it from being ordered or paid: the
    // free step before it is claimed, then the paid one bought and paid.
    let starter_pack_seen = |game: &Game| {
        game.seen()
            .granted
            .iter()
            .any(|g| g.items.iter().any(|i| i.sku.0 == "starter_pack"))
    };
    for _ in 0..2 {
        let chain = game.res::<OfferChains>().chains[0].clone();
        let Some(next) = chain.next_step().filter(|_| !starter_pack_seen(&game)) else {
            break;
        };
        let key = (chain.id, next.step_number);
        if paid.contains(&key) {
            break;
        }
        if next.is_paid() {
            let before = game.seen().payments.len();
            game.send(BuyOfferStep::new(chain.id, next.step_number));
            game.run_until("payment is required", |w| {
                w.resource::<Seen>().payments.len() > before
            });
            let order = game.seen().payments.last().unwrap().order_id;
            paid.insert(key);
            game.emu.pay_order(order.0).expect("the order");
            game.send(CheckOfferPayment { chain: chain.id });
        } else {
            game.send(ClaimOfferStep::new(chain.id, next.step_number));
        }
        for _ in 0..2 {
            game.run_until("nothing is in flight", |w| {
                w.resource::<LiveOpsRuntime>().in_flight() == 0
            });
            game.frames(50);
        }
    }

    // Calm, a daily and a reward-chain claim once more when the faults refused every try of
    // that kind: each kind is then seen to get through.
    let got = |game: &Game, kind: &str| {
        game.seen()
            .granted
            .iter()
            .any(|g| format!("{:?}", g.source).starts_with(kind))
    };
    let settle = |game: &mut Game| {
        for _ in 0..2 {
            game.run_until("nothing is in flight", |w| {
                w.resource::<LiveOpsRuntime>().in_flight() == 0
            });
            game.frames(30);
        }
    };
    if !got(&game, "Reward") {
        let chain = game.res::<RewardChains>().chains[0].clone();
        game.emu
            .grant_value_points("kim", &chain.value_point.sku.0, 50)
            .expect("value points");
        game.send(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
        settle(&mut game);
        let claims: Vec<_> = game.res::<RewardChains>().claimable().collect();
        for (chain, step) in claims {
            game.send(ClaimRewardStep { chain, step });
        }
        settle(&mut game);
    }
    if !got(&game, "Daily") {
        let claims: Vec<_> = game.res::<DailyChains>().claimable().collect();
        for (chain, step) in claims {
            game.send(ClaimDailyStep { chain, step });
        }
        settle(&mut game);
    }

    let seen = game.seen();
    assert!(!seen.failed.is_empty(), "the faults were felt");
    let sources: HashSet<_> = seen
        .granted
        .iter()
        .map(|g| format!("{:?}", g.source))
        .collect();
    assert_eq!(
        sources.len(),
        seen.granted.len(),
        "no grant reported twice: {:?}",
        seen.granted
    );
    for kind in ["Daily", "Offer", "Reward", "Code"] {
        assert!(
            seen.granted
                .iter()
                .any(|g| format!("{:?}", g.source).starts_with(kind)),
            "a {kind} grant got through: {:?}",
            seen.granted
        );
    }
    assert!(
        seen.granted.iter().any(|g| matches!(
            g.source,
            GrantSource::Offer {
                order_id: Some(_),
                ..
            }
        ) && g.items.iter().any(|i| i.sku.0 == "starter_pack")),
        "a paid step got through"
    );
    let inventory = game.emu.inventory("kim").unwrap();
    for (sku, owned) in &inventory {
        assert_eq!(
            *owned,
            game.granted_total(sku),
            "{sku}: every grant on the server was reported once\nserver: {:?}\nreported: {:?}",
            game.emu.grants("kim").unwrap(),
            seen.granted
        );
    }
}

#[test]
fn a_coupon_redeemed_again_and_again_under_lost_answers_is_reported_once_per_grant() {
    let seed = crate::common::seed(
        r#"{
          "items": [
            {"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency"},
            {"sku": "health_potion", "name": {"en": "Potion"}, "type": "virtual_good"}
          ],
          "coupons": [
            {"external_id": "many_happy", "name": {"en-US": "Many happy returns"},
             "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00", "date_until": null}],
             "bonus": [{"sku": "gold", "quantity": 10}, {"sku": "health_potion", "quantity": 1}],
             "redeem_user_limit": 100, "is_enabled": true, "codes": ["MANYHAPPY"]}
          ]
        }"#,
    );
    let mut game = Game::start_with(seed, T0 + DAY, |p| only(p, &[LiveOpsFeature::CODES]));
    game.login("mia", Duration::from_secs(60 * 86_400));
    game.frames(10);
    game.emu.set_faults(Faults {
        latency_ms: 5,
        error_rate: 0.0,
        drop_rate: 0.25,
    });
    for _ in 0..12 {
        game.send(RedeemCode::new("MANYHAPPY"));
        game.frames(2);
        // A check is three reads, each of which may be lost: it can take a few rounds, each
        // after a longer pause. The bound is wall time, not frames: on a loaded machine a
        // frame takes longer, the pauses do not.
        let deadline = std::time::Instant::now() + Duration::from_secs(180);
        while std::time::Instant::now() < deadline {
            if !game.res::<CodeRedemptions>().any_busy() {
                break;
            }
            game.frames(1);
        }
        assert!(
            !game.res::<CodeRedemptions>().any_busy(),
            "the redemption settles"
        );
    }
    game.emu.set_faults(Faults::default());
    game.frames(30);

    assert!(game.emu.dropped_answers() > 0, "answers were lost");
    let seen = game.seen();
    assert!(!seen.redeemed.is_empty());
    assert_eq!(seen.redeemed.len(), seen.granted.len());
    for sku in ["gold", "health_potion"] {
        assert_eq!(
            game.owned("mia", sku),
            game.granted_total(sku),
            "{sku}: every redemption the server made was reported, once"
        );
    }
}
