//! State: one SQLite connection (in memory or a WAL file) behind a mutex, plus an in-memory
//! copy of the definitions (items, chains) so that hot paths never parse JSON documents.
//!
//! Writes go through [`Db::write`] or [`Store::submit`]: each is one transaction (or one
//! savepoint), committed whole or not at all. A grant is always written inside the same
//! transaction as the claim, order or redemption that earned it.
//!
//! # Group commit
//! [`Store::submit`] hands a write to the store's database thread and waits for its answer.
//! That thread takes every job queued meanwhile (at most [`BATCH`]), locks the database once,
//! runs the jobs in one transaction, commits once, and only then answers them: no client hears
//! of a success before it is committed, and a batch of claims costs one commit (with a file,
//! one run of WAL frame writes) instead of one each. A job that fails rolls back only its own
//! writes (if it had written anything, the batch runs again with a savepoint per job; see
//! `run_batch`). Jobs run in the order they were submitted,
//! exactly as they would have one after another. [`Store::lock`] still borrows the same
//! connection, for reads and for definition changes (which rebuild the [`Cache`]); the mutex
//! keeps the two paths from ever using the connection at the same time.

pub mod catalog;
pub mod codes;
pub mod daily;
pub mod inventory;
pub mod limits;
pub mod offer;
pub mod personalization;
pub mod promotions;
pub mod rewards;
pub mod upsell;

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use xsolla_liveops::models::daily::AdminDailyChain;

use crate::config::Storage;
use crate::error::{ApiError, ApiResult};
use crate::seed::Seed;

use self::catalog::Item;
use self::offer::OfferChainDoc;

const SCHEMA: &str = include_str!("schema.sql");

/// Prepared statements kept per connection: every hot statement of every feature fits, so
/// none is compiled twice.
const STATEMENT_CACHE: usize = 512;

/// How long [`Store::lock`] spins for a busy lock before it sleeps.
const SPIN: Duration = Duration::from_micros(50);

/// The most jobs one group commit takes; more wait for the next one.
pub const BATCH: usize = 256;

/// A submitted write, its result type erased.
trait Job: Send {
    /// Runs the write against the batch's transaction and keeps its result (replacing the
    /// result of an earlier run); true if it succeeded. A panic counts as a failure.
    fn run(&mut self, tx: &Transaction<'_>, cache: &Cache) -> bool;
    /// Forgets the result of an earlier run.
    fn reset(&mut self);
    /// Sends the kept result to the waiting request, or `lost` in place of a success (or of
    /// a run that never happened).
    fn answer(self: Box<Self>, lost: Option<ApiError>);
}

/// A write submitted through [`Store::submit`].
struct Submitted<T, F> {
    f: F,
    result: Option<ApiResult<T>>,
    reply: tokio::sync::oneshot::Sender<ApiResult<T>>,
}

impl<T, F> Job for Submitted<T, F>
where
    T: Send,
    F: Fn(&Transaction<'_>, &Cache) -> ApiResult<T> + Send,
{
    fn run(&mut self, tx: &Transaction<'_>, cache: &Cache) -> bool {
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| (self.f)(tx, cache)))
            .unwrap_or_else(|_| Err(ApiError::internal("group commit", "a write panicked")));
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn reset(&mut self) {
        self.result = None;
    }

    fn answer(self: Box<Self>, lost: Option<ApiError>) {
        let result = match (lost, self.result) {
            (Some(lost), Some(Ok(_)) | None) => Err(lost),
            (None, None) => Err(ApiError::internal("group commit", "a write never ran")),
            (_, Some(result)) => result,
        };
        let _ = self.reply.send(result);
    }
}

/// Why the database could not be opened or seeded.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The seed was rejected as an admin call would have been.
    #[error("the seed is invalid: {0}")]
    Seed(ApiError),
    /// A stored document could not be read back.
    #[error("the database holds an unreadable document: {0}")]
    Corrupt(ApiError),
    /// The database thread could not be started.
    #[error("cannot start the database thread: {0}")]
    Thread(#[from] std::io::Error),
}

/// Definitions kept in memory, always equal to what the database holds.
#[derive(Debug, Default)]
pub struct Cache {
    /// Catalog items by SKU.
    pub items: HashMap<String, Arc<Item>>,
    /// Daily chains by id, in their stored (admin) form.
    pub daily: BTreeMap<i64, Arc<AdminDailyChain>>,
    /// Offer chains by id.
    pub offer: BTreeMap<i64, Arc<OfferChainDoc>>,
    /// Coupon, promo-code and unique-catalog-offer campaigns.
    pub codes: codes::CodeCache,
    /// Discounts and bonuses by promotion id.
    pub promotions: BTreeMap<i64, Arc<promotions::PromotionDoc>>,
    /// Personalized-catalog rules by rule id.
    pub rules: BTreeMap<i64, Arc<personalization::RuleDoc>>,
    /// Value points by SKU.
    pub value_points: BTreeMap<String, Arc<rewards::ValuePoint>>,
    /// Reward chains by id.
    pub reward: BTreeMap<i64, Arc<rewards::RewardChainDoc>>,
    /// The project's upsell setting, if any.
    pub upsell: Option<Arc<xsolla_liveops::models::upsell::UpsellInput>>,
}

/// The connection and the cache; reached through [`Store::lock`].
#[derive(Debug)]
pub struct Db {
    /// The SQLite connection.
    pub conn: Connection,
    /// The definitions.
    pub cache: Cache,
}

impl Db {
    /// Runs `f` in one immediate transaction and commits it; any error rolls everything back.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Cache) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx, &self.cache)?;
        tx.commit()?;
        Ok(out)
    }

    /// Like [`Db::write`] for definition changes: the cache is rebuilt after the commit.
    pub fn write_definitions<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Cache) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let out = self.write(f);
        // Rebuild even after a failure: cheap, and it can never leave the cache stale.
        self.cache = load_cache(&self.conn)?;
        out
    }

    /// A `meta` value.
    pub fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()
    }
}

/// The store: the database behind a mutex, and the thread that group-commits submitted
/// writes. Dropping the store lets that thread finish the jobs already queued and waits for it.
#[derive(Debug)]
pub struct Store {
    db: Arc<Mutex<Db>>,
    jobs: Option<mpsc::Sender<Box<dyn Job>>>,
    committer: Option<JoinHandle<()>>,
}

impl Drop for Store {
    fn drop(&mut self) {
        // Closing the channel ends the thread once the queue is empty; joining it closes the
        // connection (and a file's exclusive lock) before the store is gone.
        drop(self.jobs.take());
        if let Some(thread) = self.committer.take() {
            let _ = thread.join();
        }
    }
}

/// Locks `db`, taking over a poisoned lock (every write is a transaction or savepoint, so a
/// panic cannot have left a partial write behind).
fn lock_db(db: &Mutex<Db>) -> MutexGuard<'_, Db> {
    // A request holds the lock for microseconds (about 7 in memory, 35 with a file).
    // Sleeping in the kernel for it costs two context switches and stalls this worker's
    // other connections meanwhile; spinning for about as long as one request holds it is
    // cheaper, and a long holder (a reset, a big code generation) still gets a sleeper.
    let started = Instant::now();
    loop {
        match db.try_lock() {
            Ok(guard) => return guard,
            Err(TryLockError::Poisoned(e)) => return e.into_inner(),
            Err(TryLockError::WouldBlock) if started.elapsed() < SPIN => {
                std::hint::spin_loop();
            }
            Err(TryLockError::WouldBlock) => break,
        }
    }
    db.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The database thread: waits for a job, takes every other one queued meanwhile (up to
/// [`BATCH`]), runs them in one transaction under the lock, and answers them after the commit.
/// Ends when every sender is gone.
fn commit_loop(db: &Mutex<Db>, jobs: &mpsc::Receiver<Box<dyn Job>>) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Ok(job) = jobs.recv() {
        batch.push(job);
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let lost = run_batch(&mut lock_db(db), &mut batch);
        for job in batch.drain(..) {
            job.answer(lost.clone());
        }
    }
}

/// Runs a batch of jobs in one transaction and commits it; returns why the batch was lost
/// (nothing of it committed), if it was.
///
/// Savepoints cost (SQLite copies every page a savepoint touches first into its journal), so
/// the batch first runs without them: a job that fails without changing a row (most refusals
/// check before they write) needs no undo. Only if a job fails after changing rows is that
/// attempt rolled back and the batch run again with a savepoint per job, so that the failure
/// undoes its own writes and nothing else. A lone job needs no savepoint at all.
fn run_batch(db: &mut Db, jobs: &mut [Box<dyn Job>]) -> Option<ApiError> {
    let Db { conn, cache } = db;
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return Some(e.into()),
    };
    let mut clean = true;
    for job in jobs.iter_mut() {
        let before = tx.total_changes();
        if !job.run(&tx, cache) && (tx.total_changes() != before || tx.is_autocommit()) {
            clean = false;
            break;
        }
    }
    if clean {
        return tx.commit().err().map(ApiError::from);
    }
    drop(tx); // rolls back
    if jobs.len() == 1 {
        return None; // the job's own error is its answer
    }
    jobs.iter_mut().for_each(|job| job.reset());
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return Some(e.into()),
    };
    for job in jobs.iter_mut() {
        if let Err(e) = savepoint(&tx, "SAVEPOINT job") {
            return Some(e.into()); // dropping `tx` rolls back
        }
        let closed = if job.run(&tx, cache) {
            savepoint(&tx, "RELEASE job").map_err(ApiError::from)
        } else if tx.is_autocommit() {
            // SQLite rolled the whole transaction back on its own (a full disk, for one).
            Err(ApiError::internal(
                "group commit",
                "SQLite rolled the batch's transaction back",
            ))
        } else {
            savepoint(&tx, "ROLLBACK TO job")
                .and_then(|()| savepoint(&tx, "RELEASE job"))
                .map_err(ApiError::from)
        };
        if let Err(lost) = closed {
            return Some(lost);
        }
    }
    tx.commit().err().map(ApiError::from)
}

/// Runs one savepoint statement (prepared once per connection).
fn savepoint(tx: &Transaction<'_>, sql: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(sql)?.execute([]).map(drop)
}

impl Store {
    /// Opens (and creates) the database, then loads `seed` if the database is new.
    pub fn open(storage: &Storage, seed: &Seed, now: i64) -> Result<Self, StoreError> {
        let conn = match storage {
            Storage::Memory => Connection::open_in_memory()?,
            Storage::File(path) => {
                let conn = Connection::open(path)?;
                // One emulator owns its file, as its in-memory copy of the definitions assumes:
                // the lock is taken once instead of on every transaction, and the WAL index
                // lives in this process's memory. Another process (a second emulator, the
                // sqlite3 shell) can open the file once this one has stopped.
                conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                // WAL + NORMAL: a commit survives a process crash (SIGKILL); only a power
                // loss can drop the last commits.
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                // Checkpoint (copy the WAL into the database, with its two fsyncs) every
                // 10,000 pages (about 40 MB) rather than every 1,000: ten times fewer stalls.
                conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
                // 64 MiB of page cache: the hot pages of a busy database stay in memory.
                conn.pragma_update(None, "cache_size", -65_536)?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                conn
            }
        };
        // Plans never depend on bound values. Without this, SQLite marks statements such as
        // `SELECT MAX(cycle) … WHERE chain_id = ?2` for re-planning whenever their bindings are
        // cleared, which rusqlite's statement cache does on every reuse: each claim would
        // compile its SQL again.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        conn.execute_batch(SCHEMA)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let cache = load_cache(&conn).map_err(StoreError::Corrupt)?;
        let mut db = Db { conn, cache };
        if db.meta("seeded")?.is_none() {
            seed_db(&mut db, seed, now)?;
        } else {
            tracing::info!("existing database: the seed is not applied again");
        }
        let db = Arc::new(Mutex::new(db));
        let (jobs, queue) = mpsc::channel::<Box<dyn Job>>();
        let shared = Arc::clone(&db);
        let committer = std::thread::Builder::new()
            .name("liveops-db".into())
            .spawn(move || commit_loop(&shared, &queue))?;
        Ok(Self {
            db,
            jobs: Some(jobs),
            committer: Some(committer),
        })
    }

    /// The database, for one request's work. A poisoned lock is taken over: every write is a
    /// transaction, so a panic mid-request cannot have left a partial write behind.
    pub fn lock(&self) -> MutexGuard<'_, Db> {
        lock_db(&self.db)
    }

    /// Runs `f` as a write of its own, group-committed with whatever other writes are waiting
    /// (see the module documentation), and answers once it is committed. `f` sees the writes
    /// submitted before it and nothing of those after it; if it fails, none of its writes
    /// remain. `f` may run more than once (when another job of its batch fails after writing,
    /// the batch runs again): only its last run's writes and result count, so it must have no
    /// effect outside the transaction. Definition changes, which must rebuild the cache, go
    /// through `Db::write_definitions` instead.
    pub async fn submit<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: Fn(&Transaction<'_>, &Cache) -> ApiResult<T> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Box::new(Submitted {
            f,
            result: None,
            reply,
        });
        let stopped = || {
            ApiError::internal(
                "group commit",
                "the database thread dropped the write without answering",
            )
        };
        self.jobs
            .as_ref()
            .and_then(|jobs| jobs.send(job).ok())
            .ok_or_else(stopped)?;
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }

    /// Deletes every definition and all player state, then loads `seed` again.
    pub fn reset(&self, seed: &Seed, now: i64) -> Result<(), StoreError> {
        let mut db = self.lock();
        db.conn.execute_batch(
            "BEGIN IMMEDIATE;
             DELETE FROM meta; DELETE FROM items; DELETE FROM step_ids; DELETE FROM users;
             DELETE FROM inventory; DELETE FROM grants; DELETE FROM value_points;
             DELETE FROM daily_chains; DELETE FROM daily_claims; DELETE FROM offer_chains;
             DELETE FROM offer_claims; DELETE FROM orders;
             DELETE FROM code_promotions; DELETE FROM codes; DELETE FROM code_user_limits;
             DELETE FROM code_carts; DELETE FROM code_redemptions;
             DELETE FROM promotions; DELETE FROM order_promotions; DELETE FROM catalog_rules;
             DELETE FROM promotion_user_limits; DELETE FROM item_user_limits;
             DELETE FROM value_point_items; DELETE FROM item_value_points;
             DELETE FROM value_point_ledger; DELETE FROM reward_chains;
             DELETE FROM reward_claims; DELETE FROM clan_members;
             DELETE FROM upsell; DELETE FROM sku_grant_counts;
             DELETE FROM sqlite_sequence;
             COMMIT;",
        )?;
        db.cache = load_cache(&db.conn).map_err(StoreError::Corrupt)?;
        seed_db(&mut db, seed, now)
    }
}

fn seed_db(db: &mut Db, seed: &Seed, now: i64) -> Result<(), StoreError> {
    // Items first (chains are checked against them), then everything else in one transaction.
    db.write_definitions(|tx, _| {
        seed.items
            .iter()
            .try_for_each(|item| catalog::upsert(tx, item).map(drop))
    })
    .map_err(StoreError::Seed)?;
    // Value points next (reward chains are checked against them); upserts, so safe to repeat.
    db.write_definitions(|tx, cache| {
        rewards::seed_value_points(
            tx,
            &seed.value_points,
            &seed.value_point_rewards,
            &cache.items,
        )
    })
    .map_err(StoreError::Seed)?;
    db.write_definitions(|tx, cache| {
        for chain in &seed.daily_chains {
            daily::create(tx, cache, chain.clone())?;
        }
        for chain in &seed.offer_chains {
            offer::create(tx, cache, chain.clone(), now)?;
        }
        for user in &seed.users {
            inventory::set_attributes(tx, &user.sub, &user.attributes)?;
        }
        promotions::seed(tx, cache, seed, now)?;
        personalization::seed(tx, cache, seed)?;
        codes::seed(
            tx,
            cache,
            &seed.coupons,
            &seed.promo_codes,
            &seed.unique_catalog_offers,
        )?;
        for chain in &seed.reward_chains {
            rewards::create(tx, cache, chain.clone(), now)?;
        }
        if let Some(setting) = &seed.upsell {
            upsell::save(tx, cache, setting.clone())?;
        }
        // Marked seeded in the same transaction, so a crash can never seed twice.
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?1)",
            [now.to_string()],
        )?;
        Ok(())
    })
    .map_err(StoreError::Seed)?;
    Ok(())
}

fn load_cache(conn: &Connection) -> ApiResult<Cache> {
    let mut cache = Cache::default();
    let mut stmt = conn.prepare_cached("SELECT item_id, doc FROM items")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (item_id, doc) = row?;
        let item = Item::from_doc(item_id, &doc)?;
        cache.items.insert(item.input.sku.0.clone(), Arc::new(item));
    }
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM daily_chains")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let chain: AdminDailyChain = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("daily chain document", e))?;
        cache.daily.insert(id, Arc::new(chain));
    }
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM offer_chains")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let chain: OfferChainDoc = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("offer chain document", e))?;
        cache.offer.insert(id, Arc::new(chain));
    }
    cache.codes = codes::load(conn)?;
    cache.promotions = promotions::load(conn)?;
    cache.rules = personalization::load(conn)?;
    rewards::load(conn, &mut cache)?;
    cache.upsell = upsell::load(conn)?.map(Arc::new);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Arc<Store> {
        let seed = Seed::from_json("{}").expect("an empty seed");
        Arc::new(Store::open(&Storage::Memory, &seed, 1_800_000_000).expect("a store"))
    }

    fn keys(store: &Store) -> Vec<String> {
        let db = store.lock();
        let mut stmt = db
            .conn
            .prepare("SELECT key FROM meta WHERE key LIKE 'job%' ORDER BY key")
            .expect("a query");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("keys")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_job_rolls_back_only_itself() {
        // Refusals before and after writing, and a panic, within batches of successes.
        let store = store();
        // Holding the lock makes the jobs queue up, so that they are committed as batches.
        let guard = store.lock();
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    store
                        .submit(move |tx, _| {
                            if i % 4 == 2 {
                                return Err(ApiError::not_found("refused before writing"));
                            }
                            tx.execute(
                                "INSERT INTO meta (key, value) VALUES (?1, 'x')",
                                [format!("job{i:02}")],
                            )?;
                            match i % 4 {
                                1 => Err(ApiError::not_found("refused after writing")),
                                3 if i == 3 => panic!("a job that panics after writing"),
                                _ => Ok(i),
                            }
                        })
                        .await
                })
            })
            .collect();
        // The spawned tasks run on the runtime's workers meanwhile.
        std::thread::sleep(Duration::from_millis(100));
        drop(guard);
        let mut answered = Vec::new();
        for task in tasks {
            answered.push(task.await.expect("a task"));
        }
        let status = |i: usize| answered[i].as_ref().map_err(|e| e.status.as_u16());
        for i in 0..40 {
            match i % 4 {
                1 | 2 => assert_eq!(status(i), Err(404), "job {i}"),
                3 if i == 3 => assert_eq!(status(i), Err(500), "job {i}"),
                _ => assert_eq!(status(i), Ok(&i), "job {i}"),
            }
        }
        let expected: Vec<String> = (0..40)
            .filter(|i| i % 4 != 1 && i % 4 != 2 && *i != 3)
            .map(|i| format!("job{i:02}"))
            .collect();
        assert_eq!(keys(&store), expected);
        // The thread survived the panic and still commits.
        store
            .submit(|tx, _| {
                tx.execute("INSERT INTO meta (key, value) VALUES ('job99', 'x')", [])?;
                Ok(())
            })
            .await
            .expect("a later job");
        assert_eq!(keys(&store).last().map(String::as_str), Some("job99"));
    }
}
