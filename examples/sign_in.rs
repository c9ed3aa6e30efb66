//! Sign-in with the plugin alone: a wrong password is refused with a typed reason, the right
//! one signs the player in (`SignedIn`), a claim is granted, the player signs out, a guest signs
//! in by this install's device id. The emulator plays Xsolla Login here; against Xsolla use
//! `LiveOpsPlugins::new(id).with_login(client_id)`. The plugin renews the token by itself.
//!
//! ```text
//! cargo run --example sign_in -- --headless
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;

/// A player of the demo seed, and their password.
const PLAYER: (&str, &str) = ("ada", "ada-plays-2026");

/// What happened so far, for the success line.
#[derive(Resource, Default)]
struct Story {
    refused: Option<SignInFailure>,
    signed_in: Option<SignedIn>,
    gold: i64,
    signed_out: bool,
    guest_asked: bool,
    guest: Option<SignedIn>,
}

fn sign_in_first_with_a_typo(mut liveops: LiveOps) {
    liveops.sign_in(PLAYER.0, "ada-plays-2025");
}

fn follow(
    mut liveops: LiveOps,
    mut story: ResMut<Story>,
    mut failed: MessageReader<SignInFailed>,
    mut signed_in: MessageReader<SignedIn>,
    mut granted: MessageReader<RewardsGranted>,
) {
    for failure in failed.read() {
        // Each reason has a sentence for the player, and the game can match on it.
        println!("sign-in refused: {}", failure.reason);
        if failure.reason == SignInFailure::WrongCredentials {
            liveops.sign_in(PLAYER.0, PLAYER.1);
        }
        story.refused = Some(failure.reason.clone());
    }
    for signed in signed_in.read() {
        println!(
            "signed in ({:?}) as player {}",
            signed.method, signed.player
        );
        if signed.method == SignInMethod::Guest {
            story.guest = Some(signed.clone());
        } else {
            story.signed_in = Some(signed.clone());
        }
    }
    for grant in granted.read() {
        println!("granted {}", common::items(grant));
        story.gold += grant.items.iter().map(|i| i.quantity).sum::<i64>();
        // Done with this player: sign out (Login ends the session), then play as a guest.
        liveops.sign_out();
        story.signed_out = true;
    }
    if story.signed_out && !story.guest_asked && liveops.session().player().is_none() {
        story.guest_asked = true;
        liveops.sign_in_as_guest();
    }
}

fn claim_today(mut liveops: LiveOps, story: Res<Story>) {
    if story.gold == 0
        && let Some((chain, step)) = liveops.daily().next_claimable()
    {
        liveops.claim_daily(chain, step);
    }
}

fn main() -> AppExit {
    let (emulator, _) = common::start();
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .init_resource::<Story>()
        .insert_resource(common::Server(emulator))
        .add_systems(Startup, sign_in_first_with_a_typo)
        .add_systems(Update, (follow, claim_today.run_if(liveops_ready)).chain());
    common::run(app, "sign_in", true, |world| {
        let story = world.resource::<Story>();
        let (Some(player), Some(guest)) = (&story.signed_in, &story.guest) else {
            return None;
        };
        let refused = story.refused.clone()?;
        let owned = world
            .resource::<common::Server>()
            .0
            .inventory(&player.player);
        let gold: i64 = owned
            .ok()?
            .iter()
            .filter(|(s, _)| s == "gold")
            .map(|(_, n)| n)
            .sum();
        let line =
            format!("\"{refused}\", then signed in, {gold} gold claimed, signed out, a guest");
        Some(
            match gold == story.gold && gold > 0 && guest.player != player.player {
                true => Ok(line),
                false => Err(format!(
                    "the server holds {gold} gold, the game saw {}",
                    story.gold
                )),
            },
        )
    })
}
