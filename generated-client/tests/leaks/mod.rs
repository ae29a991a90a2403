//! What the secret-leak tests (`redaction.rs`, `traces.rs`) share: the secrets, a server that echoes the
//! `Authorization` header back, and the check that a text shows neither secret.

use wiremock::{Request, ResponseTemplate};

pub const CLIENT_SECRET: &str = "client-secret-5f1e";
pub const ACCESS_TOKEN: &str = "access-token-9c2a";

pub fn assert_clean(what: &str, text: &str) {
    for secret in [CLIENT_SECRET, ACCESS_TOKEN] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

/// Answers 401 with a body that echoes the request's `Authorization` header, as some proxies do.
pub fn echo_authorization(request: &Request) -> ResponseTemplate {
    let authorization = request
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("none");
    ResponseTemplate::new(401)
        .set_body_string(format!("{{\"detail\": \"rejected {authorization}\"}}"))
}
