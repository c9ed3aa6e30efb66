//! The connection: how it is opened, the cache beside it, and its plain writes.

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{Cache, load_cache};
use crate::config::Storage;
use crate::error::{ApiError, ApiResult};

/// The schema of every table, applied on open.
pub(super) const SCHEMA: &str = include_str!("schema.sql");

/// Prepared statements kept per connection: every hot statement of every feature fits, so
/// none is compiled twice.
const STATEMENT_CACHE: usize = 512;

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

/// Opens the connection with the settings every store uses.
pub(super) fn connect(storage: &Storage) -> rusqlite::Result<Connection> {
    let conn = match storage {
        Storage::Memory => Connection::open_in_memory()?,
        Storage::File(path) => {
            let conn = Connection::open(path)?;
            // One emulator owns its file, as its in-memory copy of the definitions assumes:
            // the lock is taken once instead of on every transaction, and the WAL index lives
            // in this process's memory. Another process (a second emulator, the sqlite3 shell)
            // can open the file once this one has stopped.
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // WAL + NORMAL: a commit survives a process crash (SIGKILL); only a power loss
            // can drop the last commits.
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // Checkpoint (copy the WAL into the database, with its two fsyncs) every 10,000
            // pages (about 40 MB) rather than every 1,000: ten times fewer stalls.
            conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
            // 64 MiB of page cache: the hot pages of a busy database stay in memory.
            conn.pragma_update(None, "cache_size", -65_536)?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn
        }
    };
    // Plans never depend on bound values. Without this, SQLite marks statements such as
    // `SELECT MAX(cycle) … WHERE chain_id = ?2` for re-planning whenever their bindings are
    // cleared, which rusqlite's statement cache does on every reuse: each claim would compile
    // its SQL again.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.execute_batch(SCHEMA)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}
