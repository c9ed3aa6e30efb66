//! Login's part of the control API, nested under `/__emulator/login`.
//!
//! | call | body | answer |
//! |---|---|---|
//! | `POST /__emulator/login/users/{username}/confirm` | | `{"id", "username", "confirmed"}` |
//! | `GET /__emulator/login/clients/{client_id}` | | the client |
//! | `PUT /__emulator/login/clients/{client_id}` | `{"expires_in"?, "email_confirmation"?, "redirect_uris"?}` | the client (made if new) |

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::store::{self, Client, DEFAULT_REDIRECT_URI};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams};
use crate::state::AppState;

/// The control routes, to be nested under `/__emulator/login`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{username}/confirm", post(confirm))
        .route("/clients/{client_id}", get(get_client).put(put_client))
}

async fn confirm(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<Value>> {
    let name = p.text("username")?;
    let user = store::write(s.store(), |tx| store::confirm(tx, name))
        .map_err(|e| ApiError::internal("confirming a player", e))?
        .ok_or_else(|| ApiError::not_found("No Login user with this username or e-mail"))?;
    Ok(Json(
        json!({"id": user.id, "username": user.username, "confirmed": user.confirmed}),
    ))
}

#[derive(Serialize)]
struct ClientView {
    id: i64,
    expires_in: i64,
    email_confirmation: bool,
    redirect_uris: Vec<String>,
}

impl From<Client> for ClientView {
    fn from(c: Client) -> Self {
        Self {
            id: c.id,
            expires_in: c.expires_in,
            email_confirmation: c.email_confirmation,
            redirect_uris: c.redirect_uris,
        }
    }
}

fn client_id(p: &PathParams) -> ApiResult<i64> {
    p.text("client_id")?
        .parse()
        .map_err(|_| ApiError::not_found("No such Login client"))
}

async fn get_client(State(s): State<AppState>, p: PathParams) -> ApiResult<Json<ClientView>> {
    let id = client_id(&p)?;
    let client = store::client(&s.store().lock().conn, id)
        .map_err(|e| ApiError::internal("reading a client", e))?
        .ok_or_else(|| ApiError::not_found("No such Login client"))?;
    Ok(Json(client.into()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientChange {
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    email_confirmation: Option<bool>,
    #[serde(default)]
    redirect_uris: Option<Vec<String>>,
}

async fn put_client(
    State(s): State<AppState>,
    p: PathParams,
    JsonBody(change): JsonBody<ClientChange>,
) -> ApiResult<Json<ClientView>> {
    let id = client_id(&p)?;
    if change.expires_in.is_some_and(|e| e <= 0) {
        return Err(ApiError::validation(
            "expires_in",
            "The property `expires_in` must be positive",
        ));
    }
    if change.redirect_uris.as_ref().is_some_and(Vec::is_empty) {
        return Err(ApiError::validation(
            "redirect_uris",
            "The property `redirect_uris` must name at least one URI",
        ));
    }
    let client = store::write(s.store(), |tx| {
        let mut client = store::client(tx, id)?.unwrap_or(Client {
            id,
            expires_in: xsolla_liveops::models::login::DEFAULT_EXPIRES_IN as i64,
            email_confirmation: false,
            redirect_uris: vec![DEFAULT_REDIRECT_URI.to_owned()],
        });
        if let Some(e) = change.expires_in {
            client.expires_in = e;
        }
        if let Some(c) = change.email_confirmation {
            client.email_confirmation = c;
        }
        if let Some(uris) = change.redirect_uris {
            client.redirect_uris = uris;
        }
        store::put_client(tx, &client)?;
        Ok(client)
    })
    .map_err(|e| ApiError::internal("writing a client", e))?;
    Ok(Json(client.into()))
}
