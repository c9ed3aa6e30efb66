//! The last good state is kept on disk per player and shown at the next start until the
//! network answers; without a network it stays, flagged as coming from the cache. A corrupt
//! cache file is ignored.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{DAY, Game, T0, app_with, only, run_until};
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::Seed;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

#[test]
fn starts_offline_from_the_cache() {
    let dir = std::env::temp_dir().join(format!("liveops-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let daily_only = &[LiveOpsFeature::DAILY];

    // First run, online.
    let (token, chains) = {
        let cache = dir.clone();
        let mut game = Game::start_with(Seed::builtin(), T0 + 2 * DAY, move |p| {
            only(p.with_cache_dir(cache), daily_only)
        });
        let token = game.emu.mint_token("ivy", Duration::from_secs(30 * 86_400));
        game.send(SetUserToken(token.clone()));
        game.run_until("the chains load", |w| {
            w.resource::<DailyChains>().origin == DataOrigin::Network
        });
        game.run_until("the cache is written", |_| {
            files(&dir)
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == "json"))
        });
        (token, game.res::<DailyChains>().chains.clone())
    };
    let written = files(&dir);
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(&written[0]).unwrap();
    assert!(!text.contains(&token), "the token is never written to disk");

    // Second run, with the server gone.
    let plugins = LiveOpsPlugins::local_emulator(44056, dead_url())
        .with_cache_dir(dir.clone())
        .with_offline_retry(Duration::from_millis(100))
        .with_retry(RetryPolicy::none());
    let mut app = app_with(only(plugins, daily_only));
    app.world_mut().write_message(SetUserToken(token.clone()));
    run_until(&mut app, "the cached chains show", |w| {
        w.resource::<DailyChains>().origin == DataOrigin::Cache
    });
    assert_eq!(app.world().resource::<DailyChains>().chains, chains);
    run_until(&mut app, "the read fails", |w| {
        w.resource::<LiveOpsStatus>().state == LoadState::Offline
    });
    let status = app.world().resource::<LiveOpsStatus>();
    assert!(status.last_error.is_some() && status.next_retry_at.is_some());
    assert_eq!(
        app.world().resource::<DailyChains>().origin,
        DataOrigin::Cache,
        "the cache stays"
    );
    let failed = &app.world().resource::<crate::common::Seen>().failed;
    assert!(
        failed
            .iter()
            .any(|f| f.request
                == LiveOpsRequest::Refresh(RefreshLiveOps::only(LiveOpsFeature::DAILY)))
    );
    drop(app);

    // A corrupt file is ignored.
    std::fs::write(&written[0], b"{not json").unwrap();
    let plugins = LiveOpsPlugins::local_emulator(44056, dead_url())
        .with_cache_dir(dir.clone())
        .with_retry(RetryPolicy::none());
    let mut app = app_with(only(plugins, daily_only));
    app.world_mut().write_message(SetUserToken(token));
    run_until(&mut app, "the read fails", |w| {
        w.resource::<LiveOpsStatus>().state == LoadState::Offline
    });
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<DailyChains>().origin,
        DataOrigin::None
    );
    assert!(app.world().resource::<DailyChains>().chains.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
