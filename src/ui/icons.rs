//! Item icons: fetched on the plugin's async runtime, decoded there, kept in a bounded memory
//! cache (and on disk when a cache directory is set), uploaded as egui textures on the frame.
//!
//! A frame never waits: [`IconCache::icon`] answers at once with the texture, the placeholder
//! (still loading) or the bundled fallback (no URL, unreachable, not an image). Each URL that
//! fails is logged once.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use bevy_egui::egui::{self, ColorImage, TextureHandle, TextureId, TextureOptions};

use crate::runtime::Spawner;

/// The icon shown when an item has no image or its image cannot be loaded (PNG, 64×64).
pub const FALLBACK_ICON_PNG: &[u8] = include_bytes!("../../assets/ui/fallback_icon.png");

/// Largest edge an icon is kept at, in pixels; bigger images are scaled down on the runtime.
pub const MAX_ICON_EDGE: u32 = 128;

/// Largest image body read, in bytes.
pub const MAX_ICON_BYTES: usize = 4 * 1024 * 1024;

/// What to draw for an icon this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconState {
    /// Still loading: draw the placeholder.
    Loading,
    /// The item's own image.
    Ready(TextureId),
    /// The bundled fallback (no URL, or the URL failed).
    Fallback(TextureId),
}

/// Where widgets get icons from. [`IconCache`] is the real one; [`NoIcons`] draws the
/// placeholder for every item (tests, games that draw no icons).
pub trait IconSource {
    /// The icon for an image URL, answered at once.
    fn icon(&mut self, ctx: &egui::Context, url: Option<&str>) -> IconState;
}

/// An icon source that never loads anything: every icon is the placeholder.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoIcons;

impl IconSource for NoIcons {
    fn icon(&mut self, _ctx: &egui::Context, _url: Option<&str>) -> IconState {
        IconState::Loading
    }
}

enum Slot {
    Pending,
    Ready { texture: TextureHandle, used: u64 },
    Bad,
}

type Fetched = (String, Result<ColorImage, String>);

struct Fetcher {
    spawner: Spawner,
    client: reqwest::Client,
    tx: crossbeam_channel::Sender<Fetched>,
    rx: crossbeam_channel::Receiver<Fetched>,
}

/// A bounded cache of item icons, loading missing ones on the plugin's runtime.
///
/// Call [`IconCache::poll`] once per frame (the hub does) to upload what finished loading.
pub struct IconCache {
    slots: HashMap<String, Slot>,
    capacity: usize,
    frame: u64,
    fetcher: Option<Fetcher>,
    cache_dir: Option<PathBuf>,
    fallback: Option<TextureHandle>,
    reported: HashSet<String>,
    logged: usize,
}

impl std::fmt::Debug for IconCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IconCache")
            .field("icons", &self.slots.len())
            .field("capacity", &self.capacity)
            .field("loading", &self.fetcher.is_some())
            .finish()
    }
}

impl Default for IconCache {
    fn default() -> Self {
        Self::new(256)
    }
}

impl IconCache {
    /// A cache keeping at most `capacity` decoded icons in memory (least recently drawn go
    /// first). Without a runtime ([`IconCache::with_runtime`]) every URL shows the fallback.
    pub fn new(capacity: usize) -> Self {
        Self {
            slots: HashMap::new(),
            capacity: capacity.max(1),
            frame: 0,
            fetcher: None,
            cache_dir: None,
            fallback: None,
            reported: HashSet::new(),
            logged: 0,
        }
    }

    /// Loads icons on this tokio runtime (the plugin's, see the UI plugin). Native only; see
    /// [`IconCache::with_spawner`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_runtime(self, handle: tokio::runtime::Handle) -> Self {
        self.with_spawner(Spawner::from(handle))
    }

    /// Loads icons with this spawner (the plugin's runtime, see
    /// [`LiveOpsRuntime::spawner`](crate::LiveOpsRuntime::spawner)): natively and in a browser.
    pub fn with_spawner(mut self, spawner: Spawner) -> Self {
        let (tx, rx) = crossbeam_channel::unbounded();
        let builder = reqwest::Client::builder();
        #[cfg(not(target_arch = "wasm32"))]
        let builder = builder
            .timeout(std::time::Duration::from_secs(20))
            .connect_timeout(std::time::Duration::from_secs(8));
        let client = builder.build().unwrap_or_default();
        self.fetcher = Some(Fetcher {
            spawner,
            client,
            tx,
            rx,
        });
        self
    }

    /// Keeps downloaded images in `dir` too, so they show without a download next time
    /// (natively; a browser keeps them in its own HTTP cache).
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// True once a runtime loads icons.
    pub fn is_loading_enabled(&self) -> bool {
        self.fetcher.is_some()
    }

    /// Decoded icons held in memory.
    pub fn len(&self) -> usize {
        self.slots
            .values()
            .filter(|s| matches!(s, Slot::Ready { .. }))
            .count()
    }

    /// True when no decoded icon is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The URLs that failed and show the fallback; each was logged once.
    pub fn failed_urls(&self) -> impl Iterator<Item = &str> {
        self.reported.iter().map(String::as_str)
    }

    /// How many warnings about bad icon URLs were logged (one per URL).
    pub fn failures_logged(&self) -> usize {
        self.logged
    }

    /// True while `url` is being loaded.
    pub fn is_pending(&self, url: &str) -> bool {
        matches!(self.slots.get(url), Some(Slot::Pending))
    }

    /// Uploads the icons that finished loading and notes the failures. Never blocks.
    pub fn poll(&mut self, ctx: &egui::Context) {
        self.frame += 1;
        let Some(fetcher) = &self.fetcher else { return };
        let done: Vec<Fetched> = fetcher.rx.try_iter().collect();
        for (url, result) in done {
            match result {
                Ok(image) => {
                    let texture = ctx.load_texture(
                        format!("liveops-icon:{url}"),
                        image,
                        TextureOptions::LINEAR,
                    );
                    self.slots.insert(
                        url,
                        Slot::Ready {
                            texture,
                            used: self.frame,
                        },
                    );
                    self.evict();
                }
                Err(reason) => {
                    if self.reported.insert(url.clone()) {
                        self.logged += 1;
                        tracing::warn!(url = %url, %reason, "LiveOps icon unavailable, showing the fallback");
                    }
                    self.slots.insert(url, Slot::Bad);
                }
            }
        }
    }

    fn evict(&mut self) {
        while self.len() > self.capacity {
            let oldest = self
                .slots
                .iter()
                .filter_map(|(k, s)| match s {
                    Slot::Ready { used, .. } => Some((*used, k.clone())),
                    _ => None,
                })
                .min();
            match oldest {
                Some((_, key)) => {
                    self.slots.remove(&key);
                }
                None => break,
            }
        }
    }

    fn fallback(&mut self, ctx: &egui::Context) -> TextureId {
        self.fallback
            .get_or_insert_with(|| {
                let image = decode(FALLBACK_ICON_PNG)
                    .unwrap_or_else(|_| ColorImage::filled([2, 2], egui::Color32::from_gray(0x80)));
                ctx.load_texture("liveops-icon-fallback", image, TextureOptions::LINEAR)
            })
            .id()
    }

    fn start(&mut self, url: &str) -> bool {
        let Some(fetcher) = &self.fetcher else {
            return false;
        };
        let (tx, client, dir) = (
            fetcher.tx.clone(),
            fetcher.client.clone(),
            self.cache_dir.clone(),
        );
        let owned = url.to_owned();
        fetcher.spawner.spawn(async move {
            let result = load(&client, &owned, dir.as_deref()).await;
            let _ = tx.send((owned, result));
        });
        true
    }
}

impl IconSource for IconCache {
    fn icon(&mut self, ctx: &egui::Context, url: Option<&str>) -> IconState {
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            return IconState::Fallback(self.fallback(ctx));
        };
        let frame = self.frame;
        match self.slots.get_mut(url) {
            Some(Slot::Ready { texture, used }) => {
                *used = frame;
                IconState::Ready(texture.id())
            }
            Some(Slot::Pending) => IconState::Loading,
            Some(Slot::Bad) => IconState::Fallback(self.fallback(ctx)),
            None => {
                if self.start(url) {
                    self.slots.insert(url.to_owned(), Slot::Pending);
                    IconState::Loading
                } else {
                    IconState::Fallback(self.fallback(ctx))
                }
            }
        }
    }
}

/// Reads an icon: from the cache directory when it is there, else over HTTP (then stored).
async fn load(
    client: &reqwest::Client,
    url: &str,
    dir: Option<&Path>,
) -> Result<ColorImage, String> {
    // A browser has no files: its own HTTP cache keeps the pictures.
    let dir = dir.filter(|_| cfg!(not(target_arch = "wasm32")));
    let file = dir.map(|d| d.join(format!("{:016x}.img", fnv1a(url.as_bytes()))));
    if let Some(file) = &file
        && let Ok(bytes) = std::fs::read(file)
        && let Ok(image) = decode(&bytes)
    {
        return Ok(image);
    }
    let response = client.get(url).send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_ICON_BYTES as u64)
    {
        return Err("image too large".to_owned());
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    if bytes.len() > MAX_ICON_BYTES {
        return Err("image too large".to_owned());
    }
    let image = decode(&bytes)?;
    if let (Some(file), Some(dir)) = (&file, dir) {
        store(dir, file, &bytes);
    }
    Ok(image)
}

fn store(dir: &Path, file: &Path, bytes: &[u8]) {
    let tmp = file.with_extension("tmp");
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, file));
    if let Err(error) = written {
        tracing::debug!(%error, "LiveOps icon not stored in the cache directory");
    }
}

/// Decodes PNG, JPEG or WebP bytes into an icon no larger than [`MAX_ICON_EDGE`].
pub fn decode(bytes: &[u8]) -> Result<ColorImage, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(8192);
    limits.max_image_height = Some(8192);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    let image = if image.width() > MAX_ICON_EDGE || image.height() > MAX_ICON_EDGE {
        image.thumbnail(MAX_ICON_EDGE, MAX_ICON_EDGE)
    } else {
        image
    };
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_fallback_decodes() {
        let image = decode(FALLBACK_ICON_PNG).unwrap();
        assert_eq!(image.size, [64, 64]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode(b"<html>not found</html>").is_err());
        assert!(decode(&[]).is_err());
        assert!(decode(&FALLBACK_ICON_PNG[..40]).is_err());
    }

    #[test]
    fn file_names_are_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
