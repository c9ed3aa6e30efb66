//! How a game assembles the plugin: a feature left out answers its requests loudly, a runtime
//! that cannot start leaves the app running and says why, and the core with a single feature
//! works on its own.

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, Seen, T0, app_with};

#[test]
fn a_request_for_a_disabled_feature_fails_with_feature_disabled() {
    let mut game = Game::start_with(Seed::builtin(), T0 + 10 * DAY, |p| {
        p.build().disable::<CodesPlugin>()
    });
    game.login("kai", Duration::from_secs(30 * 86_400));
    game.run_until("the chains load", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Network
    });
    assert!(
        !game
            .res::<LiveOpsFeatures>()
            .contains(LiveOpsFeature::CODES)
    );
    assert!(
        game.res::<LiveOpsFeatures>()
            .contains(LiveOpsFeature::DAILY)
    );
    game.send(RedeemCode::new("WELCOME2025"));
    game.send(PreviewCode {
        input: "WELCOME2025".into(),
    });
    game.frames(3);
    let failed: Vec<_> = game
        .seen()
        .failed
        .iter()
        .filter(|f| {
            matches!(
                f.error,
                LiveOpsError::FeatureDisabled(LiveOpsFeature::CODES)
            )
        })
        .map(|f| f.request.clone())
        .collect();
    assert_eq!(failed.len(), 2, "{:?}", game.seen().failed);
    assert!(failed.contains(&RedeemCode::new("WELCOME2025").into()));
    assert_eq!(game.owned("kai", "gold"), 0, "nothing was sent");
    assert!(game.seen().rejected.is_empty() && game.seen().redeemed.is_empty());
}

#[test]
fn a_runtime_that_cannot_start_leaves_the_app_running_and_requests_failing() {
    let mut app = app_with(LiveOpsPlugins::local_emulator(44056, "not a url"));
    app.update();
    let status = app.world().resource::<LiveOpsStatus>().clone();
    assert_eq!(status.state, LoadState::Unavailable);
    assert!(
        matches!(status.last_error, Some(LiveOpsError::RuntimeUnavailable(_))),
        "{status:?}"
    );
    let why = status.last_error.unwrap().to_string();
    assert!(why.contains("not a url"), "{why}");

    // Every resource and message is there; requests fail cleanly.
    let emu = xsolla_liveops_emulator::Emulator::start_blocking(
        xsolla_liveops_emulator::Config::default(),
    )
    .unwrap();
    let token = emu.mint_token("lou", Duration::from_secs(3600));
    app.world_mut().write_message(SetUserToken(token));
    app.world_mut()
        .write_message(ClaimDailyStep::new(DailyChainId(1), 1));
    app.world_mut()
        .write_message(RedeemCode::new("WELCOME2025"));
    app.world_mut()
        .write_message(BuyOfferStep::new(OfferChainId(1), 2));
    for _ in 0..30 {
        app.update();
    }
    let world = app.world();
    assert!(world.resource::<DailyChains>().chains.is_empty());
    assert!(world.resource::<UpsellItems>().items.is_empty());
    let failed = &world.resource::<Seen>().failed;
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(
        failed
            .iter()
            .all(|f| matches!(f.error, LiveOpsError::RuntimeUnavailable(_)))
    );
    assert!(emu.inventory("lou").unwrap().is_empty());
}

/// Claims whatever the daily chains offer, through the system parameter.
fn claim_today(mut liveops: LiveOps) {
    if let Some((chain, step)) = liveops.daily().next_claimable() {
        liveops.claim_daily(chain, step);
    }
}

#[test]
fn the_core_with_only_the_daily_chains_plugin_works() {
    let emu = xsolla_liveops_emulator::Emulator::start_blocking(
        xsolla_liveops_emulator::Config::default().with_seed(Seed::builtin()),
    )
    .unwrap();
    emu.clock().set_unix(T0 + 10 * DAY);
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(LiveOpsCorePlugin::local_emulator(
            emu.project_id(),
            emu.base_url(),
        ))
        .add_plugins(DailyChainsPlugin)
        .init_resource::<Seen>()
        .add_systems(
            Update,
            (crate::common::collect, claim_today.run_if(liveops_ready)),
        );
    let token = emu.mint_token("mia", Duration::from_secs(3600));
    app.world_mut().write_message(SetUserToken(token));
    crate::common::run_until(&mut app, "the daily grant", |w| {
        !w.resource::<Seen>().granted.is_empty()
    });
    app.world_mut()
        .write_message(RedeemCode::new("WELCOME2025"));
    for _ in 0..5 {
        app.update();
    }
    let world = app.world();
    assert_eq!(world.resource::<Seen>().granted.len(), 1);
    assert!(world.resource::<Seen>().failed.iter().any(|f| matches!(
        f.error,
        LiveOpsError::FeatureDisabled(LiveOpsFeature::CODES)
    )));
    assert_eq!(
        world
            .resource::<LiveOpsFeatures>()
            .iter()
            .collect::<Vec<_>>(),
        vec![LiveOpsFeature::DAILY]
    );
    assert!(!emu.inventory("mia").unwrap().is_empty());
}
