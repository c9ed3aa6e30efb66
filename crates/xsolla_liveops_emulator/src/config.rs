//! How an emulator is set up: project, credentials, storage, control API, limits, seed.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use xsolla_liveops::ProjectId;

use crate::seed::Seed;

/// The project id the emulator serves when none is given (the one in Xsolla's examples).
pub const DEFAULT_PROJECT_ID: ProjectId = ProjectId(44056);
/// The API key admin calls must send when none is configured. Only for local use.
pub const DEFAULT_API_KEY: &str = "local-emulator-api-key";
/// The HS256 secret player tokens are signed with when none is configured. Only for local use.
pub const DEFAULT_JWT_SECRET: &str = "local-emulator-jwt-secret";
/// The largest request body accepted by default (bigger bodies get 413).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Where the emulator keeps its state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Storage {
    /// An in-memory SQLite database: fast, gone when the emulator stops.
    #[default]
    Memory,
    /// A SQLite file in WAL mode: state survives restarts and crashes.
    File(PathBuf),
}

/// Which web pages may call the emulator from a browser (CORS).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Pages on `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port: a game served by a
    /// local dev server.
    #[default]
    Loopback,
    /// Exactly these origins (`scheme://host[:port]`, e.g. `https://game.example`).
    List(Vec<String>),
    /// No cross-origin calls (a game served by the emulator itself needs none).
    Off,
}

/// Settings of one emulator instance. `Config::default()` is an in-memory emulator of
/// project 44056 on a random loopback port, seeded with the built-in demo project.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The project id every path must carry.
    pub project_id: ProjectId,
    /// The key admin calls send as the password of Basic auth.
    pub api_key: String,
    /// The HS256 secret player tokens are verified with.
    pub jwt_secret: String,
    /// Where state is kept.
    pub storage: Storage,
    /// Whether the `/__emulator/` control API is served.
    pub control_api: bool,
    /// The largest accepted request body, in bytes.
    pub body_limit: usize,
    /// The project loaded into a fresh database.
    pub seed: Seed,
    /// Which web pages on other origins may call the emulator.
    pub cors: CorsOrigins,
    /// Leave `Date` out of `Access-Control-Expose-Headers`, as a production API that does not
    /// list it: a page on another origin then cannot read the server's clock (a web game's
    /// clock falls back to the device's). `Retry-After` stays exposed.
    pub cors_hide_date: bool,
    /// A built web game to serve as static files at `/` (the dashboard then stays at
    /// `/dashboard/`), so the game and the API share one origin.
    pub web_root: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            project_id: DEFAULT_PROJECT_ID,
            api_key: DEFAULT_API_KEY.to_owned(),
            jwt_secret: DEFAULT_JWT_SECRET.to_owned(),
            storage: Storage::Memory,
            control_api: true,
            body_limit: DEFAULT_BODY_LIMIT,
            seed: Seed::builtin(),
            cors: CorsOrigins::default(),
            cors_hide_date: false,
            web_root: None,
        }
    }
}

impl Config {
    /// Replaces the seed.
    pub fn with_seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Starts with no chains, items or promotions at all.
    pub fn empty(self) -> Self {
        self.with_seed(Seed::default())
    }

    /// Keeps state in a SQLite file.
    pub fn with_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.storage = Storage::File(path.into());
        self
    }

    /// Serves the web game built in `dir` at `/`.
    pub fn with_web_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.web_root = Some(dir.into());
        self
    }

    /// Sets which web pages on other origins may call.
    pub fn with_cors(mut self, origins: CorsOrigins) -> Self {
        self.cors = origins;
        self
    }

    /// Listens on a given address.
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("project_id", &self.project_id)
            .field("api_key", &"<redacted>")
            .field("jwt_secret", &"<redacted>")
            .field("storage", &self.storage)
            .field("control_api", &self.control_api)
            .field("body_limit", &self.body_limit)
            .field("cors", &self.cors)
            .field("cors_hide_date", &self.cors_hide_date)
            .field("web_root", &self.web_root)
            .finish_non_exhaustive()
    }
}
