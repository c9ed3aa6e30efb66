//! Toasts (grants, rejections, failures), the hub button's badge, and the status line.

use std::collections::VecDeque;
use std::time::Duration;

use bevy_egui::egui::{self, Align2, RichText, Ui, WidgetInfo, WidgetType};

use super::common::{self, UiAction, UiCx};
use super::strings::Text;
use crate::CodeRejectReason;
use crate::messages::RefreshLiveOps;
use crate::outcome::GrantedItem;

/// One granted item as the widgets show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantLine {
    /// Display name (the server's localized name, else the SKU).
    pub name: String,
    /// Quantity.
    pub quantity: i64,
    /// Image.
    pub image_url: Option<String>,
}

impl From<&GrantedItem> for GrantLine {
    /// The item's name when the server gave a non-blank one, else its SKU.
    fn from(item: &GrantedItem) -> Self {
        Self {
            name: item
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| item.sku.to_string()),
            quantity: item.quantity,
            image_url: item.image_url.clone(),
        }
    }
}

/// What a toast tells.
#[derive(Debug, Clone, PartialEq)]
pub enum ToastKind {
    /// Items were granted.
    Granted(Vec<GrantLine>),
    /// A code was turned down.
    Rejected(CodeRejectReason),
    /// A request failed.
    Failed,
}

#[derive(Debug, Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    since_ms: i64,
}

/// A short queue of toasts shown in a screen corner, each for a few seconds of server time.
#[derive(Debug, Clone)]
pub struct Toasts {
    queue: VecDeque<Toast>,
    next_id: u64,
    /// How long a toast stays.
    pub lifetime: Duration,
    /// How many show at once; older ones wait.
    pub visible: usize,
}

impl Default for Toasts {
    fn default() -> Self {
        Self {
            queue: VecDeque::new(),
            next_id: 0,
            lifetime: Duration::from_secs(6),
            visible: 3,
        }
    }
}

impl Toasts {
    /// Queues a toast, shown from server time `now_ms`.
    pub fn push(&mut self, kind: ToastKind, now_ms: i64) {
        self.next_id += 1;
        self.queue.push_back(Toast {
            id: self.next_id,
            kind,
            since_ms: now_ms,
        });
        if self.queue.len() > 32 {
            self.queue.pop_front();
        }
    }

    /// Toasts waiting or shown.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// True when no toast is queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Draws the toasts in the top-right corner; drops expired and dismissed ones.
    pub fn show(&mut self, ctx: &egui::Context, cx: &mut UiCx<'_>) {
        let life = self.lifetime.as_millis() as i64;
        // A toast's time starts when it first shows, not when it was queued behind others.
        for (i, toast) in self.queue.iter_mut().enumerate() {
            if i >= self.visible {
                toast.since_ms = cx.now_ms;
            }
        }
        self.queue.retain(|t| cx.now_ms - t.since_ms < life);
        if self.queue.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Area::new(egui::Id::new("liveops-toasts"))
            .anchor(Align2::RIGHT_TOP, egui::vec2(-12.0, 12.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for toast in self.queue.iter().take(self.visible) {
                    cx.theme.tile_frame(false).show(ui, |ui| {
                        ui.set_max_width(260.0);
                        ui.horizontal(|ui| {
                            ui.vertical(|ui| match &toast.kind {
                                ToastKind::Granted(items) => {
                                    ui.label(
                                        RichText::new(cx.t(Text::YouGot))
                                            .strong()
                                            .color(cx.theme.claimed),
                                    );
                                    for item in items {
                                        common::item_line(
                                            ui,
                                            cx,
                                            &item.name,
                                            item.quantity,
                                            item.image_url.as_deref(),
                                        );
                                    }
                                }
                                ToastKind::Rejected(reason) => {
                                    let text = super::codes::rejection_text(reason);
                                    ui.label(RichText::new(cx.t(text)).color(cx.theme.danger));
                                }
                                ToastKind::Failed => {
                                    ui.label(
                                        RichText::new(cx.t(Text::Failed)).color(cx.theme.danger),
                                    );
                                }
                            });
                            let dismiss = ui.small_button("✖").on_hover_text(cx.t(Text::Dismiss));
                            let label = cx.t(Text::Dismiss).to_owned();
                            dismiss.widget_info(|| {
                                WidgetInfo::labeled(WidgetType::Button, true, &label)
                            });
                            if dismiss.clicked() {
                                dismissed = Some(toast.id);
                            }
                        });
                    });
                }
            });
        if let Some(id) = dismissed {
            self.queue.retain(|t| t.id != id);
        }
        if let Some(first) = self.queue.front() {
            let left = (first.since_ms + life - cx.now_ms).max(1) as u64;
            ctx.request_repaint_after(Duration::from_millis(left));
        }
    }
}

/// The hub's open button with a badge counting what can be claimed. Returns its response.
pub fn hub_button(ui: &mut Ui, cx: &UiCx<'_>, count: usize) -> egui::Response {
    let title = cx.t(Text::HubButton);
    let text = if count > 0 {
        format!("🎁 {title}  {count}")
    } else {
        format!("🎁 {title}")
    };
    let response = ui.add(egui::Button::new(RichText::new(text).strong()));
    let accessible = if count > 0 {
        format!(
            "{title}, {}",
            cx.tf(Text::BadgeCount, &[("n", &count.to_string())])
        )
    } else {
        title.to_owned()
    };
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &accessible));
    response
}

/// A tab label with its badge count.
pub fn tab_label(title: &str, count: usize) -> String {
    if count > 0 {
        format!("{title} ({count})")
    } else {
        title.to_owned()
    }
}

/// The connection state the status line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Connection {
    /// No player token yet.
    LoggedOut,
    /// First read under way.
    #[default]
    Loading,
    /// Connected.
    Online,
    /// No connection; the next retry at this server time (Unix ms), when known.
    Offline {
        /// Next retry, server Unix milliseconds.
        retry_at_ms: Option<i64>,
    },
    /// The service refused or failed.
    Unavailable,
}

/// One line telling the connection state (offline, retrying in N s, showing saved data), with
/// a retry button when offline. Returns a request to read everything again when pressed.
pub fn status_line(
    ui: &mut Ui,
    cx: &mut UiCx<'_>,
    connection: Connection,
    from_cache: bool,
) -> Option<UiAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let (text, color) = match connection {
            Connection::LoggedOut => (cx.t(Text::LoggedOut).to_owned(), cx.theme.muted),
            Connection::Loading => (cx.t(Text::Loading).to_owned(), cx.theme.muted),
            Connection::Online => (cx.t(Text::Online).to_owned(), cx.theme.claimed),
            Connection::Offline {
                retry_at_ms: Some(at),
            } if at > cx.now_ms => {
                let left =
                    cx.countdown(ui, at.div_euclid(1000) + i64::from(at.rem_euclid(1000) > 0));
                (
                    cx.tf(Text::RetryingIn, &[("time", &left)]),
                    cx.theme.warning,
                )
            }
            Connection::Offline { .. } => (cx.t(Text::Offline).to_owned(), cx.theme.warning),
            Connection::Unavailable => (cx.t(Text::Unavailable).to_owned(), cx.theme.danger),
        };
        let mut shown = text;
        if from_cache && !matches!(connection, Connection::Online) {
            shown = format!("{shown} · {}", cx.t(Text::FromCache));
        }
        common::status(ui, &shown, color);
        if matches!(
            connection,
            Connection::Offline { .. } | Connection::Unavailable
        ) {
            let r =
                common::action_button(ui, cx, cx.t(Text::Retry), cx.t(Text::Retry), true, false);
            if r.clicked() {
                action = Some(UiAction::request(RefreshLiveOps::all()));
            }
        }
    });
    action
}
