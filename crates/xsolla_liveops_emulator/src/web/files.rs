//! A built web game served as static files (`--serve-web DIR`), so the game and the API share
//! one origin: `/` is `DIR/index.html`, `/x.wasm` is `DIR/x.wasm`. Paths are plain names
//! below the directory: no `..`, no hidden files, no percent escapes. API paths never reach
//! here.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};

/// Whether `path` is served from the web directory when one is set (never the API, the
/// control API, Login or the emulator's own pages).
pub fn is_static(path: &str) -> bool {
    !(path.starts_with("/v2/")
        || path.starts_with("/v3/")
        || path.starts_with("/login/")
        || path.starts_with("/__emulator/")
        || path.starts_with("/paystation4")
        || path.starts_with("/dashboard"))
}

/// The file for a request path, when it is a plain name below `root`.
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    let relative = path.strip_prefix('/')?;
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        let plain = !part.starts_with('.')
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !plain {
            return None;
        }
        file.push(part);
    }
    if relative.is_empty() || relative.ends_with('/') {
        file.push("index.html");
    }
    Some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves `path` from `root` for GET and HEAD; `None` when there is no such file.
pub async fn serve(root: &Path, method: &Method, path: &str) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let file = file_for(root, path)?;
    let read = file.clone();
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(read))
        .await
        .ok()?
        .ok()?;
    let mut response = if method == Method::HEAD {
        let mut r = ().into_response();
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        r
    } else {
        bytes.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&file)),
    );
    // A rebuilt game shows at the next reload.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_below_the_root() {
        let root = Path::new("/srv/game");
        assert_eq!(
            file_for(root, "/"),
            Some(PathBuf::from("/srv/game/index.html"))
        );
        assert_eq!(
            file_for(root, "/pkg/game_bg.wasm"),
            Some(PathBuf::from("/srv/game/pkg/game_bg.wasm"))
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/.git/config",
            "/%2e%2e/x",
            "/a\\b",
        ] {
            assert_eq!(file_for(root, bad), None, "{bad}");
        }
        assert!(is_static("/game.js"));
        assert!(!is_static("/v2/project/1/user/daily_chain"));
        assert!(!is_static("/__emulator/token"));
    }
}
