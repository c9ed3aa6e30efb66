//! Tokens and keys never show in `Debug` output or in logs captured during requests.
//!
//! Its own test binary: the log capture needs to be the only subscriber in the process.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::common::mock::{MockServer, Reply, TEST_API_KEY, expected_basic, test_jwt};
use serde_json::json;
use xsolla_liveops::{AdminCredentials, ProjectId, UserToken};

fn chain() -> serde_json::Value {
    json!({"id": 1, "name": "Daily", "date_start": "2025-04-01T00:00:00+00:00", "steps": []})
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tokens_and_keys_never_appear_in_debug_output_or_logs() {
    let token_text = test_jwt("player-1", 4_102_444_800);
    let token = UserToken::parse(token_text.clone()).unwrap();
    let creds = AdminCredentials::new(ProjectId(44056), TEST_API_KEY);
    let basic = expected_basic();
    let basic_b64 = basic.trim_start_matches("Basic ");
    let signature = token_text.rsplit('.').next().unwrap().to_owned();
    let secrets = [
        token_text.as_str(),
        signature.as_str(),
        TEST_API_KEY,
        basic_b64,
    ];

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let debug_texts = tracing::subscriber::with_default(subscriber, || {
        rt().block_on(async {
            let server = MockServer::start().await;
            let client = server.client();
            server.push(Reply::json(200, chain()));
            client.daily_chains().get(1).send().await.unwrap();
            server.push(Reply::json(401, json!({"statusCode": 401, "errorCode": 1020, "errorMessage": "[0401-1020]: Error in Authentication method occurred"})));
            let err = client.admin().daily_chains().get(1).send().await.unwrap_err();
            tracing::info!(?client, ?err, "after the calls");
            vec![
                format!("{token:?}"),
                format!("{creds:?}"),
                format!("{client:?}"),
                format!("{err:?} {err}"),
                format!("{:?}", server.last()),
            ]
        })
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("xsolla liveops request"),
        "the requests were logged:\n{logs}"
    );
    for secret in secrets {
        assert!(
            !logs.contains(secret),
            "a secret leaked into the logs:\n{logs}"
        );
        for text in &debug_texts[..4] {
            assert!(
                !text.contains(secret),
                "a secret leaked into Debug output: {text}"
            );
        }
    }
    assert!(
        debug_texts[0].contains("player-1"),
        "Debug still says whose token it is"
    );
    // The recorded request proves the secrets were really sent, to the server only.
    assert!(debug_texts[4].contains(basic_b64));
}
