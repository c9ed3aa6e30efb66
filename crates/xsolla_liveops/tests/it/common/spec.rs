//! Reads request and response examples out of Xsolla's OpenAPI description and checks that our
//! types carry them through a round trip.
//!
//! The spec is `shared/reference/xsolla-shop-builder-openapi-2025-05.json`, found beside the
//! repository (as in CI) or at `$XSOLLA_OPENAPI`.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The parsed spec, loaded once per test binary.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = spec_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the OpenAPI spec at {}: {e}", path.display()));
        serde_json::from_str(&text).expect("the OpenAPI spec is JSON")
    })
}

fn spec_path() -> PathBuf {
    if let Ok(p) = std::env::var("XSOLLA_OPENAPI") {
        return PathBuf::from(p);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = "reference/xsolla-shop-builder-openapi-2025-05.json";
    for up in manifest.ancestors() {
        let candidate = up.join("shared").join(name);
        if candidate.exists() {
            return candidate;
        }
    }
    panic!(
        "shared/{name} not found above {}; set XSOLLA_OPENAPI",
        manifest.display()
    )
}

fn resolve(mut v: &'static Value) -> &'static Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let mut cur = spec();
        for part in r.trim_start_matches("#/").split('/') {
            cur = &cur[part];
        }
        v = cur;
    }
    v
}

fn collect(content: &'static Value, out: &mut Vec<(String, Value)>) {
    let content = resolve(content);
    if let Some(e) = content.get("example") {
        out.push(("example".into(), e.clone()));
    }
    if let Some(map) = content.get("examples").and_then(Value::as_object) {
        for (name, ex) in map {
            if let Some(v) = resolve(ex).get("value") {
                out.push((name.clone(), v.clone()));
            }
        }
    }
}

/// The documented examples of one operation.
#[derive(Debug, Default)]
pub struct OpExamples {
    /// Request body examples: (name, body).
    pub requests: Vec<(String, Value)>,
    /// Response examples: (status, name, body).
    pub responses: Vec<(u16, String, Value)>,
}

impl OpExamples {
    /// Response examples with a 2xx status.
    pub fn successes(&self) -> impl Iterator<Item = &(u16, String, Value)> {
        self.responses
            .iter()
            .filter(|(s, _, _)| (200..300).contains(s))
    }

    /// Response examples with an error status.
    pub fn errors(&self) -> impl Iterator<Item = &(u16, String, Value)> {
        self.responses.iter().filter(|(s, _, _)| *s >= 400)
    }
}

/// The examples of `METHOD path` (path as written in the spec, with `{project_id}`).
pub fn examples(method: &str, path: &str) -> OpExamples {
    let op = &spec()["paths"][path][method.to_ascii_lowercase()];
    assert!(op.is_object(), "{method} {path} is not in the spec");
    let mut ex = OpExamples::default();
    if let Some(body) = op.get("requestBody") {
        collect(
            &resolve(body)["content"]["application/json"],
            &mut ex.requests,
        );
    }
    if let Some(responses) = op["responses"].as_object() {
        for (status, response) in responses {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            let mut found = Vec::new();
            collect(
                &resolve(response)["content"]["application/json"],
                &mut found,
            );
            ex.responses
                .extend(found.into_iter().map(|(n, v)| (status, n, v)));
        }
    }
    ex
}

/// How strictly a round trip is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// Same keys and values both ways (requests: nothing more may be sent).
    Exact,
    /// Everything in the example survives; the output may add keys the example left out.
    Superset,
}

/// Deserializes `example` as `T`, serializes it again and compares. `null` and an absent key
/// are the same; numbers compare by value; two date-time strings compare as instants.
/// Returns the decoded value.
pub fn round_trip<T: DeserializeOwned + Serialize>(
    label: &str,
    example: &Value,
    mode: Compare,
) -> T {
    let typed: T = {
        let text = example.to_string();
        let mut de = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut de).unwrap_or_else(|e| {
            panic!(
                "{label}: does not decode at `{}`: {}\n{example:#}",
                e.path(),
                e
            )
        })
    };
    let back = serde_json::to_value(&typed).expect("serializes");
    if let Err(diff) = same(example, &back, mode, "$") {
        panic!(
            "{label}: round trip changed the JSON at {diff}\nexample: {example:#}\nours:    {back:#}"
        );
    }
    typed
}

fn same(a: &Value, b: &Value, mode: Compare, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => same(va, vb, mode, &format!("{at}.{k}"))?,
                    None if va.is_null() => {}
                    None => return Err(format!("{at}.{k} (missing in ours)")),
                }
            }
            if mode == Compare::Exact {
                for (k, vb) in y {
                    if !x.contains_key(k) && !vb.is_null() {
                        return Err(format!("{at}.{k} (added by ours: {vb})"));
                    }
                }
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{at} (array length {} vs {})", x.len(), y.len()));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                same(va, vb, mode, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
        (Value::String(x), Value::String(y)) if x == y || same_instant(x, y) => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(format!("{at} ({a} vs {b})")),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Runs every example of an operation through the given types: requests exactly, successes as
/// a superset, errors through [`xsolla_liveops::ErrorBody`]. Returns how many examples ran.
pub fn check_operation<Req, Resp>(method: &str, path: &str) -> usize
where
    Req: DeserializeOwned + Serialize,
    Resp: DeserializeOwned + Serialize,
{
    let ex = examples(method, path);
    let mut n = 0;
    for (name, body) in &ex.requests {
        round_trip::<Req>(
            &format!("{method} {path} request `{name}`"),
            body,
            Compare::Exact,
        );
        n += 1;
    }
    for (status, name, body) in ex.successes() {
        round_trip::<Resp>(
            &format!("{method} {path} {status} `{name}`"),
            body,
            Compare::Superset,
        );
        n += 1;
    }
    n + check_errors(method, path)
}

/// Runs the error examples of an operation through [`xsolla_liveops::ErrorBody`].
pub fn check_errors(method: &str, path: &str) -> usize {
    let ex = examples(method, path);
    let mut n = 0;
    for (status, name, body) in ex.errors() {
        round_trip::<xsolla_liveops::ErrorBody>(
            &format!("{method} {path} {status} `{name}`"),
            body,
            Compare::Exact,
        );
        n += 1;
    }
    n
}

/// The request type of an operation that takes no body: any example for it fails the test.
#[derive(Debug, Serialize)]
pub struct NoBody;

impl<'de> serde::Deserialize<'de> for NoBody {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "this operation takes no body, yet the spec shows one",
        ))
    }
}
