//! [`LiveOpsPlugin`]: the plugin as a configuration value.

use std::path::PathBuf;
use std::time::Duration;

use xsolla_liveops::retry::RetryPolicy;
use xsolla_liveops::{DEFAULT_BASE_URL, ProjectId};

/// Which LiveOps features the plugin loads and keeps fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveOpsFeatures {
    /// Daily chains ([`DailyChains`](crate::DailyChains)).
    pub daily: bool,
    /// Offer chains ([`OfferChains`](crate::OfferChains)).
    pub offers: bool,
    /// Upsell ([`Upsell`](crate::Upsell)).
    pub upsell: bool,
    /// Reward chains and value points ([`RewardChains`](crate::RewardChains)).
    pub rewards: bool,
    /// Code previews and redemptions ([`RedeemCode`](crate::RedeemCode)).
    pub codes: bool,
}

impl LiveOpsFeatures {
    /// Every feature.
    pub const ALL: Self = Self {
        daily: true,
        offers: true,
        upsell: true,
        rewards: true,
        codes: true,
    };

    /// No feature; switch on the ones you want.
    pub const NONE: Self = Self {
        daily: false,
        offers: false,
        upsell: false,
        rewards: false,
        codes: false,
    };

    /// Whether a feature is loaded.
    pub fn contains(&self, feature: crate::LiveOpsFeature) -> bool {
        match feature {
            crate::LiveOpsFeature::Daily => self.daily,
            crate::LiveOpsFeature::Offers => self.offers,
            crate::LiveOpsFeature::Upsell => self.upsell,
            crate::LiveOpsFeature::Rewards => self.rewards,
        }
    }
}

impl Default for LiveOpsFeatures {
    fn default() -> Self {
        Self::ALL
    }
}

/// Adds Xsolla LiveOps to an app.
///
/// A configuration value: build it with [`LiveOpsPlugin::new`] (Xsolla's servers) or
/// [`LiveOpsPlugin::local_emulator`], adjust it with the `with_*` methods, add it with
/// `app.add_plugins(plugin)`. Every field is public and documented.
#[derive(Debug, Clone)]
pub struct LiveOpsPlugin {
    /// The store project id.
    pub project_id: ProjectId,
    /// API base URL, `https://store.xsolla.com/api` by default.
    pub base_url: String,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for one whole request.
    pub request_timeout: Duration,
    /// How often every loaded feature is read again, besides the reads at unlock and reset
    /// boundaries and after claims.
    pub refresh_interval: Duration,
    /// Where the last good state of each player is kept for offline starts; `None` keeps
    /// nothing on disk. Tokens are never written there.
    pub cache_dir: Option<PathBuf>,
    /// Which features to load.
    pub features: LiveOpsFeatures,
    /// How long before the token's `exp` to write
    /// [`SessionExpiring`](crate::session::SessionExpiring).
    pub expiry_warning: Duration,
    /// Retry bounds for reads (claims are never retried).
    pub retry: RetryPolicy,
    /// After a read fails for good, the first wait before the plugin reads again; it doubles up
    /// to [`LiveOpsPlugin::refresh_interval`].
    pub offline_retry: Duration,
    /// Open payments in Xsolla's sandbox Pay Station.
    pub sandbox_payments: bool,
}

impl LiveOpsPlugin {
    /// The plugin for a project on Xsolla's servers.
    pub fn new(project_id: impl Into<ProjectId>) -> Self {
        Self {
            project_id: project_id.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            refresh_interval: Duration::from_secs(300),
            cache_dir: None,
            features: LiveOpsFeatures::default(),
            expiry_warning: Duration::from_secs(120),
            retry: RetryPolicy::default(),
            offline_retry: Duration::from_secs(2),
            sandbox_payments: false,
        }
    }

    /// The plugin for a local emulator, e.g. `http://127.0.0.1:8780`; payments use the sandbox.
    pub fn local_emulator(project_id: impl Into<ProjectId>, base_url: impl Into<String>) -> Self {
        Self::new(project_id)
            .with_base_url(base_url)
            .with_sandbox_payments(true)
    }

    /// Sets [`LiveOpsPlugin::base_url`].
    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sets both timeouts.
    pub fn with_timeouts(mut self, connect: Duration, request: Duration) -> Self {
        self.connect_timeout = connect;
        self.request_timeout = request;
        self
    }

    /// Sets [`LiveOpsPlugin::refresh_interval`].
    pub fn with_refresh_interval(mut self, interval: Duration) -> Self {
        self.refresh_interval = interval;
        self
    }

    /// Sets [`LiveOpsPlugin::cache_dir`].
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Sets [`LiveOpsPlugin::features`].
    pub fn with_features(mut self, features: LiveOpsFeatures) -> Self {
        self.features = features;
        self
    }

    /// Sets [`LiveOpsPlugin::expiry_warning`].
    pub fn with_expiry_warning(mut self, warning: Duration) -> Self {
        self.expiry_warning = warning;
        self
    }

    /// Sets [`LiveOpsPlugin::retry`].
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets [`LiveOpsPlugin::offline_retry`].
    pub fn with_offline_retry(mut self, wait: Duration) -> Self {
        self.offline_retry = wait;
        self
    }

    /// Sets [`LiveOpsPlugin::sandbox_payments`].
    pub fn with_sandbox_payments(mut self, sandbox: bool) -> Self {
        self.sandbox_payments = sandbox;
        self
    }
}
