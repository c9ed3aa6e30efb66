//! Player tokens (Bearer JWT, HS256) and admin credentials (Basic `project_id:api_key`).
//!
//! Tokens are checked for their signature and for `exp` against the emulator's clock, so moving
//! the clock forward expires tokens exactly as the real time would. Neither tokens nor keys are
//! ever logged or stored.
//!
//! A game sends the same token with every call for hours, so a token whose signature checked
//! out is remembered by its SHA-256 digest (never by its text) with its `sub` and `exp`: later
//! calls with the same bytes skip the signature and JSON work, and `exp` is still compared
//! with the clock on every call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use aws_lc_rs::digest;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use xsolla_liveops::Claims;

use crate::error::ApiError;
use crate::state::AppState;

/// How many verified tokens are remembered; past that the memory starts over.
const VERIFIED_CAPACITY: usize = 16_384;

/// A token whose signature checked out: its player and expiry.
#[derive(Debug, Clone)]
struct Verified {
    sub: String,
    exp: i64,
}

/// Signs and verifies player tokens with one HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Verified tokens by the SHA-256 digest of their exact bytes.
    verified: Arc<Mutex<HashMap<[u8; 32], Verified>>>,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(<redacted>)")
    }
}

impl TokenKeys {
    /// Keys for a secret.
    pub fn new(secret: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the emulator clock, not the machine's.
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            verified: Arc::default(),
        }
    }

    /// A Login-style token for `sub`, issued at `now` and valid for `ttl_seconds`.
    pub fn mint(&self, sub: &str, now: i64, ttl_seconds: i64) -> Result<String, ApiError> {
        let claims = Claims {
            sub: sub.to_owned(),
            exp: now.saturating_add(ttl_seconds),
            iat: Some(now),
            token_type: Some("xsolla_login".to_owned()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal("signing a token", e))
    }

    /// Signs any claims with the same key (Login's access tokens carry more claims than
    /// [`TokenKeys::mint`] writes; LiveOps routes read only `sub` and `exp`).
    pub fn sign<T: serde::Serialize>(&self, claims: &T) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| ApiError::internal("signing a token", e))
    }

    /// The claims of a token whose signature checks out (`exp` is left to the caller).
    pub fn claims<T: serde::de::DeserializeOwned>(&self, token: &str) -> Option<T> {
        jsonwebtoken::decode::<T>(token.trim(), &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }

    /// The player id of a valid token at `now`, or `None`.
    pub fn verify(&self, token: &str, now: i64) -> Option<String> {
        let token = token.trim();
        let key = digest_of(token);
        let known = self
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        let verified = match known {
            Some(v) => v,
            None => {
                let data =
                    jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
                if data.claims.sub.is_empty() {
                    return None;
                }
                let v = Verified {
                    sub: data.claims.sub,
                    exp: data.claims.exp,
                };
                let mut verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
                if verified.len() >= VERIFIED_CAPACITY {
                    verified.clear();
                }
                verified.insert(key, v.clone());
                v
            }
        };
        (verified.exp > now).then_some(verified.sub)
    }
}

fn digest_of(token: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    key.copy_from_slice(digest::digest(&digest::SHA256, token.as_bytes()).as_ref());
    key
}

/// Whether a Basic header carries `project_id:api_key` for this emulator.
pub fn basic_matches(header: &str, project_id: &str, api_key: &str) -> bool {
    let Some(encoded) = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))
    else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    let Some((login, key)) = text.split_once(':') else {
        return false;
    };
    login == project_id && constant_time_eq(key.as_bytes(), api_key.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A client call's player: the `sub` of a valid Bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User(pub String);

impl FromRequestParts<AppState> for User {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(ApiError::user_unauthorized)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(ApiError::user_unauthorized)?;
        state
            .keys()
            .verify(token, state.clock().now_unix())
            .map(User)
            .ok_or_else(ApiError::user_unauthorized)
    }
}

/// Proof that an admin call carried the project's Basic credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ok = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|h| {
                basic_matches(
                    h,
                    &state.config().project_id.to_string(),
                    &state.config().api_key,
                )
            });
        if ok {
            Ok(Admin)
        } else {
            Err(ApiError::admin_unauthorized())
        }
    }
}

/// Proof that an upsell admin call carried the project's Basic credentials or a valid player
/// token. Xsolla's spec documents the upsell admin operations with a player's JWT (its other
/// admin operations with Basic); both are accepted. A call with neither gets the Basic 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminOrPlayer;

impl FromRequestParts<AppState> for AdminOrPlayer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|h| h.starts_with("Bearer ") || h.starts_with("bearer "));
        if bearer {
            User::from_request_parts(parts, state).await.map(|_| Self)
        } else {
            Admin::from_request_parts(parts, state).await.map(|_| Self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_on_the_given_clock() {
        let keys = TokenKeys::new("s3cret");
        let token = keys.mint("player-1", 1_000, 60).unwrap();
        assert_eq!(keys.verify(&token, 1_059).as_deref(), Some("player-1"));
        assert_eq!(keys.verify(&token, 1_060), None);
        assert_eq!(TokenKeys::new("other").verify(&token, 1_000), None);
        assert_eq!(keys.verify("not.a.jwt", 1_000), None);
    }

    #[test]
    fn remembered_tokens_still_expire_and_altered_tokens_still_fail() {
        let keys = TokenKeys::new("s3cret");
        let token = keys.mint("player-1", 1_000, 60).unwrap();
        assert_eq!(keys.verify(&token, 1_000).as_deref(), Some("player-1"));
        // Remembered now: the clock still decides.
        assert_eq!(keys.verify(&token, 1_059).as_deref(), Some("player-1"));
        assert_eq!(keys.verify(&token, 1_060), None);
        assert_eq!(keys.verify(&token, 1_000).as_deref(), Some("player-1"));
        // One byte changed is another token, checked from scratch.
        let mut altered = token.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert_eq!(keys.verify(&altered, 1_000), None);
        // A full memory starts over and keeps working.
        for i in 0..VERIFIED_CAPACITY + 10 {
            let t = keys.mint(&format!("p{i}"), 1_000, 60).unwrap();
            assert!(keys.verify(&t, 1_000).is_some());
        }
        assert_eq!(keys.verify(&token, 1_000).as_deref(), Some("player-1"));
    }

    #[test]
    fn basic_credentials_must_match_project_and_key() {
        let h = |s: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(s)
            )
        };
        assert!(basic_matches(&h("44056:key"), "44056", "key"));
        assert!(!basic_matches(&h("44056:kex"), "44056", "key"));
        assert!(!basic_matches(&h("1:key"), "44056", "key"));
        assert!(!basic_matches("Basic !!!", "44056", "key"));
        assert!(!basic_matches("Bearer x", "44056", "key"));
    }
}
