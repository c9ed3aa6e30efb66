//! Codes: a coupon previewed (`PreviewCode`) then redeemed (`RedeemCode`); a coupon that lets
//! the player pick one item (a unit) redeemed with a pick; and the ways a code is turned down,
//! each a `CodeRejected` with its reason.
//!
//! ```text
//! cargo run --example redeem_code -- --headless
//! ```

mod common;

use bevy::prelude::*;
use bevy_xsolla_liveops::prelude::*;
use common::Server;

/// The reasons the codes were turned down, for the check at the end.
#[derive(Resource, Default)]
struct Rejections(Vec<CodeRejectReason>);

fn codes(mut liveops: LiveOps, mut outcomes: LiveOpsOutcomes, mut rejections: ResMut<Rejections>) {
    for preview in outcomes.previewed.read() {
        let bonus = preview.verification.bonus();
        let items: Vec<_> = bonus
            .iter()
            .map(|b| format!("{} ×{}", b.item.sku, b.quantity))
            .collect();
        println!(
            "{} ({:?}) gives {}",
            preview.code,
            preview.verification.kind(),
            items.join(", ")
        );
        // A unit is a choice: the player picks one of its items before redeeming.
        let mut redeem = RedeemCode::new(preview.code.as_str());
        for unit in bonus.iter().filter(|b| !b.item.unit_items.is_empty()) {
            let choices: Vec<&str> = unit
                .item
                .unit_items
                .iter()
                .map(|u| u.sku.as_ref())
                .collect();
            let pick = choices[choices.len() - 1];
            println!(
                "  {} is one of {choices:?}: the player picks {pick}",
                unit.item.sku
            );
            redeem = redeem.select(unit.item.sku.clone(), pick);
        }
        liveops.redeem_with(redeem);
    }
    for redeemed in outcomes.redeemed.read() {
        let items: Vec<_> = redeemed
            .items
            .iter()
            .map(|i| format!("{} ×{}", i.sku, i.quantity))
            .collect();
        println!("{} redeemed: {}", redeemed.code, items.join(", "));
        if redeemed.code.as_str() == "WELCOME" {
            liveops.preview_code("PICKAWEAPON");
        } else {
            // Unknown, used up, expired, and not a code at all (never sent to the server).
            for input in ["NOSUCHCODE", "WELCOME", "SUMMER2025", "not a code!"] {
                liveops.redeem(input);
            }
        }
    }
    for rejected in outcomes.rejected.read() {
        println!("{:?} turned down: {:?}", rejected.input, rejected.reason);
        rejections.0.push(rejected.reason.clone());
    }
}

fn main() -> AppExit {
    let (emulator, token) = common::start();
    let mut app = App::new();
    app.add_plugins(common::minimal_engine())
        .add_plugins(LiveOpsPlugins::local_emulator(
            emulator.project_id(),
            emulator.base_url(),
        ))
        .insert_resource(Server(emulator))
        .init_resource::<Rejections>()
        .add_systems(Startup, move |mut liveops: LiveOps| {
            liveops.log_in(token.clone());
            liveops.preview_code(" WELCOME "); // as pasted: cleaned, case kept
        })
        .add_systems(Update, codes);
    common::run(app, "redeem_code", true, |world| {
        let reasons = &world.resource::<Rejections>().0;
        let server = world.resource::<Server>();
        (reasons.len() == 4).then(|| {
            let expected = [CodeRejectReason::Unknown, CodeRejectReason::UsedUp, CodeRejectReason::Expired];
            let all = expected.iter().all(|r| reasons.contains(r))
                && reasons.iter().any(|r| matches!(r, CodeRejectReason::Malformed(_)));
            match (all, server.owned("gold"), server.owned("magic_bow")) {
                (true, 500, 1) => Ok("WELCOME and PICKAWEAPON (magic bow) redeemed; unknown, used up, expired and malformed codes turned down".into()),
                other => Err(format!("rejections {reasons:?}, (all reasons, gold, bows) {other:?}")),
            }
        })
    })
}
