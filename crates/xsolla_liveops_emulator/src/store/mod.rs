//! State: one SQLite connection (in memory or a WAL file) behind a mutex, plus an in-memory
//! copy of the definitions (the [`Cache`]) so that hot paths never parse JSON documents.
//!
//! Writes go through [`Db::write`] or [`Store::submit`] (group commit, in `commit`): each is
//! one transaction (or one savepoint), committed whole or not at all. A grant is always
//! written inside the same transaction as the claim, order or redemption that earned it.
//!
//! The store reads bottom-up: `commit` knows jobs and batches and no feature; each feature
//! module loads its definitions into the cache (`load`) and applies its seed sections
//! (`seed`); this file only lists them, in [`LOADERS`] and [`SEED_STAGES`].

pub mod catalog;
pub mod codes;
pub mod daily;
pub mod inventory;
pub mod limits;
pub mod offer;
pub mod orders;
pub mod personalization;
pub mod promotions;
pub mod rewards;
pub mod upsell;

mod cache;
mod commit;
mod db;

use std::sync::Mutex;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::config::Storage;
use crate::error::ApiResult;
use crate::seed::Seed;

pub use self::cache::Cache;
#[cfg(test)]
use self::db::SCHEMA;
pub use self::db::{Db, StoreError};

/// Fills a feature's part of the cache from the database.
type Loader = fn(&Connection, &mut Cache) -> ApiResult<()>;

/// Applies a feature's seed sections at time `now`, checked against the cache as it stands.
type Seeder = fn(&Transaction<'_>, &Cache, &Seed, i64) -> ApiResult<()>;

/// Every feature's loader.
const LOADERS: &[Loader] = &[
    catalog::load,
    daily::load,
    offer::load,
    codes::load,
    promotions::load,
    personalization::load,
    rewards::load,
    upsell::load,
];

/// The seeders, in stages: each stage is one transaction, and the cache is rebuilt after it,
/// so a stage sees what the earlier ones made (items, then value points, then the rest).
const SEED_STAGES: &[&[Seeder]] = &[
    &[catalog::seed],
    &[rewards::seed_points],
    &[
        daily::seed,
        offer::seed,
        inventory::seed,
        promotions::seed,
        personalization::seed,
        codes::seed,
        rewards::seed,
        upsell::seed,
        crate::login::store::seed,
    ],
];

/// The store: the database behind a mutex, and the writes queued for it (see `commit`).
#[derive(Debug)]
pub struct Store {
    db: Mutex<Db>,
    pending: commit::Pending,
}

impl Store {
    /// Opens (and creates) the database, then loads `seed` if the database is new.
    pub fn open(storage: &Storage, seed: &Seed, now: i64) -> Result<Self, StoreError> {
        let conn = db::connect(storage)?;
        let cache = load_cache(&conn).map_err(StoreError::Corrupt)?;
        let mut db = Db { conn, cache };
        if db.meta("seeded")?.is_none() {
            seed_db(&mut db, seed, now)?;
        } else {
            tracing::info!("existing database: the seed is not applied again");
        }
        Ok(Self {
            db: Mutex::new(db),
            pending: commit::Pending::default(),
        })
    }

    /// Deletes every definition and all player state (every table of the schema), then loads
    /// `seed` again.
    pub fn reset(&self, seed: &Seed, now: i64) -> Result<(), StoreError> {
        let mut db = self.lock();
        let tables: Vec<String> = db
            .conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let tx = db
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in tables {
            tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        tx.commit()?;
        db.cache = load_cache(&db.conn).map_err(StoreError::Corrupt)?;
        seed_db(&mut db, seed, now)
    }
}

/// Applies `seed` stage by stage; the last stage marks the database seeded.
fn seed_db(db: &mut Db, seed: &Seed, now: i64) -> Result<(), StoreError> {
    let last = SEED_STAGES.len() - 1;
    for (i, stage) in SEED_STAGES.iter().enumerate() {
        db.write_definitions(|tx, cache| {
            for seeder in *stage {
                seeder(tx, cache, seed, now)?;
            }
            if i == last {
                // Marked seeded in the same transaction, so a crash can never seed twice.
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?1)",
                    [now.to_string()],
                )?;
            }
            Ok(())
        })
        .map_err(StoreError::Seed)?;
    }
    Ok(())
}

/// The cache, from every feature's loader.
fn load_cache(conn: &Connection) -> ApiResult<Cache> {
    let mut cache = Cache::default();
    for load in LOADERS {
        load(conn, &mut cache)?;
    }
    Ok(cache)
}

/// A fresh step id, unique across every chain and every update.
pub fn next_step_id(tx: &Connection) -> ApiResult<i64> {
    tx.prepare_cached("INSERT INTO step_ids DEFAULT VALUES")?
        .execute([])?;
    Ok(tx.last_insert_rowid())
}

/// A page of `items` and whether more follow.
pub fn paginate<T>(items: Vec<T>, limit: usize, offset: usize) -> (Vec<T>, bool) {
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    let has_more = offset.saturating_add(page.len()) < total;
    (page, has_more)
}
