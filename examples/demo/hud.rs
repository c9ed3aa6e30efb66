//! The HUD (Bevy UI) along the bottom of the screen: the player, stars, currencies and items,
//! the LiveOps button with its badge, and "Switch player". The top stays free for the hub
//! (top left) and its reward toasts (top right).

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use bevy_xsolla_liveops::ui::LiveOpsHubCommand;

use crate::Screen;
use crate::inventory::Inventory;
use crate::login::Player;
use crate::scene::Stars;

/// Currencies sit in the top row; every other item is listed below them.
const CURRENCIES: [&str; 2] = ["gold", "gems"];
const PANEL: Color = Color::srgba(0.08, 0.07, 0.12, 0.78);
const BUTTON: Color = Color::srgb(0.85, 0.55, 0.15);
const BUTTON_HOVER: Color = Color::srgb(0.95, 0.65, 0.25);
const BADGE: Color = Color::srgb(0.85, 0.15, 0.2);

pub struct HudPlugin;

impl Plugin for HudPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(OnEnter(Screen::Playing), spawn_hud)
            .add_systems(
                Update,
                (
                    show_counts,
                    show_items.run_if(resource_changed::<Inventory>),
                    show_badge,
                    press_buttons,
                )
                    .run_if(in_state(Screen::Playing)),
            );
    }
}

#[derive(Component)]
enum Count {
    Stars,
    Item(&'static str),
}

#[derive(Component)]
struct ItemList;

#[derive(Component)]
struct PlayerName;

#[derive(Component)]
struct Badge;

#[derive(Component, Clone, Copy)]
pub enum HudButton {
    LiveOps,
    SwitchPlayer,
}

impl HudButton {
    /// The words on the button.
    pub fn label(self) -> &'static str {
        match self {
            Self::LiveOps => "LiveOps (L)",
            Self::SwitchPlayer => "Switch player",
        }
    }
}

fn text(value: impl Into<String>, size: f32) -> impl Bundle {
    (
        Text::new(value),
        TextFont::from_font_size(size),
        TextColor(Color::WHITE),
    )
}

/// Shows or hides a UI node, touching it (and so Bevy's change detection) only when that
/// changes.
pub fn set_shown(node: &mut Mut<Node>, shown: bool) {
    let display = if shown { Display::Flex } else { Display::None };
    if node.display != display {
        node.display = display;
    }
}

/// The picture of an item: `assets/icons/<sku>.png`.
fn item_icon(sku: &str) -> String {
    format!("icons/{sku}.png")
}

fn icon(assets: &AssetServer, path: String, size: f32) -> impl Bundle {
    (
        ImageNode::new(assets.load(path)),
        Node {
            width: Val::Px(size),
            height: Val::Px(size),
            ..default()
        },
    )
}

fn panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(6.0),
            padding: UiRect::all(Val::Px(10.0)),
            border_radius: BorderRadius::all(Val::Px(10.0)),
            ..default()
        },
        BackgroundColor(PANEL),
    )
}

fn row() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(8.0),
        ..default()
    }
}

fn button(kind: HudButton) -> impl Bundle {
    (
        kind,
        Button,
        Node {
            padding: UiRect::axes(Val::Px(14.0), Val::Px(8.0)),
            align_items: AlignItems::Center,
            column_gap: Val::Px(8.0),
            border_radius: BorderRadius::all(Val::Px(8.0)),
            ..default()
        },
        BackgroundColor(BUTTON),
        children![text(kind.label(), 18.0)],
    )
}

fn spawn_hud(mut commands: Commands, assets: Res<AssetServer>) {
    let root = Node {
        position_type: PositionType::Absolute,
        width: Val::Percent(100.0),
        height: Val::Percent(100.0),
        padding: UiRect::all(Val::Px(12.0)),
        justify_content: JustifyContent::SpaceBetween,
        align_items: AlignItems::FlexEnd,
        ..row()
    };
    commands
        .spawn((root, DespawnOnExit(Screen::Playing)))
        .with_children(|hud| {
            hud.spawn(panel()).with_children(|p| {
                p.spawn(row()).with_children(|r| {
                    r.spawn((PlayerName, text("", 20.0)));
                    r.spawn(icon(&assets, "sprites/star.png".into(), 24.0));
                    r.spawn((Count::Stars, text("0", 20.0)));
                    for sku in CURRENCIES {
                        r.spawn(icon(&assets, item_icon(sku), 24.0));
                        r.spawn((Count::Item(sku), text("0", 20.0)));
                    }
                });
                p.spawn((ItemList, row()));
                p.spawn(text(
                    "Move: WASD or arrows   L: LiveOps   F2: debug panel",
                    14.0,
                ));
            });
            hud.spawn(row()).with_children(|r| {
                r.spawn(button(HudButton::LiveOps)).with_children(|b| {
                    b.spawn((
                        Badge,
                        Node {
                            padding: UiRect::axes(Val::Px(7.0), Val::Px(1.0)),
                            border_radius: BorderRadius::all(Val::Px(10.0)),
                            display: Display::None,
                            ..default()
                        },
                        BackgroundColor(BADGE),
                        children![text("", 15.0)],
                    ));
                });
                r.spawn(button(HudButton::SwitchPlayer));
            });
        });
}

fn show_counts(
    stars: Res<Stars>,
    inventory: Res<Inventory>,
    player: Res<Player>,
    mut counts: Query<(&Count, &mut Text), Without<PlayerName>>,
    mut name: Single<&mut Text, With<PlayerName>>,
) {
    for (count, mut text) in &mut counts {
        let value = match count {
            Count::Stars => i64::from(stars.0),
            Count::Item(sku) => inventory.count(sku),
        };
        let value = value.to_string();
        if text.0 != value {
            text.0 = value;
        }
    }
    if name.0 != player.name {
        name.0 = player.name.clone();
    }
}

fn show_items(
    mut commands: Commands,
    assets: Res<AssetServer>,
    inventory: Res<Inventory>,
    list: Single<Entity, With<ItemList>>,
) {
    commands
        .entity(*list)
        .despawn_children()
        .with_children(|r| {
            let items = inventory
                .items
                .iter()
                .filter(|(sku, n)| !CURRENCIES.contains(&sku.as_str()) && **n > 0);
            for (sku, n) in items {
                r.spawn(icon(&assets, item_icon(sku), 28.0));
                r.spawn(text(format!("x{n}"), 16.0));
            }
        });
}

fn show_badge(
    badges: Res<LiveOpsBadges>,
    badge: Single<(&mut Node, &Children), With<Badge>>,
    mut texts: Query<&mut Text>,
) {
    let (mut node, children) = badge.into_inner();
    let total = badges.total();
    set_shown(&mut node, total > 0);
    if let Some(mut text) = children.first().and_then(|c| texts.get_mut(*c).ok()) {
        let value = total.to_string();
        if text.0 != value {
            text.0 = value;
        }
    }
}

fn press_buttons(
    mut buttons: Query<(&HudButton, &Interaction, &mut BackgroundColor), Changed<Interaction>>,
    mut hub: MessageWriter<LiveOpsHubCommand>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (kind, interaction, mut color) in &mut buttons {
        color.0 = match interaction {
            Interaction::Hovered => BUTTON_HOVER,
            _ => BUTTON,
        };
        if *interaction == Interaction::Pressed {
            match kind {
                HudButton::LiveOps => {
                    hub.write(LiveOpsHubCommand::Toggle);
                }
                HudButton::SwitchPlayer => next.set(Screen::Login),
            }
        }
    }
}
