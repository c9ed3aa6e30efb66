//! What sign-in keeps per install in the cache directory: the guest's device id, and, when
//! the game opted in, the remembered sign-in (the refresh token). Both go through the
//! [`Storage`] seam: files only the user can read (0600 on Unix), written whole or not at all;
//! in a browser `localStorage`. Their contents are never logged.

use std::path::PathBuf;

use xsolla_liveops::RefreshToken;

use crate::storage::Storage;

const DEVICE_ID: &str = "device-id";
const REMEMBERED: &str = "remembered-sign-in";

/// The sign-in values of one install, in the cache directory's [`Storage`] (files natively,
/// `localStorage` in a browser); without a cache directory nothing is kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct SignInStore {
    storage: Option<Storage>,
}

impl SignInStore {
    /// The store under `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self {
            storage: dir.map(Storage::new),
        }
    }

    /// The device id made for this install, when one was kept.
    pub(crate) fn device_id(&self) -> Option<String> {
        self.read(DEVICE_ID)
    }

    /// Keeps the device id made for this install.
    pub(crate) fn keep_device_id(&self, id: &str) {
        self.write(DEVICE_ID, id);
    }

    /// The remembered refresh token, if any.
    pub(crate) fn remembered(&self) -> Option<RefreshToken> {
        self.read(REMEMBERED).map(RefreshToken::new)
    }

    /// Remembers the refresh token, replacing the one before.
    pub(crate) fn remember(&self, token: &RefreshToken) {
        self.write(REMEMBERED, token.expose_secret());
    }

    /// Forgets the remembered sign-in.
    pub(crate) fn forget(&self) {
        let Some(storage) = &self.storage else {
            return;
        };
        if let Err(error) = storage.remove(REMEMBERED) {
            tracing::warn!(%error, "the remembered sign-in could not be deleted");
        }
    }

    fn read(&self, key: &str) -> Option<String> {
        let text = self.storage.as_ref()?.read(key).ok()??;
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// Written whole or not at all, readable by the user only (0600 on Unix).
    fn write(&self, key: &str, text: &str) {
        let Some(storage) = &self.storage else {
            return;
        };
        if let Err(error) = storage.write_private(key, text) {
            tracing::warn!(%error, "a sign-in value could not be written");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remembered_sign_in_is_private_and_forgotten() {
        let dir = std::env::temp_dir().join(format!("liveops-sign-in-{}", std::process::id()));
        let store = SignInStore::new(Some(dir.clone()));
        assert_eq!(store.remembered(), None);
        store.remember(&RefreshToken::new("first"));
        store.remember(&RefreshToken::new("second"));
        assert_eq!(store.remembered(), Some(RefreshToken::new("second")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(REMEMBERED))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.forget();
        store.forget();
        assert_eq!(store.remembered(), None);
        store.keep_device_id("abc");
        assert_eq!(store.device_id().as_deref(), Some("abc"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn without_a_directory_nothing_is_kept() {
        let store = SignInStore::new(None);
        store.remember(&RefreshToken::new("token"));
        assert_eq!(store.remembered(), None);
        store.keep_device_id("abc");
        assert_eq!(store.device_id(), None);
    }
}
