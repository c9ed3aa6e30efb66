//! One system per role runs what every feature and request kind registered for that role: the
//! clearing on a player change, the read a refresh asks for, the badge count after a change and
//! the dispatch of requests. (The refusal of requests for a feature that is not added works the
//! same way, in `requests`.)
//!
//! A feature or kind registers a *part*, a function that runs its own generic system with
//! [`World::run_system_cached`] (so the system keeps its message cursors and locals), and,
//! where the role needs it, a cheap test of whether it has anything to do. An idle frame then
//! evaluates a handful of run conditions for the whole plugin instead of one system and condition per
//! feature and kind (`benches/frame-instructions` measures it).

use bevy_app::prelude::*;
use bevy_ecs::component::ComponentId;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemChangeTick;

use crate::messages::RefreshLiveOps;
use crate::session::PlayerChanged;
use crate::sets::{ApplySystems, DispatchSystems, SessionSystems};

/// A feature's or a request kind's part in a role: runs its system once.
pub(crate) type Part = fn(&mut World);

/// Whether a part has anything to do now.
pub(crate) type Waiting = fn(&World) -> bool;

/// The parts registered for each role.
#[derive(Resource, Default)]
pub(crate) struct Fanout {
    /// Per feature: its state starts over for a new player.
    player_changed: Vec<Part>,
    /// Per feature with read state: a read when a refresh covers it.
    refresh: Vec<Part>,
    /// Per feature: its resource, and what follows a change of it (badge, ready steps).
    changed: Vec<(ComponentId, Part)>,
    /// Per request kind: its dispatch.
    dispatch: Vec<Part>,
    /// The resources whose change may give a dispatch work: the request messages (written),
    /// the features (a request held or parked), the session (a token to send held ones with).
    dispatch_triggers: Vec<ComponentId>,
}

impl Fanout {
    /// Runs `part` when the player changes.
    pub(crate) fn on_player_change(&mut self, part: Part) {
        self.player_changed.push(part);
    }

    /// Runs `part` when a [`RefreshLiveOps`] is written.
    pub(crate) fn on_refresh(&mut self, part: Part) {
        self.refresh.push(part);
    }

    /// Runs `part` in the frame after the resource `resource` changed.
    pub(crate) fn on_change(&mut self, resource: ComponentId, part: Part) {
        self.changed.push((resource, part));
    }

    /// Runs `part` in the frame after one of `triggers` changed: a request kind's dispatch,
    /// with its message, its feature's resource and the session.
    pub(crate) fn on_requests(&mut self, triggers: [ComponentId; 3], part: Part) {
        self.dispatch.push(part);
        for trigger in triggers {
            if !self.dispatch_triggers.contains(&trigger) {
                self.dispatch_triggers.push(trigger);
            }
        }
    }
}

/// Adds the one system of each role to the core.
pub(crate) fn add_runners(app: &mut App) {
    app.init_resource::<Fanout>()
        .add_systems(
            PreUpdate,
            after_changes
                .run_if(any_feature_changed)
                .in_set(ApplySystems::Badges),
        )
        .add_systems(
            PostUpdate,
            (
                clear_for_new_player
                    .run_if(on_message::<PlayerChanged>)
                    .in_set(SessionSystems::Players),
                (
                    read_when_asked.run_if(on_message::<RefreshLiveOps>),
                    dispatch.run_if(any_requests_waiting),
                )
                    .in_set(DispatchSystems::Send),
            ),
        );
}

/// Runs the parts `role` picks, each once.
fn run(world: &mut World, role: impl Fn(&Fanout) -> Vec<Part>) {
    let parts = role(world.resource::<Fanout>());
    for part in parts {
        part(world);
    }
}

fn clear_for_new_player(world: &mut World) {
    run(world, |f| f.player_changed.clone());
}

fn read_when_asked(world: &mut World) {
    run(world, |f| f.refresh.clone());
}

fn after_changes(world: &mut World) {
    run(world, |f| f.changed.iter().map(|(_, part)| *part).collect());
}

fn dispatch(world: &mut World) {
    run(world, |f| f.dispatch.clone());
}

/// A feature's resource changed since this condition last looked.
fn any_feature_changed(world: &World, ticks: SystemChangeTick) -> bool {
    let fanout = world.resource::<Fanout>();
    any_changed(world, fanout.changed.iter().map(|(id, _)| *id), &ticks)
}

/// A request was written, or held ones may be sendable, since this condition last looked.
fn any_requests_waiting(world: &World, ticks: SystemChangeTick) -> bool {
    let fanout = world.resource::<Fanout>();
    any_changed(world, fanout.dispatch_triggers.iter().copied(), &ticks)
}

/// One of the resources changed between the condition's last run and this one (change ticks
/// by id: no type lookups, so an idle frame stays cheap).
fn any_changed(
    world: &World,
    mut resources: impl Iterator<Item = ComponentId>,
    ticks: &SystemChangeTick,
) -> bool {
    resources.any(|resource| {
        world
            .get_resource_change_ticks_by_id(resource)
            .is_some_and(|t| t.is_changed(ticks.last_run(), ticks.this_run()))
    })
}
