//! What every widget shares: the drawing context, actions, freshness, and small drawing helpers.

use std::time::Duration;

use bevy_egui::egui::{self, Color32, RichText, Sense, Ui, WidgetInfo, WidgetType};
use xsolla_liveops::Sku;
use xsolla_liveops::models::common::Price;

use crate::cache::DataOrigin;
use crate::messages::LiveOpsRequest;

use super::icons::{IconSource, IconState};
use super::strings::{Text, UiStrings};
use super::theme::LiveOpsTheme;

/// What the player asked for. Widgets return it; the hub sends the requests to the plugin
/// ([`LiveOps::send`](crate::LiveOps::send)), and a game drawing the widgets itself does the
/// same (or whatever it likes).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UiAction {
    /// A request for the plugin: a claim, an order, a payment check, a purchase, a code
    /// preview or redemption, or a read of everything again (the status line's retry).
    Request(LiveOpsRequest),
    /// Claim everything that is ready ([`LiveOps::claim_all`](crate::LiveOps::claim_all)).
    ClaimAll,
}

impl UiAction {
    /// The action of sending `request`.
    pub fn request(request: impl Into<LiveOpsRequest>) -> Self {
        Self::Request(request.into())
    }
}

impl<R: Into<LiveOpsRequest>> From<R> for UiAction {
    fn from(request: R) -> Self {
        Self::request(request)
    }
}

/// Where a feature's data stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Freshness {
    /// Nothing read yet.
    #[default]
    Loading,
    /// Read from the cache; the network has not answered yet.
    Cached,
    /// Read from the server.
    Live,
}

impl Freshness {
    /// Where a feature's data stands, from where it came from and whether a read is under
    /// way.
    pub fn of(origin: DataOrigin, loading: bool) -> Self {
        match origin {
            DataOrigin::Network => Freshness::Live,
            DataOrigin::Cache => Freshness::Cached,
            _ if loading => Freshness::Loading,
            _ => Freshness::Live,
        }
    }
}

/// Everything a widget draws with: texts, theme, icons and the server's clock.
pub struct UiCx<'a> {
    /// Texts.
    pub strings: &'a UiStrings,
    /// Colours and sizes.
    pub theme: &'a LiveOpsTheme,
    /// Item icons.
    pub icons: &'a mut dyn IconSource,
    /// Server time now, Unix milliseconds (never the device clock).
    pub now_ms: i64,
    ticking: bool,
}

impl<'a> UiCx<'a> {
    /// A context for one frame.
    pub fn new(
        strings: &'a UiStrings,
        theme: &'a LiveOpsTheme,
        icons: &'a mut dyn IconSource,
        now_ms: i64,
    ) -> Self {
        Self {
            strings,
            theme,
            icons,
            now_ms,
            ticking: false,
        }
    }

    /// True when something drawn this frame counts down, so the next second must be drawn.
    pub fn is_ticking(&self) -> bool {
        self.ticking
    }

    /// How long until the displayed countdowns change (the next whole server second), when
    /// any is shown.
    pub fn next_tick(&self) -> Option<Duration> {
        self.ticking
            .then(|| Duration::from_millis((1000 - self.now_ms.rem_euclid(1000)) as u64))
    }

    /// Time left until a server time in Unix seconds, zero once passed.
    pub fn until(&self, unix_seconds: i64) -> Duration {
        Duration::from_millis((unix_seconds.saturating_mul(1000) - self.now_ms).max(0) as u64)
    }

    /// A countdown to a server time (Unix seconds) for display; asks for a repaint on the next
    /// second so it keeps moving when egui runs reactively.
    pub fn countdown(&mut self, ui: &Ui, unix_seconds: i64) -> String {
        self.ticking = true;
        if let Some(next) = self.next_tick() {
            ui.ctx().request_repaint_after(next);
        }
        crate::format_countdown(self.until(unix_seconds))
    }

    /// A text.
    pub fn t(&self, key: Text) -> &str {
        self.strings.get(key)
    }

    /// A text with placeholders filled.
    pub fn tf(&self, key: Text, args: &[(&str, &str)]) -> String {
        self.strings.fmt(key, args)
    }
}

/// Draws an item icon at the theme's size: the image, the placeholder or the fallback.
pub(crate) fn icon(ui: &mut Ui, cx: &mut UiCx<'_>, url: Option<&str>) {
    let size = cx.theme.icon_vec();
    let state = cx.icons.icon(ui.ctx(), url);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter();
    match state {
        IconState::Ready(id) | IconState::Fallback(id) => {
            let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
            painter.image(id, rect, uv, Color32::WHITE);
        }
        IconState::Loading => {
            painter.rect_filled(
                rect.shrink(2.0),
                egui::CornerRadius::same(cx.theme.corner_radius),
                cx.theme.tile_stroke,
            );
        }
    }
}

/// A button whose accessible label names what it acts on ("Claim Day 3"), enabled or not.
pub(crate) fn action_button(
    ui: &mut Ui,
    cx: &UiCx<'_>,
    text: &str,
    accessible: &str,
    enabled: bool,
    primary: bool,
) -> egui::Response {
    let mut button = egui::Button::new(if primary && enabled {
        RichText::new(text).color(cx.theme.on_accent).strong()
    } else {
        RichText::new(text)
    });
    if primary && enabled {
        button = button.fill(cx.theme.accent);
    }
    let response = ui.add_enabled(enabled, button);
    let label = accessible.to_owned();
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, enabled, &label));
    response
}

/// A coloured status line.
pub(crate) fn status(ui: &mut Ui, text: &str, color: Color32) {
    ui.label(RichText::new(text).color(color).small());
}

/// The loading / from-cache / empty header of a feature. Returns false when nothing else
/// should be drawn (still loading with no data).
pub(crate) fn freshness_header(
    ui: &mut Ui,
    cx: &UiCx<'_>,
    freshness: Freshness,
    has_data: bool,
) -> bool {
    match (freshness, has_data) {
        (Freshness::Loading, false) => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label(cx.t(Text::Loading));
            });
            false
        }
        (_, false) => {
            ui.label(RichText::new(cx.t(Text::NothingNow)).color(cx.theme.muted));
            false
        }
        (Freshness::Cached, true) => {
            ui.label(
                RichText::new(cx.t(Text::FromCache))
                    .color(cx.theme.warning)
                    .small(),
            );
            true
        }
        _ => true,
    }
}

/// `"4.99 USD"` from an exact price.
pub(crate) fn price_text(price: &Price) -> String {
    money(price.amount.to_f64(), &price.currency)
}

pub(crate) fn money(amount: f64, currency: &str) -> String {
    format!("{amount:.2} {currency}")
}

/// An item's display name in the chosen language, else its SKU.
pub(crate) fn item_name<'s>(name: Option<&'s str>, sku: &'s Sku) -> &'s str {
    name.filter(|n| !n.trim().is_empty())
        .unwrap_or(sku.as_ref())
}

/// One item line: icon, name and quantity.
pub(crate) fn item_line(
    ui: &mut Ui,
    cx: &mut UiCx<'_>,
    name: &str,
    quantity: i64,
    url: Option<&str>,
) {
    ui.horizontal(|ui| {
        icon(ui, cx, url);
        ui.label(if quantity > 1 {
            format!("{name} ×{quantity}")
        } else {
            name.to_owned()
        });
    });
}
