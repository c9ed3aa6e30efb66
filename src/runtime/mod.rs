//! The network runtime: requests spawned on it, results pumped back into the ECS. No system
//! ever waits on I/O.
//!
//! One seam with two sides, so feature code never sees which one runs: natively a small tokio
//! runtime (`native.rs`); in a browser the page's event loop (`web.rs`), where `fetch` futures
//! are driven by `wasm-bindgen-futures` and are not `Send` ([`MaybeSend`]).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy_ecs::prelude::*;
use crossbeam_channel::{Receiver, Sender};
use xsolla_liveops::Client;

use crate::clock::ServerClock;
use crate::error::{LiveOpsError, StartError};
use crate::messages::LiveOpsRequest;
use crate::outcome::{LiveOpsFailed, emit};
use crate::session::{Credentials, LiveOpsSession, SessionEnd, SessionExpired};

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
use native as side;
#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
use web as side;

pub use side::{MaybeSend, Spawner};

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
    /// The player generation the answer belongs to; `None`: applied whoever plays.
    generation: Option<u64>,
    done: Done,
}

struct Net {
    executor: side::Executor,
    client: Client,
}

/// The plugin's network runtime and the client. Natively one tokio worker thread, plus a
/// blocking pool for the cache; in a browser the page's event loop. When it could not start,
/// it keeps the reason, and every request fails with it.
#[derive(Resource)]
pub struct LiveOpsRuntime {
    net: Result<Net, LiveOpsError>,
    tx: Sender<Finished>,
    rx: Receiver<Finished>,
    in_flight: Arc<AtomicUsize>,
}

impl LiveOpsRuntime {
    /// Starts the runtime for `client`; a failure is kept, not raised.
    pub(crate) fn start(client: Result<Client, StartError>) -> Self {
        let net = client.and_then(|client| {
            let executor = side::Executor::start()?;
            Ok(Net { executor, client })
        });
        let (tx, rx) = crossbeam_channel::unbounded();
        Self {
            net: net.map_err(|e| LiveOpsError::RuntimeUnavailable(Arc::new(e))),
            tx,
            rx,
            in_flight: Arc::default(),
        }
    }

    /// Requests sent and not yet applied.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Answers that arrived and wait to be applied at the start of the next frame.
    pub fn answers_waiting(&self) -> usize {
        self.rx.len()
    }

    /// Why the runtime is not running, if it is not.
    pub fn error(&self) -> Option<&LiveOpsError> {
        self.net.as_ref().err()
    }

    /// The tokio runtime, for work that belongs beside the plugin's requests (such as loading
    /// item pictures); `None` when it did not start. Native only: see
    /// [`LiveOpsRuntime::spawner`] for work that runs on both sides.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn handle(&self) -> Option<tokio::runtime::Handle> {
        self.net.as_ref().ok().map(|n| n.executor.handle())
    }

    /// Starts work beside the plugin's requests (such as loading item pictures), natively on
    /// the tokio runtime, in a browser on the page's event loop; `None` when the runtime did
    /// not start.
    pub fn spawner(&self) -> Option<Spawner> {
        self.net.as_ref().ok().map(|n| n.executor.spawner())
    }

    /// The client without a player token, when the runtime runs.
    pub fn client(&self) -> Option<&Client> {
        self.net.as_ref().ok().map(|n| &n.client)
    }

    fn net(&self) -> Result<&Net, LiveOpsError> {
        self.net.as_ref().map_err(Clone::clone)
    }

    /// The client acting under `credentials`.
    pub(crate) fn client_for(&self, credentials: &Credentials) -> Result<Client, LiveOpsError> {
        Ok(self
            .net()?
            .client
            .with_user_token(credentials.token.clone()))
    }

    /// Runs `call` with a client acting under `credentials`; its result is applied in
    /// `PreUpdate` of a later frame, unless the player changed meanwhile.
    pub(crate) fn send<F, Fut>(
        &self,
        credentials: &Credentials,
        call: F,
    ) -> Result<(), LiveOpsError>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Done> + MaybeSend + 'static,
    {
        let net = self.net()?;
        let future = call(net.client.with_user_token(credentials.token.clone()));
        self.spawn(credentials.generation, future)
    }

    /// Runs a future that needs no token; its result is dropped if the player changed
    /// meanwhile.
    pub(crate) fn spawn<Fut>(&self, generation: u64, future: Fut) -> Result<(), LiveOpsError>
    where
        Fut: Future<Output = Done> + MaybeSend + 'static,
    {
        self.spawn_for(Some(generation), future)
    }

    /// Runs a future whose result is applied whoever plays by then (sign-in calls: they
    /// decide themselves whether their answer still matters).
    pub(crate) fn spawn_unscoped<Fut>(&self, future: Fut) -> Result<(), LiveOpsError>
    where
        Fut: Future<Output = Done> + MaybeSend + 'static,
    {
        self.spawn_for(None, future)
    }

    fn spawn_for<Fut>(&self, generation: Option<u64>, future: Fut) -> Result<(), LiveOpsError>
    where
        Fut: Future<Output = Done> + MaybeSend + 'static,
    {
        let net = self.net()?;
        let tx = self.tx.clone();
        let in_flight = Arc::clone(&self.in_flight);
        in_flight.fetch_add(1, Ordering::Relaxed);
        net.executor.spawner().spawn(async move {
            let done = future.await;
            if tx.send(Finished { generation, done }).is_err() {
                in_flight.fetch_sub(1, Ordering::Relaxed);
            }
        });
        Ok(())
    }

    /// Runs blocking work (file reads) off the frame: natively on the blocking pool; in a
    /// browser, where storage calls are quick and synchronous, on the event loop.
    pub(crate) fn spawn_blocking(
        &self,
        generation: u64,
        work: impl FnOnce() -> Done + Send + 'static,
    ) -> Result<(), LiveOpsError> {
        self.spawn(generation, side::blocking(work))
    }
}

/// True when a request has finished and waits to be applied.
pub(crate) fn has_finished(runtime: Res<LiveOpsRuntime>) -> bool {
    !runtime.rx.is_empty()
}

/// Applies finished requests: the exclusive system at the start of the apply stage.
pub(crate) fn apply_finished(world: &mut World) {
    let finished: Vec<Finished> = match world.get_resource::<LiveOpsRuntime>() {
        Some(runtime) if !runtime.rx.is_empty() => runtime.rx.try_iter().collect(),
        _ => return,
    };
    if let Some(runtime) = world.get_resource::<LiveOpsRuntime>() {
        runtime
            .in_flight
            .fetch_sub(finished.len(), Ordering::Relaxed);
    }
    let generation = world.resource::<LiveOpsSession>().generation();
    for Finished {
        generation: g,
        done,
    } in finished
    {
        if g.is_some_and(|g| g != generation) {
            // Answers for an earlier player: their requests were reported when the player
            // changed.
            continue;
        }
        if let Some(date) = done.server_date {
            world.resource_mut::<ServerClock>().observe(date);
        }
        (done.apply)(world);
    }
}

/// Ends the session when the server refused the token numbered `serial` and it is still the
/// current one.
pub(crate) fn note_rejection(world: &mut World, error: &LiveOpsError, serial: Option<u64>) {
    if !error.is_unauthorized() {
        return;
    }
    let Some(serial) = serial else {
        return;
    };
    if let Some(player) = world.resource_mut::<LiveOpsSession>().reject(serial) {
        emit(
            world,
            SessionExpired {
                player,
                reason: SessionEnd::Rejected,
            },
        );
    }
}

/// Reports a failed request; a 401 ends the token it was sent with (only that one).
pub(crate) fn report_failure(
    world: &mut World,
    request: LiveOpsRequest,
    error: LiveOpsError,
    serial: Option<u64>,
) {
    note_rejection(world, &error, serial);
    tracing::debug!(?request, %error, "LiveOps request failed");
    emit(world, LiveOpsFailed { request, error });
}
