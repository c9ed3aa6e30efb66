use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bevy_egui::egui;
use bevy_xsolla_liveops::ui::{FALLBACK_ICON_PNG, IconCache, IconSource, IconState};

/// A tiny HTTP server on a loopback port: `/good.png` (a PNG), `/missing` (404), `/text` (an
/// HTML body), `/slow.png` (the PNG once the test releases it).
struct Server {
    addr: SocketAddr,
    release: mpsc::Sender<()>,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let (release, released) = mpsc::channel::<()>();
        let released = std::sync::Arc::new(std::sync::Mutex::new(released));
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let released = released.clone();
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                std::thread::spawn(move || serve(stream, &released));
            }
        });
        Self {
            addr,
            release,
            hits,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, released: &std::sync::Mutex<mpsc::Receiver<()>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let (status, body): (&str, Vec<u8>) = if path.starts_with("/good.png") {
        ("200 OK", FALLBACK_ICON_PNG.to_vec())
    } else if path.starts_with("/slow.png") {
        let _ = released
            .lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(30));
        ("200 OK", FALLBACK_ICON_PNG.to_vec())
    } else if path.starts_with("/text") {
        ("200 OK", b"<html><body>not an image</body></html>".to_vec())
    } else {
        ("404 Not Found", b"missing".to_vec())
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// Polls the cache frame by frame until `url` leaves the loading state.
#[track_caller]
fn settle(cache: &mut IconCache, ctx: &egui::Context, url: &str) -> IconState {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        cache.poll(ctx);
        let state = cache.icon(ctx, Some(url));
        if state != IconState::Loading {
            return state;
        }
        assert!(Instant::now() < deadline, "{url} never finished loading");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("liveops-icons-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_good_png_becomes_a_texture() {
    let server = Server::start();
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(8).with_runtime(rt.handle().clone());
    let url = server.url("/good.png");
    assert_eq!(cache.icon(&ctx, Some(&url)), IconState::Loading);
    assert!(matches!(
        settle(&mut cache, &ctx, &url),
        IconState::Ready(_)
    ));
    assert_eq!(cache.len(), 1);
    assert_eq!(cache.failed_urls().count(), 0);
}

#[test]
fn a_404_and_a_non_image_show_the_fallback_and_are_logged_once() {
    let server = Server::start();
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(8).with_runtime(rt.handle().clone());
    let missing = server.url("/missing");
    let text = server.url("/text");
    let a = settle(&mut cache, &ctx, &missing);
    let b = settle(&mut cache, &ctx, &text);
    let fallback = cache.icon(&ctx, None);
    assert!(matches!(fallback, IconState::Fallback(_)));
    assert_eq!(a, fallback);
    assert_eq!(b, fallback);
    // Drawn again and again: no new request, no new warning.
    let hits = server.hits();
    for _ in 0..50 {
        cache.poll(&ctx);
        assert_eq!(cache.icon(&ctx, Some(&missing)), fallback);
        assert_eq!(cache.icon(&ctx, Some(&text)), fallback);
    }
    assert_eq!(server.hits(), hits);
    assert_eq!(cache.failures_logged(), 2);
    let mut failed: Vec<_> = cache.failed_urls().collect();
    failed.sort_unstable();
    assert_eq!(failed, vec![missing.as_str(), text.as_str()]);
}

#[test]
fn an_unreachable_host_and_a_bad_url_show_the_fallback() {
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(8).with_runtime(rt.handle().clone());
    // A port nothing listens on.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/x.png", l.local_addr().unwrap())
    };
    assert!(matches!(
        settle(&mut cache, &ctx, &closed),
        IconState::Fallback(_)
    ));
    assert!(matches!(
        settle(&mut cache, &ctx, "not a url"),
        IconState::Fallback(_)
    ));
    assert!(matches!(
        cache.icon(&ctx, Some("  ")),
        IconState::Fallback(_)
    ));
}

#[test]
fn a_slow_answer_never_holds_the_frame() {
    let server = Server::start();
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(8).with_runtime(rt.handle().clone());
    let url = server.url("/slow.png");
    // The server holds the answer; frames go on drawing the placeholder.
    for _ in 0..40 {
        cache.poll(&ctx);
        assert_eq!(cache.icon(&ctx, Some(&url)), IconState::Loading);
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(cache.is_pending(&url));
    server.release.send(()).unwrap();
    assert!(matches!(
        settle(&mut cache, &ctx, &url),
        IconState::Ready(_)
    ));
}

#[test]
fn the_memory_cache_is_bounded() {
    let server = Server::start();
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(2).with_runtime(rt.handle().clone());
    for i in 0..5 {
        let url = server.url(&format!("/good.png?v={i}"));
        assert!(matches!(
            settle(&mut cache, &ctx, &url),
            IconState::Ready(_)
        ));
        assert!(cache.len() <= 2, "{} icons held", cache.len());
    }
}

#[test]
fn the_cache_directory_serves_icons_without_the_network() {
    let dir = temp_dir("disk");
    let url;
    {
        let server = Server::start();
        let rt = runtime();
        let ctx = egui::Context::default();
        let mut cache = IconCache::new(8)
            .with_runtime(rt.handle().clone())
            .with_cache_dir(&dir);
        url = server.url("/good.png");
        assert!(matches!(
            settle(&mut cache, &ctx, &url),
            IconState::Ready(_)
        ));
    }
    // The server is gone (its port may answer nothing now); the file is still there.
    let rt = runtime();
    let ctx = egui::Context::default();
    let mut cache = IconCache::new(8)
        .with_runtime(rt.handle().clone())
        .with_cache_dir(&dir);
    let stored = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(stored, 1);
    assert!(matches!(
        settle(&mut cache, &ctx, &url),
        IconState::Ready(_)
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_runtime_every_icon_is_the_fallback() {
    let ctx = egui::Context::default();
    let mut cache = IconCache::default();
    assert!(matches!(
        cache.icon(&ctx, Some("https://cdn.example.invalid/a.png")),
        IconState::Fallback(_)
    ));
}
