//! A request goes out only for the player who made it, a 401 ends only its own token, a
//! granted step is never offered again, held requests stay bounded, and the cache stays off
//! the frame.

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Faults, Seed};

use crate::common::{DAY, Game, Seen, T0, only};

const HOUR: i64 = 3_600;

fn daily_and_codes(plugins: LiveOpsPlugins) -> bevy::app::PluginGroupBuilder {
    only(plugins, &[LiveOpsFeature::DAILY, LiveOpsFeature::CODES])
}

fn total(game: &Game, sub: &str) -> i64 {
    game.emu
        .inventory(sub)
        .expect("inventory")
        .iter()
        .map(|(_, q)| q)
        .sum()
}

/// Logs `sub` in with a one-hour token and waits for the daily chains.
#[track_caller]
fn log_in_for_an_hour(game: &mut Game, sub: &str) -> DailyChainId {
    game.login(sub, Duration::from_secs(HOUR as u64));
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    game.res::<DailyChains>().chains[0].id
}

/// Moves the server past the token's expiry and lets the plugin see it.
#[track_caller]
fn let_the_token_expire(game: &mut Game) {
    game.emu.clock().advance(2 * HOUR);
    game.send(RefreshLiveOps::all());
    game.run_until("the session ends", |w| {
        !w.resource::<Seen>().expired.is_empty()
    });
}

fn player_changed_failures(game: &Game) -> Vec<LiveOpsRequest> {
    game.seen()
        .failed
        .iter()
        .filter(|f| matches!(f.error, LiveOpsError::PlayerChanged))
        .map(|f| f.request.clone())
        .collect()
}

#[test]
fn held_requests_of_a_player_never_reach_the_next_player() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "anna");
    let_the_token_expire(&mut game);

    // Anna presses claim and redeem: both wait for her next token.
    game.send(ClaimDailyStep::new(chain, 1));
    game.send(RedeemCode::new("WELCOME2025"));
    game.frames(5);
    assert!(game.res::<DailyChains>().is_claiming(chain, 1.into()));
    assert!(game.res::<CodeRedemptions>().any_busy());

    // Ben logs in on the same device.
    game.login("ben", Duration::from_secs(30 * 86_400));
    game.run_until("ben's chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    game.frames(60);

    assert!(game.seen().granted.is_empty(), "{:?}", game.seen().granted);
    assert!(game.seen().redeemed.is_empty());
    assert_eq!(total(&game, "ben"), 0, "ben received nothing of anna's");
    assert_eq!(
        total(&game, "anna"),
        0,
        "anna's requests were dropped, not sent"
    );
    let dropped = player_changed_failures(&game);
    assert_eq!(
        dropped.len(),
        2,
        "each dropped request is reported once: {dropped:?}"
    );
    assert!(dropped.contains(&ClaimDailyStep::new(chain, 1).into()));
    assert!(dropped.contains(&RedeemCode::new("WELCOME2025").into()));
    assert!(!game.res::<CodeRedemptions>().any_busy());
}

#[test]
fn a_code_in_flight_for_the_previous_player_is_free_for_the_next() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, daily_and_codes);
    game.login("cleo", Duration::from_secs(30 * 86_400));
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    game.emu.set_faults(Faults {
        latency_ms: 600,
        ..Faults::default()
    });
    game.send(RedeemCode::new("WELCOME2025"));
    game.frames(3);
    let code = Code("WELCOME2025".into());
    assert!(game.res::<CodeRedemptions>().is_busy(&code));

    game.login("dan", Duration::from_secs(30 * 86_400));
    game.frames(2);
    assert!(
        !game.res::<CodeRedemptions>().is_busy(&code),
        "the previous player's redemption no longer blocks the code"
    );
    game.emu.set_faults(Faults::default());
    game.send(RedeemCode::new("WELCOME2025"));
    game.run_until("dan's redemption", |w| {
        !w.resource::<Seen>().redeemed.is_empty()
    });
    game.frames(60);
    let seen = game.seen();
    assert_eq!(seen.redeemed.len(), 1, "only dan's answer is reported");
    assert_eq!(seen.granted.len(), 1);
    assert_eq!(game.owned("dan", "gold"), game.granted_total("gold"));
    assert_eq!(
        player_changed_failures(&game),
        vec![LiveOpsRequest::from(RedeemCode::new(code.0))],
        "cleo's redemption is reported once as dropped"
    );
}

#[test]
fn a_late_401_for_an_old_token_leaves_the_new_session_alone() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "eve");

    // Reads made with the one-hour token are on their way when the server's clock passes its
    // expiry and the game hands over a fresh token for the same player.
    game.emu.set_faults(Faults {
        latency_ms: 500,
        ..Faults::default()
    });
    game.send(RefreshLiveOps::all());
    game.frames(2);
    assert!(game.res::<LiveOpsRuntime>().in_flight() > 0);
    game.emu.clock().advance(2 * HOUR);
    game.login("eve", Duration::from_secs(30 * 86_400));
    game.frames(2);
    // Each stale read is refused with 401 and read again with the new token: nothing fails.
    game.run_until("the stale reads are answered and read again", |w| {
        w.resource::<LiveOpsRuntime>().in_flight() == 0
            && w.resource::<DailyChains>().origin == DataOrigin::Network
            && !w.resource::<DailyChains>().is_loading()
    });
    game.emu.set_faults(Faults::default());
    game.frames(5);
    assert!(
        game.seen().failed.is_empty(),
        "a read refused for a replaced token is read again, not failed: {:?}",
        game.seen().failed
    );
    assert_eq!(game.res::<LiveOpsStatus>().state, LoadState::Ready);
    assert!(
        game.res::<LiveOpsSession>().is_ready(),
        "the new token still works"
    );
    assert!(game.seen().expired.is_empty(), "{:?}", game.seen().expired);

    // And it is used at once.
    game.send(ClaimDailyStep::new(chain, 1));
    game.run_until("the claim with the new token", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    assert!(total(&game, "eve") > 0);
}

#[test]
fn a_claim_refused_with_401_goes_out_again_with_the_next_token() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "finn");

    // The token runs out on the server while the claim is on its way.
    game.emu.set_faults(Faults {
        latency_ms: 400,
        ..Faults::default()
    });
    game.send(ClaimDailyStep::new(chain, 1));
    game.frames(2);
    game.emu.clock().advance(2 * HOUR);
    game.run_until("the server refuses the token", |w| {
        !w.resource::<Seen>().expired.is_empty()
    });
    game.emu.set_faults(Faults::default());
    game.frames(20);
    let seen = game.seen();
    assert_eq!(seen.expired.len(), 1);
    assert_eq!(seen.expired[0].reason, SessionEnd::Rejected);
    assert!(
        seen.failed.is_empty(),
        "the claim is held, not failed: {:?}",
        seen.failed
    );
    assert!(game.res::<DailyChains>().is_claiming(chain, 1.into()));
    assert_eq!(total(&game, "finn"), 0, "the server did nothing");

    // The next token sends it once.
    game.login("finn", Duration::from_secs(30 * 86_400));
    game.run_until("the claim is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.frames(30);
    assert_eq!(game.seen().granted.len(), 1);
    let sku = &game.seen().granted[0].items[0].sku.0.clone();
    assert_eq!(game.owned("finn", sku), game.granted_total(sku));
    assert!(game.seen().failed.is_empty(), "{:?}", game.seen().failed);
}

/// The README's system.
fn claim_today(mut liveops: LiveOps) {
    if let Some((chain, step)) = liveops.daily().next_claimable() {
        liveops.claim_daily(chain, step);
    }
}

#[test]
fn the_readme_claim_today_system_makes_one_request_per_day() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.app.add_systems(Update, claim_today);
    game.login("gus", Duration::from_secs(30 * 86_400));
    for day in 1..=3 {
        game.run_until("today's grant", |w| {
            w.resource::<Seen>().granted.len() == day
        });
        // Frames go on with the system running every frame: nothing more is sent.
        game.frames(150);
        assert_eq!(game.seen().granted.len(), day);
        game.emu.clock().advance(DAY);
        game.send(RefreshLiveOps::all());
    }
    let seen = game.seen();
    assert!(
        seen.failed.is_empty(),
        "no refused claim: {:?}",
        seen.failed
    );
    let steps: Vec<_> = seen.granted.iter().map(|g| g.source.clone()).collect();
    let chain = game.res::<DailyChains>().chains[0].id;
    assert_eq!(
        steps,
        (1..=3)
            .map(|s| GrantSource::Daily {
                chain,
                step: s.into()
            })
            .collect::<Vec<_>>()
    );
    for sku in ["gold", "health_potion"] {
        assert_eq!(game.owned("gus", sku), game.granted_total(sku), "{sku}");
    }
}

#[test]
fn held_requests_are_deduplicated_and_bounded() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "hugo");
    let_the_token_expire(&mut game);

    // A game that writes the same claim every frame for a second.
    for _ in 0..60 {
        game.send(ClaimDailyStep::new(chain, 1));
        game.frames(1);
    }
    // And forty different codes.
    for n in 0..40 {
        game.send(RedeemCode::new(format!("CODE{n}")));
    }
    game.frames(3);
    let too_many: Vec<_> = game
        .seen()
        .failed
        .iter()
        .filter(|f| matches!(f.error, LiveOpsError::TooManyHeld { .. }))
        .collect();
    assert_eq!(too_many.len(), 8, "32 codes wait, 8 are refused at once");

    game.login("hugo", Duration::from_secs(30 * 86_400));
    game.run_until("the claim is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.run_until("the 32 codes are answered", |w| {
        w.resource::<Seen>().rejected.len() == 32
    });
    game.frames(30);
    assert_eq!(game.seen().granted.len(), 1, "one claim went out");
    assert!(
        game.seen()
            .rejected
            .iter()
            .all(|r| r.reason == CodeRejectReason::Unknown)
    );
}

#[test]
fn the_cache_is_written_only_when_the_state_changed_and_only_for_added_features() {
    let dir = std::env::temp_dir().join(format!("liveops-cache-writes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = dir.clone();
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY + HOUR, move |p| {
        only(p.with_cache_dir(cache), &[LiveOpsFeature::DAILY])
    });
    game.login("iris", Duration::from_secs(30 * 86_400));
    let file = || -> Option<std::path::PathBuf> {
        let player = std::fs::read_dir(&dir).ok()?.next()?.ok()?.path();
        Some(player.join("daily.json"))
    };
    game.run_until("the cache file is written", |_| {
        file().is_some_and(|f| f.exists())
    });
    let path = file().unwrap();
    let written = std::fs::metadata(&path).unwrap().modified().unwrap();
    let siblings: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        siblings,
        vec!["daily.json"],
        "only the added feature is cached"
    );

    // Reads that change nothing leave the file alone.
    std::thread::sleep(Duration::from_millis(20));
    for _ in 0..3 {
        let reads = game.res::<LiveOpsRuntime>().in_flight();
        game.send(RefreshLiveOps::all());
        game.frames(2);
        game.run_until("the read is applied", |w| {
            w.resource::<LiveOpsRuntime>().in_flight() <= reads
        });
    }
    game.frames(20);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        written
    );

    // A claim changes the state: the next read's state is written.
    let chain = game.res::<DailyChains>().chains[0].id;
    game.send(ClaimDailyStep::new(chain, 1));
    game.run_until("the cache follows the claim", |_| {
        std::fs::metadata(&path).unwrap().modified().unwrap() != written
    });
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"claimed\""), "the claimed step is cached");
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a game system writes in one `Update`: a token, then a claim made with it.
#[derive(Resource)]
struct LogInAndClaim(Option<(String, ClaimDailyStep)>);

/// Writes the token and the claim from the same system in the same frame, as a login button
/// that also claims would.
fn log_in_and_claim(mut pending: ResMut<LogInAndClaim>, mut liveops: LiveOps) {
    if let Some((token, claim)) = pending.0.take() {
        liveops.log_in(token);
        liveops.claim_daily(claim.chain, claim.step);
    }
}

/// Hands `sub`'s token and a claim of step 1 of `chain` to a game system for the next frame.
fn log_in_and_claim_in_one_frame(game: &mut Game, sub: &str, chain: DailyChainId) {
    let token = game.emu.mint_token(sub, Duration::from_secs(30 * 86_400));
    game.app
        .insert_resource(LogInAndClaim(Some((token, ClaimDailyStep::new(chain, 1)))))
        .add_systems(Update, log_in_and_claim);
}

#[test]
fn a_claim_written_with_the_next_players_token_goes_out_for_that_player() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "anna");

    // Ben takes the device and presses claim in the frame his token is handed over.
    log_in_and_claim_in_one_frame(&mut game, "ben", chain);
    game.run_until("ben's claim is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.frames(30);

    assert!(game.seen().failed.is_empty(), "{:?}", game.seen().failed);
    assert_eq!(game.seen().granted.len(), 1);
    assert_eq!(
        total(&game, "anna"),
        0,
        "nothing went out with anna's token"
    );
    let granted: i64 = game.seen().granted[0]
        .items
        .iter()
        .map(|i| i.quantity)
        .sum();
    assert_eq!(total(&game, "ben"), granted);
}

#[test]
fn a_claim_written_with_the_first_token_after_a_logout_is_not_refused() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, daily_and_codes);
    let chain = log_in_for_an_hour(&mut game, "anna");
    game.send(ClearSession);
    game.frames(3);

    log_in_and_claim_in_one_frame(&mut game, "ben", chain);
    game.run_until("ben's claim is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });

    assert!(game.seen().failed.is_empty(), "{:?}", game.seen().failed);
    assert_eq!(game.seen().granted.len(), 1);
    assert_eq!(total(&game, "anna"), 0);
}
