//! Network plumbing: a small tokio runtime, requests spawned on it, results pumped back into
//! the ECS. No system ever waits on I/O.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bevy_ecs::prelude::*;
use crossbeam_channel::{Receiver, Sender};
use xsolla_liveops::Client;

use crate::clock::ServerClock;
use crate::outcome::LiveOpsFailed;
use crate::session::{LiveOpsSession, SessionEnd, SessionExpired};

/// What to do with the world once a request has finished.
pub(crate) type Apply = Box<dyn FnOnce(&mut World) + Send>;

/// A finished request.
pub(crate) struct Done {
    /// The server's `Date`, when the request got an answer.
    pub server_date: Option<chrono::DateTime<chrono::Utc>>,
    /// The change to make.
    pub apply: Apply,
}

impl Done {
    /// A result with its server date.
    pub fn new(
        server_date: Option<chrono::DateTime<chrono::Utc>>,
        apply: impl FnOnce(&mut World) + Send + 'static,
    ) -> Self {
        Self {
            server_date,
            apply: Box::new(apply),
        }
    }
}

struct Finished {
    generation: u64,
    done: Done,
}

/// Settings the systems read, copied from the plugin.
#[derive(Resource, Debug, Clone)]
pub struct LiveOpsSettings {
    /// See [`LiveOpsPlugin::refresh_interval`](crate::LiveOpsPlugin::refresh_interval).
    pub refresh_interval: Duration,
    /// See [`LiveOpsPlugin::expiry_warning`](crate::LiveOpsPlugin::expiry_warning).
    pub expiry_warning: Duration,
    /// See [`LiveOpsPlugin::offline_retry`](crate::LiveOpsPlugin::offline_retry).
    pub offline_retry: Duration,
    /// See [`LiveOpsPlugin::cache_dir`](crate::LiveOpsPlugin::cache_dir).
    pub cache_dir: Option<std::path::PathBuf>,
    /// See [`LiveOpsPlugin::sandbox_payments`](crate::LiveOpsPlugin::sandbox_payments).
    pub sandbox_payments: bool,
    /// See [`LiveOpsPlugin::features`](crate::LiveOpsPlugin::features).
    pub features: crate::LiveOpsFeatures,
}

/// The network runtime and the client. Requests run on one tokio worker thread.
#[derive(Resource)]
pub struct LiveOpsNet {
    runtime: tokio::runtime::Runtime,
    client: Client,
    tx: Sender<Finished>,
    rx: Receiver<Finished>,
    in_flight: Arc<AtomicUsize>,
}

impl LiveOpsNet {
    pub(crate) fn new(client: Client) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("liveops-net")
            .enable_all()
            .build()?;
        let (tx, rx) = crossbeam_channel::unbounded();
        Ok(Self {
            runtime,
            client,
            tx,
            rx,
            in_flight: Arc::default(),
        })
    }

    /// Requests sent and not yet applied.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// The client (without the player's token).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs `call` on the runtime with a client acting for the session's player; its result is
    /// applied in `PreUpdate` of a later frame, unless the player changed meanwhile.
    /// Returns false (and sends nothing) when there is no usable token.
    pub(crate) fn spawn<F, Fut>(&self, session: &LiveOpsSession, call: F) -> bool
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Done> + Send + 'static,
    {
        let Some(token) = session.token() else {
            return false;
        };
        let future = call(self.client.with_user_token(token.clone()));
        self.spawn_raw(session.generation(), future);
        true
    }

    /// Runs a future that needs no token (cache reads and writes).
    pub(crate) fn spawn_raw<Fut>(&self, generation: u64, future: Fut)
    where
        Fut: Future<Output = Done> + Send + 'static,
    {
        let tx = self.tx.clone();
        let in_flight = Arc::clone(&self.in_flight);
        in_flight.fetch_add(1, Ordering::Relaxed);
        self.runtime.spawn(async move {
            let done = future.await;
            if tx.send(Finished { generation, done }).is_err() {
                in_flight.fetch_sub(1, Ordering::Relaxed);
            }
        });
    }
}

/// True when a request has finished and waits to be applied.
pub(crate) fn has_finished(net: Res<LiveOpsNet>) -> bool {
    !net.rx.is_empty()
}

/// Applies finished requests: the exclusive system at the start of [`crate::LiveOpsSystems::Apply`].
pub(crate) fn apply_finished(world: &mut World) {
    let finished: Vec<Finished> = match world.get_resource::<LiveOpsNet>() {
        Some(net) if !net.rx.is_empty() => net.rx.try_iter().collect(),
        _ => return,
    };
    if let Some(net) = world.get_resource::<LiveOpsNet>() {
        net.in_flight.fetch_sub(finished.len(), Ordering::Relaxed);
    }
    let generation = world.resource::<LiveOpsSession>().generation();
    for Finished {
        generation: g,
        done,
    } in finished
    {
        if g != generation {
            continue;
        }
        if let Some(date) = done.server_date {
            world.resource_mut::<ServerClock>().observe(date);
        }
        (done.apply)(world);
    }
}

/// Reports a failed request, ending the session on a 401.
pub(crate) fn report_failure(
    world: &mut World,
    request: crate::outcome::LiveOpsRequest,
    error: impl Into<Arc<xsolla_liveops::Error>>,
) {
    let error = error.into();
    if error.api().is_some_and(|e| e.status == 401)
        && let Some(player) = world.resource_mut::<LiveOpsSession>().reject()
    {
        world.write_message(SessionExpired {
            player,
            reason: SessionEnd::Rejected,
        });
    }
    tracing::debug!(?request, %error, "liveops request failed");
    world.write_message(LiveOpsFailed { request, error });
}

/// Whether the plugin's data is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadState {
    /// Nothing has come from the network yet.
    #[default]
    Loading,
    /// The last reads succeeded.
    Ready,
    /// The last read failed; shown data (if any) comes from earlier or from the cache.
    Offline,
}

/// Loading, ready or offline, with the last error and when the next read is due.
#[derive(Resource, Debug, Clone, Default)]
pub struct LiveOpsStatus {
    /// The state.
    pub state: LoadState,
    /// The last read error, cleared by a successful read.
    pub last_error: Option<Arc<xsolla_liveops::Error>>,
    /// When the next read after a failure is due, server Unix seconds.
    pub next_retry_at: Option<i64>,
    failures: u32,
}

impl LiveOpsStatus {
    pub(crate) fn succeeded(&mut self) {
        self.state = LoadState::Ready;
        self.last_error = None;
        self.next_retry_at = None;
        self.failures = 0;
    }

    /// Records a failed read at `now_ms` and returns when to read again (server Unix
    /// milliseconds).
    pub(crate) fn failed(
        &mut self,
        error: Arc<xsolla_liveops::Error>,
        now_ms: i64,
        settings: &LiveOpsSettings,
    ) -> i64 {
        self.state = LoadState::Offline;
        self.last_error = Some(error);
        self.failures = self.failures.saturating_add(1);
        let wait = settings
            .offline_retry
            .saturating_mul(1u32 << self.failures.saturating_sub(1).min(16))
            .min(settings.refresh_interval.max(settings.offline_retry));
        let at = now_ms + wait.as_millis().max(1) as i64;
        self.next_retry_at = Some(at.div_euclid(1000));
        at
    }
}

/// Requests held while there is no usable token, sent once one arrives.
#[derive(Resource)]
pub(crate) struct Held<M>(pub Vec<M>);

impl<M> Default for Held<M> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

/// Takes this frame's requests of one kind, holding them while the session is not ready and
/// releasing held ones once it is.
pub(crate) fn take_requests<M: Message + Clone>(
    reader: &mut MessageReader<M>,
    held: &mut Held<M>,
    session: &LiveOpsSession,
) -> Vec<M> {
    let mut out = Vec::new();
    if session.is_ready() {
        out.append(&mut held.0);
        out.extend(reader.read().cloned());
    } else {
        held.0.extend(reader.read().cloned());
    }
    out
}
