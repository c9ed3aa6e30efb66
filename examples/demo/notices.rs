//! What the game tells the player on the meadow, from the plugin's engagement hooks:
//! - *welcome back*: at sign-in, when rewards are waiting (`RewardsWaiting`);
//! - *a reward is ready*: when a step becomes claimable during play (`RewardReady`), with how
//!   many are claimable now (`LiveOpsBadges::total`);
//! - *the next reward*: when the next one unlocks (`LiveOps::next_unlock`) and the device-clock
//!   time a reminder is set for (`ServerClock::to_system_time`), where a game would schedule
//!   its OS notification.
//!
//! The fourth hook, *Claim all*, is the hub's own button on its Daily tab. A notice is a button
//! at the top of the screen: clicking it opens the hub where the reward waits; it goes away
//! after a few seconds, or when the hub opens.

use std::time::Duration;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{HubTab, LiveOpsHub, LiveOpsHubCommand};
use chrono::{DateTime, Local};

use crate::Screen;
use crate::hud::set_shown;
use crate::login::Player;

/// How long a notice stays up.
const NOTICE_TIME: Duration = Duration::from_secs(8);
const NOTICE: Color = Color::srgba(0.13, 0.42, 0.25, 0.92);
const NOTICE_HOVER: Color = Color::srgba(0.17, 0.52, 0.31, 0.95);

pub struct NoticesPlugin;

impl Plugin for NoticesPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Notices>()
            .add_systems(OnEnter(Screen::Playing), spawn_notices)
            .add_systems(OnExit(Screen::Playing), forget)
            .add_systems(
                Update,
                (
                    hear_hooks,
                    (press_notice, show_notice, show_reminder).run_if(in_state(Screen::Playing)),
                )
                    .chain(),
            );
    }
}

/// What the player has been told; the scripted session checks it.
#[derive(Resource, Default)]
pub struct Notices {
    current: Option<Notice>,
    /// Every notice shown, in order.
    pub log: Vec<String>,
    /// When the next reward unlocks and the reminder is set for, as the HUD says it.
    pub reminder: Option<String>,
    /// The unlock the reminder was last set for.
    reminder_for: Option<ServerTime>,
}

struct Notice {
    text: String,
    tab: HubTab,
    since: Duration,
}

impl Notices {
    fn show(&mut self, text: String, tab: HubTab, now: Duration) {
        self.log.push(text.clone());
        self.current = Some(Notice {
            text,
            tab,
            since: now,
        });
    }
}

#[derive(Component)]
struct NoticeButton;

#[derive(Component)]
struct ReminderText;

/// Where the rewards of a feature are in the hub.
fn tab_of(feature: LiveOpsFeature) -> HubTab {
    match feature {
        LiveOpsFeature::OFFERS => HubTab::Offers,
        LiveOpsFeature::REWARDS => HubTab::Rewards,
        _ => HubTab::Daily,
    }
}

/// The reward a claim takes, in the player's words.
fn describe(claim: &LiveOpsRequest) -> String {
    match claim {
        LiveOpsRequest::ClaimDaily(c) => format!("Your day {} reward", c.step),
        LiveOpsRequest::ClaimOffer(c) => format!("Offer step {}", c.step),
        LiveOpsRequest::ClaimReward(c) => format!("Reward chain step {}", c.step),
        _ => "A reward".to_owned(),
    }
}

/// Turns the hooks' messages into notices. Runs on every screen, so a hook that fires while the
/// game is still leaving the start screen is not lost.
fn hear_hooks(
    mut waiting: MessageReader<RewardsWaiting>,
    mut ready: MessageReader<RewardReady>,
    mut notices: ResMut<Notices>,
    badges: Res<LiveOpsBadges>,
    player: Res<Player>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    for waiting in waiting.read() {
        let rewards = if waiting.count == 1 {
            "a reward is".to_owned()
        } else {
            format!("{} rewards are", waiting.count)
        };
        let text = format!(
            "Welcome back, {}! {rewards} waiting for you. Open LiveOps (L)",
            player.name
        );
        notices.show(text, HubTab::Daily, now);
    }
    if let Some(ready) = ready.read().last() {
        let text = match badges.total() {
            0 | 1 => format!(
                "{} is ready to claim. Open LiveOps (L)",
                describe(&ready.claim)
            ),
            count => format!("{count} rewards are ready to claim. Open LiveOps (L)"),
        };
        notices.show(text, tab_of(ready.feature), now);
    }
}

fn spawn_notices(mut commands: Commands) {
    let top = Node {
        position_type: PositionType::Absolute,
        top: Val::Px(12.0),
        width: Val::Percent(100.0),
        justify_content: JustifyContent::Center,
        ..default()
    };
    let button = (
        NoticeButton,
        Button,
        Node {
            padding: UiRect::axes(Val::Px(16.0), Val::Px(10.0)),
            border_radius: BorderRadius::all(Val::Px(10.0)),
            display: Display::None,
            ..default()
        },
        BackgroundColor(NOTICE),
        children![(
            Text::new(""),
            TextFont::from_font_size(20.0),
            TextColor(Color::WHITE)
        )],
    );
    commands.spawn((top, DespawnOnExit(Screen::Playing), children![button]));
    // Above the HUD's buttons, bottom right.
    commands.spawn((
        ReminderText,
        DespawnOnExit(Screen::Playing),
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(14.0),
            bottom: Val::Px(70.0),
            ..default()
        },
        Text::new(""),
        TextFont::from_font_size(15.0),
        TextColor(Color::srgb(1.0, 0.95, 0.8)),
    ));
}

fn forget(mut notices: ResMut<Notices>) {
    notices.current = None;
    notices.reminder = None;
    notices.reminder_for = None;
}

/// The notice button, when the pointer does something to it.
type NoticeClicks = (With<NoticeButton>, Changed<Interaction>);

/// A click on the notice opens the hub where the reward waits.
fn press_notice(
    mut buttons: Query<(&Interaction, &mut BackgroundColor), NoticeClicks>,
    mut notices: ResMut<Notices>,
    mut hub: MessageWriter<LiveOpsHubCommand>,
) {
    for (interaction, mut color) in &mut buttons {
        color.0 = match interaction {
            Interaction::Hovered => NOTICE_HOVER,
            _ => NOTICE,
        };
        if *interaction == Interaction::Pressed
            && let Some(notice) = notices.current.take()
        {
            hub.write(LiveOpsHubCommand::Show(notice.tab));
        }
    }
}

/// Shows the current notice; it ends when its time is up or the hub is open.
fn show_notice(
    mut notices: ResMut<Notices>,
    hub: Res<LiveOpsHub>,
    time: Res<Time<Real>>,
    button: Single<(&mut Node, &Children), With<NoticeButton>>,
    mut texts: Query<&mut Text>,
) {
    let expired = notices
        .current
        .as_ref()
        .is_some_and(|n| hub.is_open() || time.elapsed() - n.since > NOTICE_TIME);
    if expired {
        notices.current = None;
    }
    let (mut node, children) = button.into_inner();
    set_shown(&mut node, notices.current.is_some());
    if let Some(notice) = &notices.current
        && let Some(mut text) = children.first().and_then(|c| texts.get_mut(*c).ok())
        && text.0 != notice.text
    {
        text.0.clone_from(&notice.text);
    }
}

/// When the next reward unlocks, by the server's clock, and the device-clock time a reminder
/// is set for. A game would schedule its OS notification where this logs it, once per unlock.
fn show_reminder(
    liveops: LiveOps,
    clock: Res<ServerClock>,
    mut notices: ResMut<Notices>,
    mut text: Single<&mut Text, With<ReminderText>>,
) {
    let next = liveops.next_unlock();
    if next != notices.reminder_for {
        notices.reminder_for = next;
        if let Some(at) = next {
            let remind_at = DateTime::<Local>::from(clock.to_system_time(at));
            info!(
                "reminder: the next reward unlocks at {}; a notification would be scheduled for then",
                remind_at.format("%Y-%m-%d %H:%M:%S %Z")
            );
        }
    }
    let line = next.map(|at| {
        let remind_at = DateTime::<Local>::from(clock.to_system_time(at));
        format!(
            "Next unlock in {}, reminder set for {}",
            clock.countdown(at),
            remind_at.format("%H:%M")
        )
    });
    let shown = line.clone().unwrap_or_default();
    if text.0 != shown {
        text.0 = shown;
    }
    notices.reminder = line;
}
