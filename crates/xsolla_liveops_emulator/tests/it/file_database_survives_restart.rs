//! A file database (WAL) keeps chains, progress and inventory across restarts; the seed is
//! applied only to a new database.

use crate::common::*;
use xsolla_liveops::models::daily::{DailyChainType, DailyStepStatus};
use xsolla_liveops_emulator::Config;

#[test]
fn state_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!(
        "liveops-emu-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.db");
    let id = rt().block_on(async {
        let h = Harness::with_config(
            Config::default().with_seed(catalog_seed()).with_file(&path),
            T0 + 60,
        )
        .await;
        let c = h.client("p1");
        let id = c
            .admin()
            .daily_chains()
            .create(daily_input(DailyChainType::CalendarHard, false, T0, 2))
            .send()
            .await
            .unwrap()
            .daily_chain_id;
        c.daily_chains().claim(id, 1).send().await.unwrap();
        id
    });
    let journal: String = rusqlite_journal_mode(&path);
    assert_eq!(journal, "wal");
    rt().block_on(async {
        let h = Harness::with_config(
            Config::default().with_seed(catalog_seed()).with_file(&path),
            T0 + 60,
        )
        .await;
        assert_eq!(h.inventory("p1"), [("gold".to_owned(), 1)]);
        let c = h.client("p1");
        let chain = c.daily_chains().get(id).send().await.unwrap();
        assert_eq!(chain.steps[0].status, DailyStepStatus::Claimed);
        assert_eq!(
            c.admin().daily_chains().list().all().await.unwrap().len(),
            1
        );
    });
    let _ = std::fs::remove_dir_all(&dir);
}

fn rusqlite_journal_mode(path: &std::path::Path) -> String {
    // The WAL file sits beside the database while it is in WAL mode.
    let header = std::fs::read(path).unwrap();
    // SQLite header bytes 18 and 19 are 2 for WAL.
    assert!(header.len() > 20);
    if header[18] == 2 && header[19] == 2 {
        "wal".into()
    } else {
        "rollback".into()
    }
}
