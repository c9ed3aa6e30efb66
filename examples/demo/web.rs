//! The demo in a browser (`wasm32-unknown-unknown`, WebGL2). The emulator cannot run inside a
//! page, so `scripts/web-demo` runs it natively with the demo seed and it serves the built game
//! too: the page and the API share one origin, and the game finds the API at the page's own
//! address. What the built-in emulator does at once natively (time travel, faults, reset, the
//! sandbox payment, reading a player's inventory) goes to the emulator's control API over
//! `fetch` here, and answers a few milliseconds later.
//!
//! The page's address takes options: `?script=1` plays the scripted session (`script.rs`),
//! writes its report on the browser's console, then shows the hub's tabs one by one, each
//! announced on the console (`web-demo: tab daily on screen`), for a browser test to take
//! screenshots (`.ci/web-demo`; it answers by setting the address's fragment to
//! `#shot-daily`); `?base_url=…&project_id=…` plays on another LiveOps server.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy_xsolla_liveops::ui::{HubTab, LiveOpsHubCommand};
use crossbeam_channel::{Receiver, Sender};
use serde::Serialize;
use serde_json::{Value, json};

use crate::inventory::InventoryCheck;
use crate::script::{Script, ScriptPlugin};

/// The project of the demo seed, when the address names none.
const DEMO_PROJECT: i64 = 44056;

/// The page's own origin (`http://127.0.0.1:8780`).
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Writes a line on the browser's console.
pub fn console_log(line: &str) {
    web_sys::console::log_1(&line.into());
}

/// Opens `url` in a new tab. Browsers allow it only shortly after the player's click or key
/// press, so it is called from the button's own frame; false when the browser refused.
pub fn open_in_new_tab(url: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.open_with_url_and_target(url, "_blank").ok().flatten())
        .is_some()
}

/// What the page's address asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageOptions {
    /// `script=1`: play the scripted session.
    pub script: bool,
    /// `base_url=…`: another LiveOps server (with `project_id`).
    pub base_url: Option<String>,
    /// `project_id=…`: the project on that server (44056, the demo's, by default).
    pub project_id: Option<i64>,
}

impl PageOptions {
    /// The options in the page's address.
    pub fn from_location() -> Self {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        Self::parse(&search)
    }

    /// Reads `?script=1&base_url=…&project_id=…`; anything else is ignored.
    fn parse(search: &str) -> Self {
        let mut options = Self::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match key {
                "script" => options.script = !matches!(value.as_str(), "0" | "false"),
                "base_url" if !value.is_empty() => options.base_url = Some(value),
                "project_id" => options.project_id = value.parse().ok(),
                _ => {}
            }
        }
        options
    }
}

/// Decodes `%XX` escapes and `+` (a space) of a query value.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The emulator's fault injection, as its control API takes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Faults {
    pub latency_ms: u64,
    pub error_rate: f64,
    pub drop_rate: f64,
}

/// An answer of the emulator the game waits for.
pub enum Answer {
    /// A player's inventory (SKU → quantity, none zero), read for `check`.
    Inventory {
        check: InventoryCheck,
        items: BTreeMap<String, i64>,
    },
}

/// The emulator that served the page, driven through its control API (`/__emulator/…`).
pub struct Emulator {
    base_url: String,
    project_id: i64,
    /// Calls sent and not yet answered.
    in_flight: Arc<AtomicUsize>,
    answers: (Sender<Answer>, Receiver<Answer>),
}

impl Emulator {
    pub fn new(base_url: String, project_id: Option<i64>) -> Self {
        Self {
            base_url,
            project_id: project_id.unwrap_or(DEMO_PROJECT),
            in_flight: Arc::default(),
            answers: crossbeam_channel::unbounded(),
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn project_id(&self) -> i64 {
        self.project_id
    }

    /// A call is on its way.
    pub fn busy(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) > 0
    }

    /// Answers that have arrived since the last look.
    pub fn answers(&self) -> impl Iterator<Item = Answer> + '_ {
        self.answers.1.try_iter()
    }

    /// Runs `call` on the page's event loop; a failure is logged as `what`.
    fn spawn(&self, what: &'static str, call: impl Future<Output = Result<(), String>> + 'static) {
        let in_flight = self.in_flight.clone();
        in_flight.fetch_add(1, Ordering::SeqCst);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = call.await {
                warn!("{what}: {e}");
            }
            in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }

    fn control(&self, path: &str) -> String {
        format!("{}/__emulator/{path}", self.base_url)
    }

    /// Sets the clock to `next_week(now)`: the start of the next week of the daily chain.
    pub fn start_of_week(&self, next_week: fn(i64) -> i64) {
        let url = self.control("clock");
        self.spawn("start of the week", set_clock(url, next_week));
    }

    /// Moves the clock `seconds` forward.
    pub fn advance_clock(&self, seconds: i64) {
        let url = self.control("clock/advance");
        self.spawn("time travel", async move {
            send(
                reqwest::Method::POST,
                &url,
                Some(json!({ "seconds": seconds })),
            )
            .await?;
            Ok(())
        });
    }

    pub fn set_faults(&self, faults: Faults) {
        let url = self.control("faults");
        self.spawn("faults", async move {
            let body = serde_json::to_value(faults).map_err(|e| e.to_string())?;
            send(reqwest::Method::PUT, &url, Some(body)).await?;
            Ok(())
        });
    }

    /// Puts the emulator back to its seed, then sets the clock to `next_week(now)`.
    pub fn reset(&self, next_week: fn(i64) -> i64) {
        let (reset, clock) = (self.control("reset"), self.control("clock"));
        self.spawn("reset", async move {
            send(reqwest::Method::POST, &reset, None).await?;
            set_clock(clock, next_week).await
        });
    }

    /// Posts the checkout page's form with the order's token and the sandbox card, as the
    /// page itself does when the player pays.
    pub fn pay_on_checkout_page(&self, url: &str, token: &str) {
        let Some(origin) = origin_of(url) else {
            warn!("not a checkout page: the order's payment page has no origin");
            return;
        };
        let pay = format!("{origin}/paystation4/pay");
        let body = format!(
            "token={}&card_number={}",
            form_encode(token),
            form_encode(SANDBOX_CARD)
        );
        self.spawn("sandbox payment", async move {
            let response = reqwest::Client::new()
                .post(&pay)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .map_err(|e| format!("{pay}: {e}"))?;
            match response.status().as_u16() {
                200 => Ok(()),
                status => Err(format!("the checkout page answered {status}")),
            }
        });
    }

    /// Reads `player`'s inventory; it arrives as an [`Answer::Inventory`] with `check`.
    pub fn ask_inventory(&self, player: &str, check: InventoryCheck) {
        let url = self.control(&format!("users/{}/inventory", path_segment(player)));
        let answers = self.answers.0.clone();
        self.spawn("inventory", async move {
            let body = send(reqwest::Method::GET, &url, None).await?;
            let items = body["items"]
                .as_array()
                .ok_or("no items in the inventory")?
                .iter()
                .filter_map(|i| Some((i["sku"].as_str()?.to_owned(), i["quantity"].as_i64()?)))
                .filter(|(_, n)| *n != 0)
                .collect();
            let _ = answers.send(Answer::Inventory { check, items });
            Ok(())
        });
    }
}

/// A player id as one path segment (ids are UUIDs; anything else is escaped).
fn path_segment(text: &str) -> String {
    form_encode(text).replace('+', "%20")
}

/// `scheme://host[:port]` of `url`.
fn origin_of(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")? + 3;
    let end = url[scheme_end..]
        .find('/')
        .map_or(url.len(), |at| scheme_end + at);
    Some(&url[..end])
}

async fn set_clock(url: String, next_week: fn(i64) -> i64) -> Result<(), String> {
    let now = send(reqwest::Method::GET, &url, None).await?["now"]
        .as_i64()
        .ok_or("the emulator's clock has no time")?;
    send(
        reqwest::Method::PUT,
        &url,
        Some(json!({ "now": next_week(now) })),
    )
    .await?;
    Ok(())
}

/// One control call; its JSON answer (`null` when empty).
async fn send(method: reqwest::Method, url: &str, body: Option<Value>) -> Result<Value, String> {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text).map_err(|e| format!("{url}: {e}"))
}

/// The browser side of the game: with `?script=1`, the scripted session and then the tour of
/// the hub's tabs.
pub struct WebPlugin {
    pub page: PageOptions,
}

impl Plugin for WebPlugin {
    fn build(&self, app: &mut App) {
        if self.page.script {
            app.add_plugins(ScriptPlugin::session())
                .init_resource::<Tour>()
                .add_systems(Update, tour);
        }
    }
}

/// The hub's tabs, in the order the tour shows them, with the names it announces.
const TOUR: [(HubTab, &str); 4] = [
    (HubTab::Daily, "daily"),
    (HubTab::Offers, "offers"),
    (HubTab::Codes, "codes"),
    (HubTab::Rewards, "rewards"),
];
/// A tab is on screen this long, and for this many frames, before it is announced (icons
/// load, the canvas presents it).
const SETTLE_SECONDS: f64 = 1.5;
const SETTLE_FRAMES: u32 = 3;
/// After the announcement, the tour moves on when the page's address ends in
/// `#shot-<tab>` (a test took its screenshot), or after this long.
const HOLD_SECONDS: f64 = 20.0;

#[derive(Resource, Default)]
struct Tour {
    at: usize,
    /// When and on which frame the tab was shown.
    shown: Option<(f64, u32)>,
    announced: bool,
    done: bool,
}

/// Once the session has its verdict, shows each tab of the hub in turn.
fn tour(
    script: Res<Script>,
    time: Res<Time<Real>>,
    frame: Res<FrameCount>,
    mut tour: ResMut<Tour>,
    mut hub: MessageWriter<LiveOpsHubCommand>,
) {
    if tour.done || script.verdict().is_none() {
        return;
    }
    let now = time.elapsed_secs_f64();
    let Some(&(tab, name)) = TOUR.get(tour.at) else {
        say!("web-demo: tour done");
        tour.done = true;
        return;
    };
    let Some((at, on_frame)) = tour.shown else {
        hub.write(LiveOpsHubCommand::Show(tab));
        tour.shown = Some((now, frame.0));
        return;
    };
    if !tour.announced {
        if now - at >= SETTLE_SECONDS && frame.0 >= on_frame + SETTLE_FRAMES {
            say!("web-demo: tab {name} on screen");
            tour.announced = true;
        }
        return;
    }
    let taken = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|hash| hash == format!("#shot-{name}"));
    if taken || now - at >= SETTLE_SECONDS + HOLD_SECONDS {
        tour.at += 1;
        tour.shown = None;
        tour.announced = false;
    }
}

/// The sandbox card that pays on the emulator's checkout page.
const SANDBOX_CARD: &str = "4111 1111 1111 1111";

/// A form field as a browser encodes it (`application/x-www-form-urlencoded`).
fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
