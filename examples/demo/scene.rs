//! The meadow: grass, trees and rocks, the hero the player walks around, and stars to collect.

use bevy::prelude::*;
use bevy_xsolla_liveops::ui::liveops_ui_wants_keyboard;

use crate::Screen;
use crate::inventory::Inventory;

/// The playing field, centred on the origin.
pub const FIELD: Vec2 = Vec2::new(1280.0, 720.0);
const HERO_SIZE: f32 = 56.0;
const HERO_SPEED: f32 = 260.0;
/// Speed boots (a LiveOps reward) make the hero faster.
const BOOTS_BONUS: f32 = 1.6;
const HERO_START: Vec2 = Vec2::new(0.0, -190.0);
const STARS_ON_FIELD: usize = 6;
const PICK_UP_DISTANCE: f32 = 40.0;
/// The HUD covers the bottom of the window: nothing spawns or walks under it.
const HUD_HEIGHT: f32 = 110.0;

pub struct ScenePlugin;

impl Plugin for ScenePlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Stars>()
            .init_resource::<Dice>()
            .add_systems(Startup, spawn_meadow)
            .add_systems(
                Update,
                (
                    // Keys typed into the hub's code field (or any egui field) are not steps.
                    walk.run_if(not(liveops_ui_wants_keyboard)),
                    (pick_up_stars, keep_stars_on_field),
                )
                    .run_if(in_state(Screen::Playing)),
            )
            .add_systems(OnExit(Screen::Playing), new_player_new_start);
    }
}

#[derive(Component)]
pub struct Hero;

#[derive(Component)]
struct Star;

/// Stars collected this session (the game's own score; LiveOps items live in [`Inventory`]).
#[derive(Resource, Default)]
pub struct Stars(pub u32);

/// A small deterministic random source, so the meadow looks the same on every start.
#[derive(Resource)]
struct Dice(u64);

impl Default for Dice {
    fn default() -> Self {
        Self(0x2545_f491_4f6c_dd1d)
    }
}

impl Dice {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }

    /// A point of the field, away from the edges and the HUD.
    fn spot(&mut self) -> Vec2 {
        let half = FIELD / 2.0 - Vec2::splat(48.0);
        Vec2::new(
            -half.x + self.next() * 2.0 * half.x,
            -half.y + HUD_HEIGHT + self.next() * (2.0 * half.y - HUD_HEIGHT),
        )
    }
}

/// Lower on the screen is nearer: drawn on top (stars, at 4, are above everything).
fn depth(at: Vec2) -> f32 {
    -at.y / FIELD.y
}

fn spawn_meadow(mut commands: Commands, assets: Res<AssetServer>, mut dice: ResMut<Dice>) {
    commands.spawn(Camera2d);
    commands.spawn((
        Sprite {
            image: assets.load("sprites/grass.png"),
            custom_size: Some(FIELD),
            image_mode: SpriteImageMode::Tiled {
                tile_x: true,
                tile_y: true,
                stretch_value: 1.0,
            },
            ..default()
        },
        Transform::from_xyz(0.0, 0.0, -10.0),
    ));
    for (picture, count, size) in [
        ("sprites/tree.png", 9, 96.0),
        ("sprites/rock.png", 6, 48.0),
        ("sprites/flower.png", 14, 32.0),
    ] {
        let image = assets.load(picture);
        for _ in 0..count {
            let at = dice.spot();
            commands.spawn((
                Sprite {
                    image: image.clone(),
                    custom_size: Some(Vec2::splat(size)),
                    ..default()
                },
                Transform::from_translation(at.extend(depth(at))),
            ));
        }
    }
    commands.spawn((
        Hero,
        Sprite {
            image: assets.load("sprites/hero.png"),
            custom_size: Some(Vec2::splat(HERO_SIZE)),
            ..default()
        },
        Transform::from_translation(HERO_START.extend(depth(HERO_START))),
    ));
}

fn walk(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    inventory: Res<Inventory>,
    mut hero: Single<&mut Transform, With<Hero>>,
) {
    let mut direction = Vec2::ZERO;
    for (key, step) in [
        (KeyCode::ArrowLeft, Vec2::NEG_X),
        (KeyCode::KeyA, Vec2::NEG_X),
        (KeyCode::ArrowRight, Vec2::X),
        (KeyCode::KeyD, Vec2::X),
        (KeyCode::ArrowUp, Vec2::Y),
        (KeyCode::KeyW, Vec2::Y),
        (KeyCode::ArrowDown, Vec2::NEG_Y),
        (KeyCode::KeyS, Vec2::NEG_Y),
    ] {
        if keys.pressed(key) {
            direction += step;
        }
    }
    let boots = if inventory.count("speed_boots") > 0 {
        BOOTS_BONUS
    } else {
        1.0
    };
    let moved = direction.normalize_or_zero() * HERO_SPEED * boots * time.delta_secs();
    let half = FIELD / 2.0 - Vec2::splat(HERO_SIZE / 2.0);
    let bottom = -half.y + HUD_HEIGHT;
    let at = (hero.translation.truncate() + moved).clamp(Vec2::new(-half.x, bottom), half);
    hero.translation = at.extend(depth(at));
}

/// What the meadow holds is the player's: the next one starts where everyone starts, with no
/// stars and a fresh set on the field.
fn new_player_new_start(
    mut commands: Commands,
    mut stars: ResMut<Stars>,
    mut hero: Single<&mut Transform, With<Hero>>,
    on_field: Query<Entity, With<Star>>,
) {
    stars.0 = 0;
    hero.translation = HERO_START.extend(depth(HERO_START));
    for star in &on_field {
        commands.entity(star).despawn();
    }
}

fn pick_up_stars(
    mut commands: Commands,
    mut stars: ResMut<Stars>,
    hero: Single<&Transform, With<Hero>>,
    on_field: Query<(Entity, &Transform), With<Star>>,
) {
    for (star, at) in &on_field {
        if at
            .translation
            .truncate()
            .distance(hero.translation.truncate())
            < PICK_UP_DISTANCE
        {
            commands.entity(star).despawn();
            stars.0 += 1;
        }
    }
}

fn keep_stars_on_field(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut dice: ResMut<Dice>,
    on_field: Query<(), With<Star>>,
) {
    for _ in on_field.iter().count()..STARS_ON_FIELD {
        commands.spawn((
            Star,
            Sprite {
                image: assets.load("sprites/star.png"),
                custom_size: Some(Vec2::splat(36.0)),
                ..default()
            },
            Transform::from_translation(dice.spot().extend(4.0)),
        ));
    }
}
