//! A player previews and redeems a code; every way a code can be turned down comes back as a
//! typed rejection, and nothing is granted for it.

use std::time::Duration;

use crate::common::{DAY, Game, T0, app_with, only, run_until, seed};
use bevy::app::PluginGroupBuilder;
use bevy_xsolla_liveops::prelude::*;

const SEED: &str = r#"{
  "items": [
    {"sku": "gold", "name": {"en": "Gold"}, "type": "virtual_currency"},
    {"sku": "potion", "name": {"en": "Potion"}, "type": "virtual_good"}
  ],
  "coupons": [
    {"external_id": "welcome", "name": {"en-US": "Welcome"},
     "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00", "date_until": null}],
     "bonus": [{"sku": "gold", "quantity": 500}, {"sku": "potion", "quantity": 2}],
     "redeem_user_limit": 1, "is_enabled": true, "codes": ["WELCOME2025"]},
    {"external_id": "last_year", "name": {"en-US": "Last year"},
     "promotion_periods": [{"date_from": "2024-01-01T00:00:00+00:00", "date_until": "2024-12-31T00:00:00+00:00"}],
     "bonus": [{"sku": "gold", "quantity": 1}], "is_enabled": true, "codes": ["OLDCODE"]},
    {"external_id": "vip", "name": {"en-US": "VIP"},
     "promotion_periods": [{"date_from": "2025-01-01T00:00:00+00:00", "date_until": null}],
     "bonus": [{"sku": "gold", "quantity": 1000}],
     "attribute_conditions": [{"attribute": "level", "type": "number", "operator": "ee", "value": "50"}],
     "is_enabled": true, "codes": ["VIPONLY"]}
  ]
}"#;

fn codes_only(p: LiveOpsPlugins) -> PluginGroupBuilder {
    only(p, &[LiveOpsFeature::CODES])
}

fn rejection(game: &Game, input: &str) -> CodeRejectReason {
    game.seen()
        .rejected
        .iter()
        .rev()
        .find(|r| r.input == input)
        .map(|r| r.reason.clone())
        .unwrap_or_else(|| panic!("no rejection for {input}: {:?}", game.seen().rejected))
}

#[test]
fn redeems_a_code_and_gets_each_rejection() {
    let mut game = Game::start_with(seed(SEED), T0 + 30 * DAY, codes_only);
    game.login("kim", Duration::from_secs(30 * 86_400));

    // Pasted with a zero-width space and blanks around it: cleaned, case kept.
    game.send(PreviewCode {
        input: "  WELCOME2025\u{200B}\n".into(),
    });
    game.run_until("the preview", |w| {
        !w.resource::<crate::common::Seen>().previewed.is_empty()
    });
    let preview = game.seen().previewed[0].clone();
    assert_eq!(preview.code.as_str(), "WELCOME2025");
    assert_eq!(preview.verification.kind(), CodeKind::Coupon);
    match &preview.verification {
        CodeVerification::Coupon { rewards, .. } => assert_eq!(rewards.bonus.len(), 2),
        other => panic!("expected a coupon, got {other:?}"),
    }
    assert!(
        game.emu.inventory("kim").unwrap().is_empty(),
        "a preview grants nothing"
    );

    game.send(RedeemCode::new("WELCOME2025"));
    game.run_until("the redemption", |w| {
        !w.resource::<crate::common::Seen>().redeemed.is_empty()
    });
    let redeemed = game.seen().redeemed[0].clone();
    assert_eq!(redeemed.kind, CodeKind::Coupon);
    assert_eq!(game.seen().granted.len(), 1);
    assert_eq!(
        game.seen().granted[0].source,
        GrantSource::Code {
            code: redeemed.code.clone()
        }
    );
    assert_eq!(game.owned("kim", "gold"), 500);
    assert_eq!(game.granted_total("gold"), 500);
    assert_eq!(game.owned("kim", "potion"), game.granted_total("potion"));

    let cases = [
        ("WELCOME2025", CodeRejectReason::UsedUp),
        ("NOSUCHCODE", CodeRejectReason::Unknown),
        ("welcome2025", CodeRejectReason::Unknown),
        ("OLDCODE", CodeRejectReason::Expired),
    ];
    for (input, _) in &cases {
        game.send(RedeemCode::new(*input));
        game.frames(1);
    }
    game.run_until("four rejections", |w| {
        w.resource::<crate::common::Seen>().rejected.len() == 4
    });
    for (input, reason) in cases {
        assert_eq!(rejection(&game, input), reason, "{input}");
    }

    // Personalization: the VIP code is for players up to level 50.
    game.emu
        .set_attributes(
            "kim",
            serde_json::json!({"level": 60})
                .as_object()
                .unwrap()
                .clone(),
        )
        .unwrap();
    game.send(RedeemCode::new("VIPONLY"));
    game.run_until("the VIP rejection", |w| {
        w.resource::<crate::common::Seen>().rejected.len() == 5
    });
    assert_eq!(rejection(&game, "VIPONLY"), CodeRejectReason::NotApplicable);

    // Input that is not a code never reaches the server.
    game.send(RedeemCode::new("not a code!"));
    game.send(RedeemCode::new(" \u{FEFF} "));
    game.run_until("malformed input", |w| {
        w.resource::<crate::common::Seen>().rejected.len() == 7
    });
    let reasons: Vec<_> = game.seen().rejected[5..]
        .iter()
        .map(|r| r.reason.clone())
        .collect();
    assert!(
        reasons
            .iter()
            .all(|r| matches!(r, CodeRejectReason::Malformed(_))),
        "{reasons:?}"
    );

    assert_eq!(
        game.seen().granted.len(),
        1,
        "only the first redemption granted anything"
    );
    assert_eq!(game.owned("kim", "gold"), 500);

    // Without a login the game is told so at once.
    let plugin = codes_only(LiveOpsPlugins::local_emulator(44056, game.emu.base_url()));
    let mut guest = app_with(plugin);
    guest
        .world_mut()
        .write_message(RedeemCode::new("WELCOME2025"));
    run_until(&mut guest, "the guest rejection", |w| {
        !w.resource::<crate::common::Seen>().rejected.is_empty()
    });
    assert_eq!(
        guest.world().resource::<crate::common::Seen>().rejected[0].reason,
        CodeRejectReason::NeedsLogin
    );
}

#[test]
fn a_chosen_unit_item_is_reported_by_its_own_name() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/liveops/demo-seed.json");
    let seed = xsolla_liveops_emulator::Seed::from_file(demo).expect("the demo seed");
    let mut game = Game::start_with(seed, 1_796_000_000, codes_only);
    game.login("lea", Duration::from_secs(30 * 86_400));
    game.send(RedeemCode::new("PICKAWEAPON").select("weapon_choice", "magic_bow"));
    game.run_until("the coupon is redeemed", |w| {
        !w.resource::<crate::common::Seen>().redeemed.is_empty()
    });
    let redeemed = &game.seen().redeemed[0];
    assert_eq!(redeemed.items.len(), 1);
    let item = &redeemed.items[0];
    assert_eq!(item.sku.0, "magic_bow");
    assert_eq!(item.name.as_deref(), Some("Magic bow"), "{item:?}");
    assert_eq!(item.image_url, None, "not the unit's picture");
    assert_eq!(game.owned("lea", "magic_bow"), 1);
    assert_eq!(game.granted_total("magic_bow"), 1);
}
