//! In a file database, Login keeps passwords as Argon2id hashes and codes and refresh tokens
//! as digests: none of them, nor an access token, is written to disk in the clear.

use xsolla_liveops_emulator::Config;

use crate::common::*;
use crate::login_support::*;

#[test]
fn passwords_codes_and_tokens_are_never_on_disk_in_the_clear() {
    let dir = std::env::temp_dir().join(format!(
        "liveops-login-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.db");
    let secrets = rt().block_on(async {
        let h = Harness::with_config(
            Config::default().with_seed(login_seed()).with_file(&path),
            T0,
        )
        .await;
        let (_, tokens, _) = h.sign_in(1, "ada", "ada-secret-1").await;
        let code = h.device_code("3333333333333333").await;
        let (_, guest, _) = h.exchange(1, &code, None).await;
        let unused = h.device_code("3333333333333333").await;
        let (status, _, _) = h
            .post_raw(
                &h.login("/oauth2/user?client_id=1&response_type=code&state=state-disk1"),
                "application/json",
                br#"{"username":"linus","password":"linus-on-disk","email":"l@example.com"}"#
                    .to_vec(),
            )
            .await;
        assert_eq!(status, 200);
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap().to_owned();
        vec![
            "ada-secret-1".to_owned(),
            "grace-secret-1".to_owned(),
            "linus-on-disk".to_owned(),
            text(&tokens, "access_token"),
            text(&tokens, "refresh_token"),
            text(&guest, "access_token"),
            text(&guest, "refresh_token"),
            unused,
        ]
    });
    // The emulator is stopped: everything it wrote is in the database and its WAL.
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let haystack = String::from_utf8_lossy(&bytes);
    for secret in &secrets {
        assert!(
            !haystack.contains(secret.as_str()),
            "a secret is on disk in the clear"
        );
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let hashes: Vec<String> = conn
        .prepare("SELECT password_hash FROM login_users WHERE password_hash IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes.len(), 5, "four seeded players and one registered");
    for hash in hashes {
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    }
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}
