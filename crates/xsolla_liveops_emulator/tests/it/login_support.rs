//! Shared by the Login tests: an emulator with Login players, raw calls to `/login/api`.
#![allow(dead_code)]

use base64::Engine as _;
use serde_json::Value;
use xsolla_liveops_emulator::{Config, Seed};

use crate::common::*;

/// Two clients (1: confirmation off, tokens for 3600 s; 2: confirmation on, 300 s) and three
/// players: `ada` and `grace` (confirmed), `eve` (unconfirmed) and `mallory` (banned).
pub fn login_seed() -> Seed {
    Seed::from_json(
        r#"{
            "login": {
              "clients": [
                {"id": 1, "expires_in": 3600},
                {"id": 2, "expires_in": 300, "email_confirmation": true,
                 "redirect_uris": ["https://game.example/a", "https://game.example/b"]}
              ],
              "users": [
                {"username": "ada", "email": "ada@example.com", "password": "ada-secret-1"},
                {"username": "grace", "email": "grace@example.com", "password": "grace-secret-1"},
                {"username": "eve", "email": "eve@example.com", "password": "eve-secret-1", "confirmed": false},
                {"username": "mallory", "email": "mallory@example.com", "password": "mallory-secret-1", "banned": true}
              ]
            }}"#,
    )
    .expect("the Login test seed")
}

pub async fn login_harness() -> Harness {
    Harness::with_config(Config::default().with_seed(login_seed()), T0).await
}

/// An answer: status, JSON (or `Null` for an empty body), headers.
pub type Answer = (u16, Value, reqwest::header::HeaderMap);

impl Harness {
    /// `/login/api` + `rest`.
    pub fn login(&self, rest: &str) -> String {
        format!("{}{rest}", self.emu.login_base_url())
    }

    /// A POST with a raw body and content type.
    pub async fn post_raw(&self, url: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let resp = self
            .http
            .post(url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        read(resp).await
    }

    /// Password sign-in through client `client`.
    pub async fn sign_in(&self, client: i64, username: &str, password: &str) -> Answer {
        let body = serde_json::json!({"username": username, "password": password});
        self.post_raw(
            &self.login(&format!(
                "/oauth2/login/token?client_id={client}&scope=offline"
            )),
            "application/json",
            body.to_string().into_bytes(),
        )
        .await
    }

    /// The token call with form pairs.
    pub async fn token_call(&self, pairs: &[(&str, &str)]) -> Answer {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        self.post_raw(
            &self.login("/oauth2/token"),
            "application/x-www-form-urlencoded",
            body.into_bytes(),
        )
        .await
    }

    pub async fn refresh(&self, client: i64, refresh_token: &str) -> Answer {
        let client = client.to_string();
        self.token_call(&[
            ("grant_type", "refresh_token"),
            ("client_id", &client),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    pub async fn exchange(&self, client: i64, code: &str, redirect: Option<&str>) -> Answer {
        let client = client.to_string();
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("client_id", client.as_str()),
            ("code", code),
        ];
        if let Some(r) = redirect {
            pairs.push(("redirect_uri", r));
        }
        self.token_call(&pairs).await
    }

    /// The device call; `query` after `client_id=…&`.
    pub async fn device_call(&self, device_type: &str, query: &str, device_id: &str) -> Answer {
        let body = serde_json::json!({"device": "Pixel 9", "device_id": device_id});
        self.post_raw(
            &self.login(&format!("/oauth2/login/device/{device_type}?{query}")),
            "application/json",
            body.to_string().into_bytes(),
        )
        .await
    }

    /// A code for the guest of `device_id` through client 1.
    pub async fn device_code(&self, device_id: &str) -> String {
        let (status, body, _) = self
            .device_call(
                "android",
                "client_id=1&response_type=code&state=state-0001&scope=offline",
                device_id,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        query_param(body["login_url"].as_str().unwrap(), "code").unwrap()
    }

    /// A GET with a Bearer token.
    pub async fn get_bearer(&self, url: &str, token: &str) -> Answer {
        let resp = self
            .http
            .get(url)
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        read(resp).await
    }
}

pub async fn read(resp: reqwest::Response) -> Answer {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, json, headers)
}

/// A query parameter of a URL, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// The payload of a JWT, unverified.
pub fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// Asserts a Login error answer: status, code (string, or the number 0) and a description.
#[track_caller]
pub fn assert_login_error(answer: &Answer, status: u16, code: &str) {
    let (got, body, _) = answer;
    assert_eq!(*got, status, "{body}");
    let expected = if code == "0" {
        serde_json::json!(0)
    } else {
        serde_json::json!(code)
    };
    assert_eq!(body["error"]["code"], expected, "{body}");
    assert!(
        body["error"]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}
