//! Login's state in the emulator's SQLite store: clients, players, codes, refresh tokens,
//! live access tokens and wrong-password counts (tables `login_*` in `schema.sql`).
//!
//! Secrets are stored hashed: passwords as Argon2id PHC strings, codes and refresh tokens as
//! the SHA-256 of their text. Access tokens are JWTs; only their `jti` is kept, so that
//! sign-out of all sessions can revoke them.

use aws_lc_rs::digest;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine as _;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use xsolla_liveops::models::login::{DEFAULT_EXPIRES_IN, LoginClaims, TokenSet, UserGroup};
use xsolla_liveops::{AccessToken, RefreshToken};

use super::error::{LoginError, LoginResult};
use crate::auth::TokenKeys;
use crate::error::{ApiError, ApiResult};
use crate::seed::Seed;
use crate::store::{Cache, Store};

/// The client a seed without a `login` section gets.
pub const DEFAULT_CLIENT_ID: i64 = 1;
/// The redirect URI of a client whose seed names none.
pub const DEFAULT_REDIRECT_URI: &str = "https://login.xsolla.com/api/blank";
/// How long an authorization code can be exchanged, in emulated seconds.
pub const CODE_TTL: i64 = 60;
/// How long a refresh token can be used, in emulated seconds (30 days).
pub const REFRESH_TTL: i64 = 30 * 86_400;
/// Wrong passwords in a row, per player (username and e-mail alike), before sign-in is blocked.
pub const MAX_FAILURES: i64 = 5;
/// How long sign-in stays blocked after [`MAX_FAILURES`], in emulated seconds.
pub const BLOCK_SECONDS: i64 = 60;
/// The `iss` of access tokens.
pub const ISSUER: &str = "https://login.xsolla.com";

/// An OAuth 2.0 client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Its id.
    pub id: i64,
    /// Access token lifetime, seconds.
    pub expires_in: i64,
    /// Whether password sign-in needs a confirmed e-mail.
    pub email_confirmation: bool,
    /// Redirect URIs; the first is the default.
    pub redirect_uris: Vec<String>,
}

impl Client {
    fn default_client(id: i64) -> Self {
        Self {
            id,
            expires_in: DEFAULT_EXPIRES_IN as i64,
            email_confirmation: false,
            redirect_uris: vec![DEFAULT_REDIRECT_URI.to_owned()],
        }
    }

    /// The redirect URI a call uses: the one sent (if registered), or the only one.
    pub fn redirect(&self, sent: Option<&str>) -> LoginResult<String> {
        match sent {
            Some(uri) if self.redirect_uris.iter().any(|u| u == uri) => Ok(uri.to_owned()),
            Some(_) => Err(LoginError::redirect_not_registered()),
            None if self.redirect_uris.len() > 1 => Err(LoginError::redirect_required()),
            None => Ok(self
                .redirect_uris
                .first()
                .cloned()
                .unwrap_or_else(|| DEFAULT_REDIRECT_URI.to_owned())),
        }
    }
}

/// A player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The id, a UUID (the token's `sub`).
    pub id: String,
    /// Username (password players).
    pub username: Option<String>,
    /// E-mail (password players).
    pub email: Option<String>,
    /// Argon2 PHC hash (password players).
    pub password_hash: Option<String>,
    /// E-mail confirmed.
    pub confirmed: bool,
    /// Banned.
    pub banned: bool,
    /// Device id (guests).
    pub device_id: Option<String>,
    /// Device name (guests).
    pub device: Option<String>,
    /// `android` or `ios` (guests).
    pub device_type: Option<String>,
    /// Created, Unix seconds.
    pub registered: i64,
    /// Last sign-in, Unix seconds.
    pub last_login: Option<i64>,
}

const USER_COLUMNS: &str = "id, username, email, password_hash, confirmed, banned, device_id, \
                            device, device_type, registered, last_login";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        email: r.get(2)?,
        password_hash: r.get(3)?,
        confirmed: r.get(4)?,
        banned: r.get(5)?,
        device_id: r.get(6)?,
        device: r.get(7)?,
        device_type: r.get(8)?,
        registered: r.get(9)?,
        last_login: r.get(10)?,
    })
}

/// Runs `f` in one immediate transaction of the store's connection and commits it; an error
/// rolls everything back.
pub fn write<T>(
    store: &Store,
    f: impl FnOnce(&Transaction<'_>) -> LoginResult<T>,
) -> LoginResult<T> {
    let mut db = store.lock();
    let tx = db
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// `n` random bytes from the system's secure generator.
fn random_bytes<const N: usize>() -> LoginResult<[u8; N]> {
    let mut buf = [0u8; N];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| LoginError::internal("random", "the system generator failed"))?;
    Ok(buf)
}

/// An opaque secret: 32 random bytes, base64url.
fn new_secret() -> LoginResult<String> {
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// A random UUID (version 4).
fn new_uuid() -> LoginResult<String> {
    let mut b = random_bytes::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

fn sha256(text: &str) -> Vec<u8> {
    digest::digest(&digest::SHA256, text.as_bytes())
        .as_ref()
        .to_vec()
}

/// The Argon2id settings: a local emulator's cost (8 MiB, 2 passes), well below a
/// production server's, still a real salted hash.
fn argon2() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(8 * 1024, 2, 1, None).unwrap_or_default();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password into an Argon2id PHC string with a random salt. CPU-heavy: call it off
/// the async workers.
pub fn hash_password(password: &str) -> LoginResult<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| LoginError::internal("salt", e))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| LoginError::internal("hashing", e))
}

/// Whether `password` matches a PHC hash. CPU-heavy: call it off the async workers.
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Applies the seed's `login` section (or the default client 1 without one).
pub fn seed(tx: &Transaction<'_>, _: &Cache, seed: &Seed, now: i64) -> ApiResult<()> {
    let Some(login) = &seed.login else {
        put_client(tx, &Client::default_client(DEFAULT_CLIENT_ID))?;
        return Ok(());
    };
    for (i, c) in login.clients.iter().enumerate() {
        let at = format!("login.clients[{i}]");
        let expires_in = i64::try_from(c.expires_in)
            .ok()
            .filter(|e| *e > 0)
            .ok_or_else(|| {
                ApiError::validation(&format!("{at}.expires_in"), "must be a positive number")
            })?;
        put_client(
            tx,
            &Client {
                id: c.id.0,
                expires_in,
                email_confirmation: c.email_confirmation,
                redirect_uris: if c.redirect_uris.is_empty() {
                    vec![DEFAULT_REDIRECT_URI.to_owned()]
                } else {
                    c.redirect_uris.clone()
                },
            },
        )?;
    }
    for (i, u) in login.users.iter().enumerate() {
        let at = format!("login.users[{i}]");
        check_new_user(&u.username, &u.email, u.password.expose_secret())
            .map_err(|e| ApiError::validation(&at, e.description))?;
        let hash = hash_password(u.password.expose_secret())
            .map_err(|e| ApiError::internal("seeding a player", e))?;
        insert_user(tx, &u.username, &u.email, &hash, u.confirmed, now)
            .map_err(|e| ApiError::validation(&format!("{at}.username"), e.description))?;
        if u.banned {
            tx.execute(
                "UPDATE login_users SET banned = 1 WHERE username = ?1",
                [&u.username],
            )?;
        }
    }
    Ok(())
}

/// Writes a client (insert or replace).
pub fn put_client(conn: &Connection, c: &Client) -> rusqlite::Result<()> {
    let uris = serde_json::to_string(&c.redirect_uris).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT OR REPLACE INTO login_clients (client_id, expires_in, email_confirmation, \
         redirect_uris) VALUES (?1, ?2, ?3, ?4)",
        params![c.id, c.expires_in, c.email_confirmation, uris],
    )?;
    Ok(())
}

/// A client by id. A database made before Login existed has none: it gets the default one.
pub fn client(conn: &Connection, id: i64) -> LoginResult<Option<Client>> {
    let found = conn
        .prepare_cached(
            "SELECT expires_in, email_confirmation, redirect_uris FROM login_clients \
             WHERE client_id = ?1",
        )?
        .query_row([id], |r| {
            let uris: String = r.get(2)?;
            Ok(Client {
                id,
                expires_in: r.get(0)?,
                email_confirmation: r.get(1)?,
                redirect_uris: serde_json::from_str(&uris).unwrap_or_default(),
            })
        })
        .optional()?;
    if found.is_none() && id == DEFAULT_CLIENT_ID {
        let any: i64 = conn.query_row("SELECT COUNT(*) FROM login_clients", [], |r| r.get(0))?;
        if any == 0 {
            return Ok(Some(Client::default_client(id)));
        }
    }
    Ok(found)
}

/// Checks a new account's fields as Login's schema does.
pub fn check_new_user(username: &str, email: &str, password: &str) -> LoginResult<()> {
    let chars = |s: &str| s.chars().count();
    if !(3..=255).contains(&chars(username)) {
        return Err(LoginError::invalid(
            "body.username in body should be between 3 and 255 chars long",
        ));
    }
    if !(6..=100).contains(&chars(password)) {
        return Err(LoginError::invalid(
            "body.password in body should be between 6 and 100 chars long",
        ));
    }
    if !(1..=255).contains(&chars(email)) {
        return Err(LoginError::invalid(
            "body.email in body should be between 1 and 255 chars long",
        ));
    }
    let well_formed = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !email.contains(char::is_whitespace)
    });
    if !well_formed {
        return Err(LoginError::invalid(
            "body.email in body must be of type email",
        ));
    }
    Ok(())
}

/// Adds a password player; a taken username or e-mail is refused (case-insensitively).
pub fn insert_user(
    tx: &Connection,
    username: &str,
    email: &str,
    hash: &str,
    confirmed: bool,
    now: i64,
) -> LoginResult<User> {
    let taken = |column: &str, value: &str| -> LoginResult<bool> {
        Ok(tx
            .prepare_cached(&format!(
                "SELECT 1 FROM login_users WHERE {column} = ?1 COLLATE NOCASE"
            ))?
            .exists([value])?)
    };
    if taken("username", username)? {
        return Err(LoginError::username_taken());
    }
    if taken("email", email)? {
        return Err(LoginError::email_taken());
    }
    let id = new_uuid()?;
    tx.execute(
        "INSERT INTO login_users (id, username, email, password_hash, confirmed, registered) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, username, email, hash, confirmed, now],
    )?;
    user_by_id(tx, &id)?.ok_or_else(LoginError::server_error)
}

/// A player by id.
pub fn user_by_id(conn: &Connection, id: &str) -> LoginResult<Option<User>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM login_users WHERE id = ?1"
        ))?
        .query_row([id], user_row)
        .optional()?)
}

/// A password player by username or e-mail (case-insensitive).
pub fn user_by_name(conn: &Connection, name: &str) -> LoginResult<Option<User>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM login_users \
             WHERE username = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE LIMIT 1"
        ))?
        .query_row([name], user_row)
        .optional()?)
}

/// The guest of a device id, made on its first sign-in; the device name and type are updated.
pub fn device_user(
    tx: &Connection,
    device_id: &str,
    device: &str,
    device_type: &str,
    now: i64,
) -> LoginResult<User> {
    let existing = tx
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM login_users WHERE device_id = ?1"
        ))?
        .query_row([device_id], user_row)
        .optional()?;
    let id = match existing {
        Some(u) => u.id,
        None => {
            let id = new_uuid()?;
            tx.execute(
                "INSERT INTO login_users (id, confirmed, device_id, registered) \
                 VALUES (?1, 1, ?2, ?3)",
                params![id, device_id, now],
            )?;
            id
        }
    };
    tx.execute(
        "UPDATE login_users SET device = ?2, device_type = ?3 WHERE id = ?1",
        params![id, device, device_type],
    )?;
    user_by_id(tx, &id)?.ok_or_else(LoginError::server_error)
}

/// Marks a player's e-mail confirmed; false if there is no such username or e-mail.
pub fn confirm(tx: &Connection, name: &str) -> LoginResult<Option<User>> {
    let Some(user) = user_by_name(tx, name)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE login_users SET confirmed = 1 WHERE id = ?1",
        [&user.id],
    )?;
    user_by_id(tx, &user.id)
}

/// Until when sign-in under `counter` (a player, or a name nobody has) is blocked, if it is
/// at `now`.
pub fn blocked_until(conn: &Connection, counter: &str, now: i64) -> LoginResult<Option<i64>> {
    let until: Option<i64> = conn
        .prepare_cached("SELECT blocked_until FROM login_failures WHERE name = ?1")?
        .query_row([counter], |r| r.get(0))
        .optional()?;
    Ok(until.filter(|u| *u > now))
}

/// Counts a wrong password under `counter`; the [`MAX_FAILURES`]th in a row blocks it for
/// [`BLOCK_SECONDS`].
pub fn record_failure(tx: &Connection, counter: &str, now: i64) -> LoginResult<()> {
    let failures: i64 = tx
        .prepare_cached("SELECT failures FROM login_failures WHERE name = ?1")?
        .query_row([counter], |r| r.get(0))
        .optional()?
        .unwrap_or(0)
        + 1;
    let (failures, blocked_until) = if failures >= MAX_FAILURES {
        (0, now + BLOCK_SECONDS)
    } else {
        (failures, 0)
    };
    tx.execute(
        "INSERT OR REPLACE INTO login_failures (name, failures, blocked_until) \
         VALUES (?1, ?2, ?3)",
        params![counter, failures, blocked_until],
    )?;
    Ok(())
}

/// Forgets the wrong passwords under `counter` (after a successful sign-in).
pub fn clear_failures(tx: &Connection, counter: &str) -> LoginResult<()> {
    tx.execute("DELETE FROM login_failures WHERE name = ?1", [counter])?;
    Ok(())
}

/// What a code or refresh token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The player.
    pub user_id: String,
    /// The client it was issued to.
    pub client_id: i64,
    /// The scope asked for.
    pub scope: String,
    /// The token `type`: `xsolla_login` or `device`.
    pub kind: String,
}

/// Issues a single-use authorization code valid for [`CODE_TTL`]; returns its text.
pub fn issue_code(
    tx: &Connection,
    grant: &Grant,
    redirect_uri: &str,
    redirect_sent: bool,
    now: i64,
) -> LoginResult<String> {
    let code = new_secret()?;
    tx.execute(
        "INSERT INTO login_codes (code_hash, user_id, client_id, redirect_uri, redirect_sent, \
         scope, kind, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            sha256(&code),
            grant.user_id,
            grant.client_id,
            redirect_uri,
            redirect_sent,
            grant.scope,
            grant.kind,
            now + CODE_TTL
        ],
    )?;
    Ok(code)
}

/// Spends a code: it must exist, be unexpired, belong to `client_id`, and (when a redirect URI
/// was sent with it, or is sent now) match the redirect URI.
pub fn take_code(
    tx: &Connection,
    code: &str,
    client_id: i64,
    redirect_uri: Option<&str>,
    now: i64,
) -> LoginResult<Grant> {
    let row = tx
        .prepare_cached(
            "DELETE FROM login_codes WHERE code_hash = ?1 \
             RETURNING user_id, client_id, redirect_uri, redirect_sent, scope, kind, expires_at",
        )?
        .query_row([sha256(code)], |r| {
            Ok((
                Grant {
                    user_id: r.get(0)?,
                    client_id: r.get(1)?,
                    scope: r.get(4)?,
                    kind: r.get(5)?,
                },
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, i64>(6)?,
            ))
        })
        .optional()?;
    // A refusal rolls the deletion back with the rest of the caller's transaction: a refused
    // code stays as it was, and expires soon.
    let Some((grant, issued_uri, sent, expires_at)) = row else {
        return Err(LoginError::invalid_grant());
    };
    let redirect_ok = match (sent, redirect_uri) {
        (true, Some(now_sent)) | (false, Some(now_sent)) => now_sent == issued_uri,
        (true, None) => false,
        (false, None) => true,
    };
    if expires_at <= now || grant.client_id != client_id || !redirect_ok {
        return Err(LoginError::invalid_grant());
    }
    Ok(grant)
}

/// Spends a refresh token: it must exist, be unexpired and belong to `client_id`.
pub fn take_refresh(tx: &Connection, token: &str, client_id: i64, now: i64) -> LoginResult<Grant> {
    let row = tx
        .prepare_cached(
            "DELETE FROM login_refresh_tokens WHERE token_hash = ?1 \
             RETURNING user_id, client_id, scope, kind, expires_at",
        )?
        .query_row([sha256(token)], |r| {
            Ok((
                Grant {
                    user_id: r.get(0)?,
                    client_id: r.get(1)?,
                    scope: r.get(2)?,
                    kind: r.get(3)?,
                },
                r.get::<_, i64>(4)?,
            ))
        })
        .optional()?;
    match row {
        Some((grant, expires_at)) if expires_at > now && grant.client_id == client_id => Ok(grant),
        _ => Err(LoginError::invalid_grant()),
    }
}

/// Whether the scope asks for a refresh token.
pub fn is_offline(scope: &str) -> bool {
    scope
        .split([' ', ','])
        .any(|s| s == xsolla_liveops::models::login::OFFLINE_SCOPE)
}

/// The Login project id in tokens: a UUID derived from the store project id.
pub fn login_project_id(project_id: i64) -> String {
    format!(
        "00000000-0000-4000-8000-{:012}",
        project_id.rem_euclid(1_000_000_000_000)
    )
}

/// The token set of a sign-in: a signed access token (recorded by its `jti`) and, with
/// `offline` in the scope, a refresh token. Records the sign-in time.
pub fn issue_tokens(
    tx: &Connection,
    keys: &TokenKeys,
    project_id: i64,
    user: &User,
    client: &Client,
    grant: &Grant,
    now: i64,
) -> LoginResult<TokenSet> {
    let jti = new_secret()?;
    let exp = now.saturating_add(client.expires_in);
    let claims = LoginClaims {
        sub: user.id.clone(),
        exp,
        iat: now,
        iss: ISSUER.to_owned(),
        xsolla_login_project_id: login_project_id(project_id),
        groups: vec![UserGroup {
            id: 1,
            name: "default".to_owned(),
            is_default: true,
            is_deletable: None,
        }],
        token_type: grant.kind.clone(),
        username: user.username.clone(),
        email: user.email.clone(),
        client_id: Some(client.id),
        scope: Some(grant.scope.clone()),
        jti: Some(jti.clone()),
    };
    let access = keys.sign(&claims)?;
    tx.execute(
        "DELETE FROM login_access_tokens WHERE user_id = ?1 AND expires_at <= ?2",
        params![user.id, now],
    )?;
    tx.execute(
        "INSERT INTO login_access_tokens (jti, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![jti, user.id, exp],
    )?;
    let refresh = if is_offline(&grant.scope) {
        let token = new_secret()?;
        tx.execute(
            "INSERT INTO login_refresh_tokens (token_hash, user_id, client_id, scope, kind, \
             expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                sha256(&token),
                user.id,
                client.id,
                grant.scope,
                grant.kind,
                now + REFRESH_TTL
            ],
        )?;
        Some(RefreshToken::new(token))
    } else {
        None
    };
    tx.execute(
        "UPDATE login_users SET last_login = ?2 WHERE id = ?1",
        params![user.id, now],
    )?;
    Ok(TokenSet {
        access_token: AccessToken::new(access),
        expires_in: u64::try_from(client.expires_in).unwrap_or(DEFAULT_EXPIRES_IN),
        refresh_token: refresh,
        token_type: "bearer".to_owned(),
        scope: None,
    })
}

/// Whether an access token (by `jti`) is still live: issued here and not revoked.
pub fn access_live(conn: &Connection, jti: &str) -> LoginResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM login_access_tokens WHERE jti = ?1")?
        .exists([jti])?)
}

/// Ends every session of a player: all its access and refresh tokens stop working.
pub fn sign_out_all(tx: &Connection, user_id: &str) -> LoginResult<()> {
    tx.execute(
        "DELETE FROM login_access_tokens WHERE user_id = ?1",
        [user_id],
    )?;
    tx.execute(
        "DELETE FROM login_refresh_tokens WHERE user_id = ?1",
        [user_id],
    )?;
    Ok(())
}
