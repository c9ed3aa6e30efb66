//! The browser side of the runtime: the page's event loop drives the requests
//! (`wasm-bindgen-futures`), reqwest sends them with `fetch`, timers are `setTimeout`.

use std::future::Future;

use crate::error::StartError;

use super::Done;

/// Asks nothing in a browser: `fetch` futures are not `Send` and never leave the page's
/// thread. Natively the same trait means `Send`.
pub trait MaybeSend {}

impl<T: ?Sized> MaybeSend for T {}

/// The page's event loop; nothing to start.
pub(super) struct Executor;

impl Executor {
    pub(super) fn start() -> Result<Self, StartError> {
        Ok(Self)
    }

    pub(super) fn spawner(&self) -> Spawner {
        Spawner(())
    }
}

/// Starts work on the plugin's runtime; from
/// [`LiveOpsRuntime::spawner`](super::LiveOpsRuntime::spawner). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Spawner(());

impl Spawner {
    /// Runs `future` to its end on the page's event loop, detached.
    pub fn spawn<F>(&self, future: F)
    where
        F: Future<Output = ()> + MaybeSend + 'static,
    {
        wasm_bindgen_futures::spawn_local(future);
    }
}

/// Browser storage is synchronous and quick: the work runs as it is, on the event loop.
pub(super) async fn blocking(work: impl FnOnce() -> Done + Send + 'static) -> Done {
    work()
}
