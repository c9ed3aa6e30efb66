//! Sign-in through Xsolla Login for a game without a backend: [`SignIn`] with a password,
//! [`SignInAsGuest`] by this install's device id, [`CreateAccount`], and [`SignOut`]; then the
//! session is kept alive by renewing its token before it runs out.
//!
//! A sign-in ends with its access token handed to the session exactly as
//! [`SetUserToken`] hands a game's own token over, so everything after it (player changes,
//! held requests, the cache) is the session's usual path; [`SignedIn`] follows once the
//! session shows the player. Failures are [`SignInFailed`] with a typed [`SignInFailure`].
//!
//! **Renewal** is single-flight: one refresh call at a time, and the refresh token it spends
//! is replaced only by the answer. It starts [`RENEW_MARGIN`] (or a tenth of the token's life,
//! if shorter) before the token's `exp` on the server's clock, and at once when LiveOps refused
//! the token (401). A sign-out, another sign-in or a player change abandons a refresh in the
//! air: its answer is dropped. A refresh that gets no answer keeps the tokens and goes again
//! after a pause (the same refresh token: if the lost answer had spent it, Login refuses it and
//! the session ends). A refused refresh ends the session: [`SessionExpired`] with
//! [`SessionEnd::RenewalRefused`], and the player's state is cleared (requests still held for
//! them are reported once as [`LiveOpsError::PlayerChanged`](crate::LiveOpsError::PlayerChanged)).
//!
//! **Remembered sign-in** (opt-in, `with_remembered_sign_in`): the refresh token is kept in
//! the cache directory in a file only the user can read, replaced at every renewal before the
//! new access token is used, deleted at sign-out; the next start signs in silently with it.
//!
//! A game that never signs in pays for none of this: the Login client is made at the first
//! sign-in, and the systems run only when there is something to do.

mod store;

use std::fmt;
use std::time::Duration;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::login::{LoginError, new_device_id};
use xsolla_liveops::models::login::{DeviceType, TokenSet};
use xsolla_liveops::{AccessToken, LoginClient, OAuthClientId, RefreshToken, Registration};

use self::store::SignInStore;
use crate::cache::LiveOpsCache;
use crate::clock::ServerClock;
use crate::fanout::Fanout;
use crate::feature::{LiveOpsFeatures, run_part};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{CreateAccount, SignIn, SignInAsGuest, SignOut};
use crate::outcome::{SignInFailed, SignInFailure, SignInMethod, SignedIn, emit, emit_with};
use crate::runtime::{Done, LiveOpsRuntime};
use crate::session::{
    ClearSession, LiveOpsSession, PlayerChanged, SessionEnd, SessionExpired, SetUserToken,
};
use crate::sets::{DispatchSystems, SessionSystems};
use crate::settings::LiveOpsSettings;
use crate::time::{Instant, ServerTime};

/// How long before its `exp` a token is renewed (a tenth of its life when that is shorter).
pub const RENEW_MARGIN: Duration = Duration::from_secs(60);

/// The longest pause between two tries of a renewal that got no answer.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(60);

/// Sign-in through Xsolla Login: the [`LiveOpsSignIn`] resource, the [`SignIn`],
/// [`SignInAsGuest`], [`CreateAccount`] and [`SignOut`] requests, and the renewal of the
/// session. Added by [`LiveOpsPlugins`](crate::LiveOpsPlugins); needs a Login client id
/// ([`LiveOpsCorePlugin::with_login`](crate::LiveOpsCorePlugin::with_login)).
#[derive(Debug, Clone, Copy, Default)]
pub struct SignInPlugin;

impl Plugin for SignInPlugin {
    fn build(&self, app: &mut App) {
        assert!(
            app.world().contains_resource::<LiveOpsSettings>(),
            "add LiveOpsCorePlugin (or LiveOpsPlugins) before SignInPlugin"
        );
        app.world_mut()
            .resource_mut::<LiveOpsFeatures>()
            .add_service(LiveOpsFeature::SIGN_IN);
        let dir = app
            .world()
            .resource::<LiveOpsCache>()
            .dir()
            .map(std::path::Path::to_path_buf);
        let mut state = LiveOpsSignIn {
            available: true,
            store: SignInStore::new(dir),
            backoff: app.world().resource::<LiveOpsSettings>().offline_retry,
            ..LiveOpsSignIn::default()
        };
        if app.world().resource::<LiveOpsSettings>().remember_sign_in
            && let Some(refresh) = state.store.remembered()
        {
            state.tokens = Some(Tokens {
                access: None,
                refresh: Some(refresh),
            });
            state.resume = true;
        }
        app.world_mut()
            .resource_mut::<Fanout>()
            .on_player_change(|world| run_part(world, forget_on_player_change));
        app.insert_resource(state).add_systems(
            PostUpdate,
            (
                announce_sign_in
                    .run_if(|state: Res<LiveOpsSignIn>| state.announce.is_some())
                    .after(SessionSystems::Tokens)
                    .before(SessionSystems::Players),
                renew.run_if(renewal_due).in_set(DispatchSystems::Plan),
                handle_requests
                    .run_if(requests_waiting)
                    .in_set(DispatchSystems::Send),
            ),
        );
    }
}

/// What sign-in is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignInStep {
    /// Signing in with a password.
    SigningIn,
    /// Signing in as a guest.
    SigningInAsGuest,
    /// Creating an account.
    CreatingAccount,
    /// Signing in with the remembered sign-in.
    Resuming,
    /// Renewing the session's token.
    Renewing,
}

impl SignInStep {
    fn method(self) -> SignInMethod {
        match self {
            Self::SigningIn => SignInMethod::Password,
            Self::SigningInAsGuest => SignInMethod::Guest,
            Self::CreatingAccount => SignInMethod::NewAccount,
            Self::Resuming | Self::Renewing => SignInMethod::Remembered,
        }
    }

    /// True for the steps that renew a session rather than start one.
    fn renews(self) -> bool {
        matches!(self, Self::Resuming | Self::Renewing)
    }
}

/// The session's tokens as Login issued them. Never logged, never written but the refresh
/// token of a remembered sign-in.
struct Tokens {
    /// `None` while a remembered sign-in is resumed.
    access: Option<AccessToken>,
    refresh: Option<RefreshToken>,
}

/// Sign-in: who signed in through the plugin, how, and what is under way. The tokens are
/// private and never shown by `Debug`.
#[derive(Resource, Default)]
pub struct LiveOpsSignIn {
    /// [`SignInPlugin`] is added.
    available: bool,
    login: Option<LoginClient>,
    tokens: Option<Tokens>,
    player: Option<String>,
    method: Option<SignInMethod>,
    /// The username the player signed in with, as typed.
    name: Option<String>,
    /// Numbers the flows: an answer for an earlier one is dropped.
    attempt: u64,
    busy: Option<SignInStep>,
    /// The remembered sign-in waits to be resumed.
    resume: bool,
    /// When to renew, on the server's clock (once it is known)…
    renew_at: Option<ServerTime>,
    /// …and on the device's monotonic clock, counted from the answer.
    renew_by: Option<Instant>,
    retry_at: Option<Instant>,
    backoff: Duration,
    announce: Option<SignedIn>,
    last_failure: Option<SignInFailure>,
    store: SignInStore,
}

impl fmt::Debug for LiveOpsSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveOpsSignIn")
            .field("player", &self.player)
            .field("method", &self.method)
            .field("busy", &self.busy)
            .field("renews_at", &self.renew_at)
            .field("last_failure", &self.last_failure)
            .finish_non_exhaustive()
    }
}

impl LiveOpsSignIn {
    /// True when players can sign in through the plugin ([`SignInPlugin`] is added).
    pub fn is_available(&self) -> bool {
        self.available
    }

    /// The player signed in through the plugin.
    pub fn player(&self) -> Option<&str> {
        self.player.as_deref()
    }

    /// The username (or e-mail address) the player signed in with, as typed; `None` for a
    /// guest and for a remembered sign-in.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// How they signed in.
    pub fn method(&self) -> Option<SignInMethod> {
        self.method
    }

    /// True when a player signed in through the plugin.
    pub fn is_signed_in(&self) -> bool {
        self.player.is_some()
    }

    /// What is under way, if anything.
    pub fn busy(&self) -> Option<SignInStep> {
        self.busy
    }

    /// True while a sign-in, a guest sign-in or an account creation is under way (not a
    /// renewal, which the player never waits for).
    pub fn is_signing_in(&self) -> bool {
        self.busy.is_some_and(|step| !step.renews())
    }

    /// When the session's token is renewed next, on the server's clock.
    pub fn renews_at(&self) -> Option<ServerTime> {
        self.renew_at
    }

    /// Why the last sign-in failed; cleared by the next attempt and by a success.
    pub fn last_failure(&self) -> Option<&SignInFailure> {
        self.last_failure.as_ref()
    }

    /// Starts a flow: earlier answers are dropped from now on.
    fn begin(&mut self, step: SignInStep) -> u64 {
        self.attempt += 1;
        self.busy = Some(step);
        if !step.renews() {
            self.last_failure = None;
        }
        self.attempt
    }

    /// Forgets the session's tokens and abandons whatever is under way.
    fn forget(&mut self) {
        self.attempt += 1;
        self.busy = None;
        self.tokens = None;
        self.player = None;
        self.method = None;
        self.name = None;
        self.resume = false;
        self.renew_at = None;
        self.renew_by = None;
        self.retry_at = None;
        self.store.forget();
    }

    /// The Login client, made at the first use; `Err` when the settings do not allow one.
    fn login(&mut self, settings: &LiveOpsSettings) -> Result<LoginClient, SignInFailure> {
        if let Some(login) = &self.login {
            return Ok(login.clone());
        }
        let Some(client_id) = settings.login_client_id else {
            return Err(SignInFailure::NotConfigured {
                detail: "no Login client id (LiveOpsPlugins::with_login)".into(),
            });
        };
        let login = build_login(&settings.login_url, client_id, settings)?;
        self.login = Some(login.clone());
        Ok(login)
    }
}

fn build_login(
    url: &str,
    client_id: OAuthClientId,
    settings: &LiveOpsSettings,
) -> Result<LoginClient, SignInFailure> {
    LoginClient::builder(client_id)
        .base_url(url)
        .connect_timeout(settings.connect_timeout)
        .request_timeout(settings.request_timeout)
        .build()
        .map_err(|e| SignInFailure::NotConfigured {
            detail: e.to_string(),
        })
}

/// Why a call failed, as a flow needs it.
struct Refusal {
    failure: SignInFailure,
    /// The session cannot go on (a refused refresh).
    ends_session: bool,
    retry_after: Option<Duration>,
}

impl From<LoginError> for Refusal {
    fn from(error: LoginError) -> Self {
        Self {
            failure: SignInFailure::from_login(&error),
            ends_session: error.ends_session(),
            retry_after: error.retry_after(),
        }
    }
}

impl From<SignInFailure> for Refusal {
    fn from(failure: SignInFailure) -> Self {
        Self {
            failure,
            ends_session: false,
            retry_after: None,
        }
    }
}

type Answer = Result<TokenSet, Refusal>;

fn requests_waiting(
    sign_in: Res<Messages<SignIn>>,
    guest: Res<Messages<SignInAsGuest>>,
    create: Res<Messages<CreateAccount>>,
    sign_out: Res<Messages<SignOut>>,
) -> bool {
    !sign_in.is_empty() || !guest.is_empty() || !create.is_empty() || !sign_out.is_empty()
}

/// What a request asks Login for, checked before anything is sent.
enum Call {
    Password(SignIn),
    Guest(String),
    Create(CreateAccount),
}

impl Call {
    /// The name the player typed, when there is one.
    fn name(&self) -> Option<String> {
        match self {
            Self::Password(r) => Some(r.username.trim().to_owned()),
            Self::Create(r) => Some(r.username.trim().to_owned()),
            Self::Guest(_) => None,
        }
    }

    fn step(&self) -> SignInStep {
        match self {
            Self::Password(_) => SignInStep::SigningIn,
            Self::Guest(_) => SignInStep::SigningInAsGuest,
            Self::Create(_) => SignInStep::CreatingAccount,
        }
    }

    fn check(&self) -> Result<(), SignInFailure> {
        match self {
            Self::Password(r) => {
                if r.username.trim().is_empty() {
                    return Err(SignInFailure::MissingUsername);
                }
                if r.password.expose_secret().is_empty() {
                    return Err(SignInFailure::MissingPassword);
                }
            }
            Self::Guest(_) => {}
            Self::Create(r) => {
                if r.username.trim().is_empty() {
                    return Err(SignInFailure::MissingUsername);
                }
                let email = r.email.trim();
                let valid = email
                    .split_once('@')
                    .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
                if !valid {
                    return Err(SignInFailure::InvalidEmail);
                }
                let length = r.password.expose_secret().chars().count();
                if !(6..=100).contains(&length) {
                    return Err(SignInFailure::PasswordLength { min: 6, max: 100 });
                }
            }
        }
        Ok(())
    }

    async fn send(self, login: LoginClient, device_type: DeviceType) -> Answer {
        match self {
            Self::Password(r) => Ok(login.sign_in(r.username.trim(), r.password).send().await?),
            Self::Guest(device_id) => Ok(login
                .sign_in_as_guest(device_type, device_name(), &device_id)
                .send()
                .await?),
            Self::Create(r) => match login
                .register(r.username.trim(), r.email.trim(), r.password)
                .send()
                .await?
            {
                Registration::SignedIn(tokens) => Ok(tokens),
                Registration::ConfirmationRequired => Err(SignInFailure::NotConfirmed.into()),
            },
        }
    }
}

/// The device name Login keeps beside a guest's device id.
fn device_name() -> &'static str {
    std::env::consts::OS
}

/// The sign-in requests written this frame.
#[derive(SystemParam)]
struct SignInRequests<'w, 's> {
    sign_in: MessageReader<'w, 's, SignIn>,
    guest: MessageReader<'w, 's, SignInAsGuest>,
    create: MessageReader<'w, 's, CreateAccount>,
    sign_out: MessageReader<'w, 's, SignOut>,
}

/// Starts the sign-ins, guest sign-ins and account creations asked for, and signs out.
fn handle_requests(
    mut requests: SignInRequests,
    mut state: ResMut<LiveOpsSignIn>,
    settings: Res<LiveOpsSettings>,
    runtime: Res<LiveOpsRuntime>,
    mut commands: Commands,
) {
    if requests.sign_out.read().count() > 0 {
        sign_out_now(&mut state, &runtime, &mut commands);
    }
    let SignInRequests {
        sign_in,
        guest,
        create,
        ..
    } = &mut requests;
    let calls: Vec<Call> = sign_in
        .read()
        .cloned()
        .map(Call::Password)
        .chain(guest.read().map(|g| {
            let id = g
                .device_id
                .clone()
                .unwrap_or_else(|| install_device_id(&state));
            Call::Guest(id)
        }))
        .chain(create.read().cloned().map(Call::Create))
        .collect();
    for call in calls {
        if state.is_signing_in() {
            tracing::debug!(step = ?call.step(), "a sign-in is already under way; this one is ignored");
            continue;
        }
        let started = call
            .check()
            .and_then(|()| state.login(&settings))
            .map(|login| {
                let step = call.step();
                let name = call.name();
                let attempt = state.begin(step);
                let device_type = settings.device_type;
                let spawned = runtime.spawn_unscoped(async move {
                    let answer = call.send(login, device_type).await;
                    Done::new(None, move |world| {
                        finish(world, attempt, step, name, answer)
                    })
                });
                if let Err(error) = spawned {
                    state.busy = None;
                    return Err(SignInFailure::NotConfigured {
                        detail: error.to_string(),
                    });
                }
                Ok(())
            });
        if let Err(reason) | Ok(Err(reason)) = started {
            state.last_failure = Some(reason.clone());
            emit_with(&mut commands, SignInFailed { reason });
        }
    }
}

/// The device id of this install: the one kept, or a new one, kept from now on.
fn install_device_id(state: &LiveOpsSignIn) -> String {
    state.store.device_id().unwrap_or_else(|| {
        let id = new_device_id();
        state.store.keep_device_id(&id);
        id
    })
}

/// Signs out at once: the tokens and the remembered sign-in are forgotten, the session is
/// cleared, and Login is told (its answer changes nothing here).
fn sign_out_now(state: &mut LiveOpsSignIn, runtime: &LiveOpsRuntime, commands: &mut Commands) {
    let access = state.tokens.take().and_then(|t| t.access);
    if let (Some(access), Some(login)) = (access, state.login.clone()) {
        let spawned = runtime.spawn_unscoped(async move {
            let answer = login.sign_out(&access).send().await;
            Done::new(None, move |_| {
                if let Err(error) = answer {
                    tracing::debug!(%error, "Login's sign-out call failed; the player is signed out here anyway");
                }
            })
        });
        if let Err(error) = spawned {
            tracing::debug!(%error, "Login's sign-out call could not be sent");
        }
    }
    state.forget();
    commands.write_message(ClearSession);
}

/// Applies an answer of Login, unless a later flow, a sign-out or a player change came first.
fn finish(world: &mut World, attempt: u64, step: SignInStep, name: Option<String>, answer: Answer) {
    let mut state = world.resource_mut::<LiveOpsSignIn>();
    if state.attempt != attempt {
        return;
    }
    state.busy = None;
    match answer {
        Ok(tokens) => accept(world, step, name, tokens),
        Err(refusal) if step.renews() => renewal_failed(world, step, refusal),
        Err(refusal) => {
            let reason = refusal.failure;
            state.last_failure = Some(reason.clone());
            emit(world, SignInFailed { reason });
        }
    }
}

/// A token set arrived: the refresh token is kept (and remembered first, when the game
/// opted in), and the access token handed to the session.
fn accept(world: &mut World, step: SignInStep, name: Option<String>, tokens: TokenSet) {
    let user = match tokens.access_token.to_user_token() {
        Ok(user) => user,
        Err(error) => {
            tracing::warn!(%error, "Login answered with an access token that is not a JWT");
            let refusal = Refusal::from(SignInFailure::Unavailable);
            if step.renews() {
                renewal_failed(world, step, refusal);
            } else {
                emit(
                    world,
                    SignInFailed {
                        reason: refusal.failure,
                    },
                );
            }
            return;
        }
    };
    let remember = world.resource::<LiveOpsSettings>().remember_sign_in;
    let offline_retry = world.resource::<LiveOpsSettings>().offline_retry;
    let life = Duration::from_secs(tokens.expires_in);
    let exp = ServerTime::from_unix_seconds(user.expires_at());
    let player = user.subject().to_owned();
    let mut state = world.resource_mut::<LiveOpsSignIn>();
    if remember {
        match &tokens.refresh_token {
            Some(refresh) => state.store.remember(refresh),
            None => state.store.forget(),
        }
    }
    let method = match (step, state.method) {
        (SignInStep::Renewing, Some(method)) => method,
        _ => step.method(),
    };
    let margin = RENEW_MARGIN.min(life / 10);
    let renewable = tokens.refresh_token.is_some();
    state.renew_at = renewable.then(|| exp - margin);
    state.renew_by = renewable.then(|| Instant::now() + life.saturating_sub(margin));
    state.tokens = Some(Tokens {
        access: Some(tokens.access_token.clone()),
        refresh: tokens.refresh_token,
    });
    state.player = Some(player.clone());
    state.method = Some(method);
    if step != SignInStep::Renewing {
        state.name = name;
    }
    state.resume = false;
    state.retry_at = None;
    state.backoff = offline_retry;
    state.last_failure = None;
    if step != SignInStep::Renewing {
        state.announce = Some(SignedIn {
            player,
            name: state.name.clone(),
            method,
        });
    }
    world.write_message(SetUserToken(tokens.access_token.expose_secret().to_owned()));
}

/// A renewal failed: refused, the session ends; unanswered, it goes again after a pause.
fn renewal_failed(world: &mut World, step: SignInStep, refusal: Refusal) {
    let mut state = world.resource_mut::<LiveOpsSignIn>();
    if !refusal.ends_session {
        let wait = refusal.retry_after.unwrap_or(state.backoff);
        state.backoff = (state.backoff * 2).min(MAX_RETRY_PAUSE);
        state.retry_at = Some(Instant::now() + wait);
        tracing::debug!(failure = %refusal.failure, ?wait, "the session's renewal failed; it goes again");
        return;
    }
    let player = state.player.clone();
    state.forget();
    if step == SignInStep::Resuming {
        let reason = SignInFailure::SessionEnded;
        state.last_failure = Some(reason.clone());
        emit(world, SignInFailed { reason });
        return;
    }
    if let Some(player) = player {
        emit(
            world,
            SessionExpired {
                player,
                reason: SessionEnd::RenewalRefused,
            },
        );
    }
    world.write_message(ClearSession);
}

/// Whether a renewal should start now: none is under way, there is a refresh token, and the
/// token is due (or was refused, or a remembered sign-in waits), and no pause is running. Due
/// means past the renewal time on the server's clock, once an answer has told it, or its life
/// minus the margin after the answer on the device's own clock, whichever comes first.
fn renewal_due(
    state: Res<LiveOpsSignIn>,
    session: Res<LiveOpsSession>,
    clock: Res<ServerClock>,
) -> bool {
    let can_renew = state
        .tokens
        .as_ref()
        .is_some_and(|tokens| tokens.refresh.is_some());
    if state.busy.is_some() || !can_renew {
        return false;
    }
    if state.retry_at.is_some_and(|at| Instant::now() < at) {
        return false;
    }
    let refused = state.player.is_some()
        && session.player() == state.player.as_deref()
        && !session.is_ready();
    let due_on_server = clock.is_synced() && state.renew_at.is_some_and(|at| clock.now() >= at);
    let due_here = state.renew_by.is_some_and(|by| Instant::now() >= by);
    state.resume || refused || due_on_server || due_here
}

/// Spends the refresh token for a new token set: one call at a time.
fn renew(
    mut state: ResMut<LiveOpsSignIn>,
    settings: Res<LiveOpsSettings>,
    runtime: Res<LiveOpsRuntime>,
    mut commands: Commands,
) {
    let Some(refresh) = state.tokens.as_ref().and_then(|t| t.refresh.clone()) else {
        return;
    };
    let step = if state.resume {
        SignInStep::Resuming
    } else {
        SignInStep::Renewing
    };
    let login = match state.login(&settings) {
        Ok(login) => login,
        Err(reason) => {
            // Without Login settings a remembered sign-in cannot be resumed.
            state.forget();
            state.last_failure = Some(reason.clone());
            emit_with(&mut commands, SignInFailed { reason });
            return;
        }
    };
    let attempt = state.begin(step);
    let spawned = runtime.spawn_unscoped(async move {
        let answer = login.refresh(&refresh).send().await.map_err(Refusal::from);
        Done::new(None, move |world| {
            finish(world, attempt, step, None, answer)
        })
    });
    if let Err(error) = spawned {
        state.busy = None;
        state.retry_at = Some(Instant::now() + MAX_RETRY_PAUSE);
        tracing::debug!(%error, "the session's renewal could not be sent");
    }
}

/// A sign-in reported once the session shows its player.
fn announce_sign_in(mut state: ResMut<LiveOpsSignIn>, mut commands: Commands) {
    if let Some(signed_in) = state.announce.take() {
        emit_with(&mut commands, signed_in);
    }
}

/// Another player's token handed over (or the game's own log-out): what the plugin signed in
/// is forgotten, and a flow under way abandoned.
fn forget_on_player_change(
    mut changes: MessageReader<PlayerChanged>,
    mut state: ResMut<LiveOpsSignIn>,
) {
    for change in changes.read() {
        let ours = change.current.is_some() && change.current.as_deref() == state.player();
        // A log-out of nobody the plugin signed in leaves a sign-in under way alone (a sign-out
        // followed by a new sign-in in one frame).
        let another_player = change.current.is_some() && state.busy.is_some();
        if !ours && (state.player.is_some() || another_player) {
            state.forget();
        }
    }
}
