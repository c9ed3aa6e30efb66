//! Messages a person can act on: bad files, missing SKUs, wrong keys, usage.

use serde_json::json;

use crate::support::*;

#[test]
fn a_bad_file_names_the_json_path_and_what_was_expected() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = demo_json();
    seed["coupons"][0]["redeem_user_limit"] = json!("one");
    let file = write(&dir, "bad.json", &seed);
    let run = expect(&emu, &["plan", file.to_str().unwrap()], 3);
    assert!(
        run.stderr.contains(
            "at `coupons[0].redeem_user_limit`: invalid type: string \"one\", expected i64"
        ),
        "{run:?}"
    );

    let mut seed = demo_json();
    seed["daily_chains"][0]["steps"][1]["items"][0]["quantity"] = json!("two");
    let file = write(&dir, "bad2.json", &seed);
    let run = expect(&emu, &["apply", file.to_str().unwrap()], 3);
    assert!(
        run.stderr
            .contains("at `daily_chains[0].steps[1].items[0].quantity`"),
        "{run:?}"
    );

    std::fs::write(dir.join("broken.json"), "{\n  \"coupons\": [,]\n}").unwrap();
    let run = expect(
        &emu,
        &["plan", dir.join("broken.json").to_str().unwrap()],
        3,
    );
    assert!(run.stderr.contains("broken.json:2:"), "{run:?}");

    let mut seed = demo_json();
    seed["coupons"][1]["external_id"] = json!("welcome_2025");
    let file = write(&dir, "twice.json", &seed);
    let run = expect(&emu, &["plan", file.to_str().unwrap()], 3);
    assert!(
        run.stderr
            .contains("at `coupons[1]`: a second coupon matched by \"welcome_2025\""),
        "{run:?}"
    );
}

#[test]
fn a_sku_the_project_lacks_is_reported_before_anything_is_applied() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = demo_json();
    seed["offer_chains"][0]["steps"][3]["items"][0]["sku"] = json!("laser_sword");
    let file = write(&dir, "missing.json", &seed);
    let run = expect(&emu, &["apply", file.to_str().unwrap()], 3);
    assert!(
        run.stderr.contains(
            "item \"laser_sword\" (at `offer_chains[0].steps[3].items[0].sku`) does not exist"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing was changed"), "{run:?}");
    // Nothing was created: the demo still plans nine creations.
    let demo = write(&dir, "demo.json", &demo_json());
    let plan = expect(&emu, &["plan", demo.to_str().unwrap()], 2);
    assert!(plan.stdout.contains("9 to create"), "{plan:?}");
}

#[test]
fn a_wrong_key_is_refused_with_401_and_never_echoed() {
    let emu = empty_project();
    let dir = scratch();
    let file = write(&dir, "demo.json", &demo_json());
    let secret = "not-the-key-7f3a9c";
    let project = emu.project_id().0.to_string();
    for args in [
        vec!["--emulator", &emu.base_url()],
        vec!["--base-url", &emu.base_url(), "--project-id", &project],
    ] {
        let run: Run = command()
            .args(&args)
            .args(["plan", file.to_str().unwrap()])
            .env("XSOLLA_API_KEY", secret)
            .output()
            .unwrap()
            .into();
        assert_eq!(run.code, 4, "{run:?}");
        assert!(
            run.stderr.contains("refused the API key (HTTP 401)"),
            "{run:?}"
        );
        assert!(
            !run.stderr.contains(secret) && !run.stdout.contains(secret),
            "{run:?}"
        );
    }
}

#[test]
fn the_key_is_never_an_argument_and_a_project_id_is_needed() {
    let run: Run = command()
        .args(["--base-url", "http://127.0.0.1:9", "plan", "x.json"])
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 64, "{run:?}");
    assert!(run.stderr.contains("--project-id"), "{run:?}");

    let run: Run = command()
        .args([
            "--concurrency",
            "0",
            "--emulator",
            "http://127.0.0.1:9",
            "plan",
            "x.json",
        ])
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 64, "{run:?}");

    let run: Run = command()
        .args(["--api-key", "k", "plan", "x.json"])
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 64, "{run:?}");

    // No terminal and no XSOLLA_API_KEY: no prompt, a message instead.
    let run: Run = command()
        .args([
            "--project-id",
            "1",
            "--base-url",
            "http://127.0.0.1:9",
            "plan",
            "x.json",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 64, "{run:?}");
    assert!(run.stderr.contains("set XSOLLA_API_KEY"), "{run:?}");
}
