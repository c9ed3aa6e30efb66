//! `codes generate` and `codes export`.

use std::collections::BTreeSet;

use crate::support::*;

#[test]
fn codes_are_generated_and_exported_to_csv_once_each() {
    let emu = empty_project();
    let dir = scratch();
    let file = write(&dir, "demo.json", &demo_json());
    expect(&emu, &["apply", file.to_str().unwrap()], 0);

    let run = expect(
        &emu,
        &["codes", "generate", "welcome_2025", "--count", "1234"],
        0,
    );
    assert!(
        run.stdout
            .contains("generated 1234 code(s) for coupon \"welcome_2025\""),
        "{run:?}"
    );
    let csv = dir.join("welcome.csv");
    let run = expect(
        &emu,
        &[
            "codes",
            "export",
            "welcome_2025",
            "--out",
            csv.to_str().unwrap(),
        ],
        0,
    );
    assert!(run.stdout.contains("wrote 1235 code(s)"), "{run:?}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("code"));
    let codes: Vec<&str> = lines.collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(codes.len(), 1235);
    assert_eq!(unique.len(), 1235, "no code twice");
    assert!(unique.contains("WELCOME2025"));

    // The generated codes are not listed in the file, so the plan keeps them.
    let plan = expect(&emu, &["plan", file.to_str().unwrap()], 0);
    assert!(change_lines(&plan.stdout).is_empty(), "{plan:?}");

    let run = expect(
        &emu,
        &["codes", "export", "nope", "--out", csv.to_str().unwrap()],
        1,
    );
    assert!(
        run.stderr
            .contains("no coupon, promo code or unique offer \"nope\""),
        "{run:?}"
    );
}
