//! The fuzz target `emulator_routes` reaches only the routes of `fuzz/routes.txt`
//! (`fuzz/make-corpus` writes it, and refuses a route the sources mount that it does not list).
//! Here the other direction: every line of it is a route the emulator serves, for that method,
//! so no fuzzing time goes to the fallback.

use std::path::Path;

use crate::common::*;
use reqwest::Method;
use serde_json::Value;

/// The fallbacks' answers: LiveOps' 404 and 405, Login's 404 and 405.
fn fell_through(status: u16, body: &Value) -> bool {
    let message = body["errorMessage"].as_str().unwrap_or_default();
    let login_code = body["error"]["code"].as_str().unwrap_or_default();
    status == 405
        || (status == 404 && (message == "Not found" || message.ends_with(": Not found")))
        || (status == 404 && login_code == "003-061")
}

#[test]
fn every_route_of_the_fuzz_table_is_served() {
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/routes.txt");
    let table = std::fs::read_to_string(&table).unwrap();
    rt().block_on(async {
        let h = Harness::start(T0).await;
        let mut checked = 0;
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut parts = line.split(' ');
            let (method, template) = (parts.next().unwrap(), parts.next().unwrap());
            let path = template
                .replace("{project_id}", "44056")
                .replace("{toggle}", "activate")
                .split('{')
                .enumerate()
                .map(|(i, part)| match (i, part.split_once('}')) {
                    (0, _) | (_, None) => part.to_owned(),
                    (_, Some((_, tail))) => format!("1{tail}"),
                })
                .collect::<String>();
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let (status, body, _) = h.raw(method, &h.url(&path), None, None).await;
            assert!(
                !fell_through(status, &body),
                "{line}: {path} is not served ({status} {body})"
            );
            assert!(status < 500, "{line}: {status} {body}");
            checked += 1;
        }
        assert!(checked > 200, "only {checked} routes in fuzz/routes.txt");
    });
}
