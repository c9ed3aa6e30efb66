//! Group commit without a thread of its own (flat combining): [`Store::submit`] queues a
//! write. The write that finds the queue empty opens a batch: it lets the other requests that
//! are ready on its thread run first (one `yield_now`, so they queue their writes too), then
//! tries the database lock. Whoever holds the lock (that submitter, or a request that borrowed
//! the database through [`Store::lock`]) runs, once done with its own work, every write queued
//! meanwhile (at most [`BATCH`] at a time) in one transaction, commits once, lets the lock go,
//! and only then answers those writes. No client hears of a success before it is committed,
//! and a batch of claims costs one commit (with a file, one run of WAL frame writes) instead
//! of one each. The writes run on the requests' own threads: no hand-over to a database
//! thread and no wake-up of one.
//!
//! Why no write is left behind: every queued write is either the one that opened its batch,
//! whose submitter (or, if the request is dropped, the drop of its `Turn`) runs the queue, or
//! it was queued behind one still queued, and whoever takes that one takes (or, past
//! [`BATCH`], comes back for) the later ones. A runner that finds the lock taken leaves the
//! queue to the holder: every holder looks at the queue after it lets the lock go, and a
//! write queued after that look finds the lock free (or held by a later holder, which looks
//! in turn).
//!
//! A job that fails rolls back only its own writes (if it had written anything, the batch runs
//! again with a savepoint per job; see `run_batch`). Jobs run in the order they were queued,
//! exactly as they would have one after another.
//!
//! This file knows jobs, batches and the connection; it names no feature.

use std::ops::{Deref, DerefMut};
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use rusqlite::{Transaction, TransactionBehavior};

use super::{Cache, Db, Store};
use crate::error::{ApiError, ApiResult};

/// How long [`Store::lock`] spins for a busy lock before it sleeps.
const SPIN: Duration = Duration::from_micros(50);

/// The most jobs one group commit takes; more wait for the next one.
pub const BATCH: usize = 256;

/// A submitted write, its result type erased.
pub(super) trait Job: Send {
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

/// Locks `db`, taking over a poisoned lock (every write is a transaction or savepoint, so a
/// panic cannot have left a partial write behind).
pub(super) fn lock_db(db: &Mutex<Db>) -> MutexGuard<'_, Db> {
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

/// Writes queued for whoever holds the database lock next.
#[derive(Default)]
pub(super) struct Pending(Mutex<Vec<Box<dyn Job>>>);

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending")
    }
}

impl Pending {
    fn queue(&self) -> MutexGuard<'_, Vec<Box<dyn Job>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the oldest queued jobs, at most [`BATCH`].
    fn take(&self, batch: &mut Vec<Box<dyn Job>>) {
        let mut queue = self.queue();
        let n = queue.len().min(BATCH);
        batch.extend(queue.drain(..n));
    }
}

/// The duty of the write that opened a batch: to run the queued writes, once it has let the
/// other ready requests queue theirs (or when it is dropped before that).
struct Turn<'a>(&'a Store);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.combine();
    }
}

/// The database borrowed for one request's work ([`Store::lock`]). Letting it go runs the
/// writes queued meanwhile.
pub struct DbGuard<'a> {
    guard: Option<MutexGuard<'a, Db>>,
    store: &'a Store,
}

impl Deref for DbGuard<'_> {
    type Target = Db;

    fn deref(&self) -> &Db {
        self.guard
            .as_deref()
            .unwrap_or_else(|| unreachable!("held until dropped"))
    }
}

impl DerefMut for DbGuard<'_> {
    fn deref_mut(&mut self) -> &mut Db {
        self.guard
            .as_deref_mut()
            .unwrap_or_else(|| unreachable!("held until dropped"))
    }
}

impl Drop for DbGuard<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        self.store.combine();
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
    /// The database, for one request's work (spinning briefly, then sleeping, while another
    /// holds it). When the guard goes, the writes queued meanwhile run.
    pub fn lock(&self) -> DbGuard<'_> {
        DbGuard {
            guard: Some(lock_db(&self.db)),
            store: self,
        }
    }

    /// Runs the queued writes while the lock is free, a batch at a time; leaves them to the
    /// holder when it is not (see the module documentation).
    fn combine(&self) {
        let mut batch = Vec::new();
        loop {
            if self.pending.queue().is_empty() {
                return;
            }
            let mut db = match self.db.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(e)) => e.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            self.pending.take(&mut batch);
            let lost = run_batch(&mut db, &mut batch);
            drop(db);
            for job in batch.drain(..) {
                job.answer(lost.clone());
            }
        }
    }

    /// Runs `f` as a write of its own, group-committed with whatever other writes are waiting
    /// (see the module documentation), and answers once it is committed. `f` sees the writes
    /// queued before it and nothing of those after it; if it fails, none of its writes
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
        let first = {
            let mut queue = self.pending.queue();
            queue.push(Box::new(Submitted {
                f,
                result: None,
                reply,
            }));
            queue.len() == 1
        };
        if first {
            // This write opened a batch: let the other requests ready on this thread queue
            // theirs first, then run them all. `Turn` runs the batch even if this request
            // is dropped meanwhile.
            let turn = Turn(self);
            tokio::task::yield_now().await;
            drop(turn);
        }
        answer.await.unwrap_or_else(|_| {
            Err(ApiError::internal(
                "group commit",
                "a write was dropped without an answer",
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Storage;
    use crate::seed::Seed;

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
