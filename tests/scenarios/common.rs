//! A headless game against the in-process emulator, over real HTTP.
#![allow(dead_code)]

use std::time::Duration;

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use xsolla_liveops_emulator::{Config, Emulator, Seed};

/// 2025-01-01T00:00:00Z.
pub const T0: i64 = 1_735_689_600;
pub const DAY: i64 = 86_400;

/// Everything the game saw, collected in `Update`.
#[derive(Resource, Default, Debug)]
pub struct Seen {
    pub granted: Vec<RewardsGranted>,
    pub failed: Vec<LiveOpsFailed>,
    pub payments: Vec<PaymentRequired>,
    pub canceled: Vec<PurchaseCanceled>,
    pub pending: Vec<PurchasePending>,
    pub expiring: Vec<SessionExpiring>,
    pub expired: Vec<SessionExpired>,
    pub player_changes: Vec<PlayerChanged>,
    pub previewed: Vec<CodePreviewed>,
    pub redeemed: Vec<CodeRedeemed>,
    pub rejected: Vec<CodeRejected>,
    pub ready: Vec<RewardReady>,
    pub waiting: Vec<RewardsWaiting>,
    pub signed_in: Vec<SignedIn>,
    pub sign_in_failed: Vec<SignInFailed>,
}

pub fn collect(mut outcomes: LiveOpsOutcomes, mut seen: ResMut<Seen>) {
    seen.previewed.extend(outcomes.previewed.read().cloned());
    seen.redeemed.extend(outcomes.redeemed.read().cloned());
    seen.rejected.extend(outcomes.rejected.read().cloned());
    seen.granted.extend(outcomes.granted.read().cloned());
    seen.failed.extend(outcomes.failed.read().cloned());
    seen.payments.extend(outcomes.payments.read().cloned());
    seen.expiring.extend(outcomes.expiring.read().cloned());
    seen.expired.extend(outcomes.expired.read().cloned());
    seen.player_changes
        .extend(outcomes.player_changes.read().cloned());
    seen.ready.extend(outcomes.ready.read().cloned());
    seen.canceled.extend(outcomes.canceled.read().cloned());
    seen.pending.extend(outcomes.pending.read().cloned());
    seen.waiting.extend(outcomes.waiting.read().cloned());
    seen.signed_in.extend(outcomes.signed_in.read().cloned());
    seen.sign_in_failed
        .extend(outcomes.sign_in_failed.read().cloned());
}

pub struct Game {
    pub app: App,
    pub emu: Emulator,
}

/// A seed from JSON in the admin API's request shapes.
pub fn seed(json: &str) -> Seed {
    Seed::from_json(json).expect("a valid seed")
}

impl Game {
    /// The emulator on `seed` with its clock at `now`, and a headless app with the plugin.
    pub fn start(seed: Seed, now: i64) -> Self {
        Self::start_with(seed, now, |p| p.build())
    }

    pub fn start_with(
        seed: Seed,
        now: i64,
        adjust: impl FnOnce(LiveOpsPlugins) -> PluginGroupBuilder,
    ) -> Self {
        Self::start_on(MinimalPlugins, seed, now, adjust)
    }

    /// As [`Game::start_with`], on other engine plugins than `MinimalPlugins`.
    #[track_caller]
    pub fn start_on(
        engine: impl PluginGroup,
        seed: Seed,
        now: i64,
        adjust: impl FnOnce(LiveOpsPlugins) -> PluginGroupBuilder,
    ) -> Self {
        let emu = Emulator::start_blocking(Config::default().with_seed(seed)).expect("emulator");
        emu.clock().set_unix(now);
        let plugins = LiveOpsPlugins::local_emulator(emu.project_id(), emu.base_url())
            .with_offline_retry(Duration::from_millis(100))
            .with_timeouts(Duration::from_secs(2), Duration::from_secs(5));
        let app = app_on(engine, adjust(plugins));
        Self { app, emu }
    }

    /// Hands over a fresh token for `sub`, valid for `ttl` of emulator time.
    pub fn login(&mut self, sub: &str, ttl: Duration) {
        let token = self.emu.mint_token(sub, ttl);
        self.app.world_mut().write_message(SetUserToken(token));
    }

    pub fn send<M: Message>(&mut self, message: M) {
        self.app.world_mut().write_message(message);
    }

    pub fn seen(&self) -> &Seen {
        self.app.world().resource::<Seen>()
    }

    pub fn res<R: Resource>(&self) -> &R {
        self.app.world().resource::<R>()
    }

    /// Runs frames until `done` holds; panics after 2,500 frames (about 10 s).
    #[track_caller]
    pub fn run_until(&mut self, what: &str, done: impl Fn(&World) -> bool) {
        run_until(&mut self.app, what, done);
    }

    /// Runs `n` frames.
    pub fn frames(&mut self, n: usize) {
        for _ in 0..n {
            self.app.update();
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The player's inventory in the emulator: quantity of `sku`.
    pub fn owned(&self, sub: &str, sku: &str) -> i64 {
        self.emu
            .inventory(sub)
            .expect("inventory")
            .into_iter()
            .find(|(s, _)| s == sku)
            .map_or(0, |(_, q)| q)
    }

    /// What `RewardsGranted` reported as arriving in the inventory (bundles opened), summed
    /// per SKU.
    pub fn granted_total(&self, sku: &str) -> i64 {
        self.seen()
            .granted
            .iter()
            .flat_map(|g| g.inventory_items())
            .filter(|i| i.sku.0 == sku)
            .map(|i| i.quantity)
            .sum()
    }
}

/// The core and only the given features' plugins.
pub fn only(plugins: LiveOpsPlugins, features: &[LiveOpsFeature]) -> PluginGroupBuilder {
    let mut group = plugins.build();
    type Disable = fn(PluginGroupBuilder) -> PluginGroupBuilder;
    let all: [(LiveOpsFeature, Disable); 5] = [
        (LiveOpsFeature::DAILY, |g| g.disable::<DailyChainsPlugin>()),
        (LiveOpsFeature::OFFERS, |g| g.disable::<OfferChainsPlugin>()),
        (LiveOpsFeature::UPSELL, |g| g.disable::<UpsellPlugin>()),
        (LiveOpsFeature::CODES, |g| g.disable::<CodesPlugin>()),
        (LiveOpsFeature::REWARDS, |g| {
            g.disable::<RewardChainsPlugin>()
        }),
    ];
    for (feature, disable) in all {
        if !features.contains(&feature) {
            group = disable(group);
        }
    }
    group
}

pub fn app_with(plugins: impl PluginGroup) -> App {
    app_on(MinimalPlugins, plugins)
}

pub fn app_on(engine: impl PluginGroup, plugins: impl PluginGroup) -> App {
    let mut app = App::new();
    app.add_plugins(engine)
        .add_plugins(plugins)
        .init_resource::<Seen>()
        .add_systems(Update, collect);
    app
}

#[track_caller]
pub fn run_until(app: &mut App, what: &str, done: impl Fn(&World) -> bool) {
    for _ in 0..2_500 {
        app.update();
        if done(app.world()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(4));
    }
    let w = app.world();
    panic!(
        "{what}: did not happen within 2,500 frames\nsession: {:?}\nstatus: {:?}\nin flight: {}\nschedule: {:?}\nfailed: {:?}\ngranted: {:?}",
        w.resource::<LiveOpsSession>(),
        w.resource::<LiveOpsStatus>(),
        w.resource::<LiveOpsRuntime>().in_flight(),
        w.resource::<RefreshSchedule>(),
        w.resource::<Seen>().failed,
        w.resource::<Seen>().granted,
    );
}

pub fn project() -> ProjectId {
    ProjectId(44056)
}

/// The sandbox card that pays on the emulator's checkout page.
pub const CARD_PAYS: &str = "4111 1111 1111 1111";
/// The sandbox card the emulator's checkout page declines.
pub const CARD_DECLINED: &str = "4000 0000 0000 0002";

/// Posts the checkout page's own form for `payment`, as a browser would (`/paystation4/pay`
/// with the card, or `/paystation4/cancel`); returns the page's HTTP status.
pub fn on_checkout_page(payment: &PaymentRequired, card: Option<&str>) -> u16 {
    xsolla_liveops_emulator::checkout::post_form(&payment.url, payment.token.expose_secret(), card)
        .expect("the emulator's checkout page answers")
}

/// The upsell item [`seed_with_a_potion_for_gold`] sells for virtual currency, and its price
/// in gold.
pub const POTION: &str = "mana_potion";
pub const POTION_PRICE: i64 = 120;

/// The built-in seed, with a mana potion for 120 gold in the upsell list.
pub fn seed_with_a_potion_for_gold() -> Seed {
    let mut seed = serde_json::to_value(Seed::builtin()).expect("the seed as JSON");
    let potion = seed["items"]
        .as_array_mut()
        .expect("items")
        .iter_mut()
        .find(|i| i["sku"] == POTION)
        .expect("a mana potion");
    potion["virtual_prices"] =
        serde_json::json!([{ "sku": "gold", "amount": POTION_PRICE, "is_default": true }]);
    seed["upsell"]["items"]
        .as_array_mut()
        .expect("upsell items")
        .push(POTION.into());
    serde_json::from_value(seed).expect("a valid seed")
}
