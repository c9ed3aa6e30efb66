//! Players sign in through the emulator's Xsolla Login with the plugin alone: a password, a
//! guest's device id, a new account; the session is renewed before it runs out (with claims
//! in flight, each granted once), ends cleanly when Login refuses the renewal, survives a
//! restart when remembered, and a sign-out abandons a renewal in the air.

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::PluginGroup;
use bevy_xsolla_liveops::client::login::LoginClient;
use bevy_xsolla_liveops::client::{OAuthClientId, UserToken};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, Seen, T0, app_with, run_until};

const ADA: (&str, &str) = ("ada", "ada-plays-2026");

fn start() -> Game {
    Game::start(Seed::builtin(), T0 + 20 * DAY)
}

fn signed_in(game: &mut Game, before: usize) -> SignedIn {
    game.run_until("the player is signed in", |w| {
        w.resource::<Seen>().signed_in.len() > before
    });
    game.seen().signed_in[before].clone()
}

fn sign_in_ada(game: &mut Game) -> SignedIn {
    let before = game.seen().signed_in.len();
    game.send(SignIn::new(ADA.0, ADA.1));
    signed_in(game, before)
}

fn failure(game: &mut Game, before: usize) -> SignInFailure {
    game.run_until("the sign-in fails", |w| {
        w.resource::<Seen>().sign_in_failed.len() > before
    });
    game.seen().sign_in_failed[before].reason.clone()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("liveops-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Moves the emulator's clock to `seconds` before the session's token runs out, and reads
/// everything so the plugin's clock follows.
fn travel_to_expiry_minus(game: &mut Game, seconds: i64) {
    let exp = game
        .res::<LiveOpsSession>()
        .expires_at()
        .expect("a token")
        .unix_seconds();
    game.emu.clock().set_unix(exp - seconds);
    game.send(RefreshLiveOps::all());
}

fn claim_all_daily(game: &mut Game) -> usize {
    let claims: Vec<_> = game.res::<DailyChains>().claimable().collect();
    for (chain, step) in &claims {
        game.send(ClaimDailyStep::new(*chain, *step));
    }
    claims.len()
}

#[test]
fn a_player_signs_in_with_a_password_claims_and_is_granted_once() {
    let mut game = start();
    let before = game.seen().sign_in_failed.len();
    game.send(SignIn::new(" ", "x"));
    assert_eq!(failure(&mut game, before), SignInFailure::MissingUsername);
    game.send(SignIn::new(ADA.0, "not-her-password"));
    assert_eq!(failure(&mut game, 1), SignInFailure::WrongCredentials);
    assert_eq!(game.res::<LiveOpsSession>().player(), None);

    let signed = sign_in_ada(&mut game);
    assert_eq!(signed.method, SignInMethod::Password);
    assert_eq!(game.res::<LiveOpsSession>().player(), Some(&*signed.player));
    assert_eq!(game.res::<LiveOpsSignIn>().player(), Some(&*signed.player));
    assert!(game.res::<LiveOpsSignIn>().renews_at().is_some());

    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    assert!(claim_all_daily(&mut game) > 0);
    game.run_until("the claim is granted", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    game.frames(30);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), 1, "once: {:?}", seen.granted);
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);
    for item in seen.granted[0].inventory_items() {
        assert_eq!(
            game.owned(&signed.player, &item.sku.0),
            game.granted_total(&item.sku.0)
        );
    }
}

#[test]
fn wrong_passwords_are_limited_and_the_wait_is_said() {
    let mut game = start();
    let mut last = None;
    for attempt in 0..8 {
        game.send(SignIn::new("grace", "guess"));
        last = Some(failure(&mut game, attempt));
        if matches!(last, Some(SignInFailure::TooManyAttempts { .. })) {
            break;
        }
    }
    let Some(SignInFailure::TooManyAttempts { retry_after }) = last else {
        panic!("the attempts were never limited: {last:?}");
    };
    assert!(retry_after.is_some_and(|wait| wait > Duration::ZERO));
    let message = last.unwrap().to_string();
    assert!(message.contains("Try again in"), "{message}");
}

#[test]
fn a_guest_is_the_same_player_on_every_start_of_one_install() {
    let dir = temp_dir("guest");
    let mut game = Game::start_with(Seed::builtin(), T0 + DAY, {
        let dir = dir.clone();
        move |p| p.with_cache_dir(dir).build()
    });
    game.send(SignInAsGuest::default());
    let first = signed_in(&mut game, 0);
    assert_eq!(first.method, SignInMethod::Guest);
    let device_id = std::fs::read_to_string(dir.join("device-id")).expect("the device id kept");

    // The next start of the same install: the same guest.
    let mut again = app_with(
        LiveOpsPlugins::local_emulator(game.emu.project_id(), game.emu.base_url())
            .with_cache_dir(dir.clone()),
    );
    again.world_mut().write_message(SignInAsGuest::default());
    run_until(&mut again, "the guest signs in again", |w| {
        !w.resource::<Seen>().signed_in.is_empty()
    });
    assert_eq!(
        again.world().resource::<Seen>().signed_in[0].player,
        first.player
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("device-id")).unwrap(),
        device_id
    );

    // Another install (its own device id) is another guest.
    game.send(SignInAsGuest {
        device_id: Some("another-install-0001".into()),
    });
    let other = signed_in(&mut game, 1);
    assert_ne!(other.player, first.player);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_new_account_signs_in_and_a_taken_name_is_refused() {
    let mut game = start();
    game.send(CreateAccount::new("lin", "lin@", "secret-6"));
    assert_eq!(failure(&mut game, 0), SignInFailure::InvalidEmail);
    game.send(CreateAccount::new("lin", "lin@example.com", "short"));
    assert_eq!(
        failure(&mut game, 1),
        SignInFailure::PasswordLength { min: 6, max: 100 }
    );
    game.send(CreateAccount::new("ada", "ada2@example.com", "secret-6"));
    assert_eq!(failure(&mut game, 2), SignInFailure::UsernameTaken);

    game.send(CreateAccount::new("lin", "lin@example.com", "secret-6"));
    let signed = signed_in(&mut game, 0);
    assert_eq!(signed.method, SignInMethod::NewAccount);
    assert_eq!(game.res::<LiveOpsSession>().player(), Some(&*signed.player));

    // The new account signs in with its password too.
    game.send(SignOut);
    game.run_until("signed out", |w| {
        w.resource::<LiveOpsSession>().player().is_none()
    });
    game.send(SignIn::new("lin", "secret-6"));
    assert_eq!(signed_in(&mut game, 1).player, signed.player);
}

#[test]
fn the_token_is_renewed_before_it_runs_out_with_claims_in_flight() {
    let mut game = start();
    let signed = sign_in_ada(&mut game);
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    let first_exp = game.res::<LiveOpsSession>().expires_at().unwrap();

    // Near the end of the token's life, with claims going out: it is renewed, once.
    travel_to_expiry_minus(&mut game, 20);
    let sent = claim_all_daily(&mut game);
    assert!(sent > 0);
    game.run_until("the token is renewed", |w| {
        w.resource::<LiveOpsSession>()
            .expires_at()
            .is_some_and(|exp| exp > first_exp)
    });
    game.run_until("the claims are granted", |w| {
        w.resource::<Seen>().granted.len() >= sent
    });

    // Past the first token's end (LiveOps would refuse it): everything still works.
    game.emu.clock().set_unix(first_exp.unix_seconds() + 60);
    game.send(RefreshLiveOps::all());
    game.frames(40);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), sent, "each once: {:?}", seen.granted);
    assert!(seen.expired.is_empty(), "{:?}", seen.expired);
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);
    assert_eq!(seen.signed_in.len(), 1, "a renewal is not a new sign-in");
    assert!(game.res::<LiveOpsSession>().is_ready());
    assert_eq!(game.res::<LiveOpsSession>().player(), Some(&*signed.player));
}

#[test]
fn a_token_refused_by_liveops_is_renewed_once_and_the_requests_go_again() {
    let mut game = start();
    sign_in_ada(&mut game);
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
            && w.resource::<OfferChains>().origin == DataOrigin::Network
    });
    // Long past the token's end: every claim gets a 401; one renewal serves them all (a
    // second refresh with the same single-use token would be refused and end the session).
    let exp = game.res::<LiveOpsSession>().expires_at().unwrap();
    game.emu.clock().set_unix(exp.unix_seconds() + 300);
    let sent = claim_all_daily(&mut game);
    game.send(ClaimOfferStep::new(
        game.res::<OfferChains>().chains[0].id,
        StepNumber(1),
    ));
    game.run_until("the claims are granted", |w| {
        w.resource::<Seen>().granted.len() > sent
    });
    game.frames(40);
    let seen = game.seen();
    assert_eq!(seen.granted.len(), sent + 1, "{:?}", seen.granted);
    assert!(seen.failed.is_empty(), "{:?}", seen.failed);
    assert!(
        seen.expired
            .iter()
            .all(|e| e.reason != SessionEnd::RenewalRefused),
        "{:?}",
        seen.expired
    );
    assert!(game.res::<LiveOpsSession>().is_ready());
}

/// Signs every session of `user` out through Login, as another device of theirs would.
fn sign_out_everywhere(game: &Game, user: (&str, &str)) {
    let login = LoginClient::builder(OAuthClientId(1))
        .base_url(game.emu.login_base_url())
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let tokens = login.sign_in(user.0, user.1).send().await.unwrap();
        login.sign_out(&tokens.access_token).send().await.unwrap();
    });
}

#[test]
fn a_refused_renewal_ends_the_session_and_held_requests_fail_once() {
    let mut game = start();
    let signed = sign_in_ada(&mut game);
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    sign_out_everywhere(&game, ADA);

    // Past the token's end: the claims are held, the renewal is refused.
    let exp = game.res::<LiveOpsSession>().expires_at().unwrap();
    game.emu.clock().set_unix(exp.unix_seconds() + 300);
    let sent = claim_all_daily(&mut game);
    assert!(sent > 0);
    game.run_until("the session ends", |w| {
        w.resource::<Seen>()
            .expired
            .iter()
            .any(|e| e.reason == SessionEnd::RenewalRefused)
    });
    game.frames(40);
    let seen = game.seen();
    let ended: Vec<_> = seen
        .expired
        .iter()
        .filter(|e| e.reason == SessionEnd::RenewalRefused)
        .collect();
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].player, signed.player);
    assert!(seen.granted.is_empty(), "{:?}", seen.granted);
    let dropped = seen
        .failed
        .iter()
        .filter(|f| matches!(f.request, LiveOpsRequest::ClaimDaily(_)))
        .count();
    assert_eq!(
        dropped, sent,
        "each held claim fails once: {:?}",
        seen.failed
    );
    assert_eq!(game.res::<LiveOpsSession>().player(), None);
    assert!(!game.res::<LiveOpsSignIn>().is_signed_in());

    // The next player signs in; nothing of the previous one goes out for them.
    game.send(SignIn::new("grace", "grace-plays-2026"));
    let grace = signed_in(&mut game, 1);
    game.frames(60);
    assert!(game.seen().granted.is_empty());
    assert_eq!(game.emu.inventory(&grace.player).unwrap(), vec![]);
}

#[test]
fn a_remembered_sign_in_survives_a_restart_until_sign_out() {
    let dir = temp_dir("remembered");
    let plugins = |game: &Game| {
        LiveOpsPlugins::local_emulator(game.emu.project_id(), game.emu.base_url())
            .with_cache_dir(dir.clone())
            .with_remembered_sign_in()
    };
    let mut game = Game::start_with(Seed::builtin(), T0 + DAY, {
        let dir = dir.clone();
        move |p| p.with_cache_dir(dir).with_remembered_sign_in().build()
    });
    let signed = sign_in_ada(&mut game);
    let file = dir.join("remembered-sign-in");
    let kept = std::fs::read_to_string(&file).expect("the sign-in is remembered");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the user can read it");
    }
    assert!(
        UserToken::parse(kept.trim()).is_err(),
        "a refresh token, not the JWT"
    );

    // The next start signs in silently.
    let mut second = app_with(plugins(&game));
    run_until(&mut second, "the remembered sign-in", |w| {
        let seen = w.resource::<Seen>();
        assert!(seen.sign_in_failed.is_empty(), "{:?}", seen.sign_in_failed);
        !seen.signed_in.is_empty()
    });
    let resumed = second.world().resource::<Seen>().signed_in[0].clone();
    assert_eq!(resumed.player, signed.player);
    assert_eq!(resumed.method, SignInMethod::Remembered);
    assert_ne!(
        std::fs::read_to_string(&file).unwrap(),
        kept,
        "the spent refresh token was replaced"
    );

    // Signed out: the file is gone and the next start waits for a sign-in.
    second.world_mut().write_message(SignOut);
    run_until(&mut second, "signed out", |w| {
        w.resource::<LiveOpsSession>().player().is_none()
    });
    assert!(!file.exists());
    let mut third = app_with(plugins(&game));
    for _ in 0..30 {
        third.update();
        std::thread::sleep(Duration::from_millis(4));
    }
    assert!(third.world().resource::<Seen>().signed_in.is_empty());
    assert!(third.world().resource::<Seen>().sign_in_failed.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_sign_out_while_a_renewal_is_in_the_air_stays_signed_out() {
    let dir = temp_dir("sign-out-renewal");
    let mut game = Game::start_with(Seed::builtin(), T0 + DAY, {
        let dir = dir.clone();
        move |p| p.with_cache_dir(dir).with_remembered_sign_in().build()
    });
    sign_in_ada(&mut game);
    game.emu.set_faults(xsolla_liveops_emulator::Faults {
        latency_ms: 150,
        error_rate: 0.0,
        drop_rate: 0.0,
    });
    travel_to_expiry_minus(&mut game, 10);
    game.run_until("the renewal is in the air", |w| {
        w.resource::<LiveOpsSignIn>().busy() == Some(SignInStep::Renewing)
    });
    game.send(SignOut);
    game.frames(5);
    game.emu
        .set_faults(xsolla_liveops_emulator::Faults::default());
    game.frames(120);
    let seen = game.seen();
    assert_eq!(game.res::<LiveOpsSession>().player(), None);
    assert!(!game.res::<LiveOpsSignIn>().is_signed_in());
    assert_eq!(seen.signed_in.len(), 1);
    assert!(seen.expired.is_empty(), "{:?}", seen.expired);
    assert!(!dir.join("remembered-sign-in").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn without_a_login_client_id_sign_in_says_it_is_not_set_up() {
    let mut game = Game::start_with(Seed::builtin(), T0 + DAY, |mut p| {
        p.core.login_client_id = None;
        p.build()
    });
    game.send(SignIn::new(ADA.0, ADA.1));
    let reason = failure(&mut game, 0);
    assert!(
        matches!(reason, SignInFailure::NotConfigured { .. }),
        "{reason:?}"
    );
    assert!(reason.to_string().contains("client id"), "{reason}");
}
