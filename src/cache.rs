//! The last good state of each player, shown at start until the network answers.
//!
//! One JSON value per player and feature in a [`Storage`]: files under the configured
//! directory natively, `localStorage` entries under that prefix in a browser. The token is
//! never written. Serialising and writing happen on the runtime's blocking pool (in a browser,
//! on its event loop), only when the state changed; reading happens there too, and only for
//! the features that are added.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bevy_ecs::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::feature_id::LiveOpsFeature;
use crate::storage::{Storage, StorageError};

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
    storage: Storage,
    /// A hash of what each key holds, so an unchanged state is not written again.
    written: Mutex<HashMap<String, u64>>,
    warned: AtomicBool,
}

/// The offline cache, or nothing when no directory is set.
#[derive(Resource, Clone, Default)]
pub(crate) struct LiveOpsCache(Option<Arc<CacheDir>>);

impl LiveOpsCache {
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self(dir.map(|dir| {
            Arc::new(CacheDir {
                storage: Storage::new(&dir),
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
    /// the copy is made there, and serialising and writing run on the blocking pool (in a
    /// browser, at once: `localStorage` is synchronous).
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
        let key = key(player, feature);
        #[cfg(not(target_arch = "wasm32"))]
        tokio::task::spawn_blocking(move || cache.write(&key, &entry));
        #[cfg(target_arch = "wasm32")]
        cache.write(&key, &entry);
    }

    /// Reads a feature's cached state for `player` (blocking: call it on the blocking pool).
    pub(crate) fn read<T: DeserializeOwned>(
        &self,
        player: &str,
        feature: LiveOpsFeature,
    ) -> Option<T> {
        let cache = self.0.as_ref()?;
        let key = key(player, feature);
        let text = match cache.storage.read(&key) {
            Ok(text) => text?,
            Err(e) => {
                cache.warn_once(&e);
                return None;
            }
        };
        match serde_json::from_str::<Entry<T>>(&text) {
            Ok(entry) if entry.format == FORMAT && entry.player == player => Some(entry.data),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(location = cache.storage.location(), %key, error = %e, "ignoring a corrupt LiveOps cache entry");
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
    fn write<T: Serialize>(&self, key: &str, entry: &Entry<T>) {
        let Ok(text) = serde_json::to_string(entry) else {
            return;
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        let hash = hasher.finish();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        if written.get(key) == Some(&hash) {
            return;
        }
        match self.storage.write(key, &text) {
            Ok(()) => {
                written.insert(key.to_owned(), hash);
            }
            Err(e) => self.warn_once(&e),
        }
    }

    fn warn_once(&self, error: &StorageError) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(location = self.storage.location(), %error, "the LiveOps cache is not usable; going on without it");
        }
    }
}

fn feature_file(feature: LiveOpsFeature) -> String {
    format!("{}.json", feature.name())
}

/// `<player>/<feature>.json`, with the player id reduced to a safe storage key part.
fn key(player: &str, feature: LiveOpsFeature) -> String {
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
    format!("{safe}-{hash:016x}/{}", feature_file(feature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn player_ids_cannot_leave_the_cache_directory() {
        let k = key("../../etc/passwd", LiveOpsFeature::DAILY);
        assert_eq!(k.split('/').count(), 2);
        let storage = Storage::new("/nonexistent-liveops-cache");
        assert!(
            storage.read(&k).is_ok(),
            "{k:?} is a valid key in the location"
        );
        assert_ne!(
            key("a/b", LiveOpsFeature::DAILY),
            key("a_b", LiveOpsFeature::DAILY)
        );
    }
}
