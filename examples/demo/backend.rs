//! Where LiveOps lives: the built-in emulator (the default) or a server given on the command
//! line. The emulator side also plays Pay Station and offers the debug panel's controls.
//!
//! In a browser the emulator cannot run inside the game: it runs natively and serves the page
//! (`scripts/web-demo`), and the game drives it through its control API over HTTP
//! (`web.rs`); the calls that read or change it answer later there, not at once.

use bevy::prelude::*;

native! {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use xsolla_liveops_emulator::{Config, Seed};

    use crate::args::Args;
}

// The emulator the game plays on: in this process natively, the one that served the page in a
// browser.
#[cfg(target_arch = "wasm32")]
pub use crate::web::{Emulator, Faults};
#[cfg(not(target_arch = "wasm32"))]
pub use xsolla_liveops_emulator::{Emulator, Faults};

/// The seed of the built-in emulator, built into the program (`--seed PATH` reads another).
#[cfg(not(target_arch = "wasm32"))]
const SEED: &str = include_str!("../../assets/liveops/demo-seed.json");

/// The season of the demo seed starts on a Monday; every week is one cycle of the daily chain.
const SEASON_START: i64 = 1_767_571_200; // 2026-01-05T00:00:00Z
const WEEK: i64 = 7 * 86_400;

/// The LiveOps server the game talks to.
#[derive(Resource)]
pub enum Backend {
    /// An emulator loaded from the demo seed: in this process, or in a browser the one that
    /// served the page.
    Local(Emulator),
    /// A server given with `--base-url` (Xsolla, or an emulator started separately); players
    /// sign in through the Login at `--login-url` with `--login-client-id`, or play with a token
    /// from `XSOLLA_TOKEN`.
    Remote {
        base_url: String,
        project_id: i64,
        login_url: Option<String>,
        login_client_id: Option<i64>,
        token: Option<String>,
    },
}

/// Where the game's pictures are: `BEVY_ASSET_ROOT/assets` when that is set, else the
/// crate's `assets/` when the program runs where it was built, else `assets/` next to the
/// program, else `assets/` in the current directory.
#[cfg(not(target_arch = "wasm32"))]
pub fn asset_root() -> PathBuf {
    if let Some(root) = std::env::var_os("BEVY_ASSET_ROOT").filter(|r| !r.is_empty()) {
        return PathBuf::from(root).join("assets");
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let beside_program = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("assets")));
    let here = std::env::current_dir().ok().map(|dir| dir.join("assets"));
    [Some(built.clone()), beside_program, here]
        .into_iter()
        .flatten()
        .find(|dir| dir.join("sprites").is_dir())
        .unwrap_or(built)
}

/// Bevy's asset plugin reading from [`asset_root`].
#[cfg(not(target_arch = "wasm32"))]
pub fn asset_plugin() -> AssetPlugin {
    AssetPlugin {
        file_path: asset_root().to_string_lossy().into_owned(),
        ..default()
    }
}

/// Bevy's asset plugin in a browser: the pictures are fetched from `assets/` beside the page,
/// with no `.meta` files asked for.
#[cfg(target_arch = "wasm32")]
pub fn asset_plugin() -> AssetPlugin {
    AssetPlugin {
        file_path: "assets".into(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        ..default()
    }
}

/// The Monday 09:00 (UTC) that starts the next week of the daily chain after `now`.
fn next_week_start(now: i64) -> i64 {
    let weeks = (now - SEASON_START).div_euclid(WEEK) + 1;
    SEASON_START + weeks * WEEK + 9 * 3600
}

impl Backend {
    /// Starts the built-in emulator, or describes the server from the command line.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn start(args: &Args) -> Result<Self, String> {
        if let (Some(base_url), Some(project_id)) = (&args.base_url, args.project_id) {
            return Ok(Self::Remote {
                base_url: base_url.trim_end_matches('/').to_owned(),
                project_id,
                login_url: args.login_url.clone(),
                login_client_id: args.login_client_id,
                token: std::env::var("XSOLLA_TOKEN").ok().filter(|t| !t.is_empty()),
            });
        }
        let mut seed = match &args.seed {
            Some(path) => Seed::from_file(path).map_err(|e| format!("{}: {e}", path.display()))?,
            None => Seed::from_json(SEED).map_err(|e| format!("the built-in seed: {e}"))?,
        };
        // Item pictures: the demo's icons, served the way a CDN serves Xsolla's.
        let icons = crate::icon_server::serve(asset_root().join("icons"))
            .map_err(|e| format!("cannot serve the icons: {e}"))?;
        let picture = |sku: &str| format!("{icons}/icons/{sku}.png");
        for item in &mut seed.items {
            item.image_url.get_or_insert_with(|| picture(&item.sku.0));
        }
        for points in &mut seed.value_points {
            points
                .image_url
                .get_or_insert_with(|| picture(&points.sku.0));
        }
        let emulator = Emulator::start_blocking(Config::default().with_seed(seed))
            .map_err(|e| format!("the emulator did not start: {e}"))?;
        let backend = Self::Local(emulator);
        backend.start_of_week();
        Ok(backend)
    }

    /// In a browser: the emulator that served the page, or the server the page's address
    /// names.
    #[cfg(target_arch = "wasm32")]
    pub fn start(page: &crate::web::PageOptions) -> Self {
        if let (Some(base_url), Some(project_id)) = (&page.base_url, page.project_id) {
            return Self::Remote {
                base_url: base_url.trim_end_matches('/').to_owned(),
                project_id,
                login_url: None,
                login_client_id: None,
                token: None,
            };
        }
        let backend = Self::Local(Emulator::new(crate::web::page_origin(), page.project_id));
        backend.start_of_week();
        backend
    }

    /// How the start screen names the server.
    pub fn describe(&self) -> String {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Self::Local(_) => "Server: the built-in LiveOps emulator".to_owned(),
            #[cfg(target_arch = "wasm32")]
            Self::Local(emulator) => {
                format!("Server: the LiveOps emulator at {}", emulator.base_url())
            }
            Self::Remote { base_url, .. } => format!("Server: {base_url}"),
        }
    }

    /// A call to the emulator is still on its way (in a browser they answer later): the
    /// script waits for it before its next step.
    pub fn busy(&self) -> bool {
        #[cfg(target_arch = "wasm32")]
        if let Some(emulator) = self.emulator() {
            return emulator.busy();
        }
        false
    }

    pub fn base_url(&self) -> String {
        match self {
            Self::Local(emulator) => emulator.base_url(),
            Self::Remote { base_url, .. } => base_url.clone(),
        }
    }

    pub fn project_id(&self) -> i64 {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Self::Local(emulator) => emulator.project_id().0,
            #[cfg(target_arch = "wasm32")]
            Self::Local(emulator) => emulator.project_id(),
            Self::Remote { project_id, .. } => *project_id,
        }
    }

    /// The built-in emulator, which the debug panel and the sandbox checkout drive.
    pub fn emulator(&self) -> Option<&Emulator> {
        match self {
            Self::Local(emulator) => Some(emulator),
            Self::Remote { .. } => None,
        }
    }

    /// The player's token from `XSOLLA_TOKEN`, for a server given on the command line.
    pub fn remote_token(&self) -> Option<String> {
        match self {
            Self::Remote { token, .. } => token.clone(),
            Self::Local(_) => None,
        }
    }

    /// Moves the built-in emulator to 09:00 on the next Monday, the first day of a new week of
    /// the daily chain, so every session starts on day 1.
    pub fn start_of_week(&self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(emulator) = self.emulator() {
            let now = emulator.clock().now_unix();
            emulator.clock().set_unix(next_week_start(now));
        }
        #[cfg(target_arch = "wasm32")]
        if let Some(emulator) = self.emulator() {
            emulator.start_of_week(next_week_start);
        }
    }

    /// Moves the emulator's clock `seconds` forward (time travel); false on another server.
    pub fn advance_clock(&self, seconds: i64) -> bool {
        let Some(emulator) = self.emulator() else {
            return false;
        };
        #[cfg(not(target_arch = "wasm32"))]
        emulator.clock().advance(seconds);
        #[cfg(target_arch = "wasm32")]
        emulator.advance_clock(seconds);
        true
    }

    /// Switches the emulator's fault injection.
    pub fn set_faults(&self, faults: Faults) {
        if let Some(emulator) = self.emulator() {
            emulator.set_faults(faults);
        }
    }

    /// Puts the built-in emulator back to its seed (every player's progress and inventory),
    /// with its own control API, then starts a new week.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn reset(&self) -> Result<(), String> {
        let Some(emulator) = self.emulator() else {
            return Err("only the built-in emulator can be reset".into());
        };
        let mut stream = TcpStream::connect(emulator.addr()).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .map_err(|e| e.to_string())?;
        write!(
            stream,
            "POST /__emulator/reset HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            emulator.addr()
        )
        .map_err(|e| e.to_string())?;
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .map_err(|e| e.to_string())?;
        if !answer.starts_with("HTTP/1.1 204") {
            return Err(format!(
                "the emulator answered {}",
                answer.lines().next().unwrap_or("nothing")
            ));
        }
        self.start_of_week();
        Ok(())
    }

    /// Puts the emulator that served the page back to its seed, then starts a new week.
    #[cfg(target_arch = "wasm32")]
    pub fn reset(&self) -> Result<(), String> {
        let Some(emulator) = self.emulator() else {
            return Err("only the demo's emulator can be reset".into());
        };
        emulator.reset(next_week_start);
        Ok(())
    }

    /// Pays an order on the emulator's checkout page, as a browser posts its form.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn pay_on_checkout_page(&self, url: &str, token: &str) -> Result<(), String> {
        pay_on_checkout_page(url, token)
    }

    /// Pays an order on the emulator's checkout page, as the page's form posts it; the answer
    /// comes later (a failure is logged).
    #[cfg(target_arch = "wasm32")]
    pub fn pay_on_checkout_page(&self, url: &str, token: &str) -> Result<(), String> {
        match self.emulator() {
            Some(emulator) => {
                emulator.pay_on_checkout_page(url, token);
                Ok(())
            }
            None => Err("only the emulator's checkout page can be paid from here".into()),
        }
    }
}

/// Pays on the emulator's checkout page as a browser does: the page's own form, posted with the
/// order's token and the sandbox card. Only a plain-HTTP page (the emulator's) can be paid
/// this way.
#[cfg(not(target_arch = "wasm32"))]
fn pay_on_checkout_page(url: &str, token: &str) -> Result<(), String> {
    xsolla_liveops_emulator::checkout::pay(url, token).map_err(|e| e.to_string())
}
