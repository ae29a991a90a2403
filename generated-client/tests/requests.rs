//! What goes on the wire, checked against an in-process HTTP server (wiremock on 127.0.0.1): headers, query
//! strings, path segments and bodies, and how responses become values or typed errors.

use std::error::Error as StdError;

use lexmachina::types::{AnalyticTypes, CourtFilter, DistrictCaseQuery};
use lexmachina::{Client, Error, ErrorBody, RetryPolicy};
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

type TestResult = Result<(), Box<dyn StdError>>;

fn client(server: &MockServer) -> Result<Client, Error> {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(RetryPolicy::none())
        .build()
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Result<Request, Box<dyn StdError>> {
    let mut requests = server.received_requests().await.unwrap_or_default();
    match requests.len() {
        1 => Ok(requests.remove(0)),
        count => Err(format!("expected one request, the server received {count}").into()),
    }
}

fn alerts_json() -> serde_json::Value {
    serde_json::json!([{
        "alertId": 121766,
        "type": "New Party PTAB Trials",
        "customName": "ptab-case",
        "frequency": "Daily",
        "lastRun": "2024-10-11",
        "alertUrl": "https://api.lexmachina.com/alerts/runs/121766",
        "lawUrl": "https://law.lexmachina.com/party/ptab"
    }])
}

fn health_json() -> serde_json::Value {
    serde_json::json!({"legalDataIsAvailable": true, "userAccountDataIsAvailable": true, "searchDataIsAvailable": true})
}

#[tokio::test]
async fn the_bearer_token_goes_only_to_secured_operations() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/alerts"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(alerts_json()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server)?;
    let alerts = client.get_alerts().await?;
    assert_eq!(alerts.first().map(|alert| alert.alert_id), Some(121_766));
    client.oauth2_token().await?;

    let requests = server.received_requests().await.unwrap_or_default();
    let token_request = requests
        .iter()
        .find(|request| request.url.path() == "/oauth2/token");
    assert!(token_request.is_some_and(|request| !request.headers.contains_key("authorization")));
    Ok(())
}

#[tokio::test]
async fn sends_a_user_agent_naming_the_crate_and_version() -> TestResult {
    let server = MockServer::start().await;
    let agent = format!("lexmachina/{}", env!("CARGO_PKG_VERSION"));
    Mock::given(path("/health"))
        .and(header("user-agent", agent.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(health_json()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)?.get_health().await?;
    Ok(())
}

#[tokio::test]
async fn array_query_parameters_are_repeated_keys() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/attorneys"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    client(&server)?
        .get_attorneys([1, 2, 2_034_417_512])
        .await?;
    let request = only_request(&server).await?;
    assert_eq!(
        request.url.query(),
        Some("attorneyIds=1&attorneyIds=2&attorneyIds=2034417512")
    );
    Ok(())
}

#[tokio::test]
async fn optional_parameters_are_omitted_not_null() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/search-attorneys"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "totalCount": 0, "page": 1, "attorneys": []
        })))
        .mount(&server)
        .await;
    let client = client(&server)?;
    client.search_attorneys("Smith & Sons").await?;
    let request = only_request(&server).await?;
    assert_eq!(request.url.query(), Some("q=Smith+%26+Sons"));

    server.reset().await;
    Mock::given(path("/search-attorneys"))
        .and(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "totalCount": 0, "page": 2, "attorneys": []
        })))
        .mount(&server)
        .await;
    let page = client.search_attorneys("Smith").page_number(2).await?;
    assert_eq!(page.page, 2);
    let request = only_request(&server).await?;
    assert_eq!(request.url.query(), Some("q=Smith&pageNumber=2"));
    Ok(())
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"detail": "Not Found"})),
        )
        .mount(&server)
        .await;
    let error = client(&server)?.get_patent("US 7,654/321?x#y").await.err();
    assert_eq!(error.as_ref().and_then(Error::status), Some(404));
    let request = only_request(&server).await?;
    assert_eq!(request.url.path(), "/patents/US%207%2C654%2F321%3Fx%23y");
    Ok(())
}

#[tokio::test]
async fn path_parameters_that_would_leave_their_segment_are_never_sent() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server)?;
    for value in ["..", ".", ""] {
        let error = client.get_patent(value).await.err();
        let Some(Error::Encode { operation, message }) = &error else {
            return Err(format!("{value:?}: expected an encode error, got {error:?}").into());
        };
        assert_eq!(*operation, "get_patent");
        assert!(
            message.contains("path parameter value") && message.contains("is not allowed"),
            "{value:?}: {message}"
        );
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "sent {received:?}");
    Ok(())
}

#[tokio::test]
async fn a_post_query_sends_its_json_body() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/query-district-cases"))
        .and(header("content-type", "application/json"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"cases": []})))
        .expect(1)
        .mount(&server)
        .await;
    let query = DistrictCaseQuery {
        courts: Some(CourtFilter {
            include: Some(vec!["njd".into()]),
            ..CourtFilter::default()
        }),
        page: Some(1),
        page_size: Some(3),
        ..DistrictCaseQuery::default()
    };
    client(&server)?.query_district_cases(&query).await?;
    let request = only_request(&server).await?;
    let body: serde_json::Value = serde_json::from_slice(&request.body)?;
    assert_eq!(
        body,
        serde_json::json!({"courts": {"include": ["njd"]}, "page": 1, "pageSize": 3})
    );
    Ok(())
}

#[tokio::test]
async fn a_422_carries_the_typed_validation_body() -> TestResult {
    // The document types a 422 body only for the token operation; elsewhere it gives examples, no schema.
    let server = MockServer::start().await;
    let detail = serde_json::json!({"detail": [{"loc": ["query", "grant_type"], "msg": "bad value", "type": "enum"}]});
    Mock::given(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(422).set_body_json(&detail))
        .mount(&server)
        .await;
    let result = client(&server)?.oauth2_token().grant_type("password").await;
    let Err(Error::Api(error)) = result else {
        return Err(format!("expected an API error, got {result:?}").into());
    };
    assert_eq!(error.status.as_u16(), 422);
    let ErrorBody::HttpValidationError(body) = &error.body else {
        return Err(format!("expected a typed body, got {:?}", error.body).into());
    };
    let messages: Vec<&str> = body
        .detail
        .iter()
        .flatten()
        .map(|item| item.msg.as_str())
        .collect();
    assert_eq!(messages, ["bad value"]);
    let text = error.to_string();
    assert!(
        text.contains("422") && text.contains("bad value") && text.contains("check them"),
        "{text}"
    );
    let request = only_request(&server).await?;
    assert_eq!(request.url.query(), Some("grant_type=password"));
    Ok(())
}

#[tokio::test]
async fn an_undocumented_422_body_is_kept_as_json() -> TestResult {
    let server = MockServer::start().await;
    let detail =
        serde_json::json!({"summary": "Invalid input", "detail": [{"msg": "invalid input"}]});
    Mock::given(path("/analyze-district-cases/from-alert/7"))
        .respond_with(ResponseTemplate::new(422).set_body_json(&detail))
        .mount(&server)
        .await;
    let result = client(&server)?
        .analyze_district_cases_from_alert(7, AnalyticTypes::CaseCountByType)
        .await;
    let Err(Error::Api(error)) = result else {
        return Err(format!("expected an API error, got {result:?}").into());
    };
    assert_eq!(error.body, ErrorBody::Json(detail));
    let request = only_request(&server).await?;
    assert_eq!(request.url.query(), Some("analytic_type=CaseCountByType"));
    Ok(())
}

#[tokio::test]
async fn an_undocumented_error_body_is_kept_raw() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/alerts"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    let result = client(&server)?.get_alerts().await;
    let Err(Error::Api(error)) = result else {
        return Err(format!("expected an API error, got {result:?}").into());
    };
    assert!(matches!(error.body, ErrorBody::Raw));
    assert_eq!(error.raw_body, "<html>Bad Gateway</html>");
    assert!(error.to_string().contains("retry later"), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_body_that_does_not_match_is_a_decode_error_with_its_path() -> TestResult {
    let server = MockServer::start().await;
    let mut body = alerts_json();
    body[0]["alertId"] = serde_json::json!("not a number");
    Mock::given(path("/alerts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let result = client(&server)?.get_alerts().await;
    let Err(Error::Decode {
        operation,
        status,
        path,
        excerpt,
        ..
    }) = &result
    else {
        return Err(format!("expected a decode error, got {result:?}").into());
    };
    assert_eq!(
        (*operation, *status, path.as_str()),
        ("get_alerts", 200, "[0].alertId")
    );
    assert!(excerpt.contains("not a number"), "{excerpt}");
    let text = result
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(
        text.contains("[0].alertId") && text.contains("regenerate"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn both_ptab_trial_operations_are_callable() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/ptab-trials/3887"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"detail": "by id"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/ptab-trials/CBM2015-00182"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"detail": "by number"})),
        )
        .mount(&server)
        .await;
    let client = client(&server)?;
    let by_id = client.get_ptab_trial(3887).await.err();
    let by_number = client.get_ptab_trial_by_number("CBM2015-00182").await.err();
    assert!(
        matches!(&by_id, Some(Error::Api(error)) if error.raw_body.contains("by id")),
        "{by_id:?}"
    );
    assert!(
        matches!(&by_number, Some(Error::Api(error)) if error.raw_body.contains("by number")),
        "{by_number:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/proxy/lexmachina/health"))
        .respond_with(ResponseTemplate::new(200).set_body_json(health_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/proxy/lexmachina/", server.uri()))
        .bearer_token("t")
        .build()?;
    client.get_health().await?;
    Ok(())
}

#[tokio::test]
async fn a_caller_provided_http_client_is_used() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(path("/health"))
        .and(header("user-agent", "my-app/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(health_json()))
        .expect(1)
        .mount(&server)
        .await;
    let http = reqwest::Client::builder().user_agent("my-app/2").build()?;
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .http_client(http)
        .build()?
        .get_health()
        .await?;
    Ok(())
}
