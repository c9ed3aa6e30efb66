//! The hub, as a player uses it: the claim button of today's reward, pressed through egui's
//! pointer input, becomes one `ClaimDailyStep`, the emulator grants the reward once, the
//! button turns into "Claimed" and a toast shows the grant.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::{
    EguiContext, EguiFullOutput, EguiInput, EguiPlugin, EguiPostUpdateSet, EguiRenderOutput,
    PrimaryEguiContext, egui,
};
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::{LiveOpsHub, LiveOpsUiAction, LiveOpsUiPlugin, UiAction};
use xsolla_liveops_emulator::Seed;

use crate::common::{DAY, Game, T0, only};

/// The hub's accessible nodes as the last egui pass described them: label or text → (centre,
/// disabled). The tree is kept across updates and walked from its root, so only what is on
/// screen now is listed.
#[derive(Resource, Default)]
struct Controls {
    nodes: HashMap<egui::accesskit::NodeId, egui::accesskit::Node>,
    root: Option<egui::accesskit::NodeId>,
    by_label: HashMap<String, (egui::Pos2, bool)>,
}

impl Controls {
    fn get(&self, label: &str) -> Option<&(egui::Pos2, bool)> {
        self.by_label.get(label)
    }
}

/// Pointer events to feed egui, one batch per frame.
#[derive(Resource, Default)]
struct Pointer(VecDeque<Vec<egui::Event>>);

/// What left the hub: its actions and the claim requests.
#[derive(Resource, Default)]
struct Sent {
    actions: Vec<UiAction>,
    claims: Vec<ClaimDailyStep>,
}

fn ask_for_accesskit(mut q: Query<&mut EguiContext>) {
    for mut ctx in &mut q {
        ctx.get_mut().enable_accesskit();
    }
}

fn feed_pointer(mut pointer: ResMut<Pointer>, mut q: Query<&mut EguiInput>) {
    if let Some(events) = pointer.0.pop_front() {
        for mut input in &mut q {
            input.0.events.extend(events.iter().cloned());
        }
    }
}

fn read_controls(q: Query<&EguiFullOutput>, mut controls: ResMut<Controls>) {
    for output in &q {
        let Some(update) = output
            .0
            .as_ref()
            .and_then(|o| o.platform_output.accesskit_update.as_ref())
        else {
            continue;
        };
        if let Some(tree) = &update.tree {
            controls.root = Some(tree.root);
        }
        for (id, node) in &update.nodes {
            controls.nodes.insert(*id, node.clone());
        }
        let mut by_label = HashMap::new();
        let mut stack: Vec<_> = controls.root.into_iter().collect();
        while let Some(id) = stack.pop() {
            let Some(node) = controls.nodes.get(&id) else {
                continue;
            };
            stack.extend(node.children().iter().copied());
            // Buttons carry a label; text carries its words as the value.
            if let (Some(label), Some(b)) = (node.label().or(node.value()), node.bounds()) {
                let centre = egui::pos2(((b.x0 + b.x1) / 2.0) as f32, ((b.y0 + b.y1) / 2.0) as f32);
                by_label.insert(label.to_owned(), (centre, node.is_disabled()));
            }
        }
        controls.by_label = by_label;
    }
}

fn drop_textures(mut q: Query<&mut EguiRenderOutput>) {
    for mut o in &mut q {
        o.textures_delta.clear();
    }
}

fn collect(
    mut actions: MessageReader<LiveOpsUiAction>,
    mut claims: MessageReader<ClaimDailyStep>,
    mut sent: ResMut<Sent>,
) {
    sent.actions.extend(actions.read().map(|a| a.0.clone()));
    sent.claims.extend(claims.read().copied());
}

fn click(game: &mut Game, at: egui::Pos2) {
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    let mut pointer = game.app.world_mut().resource_mut::<Pointer>();
    pointer
        .0
        .push_back(vec![egui::Event::PointerMoved(at), press(true)]);
    pointer.0.push_back(vec![press(false)]);
}

#[test]
fn the_hub_claims_a_daily_reward_once() {
    // The engine as a game has it, with no window and no GPU: bevy_egui's renderer is
    // compiled in (the demo needs it), and it wants the render plugins present.
    let engine = DefaultPlugins
        .set(bevy_window::WindowPlugin {
            primary_window: None,
            exit_condition: bevy_window::ExitCondition::DontExit,
            ..default()
        })
        .set(bevy::render::RenderPlugin {
            render_creation: bevy::render::settings::WgpuSettings {
                backends: None,
                ..default()
            }
            .into(),
            ..default()
        })
        .disable::<bevy::winit::WinitPlugin>()
        .disable::<bevy::log::LogPlugin>();
    let mut game = Game::start_on(engine, Seed::builtin(), T0 + 10 * DAY, |p| {
        only(p, &[LiveOpsFeature::DAILY])
    });
    game.app
        .add_plugins((EguiPlugin::default(), LiveOpsUiPlugin::default()))
        .init_resource::<Controls>()
        .init_resource::<Pointer>()
        .init_resource::<Sent>()
        .add_systems(Update, (ask_for_accesskit, feed_pointer, collect))
        .add_systems(
            PostUpdate,
            (
                read_controls
                    .after(EguiPostUpdateSet::EndPass)
                    .before(EguiPostUpdateSet::ProcessOutput),
                drop_textures.after(EguiPostUpdateSet::ProcessOutput),
            ),
        );
    game.app.world_mut().spawn(PrimaryEguiContext);
    game.app.world_mut().resource_mut::<LiveOpsHub>().open();
    game.login("alice", Duration::from_secs(30 * 86_400));

    let label = "Claim Day 1";
    game.run_until("the hub shows today's claim button, enabled", |w| {
        w.resource::<Controls>()
            .get(label)
            .is_some_and(|(_, disabled)| !disabled)
    });
    let chain = game.res::<DailyChains>().chains[0].clone();
    let item = chain.steps[0].items[0].clone();
    assert_eq!(game.owned("alice", &item.sku.0), 0);

    let at = game.res::<Controls>().by_label[label].0;
    click(&mut game, at);
    game.run_until("the click leaves the hub as a claim request", |w| {
        !w.resource::<Sent>().claims.is_empty()
    });
    // The button is disabled from the click until the answer.
    game.frames(2);
    assert!(
        game.res::<Controls>()
            .get(label)
            .is_none_or(|(_, disabled)| *disabled),
        "the claim button stays disabled while its claim is in flight"
    );
    // A second press on the same spot sends nothing.
    click(&mut game, at);
    game.run_until("the step is claimed", |w| {
        let daily = w.resource::<DailyChains>();
        daily.chains[0].steps[0].status == DailyStepStatus::Claimed
            && !daily.is_claiming(chain.id, 1.into())
    });
    game.run_until("the hub shows the step claimed", |w| {
        w.resource::<Controls>().get("✔ Claimed").is_some()
    });
    game.frames(20);

    let sent = game.res::<Sent>();
    assert_eq!(
        sent.actions,
        vec![UiAction::ClaimDaily {
            chain: chain.id,
            step: 1.into()
        }]
    );
    assert_eq!(sent.claims, vec![ClaimDailyStep::new(chain.id, 1)]);
    assert_eq!(
        game.seen().granted.len(),
        1,
        "one grant: {:?}",
        game.seen().granted
    );
    assert_eq!(
        game.owned("alice", &item.sku.0),
        item.quantity,
        "granted once by the emulator"
    );
    assert!(game.res::<Controls>().get(label).is_none());
    let name = item.name.clone().unwrap_or_else(|| item.sku.0.clone());
    let toast = if item.quantity > 1 {
        format!("{name} ×{}", item.quantity)
    } else {
        name
    };
    assert!(
        game.res::<Controls>().get("You got:").is_some()
            && game.res::<Controls>().by_label.keys().any(|k| k == &toast),
        "a toast shows the grant: {:?}",
        game.res::<Controls>().by_label.keys().collect::<Vec<_>>()
    );
}
