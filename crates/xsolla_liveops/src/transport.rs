//! Sending bytes: the [`Transport`] trait and its reqwest implementation.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};

use crate::error::Error;

/// A boxed future; `Send` natively, where it may move between a runtime's threads. In a
/// browser (`wasm32`) it is not: `fetch` futures live on the page's one thread.
#[cfg(not(target_arch = "wasm32"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A boxed future; `Send` natively, where it may move between a runtime's threads. In a
/// browser (`wasm32`) it is not: `fetch` futures live on the page's one thread.
#[cfg(target_arch = "wasm32")]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A request ready to go on the wire.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL, query included.
    pub url: String,
    /// Headers, `Authorization` included (its value is marked sensitive).
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Option<Bytes>,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

/// Sends one HTTP request. Implementations map their failures to [`Error::Timeout`] and
/// [`Error::Transport`], telling connection failures (request not sent) from the rest. A
/// transport that cannot tell (a browser's `fetch` reports a refused connection like any other
/// failure) must not claim a connection failure: the request may have been sent.
pub trait Transport: Send + Sync + 'static {
    /// Sends the request and reads the whole response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, Error>>;
}

/// Timeouts and identification of the reqwest transport.
///
/// In a browser only `request_timeout` applies (per request); the browser decides how long to
/// connect and sends its own `User-Agent`.
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, from sending to the last body byte.
    pub request_timeout: Duration,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

#[cfg(feature = "reqwest")]
pub use self::reqwest_impl::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_impl {
    use super::*;
    use crate::error::TransportError;

    /// The default transport: reqwest with rustls, TLS 1.2 or newer; in a browser, reqwest's
    /// `fetch` backend (TLS is the browser's).
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
        /// The per-request timeout: a browser's client has no client-wide one.
        #[cfg(target_arch = "wasm32")]
        timeout: Option<Duration>,
    }

    impl ReqwestTransport {
        /// Builds the transport.
        pub fn new(config: &TransportConfig) -> Result<Self, Error> {
            let builder = reqwest::Client::builder();
            #[cfg(not(target_arch = "wasm32"))]
            let builder = builder
                .connect_timeout(config.connect_timeout)
                .timeout(config.request_timeout)
                .user_agent(config.user_agent.clone())
                .tls_version_min(reqwest::tls::Version::TLS_1_2);
            let client = builder.build().map_err(|e| {
                Error::Transport(TransportError::new(
                    "could not build the HTTP client",
                    true,
                    Some(Box::new(e)),
                ))
            })?;
            Ok(Self {
                client,
                #[cfg(target_arch = "wasm32")]
                timeout: Some(config.request_timeout),
            })
        }

        /// Wraps an existing reqwest client (its own timeouts and TLS settings apply).
        pub fn from_client(client: reqwest::Client) -> Self {
            Self {
                client,
                #[cfg(target_arch = "wasm32")]
                timeout: None,
            }
        }
    }

    /// Whether the request surely did not leave. A browser's `fetch` does not say (a refused
    /// connection, a CORS refusal and a dropped connection are the same `TypeError`), so there
    /// it is never assumed.
    #[cfg(not(target_arch = "wasm32"))]
    fn not_sent(e: &reqwest::Error) -> bool {
        e.is_connect()
    }

    #[cfg(target_arch = "wasm32")]
    fn not_sent(_: &reqwest::Error) -> bool {
        false
    }

    fn map_error(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout;
        }
        let connect = not_sent(&e);
        let message = if connect {
            "could not connect"
        } else if e.is_body() || e.is_decode() {
            "the response body could not be read"
        } else {
            "the request failed"
        };
        Error::Transport(TransportError::new(
            message,
            connect,
            Some(Box::new(e.without_url())),
        ))
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, Error>> {
            Box::pin(async move {
                let mut builder = self
                    .client
                    .request(request.method, &request.url)
                    .headers(request.headers);
                if let Some(body) = request.body {
                    builder = builder.body(body);
                }
                #[cfg(target_arch = "wasm32")]
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                let response = builder.send().await.map_err(map_error)?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(map_error)?;
                Ok(HttpResponse {
                    status,
                    headers,
                    body,
                })
            })
        }
    }
}
