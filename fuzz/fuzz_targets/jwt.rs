//! Player tokens: the client reads any string as a token or a `TokenError`, and the emulator
//! verifies any string (signature, `exp`, `sub`) to a player or a refusal; neither panics. A
//! token the emulator accepts is one the client can read, for the same player.
//!
//! An input that is a JSON object is taken as the claims of a token signed with the emulator's
//! secret, so the claims themselves are fuzzed behind a valid signature; any other input is
//! the token text.

#![no_main]

use std::sync::OnceLock;

use jsonwebtoken::{EncodingKey, Header, encode};
use libfuzzer_sys::fuzz_target;
use xsolla_liveops::UserToken;
use xsolla_liveops_emulator::DEFAULT_JWT_SECRET;
use xsolla_liveops_emulator::internals::TokenKeys;

fn check(text: &str) {
    static KEYS: OnceLock<TokenKeys> = OnceLock::new();
    let keys = KEYS.get_or_init(|| TokenKeys::new(DEFAULT_JWT_SECRET));
    let read = UserToken::parse(text);
    if let Ok(token) = &read {
        let _ = token.is_expired_at(i64::MAX);
        let _ = format!("{token:?}");
    }
    for now in [i64::MIN, 0, 1_700_000_000, i64::MAX] {
        if let Some(sub) = keys.verify(text, now) {
            let token = read
                .as_ref()
                .expect("a token the emulator accepts is readable by the client");
            assert_eq!(token.subject(), sub);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(claims @ serde_json::Value::Object(_)) = serde_json::from_str(text) {
        let key = EncodingKey::from_secret(DEFAULT_JWT_SECRET.as_bytes());
        if let Ok(token) = encode(&Header::default(), &claims, &key) {
            check(&token);
        }
    }
    check(text);
});
