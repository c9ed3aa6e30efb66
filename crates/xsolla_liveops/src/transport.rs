//! Sending bytes: the [`Transport`] trait and its reqwest implementation.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};

use crate::error::Error;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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
/// [`Error::Transport`], telling connection failures (request not sent) from the rest.
pub trait Transport: Send + Sync + 'static {
    /// Sends the request and reads the whole response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, Error>>;
}

/// Timeouts and identification of the reqwest transport.
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

    /// The default transport: reqwest with rustls, TLS 1.2 or newer.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// Builds the transport.
        pub fn new(config: &TransportConfig) -> Result<Self, Error> {
            let client = reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .timeout(config.request_timeout)
                .user_agent(config.user_agent.clone())
                .tls_version_min(reqwest::tls::Version::TLS_1_2)
                .build()
                .map_err(|e| {
                    Error::Transport(TransportError::new(
                        "could not build the HTTP client",
                        true,
                        Some(Box::new(e)),
                    ))
                })?;
            Ok(Self { client })
        }

        /// Wraps an existing reqwest client (its own timeouts and TLS settings apply).
        pub fn from_client(client: reqwest::Client) -> Self {
            Self { client }
        }
    }

    fn map_error(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout;
        }
        let connect = e.is_connect();
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
