//! Group commit: [`Store::submit`] hands a write to the store's database thread and waits for
//! its answer. That thread takes every job queued meanwhile (at most [`BATCH`]), locks the
//! database once, runs the jobs in one transaction, commits once, and only then answers them:
//! no client hears of a success before it is committed, and a batch of claims costs one
//! commit (with a file, one run of WAL frame writes) instead of one each. A job that fails
//! rolls back only its own writes (if it had written anything, the batch runs again with a
//! savepoint per job; see `run_batch`). Jobs run in the order they were submitted, exactly as
//! they would have one after another. [`Store::lock`] still borrows the same connection, for
//! reads and for definition changes (which rebuild the [`Cache`]); the mutex keeps the two
//! paths from ever using the connection at the same time.
//!
//! This file knows jobs, batches and the connection; it names no feature.

use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError, mpsc};
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

/// The database thread: waits for a job, takes every other one queued meanwhile (up to
/// [`BATCH`]), runs them in one transaction under the lock, and answers them after the commit.
/// Ends when every sender is gone.
pub(super) fn commit_loop(db: &Mutex<Db>, jobs: &mpsc::Receiver<Box<dyn Job>>) {
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
