//! apply under injected errors and dropped answers, then a clean rerun: the project converges
//! with nothing doubled.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use xsolla_liveops_emulator::Faults;

use crate::support::*;

#[test]
fn apply_under_faults_then_a_clean_rerun_converges_without_duplicates() {
    let emu = empty_project();
    let dir = scratch();
    let mut seed = big_project(12);
    let demo = demo_json();
    for (k, v) in demo.as_object().unwrap() {
        match (seed.get_mut(k), v) {
            (Some(Value::Array(list)), Value::Array(more)) => list.extend(more.iter().cloned()),
            (None, v) if k != "items" => {
                seed[k] = v.clone();
            }
            _ => {}
        }
    }
    let file = write(&dir, "big.json", &seed);
    let file = file.to_str().unwrap();

    emu.set_faults(Faults {
        latency_ms: 0,
        error_rate: 0.05,
        drop_rate: 0.05,
    });
    let (mut failures, mut stopped) = (0, 0);
    for _ in 0..3 {
        let run = liveops(&emu, &["apply", file]);
        match run.code {
            0 => {}
            1 => {
                failures += 1;
                stopped += usize::from(run.stderr.contains("apply stopped:"));
                assert!(
                    run.stderr
                        .contains("reading the project failed, nothing was changed")
                        || (run.stderr.contains("apply stopped:")
                            && run.stderr.contains("Run the same apply again")),
                    "{run:?}"
                );
            }
            _ => panic!("unexpected exit: {run:?}"),
        }
    }
    assert!(failures > 0, "the faults never hit a run");
    assert!(stopped > 0, "no apply was stopped part way");
    emu.set_faults(Faults::default());

    expect(&emu, &["apply", file], 0);
    let plan = expect(&emu, &["plan", file], 0);
    assert!(change_lines(&plan.stdout).is_empty(), "{plan:?}");

    let (rt, client) = admin(&emu);
    let a = client.admin();
    rt.block_on(async {
        let daily = a.daily_chains().list().all().await.unwrap();
        let names: Vec<String> = daily.iter().map(|c| format!("{:?}", c.name)).collect();
        let unique: BTreeSet<&String> = names.iter().collect();
        assert_eq!(names.len(), 13, "{names:?}");
        assert_eq!(unique.len(), 13, "a daily chain twice: {names:?}");
        let offers = a.offer_chains().list().all().await.unwrap();
        assert_eq!(offers.len(), 13);

        let coupons = a.coupons().list().all().await.unwrap();
        assert_eq!(coupons.len(), 14);
        for i in 0..12 {
            let id = format!("coupon_{i}");
            let codes = a.coupons().codes(id.clone()).all().await.unwrap();
            let set: BTreeSet<String> = codes.iter().map(|c| c.code.0.clone()).collect();
            let want: BTreeSet<String> = [format!("COUPON{i}A"), format!("COUPON{i}B")]
                .into_iter()
                .collect();
            assert_eq!(set, want, "{id}");
            assert_eq!(codes.len(), 2, "{id}");
            let c = a.coupons().get(id.clone()).send().await.unwrap();
            assert_eq!(c.is_enabled, i % 2 == 0, "{id}");
        }
        let promos = a.promo_codes().list().all().await.unwrap();
        assert_eq!(promos.len(), 13);
        for i in 0..12 {
            let id = format!("promo_{i}");
            let codes = a.promo_codes().codes(id.clone()).all().await.unwrap();
            assert_eq!(codes.len(), 3, "{id}: generated codes doubled or missing");
        }
        let rewards = a
            .value_points()
            .item_rewards("hero_points")
            .send()
            .await
            .unwrap();
        let mut per_sku: BTreeMap<String, usize> = BTreeMap::new();
        for r in &rewards.items {
            *per_sku.entry(r.sku.0.clone()).or_default() += 1;
        }
        assert_eq!(per_sku.len(), 8);
        assert!(per_sku.values().all(|n| *n == 1), "{per_sku:?}");
        assert_eq!(a.value_points().list().all().await.unwrap().len(), 1);
        assert_eq!(a.reward_chains().list().all().await.unwrap().len(), 1);
    });
}
