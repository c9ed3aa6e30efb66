//! Shared test support: an emulator with a small catalog, typed clients, raw HTTP.
#![allow(dead_code, missing_docs)]

use std::time::Duration;

use serde_json::{Value, json};
use xsolla_liveops::models::common::{LocalizedText, StepItemInput};
use xsolla_liveops::models::daily::{DailyChainInput, DailyChainType, DailyStepInput};
use xsolla_liveops::models::offer::{OfferChainInput, OfferItemInput, OfferStepInput};
use xsolla_liveops::{Client, UserToken};
use xsolla_liveops_emulator::{Config, Emulator, Seed};

/// 2025-01-01T00:00:00Z.
pub const T0: i64 = 1_735_689_600;
pub const DAY: i64 = 86_400;

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Items only: chains are created by each test through the admin API.
pub fn catalog_seed() -> Seed {
    Seed::from_json(
        r#"{"items": [
            {"sku": "gold", "name": {"en": "Gold", "de": "Gold"}, "type": "virtual_currency", "image_url": "https://img/gold.png"},
            {"sku": "potion", "name": {"en": "Potion", "de": "Trank"}, "description": {"en": "Heals"}, "type": "virtual_good"},
            {"sku": "gems", "name": {"en": "Gems"}, "type": "virtual_currency"},
            {"sku": "sword", "name": {"en": "Sword"}, "type": "virtual_good", "price": {"amount": "9.99", "currency": "USD"}},
            {"sku": "shield", "name": {"en": "Shield"}, "type": "virtual_good", "price": {"amount": "4.99", "currency": "USD"}},
            {"sku": "chest", "name": {"en": "Chest"}, "type": "bundle", "bundle_type": "standard",
             "content": [{"sku": "gold", "quantity": 10}, {"sku": "potion", "quantity": 1}]}
        ]}"#,
    )
    .unwrap()
}

pub struct Harness {
    pub emu: Emulator,
    pub http: reqwest::Client,
}

impl Harness {
    /// An emulator on the catalog seed with its clock set to `now`.
    pub async fn start(now: i64) -> Self {
        Self::with_config(Config::default().with_seed(catalog_seed()), now).await
    }

    pub async fn with_config(config: Config, now: i64) -> Self {
        let emu = Emulator::start(config).await.unwrap();
        emu.clock().set_unix(now);
        Self {
            emu,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.base_url())
    }

    /// `/v2/project/44056` + `rest`.
    pub fn v2(&self, rest: &str) -> String {
        self.url(&format!("/v2/project/{}{rest}", self.emu.project_id()))
    }

    pub fn token(&self, sub: &str) -> String {
        self.emu.mint_token(sub, Duration::from_secs(400 * 86_400))
    }

    /// A client for player `sub` that also holds the admin credentials; no retries.
    pub fn client(&self, sub: &str) -> Client {
        Client::builder(self.emu.project_id())
            .base_url(self.emu.base_url())
            .user_token(UserToken::parse(self.token(sub)).unwrap())
            .admin_credentials(self.emu.admin_credentials())
            .retry(xsolla_liveops::retry::RetryPolicy::none())
            .build()
            .unwrap()
    }

    pub fn inventory(&self, sub: &str) -> Vec<(String, i64)> {
        self.emu.inventory(sub).unwrap()
    }

    pub fn quantity(&self, sub: &str, sku: &str) -> i64 {
        self.inventory(sub)
            .into_iter()
            .find(|(s, _)| s == sku)
            .map_or(0, |(_, q)| q)
    }

    /// Gives `sub` `quantity` of `sku` through the control API, as a purchase elsewhere would.
    pub async fn grant(&self, sub: &str, sku: &str, quantity: i64) {
        let body = json!({"sku": sku, "quantity": quantity}).to_string();
        let url = self.url(&format!("/__emulator/users/{sub}/grant"));
        let (status, body, _) = self
            .raw(reqwest::Method::POST, &url, None, Some(&body))
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// A raw request with a JSON answer.
    pub async fn raw(
        &self,
        method: reqwest::Method,
        url: &str,
        auth: Option<String>,
        body: Option<&str>,
    ) -> (u16, Value, reqwest::header::HeaderMap) {
        let mut req = self.http.request(method, url);
        if let Some(auth) = auth {
            req = req.header("authorization", auth);
        }
        if let Some(body) = body {
            req = req
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let resp = req.send().await.unwrap();
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

    pub fn bearer(&self, sub: &str) -> Option<String> {
        Some(format!("Bearer {}", self.token(sub)))
    }

    pub fn basic(&self) -> Option<String> {
        Some(self.emu.admin_credentials().basic_header())
    }
}

pub fn date(unix: i64) -> xsolla_liveops::models::common::DateTime {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap()
        .fixed_offset()
}

/// A daily chain of `n` steps; step `i` grants `i` gold.
pub fn daily_input(kind: DailyChainType, recurrent: bool, start: i64, n: i64) -> DailyChainInput {
    DailyChainInput {
        id: None,
        name: LocalizedText::en("Daily").with("de", "Täglich"),
        description: Some(LocalizedText::en("Log in daily")),
        order: Some(1),
        date_start: date(start),
        date_end: None,
        is_enabled: true,
        is_recurrent: Some(recurrent),
        chain_type: kind,
        steps: (1..=n)
            .map(|i| DailyStepInput {
                step_id: None,
                step_number: i.into(),
                items: vec![StepItemInput {
                    sku: "gold".into(),
                    quantity: i,
                }],
            })
            .collect(),
    }
}

/// Offer chain: 1 free potion, 2 paid sword, 3 free chest, 4 paid shield.
pub fn offer_input(start: i64) -> OfferChainInput {
    let step = |n: i64, free: bool, sku: &str| OfferStepInput {
        step_id: None,
        step_number: n.into(),
        is_free: free,
        items: vec![OfferItemInput {
            sku: sku.into(),
            quantity: 1,
            order: None,
        }],
    };
    OfferChainInput {
        id: None,
        name: LocalizedText::en("Offers"),
        description: None,
        order: Some(1),
        date_start: date(start),
        date_end: None,
        is_enabled: true,
        recurrent_schedule: None,
        is_always_visible: None,
        attribute_conditions: None,
        is_reset_on_completion: None,
        steps: vec![
            step(1, true, "potion"),
            step(2, false, "sword"),
            step(3, true, "chest"),
            step(4, false, "shield"),
        ],
    }
}

pub fn api(err: &xsolla_liveops::Error) -> (u16, i64, String) {
    let api = err
        .api()
        .unwrap_or_else(|| panic!("not an API error: {err}"));
    let body = api.body.as_ref().expect("an Xsolla error body");
    (api.status, body.error_code, body.error_message.clone())
}

pub fn body_json(v: &impl serde::Serialize) -> Value {
    json!(v)
}
