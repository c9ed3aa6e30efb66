//! The player's items as the game knows them: what the server held at login plus every
//! `RewardsGranted` since, checked against the emulator's own record of the inventory (at once
//! natively; in a browser when the emulator's answer arrives).

use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;

use crate::Screen;
use crate::backend::Backend;
use crate::login::Player;

pub struct InventoryPlugin;

impl Plugin for InventoryPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Inventory>()
            .init_resource::<GrantLog>()
            .add_systems(OnEnter(Screen::Playing), load_inventory)
            .add_systems(
                PreUpdate,
                take_grants
                    .after(LiveOpsSystems::Apply)
                    .run_if(in_state(Screen::Playing)),
            );
        #[cfg(target_arch = "wasm32")]
        app.add_systems(PreUpdate, take_server_answers.before(take_grants));
    }
}

/// Item SKU → quantity.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Inventory {
    pub items: BTreeMap<String, i64>,
}

impl Inventory {
    pub fn count(&self, sku: &str) -> i64 {
        self.items.get(sku).copied().unwrap_or(0)
    }

    fn add(&mut self, sku: &str, quantity: i64) {
        *self.items.entry(sku.to_owned()).or_default() += quantity;
    }
}

/// Every grant the game was told of, and how each compared with the emulator's inventory.
#[derive(Resource, Default, Debug)]
pub struct GrantLog {
    pub grants: Vec<RewardsGranted>,
    /// Grants after which the game's inventory equalled the emulator's.
    pub matched: usize,
    /// What differed, one line per grant that did not match.
    pub mismatches: Vec<String>,
}

/// The emulator's inventory of a player; `None` on a server whose inventory the game cannot read.
#[cfg(not(target_arch = "wasm32"))]
pub fn server_inventory(backend: &Backend, player: &str) -> Option<BTreeMap<String, i64>> {
    let emulator = backend.emulator()?;
    match emulator.inventory(player) {
        Ok(items) => Some(items.into_iter().filter(|(_, n)| *n != 0).collect()),
        Err(e) => {
            warn!("cannot read the emulator's inventory: {e:?}");
            None
        }
    }
}

/// Describes how two inventories differ (`gold: game 100, server 200`).
pub fn differences(game: &BTreeMap<String, i64>, server: &BTreeMap<String, i64>) -> Vec<String> {
    let mut skus: Vec<&String> = game.keys().chain(server.keys()).collect();
    skus.sort();
    skus.dedup();
    skus.into_iter()
        .filter_map(|sku| {
            let (g, s) = (
                game.get(sku).copied().unwrap_or(0),
                server.get(sku).copied().unwrap_or(0),
            );
            (g != s).then(|| format!("{sku}: game {g}, server {s}"))
        })
        .collect()
}

fn load_inventory(
    backend: Res<Backend>,
    player: Res<Player>,
    mut inventory: ResMut<Inventory>,
    mut log: ResMut<GrantLog>,
) {
    *log = GrantLog::default();
    #[cfg(not(target_arch = "wasm32"))]
    {
        inventory.items = server_inventory(&backend, &player.id).unwrap_or_default();
    }
    #[cfg(target_arch = "wasm32")]
    {
        inventory.items.clear();
        if let Some(emulator) = backend.emulator() {
            emulator.ask_inventory(&player.id, InventoryCheck::Load);
        }
    }
}

/// Items can earn value points: after a grant, the reward chains are read again so their
/// balances and claimable steps follow.
fn take_grants(
    mut granted: MessageReader<RewardsGranted>,
    mut refresh: MessageWriter<RefreshLiveOps>,
    backend: Res<Backend>,
    player: Res<Player>,
    mut inventory: ResMut<Inventory>,
    mut log: ResMut<GrantLog>,
    liveops: LiveOps,
) {
    for grant in granted.read() {
        // A bundle arrives as what it holds (the starter pack as gems and boots), as the server
        // credits it.
        for item in grant.inventory_items() {
            inventory.add(&item.sku.0, item.quantity);
        }
        // An item bought with virtual currency cost its price.
        if let GrantSource::Item { sku, .. } = &grant.source
            && let Some(item) = liveops.upsell().item(sku)
            && item.price.is_none()
            && let Some(price) = item
                .virtual_prices
                .iter()
                .find(|p| p.is_default)
                .or(item.virtual_prices.first())
        {
            inventory.add(&price.sku.0, -price.amount);
        }
        log.grants.push(grant.clone());
        if !matches!(grant.source, GrantSource::Reward { .. }) {
            refresh.write(RefreshLiveOps::only(LiveOpsFeature::REWARDS));
        }
        let after = format!("after {:?}", grant.source);
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(server) = server_inventory(&backend, &player.id) {
            log.compare(&inventory.items, &server, after);
        }
        #[cfg(target_arch = "wasm32")]
        if let Some(emulator) = backend.emulator() {
            let game = inventory.items.clone();
            emulator.ask_inventory(&player.id, InventoryCheck::Grant { game, after });
        }
    }
}

impl GrantLog {
    /// Files the comparison of the game's inventory with the server's after a grant.
    fn compare(
        &mut self,
        game: &BTreeMap<String, i64>,
        server: &BTreeMap<String, i64>,
        after: String,
    ) {
        let differs = differences(game, server);
        if differs.is_empty() {
            self.matched += 1;
        } else {
            self.mismatches
                .push(format!("{after}: {}", differs.join("; ")));
        }
    }
}

/// Why the game read the emulator's inventory in a browser.
#[cfg(target_arch = "wasm32")]
pub enum InventoryCheck {
    /// The player just came in: it is the game's inventory to start from.
    Load,
    /// A grant just arrived: the game's inventory then (`game`) should equal the server's.
    Grant {
        game: BTreeMap<String, i64>,
        after: String,
    },
}

/// The emulator's answers, in a browser: the inventory to start from, the checks after grants.
#[cfg(target_arch = "wasm32")]
fn take_server_answers(
    backend: Res<Backend>,
    mut inventory: ResMut<Inventory>,
    mut log: ResMut<GrantLog>,
) {
    let Some(emulator) = backend.emulator() else {
        return;
    };
    for answer in emulator.answers() {
        match answer {
            crate::web::Answer::Inventory {
                check: InventoryCheck::Load,
                items,
            } => {
                // Grants that came first are in the server's record already.
                inventory.items = items;
            }
            crate::web::Answer::Inventory {
                check: InventoryCheck::Grant { game, after },
                items,
            } => log.compare(&game, &items, after),
        }
    }
}
