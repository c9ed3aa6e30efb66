//! Request extractors that answer in Xsolla's error format: JSON bodies (422/1102 naming the
//! property, 413 past the size limit), query parameters and path ids.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, RawPathParams, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};

/// A JSON body decoded into `T`. Any schema break becomes 422/1102 with the property path.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, state).await?;
        decode(&bytes).map(JsonBody)
    }
}

/// A JSON body that may be left out: an empty body (or one of only whitespace) is `None`,
/// anything else is decoded like [`JsonBody`].
#[derive(Debug, Clone)]
pub struct OptionalJsonBody<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        decode(&bytes).map(|v| Self(Some(v)))
    }
}

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> ApiResult<Bytes> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large()
        } else {
            ApiError::validation("body", "The request body could not be read")
        }
    })
}

/// Decodes JSON, describing a failure the way Xsolla does.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| describe(&e))?;
    de.end()
        .map_err(|_| ApiError::validation("body", "Invalid JSON: trailing characters"))?;
    Ok(value)
}

fn describe(err: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let inner = err.inner();
    if !matches!(inner.classify(), serde_json::error::Category::Data) {
        return ApiError::validation("body", "Invalid JSON: the body is not a JSON document");
    }
    let path = err.path().to_string();
    let text = inner.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text).to_owned();
    let join = |field: &str| {
        if path == "." || path.is_empty() || path.ends_with(field) {
            if path == "." || path.is_empty() {
                field.to_owned()
            } else {
                path.clone()
            }
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(field) = backticked(&text, "missing field `") {
        let property = join(field);
        return ApiError::validation(&property, format!("The property `{property}` is required"));
    }
    if let Some(field) = backticked(&text, "unknown field `") {
        let property = join(field);
        return ApiError::validation(
            &property,
            format!(
                "The property {property} is not defined and the definition does not allow additional properties"
            ),
        );
    }
    let property = if path == "." { "body".to_owned() } else { path };
    ApiError::validation(
        &property,
        format!("The property `{property}` has an invalid value: {text}"),
    )
}

fn backticked<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// The query string as a map, with typed getters that answer 422 on bad values.
#[derive(Debug, Clone, Default)]
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|_| ApiError::validation("query", "The query string could not be read"))
    }
}

impl Params {
    /// A non-negative integer parameter.
    pub fn uint(&self, name: &str) -> ApiResult<Option<u64>> {
        match self.0.get(name) {
            None => Ok(None),
            Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
                ApiError::validation(
                    name,
                    format!("The property `{name}` must be a non-negative integer"),
                )
            }),
        }
    }

    /// `limit` (default and maximum `max`, at least 1) and `offset` (default 0).
    pub fn page(&self, max: u64) -> ApiResult<(usize, usize)> {
        let limit = self.uint("limit")?.unwrap_or(max).clamp(1, max);
        let offset = self.uint("offset")?.unwrap_or(0);
        Ok((
            usize::try_from(limit).unwrap_or(usize::MAX),
            usize::try_from(offset).unwrap_or(usize::MAX),
        ))
    }

    /// A 0/1 (or true/false) flag.
    pub fn flag(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.0.get(name).map(String::as_str) {
            None => Ok(None),
            Some("1" | "true") => Ok(Some(true)),
            Some("0" | "false") => Ok(Some(false)),
            Some(_) => Err(ApiError::validation(
                name,
                format!("The property `{name}` must be 0 or 1"),
            )),
        }
    }

    /// The response language (`locale`, two letters; default `en`).
    pub fn locale(&self) -> &str {
        self.0.get("locale").map_or("en", String::as_str)
    }
}

/// Path parameters by name, percent-decoded. A segment that does not decode is answered 404,
/// like a path no route serves. A route has a handful of parameters, so they are looked up in
/// the router's own list rather than copied into a map.
#[derive(Debug)]
pub struct PathParams(RawPathParams);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        RawPathParams::from_request_parts(parts, state)
            .await
            .map(PathParams)
            .map_err(|_| ApiError::no_route())
    }
}

impl PathParams {
    /// A parameter's decoded value, if the route has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find_map(|(key, value)| (key == name).then_some(value))
    }

    /// An integer id; anything else is a 404 with `not_found` as its text.
    pub fn id(&self, name: &str, not_found: &str) -> ApiResult<i64> {
        self.get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| ApiError::not_found(not_found))
    }

    /// A string segment.
    pub fn text(&self, name: &str) -> ApiResult<&str> {
        self.get(name).ok_or_else(ApiError::no_route)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        steps: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        quantity: i64,
    }

    fn message(json: &str) -> String {
        decode::<Outer>(json.as_bytes()).unwrap_err().message
    }

    #[test]
    fn errors_name_the_property() {
        assert_eq!(
            message(r#"{"name":"a"}"#),
            "[0401-1102]: Unprocessable Entity. The property `steps` is required"
        );
        assert!(
            message(r#"{"name":"a","steps":[{"quantity":1,"x":2}]}"#)
                .contains("steps[0].x is not defined")
        );
        assert!(
            message(r#"{"name":"a","steps":[{"quantity":"1"}]}"#)
                .contains("`steps[0].quantity` has an invalid value")
        );
        assert!(
            message(r#"{"name":"a","steps":[{}]}"#).contains("`steps[0].quantity` is required")
        );
        assert!(message("{nope").contains("Invalid JSON"));
        assert!(message(r#"{"name":"a","steps":[]} x"#).contains("trailing"));
    }
}
