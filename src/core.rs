//! [`LiveOpsCorePlugin`]: the runtime, the session, the server clock, the status, the outcome
//! messages and the badges; the public [`LiveOpsSystems`] ordering contract. It names no
//! feature: features join through one registration (`crate::feature::RegisterFeature`).

use std::path::PathBuf;
use std::time::Duration;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::login::DEFAULT_LOGIN_URL;
use xsolla_liveops::models::login::DeviceType;
use xsolla_liveops::retry::RetryPolicy;
use xsolla_liveops::{Client, DEFAULT_BASE_URL, OAuthClientId, ProjectId};

use crate::badges::LiveOpsBadges;
use crate::cache::LiveOpsCache;
use crate::clock::ServerClock;
use crate::error::StartError;
use crate::feature::LiveOpsFeatures;
use crate::outcome::{RewardsWaiting, emit_with};
use crate::refresh::{RefreshSchedule, fire_due_refreshes};
use crate::runtime::{Done, LiveOpsRuntime, apply_finished, has_finished};
use crate::session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionExpired, SessionExpiring, SetUserToken,
    session_needs_update, update_session,
};
use crate::sets::{ApplySystems, DispatchSystems, LiveOpsSystems, SessionSystems};
use crate::settings::LiveOpsSettings;
use crate::status::LiveOpsStatus;

/// The core of LiveOps: runtime, session, server clock, status, outcome messages and badges.
///
/// A configuration value with documented fields and `with_*` builders. Usually added through
/// [`LiveOpsPlugins`](crate::LiveOpsPlugins), which carries the same settings; added alone,
/// put the feature plugins you want after it.
#[derive(Debug, Clone)]
pub struct LiveOpsCorePlugin {
    /// The store project id.
    pub project_id: ProjectId,
    /// API base URL, `https://store.xsolla.com/api` by default.
    pub base_url: String,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for one whole request.
    pub request_timeout: Duration,
    /// How often every added feature is read again, besides the reads at unlock and reset
    /// boundaries and after claims.
    pub refresh_interval: Duration,
    /// Where the last good state of each player is kept for offline starts; `None` keeps
    /// nothing on disk. Tokens are never written there.
    pub cache_dir: Option<PathBuf>,
    /// How long before the token's `exp` to write [`SessionExpiring`].
    pub expiry_warning: Duration,
    /// Retry bounds for reads (claims are never retried).
    pub retry: RetryPolicy,
    /// After a read fails for good, the first wait before the plugin reads again; it doubles up
    /// to [`LiveOpsCorePlugin::refresh_interval`].
    pub offline_retry: Duration,
    /// Open payments in Xsolla's sandbox Pay Station.
    pub sandbox_payments: bool,
    /// Another Pay Station than Xsolla's, such as a local emulator's checkout page
    /// (`http://127.0.0.1:8780/paystation4/`); `None` uses Xsolla's, production or sandbox
    /// as [`LiveOpsCorePlugin::sandbox_payments`] says.
    pub paystation_url: Option<String>,
    /// How often an order awaiting payment is checked (3 s by default, as Xsolla's own SDKs
    /// poll).
    pub order_check_interval: Duration,
    /// How long an order is tracked before [`PurchasePending`](crate::PurchasePending) ends
    /// its tracking (10 minutes by default).
    pub order_tracking_limit: Duration,
    /// Xsolla Login's base URL, `https://login.xsolla.com/api` by default (a local
    /// emulator's is `…/login/api`).
    pub login_url: String,
    /// The OAuth 2.0 client id of the game's Login project (Publisher Account → Login →
    /// Security → OAuth 2.0); `None` until set, and sign-in fails with
    /// [`SignInFailure::NotConfigured`](crate::SignInFailure::NotConfigured) without it. A game
    /// that hands over its own tokens needs none.
    pub login_client_id: Option<OAuthClientId>,
    /// Keep the sign-in between runs: the refresh token is kept in
    /// [`LiveOpsCorePlugin::cache_dir`] in a file only the user can read, and the next start
    /// signs in silently. Off by default; without a cache directory nothing is kept.
    pub remember_sign_in: bool,
    /// The device type guests sign in as. Login knows only `android` and `ios`; desktop and
    /// web builds sign in as `android` devices (the default), iOS builds as `ios`.
    pub guest_device_type: DeviceType,
}

impl LiveOpsCorePlugin {
    /// The core for a project on Xsolla's servers.
    pub fn new(project_id: impl Into<ProjectId>) -> Self {
        Self {
            project_id: project_id.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            refresh_interval: Duration::from_secs(300),
            cache_dir: None,
            expiry_warning: Duration::from_secs(120),
            retry: RetryPolicy::default(),
            offline_retry: Duration::from_secs(2),
            sandbox_payments: false,
            paystation_url: None,
            order_check_interval: Duration::from_secs(3),
            order_tracking_limit: Duration::from_secs(600),
            login_url: DEFAULT_LOGIN_URL.to_owned(),
            login_client_id: None,
            remember_sign_in: false,
            guest_device_type: if cfg!(target_os = "ios") {
                DeviceType::Ios
            } else {
                DeviceType::Android
            },
        }
    }

    /// The core for a local emulator, e.g. `http://127.0.0.1:8780`; payments open the
    /// emulator's own checkout page (`…/paystation4/`), and players sign in through its Login
    /// (`…/login/api`, client id 1 as its default seed has it).
    pub fn local_emulator(project_id: impl Into<ProjectId>, base_url: impl Into<String>) -> Self {
        let base_url = base_url.into();
        let root = base_url.trim_end_matches('/');
        let paystation = format!("{root}/paystation4/");
        let login = format!("{root}/login/api");
        Self::new(project_id)
            .with_base_url(base_url)
            .with_sandbox_payments(true)
            .with_paystation_url(paystation)
            .with_login(OAuthClientId(1))
            .with_login_url(login)
    }

    /// Sets [`LiveOpsCorePlugin::login_client_id`]: players can sign in through Xsolla Login.
    pub fn with_login(mut self, client_id: impl Into<OAuthClientId>) -> Self {
        self.login_client_id = Some(client_id.into());
        self
    }

    /// Sets [`LiveOpsCorePlugin::login_url`].
    pub fn with_login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// Sets [`LiveOpsCorePlugin::remember_sign_in`].
    pub fn with_remembered_sign_in(mut self) -> Self {
        self.remember_sign_in = true;
        self
    }

    /// Sets [`LiveOpsCorePlugin::guest_device_type`].
    pub fn with_guest_device_type(mut self, device_type: DeviceType) -> Self {
        self.guest_device_type = device_type;
        self
    }

    /// Sets [`LiveOpsCorePlugin::paystation_url`].
    pub fn with_paystation_url(mut self, url: impl Into<String>) -> Self {
        self.paystation_url = Some(url.into());
        self
    }

    /// Sets [`LiveOpsCorePlugin::order_check_interval`] and
    /// [`LiveOpsCorePlugin::order_tracking_limit`].
    pub fn with_order_tracking(mut self, interval: Duration, limit: Duration) -> Self {
        self.order_check_interval = interval;
        self.order_tracking_limit = limit;
        self
    }

    /// Sets [`LiveOpsCorePlugin::base_url`].
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

    /// Sets [`LiveOpsCorePlugin::refresh_interval`].
    pub fn with_refresh_interval(mut self, interval: Duration) -> Self {
        self.refresh_interval = interval;
        self
    }

    /// Sets [`LiveOpsCorePlugin::cache_dir`].
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Sets [`LiveOpsCorePlugin::expiry_warning`].
    pub fn with_expiry_warning(mut self, warning: Duration) -> Self {
        self.expiry_warning = warning;
        self
    }

    /// Sets [`LiveOpsCorePlugin::retry`].
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets [`LiveOpsCorePlugin::offline_retry`].
    pub fn with_offline_retry(mut self, wait: Duration) -> Self {
        self.offline_retry = wait;
        self
    }

    /// Sets [`LiveOpsCorePlugin::sandbox_payments`].
    pub fn with_sandbox_payments(mut self, sandbox: bool) -> Self {
        self.sandbox_payments = sandbox;
        self
    }

    fn client(&self) -> Result<Client, StartError> {
        let uri: Option<http::Uri> = self.base_url.parse().ok();
        let absolute = uri.is_some_and(|u| {
            matches!(u.scheme_str(), Some("http" | "https")) && u.authority().is_some()
        });
        if !absolute {
            return Err(StartError::InvalidBaseUrl(self.base_url.clone()));
        }
        Client::builder(self.project_id)
            .base_url(&self.base_url)
            .connect_timeout(self.connect_timeout)
            .request_timeout(self.request_timeout)
            .retry(self.retry)
            .build()
            .map_err(StartError::Client)
    }
}

impl Plugin for LiveOpsCorePlugin {
    fn build(&self, app: &mut App) {
        let runtime = LiveOpsRuntime::start(self.client());
        let status = match runtime.error() {
            Some(error) => {
                tracing::error!(%error, "LiveOps cannot reach the network; every request will fail");
                LiveOpsStatus::unavailable(error.clone())
            }
            None => LiveOpsStatus::default(),
        };
        app.insert_resource(runtime)
            .insert_resource(status)
            .insert_resource(LiveOpsSettings {
                refresh_interval: self.refresh_interval,
                expiry_warning: self.expiry_warning,
                offline_retry: self.offline_retry,
                sandbox_payments: self.sandbox_payments,
                paystation_url: self.paystation_url.clone(),
                order_check_interval: self.order_check_interval,
                order_tracking_limit: self.order_tracking_limit,
                connect_timeout: self.connect_timeout,
                request_timeout: self.request_timeout,
                login_url: self.login_url.clone(),
                login_client_id: self.login_client_id,
                remember_sign_in: self.remember_sign_in,
                device_type: self.guest_device_type,
            })
            .insert_resource(LiveOpsCache::new(self.cache_dir.clone()))
            .init_resource::<RefreshSchedule>()
            .init_resource::<LiveOpsFeatures>()
            .init_resource::<LiveOpsSession>()
            .init_resource::<ServerClock>()
            .init_resource::<LiveOpsBadges>()
            .add_message::<SetUserToken>()
            .add_message::<ClearSession>()
            .add_message::<SessionExpiring>()
            .add_message::<SessionExpired>()
            .add_message::<PlayerChanged>()
            .configure_sets(
                PreUpdate,
                (ApplySystems::Results, ApplySystems::Badges)
                    .chain()
                    .in_set(LiveOpsSystems::Apply),
            )
            .configure_sets(
                PostUpdate,
                (LiveOpsSystems::Session, LiveOpsSystems::Dispatch).chain(),
            )
            .configure_sets(
                PostUpdate,
                (
                    SessionSystems::Tokens,
                    SessionSystems::Players,
                    SessionSystems::NewPlayer,
                )
                    .chain()
                    .in_set(LiveOpsSystems::Session),
            )
            .configure_sets(
                PostUpdate,
                (DispatchSystems::Plan, DispatchSystems::Send)
                    .chain()
                    .in_set(LiveOpsSystems::Dispatch),
            )
            .add_systems(
                PreUpdate,
                (
                    apply_finished
                        .run_if(has_finished)
                        .in_set(ApplySystems::Results),
                    announce_waiting
                        .run_if(resource_changed::<LiveOpsBadges>)
                        .after(ApplySystems::Badges)
                        .in_set(LiveOpsSystems::Apply),
                ),
            )
            .add_systems(
                PostUpdate,
                (
                    update_session
                        .run_if(session_needs_update)
                        .in_set(SessionSystems::Tokens),
                    start_new_player
                        .run_if(on_message::<PlayerChanged>)
                        .in_set(SessionSystems::NewPlayer),
                    fire_due_refreshes
                        .run_if(refresh_due)
                        .in_set(DispatchSystems::Plan),
                ),
            );
        crate::fanout::add_runners(app);
        crate::requests::register_messages(app);
        crate::outcome::register_outcomes(app);
    }
}

/// Once per sign-in, when every added feature shows the server's data: what is waiting, if
/// anything.
fn announce_waiting(
    session: Res<LiveOpsSession>,
    badges: Res<LiveOpsBadges>,
    mut announced: Local<Option<String>>,
    mut commands: Commands,
) {
    let Some(player) = session.player() else {
        *announced = None;
        return;
    };
    if announced.as_deref() == Some(player) || !badges.all_loaded() {
        return;
    }
    *announced = Some(player.to_owned());
    let count = badges.total();
    if count > 0 {
        emit_with(&mut commands, RewardsWaiting { count });
    }
}

/// Whether a feature's read is due now.
fn refresh_due(
    schedule: Res<RefreshSchedule>,
    clock: Res<ServerClock>,
    session: Res<LiveOpsSession>,
) -> bool {
    session.is_ready() && schedule.earliest().is_some_and(|d| d <= clock.now())
}

/// On a player change: every added feature is read now, and the new player's cached state is
/// loaded off the frame.
fn start_new_player(
    mut changed: MessageReader<PlayerChanged>,
    mut schedule: ResMut<RefreshSchedule>,
    registry: Res<LiveOpsFeatures>,
    cache: Res<LiveOpsCache>,
    session: Res<LiveOpsSession>,
    runtime: Res<LiveOpsRuntime>,
) {
    let Some(change) = changed.read().last() else {
        return;
    };
    let Some(current) = change.current.clone() else {
        return;
    };
    schedule.all_due_now();
    if !cache.is_enabled() {
        return;
    }
    let loaders = registry.loaders();
    let cache = cache.clone();
    let _ = runtime.spawn_blocking(session.generation(), move || {
        let loaded: Vec<_> = loaders
            .into_iter()
            .filter_map(|load| load(&cache, &current))
            .collect();
        Done::new(None, move |world| {
            for apply in loaded {
                apply(world);
            }
        })
    });
}
