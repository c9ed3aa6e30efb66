//! The hub's layout cost per frame on the CPU, on a headless egui context: open on the daily
//! tab with a 28-day calendar, open on the offers tab with a 10-step chain, and closed (only
//! the hub button).
//!
//! Each case is measured twice: the time inside the hub's call (its layout cost, what the hub
//! adds to a game's frame) and the whole egui pass around it (with egui's own per-pass work,
//! which a game with any egui UI pays anyway).

use std::hint::black_box;
use std::time::{Duration, Instant};

use bevy_egui::egui;
use bevy_xsolla_liveops::ui::{
    Connection, DailyTab, HubState, HubTab, HubView, LiveOpsTheme, NoIcons, OffersTab, UiCx,
    UiStrings, show_hub,
};
use criterion::{Criterion, criterion_group, criterion_main};

#[allow(dead_code)]
#[path = "../tests/widgets/fixtures.rs"]
mod fixtures;

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

fn frames(c: &mut Criterion) {
    let daily = vec![fixtures::daily_chain(28)];
    let offers = vec![fixtures::offer_chain_of(10, 3)];
    let strings = UiStrings::default();
    let theme = LiveOpsTheme::dark();
    let view = HubView {
        daily: DailyTab::new(&daily).badge(1),
        offers: OffersTab::new(&offers),
        connection: Connection::Online,
        ..HubView::default()
    };
    let cases = [
        ("hub open, daily tab, 28 steps", Some(HubTab::Daily)),
        ("hub open, offers tab, 10 steps", Some(HubTab::Offers)),
        ("hub closed", None),
    ];
    let mut group = c.benchmark_group("hub_layout");
    for (name, tab) in cases {
        let ctx = egui::Context::default();
        let mut state = HubState {
            open: tab.is_some(),
            tab: tab.unwrap_or_default(),
            ..HubState::default()
        };
        // One egui pass drawing the hub; returns the time spent inside the hub's own call.
        let frame = |state: &mut HubState| {
            let mut spent = Duration::ZERO;
            let mut out = ctx.run_ui(input(), |ui| {
                let mut icons = NoIcons;
                let mut cx = UiCx::new(&strings, &theme, &mut icons, fixtures::NOW_MS);
                let start = Instant::now();
                black_box(show_hub(ui.ctx(), state, &view, &mut cx));
                spent = start.elapsed();
            });
            out.textures_delta.clear();
            black_box(out.shapes.len());
            spent
        };
        // Warm up: fonts, layout caches, window sizing.
        for _ in 0..5 {
            frame(&mut state);
        }
        group.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| frame(&mut state)).sum())
        });
        group.bench_function(format!("{name}, whole egui pass"), |b| {
            b.iter(|| frame(&mut state))
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
