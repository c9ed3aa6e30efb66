//! The Login calls, served under `/login/api`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use xsolla_liveops::models::login::{
    DEVICE_ID_LEN, DEVICE_NAME_MAX, DeviceSignIn, DeviceType, LoginClaims, LoginUrl, NewUser,
    PasswordSignIn, ResendConfirmation, TokenSet, UserDetails, UserDevice, UserGroup,
};

use super::error::{LoginError, LoginResult};
use super::store::{self, Client, Grant, User};
use crate::state::AppState;

/// The query string, with a Login-style refusal when it cannot be read.
pub struct LoginQuery(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for LoginQuery {
    type Rejection = LoginError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, LoginError> {
        Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|q| Self(q.0))
            .map_err(|_| LoginError::invalid("the query string could not be read"))
    }
}

impl LoginQuery {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// `client_id`, required, an integer.
    fn client_id(&self) -> LoginResult<i64> {
        parse_client_id(self.get("client_id"), "query")
    }

    /// The query of a call that issues a code: `response_type=code` and `state`.
    fn code_params(&self) -> LoginResult<(&str, Option<&str>, String)> {
        match self.get("response_type") {
            Some("code") => {}
            None => return Err(LoginError::invalid("response_type in query is required")),
            Some(_) => {
                return Err(LoginError::invalid(
                    "response_type in query should be one of [code]",
                ));
            }
        }
        let state = self
            .get("state")
            .filter(|s| s.chars().count() >= 8)
            .ok_or_else(LoginError::invalid_state)?;
        Ok((
            state,
            self.get("redirect_uri").filter(|u| !u.is_empty()),
            self.get("scope").unwrap_or_default().to_owned(),
        ))
    }
}

fn parse_client_id(value: Option<&str>, place: &str) -> LoginResult<i64> {
    let value =
        value.ok_or_else(|| LoginError::invalid(format!("client_id in {place} is required")))?;
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| LoginError::invalid(format!("client_id in {place} must be of type integer")))
}

/// The body bytes, with Login-style refusals (413 past the limit).
pub struct LoginBytes(Bytes);

impl<S: Send + Sync> FromRequest<S> for LoginBytes {
    type Rejection = LoginError;

    async fn from_request(req: Request, state: &S) -> Result<Self, LoginError> {
        Bytes::from_request(req, state)
            .await
            .map(Self)
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    LoginError::too_large()
                } else {
                    LoginError::invalid("the request body could not be read")
                }
            })
    }
}

/// Decodes a JSON body, refusing it as Login's schema validation does (code `0`, a message
/// naming the field).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> LoginResult<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoginError::invalid("body in body is required"));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if !matches!(inner.classify(), serde_json::error::Category::Data) {
            return LoginError::invalid("body in body must be a JSON object");
        }
        let path = e.path().to_string();
        let text = inner.to_string();
        let text = text.split(" at line ").next().unwrap_or(&text);
        let field = |name: &str| {
            if path == "." || path.is_empty() {
                format!("body.{name}")
            } else {
                format!("body.{path}.{name}")
            }
        };
        if let Some(name) = text
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            return LoginError::invalid(format!("{} in body is required", field(name)));
        }
        let at = if path == "." || path.is_empty() {
            "body".to_owned()
        } else {
            format!("body.{path}")
        };
        match text.split_once("expected ") {
            Some((_, expected)) => {
                let expected = expected
                    .trim_start_matches("a ")
                    .trim_start_matches("an ")
                    .replace(['`', '"'], "");
                LoginError::invalid(format!("{at} in body must be of type {expected}"))
            }
            None => LoginError::invalid(format!("{at} in body is invalid")),
        }
    })?;
    de.end()
        .map_err(|_| LoginError::invalid("body in body must be one JSON document"))?;
    Ok(value)
}

/// The client a call names, or the refusal for an unknown one.
fn known_client(s: &AppState, id: i64, unknown: fn() -> LoginError) -> LoginResult<Client> {
    store::client(&s.store().lock().conn, id)?.ok_or_else(unknown)
}

/// `redirect?code=…&state=…`.
fn login_url(redirect: &str, code: &str, state: &str) -> LoginUrl {
    let enc = xsolla_liveops::endpoint::segment;
    let sep = if redirect.contains('?') { '&' } else { '?' };
    LoginUrl {
        login_url: format!("{redirect}{sep}code={}&state={}", enc(code), enc(state)),
    }
}

/// Runs CPU-heavy password work off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> LoginResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| LoginError::internal("password hashing task", e))
}

fn project(s: &AppState) -> i64 {
    s.config().project_id.0
}

/// `POST /oauth2/login/token?client_id&scope`: password sign-in, tokens at once.
async fn password_token(
    State(s): State<AppState>,
    q: LoginQuery,
    LoginBytes(body): LoginBytes,
) -> LoginResult<Json<TokenSet>> {
    let client_id = q.client_id()?;
    let scope = q.get("scope").unwrap_or_default().to_owned();
    let req: PasswordSignIn = decode(&body)?;
    if req.username.is_empty() {
        return Err(LoginError::invalid("body.username in body is required"));
    }
    if req.password.expose_secret().is_empty() {
        return Err(LoginError::invalid("body.password in body is required"));
    }
    let now = s.clock().now_unix();
    let (client, user, blocked, counter) = {
        let db = s.store().lock();
        let user = store::user_by_name(&db.conn, &req.username)?;
        // A player's username and e-mail share one count; a name nobody has gets its own.
        let counter = match &user {
            Some(u) => format!("user:{}", u.id),
            None => format!("name:{}", req.username.to_lowercase()),
        };
        (
            store::client(&db.conn, client_id)?,
            user,
            store::blocked_until(&db.conn, &counter, now)?,
            counter,
        )
    };
    let client = client.ok_or_else(LoginError::unknown_client)?;
    if let Some(until) = blocked {
        return Err(LoginError::too_many_attempts(until - now));
    }
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password = req.password.clone();
    let matches = blocking(move || {
        hash.is_some_and(|h| store::verify_password(password.expose_secret(), &h))
    })
    .await?;
    let user = match user {
        Some(user) if matches => user,
        _ => {
            store::write(s.store(), |tx| store::record_failure(tx, &counter, now))?;
            return Err(LoginError::wrong_credentials());
        }
    };
    if user.banned {
        return Err(LoginError::banned());
    }
    if client.email_confirmation && !user.confirmed {
        return Err(LoginError::not_confirmed());
    }
    let grant = Grant {
        user_id: user.id.clone(),
        client_id,
        scope,
        kind: "xsolla_login".to_owned(),
    };
    let tokens = store::write(s.store(), |tx| {
        store::clear_failures(tx, &counter)?;
        store::issue_tokens(tx, s.keys(), project(&s), &user, &client, &grant, now)
    })?;
    Ok(Json(tokens))
}

/// `POST /oauth2/login/device/{device_type}`: guest sign-in, answering a `login_url`.
async fn device(
    State(s): State<AppState>,
    device_type: Result<Path<String>, PathRejection>,
    q: LoginQuery,
    LoginBytes(body): LoginBytes,
) -> LoginResult<Json<LoginUrl>> {
    let device_type = device_type
        .ok()
        .and_then(|Path(t)| DeviceType::parse(&t))
        .ok_or_else(|| LoginError::invalid("device_type in path should be one of [android ios]"))?;
    let client_id = q.client_id()?;
    let (state, redirect, scope) = q.code_params()?;
    let req: DeviceSignIn = decode(&body)?;
    let len = |s: &str| s.chars().count();
    if len(&req.device) == 0 {
        return Err(LoginError::invalid(
            "body.device in body should be at least 1 chars long",
        ));
    }
    if len(&req.device) > DEVICE_NAME_MAX {
        return Err(LoginError::invalid(format!(
            "body.device in body should be at most {DEVICE_NAME_MAX} chars long"
        )));
    }
    if len(&req.device_id) < *DEVICE_ID_LEN.start() {
        return Err(LoginError::invalid(format!(
            "body.device_id in body should be at least {} chars long",
            DEVICE_ID_LEN.start()
        )));
    }
    if len(&req.device_id) > *DEVICE_ID_LEN.end() {
        return Err(LoginError::invalid(format!(
            "body.device_id in body should be at most {} chars long",
            DEVICE_ID_LEN.end()
        )));
    }
    let client = known_client(&s, client_id, LoginError::unknown_client)?;
    let redirect_uri = client.redirect(redirect)?;
    let now = s.clock().now_unix();
    let code = store::write(s.store(), |tx| {
        let user = store::device_user(tx, &req.device_id, &req.device, device_type.as_str(), now)?;
        if user.banned {
            return Err(LoginError::banned());
        }
        let grant = Grant {
            user_id: user.id,
            client_id,
            scope,
            kind: "device".to_owned(),
        };
        store::issue_code(tx, &grant, &redirect_uri, redirect.is_some(), now)
    })?;
    Ok(Json(login_url(&redirect_uri, &code, state)))
}

/// `POST /oauth2/user`: registration. 200 `{login_url}`, or 204 when the client wants
/// e-mail confirmation.
async fn register(
    State(s): State<AppState>,
    q: LoginQuery,
    LoginBytes(body): LoginBytes,
) -> LoginResult<Response> {
    let client_id = q.client_id()?;
    let (state, redirect, scope) = q.code_params()?;
    let req: NewUser = decode(&body)?;
    store::check_new_user(&req.username, &req.email, req.password.expose_secret())?;
    let client = known_client(&s, client_id, LoginError::unknown_client)?;
    let redirect_uri = client.redirect(redirect)?;
    let password = req.password.clone();
    let hash = blocking(move || store::hash_password(password.expose_secret())).await??;
    let now = s.clock().now_unix();
    let confirm = client.email_confirmation;
    let code = store::write(s.store(), |tx| {
        let user = store::insert_user(tx, &req.username, &req.email, &hash, !confirm, now)?;
        if confirm {
            return Ok(None);
        }
        let grant = Grant {
            user_id: user.id,
            client_id,
            scope,
            kind: "xsolla_login".to_owned(),
        };
        store::issue_code(tx, &grant, &redirect_uri, redirect.is_some(), now).map(Some)
    })?;
    Ok(match code {
        None => StatusCode::NO_CONTENT.into_response(),
        Some(code) => Json(login_url(&redirect_uri, &code, state)).into_response(),
    })
}

/// `POST /oauth2/user/resend_confirmation_link`: 204 whether or not the player exists (the
/// emulator sends no e-mail; `POST /__emulator/login/users/{name}/confirm` confirms).
async fn resend(
    State(s): State<AppState>,
    q: LoginQuery,
    LoginBytes(body): LoginBytes,
) -> LoginResult<StatusCode> {
    let client_id = q.client_id()?;
    let req: ResendConfirmation = decode(&body)?;
    if req.username.is_empty() {
        return Err(LoginError::invalid("body.username in body is required"));
    }
    known_client(&s, client_id, LoginError::unknown_client)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /oauth2/token`, form-encoded: exchanges a code, or renews with a refresh token. The
/// refresh token is spent in the same transaction that issues the next one, so of several
/// refreshes with one token exactly one succeeds.
async fn token(
    State(s): State<AppState>,
    LoginBytes(body): LoginBytes,
) -> LoginResult<Json<TokenSet>> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| LoginError::invalid("the form body could not be read"))?;
    let form: HashMap<String, String> = pairs.into_iter().collect();
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let required = |name: &'static str| {
        field(name).ok_or_else(|| LoginError::invalid(format!("{name} in formData is required")))
    };
    let grant_type = required("grant_type")?;
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(LoginError::invalid(
            "grant_type in formData should be one of [authorization_code refresh_token]",
        ));
    }
    let client_id = parse_client_id(field("client_id"), "formData")?;
    let secret = required(if grant_type == "authorization_code" {
        "code"
    } else {
        "refresh_token"
    })?;
    let client = known_client(&s, client_id, LoginError::invalid_client)?;
    let now = s.clock().now_unix();
    let tokens = store::write(s.store(), |tx| {
        let grant = if grant_type == "authorization_code" {
            store::take_code(tx, secret, client_id, field("redirect_uri"), now)?
        } else {
            store::take_refresh(tx, secret, client_id, now)?
        };
        let user = store::user_by_id(tx, &grant.user_id)?.ok_or_else(LoginError::invalid_grant)?;
        if user.banned {
            return Err(LoginError::banned());
        }
        store::issue_tokens(tx, s.keys(), project(&s), &user, &client, &grant, now)
    })?;
    Ok(Json(tokens))
}

/// The claims of the request's Bearer access token, if it is live: signed here, unexpired on
/// the emulator clock, and not revoked by a sign-out.
fn session(s: &AppState, headers: &HeaderMap) -> LoginResult<LoginClaims> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .ok_or_else(LoginError::invalid_token)?;
    let claims: LoginClaims = s
        .keys()
        .claims(token)
        .ok_or_else(LoginError::invalid_token)?;
    let live = claims.exp > s.clock().now_unix()
        && match &claims.jti {
            Some(jti) => store::access_live(&s.store().lock().conn, jti)?,
            None => false,
        };
    if live {
        Ok(claims)
    } else {
        Err(LoginError::invalid_token())
    }
}

/// `GET /oauth2/logout?sessions=sso|all`: `all` revokes every token of the player.
async fn logout(
    State(s): State<AppState>,
    q: LoginQuery,
    headers: HeaderMap,
) -> LoginResult<StatusCode> {
    let all = match q.get("sessions") {
        Some("all") => true,
        Some("sso") => false,
        None => return Err(LoginError::invalid("sessions in query is required")),
        Some(_) => {
            return Err(LoginError::invalid(
                "sessions in query should be one of [sso all]",
            ));
        }
    };
    let claims = session(&s, &headers)?;
    if all {
        store::write(s.store(), |tx| store::sign_out_all(tx, &claims.sub))?;
    }
    Ok(StatusCode::NO_CONTENT)
}

fn rfc3339(unix: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(unix, 0).map(|d| d.to_rfc3339())
}

fn details(user: User) -> UserDetails {
    let devices = match &user.device_id {
        Some(_) => vec![UserDevice {
            id: 1,
            device: user.device.clone(),
            device_type: user.device_type.clone(),
            last_used_at: user.last_login.and_then(rfc3339),
        }],
        None => Vec::new(),
    };
    UserDetails {
        id: user.id,
        is_anonymous: user.username.is_none(),
        username: user.username,
        email: user.email,
        registered: rfc3339(user.registered),
        last_login: user.last_login.and_then(rfc3339),
        groups: vec![UserGroup {
            id: 1,
            name: "default".to_owned(),
            is_default: true,
            is_deletable: Some(false),
        }],
        devices,
        ..UserDetails::default()
    }
}

/// `GET /users/me`: the player's details.
async fn me(State(s): State<AppState>, headers: HeaderMap) -> LoginResult<Json<UserDetails>> {
    let claims = session(&s, &headers)?;
    let user = store::user_by_id(&s.store().lock().conn, &claims.sub)?
        .ok_or_else(LoginError::invalid_token)?;
    Ok(Json(details(user)))
}

/// The Login routes, to be nested under `/login/api`.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/oauth2/login/token", post(password_token))
        .route("/oauth2/login/device/{device_type}", post(device))
        .route("/oauth2/token", post(token))
        .route("/oauth2/user", post(register))
        .route("/oauth2/user/resend_confirmation_link", post(resend))
        .route("/oauth2/logout", get(logout))
        .route("/users/me", get(me))
        .fallback(|| async { LoginError::no_route() })
        .method_not_allowed_fallback(|| async { LoginError::method_not_allowed() })
}
