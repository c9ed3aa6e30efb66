//! The last good state of each player on disk, shown at start until the network answers.
//!
//! One JSON file per player and feature under the configured directory. The token is never
//! written. Serialising and writing happen on the runtime's blocking pool, only when the
//! state changed; reading happens there too, and only for the features that are added.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bevy_ecs::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::feature_id::LiveOpsFeature;

/// Where a feature's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataOrigin {
    /// Nothing loaded yet.
    #[default]
    None,
    /// The offline cache, from an earlier run; the network has not answered yet.
    Cache,
    /// The network.
    Network,
}

const FORMAT: u32 = 1;

#[derive(Serialize, serde::Deserialize)]
struct Entry<T> {
    format: u32,
    player: String,
    data: T,
}

struct CacheDir {
    dir: PathBuf,
    /// A hash of what each file holds, so an unchanged state is not written again.
    written: Mutex<HashMap<PathBuf, u64>>,
    warned: AtomicBool,
}

/// The offline cache, or nothing when no directory is set.
#[derive(Resource, Clone, Default)]
pub(crate) struct LiveOpsCache(Option<Arc<CacheDir>>);

impl LiveOpsCache {
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self(dir.map(|dir| {
            Arc::new(CacheDir {
                dir,
                written: Mutex::default(),
                warned: AtomicBool::new(false),
            })
        }))
    }

    /// The cache directory, when one is set (the widgets keep item icons under it).
    #[cfg_attr(not(feature = "egui"), allow(dead_code))]
    pub(crate) fn dir(&self) -> Option<&std::path::Path> {
        self.0.as_ref().map(|c| c.dir.as_path())
    }

    /// Writes a feature's state for `player` when it changed. Call it on the network runtime:
    /// the copy is made there, and serialising and writing run on the blocking pool.
    pub(crate) fn store<T>(&self, player: &str, feature: LiveOpsFeature, data: &T)
    where
        T: Serialize + Clone + Send + 'static,
    {
        let Some(cache) = self.0.clone() else {
            return;
        };
        let entry = Entry {
            format: FORMAT,
            player: player.to_owned(),
            data: data.clone(),
        };
        let file = path(&cache.dir, player, feature);
        tokio::task::spawn_blocking(move || cache.write(&file, &entry));
    }

    /// Reads a feature's cached state for `player` (blocking: call it on the blocking pool).
    pub(crate) fn read<T: DeserializeOwned>(
        &self,
        player: &str,
        feature: LiveOpsFeature,
    ) -> Option<T> {
        let cache = self.0.as_ref()?;
        let file = path(&cache.dir, player, feature);
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                cache.warn_once(&e);
                return None;
            }
        };
        match serde_json::from_slice::<Entry<T>>(&bytes) {
            Ok(entry) if entry.format == FORMAT && entry.player == player => Some(entry.data),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(path = %file.display(), error = %e, "ignoring a corrupt LiveOps cache file");
                None
            }
        }
    }

    /// True when a directory is set.
    pub(crate) fn is_enabled(&self) -> bool {
        self.0.is_some()
    }
}

impl CacheDir {
    fn write<T: Serialize>(&self, file: &Path, entry: &Entry<T>) {
        let Ok(bytes) = serde_json::to_vec(entry) else {
            return;
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let hash = hasher.finish();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        if written.get(file) == Some(&hash) {
            return;
        }
        match write_atomically(file, &bytes) {
            Ok(()) => {
                written.insert(file.to_owned(), hash);
            }
            Err(e) => self.warn_once(&e),
        }
    }

    fn warn_once(&self, error: &std::io::Error) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(dir = %self.dir.display(), %error, "the LiveOps cache directory is not usable; going on without it");
        }
    }
}

fn feature_file(feature: LiveOpsFeature) -> String {
    format!("{}.json", feature.name())
}

/// `<dir>/<player>/<feature>.json`, with the player id reduced to a safe file name.
fn path(dir: &Path, player: &str, feature: LiveOpsFeature) -> PathBuf {
    let safe: String = player
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let hash = player.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    dir.join(format!("{safe}-{hash:016x}"))
        .join(feature_file(feature))
}

fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn player_ids_cannot_leave_the_cache_directory() {
        let p = path(
            Path::new("/cache"),
            "../../etc/passwd",
            LiveOpsFeature::DAILY,
        );
        assert!(p.starts_with("/cache"));
        assert_eq!(p.components().count(), 4);
        assert_ne!(
            path(Path::new("/c"), "a/b", LiveOpsFeature::DAILY),
            path(Path::new("/c"), "a_b", LiveOpsFeature::DAILY)
        );
    }
}
