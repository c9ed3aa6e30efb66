//! What sign-in keeps per install in the cache directory: the guest's device id, and, when
//! the game opted in, the remembered sign-in (the refresh token). Both are files only the user
//! can read (0600 on Unix), written whole or not at all; their contents are never logged.

use std::io::Write;
use std::path::{Path, PathBuf};

use xsolla_liveops::RefreshToken;

const DEVICE_ID: &str = "device-id";
const REMEMBERED: &str = "remembered-sign-in";

/// The sign-in files of one install; without a cache directory nothing is kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct SignInStore {
    dir: Option<PathBuf>,
}

impl SignInStore {
    /// The store under `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> Self {
        Self { dir }
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
        let Some(file) = self.file(REMEMBERED) else {
            return;
        };
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                tracing::warn!(file = %file.display(), %error, "the remembered sign-in could not be deleted");
            }
        }
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|dir| dir.join(name))
    }

    fn read(&self, name: &str) -> Option<String> {
        let file = self.file(name)?;
        let text = std::fs::read_to_string(&file).ok()?;
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    fn write(&self, name: &str, text: &str) {
        let Some(file) = self.file(name) else {
            return;
        };
        if let Err(error) = write_private(&file, text) {
            tracing::warn!(file = %file.display(), %error, "a sign-in file could not be written");
        }
    }
}

/// Writes `text` to `file` through a temporary file only the user can read, then renames it
/// into place, so a crash leaves the old file or the new one.
fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = file.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(&tmp)?;
    // A temporary file left by an older version may have wider permissions: narrow them.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        out.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    out.write_all(text.as_bytes())?;
    out.sync_all()?;
    drop(out);
    std::fs::rename(&tmp, file)
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
