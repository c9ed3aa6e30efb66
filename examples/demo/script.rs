//! The scripted session: sign in with a seeded player's password, claim day 1, skip a day
//! (past the end of the player's token: the plugin renews it) and see the day missed, claim the
//! next,
//! a free offer step, a paid one and an upsell item paid on the emulator's checkout page (its
//! form posted as a browser posts it; the grants arrive by the plugin's order tracking alone),
//! a mistyped code then good ones (one with a unit-item choice), an upsell item bought with
//! gold, a reward chain step; every grant is checked against the
//! emulator's inventory (`inventory.rs`). `--headless` plays it whole, measures frame times and
//! exits with the verdict; `--screenshot` plays the first steps so each hub tab shows progress.

use bevy::diagnostic::FrameCount;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{HubTab, LiveOpsHub, LiveOpsHubCommand};

use crate::backend::Backend;
use crate::checkout::{Orders, PayOrder};
use crate::frame_times::{FrameTimes, FrameTimesPlugin, ms, percentile};
use crate::inventory::GrantLog;
use crate::login::{PendingName, RefreshAfterTravel, SEEDED_PLAYERS, sign_in, travel};
use crate::notices::Notices;

/// How many frames a step may take before the script calls it failed (about 15 s).
const STEP_FRAMES: u32 = 900;
/// Frames measured with the hub closed and with it open, in alternating blocks (fewer in a
/// browser, where software WebGL draws far fewer frames a second).
#[cfg(not(target_arch = "wasm32"))]
const MEASURE_FRAMES: usize = 600;
#[cfg(target_arch = "wasm32")]
const MEASURE_FRAMES: usize = 60;
const MEASURE_BLOCK: usize = 60;
/// The seeded player the script signs in as, and their password.
const PLAYER: (&str, &str) = SEEDED_PLAYERS[0];

/// Plays `steps`; with `report`, prints the summary and exits when done (`--headless`; in a
/// browser the game goes on), otherwise leaves the game running (`--screenshot` plays a few
/// steps first).
pub struct ScriptPlugin {
    pub steps: &'static [Step],
    pub report: bool,
}

impl ScriptPlugin {
    /// The whole session, checked, measured and reported.
    pub fn session() -> Self {
        Self {
            steps: &SESSION,
            report: true,
        }
    }

    /// Enough play for every hub tab to show some progress.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn warm_up() -> Self {
        Self {
            steps: &WARM_UP,
            report: false,
        }
    }
}

impl Plugin for ScriptPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(FrameTimesPlugin)
            .insert_resource(Script {
                steps: self.steps,
                report: self.report,
                ..default()
            })
            .add_systems(PreUpdate, collect_outcomes.after(LiveOpsSystems::Apply))
            .add_systems(Update, play);
        #[cfg(not(target_arch = "wasm32"))]
        if self.report {
            app.add_systems(Last, exit_with_verdict);
        }
    }
}

/// What a script can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    SignIn,
    ClaimFirstDay,
    SkipADay,
    ClaimThirdDay,
    FreeOffer,
    PaidOffer,
    UpsellForMoney,
    MistypedCode,
    Coupon,
    CodeWithAChoice,
    UpsellForGold,
    RewardChain,
    Measure,
}

/// The upsell items the session buys: one for real money, one for gold.
const UPSELL_FOR_MONEY: &str = "magic_bow";
const UPSELL_FOR_GOLD: &str = "mana_potion";

const SESSION: [Step; 13] = [
    Step::SignIn,
    Step::ClaimFirstDay,
    Step::SkipADay,
    Step::ClaimThirdDay,
    Step::FreeOffer,
    Step::PaidOffer,
    Step::UpsellForMoney,
    Step::MistypedCode,
    Step::Coupon,
    Step::CodeWithAChoice,
    Step::UpsellForGold,
    Step::RewardChain,
    Step::Measure,
];

#[cfg(not(target_arch = "wasm32"))]
const WARM_UP: [Step; 6] = [
    Step::SignIn,
    Step::ClaimFirstDay,
    Step::SkipADay,
    Step::FreeOffer,
    Step::PaidOffer,
    Step::Coupon,
];

/// What the plugin reported, as the script waits for it.
#[derive(Debug, Clone)]
enum Outcome {
    Granted(GrantSource, Vec<String>),
    Payment(OrderId),
    Rejected(String),
    Failed(String),
}

#[derive(Resource, Default)]
pub struct Script {
    steps: &'static [Step],
    report: bool,
    at: usize,
    started: bool,
    /// The step's claim was asked for (claims wait until the step is claimable).
    asked: bool,
    since: u32,
    outcomes: Vec<Outcome>,
    /// One line per finished step.
    lines: Vec<String>,
    failures: Vec<String>,
    /// The frame on which the daily chain was first on screen (hub open, chain loaded).
    daily_on_screen: Option<u32>,
    /// When the player's token ran out, before the time travel that outlives it.
    token_expired_at: Option<ServerTime>,
    /// The session passed (`Some(true)`) or failed, once it is reported.
    verdict: Option<bool>,
}

impl Script {
    fn granted(&self, matches: impl Fn(&GrantSource) -> bool) -> Option<String> {
        self.outcomes.iter().find_map(|o| match o {
            Outcome::Granted(source, items) if matches(source) => Some(items.join(", ")),
            _ => None,
        })
    }
}

fn collect_outcomes(
    mut script: ResMut<Script>,
    mut granted: MessageReader<RewardsGranted>,
    mut payments: MessageReader<PaymentRequired>,
    mut rejected: MessageReader<CodeRejected>,
    mut failed: MessageReader<LiveOpsFailed>,
) {
    for grant in granted.read() {
        let items = grant
            .items
            .iter()
            .map(|i| format!("{} ×{}", i.sku, i.quantity))
            .collect();
        script
            .outcomes
            .push(Outcome::Granted(grant.source.clone(), items));
    }
    for payment in payments.read() {
        script.outcomes.push(Outcome::Payment(payment.order_id));
    }
    for rejection in rejected.read() {
        script
            .outcomes
            .push(Outcome::Rejected(format!("{:?}", rejection.reason)));
    }
    for failure in failed.read() {
        let line = format!("{:?}: {}", failure.request, failure.error);
        say!("  (plugin) {line}");
        script.outcomes.push(Outcome::Failed(line));
    }
}

/// Everything the script touches, in one parameter.
#[derive(SystemParam)]
struct Play<'w, 's> {
    script: ResMut<'w, Script>,
    liveops: LiveOps<'w, 's>,
    backend: Res<'w, Backend>,
    refresh: ResMut<'w, RefreshAfterTravel>,
    frame: Res<'w, FrameCount>,
    orders: Res<'w, Orders>,
    log: Res<'w, GrantLog>,
    times: ResMut<'w, FrameTimes>,
    hub: Res<'w, LiveOpsHub>,
    notices: Res<'w, Notices>,
    pending_name: ResMut<'w, PendingName>,
    hub_command: MessageWriter<'w, LiveOpsHubCommand>,
    pay: MessageWriter<'w, PayOrder>,
}

/// What a step's check says.
enum Check {
    Waiting,
    Done(String),
    Failed(String),
}

fn play(mut p: Play) {
    let Some(&step) = p.script.steps.get(p.script.at) else {
        // The summary waits for the last inventory checks (in a browser they answer later).
        if p.script.at == p.script.steps.len() && p.script.report && !p.backend.busy() {
            summary(&mut p);
        }
        return;
    };
    if !p.script.started {
        // A call to the emulator (in a browser they answer later) finishes first.
        if p.backend.busy() {
            return;
        }
        p.script.started = true;
        p.script.asked = false;
        p.script.since = p.frame.0;
        p.script.outcomes.clear();
        start(step, &mut p);
    }
    let check = check(step, &mut p);
    let waited = p.frame.0 - p.script.since;
    let check = match check {
        Check::Waiting if waited > STEP_FRAMES => {
            Check::Failed(format!("nothing happened in {STEP_FRAMES} frames"))
        }
        other => other,
    };
    match check {
        Check::Waiting => {}
        Check::Done(what) => {
            let line = format!("ok   {step:?}: {what} ({waited} frames)");
            say!("{line}");
            p.script.lines.push(line);
            p.script.at += 1;
            p.script.started = false;
        }
        Check::Failed(why) => {
            let line = format!("FAIL {step:?}: {why}");
            say!("{line}");
            p.script.failures.push(line);
            p.script.at += 1;
            p.script.started = false;
        }
    }
}

impl Script {
    /// Every step has been played.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn is_finished(&self) -> bool {
        self.at >= self.steps.len()
    }

    /// Whether the session passed, once it is reported.
    #[cfg(target_arch = "wasm32")]
    pub fn verdict(&self) -> Option<bool> {
        self.verdict
    }
}

/// `--headless` ends with the session's verdict.
#[cfg(not(target_arch = "wasm32"))]
fn exit_with_verdict(script: Res<Script>, mut exit: MessageWriter<AppExit>) {
    match script.verdict {
        Some(true) => {
            exit.write(AppExit::Success);
        }
        Some(false) => {
            exit.write(AppExit::error());
        }
        None => {}
    }
}

fn start(step: Step, p: &mut Play) {
    let offers_chain = || p.liveops.offers().chains.first().map(|c| c.id);
    match step {
        Step::SignIn => {
            sign_in(&mut p.liveops, &mut p.pending_name, PLAYER.0, PLAYER.1);
            p.hub_command.write(LiveOpsHubCommand::Show(HubTab::Daily));
        }
        Step::SkipADay => {
            // Day 2 passes without a claim: on the morning of day 3 it is missed for good. The
            // player's token (an hour long) runs out on the way: LiveOps refuses it and the
            // plugin renews it with the refresh token, with no help from the game.
            p.script.token_expired_at = p.liveops.session().expires_at();
            let frame = p.frame.0;
            travel(&p.backend, &mut p.refresh, frame, 2 * 86_400);
        }
        Step::FreeOffer => {
            if let Some(chain) = offers_chain() {
                p.liveops.claim_offer_step(chain, 1.into());
            }
        }
        Step::PaidOffer => {
            if let Some(chain) = offers_chain() {
                p.liveops.buy_offer_step(chain, 2.into());
            }
        }
        Step::UpsellForMoney => p.liveops.buy_upsell(UPSELL_FOR_MONEY),
        Step::UpsellForGold => p.liveops.buy_upsell(UPSELL_FOR_GOLD),
        Step::MistypedCode => p.liveops.redeem("WELC0ME"),
        Step::Coupon => p.liveops.redeem("WELCOME"),
        Step::CodeWithAChoice => p
            .liveops
            .redeem_with(RedeemCode::new("PICKAWEAPON").select("weapon_choice", "magic_bow")),
        Step::RewardChain => p.liveops.refresh(),
        Step::ClaimFirstDay | Step::ClaimThirdDay | Step::Measure => {}
    }
}

fn check(step: Step, p: &mut Play) -> Check {
    if let Some(Outcome::Failed(why)) = p
        .script
        .outcomes
        .iter()
        .find(|o| matches!(o, Outcome::Failed(_)))
        .filter(|_| step != Step::MistypedCode)
    {
        return Check::Failed(why.clone());
    }
    match step {
        Step::SignIn => {
            let loaded = p.liveops.daily().chains.iter().any(|c| !c.steps.is_empty());
            if loaded && p.hub.is_open() && p.liveops.sign_in_state().is_signed_in() {
                p.script.daily_on_screen.get_or_insert(p.frame.0);
                Check::Done(format!(
                    "signed in as {} with a password (Login), daily chain on screen",
                    PLAYER.0
                ))
            } else {
                Check::Waiting
            }
        }
        Step::ClaimFirstDay | Step::ClaimThirdDay => {
            let day = if step == Step::ClaimFirstDay { 1 } else { 3 };
            claim_day(p, day)
        }
        Step::SkipADay => {
            let Some(chain) = p.liveops.daily().chains.first() else {
                return Check::Waiting;
            };
            let status = |n: i64| {
                chain
                    .steps
                    .iter()
                    .find(|s| s.step_number.0 == n)
                    .map(|s| s.status)
            };
            let renewed = p
                .liveops
                .session()
                .expires_at()
                .zip(p.script.token_expired_at)
                .is_some_and(|(now, before)| now > before);
            if status(2) == Some(DailyStepStatus::Blocked)
                && status(3) == Some(DailyStepStatus::Claimable)
                && renewed
            {
                Check::Done(
                    "two days later: the token renewed by the plugin, day 2 missed, day 3 claimable"
                        .into(),
                )
            } else {
                Check::Waiting
            }
        }
        Step::FreeOffer => granted(
            p,
            |s| matches!(s, GrantSource::Offer { step, .. } if step.0 == 1),
        ),
        Step::PaidOffer => {
            pay_on_the_page(p);
            granted(
                p,
                |s| matches!(s, GrantSource::Offer { step, .. } if step.0 == 2),
            )
        }
        Step::UpsellForMoney => {
            pay_on_the_page(p);
            granted(
                p,
                |s| matches!(s, GrantSource::Item { sku, .. } if sku.0 == UPSELL_FOR_MONEY),
            )
        }
        Step::UpsellForGold => granted(
            p,
            |s| matches!(s, GrantSource::Item { sku, .. } if sku.0 == UPSELL_FOR_GOLD),
        ),
        Step::MistypedCode => p
            .script
            .outcomes
            .iter()
            .find_map(|o| match o {
                Outcome::Rejected(reason) => {
                    Some(Check::Done(format!("WELC0ME rejected: {reason}")))
                }
                Outcome::Granted(..) => Some(Check::Failed("a mistyped code was granted".into())),
                _ => None,
            })
            .unwrap_or(Check::Waiting),
        Step::Coupon | Step::CodeWithAChoice => {
            let check = granted(p, |s| matches!(s, GrantSource::Code { .. }));
            match check {
                Check::Done(items)
                    if step == Step::CodeWithAChoice && !items.contains("magic_bow") =>
                {
                    Check::Failed(format!("the bow was chosen, {items} came"))
                }
                other => other,
            }
        }
        Step::RewardChain => {
            let claimable = p.liveops.rewards().claimable().next();
            if let Some((chain, step)) = claimable
                && !p.script.asked
            {
                p.script.asked = true;
                p.liveops.claim_reward_step(chain, step);
            }
            granted(p, |s| matches!(s, GrantSource::Reward { .. }))
        }
        Step::Measure => measure(p),
    }
}

/// Once the step's order is on screen in the checkout, pays it on the emulator's checkout page
/// (its own form, with the sandbox card): the grant then arrives by the plugin's tracking.
fn pay_on_the_page(p: &mut Play) {
    let order = p.script.outcomes.iter().find_map(|o| match o {
        Outcome::Payment(order) => Some(*order),
        _ => None,
    });
    if let Some(order) = order
        && !p.script.asked
        && let Some(shown) = p.orders.pending.iter().find(|o| o.order_id == order)
    {
        p.script.asked = true;
        say!(
            "     checkout: order #{}, {} for {}: paying on the checkout page",
            order.0,
            shown.item,
            shown.price
        );
        p.pay.write(PayOrder(order));
    }
}

fn claim_day(p: &mut Play, day: i64) -> Check {
    let claimable = p
        .liveops
        .daily()
        .claimable()
        .find(|(_, step)| step.0 == day);
    if let Some((chain, step)) = claimable
        && !p.script.asked
    {
        p.script.asked = true;
        p.liveops.claim_daily(chain, step);
    }
    granted(
        p,
        |s| matches!(s, GrantSource::Daily { step, .. } if step.0 == day),
    )
}

fn granted(p: &Play, matches: impl Fn(&GrantSource) -> bool) -> Check {
    match p.script.granted(matches) {
        Some(items) => Check::Done(format!("granted {items}")),
        None => Check::Waiting,
    }
}

/// Blocks of frames with the hub closed, then open, alternating, until each state has
/// `MEASURE_FRAMES` frames (on the daily tab). A frame is counted under the state the hub was
/// drawn in.
fn measure(p: &mut Play) -> Check {
    let (closed, open) = (p.times.closed.len(), p.times.open.len());
    if closed >= MEASURE_FRAMES && open >= MEASURE_FRAMES {
        p.times.recording = false;
        return Check::Done(format!("{closed} frames closed, {open} open"));
    }
    let want_open = (closed + open) / MEASURE_BLOCK % 2 == 1;
    if p.hub.is_open() == want_open {
        p.script.asked = false;
        p.times.recording = true;
    } else {
        p.times.recording = false;
        if !p.script.asked {
            p.script.asked = true;
            p.hub_command.write(LiveOpsHubCommand::Toggle);
        }
    }
    // Measuring takes many frames: it is not a step that waits for the server.
    p.script.since = p.frame.0;
    Check::Waiting
}

fn summary(p: &mut Play) {
    let log = &*p.log;
    say!("");
    say!("== summary ==");
    say!(
        "steps: {} ok, {} failed",
        p.script.lines.len(),
        p.script.failures.len()
    );
    say!(
        "grants: {} reported, {} matched the emulator's inventory, {} mismatched",
        log.grants.len(),
        log.matched,
        log.mismatches.len()
    );
    for line in &log.mismatches {
        say!("  mismatch {line}");
    }
    if let Some(frame) = p.script.daily_on_screen {
        say!("frames from start until the daily chain is on screen: {frame}");
    }
    let (closed, open) = (&p.times.closed, &p.times.open);
    let (closed_median, open_median) = (percentile(closed, 0.5), percentile(open, 0.5));
    say!(
        "frame time, hub closed: median {}, p99 {} ({} frames)",
        ms(closed_median),
        ms(percentile(closed, 0.99)),
        closed.len()
    );
    say!(
        "frame time, hub open:   median {}, p99 {} ({} frames)",
        ms(open_median),
        ms(percentile(open, 0.99)),
        open.len()
    );
    let intervals = (&p.times.closed_intervals, &p.times.open_intervals);
    say!(
        "frame interval, hub closed: median {}, p99 {}; open: median {}, p99 {}",
        ms(percentile(intervals.0, 0.5)),
        ms(percentile(intervals.0, 0.99)),
        ms(percentile(intervals.1, 0.5)),
        ms(percentile(intervals.1, 0.99))
    );
    if !closed_median.is_zero() {
        say!(
            "open / closed (median): {:.2}",
            open_median.as_secs_f64() / closed_median.as_secs_f64()
        );
    }
    let hooks = hooks_missed(&p.notices);
    for line in &p.notices.log {
        say!("notice: {line}");
    }
    if let Some(reminder) = &p.notices.reminder {
        say!("reminder: {reminder}");
    }
    let ok = p.script.failures.is_empty()
        && log.mismatches.is_empty()
        && !log.grants.is_empty()
        && hooks.is_empty();
    for line in &hooks {
        say!("FAIL {line}");
    }
    for line in &p.script.failures {
        say!("{line}");
    }
    say!("{}", if ok { "PASS" } else { "FAIL" });
    p.script.verdict = Some(ok);
    p.script.at += 1;
}

/// The engagement hooks the session should have met: a welcome back at sign-in (day 1 waits),
/// a reward ready during play (day 3, after the skipped day) and a reminder for the next unlock.
fn hooks_missed(notices: &Notices) -> Vec<String> {
    let mut missed = Vec::new();
    if !notices.log.iter().any(|n| n.starts_with("Welcome back")) {
        missed.push("no welcome-back notice at sign-in (RewardsWaiting)".to_owned());
    }
    if !notices.log.iter().any(|n| n.contains("ready to claim")) {
        missed.push("no notice of a reward ready during play (RewardReady)".to_owned());
    }
    if notices.reminder.is_none() {
        missed.push("no reminder for the next unlock (LiveOps::next_unlock)".to_owned());
    }
    missed
}
