//! The HTTP client: credentials, base URL, retry, and the `handler → builder → send()` calls.

use std::sync::Arc;
use std::time::Duration;

use crate::time::Instant;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;

#[cfg(feature = "admin")]
use crate::auth::AdminCredentials;
use crate::auth::UserToken;
use crate::endpoint::{Endpoint, Paginated};
use crate::error::{ApiError, AuthScheme, Error, ErrorBody, Result};
use crate::ids::ProjectId;
use crate::retry::{Decision, Outcome, RetryPolicy, parse_retry_after};
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportConfig};

/// Xsolla's production API.
pub const DEFAULT_BASE_URL: &str = "https://store.xsolla.com/api";

/// Stops a runaway pagination walk against a server that always claims more pages.
const MAX_PAGES: usize = 10_000;

struct Shared {
    transport: Arc<dyn Transport>,
    base_url: String,
    project: ProjectId,
    retry: RetryPolicy,
    #[cfg(feature = "admin")]
    admin: Option<AdminCredentials>,
}

/// A LiveOps API client for one project.
///
/// Cheap to clone: clones share the connection pool. The player's token belongs to a clone, so
/// one client can serve many players with [`Client::with_user_token`].
///
/// ```no_run
/// # async fn run() -> xsolla_liveops::Result<()> {
/// use xsolla_liveops::{Client, ProjectId, UserToken};
/// let token = UserToken::parse("eyJ…").expect("a JWT");
/// let client = Client::builder(ProjectId(44056)).user_token(token).build()?;
/// let chains = client.daily_chains().list().send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    user: Option<UserToken>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Client");
        d.field("base_url", &self.shared.base_url)
            .field("project", &self.shared.project)
            .field("user", &self.user);
        #[cfg(feature = "admin")]
        d.field("admin", &self.shared.admin);
        d.finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    project: ProjectId,
    base_url: String,
    retry: RetryPolicy,
    transport: Option<Arc<dyn Transport>>,
    config: TransportConfig,
    user: Option<UserToken>,
    #[cfg(feature = "admin")]
    admin: Option<AdminCredentials>,
}

impl ClientBuilder {
    /// Base URL, without a trailing slash: `https://store.xsolla.com/api` (the default), a
    /// staging host, or a local emulator such as `http://127.0.0.1:8780`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Retry bounds for idempotent calls.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Connect timeout of the reqwest transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Whole-request timeout of the reqwest transport.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.config.request_timeout = timeout;
        self
    }

    /// A transport of your own (tests, another HTTP stack). Timeouts set here then do not apply.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The player's Login JWT, for client-side calls.
    pub fn user_token(mut self, token: UserToken) -> Self {
        self.user = Some(token);
        self
    }

    /// Server credentials, for admin calls.
    #[cfg(feature = "admin")]
    pub fn admin_credentials(mut self, credentials: AdminCredentials) -> Self {
        self.admin = Some(credentials);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(&self.config)?,
        };
        Ok(Client {
            shared: Arc::new(Shared {
                transport,
                base_url: self.base_url,
                project: self.project,
                retry: self.retry,
                #[cfg(feature = "admin")]
                admin: self.admin,
            }),
            user: self.user,
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(config: &TransportConfig) -> Result<Arc<dyn Transport>> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new(config)?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: &TransportConfig) -> Result<Arc<dyn Transport>> {
    Err(Error::InvalidInput(
        "no transport: enable the `reqwest` feature or call ClientBuilder::transport".into(),
    ))
}

/// A decoded answer with what the response said besides its body.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    /// The decoded body.
    pub value: T,
    /// HTTP status.
    pub status: u16,
    /// The server's clock, from the `Date` header.
    pub server_date: Option<chrono::DateTime<chrono::Utc>>,
    /// Attempts made (more than 1 after retries).
    pub attempts: u32,
}

impl<T> Reply<T> {
    /// The same reply with its value transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        Reply {
            value: f(self.value),
            status: self.status,
            server_date: self.server_date,
            attempts: self.attempts,
        }
    }
}

impl Client {
    /// Starts building a client for a project.
    pub fn builder(project: ProjectId) -> ClientBuilder {
        ClientBuilder {
            project,
            base_url: DEFAULT_BASE_URL.to_owned(),
            retry: RetryPolicy::default(),
            transport: None,
            config: TransportConfig::default(),
            user: None,
            #[cfg(feature = "admin")]
            admin: None,
        }
    }

    /// The project id.
    pub fn project(&self) -> ProjectId {
        self.shared.project
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The player's token, if one is set.
    pub fn user_token(&self) -> Option<&UserToken> {
        self.user.as_ref()
    }

    /// Replaces (or clears) the player's token.
    pub fn set_user_token(&mut self, token: Option<UserToken>) {
        self.user = token;
    }

    /// A clone of this client acting for another player.
    pub fn with_user_token(&self, token: UserToken) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            user: Some(token),
        }
    }

    /// Wraps an endpoint value in a request bound to this client.
    pub fn request<E: Endpoint>(&self, endpoint: E) -> Request<'_, E> {
        Request {
            client: self,
            endpoint,
        }
    }

    /// Sends an endpoint and decodes its answer.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output> {
        self.send_with_meta(endpoint).await.map(|r| r.value)
    }

    /// Sends an endpoint and returns the answer with its status and server date.
    pub async fn send_with_meta<E: Endpoint>(&self, endpoint: &E) -> Result<Reply<E::Output>> {
        let request = self.prepare(endpoint)?;
        let idempotent = endpoint.idempotent();
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent_at = Instant::now();
            let result = self.shared.transport.send(request.clone()).await;
            log_attempt(&request, &result, sent_at.elapsed(), attempt);
            let outcome = match &result {
                Ok(response) if (200..300).contains(&response.status) => {
                    let response = result?;
                    return Ok(Reply {
                        value: decode::<E::Output>(response.status, &response.body)?,
                        status: response.status,
                        server_date: server_date(&response.headers),
                        attempts: attempt,
                    });
                }
                Ok(response) => Outcome::Status {
                    status: response.status,
                    retry_after: response
                        .headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, crate::time::unix_seconds())),
                },
                Err(Error::Timeout) => Outcome::TimedOut,
                Err(Error::Transport(t)) if t.is_connect() => Outcome::ConnectFailed,
                Err(_) => Outcome::ConnectionLost,
            };
            let decision = self.shared.retry.decide(
                idempotent,
                attempt,
                started.elapsed(),
                outcome,
                fastrand::f64(),
            );
            match decision {
                Decision::RetryAfter(delay) => crate::time::sleep(delay).await,
                Decision::Stop => {
                    return Err(match result {
                        Ok(response) => api_error(&response),
                        Err(e) => e,
                    });
                }
            }
        }
    }

    /// Walks every page of a list operation and returns all items.
    pub async fn collect_all<E: Paginated>(&self, endpoint: E) -> Result<Vec<E::Item>> {
        let mut endpoint = endpoint;
        let mut items = Vec::new();
        let page = endpoint.page_mut();
        page.limit = Some(E::MAX_LIMIT);
        let mut offset = page.offset.unwrap_or(0);
        for _ in 0..MAX_PAGES {
            endpoint.page_mut().offset = Some(offset);
            let (mut batch, has_more) = E::split_page(self.send(&endpoint).await?, offset);
            let got = batch.len() as u32;
            items.append(&mut batch);
            if !has_more || got == 0 {
                break;
            }
            offset += got;
        }
        Ok(items)
    }

    fn prepare<E: Endpoint>(&self, endpoint: &E) -> Result<HttpRequest> {
        let mut url = format!(
            "{}{}",
            self.shared.base_url,
            endpoint.path(self.shared.project)
        );
        let query = endpoint.query();
        if !query.is_empty() {
            url.push('?');
            for (i, (k, v)) in query.iter().enumerate() {
                if i > 0 {
                    url.push('&');
                }
                url.push_str(k);
                url.push('=');
                url.push_str(&crate::endpoint::segment(v));
            }
        }
        let mut headers = http::HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut auth =
            HeaderValue::try_from(self.authorization(endpoint.auth())?).map_err(|_| {
                Error::InvalidInput("credentials contain invalid header characters".into())
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        let body = endpoint.body().map_err(Error::Encode)?.map(Bytes::from);
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Ok(HttpRequest {
            method: endpoint.method(),
            url,
            headers,
            body,
        })
    }

    fn authorization(&self, scheme: AuthScheme) -> Result<String> {
        match scheme {
            AuthScheme::User => self
                .user
                .as_ref()
                .map(|t| format!("Bearer {}", t.expose_secret()))
                .ok_or(Error::MissingCredentials(AuthScheme::User)),
            #[cfg(feature = "admin")]
            AuthScheme::Admin => self
                .shared
                .admin
                .as_ref()
                .map(AdminCredentials::basic_header)
                .ok_or(Error::MissingCredentials(AuthScheme::Admin)),
            #[cfg(not(feature = "admin"))]
            AuthScheme::Admin => Err(Error::MissingCredentials(AuthScheme::Admin)),
        }
    }
}

fn log_attempt(
    request: &HttpRequest,
    result: &Result<HttpResponse>,
    elapsed: Duration,
    attempt: u32,
) {
    // The URL never holds a credential; headers are not logged.
    let path = request
        .url
        .split_once("/v")
        .map_or(request.url.as_str(), |(_, p)| p);
    match result {
        Ok(r) => tracing::debug!(
            method = %request.method, path = %format_args!("/v{path}"), status = r.status,
            elapsed_ms = elapsed.as_millis() as u64, attempt, "xsolla liveops request"
        ),
        Err(e) => tracing::debug!(
            method = %request.method, path = %format_args!("/v{path}"), error = %e,
            elapsed_ms = elapsed.as_millis() as u64, attempt, "xsolla liveops request failed"
        ),
    }
}

/// Decodes a success body. An empty body reads as `null`, so 204 and 200 replies decode alike.
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        status,
        source: e.into_inner(),
    })
}

fn api_error(response: &HttpResponse) -> Error {
    let body = serde_json::from_slice::<ErrorBody>(&response.body)
        .ok()
        .map(Box::new);
    let raw = if body.is_none() && !response.body.is_empty() {
        let text = String::from_utf8_lossy(&response.body);
        Some(text.chars().take(1024).collect())
    } else {
        None
    };
    Error::Api(ApiError {
        status: response.status,
        body,
        raw,
    })
}

fn server_date(headers: &http::HeaderMap) -> Option<chrono::DateTime<chrono::Utc>> {
    let value = headers.get(DATE)?.to_str().ok()?;
    chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|d| d.to_utc())
}

/// An operation bound to a client, ready to send: `client.daily_chains().claim(id, 1).send()`.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'a, E> {
    client: &'a Client,
    endpoint: E,
}

impl<'a, E: Endpoint> Request<'a, E> {
    /// The operation value.
    pub fn endpoint(&self) -> &E {
        &self.endpoint
    }

    /// The operation value, to adjust it.
    pub fn endpoint_mut(&mut self) -> &mut E {
        &mut self.endpoint
    }

    /// The operation value, detached from the client.
    pub fn into_endpoint(self) -> E {
        self.endpoint
    }

    /// Sends the request.
    pub async fn send(self) -> Result<E::Output> {
        self.client.send(&self.endpoint).await
    }

    /// Sends the request; the answer comes with its status and the server's clock.
    pub async fn send_with_meta(self) -> Result<Reply<E::Output>> {
        self.client.send_with_meta(&self.endpoint).await
    }
}

impl<'a, E: Paginated> Request<'a, E> {
    /// Items per page (clamped to the operation's maximum).
    pub fn limit(mut self, limit: u32) -> Self {
        self.endpoint.page_mut().limit = Some(limit);
        self
    }

    /// Items to skip.
    pub fn offset(mut self, offset: u32) -> Self {
        self.endpoint.page_mut().offset = Some(offset);
        self
    }

    /// Walks every page from the current offset and returns all items.
    pub async fn all(self) -> Result<Vec<E::Item>> {
        self.client.collect_all(self.endpoint).await
    }
}

/// Server-side calls (`client.admin()`), authenticated with the project's API key.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, Copy)]
pub struct Admin<'a>(&'a Client);

#[cfg(feature = "admin")]
impl<'a> Admin<'a> {
    /// The client behind these calls.
    pub fn client(&self) -> &'a Client {
        self.0
    }
}

#[cfg(feature = "admin")]
impl Client {
    /// Server-side calls. They need [`ClientBuilder::admin_credentials`].
    pub fn admin(&self) -> Admin<'_> {
        Admin(self)
    }
}
