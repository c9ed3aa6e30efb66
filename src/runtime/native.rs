//! The native side of the runtime: a tokio runtime with one worker thread.

use std::future::Future;

use crate::error::StartError;

use super::Done;

/// `Send`: natively, work may move between the runtime's threads. In a browser the same
/// trait asks nothing, since `fetch` futures stay on the page's thread.
pub trait MaybeSend: Send {}

impl<T: Send> MaybeSend for T {}

/// The tokio runtime.
pub(super) struct Executor(tokio::runtime::Runtime);

impl Executor {
    /// One worker thread for the requests, at most two blocking threads for the cache.
    pub(super) fn start() -> Result<Self, StartError> {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(2)
            .thread_name("liveops-net")
            .enable_all()
            .build()
            .map(Self)
            .map_err(StartError::Runtime)
    }

    pub(super) fn handle(&self) -> tokio::runtime::Handle {
        self.0.handle().clone()
    }

    pub(super) fn spawner(&self) -> Spawner {
        Spawner(self.handle())
    }
}

/// Starts work on the plugin's runtime; from
/// [`LiveOpsRuntime::spawner`](super::LiveOpsRuntime::spawner). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Spawner(tokio::runtime::Handle);

impl From<tokio::runtime::Handle> for Spawner {
    fn from(handle: tokio::runtime::Handle) -> Self {
        Self(handle)
    }
}

impl Spawner {
    /// Runs `future` to its end on the runtime, detached.
    pub fn spawn<F>(&self, future: F)
    where
        F: Future<Output = ()> + MaybeSend + 'static,
    {
        drop(self.0.spawn(future));
    }
}

/// Blocking work on tokio's blocking pool.
pub(super) async fn blocking(work: impl FnOnce() -> Done + Send + 'static) -> Done {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Done::new(None, |_| {}))
}
