//! A web game in a browser: CORS for pages on other origins (preflights answered before the
//! project check, authentication and faults; `Date` and `Retry-After` readable), and a built
//! game served from a directory at `/` so game and API share one origin.

use crate::common::*;
use reqwest::Method;
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, CONTENT_TYPE,
};
use xsolla_liveops_emulator::{Config, CorsOrigins};

const GAME: &str = "http://127.0.0.1:5173";
const CLAIM: &str = "/v2/project/44056/user/daily_chain/1/claim/1";

async fn preflight(h: &Harness, origin: &str, path: &str) -> reqwest::Response {
    h.http
        .request(Method::OPTIONS, h.url(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap()
}

fn header(r: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> &str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[test]
fn a_preflight_from_a_local_page_is_answered_before_auth_and_faults() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let (status, _, _) = h
            .raw(
                Method::PUT,
                &h.url("/__emulator/faults"),
                None,
                Some(r#"{"error_rate": 1.0, "latency_ms": 0}"#),
            )
            .await;
        assert_eq!(status, 200);

        let r = preflight(&h, GAME, CLAIM).await;
        assert_eq!(
            r.status(),
            204,
            "no token, faults on: the preflight still passes"
        );
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), GAME);
        assert!(header(&r, ACCESS_CONTROL_ALLOW_METHODS).contains("POST"));
        assert!(
            header(&r, ACCESS_CONTROL_ALLOW_HEADERS).contains("authorization"),
            "the bearer token may be sent"
        );
        assert!(r.headers().get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());

        // Any port of localhost too.
        let r = preflight(&h, "http://localhost:61000", CLAIM).await;
        assert_eq!(
            header(&r, ACCESS_CONTROL_ALLOW_ORIGIN),
            "http://localhost:61000"
        );
    });
}

#[test]
fn answers_to_a_local_page_expose_date_and_retry_after_and_never_a_wildcard() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let token = h.token("p1");
        let r = h
            .http
            .get(h.url("/v2/project/44056/user/daily_chain"))
            .header("Origin", GAME)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), GAME);
        let exposed = header(&r, ACCESS_CONTROL_EXPOSE_HEADERS).to_ascii_lowercase();
        assert!(
            exposed.contains("date") && exposed.contains("retry-after"),
            "{exposed}"
        );
        assert!(r.headers().get("date").is_some());

        // An error answer (401) carries the headers too, so the page can read it.
        let r = h
            .http
            .get(h.url("/v2/project/44056/user/daily_chain"))
            .header("Origin", GAME)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(header(&r, ACCESS_CONTROL_ALLOW_ORIGIN), GAME);
    });
}

#[test]
fn other_origins_get_no_cors_headers() {
    rt().block_on(async {
        let h = Harness::start(T0).await;
        for origin in [
            "https://evil.example",
            "http://127.0.0.1.evil.example:80",
            "null",
        ] {
            let r = preflight(&h, origin, CLAIM).await;
            assert_eq!(r.status(), 403, "{origin}");
            assert!(r.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
            let r = h
                .http
                .get(h.url("/v2/project/44056/user/daily_chain"))
                .header("Origin", origin)
                .bearer_auth(h.token("p1"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "the server answers; the browser hides it");
            assert!(r.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        }
    });
}

#[test]
fn an_allow_list_replaces_the_local_default() {
    rt().block_on(async {
        let config = Config::default()
            .with_seed(catalog_seed())
            .with_cors(CorsOrigins::List(vec!["https://game.example".into()]));
        let h = Harness::with_config(config, T0).await;
        let r = preflight(&h, "https://game.example", CLAIM).await;
        assert_eq!(r.status(), 204);
        assert_eq!(
            header(&r, ACCESS_CONTROL_ALLOW_ORIGIN),
            "https://game.example"
        );
        let r = preflight(&h, GAME, CLAIM).await;
        assert_eq!(r.status(), 403);

        let hidden = Config {
            cors_hide_date: true,
            ..Config::default()
        };
        let h = Harness::with_config(hidden, T0).await;
        let r = h
            .http
            .get(h.url("/v2/project/44056/user/daily_chain"))
            .header("Origin", GAME)
            .bearer_auth(h.token("p1"))
            .send()
            .await
            .unwrap();
        let exposed = header(&r, ACCESS_CONTROL_EXPOSE_HEADERS).to_ascii_lowercase();
        assert_eq!(exposed, "retry-after", "Date can be hidden from pages");

        let off = Config::default().with_cors(CorsOrigins::Off);
        let h = Harness::with_config(off, T0).await;
        let r = preflight(&h, GAME, CLAIM).await;
        assert_eq!(r.status(), 403);
    });
}

#[test]
fn a_built_web_game_is_served_at_the_root_beside_the_api() {
    let dir = std::env::temp_dir().join(format!("liveops-serve-web-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>game</title>").unwrap();
    std::fs::write(dir.join("pkg/game_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    rt().block_on(async {
        let config = Config::default()
            .with_seed(catalog_seed())
            .with_web_root(&dir);
        let h = Harness::with_config(config, T0).await;
        // Faults never touch the game's files.
        h.raw(
            Method::PUT,
            &h.url("/__emulator/faults"),
            None,
            Some(r#"{"error_rate": 1.0}"#),
        )
        .await;

        let r = h.http.get(h.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(header(&r, CONTENT_TYPE).starts_with("text/html"));
        assert!(r.text().await.unwrap().contains("<title>game</title>"));

        let r = h.http.get(h.url("/pkg/game_bg.wasm")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(header(&r, CONTENT_TYPE), "application/wasm");
        assert_eq!(&r.bytes().await.unwrap()[..4], b"\0asm");

        let r = h.http.get(h.url("/nothing.js")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        // Sent as they are (an HTTP client would normalise the dots away).
        let addr = h.url("").trim_start_matches("http://").to_owned();
        for path in [
            "/../index.html",
            "/%2e%2e/index.html",
            "/pkg/../../x",
            "/.hidden",
        ] {
            let (addr, request) = (
                addr.clone(),
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            );
            let answer = tokio::task::spawn_blocking(move || {
                use std::io::{Read, Write};
                let mut stream = std::net::TcpStream::connect(addr).unwrap();
                stream.write_all(request.as_bytes()).unwrap();
                let mut answer = String::new();
                let _ = stream.read_to_string(&mut answer);
                answer
            })
            .await
            .unwrap();
            assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        }

        // The dashboard moved beside the game; the API is still the API (faulted here).
        let r = h.http.get(h.url("/dashboard/")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(header(&r, CONTENT_TYPE).starts_with("text/html"));
        let r = h
            .http
            .get(h.url("/v2/project/44056/user/daily_chain"))
            .bearer_auth(h.token("p1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);

        // The dashboard's forms send the browser back to the dashboard, not to the game.
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = no_redirects
            .post(h.url("/dashboard/clock/advance"))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("seconds=60")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let location = header(&r, reqwest::header::LOCATION).to_owned();
        assert!(location.starts_with("/dashboard/?info="), "{location}");
        let r = h.http.get(h.url(&location)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(!r.text().await.unwrap().contains("<title>game</title>"));
    });
    let _ = std::fs::remove_dir_all(&dir);
}
