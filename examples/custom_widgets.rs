//! The crate's widgets in a game's own egui layout, without the hub: the daily calendar and
//! the reward chain in one window; the offer track, upsell card and code dialog in another.
//! Each widget returns the player's action, which the game sends to the plugin.
//!
//! ```text
//! cargo run --example custom_widgets [-- --headless]
//! ```

mod common;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::*;
use common::{Server, ui::Screen};

/// Texts that show each widget drew: calendar, reward chain, offer track, upsell, codes.
const DRAWN: &str = "Claimed|Hero's journey|Claim Step 1|Mana potion|Code";

/// The game's own screens, built from the widgets.
fn rewards_screen(
    mut contexts: EguiContexts,
    mut liveops: LiveOps,
    mut outcomes: LiveOpsOutcomes,
    (strings, theme, mut dialog): (Local<UiStrings>, Local<LiveOpsTheme>, Local<CodeDialog>),
) -> Result {
    // The code dialog keeps its own state: tell it what became of the code.
    for preview in outcomes.previewed.read() {
        dialog.previewed(preview.verification.clone());
    }
    for redeemed in outcomes.redeemed.read() {
        dialog.redeemed(redeemed.items.iter().map(GrantLine::from).collect());
    }
    for rejected in outcomes.rejected.read() {
        dialog.rejected(&rejected.input, rejected.reason.clone());
    }
    let ctx = contexts.ctx_mut()?.clone();
    for payment in outcomes.payments.read() {
        ctx.open_url(egui::OpenUrl::new_tab(&payment.url)); // Pay Station, in the browser
    }
    let mut icons = NoIcons; // placeholders; the hub's `LiveOpsIcons` loads pictures
    let now = liveops.clock().now().unix_millis(); // countdowns run on the server's clock
    let mut cx = UiCx::new(&strings, &theme, &mut icons, now);
    let mut actions = Vec::new();
    let (daily, offers, rewards) = (liveops.daily(), liveops.offers(), liveops.rewards());
    egui::Window::new("Every day").show(&ctx, |ui| {
        ui.label(format!("Welcome back, {}!", common::PLAYER));
        for chain in &daily.chains {
            let busy = |step| daily.is_claiming(chain.id, step);
            actions.extend(DailyCalendar::new(chain).busy(&busy).show(ui, &mut cx));
        }
        for chain in &rewards.chains {
            let busy = |step| rewards.is_claiming(chain.reward_chain_id, step);
            let balance = rewards.balance(chain.reward_chain_id);
            let progress = RewardChainProgress::new(chain).balance(balance).busy(&busy);
            actions.extend(progress.show(ui, &mut cx));
        }
    });
    let shop = egui::Window::new("Shop").default_pos([830.0, 20.0]);
    shop.show(&ctx, |ui| {
        for chain in &offers.chains {
            let busy = |step| offers.is_sending(chain.id, step);
            let awaiting = |step| liveops.purchases().awaiting_step(chain.id, step).is_some();
            let track = OfferTrack::new(chain).busy(&busy);
            actions.extend(track.awaiting_payment(&awaiting).show(ui, &mut cx));
        }
        let busy = |sku: &Sku| liveops.upsell().is_buying(sku);
        let card = UpsellCard::new(&liveops.upsell().items).busy(&busy);
        actions.extend(card.show(ui, &mut cx));
        actions.extend(dialog.show(ui, &mut cx, liveops.codes().any_busy()));
    });
    // What the player pressed: the plugin's own requests, sent as they are.
    for action in actions {
        if let UiAction::Request(request) = action {
            liveops.send(request);
        }
    }
    Ok(())
}

fn main() -> AppExit {
    let headless = common::headless();
    let (emulator, token) = common::start();
    let mut app = App::new();
    let liveops = LiveOpsPlugins::local_emulator(emulator.project_id(), emulator.base_url());
    app.add_plugins(common::ui::engine(headless))
        .add_plugins(liveops)
        .insert_resource(Server(emulator))
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone())
        })
        .add_systems(EguiPrimaryContextPass, rewards_screen);
    common::ui::add_egui(&mut app, headless);
    if headless {
        app.add_systems(Update, common::ui::click_once("Claim Day 1"));
    }
    common::run(app, "custom_widgets", headless, |world| {
        let gold = world.resource::<Server>().owned("gold");
        let screen = world.get_resource::<Screen>(); // headless only
        let all = screen.is_none_or(|s| DRAWN.split('|').all(|text| s.shows(text)));
        (gold > 0 && all).then(|| match gold {
            100 => Ok("the five widgets drawn, Claim Day 1 clicked: 100 gold".into()),
            other => Err(format!("the server holds {other} gold, not 100")),
        })
    })
}
