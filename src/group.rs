//! [`LiveOpsPlugins`]: the core and one plugin per feature, as a plugin group.

use std::path::PathBuf;
use std::time::Duration;

use bevy_app::PluginGroupBuilder;
use bevy_app::prelude::*;
use xsolla_liveops::ProjectId;
use xsolla_liveops::retry::RetryPolicy;

use crate::codes::CodesPlugin;
use crate::core::LiveOpsCorePlugin;
use crate::daily::DailyChainsPlugin;
use crate::feature::FeaturePlugin;
use crate::offers::OfferChainsPlugin;
use crate::purchases::PurchasesPlugin;
use crate::rewards::RewardChainsPlugin;
use crate::sign_in::SignInPlugin;
use crate::upsell::UpsellPlugin;

/// Xsolla LiveOps for an app: [`LiveOpsCorePlugin`], [`SignInPlugin`] and one plugin per feature
/// ([`DailyChainsPlugin`], [`PurchasesPlugin`], [`OfferChainsPlugin`], [`UpsellPlugin`],
/// [`CodesPlugin`], [`RewardChainsPlugin`]).
///
/// ```no_run
/// # use bevy_app::prelude::*;
/// # use bevy_xsolla_liveops::prelude::*;
/// App::new().add_plugins(
///     LiveOpsPlugins::new(44056)
///         .with_cache_dir("liveops-cache")
///         .build()
///         .disable::<CodesPlugin>(),
/// );
/// ```
///
/// A feature that is left out keeps its resource (empty) and its messages, and each of its
/// requests is answered with [`LiveOpsFailed`](crate::LiveOpsFailed) carrying
/// [`LiveOpsError::FeatureDisabled`](crate::LiveOpsError::FeatureDisabled).
#[derive(Debug, Clone)]
pub struct LiveOpsPlugins {
    /// The core's settings.
    pub core: LiveOpsCorePlugin,
}

impl LiveOpsPlugins {
    /// LiveOps for a project on Xsolla's servers.
    pub fn new(project_id: impl Into<ProjectId>) -> Self {
        Self {
            core: LiveOpsCorePlugin::new(project_id),
        }
    }

    /// LiveOps on a local emulator, e.g. `http://127.0.0.1:8780`; payments use the sandbox.
    pub fn local_emulator(project_id: impl Into<ProjectId>, base_url: impl Into<String>) -> Self {
        Self {
            core: LiveOpsCorePlugin::local_emulator(project_id, base_url),
        }
    }

    /// Sets [`LiveOpsCorePlugin::paystation_url`].
    pub fn with_paystation_url(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.with_paystation_url(url);
        self
    }

    /// Sets how often orders awaiting payment are checked and for how long
    /// ([`LiveOpsCorePlugin::with_order_tracking`]).
    pub fn with_order_tracking(mut self, interval: Duration, limit: Duration) -> Self {
        self.core = self.core.with_order_tracking(interval, limit);
        self
    }

    /// Sets [`LiveOpsCorePlugin::login_client_id`] (players sign in through Xsolla Login).
    pub fn with_login(mut self, client_id: impl Into<xsolla_liveops::OAuthClientId>) -> Self {
        self.core = self.core.with_login(client_id);
        self
    }

    /// Sets [`LiveOpsCorePlugin::login_url`].
    pub fn with_login_url(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.with_login_url(url);
        self
    }

    /// Sets [`LiveOpsCorePlugin::remember_sign_in`].
    pub fn with_remembered_sign_in(mut self) -> Self {
        self.core = self.core.with_remembered_sign_in();
        self
    }

    /// Sets [`LiveOpsCorePlugin::base_url`].
    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.with_base_url(url);
        self
    }

    /// Sets both timeouts ([`LiveOpsCorePlugin::connect_timeout`],
    /// [`LiveOpsCorePlugin::request_timeout`]).
    pub fn with_timeouts(mut self, connect: Duration, request: Duration) -> Self {
        self.core = self.core.with_timeouts(connect, request);
        self
    }

    /// Sets [`LiveOpsCorePlugin::refresh_interval`].
    pub fn with_refresh_interval(mut self, interval: Duration) -> Self {
        self.core = self.core.with_refresh_interval(interval);
        self
    }

    /// Sets [`LiveOpsCorePlugin::cache_dir`].
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.core = self.core.with_cache_dir(dir);
        self
    }

    /// Sets [`LiveOpsCorePlugin::expiry_warning`].
    pub fn with_expiry_warning(mut self, warning: Duration) -> Self {
        self.core = self.core.with_expiry_warning(warning);
        self
    }

    /// Sets [`LiveOpsCorePlugin::retry`].
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.core = self.core.with_retry(retry);
        self
    }

    /// Sets [`LiveOpsCorePlugin::offline_retry`].
    pub fn with_offline_retry(mut self, wait: Duration) -> Self {
        self.core = self.core.with_offline_retry(wait);
        self
    }

    /// Sets [`LiveOpsCorePlugin::sandbox_payments`].
    pub fn with_sandbox_payments(mut self, sandbox: bool) -> Self {
        self.core = self.core.with_sandbox_payments(sandbox);
        self
    }
}

impl PluginGroup for LiveOpsPlugins {
    fn build(self) -> PluginGroupBuilder {
        PluginGroupBuilder::start::<Self>()
            .add(self.core)
            .add(SignInPlugin)
            .add(LiveOpsFeatureDeclarations)
            .add(DailyChainsPlugin)
            .add(PurchasesPlugin)
            .add(OfferChainsPlugin)
            .add(UpsellPlugin)
            .add(CodesPlugin)
            .add(RewardChainsPlugin)
    }
}

/// Declares every feature's resource, so a feature left out of the group keeps one (empty)
/// for games and widgets to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LiveOpsFeatureDeclarations;

impl Plugin for LiveOpsFeatureDeclarations {
    fn build(&self, app: &mut App) {
        app.init_resource::<crate::sign_in::LiveOpsSignIn>();
        DailyChainsPlugin::declare(app);
        PurchasesPlugin::declare(app);
        OfferChainsPlugin::declare(app);
        UpsellPlugin::declare(app);
        CodesPlugin::declare(app);
        RewardChainsPlugin::declare(app);
    }
}
