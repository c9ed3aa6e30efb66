//! [`Storage`]: small per-install values kept between runs (the offline cache, a device id, a
//! remembered sign-in), in files natively and in the browser's `localStorage` on the web.
//!
//! A storage is a location plus keys. A key is a relative, `/`-separated name such as
//! `player-1a2b/daily.json` or `device-id`: each part made of ASCII letters, digits, `.`, `-`
//! and `_`, not `.` or `..`, and the whole at most [`Storage::MAX_KEY_LEN`] bytes, so no key
//! reaches outside its location. Values are text (JSON, ids, tokens).
//!
//! - Natively the location is a directory and a key a file below it. Writes go to a temporary
//!   file that is then renamed over the old one, so a crash leaves the old value or the new
//!   one. [`Storage::write_private`] creates the file readable by its owner only (`0600` on
//!   Unix).
//! - In a browser the location is a prefix: a key is stored in `localStorage` under
//!   `<location>/<key>`, for the page's origin. `localStorage` is readable by every script of
//!   that origin, so [`Storage::write_private`] protects nothing more there.
//!
//! Calls are synchronous. Natively they touch the disk: make them off the frame (the plugin
//! runs the cache on its runtime's blocking pool). In a browser they are quick.

use std::fmt;
use std::sync::Arc;

/// Why a value could not be read, written or removed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The key is not a relative name of safe parts (see the [module docs](self)).
    #[error("{0:?} is not a valid storage key")]
    InvalidKey(String),
    /// The file system refused (natively).
    #[error("storage at {location}: {source}")]
    Io {
        /// The file concerned.
        location: String,
        /// The error.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// The browser's storage is missing (no `window`, storage disabled) or refused (full).
    #[error("browser storage unavailable: {0}")]
    Unavailable(String),
    /// The stored bytes are not text.
    #[error("the stored value for {0:?} is not UTF-8 text")]
    NotText(String),
}

/// Small per-install values: a directory natively, a `localStorage` prefix in a browser. Cheap
/// to clone. See the [module docs](self).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Storage {
    location: Arc<str>,
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Storage").field(&&*self.location).finish()
    }
}

impl Storage {
    /// The longest key, in bytes.
    pub const MAX_KEY_LEN: usize = 512;

    /// A storage at `location`: natively a directory (created on the first write); in a
    /// browser the prefix of its `localStorage` keys.
    pub fn new(location: impl AsRef<std::path::Path>) -> Self {
        Self {
            location: location.as_ref().to_string_lossy().into(),
        }
    }

    /// The location: a directory natively, a key prefix in a browser.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The value under `key`; `None` when nothing is stored there.
    pub fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        check_key(key)?;
        imp::read(&self.location, key)
    }

    /// Stores `value` under `key`, replacing what was there.
    pub fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        check_key(key)?;
        imp::write(&self.location, key, value, false)
    }

    /// Stores `value` under `key` readable by the current user only (a file created with mode
    /// `0600` on Unix). In a browser, the same as [`Storage::write`].
    pub fn write_private(&self, key: &str, value: &str) -> Result<(), StorageError> {
        check_key(key)?;
        imp::write(&self.location, key, value, true)
    }

    /// Removes the value under `key`; removing a missing value is not an error.
    pub fn remove(&self, key: &str) -> Result<(), StorageError> {
        check_key(key)?;
        imp::remove(&self.location, key)
    }
}

fn check_key(key: &str) -> Result<(), StorageError> {
    let safe_part = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    if key.len() <= Storage::MAX_KEY_LEN && key.split('/').all(safe_part) {
        Ok(())
    } else {
        Err(StorageError::InvalidKey(key.to_owned()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::io::ErrorKind;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::StorageError;

    fn file(location: &str, key: &str) -> PathBuf {
        key.split('/')
            .fold(PathBuf::from(location), |path, part| path.join(part))
    }

    fn io(file: &Path, source: std::io::Error) -> StorageError {
        StorageError::Io {
            location: file.display().to_string(),
            source: Arc::new(source),
        }
    }

    pub(super) fn read(location: &str, key: &str) -> Result<Option<String>, StorageError> {
        let file = file(location, key);
        match std::fs::read(&file) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| StorageError::NotText(key.to_owned())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&file, e)),
        }
    }

    pub(super) fn write(
        location: &str,
        key: &str,
        value: &str,
        private: bool,
    ) -> Result<(), StorageError> {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let file = file(location, key);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        // A temporary name of its own per write, so concurrent writers never share one.
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        let mut tmp = file.clone().into_os_string();
        tmp.push(format!(".{}-{serial}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let written =
            write_new(&tmp, value.as_bytes(), private).and_then(|()| std::fs::rename(&tmp, &file));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(&file, e));
        }
        Ok(())
    }

    fn write_new(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = options.open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    pub(super) fn remove(location: &str, key: &str) -> Result<(), StorageError> {
        let file = file(location, key);
        match std::fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&file, e)),
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::StorageError;

    fn local_storage() -> Result<web_sys::Storage, StorageError> {
        let window = web_sys::window()
            .ok_or_else(|| StorageError::Unavailable("no window (not a page)".to_owned()))?;
        window
            .local_storage()
            .map_err(|e| StorageError::Unavailable(format!("{e:?}")))?
            .ok_or_else(|| StorageError::Unavailable("localStorage is disabled".to_owned()))
    }

    fn full_key(location: &str, key: &str) -> String {
        if location.is_empty() {
            key.to_owned()
        } else {
            format!("{}/{key}", location.trim_end_matches('/'))
        }
    }

    pub(super) fn read(location: &str, key: &str) -> Result<Option<String>, StorageError> {
        local_storage()?
            .get_item(&full_key(location, key))
            .map_err(|e| StorageError::Unavailable(format!("{e:?}")))
    }

    pub(super) fn write(
        location: &str,
        key: &str,
        value: &str,
        _private: bool,
    ) -> Result<(), StorageError> {
        local_storage()?
            .set_item(&full_key(location, key), value)
            .map_err(|e| StorageError::Unavailable(format!("{e:?}")))
    }

    pub(super) fn remove(location: &str, key: &str) -> Result<(), StorageError> {
        local_storage()?
            .remove_item(&full_key(location, key))
            .map_err(|e| StorageError::Unavailable(format!("{e:?}")))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("liveops-storage-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn values_round_trip_and_missing_ones_read_as_none() {
        let dir = scratch("round-trip");
        let storage = Storage::new(&dir);
        assert_eq!(storage.read("device-id").ok(), Some(None));
        storage.write("player-1/daily.json", "{}").expect("written");
        storage
            .write("player-1/daily.json", "{\"a\":1}")
            .expect("replaced");
        assert_eq!(
            storage
                .read("player-1/daily.json")
                .ok()
                .flatten()
                .as_deref(),
            Some("{\"a\":1}")
        );
        storage.remove("player-1/daily.json").expect("removed");
        storage
            .remove("player-1/daily.json")
            .expect("removing twice is fine");
        assert_eq!(storage.read("player-1/daily.json").ok(), Some(None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn private_values_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("private");
        let storage = Storage::new(&dir);
        storage.write_private("token", "secret").expect("written");
        let mode = std::fs::metadata(dir.join("token"))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn keys_cannot_leave_the_location() {
        let storage = Storage::new("/nonexistent-liveops");
        for key in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "a\\b",
            "é",
        ] {
            assert!(
                matches!(storage.read(key), Err(StorageError::InvalidKey(_))),
                "{key:?}"
            );
        }
        assert!(matches!(
            storage.write(&"a".repeat(Storage::MAX_KEY_LEN + 1), ""),
            Err(StorageError::InvalidKey(_))
        ));
    }
}
