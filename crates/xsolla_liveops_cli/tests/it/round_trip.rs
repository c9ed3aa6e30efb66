//! export, apply to an empty project, export again: the same file.

use crate::support::*;

#[test]
fn export_then_apply_to_an_empty_project_then_export_gives_the_same_file() {
    let source = project_with(&demo_plus());
    let dir = scratch();
    let catalog = write(&dir, "catalog.json", &demo_plus());
    let first = dir.join("first.json");
    let run = expect(
        &source,
        &[
            "export",
            "--out",
            first.to_str().unwrap(),
            "--catalog",
            catalog.to_str().unwrap(),
        ],
        0,
    );
    let text = std::fs::read_to_string(&first).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The catalog's Login section is neither exported nor applied, and the tool says so.
    assert!(exported.get("login").is_none(), "{text}");
    assert!(
        run.stderr
            .contains("`login` (1 client(s), 2 player(s)) is skipped"),
        "{run:?}"
    );
    assert!(
        !text.contains("plays-2026"),
        "no password is written: {text}"
    );
    for section in [
        "daily_chains",
        "offer_chains",
        "reward_chains",
        "value_points",
        "value_point_rewards",
        "coupons",
        "promo_codes",
        "upsell",
        "discounts",
        "bonuses",
        "personalization_rules",
        "unique_catalog_offers",
        "items",
    ] {
        assert!(
            exported.get(section).is_some_and(|v| !v.is_null()),
            "{section} missing from {text}"
        );
    }
    // Both the export and the seed the project was started from plan no change against it.
    for file in [&first, &catalog] {
        let plan = expect(&source, &["plan", file.to_str().unwrap()], 0);
        assert!(change_lines(&plan.stdout).is_empty(), "{plan:?}");
    }

    let target = empty_project();
    expect(&target, &["apply", first.to_str().unwrap()], 0);
    let second = dir.join("second.json");
    expect(
        &target,
        &[
            "export",
            "--out",
            second.to_str().unwrap(),
            "--catalog",
            catalog.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(text, std::fs::read_to_string(&second).unwrap());
    // The exported file is a seed the emulator itself loads.
    xsolla_liveops_emulator::Seed::from_json(&text).expect("an emulator seed");
}
