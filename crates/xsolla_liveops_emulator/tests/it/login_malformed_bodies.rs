//! Whatever bytes a Login call gets, the answer is a 4xx in Login's error envelope, never a
//! 5xx or another shape.

use proptest::prelude::*;
use xsolla_liveops::models::login::LoginErrorBody;

use crate::common::*;
use crate::login_support::*;

/// The Login calls that take a body, with a query that passes.
const CALLS: [(&str, &str); 5] = [
    (
        "/oauth2/login/token?client_id=1&scope=offline",
        "application/json",
    ),
    (
        "/oauth2/login/device/android?client_id=1&response_type=code&state=state-0001",
        "application/json",
    ),
    (
        "/oauth2/user?client_id=1&response_type=code&state=state-0001",
        "application/json",
    ),
    (
        "/oauth2/user/resend_confirmation_link?client_id=1&state=state-0001",
        "application/json",
    ),
    ("/oauth2/token", "application/x-www-form-urlencoded"),
];

/// JSON-ish text: fragments of valid bodies, wrong types, broken syntax, odd characters.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("-1".to_owned()),
        Just("1e999".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        "\"[a-zA-Z0-9@. ]{0,40}\"",
        "\"\\\\u[0-9a-f]{4}\"",
    ];
    let field = prop_oneof![
        Just("username"),
        Just("password"),
        Just("email"),
        Just("device"),
        Just("device_id"),
        Just("grant_type"),
        Just("client_id"),
        Just("code"),
        Just("refresh_token"),
        Just("fields"),
        Just("promo_email_agreement"),
        Just("accept_consent"),
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        proptest::collection::vec((field, value), 0..6).prop_map(|pairs| {
            let inner: Vec<String> = pairs
                .into_iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            format!("{{{}}}", inner.join(",")).into_bytes()
        }),
        "[a-z_]{1,12}=[^&]{0,20}(&[a-z_]{1,12}=[^&]{0,20}){0,4}".prop_map(String::into_bytes),
        "\\{\"username\":\"[a-z]{0,4}\",\"password\":[0-9\\[\\{\"]{0,3}"
            .prop_map(String::into_bytes),
        Just(b"{\"username\":\"ada\",\"password\":\"x\"}{}".to_vec()),
        Just(vec![b'['; 4096]),
    ]
}

#[test]
fn malformed_login_bodies_get_a_clear_4xx_envelope_never_a_5xx() {
    let runtime = rt();
    let h = runtime.block_on(login_harness());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(
            &(0..CALLS.len(), body(), any::<bool>()),
            |(call, bytes, swap_type)| {
                let (path, content_type) = CALLS[call];
                let content_type = if swap_type {
                    if content_type == "application/json" {
                        "application/x-www-form-urlencoded"
                    } else {
                        "application/json"
                    }
                } else {
                    content_type
                };
                let (status, body, _) =
                    runtime.block_on(h.post_raw(&h.login(path), content_type, bytes.clone()));
                prop_assert!(
                    (200..500).contains(&status),
                    "{path} answered {status} {body} to {:?}",
                    String::from_utf8_lossy(&bytes)
                );
                if status >= 400 {
                    let envelope: Result<LoginErrorBody, _> = serde_json::from_value(body.clone());
                    prop_assert!(
                        envelope.is_ok_and(|e| !e.error.description.is_empty()),
                        "{path} answered {status} without the envelope: {body}"
                    );
                }
                Ok(())
            },
        )
        .unwrap();
}
