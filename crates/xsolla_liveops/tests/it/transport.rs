//! Retries, timeouts, custom transports and secrets, against a real server on 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::mock::{MockServer, Reply, test_jwt};
use serde_json::json;
use xsolla_liveops::retry::RetryPolicy;
use xsolla_liveops::transport::BoxFuture;
use xsolla_liveops::{Client, Error, HttpRequest, HttpResponse, ProjectId, Transport, UserToken};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn chain() -> serde_json::Value {
    json!({"id": 1, "name": "Daily", "date_start": "2025-04-01T00:00:00+00:00", "steps": []})
}

fn unavailable() -> Reply {
    Reply::json(
        503,
        json!({"statusCode": 503, "errorCode": 0, "errorMessage": "Service Unavailable"}),
    )
}

#[test]
fn a_503_then_200_on_a_read_is_retried_and_succeeds() {
    rt().block_on(async {
        let server = MockServer::start().await;
        server.push(unavailable());
        server.push(Reply::json(200, chain()));
        let reply = server
            .client()
            .daily_chains()
            .get(1)
            .send_with_meta()
            .await
            .unwrap();
        assert_eq!(reply.attempts, 2);
        assert_eq!(reply.value.name, "Daily");
        assert_eq!(server.requests().len(), 2);
    });
}

#[test]
fn a_503_on_a_claim_is_returned_not_retried() {
    rt().block_on(async {
        let server = MockServer::start().await;
        server.push(unavailable());
        server.push(Reply::empty(204));
        let err = server
            .client()
            .daily_chains()
            .claim(1, 1)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api().map(|e| e.status), Some(503));
        assert!(
            err.is_ambiguous(),
            "a 5xx on a claim leaves its outcome unknown"
        );
        assert_eq!(server.requests().len(), 1);
    });
}

#[test]
fn retries_stop_after_the_attempt_bound() {
    rt().block_on(async {
        let server = MockServer::start().await;
        for _ in 0..10 {
            server.push(unavailable());
        }
        let err = server
            .client()
            .daily_chains()
            .list()
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api().map(|e| e.status), Some(503));
        assert_eq!(
            server.requests().len(),
            RetryPolicy::default().max_attempts as usize
        );
    });
}

#[test]
fn retry_after_is_honoured() {
    rt().block_on(async {
        let server = MockServer::start().await;
        server.push(
            Reply::json(
                429,
                json!({"statusCode": 429, "errorCode": 0, "errorMessage": "Too many requests"}),
            )
            .header("retry-after", "1"),
        );
        server.push(Reply::json(200, chain()));
        let started = Instant::now();
        server.client().daily_chains().get(1).send().await.unwrap();
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "waited {:?}",
            started.elapsed()
        );
        assert_eq!(server.requests().len(), 2);
    });
}

#[test]
fn a_slow_server_gives_the_timeout_error() {
    rt().block_on(async {
        let server = MockServer::start().await;
        server.push(Reply::json(200, chain()).delay(Duration::from_secs(3)));
        let client = Client::builder(ProjectId(44056))
            .base_url(&server.base_url)
            .request_timeout(Duration::from_millis(200))
            .user_token(UserToken::parse(test_jwt("p", 4_102_444_800)).unwrap())
            .build()
            .unwrap();
        let err = client.daily_chains().claim(1, 1).send().await.unwrap_err();
        assert!(matches!(err, Error::Timeout), "{err:?}");
        assert!(err.is_ambiguous());
    });
}

#[test]
fn a_refused_connection_is_a_transport_error_that_never_reached_the_server() {
    rt().block_on(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = Client::builder(ProjectId(1))
            .base_url(format!("http://{addr}"))
            .retry(RetryPolicy::none())
            .user_token(UserToken::parse(test_jwt("p", 4_102_444_800)).unwrap())
            .build()
            .unwrap();
        let err = client.daily_chains().claim(1, 1).send().await.unwrap_err();
        match &err {
            Error::Transport(t) => assert!(t.is_connect()),
            other => panic!("expected a transport error, got {other:?}"),
        }
        assert!(
            !err.is_ambiguous(),
            "a request that never left is known not to have happened"
        );
    });
}

#[test]
fn calls_without_the_needed_credential_fail_before_sending() {
    rt().block_on(async {
        let server = MockServer::start().await;
        let client = Client::builder(ProjectId(44056))
            .base_url(&server.base_url)
            .build()
            .unwrap();
        let err = client.daily_chains().list().send().await.unwrap_err();
        assert!(matches!(
            err,
            Error::MissingCredentials(xsolla_liveops::AuthScheme::User)
        ));
        let err = client
            .admin()
            .daily_chains()
            .list()
            .send()
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            Error::MissingCredentials(xsolla_liveops::AuthScheme::Admin)
        ));
        assert!(server.requests().is_empty());
    });
}

/// A transport that answers from memory: the client works on any HTTP stack.
struct Canned(Mutex<Vec<HttpRequest>>);

impl Transport for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, Error>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            let mut headers = http::HeaderMap::new();
            headers.insert("date", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
            Ok(HttpResponse {
                status: 204,
                headers,
                body: Default::default(),
            })
        })
    }
}

#[test]
fn a_custom_transport_receives_the_request_and_the_date_header_is_read() {
    let transport = Arc::new(Canned(Mutex::new(Vec::new())));
    let client = Client::builder(ProjectId(7))
        .transport(transport.clone())
        .base_url("http://emulator.invalid/")
        .user_token(UserToken::parse(test_jwt("p", 4_102_444_800)).unwrap())
        .build()
        .unwrap();
    let reply = rt()
        .block_on(client.daily_chains().claim(3, 2).send_with_meta())
        .unwrap();
    assert_eq!(reply.server_date.unwrap().timestamp(), 1_445_412_480);
    let sent = transport.0.lock().unwrap();
    assert_eq!(
        sent[0].url,
        "http://emulator.invalid/v2/project/7/user/daily_chain/3/step/number/2/claim"
    );
    assert!(sent[0].headers["authorization"].is_sensitive());
}
