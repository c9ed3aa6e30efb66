//! Xsolla Login under `/login/api`: the OAuth 2.0 calls a game makes without a backend, on the
//! emulator's own port and SQLite store, so a client's Login base URL is
//! `http://127.0.0.1:8780/login/api`.
//!
//! | call | answer |
//! |---|---|
//! | `POST /oauth2/login/token?client_id&scope` `{username, password}` | token set |
//! | `POST /oauth2/login/device/{android\|ios}?client_id&response_type=code&state&redirect_uri&scope` `{device, device_id}` | `{login_url}` |
//! | `POST /oauth2/token` form: `grant_type`, `client_id`, `code` + `redirect_uri` or `refresh_token` | token set |
//! | `POST /oauth2/user?client_id&response_type=code&state&redirect_uri&scope` `{username, password, email, …}` | `{login_url}`, or 204 with e-mail confirmation |
//! | `POST /oauth2/user/resend_confirmation_link?client_id&state` `{username}` | 204 |
//! | `GET /oauth2/logout?sessions=sso\|all` (Bearer) | 204 |
//! | `GET /users/me` (Bearer) | the player's details |
//!
//! The rules, on the emulator clock:
//! - Access tokens are HS256 JWTs signed with the same secret as the tokens LiveOps routes
//!   accept, with `sub` (a UUID), `exp`, `iat`, `iss`, `xsolla_login_project_id`, `groups`,
//!   `type` (`xsolla_login` or `device`), `username`, `email`, `client_id`, `scope`, `jti`;
//!   they live for the client's `expires_in`.
//! - `scope=offline` adds a refresh token. Refresh tokens rotate: a refresh spends the one
//!   it presents in the transaction that issues the next, so a replay, even a concurrent
//!   one, gets 400 `010-023`. They live 30 days.
//! - Authorization codes are single use, bound to the client and redirect URI, and live 60 s.
//! - A device id always signs in the same guest; the device type must be `android` or `ios`
//!   in lower case, else 400 with the numeric code `0`.
//! - Five wrong passwords in a row for one player (by username or e-mail alike), or for one
//!   name nobody has, block sign-in under it for 60 s: 429 `002-057` with `Retry-After`.
//! - With a client's `email_confirmation`, registration answers 204 and sign-in 401 `003-007`
//!   until `POST /__emulator/login/users/{username}/confirm`.
//! - Sign-out with `sessions=all` revokes every access and refresh token of the player for
//!   Login's own calls; LiveOps routes check signatures and `exp` only, as a stateless JWT
//!   check does.
//!
//! The fault settings of the control API apply to these calls too (an injected 503 comes in
//! Login's envelope).
//!
//! Passwords are stored as Argon2id hashes, codes and refresh tokens as SHA-256 digests;
//! none of them, nor any token, is logged. Errors are `{"error": {"code", "description"}}`.

pub mod control;
pub mod error;
pub mod routes;
pub mod store;

pub use routes::routes;
