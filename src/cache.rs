//! The last good state of each player on disk, shown at start until the network answers.
//!
//! One JSON file per player and feature under the configured directory. The token is never
//! written; files are written and read on the network runtime, never on the frame.

use std::path::{Path, PathBuf};

use bevy_ecs::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::daily::DailyChains;
use crate::feature::{FeatureState, restore};
use crate::net::{Apply, Done, LiveOpsNet, LiveOpsSettings};
use crate::offers::OfferChains;
use crate::outcome::LiveOpsFeature;
use crate::rewards::RewardChains;
use crate::session::LiveOpsSession;
use crate::upsell::Upsell;

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

fn feature_name(feature: LiveOpsFeature) -> &'static str {
    match feature {
        LiveOpsFeature::Daily => "daily",
        LiveOpsFeature::Offers => "offers",
        LiveOpsFeature::Upsell => "upsell",
        LiveOpsFeature::Rewards => "rewards",
    }
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
        .join(format!("{}.json", feature_name(feature)))
}

/// Writes a feature's state for the current player, off the frame.
pub(crate) fn store<T: Serialize>(world: &World, feature: LiveOpsFeature, data: &T) {
    let Some(dir) = world.resource::<LiveOpsSettings>().cache_dir.clone() else {
        return;
    };
    let session = world.resource::<LiveOpsSession>();
    let Some(player) = session.player().map(str::to_owned) else {
        return;
    };
    let entry = Entry {
        format: FORMAT,
        player: player.clone(),
        data,
    };
    let Ok(bytes) = serde_json::to_vec(&entry) else {
        return;
    };
    let file = path(&dir, &player, feature);
    world.resource::<LiveOpsNet>().spawn_raw(session.generation(), async move {
        if let Err(e) = write_atomically(&file, &bytes) {
            tracing::warn!(path = %file.display(), error = %e, "could not write the LiveOps cache");
        }
        Done::new(None, |_| {})
    });
}

fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}

fn read<T: DeserializeOwned>(file: &Path, player: &str) -> Option<T> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!(path = %file.display(), error = %e, "could not read the LiveOps cache");
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

/// Reads one feature's cached data; the returned change shows it unless the network was faster.
fn load<F: FeatureState>(dir: &Path, player: &str) -> Option<Apply> {
    let data = read::<F::Data>(&path(dir, player, F::FEATURE), player)?;
    Some(Box::new(move |world: &mut World| restore::<F>(world, data)))
}

/// Loads a new player's cached state, off the frame.
pub(crate) fn load_for_player(
    current: String,
    settings: &LiveOpsSettings,
    session: &LiveOpsSession,
    net: &LiveOpsNet,
) {
    let Some(dir) = settings.cache_dir.clone() else {
        return;
    };
    net.spawn_raw(session.generation(), async move {
        let loaded: Vec<Apply> = [
            load::<DailyChains>(&dir, &current),
            load::<OfferChains>(&dir, &current),
            load::<Upsell>(&dir, &current),
            load::<RewardChains>(&dir, &current),
        ]
        .into_iter()
        .flatten()
        .collect();
        Done::new(None, move |world| {
            for apply in loaded {
                apply(world);
            }
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn player_ids_cannot_leave_the_cache_directory() {
        let p = path(
            Path::new("/cache"),
            "../../etc/passwd",
            LiveOpsFeature::Daily,
        );
        assert!(p.starts_with("/cache"));
        assert_eq!(p.components().count(), 4);
        assert_ne!(
            path(Path::new("/c"), "a/b", LiveOpsFeature::Daily),
            path(Path::new("/c"), "a_b", LiveOpsFeature::Daily)
        );
    }
}
