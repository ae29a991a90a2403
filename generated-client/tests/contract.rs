//! Contract tests against Prism serving the pinned upstream API document with `--errors`, so that any request
//! the document does not allow (a wrong query encoding, a missing bearer header, a bad body) comes back as an
//! error instead of a mock answer. `cargo xtask test` starts Prism and sets the variables below; without them
//! these tests skip, loudly, so that a plain `cargo test` still works.
//!
//! What Prism does with the document's quirks, pinned down here so a change is noticed:
//! - `/ptab-trials/{ptab_trial_id}` (integer) and `/ptab-trials/{ptab_trial_number}` (string) are the same
//!   route. Prism ranks equal matches so that the later-declared one, by number, always wins: both generated
//!   methods are answered, but a `get_ptab_trial` request is validated against the string parameter.
//! - The document declares `POST /oauth2/token` with three optional query parameters, no body and an untyped
//!   (`{}`) 200 without an example: Prism accepts the generated `oauth2_token` call and answers `null`, and it
//!   rejects the form body the real service needs (415, reported as the documented 422). The client-credentials
//!   flow is therefore checked against a second Prism serving `contract/token-endpoint.yaml`, which describes the
//!   token endpoint as the service and the vendor's clients use it.
//! - The first documented 200 example of `get_state_case` ("single state case") lacks `dates.trial`, which the
//!   schema requires (as nullable), so Prism, validating its own answer, replies 500. That call asks Prism for
//!   the document's other example with a `Prefer` header. (The client itself decodes both: a missing nullable
//!   field is `None`.)

use std::collections::BTreeSet;
use std::error::Error as StdError;
use std::future::{Future, IntoFuture};
use std::io::Write;
use std::pin::Pin;

use chrono::NaiveDate;
use lexmachina::types::{
    AnalyticTypes, AppealsCaseQuery, CourtType, DistrictCaseAnalyticFromQuery, DistrictCaseQuery,
    StateCaseQuery, StateCourtFilter,
};
use lexmachina::{
    AuthError, Client, Error, ErrorBody, OPERATION_IDS, RetryPolicy, TokenRequestStyle,
};

/// The base URL of Prism serving the pinned API document.
const API_URL: &str = "LEXMACHINA_CONTRACT_URL";
/// The token endpoint of Prism serving `contract/token-endpoint.yaml`.
const TOKEN_URL: &str = "LEXMACHINA_CONTRACT_TOKEN_URL";

/// The documented `get_state_case` example that matches the document's schema.
const STATE_CASE_EXAMPLE: &str = "a state case with docket text";

type TestResult = Result<(), Box<dyn StdError>>;
type Call<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + 'a>>;

/// The variable's value; when it is unset, a warning that the test is skipped, written past the test
/// harness's output capture so that a plain `cargo test` shows it.
fn env(name: &str) -> Option<String> {
    let value = std::env::var(name).ok().filter(|value| !value.is_empty());
    if value.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "\n!!!!! SKIPPED: {name} is not set, so this contract test did not run against Prism. \
             `cargo xtask test` starts Prism and sets it. !!!!!"
        );
    }
    value
}

fn client(base_url: &str) -> Result<Client, Error> {
    Client::builder()
        .base_url(base_url)
        .bearer_token("contract-test-token")
        .retry_policy(RetryPolicy::none())
        .build()
}

/// A client whose requests ask Prism for the documented example named `example`.
fn client_preferring(base_url: &str, example: &str) -> Result<Client, Box<dyn StdError>> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&format!("example={example}"))?,
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()?;
    Ok(Client::builder()
        .base_url(base_url)
        .bearer_token("contract-test-token")
        .http_client(http)
        .build()?)
}

fn call<'a, T>(
    id: &'static str,
    request: impl IntoFuture<Output = Result<T, Error>> + 'a,
) -> (&'static str, Call<'a>) {
    (
        id,
        Box::pin(async move { request.into_future().await.map(drop) }),
    )
}

#[tokio::test]
async fn every_operation_gets_a_2xx_and_decodes() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    let client = client(&base_url)?;
    let state_case_client = client_preferring(&base_url, STATE_CASE_EXAMPLE)?;
    let date = NaiveDate::from_ymd_opt(2024, 10, 11).ok_or("a valid date")?;
    let since = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("a valid date")?;
    let district_query = DistrictCaseQuery {
        page: Some(1),
        page_size: Some(5),
        ..DistrictCaseQuery::default()
    };
    let analytic = DistrictCaseAnalyticFromQuery {
        analytic_type: AnalyticTypes::CaseCountByType,
        district_case_query: district_query.clone(),
    };
    let appeals_query = AppealsCaseQuery::default();
    let state_query = StateCaseQuery {
        courts: StateCourtFilter {
            state: "TX".into(),
            include: None,
            exclude: None,
        },
        ..StateCaseQuery::default()
    };

    let calls = vec![
        call(
            "analyze_district_cases_from_query",
            client.analyze_district_cases_from_query(&analytic),
        ),
        call(
            "analyze_district_cases_from_alert",
            client
                .analyze_district_cases_from_alert(121_895, AnalyticTypes::PartyCountByRole)
                .on_or_after(since),
        ),
        call(
            "find_district_case_by_number",
            client
                .find_district_case_by_number(["1:19-cv-00001".to_owned()])
                .court("njd"),
        ),
        call("get_alerts", client.get_alerts()),
        call("get_alert_runs", client.get_alert_runs(121_895)),
        call(
            "get_alert_run_results",
            client.get_alert_run_results(121_895, date),
        ),
        call(
            "get_appeals_case",
            client
                .get_appeals_case(2_008_186_145)
                .docket_retrieval("all"),
        ),
        call("get_attorney", client.get_attorney(44_310_261)),
        call(
            "get_attorneys",
            client.get_attorneys([44_310_261, 107_715_852]),
        ),
        call(
            "get_bankruptcy_case",
            client.get_bankruptcy_case(2_008_015_611),
        ),
        call("get_bankruptcy_judge", client.get_bankruptcy_judge(737)),
        call(
            "get_bankruptcy_judges",
            client.get_bankruptcy_judges([737, 750]),
        ),
        call(
            "get_district_case",
            client
                .get_district_case(2_000_120_531)
                .docket_retrieval("all"),
        ),
        call(
            "get_district_docket_entry",
            client.get_district_docket_entry(2_034_417_512),
        ),
        call("get_federal_judge", client.get_federal_judge(3_166)),
        call(
            "get_federal_judges",
            client.get_federal_judges([3_166, 3_167]),
        ),
        call(
            "get_itc_document_entry",
            client.get_itc_document_entry(812_345),
        ),
        call(
            "get_itc_investigation",
            client
                .get_itc_investigation("337-TA-1234")
                .document_retrieval("all"),
        ),
        call("get_law_firm", client.get_law_firm(227_813_753)),
        call("get_law_firms", client.get_law_firms([227_813_753, 906])),
        call("get_magistrate", client.get_magistrate(1_234)),
        call("get_magistrates", client.get_magistrates([1_234, 1_235])),
        call("get_party", client.get_party(31_357_911)),
        call("get_parties", client.get_parties([31_357_911, 31_357_913])),
        call("get_patent", client.get_patent("6772132")),
        call(
            "get_patents",
            client.get_patents(["6772132".to_owned(), "7654321".to_owned()]),
        ),
        call("get_ptab_trial", client.get_ptab_trial(3_887)),
        call(
            "get_ptab_trial_by_number",
            client.get_ptab_trial_by_number("CBM2015-00182"),
        ),
        call(
            "get_state_case",
            state_case_client
                .get_state_case(2_201_234_567)
                .docket_retrieval("all"),
        ),
        call(
            "get_state_docket_entry",
            client.get_state_docket_entry(2_034_417_512),
        ),
        call("get_state_judge", client.get_state_judge(22_619_193)),
        call(
            "get_state_judges",
            client.get_state_judges([22_619_193, 235_912]),
        ),
        call("get_health", client.get_health()),
        call(
            "list_appealability_rulings",
            client.list_appealability_rulings(),
        ),
        call(
            "list_appellate_decisions",
            client.list_appellate_decisions(),
        ),
        call(
            "list_case_resolutions",
            client.list_case_resolutions(CourtType::FederalDistrict),
        ),
        call("list_case_tags", client.list_case_tags(CourtType::State)),
        call(
            "list_case_types",
            client.list_case_types(CourtType::FederalBankruptcy),
        ),
        call("list_courts", client.list_courts(CourtType::Ptab)),
        call(
            "list_federal_district_damages",
            client.list_federal_district_damages(),
        ),
        call("list_state_damages", client.list_state_damages()),
        call("list_events", client.list_events(CourtType::FederalAppeals)),
        call(
            "list_federal_district_findings",
            client.list_federal_district_findings(),
        ),
        call("list_judgment_sources", client.list_judgment_sources()),
        call("list_judgment_events", client.list_judgment_events()),
        call("list_originating_venues", client.list_originating_venues()),
        call(
            "list_supreme_court_decisions",
            client.list_supreme_court_decisions(),
        ),
        call(
            "query_appeals_cases",
            client.query_appeals_cases(&appeals_query),
        ),
        call(
            "query_district_cases",
            client.query_district_cases(&district_query),
        ),
        call("query_state_cases", client.query_state_cases(&state_query)),
        call(
            "search_attorneys",
            client
                .search_attorneys("Smith & Sons")
                .page_number(2)
                .page_size(5),
        ),
        call(
            "seach_law_firms",
            client.seach_law_firms("Fish").page_number(1),
        ),
        call("search_judges", client.search_judges("Alsup")),
        call(
            "search_parties",
            client.search_parties("Interactive Brokers").page_size(10),
        ),
        call("list_remedies", client.list_remedies()),
        call("get_party_groups", client.get_party_groups()),
        call(
            "oauth2_token",
            client
                .oauth2_token()
                .client_id("contract")
                .client_secret("contract-secret"),
        ),
    ];

    let called: BTreeSet<&str> = calls.iter().map(|(id, _)| *id).collect();
    let documented: BTreeSet<&str> = OPERATION_IDS.iter().copied().collect();
    assert_eq!(called.len(), calls.len(), "an operation is called twice");
    assert_eq!(
        called, documented,
        "the calls must cover exactly the document's operations"
    );

    let mut failures = Vec::new();
    for (id, call) in calls {
        if let Err(error) = call.await {
            failures.push(format!("{id}: {error}"));
        }
    }
    let passed = documented.len() - failures.len();
    let _ = writeln!(
        std::io::stderr(),
        "contract: {passed}/{} operations answered 2xx and decoded",
        documented.len()
    );
    assert!(
        failures.is_empty(),
        "{} operation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn a_call_without_a_token_gets_the_typed_401() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    let client = Client::builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()?;
    let result = client.get_alerts().await;
    let Err(Error::Api(error)) = result else {
        return Err(format!("expected a 401, got {result:?}").into());
    };
    assert_eq!(error.status.as_u16(), 401);
    assert!(
        matches!(&error.body, ErrorBody::Json(body) if body.get("detail").is_some()),
        "{:?}",
        error.body
    );
    assert!(
        error.to_string().contains("check the credentials"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn prism_refuses_requests_the_document_does_not_allow() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    // Through the client: `attorneyIds` needs one to 500 items.
    let error = client(&base_url)?.get_attorneys(Vec::new()).await.err();
    assert_eq!(
        error.as_ref().and_then(Error::status),
        Some(422),
        "{error:?}"
    );

    // By hand, the mistakes the generated code must not make, each refused.
    let base = base_url.trim_end_matches('/');
    let http = reqwest::Client::new();
    let refused = [
        (
            "comma-joined array",
            422,
            http.get(format!("{base}/attorneys?attorneyIds=1,2"))
                .bearer_auth("t"),
        ),
        (
            "null optional parameter",
            422,
            http.get(format!("{base}/search-attorneys?q=x&pageNumber=null"))
                .bearer_auth("t"),
        ),
        (
            "body without its required field",
            422,
            http.post(format!("{base}/query-state-cases"))
                .bearer_auth("t")
                .header("content-type", "application/json")
                .body("{}"),
        ),
        (
            "missing bearer header",
            401,
            http.get(format!("{base}/alerts")),
        ),
    ];
    for (mistake, expected, request) in refused {
        let status = request.send().await?.status().as_u16();
        assert_eq!(status, expected, "{mistake}: Prism answered {status}");
    }
    Ok(())
}

#[tokio::test]
async fn the_first_state_case_example_violates_the_documents_schema() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    let error = client(&base_url)?.get_state_case(2_201_234_567).await.err();
    let Some(Error::Api(error)) = error else {
        return Err(format!("expected Prism's 500, got {error:?}").into());
    };
    assert_eq!(error.status.as_u16(), 500);
    assert!(
        error.raw_body.contains("required property 'trial'"),
        "{}",
        error.raw_body
    );
    Ok(())
}

#[tokio::test]
async fn prism_answers_both_ptab_paths_with_the_by_number_operation() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    // Were `/ptab-trials/{ptab_trial_id}` routed to its own (integer) operation, `--errors` would refuse this.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/ptab-trials/not-an-integer",
            base_url.trim_end_matches('/')
        ))
        .bearer_auth("contract-test-token")
        .send()
        .await?;
    assert_eq!(
        response.status().as_u16(),
        200,
        "Prism's routing of /ptab-trials changed: revisit the notes above"
    );
    Ok(())
}

#[tokio::test]
async fn prism_rejects_the_real_token_request_since_the_document_omits_its_body() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    let client = Client::builder()
        .base_url(base_url)
        .client_credentials("contract", "contract-secret")
        .retry_policy(RetryPolicy::none())
        .build()?;
    let result = client.authenticate().await;
    let Err(Error::Auth(error)) = &result else {
        return Err(format!("expected an auth error, got {result:?}").into());
    };
    assert!(
        matches!(error.as_ref(), AuthError::Rejected { status, .. } if status.as_u16() == 422),
        "{error:?}"
    );
    Ok(())
}

#[tokio::test]
async fn client_credentials_log_in_at_the_token_endpoint_as_the_service_has_it() -> TestResult {
    let Some(base_url) = env(API_URL) else {
        return Ok(());
    };
    let Some(token_url) = env(TOKEN_URL) else {
        return Ok(());
    };
    for style in [TokenRequestStyle::Form, TokenRequestStyle::Basic] {
        let client = Client::builder()
            .base_url(&base_url)
            .token_url(&token_url)
            .client_credentials("contract", "contract-secret")
            .token_request_style(style)
            .retry_policy(RetryPolicy::none())
            .build()?;
        client.authenticate().await?;
        let alerts = client.get_alerts().await?;
        assert!(!alerts.is_empty(), "{style:?}");
    }
    Ok(())
}
