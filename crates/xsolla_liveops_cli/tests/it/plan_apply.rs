//! plan, apply, edits and prune.

use serde_json::json;

use crate::support::*;

const DEMO_RESOURCES: [&str; 9] = [
    "+ create value point \"hero_points\"",
    "+ create value point rewards \"hero_points\"",
    "+ create daily chain \"Daily login rewards\"",
    "+ create offer chain \"Hero's path\"",
    "+ create reward chain \"Hero's journey\"",
    "+ create upsell \"upsell\"",
    "+ create coupon \"welcome_2025\" (add 1 listed code(s))",
    "+ create coupon \"daily_gems\" (add 1 listed code(s))",
    "+ create promo code \"hero_10\" (add 1 listed code(s), generate 20 code(s))",
];

#[test]
fn plan_on_an_empty_project_lists_every_create_and_exits_2() {
    let emu = empty_project();
    let dir = scratch();
    let file = write(&dir, "demo.json", &demo_json());
    let run = expect(&emu, &["plan", file.to_str().unwrap()], 2);
    let lines = change_lines(&run.stdout);
    for want in DEMO_RESOURCES {
        assert!(lines.contains(&want), "missing {want:?} in {run:?}");
    }
    assert_eq!(lines.len(), DEMO_RESOURCES.len(), "{run:?}");
    assert!(
        run.stdout.contains("Plan: 9 to create, 0 to update"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("coupons[1].user_limit_reset is not carried"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "`login` (1 client(s), 2 player(s)) is skipped: Xsolla's admin API can neither set \
             nor read Login clients and players"
        ),
        "{run:?}"
    );
    assert!(!run.stdout.contains("ada"), "{run:?}");
    // Planning changed nothing.
    let again = expect(&emu, &["plan", file.to_str().unwrap()], 2);
    assert_eq!(change_lines(&again.stdout).len(), 9);
}

#[test]
fn apply_then_plan_shows_no_change_and_a_second_apply_does_nothing() {
    let emu = empty_project();
    let dir = scratch();
    let file = write(&dir, "demo.json", &demo_plus());
    let file = file.to_str().unwrap();
    let run = expect(&emu, &["apply", file], 0);
    assert_eq!(
        run.stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        14,
        "one result line per resource: {run:?}"
    );
    let plan = expect(&emu, &["plan", file], 0);
    assert!(change_lines(&plan.stdout).is_empty(), "{plan:?}");
    assert!(plan.stdout.contains("14 unchanged"), "{plan:?}");
    let again = expect(&emu, &["apply", file], 0);
    assert!(again.stdout.contains("Nothing to do."), "{again:?}");

    // The promo code holds its listed code and 20 generated ones, once.
    let csv = dir.join("hero.csv");
    expect(
        &emu,
        &["codes", "export", "hero_10", "--out", csv.to_str().unwrap()],
        0,
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let codes: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(codes.len(), 21, "{text}");
    assert!(codes.contains(&"HERO10"));
}

#[test]
fn an_edited_file_plans_exactly_the_edited_fields() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = demo_json();
    let file = write(&dir, "demo.json", &seed);
    expect(&emu, &["apply", file.to_str().unwrap()], 0);

    seed["daily_chains"][0]["steps"][2]["items"][0]["quantity"] = json!(250);
    seed["coupons"][0]["redeem_total_limit"] = json!(5);
    seed["coupons"][1]["is_enabled"] = json!(false);
    seed["coupons"][1]["codes"] = json!(["GEMSOFTHEDAY", "MOREGEMS"]);
    let edited = write(&dir, "edited.json", &seed);
    let edited = edited.to_str().unwrap();
    let plan = expect(&emu, &["plan", edited], 2);
    assert_eq!(
        change_lines(&plan.stdout),
        vec![
            "~ update daily chain \"Daily login rewards\"",
            "~ update coupon \"welcome_2025\"",
            "~ update coupon \"daily_gems\" (add 1 listed code(s))",
        ],
        "{plan:?}"
    );
    let fields: Vec<&str> = plan
        .stdout
        .lines()
        .filter(|l| l.starts_with("    "))
        .collect();
    assert_eq!(
        fields,
        vec![
            "    steps[2].items[0].quantity: 200 -> 250",
            "    redeem_total_limit: 100000 -> 5",
            "    is_enabled: true -> false",
        ],
        "{plan:?}"
    );
    assert!(plan.stdout.contains("0 to create, 3 to update"), "{plan:?}");
    expect(&emu, &["apply", edited], 0);
    let after = expect(&emu, &["plan", edited], 0);
    assert!(change_lines(&after.stdout).is_empty(), "{after:?}");
}

#[test]
fn prune_deletes_only_what_the_file_no_longer_has_and_asks_first() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = demo_json();
    let file = write(&dir, "demo.json", &seed);
    expect(&emu, &["apply", file.to_str().unwrap()], 0);

    seed["coupons"].as_array_mut().unwrap().remove(1);
    seed.as_object_mut().unwrap().remove("offer_chains");
    let smaller = write(&dir, "smaller.json", &seed);
    let smaller = smaller.to_str().unwrap();

    // Without --prune the extra resources are left alone.
    let plan = expect(&emu, &["plan", smaller], 0);
    assert!(change_lines(&plan.stdout).is_empty(), "{plan:?}");

    let plan = expect(&emu, &["plan", smaller, "--prune"], 2);
    assert_eq!(
        change_lines(&plan.stdout),
        vec![
            "- delete offer chain \"Hero's path\"",
            "- delete coupon \"daily_gems\""
        ],
        "{plan:?}"
    );

    // No terminal to ask on and no --yes: nothing is deleted.
    let refused = expect(&emu, &["apply", smaller, "--prune"], 1);
    assert!(refused.stderr.contains("pass --yes"), "{refused:?}");
    expect(&emu, &["plan", smaller, "--prune"], 2);

    let run = expect(&emu, &["apply", smaller, "--prune", "--yes"], 0);
    assert!(
        run.stdout.contains("ok      deleted coupon \"daily_gems\""),
        "{run:?}"
    );
    expect(&emu, &["plan", smaller, "--prune"], 0);
    // The original file now plans exactly those two back.
    let back = expect(&emu, &["plan", file.to_str().unwrap()], 2);
    assert_eq!(change_lines(&back.stdout).len(), 2, "{back:?}");
}

#[test]
fn a_reward_chains_value_point_is_fixed_at_creation_and_reported_not_changed() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = demo_json();
    let file = write(&dir, "demo.json", &seed);
    expect(&emu, &["apply", file.to_str().unwrap()], 0);

    let mut star = seed["value_points"][0].clone();
    star["sku"] = json!("star_points");
    seed["value_points"].as_array_mut().unwrap().push(star);
    seed["reward_chains"][0]["value_point"]["sku"] = json!("star_points");
    let edited = write(&dir, "edited.json", &seed);
    let plan = expect(&emu, &["plan", edited.to_str().unwrap()], 2);
    assert_eq!(
        change_lines(&plan.stdout),
        vec!["+ create value point \"star_points\""],
        "{plan:?}"
    );
    assert!(
        plan.stderr
            .contains("reward chain \"Hero's journey\": `value_point` is fixed at creation"),
        "{plan:?}"
    );
}
