//! Decoding speed on the largest documented payload (the `get_district_case` 200 example, read from the
//! vendor document at run time, compact): into the typed model, into `serde_json::Value`, into `IgnoredAny`
//! (the cost of parsing alone), all through the client's own `decode_json`, and encoding the typed model.
//! Each decode includes dropping its result.

#[path = "../tests/support/mod.rs"]
mod support;

use std::error::Error;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexmachina::runtime::decode_json;
use lexmachina::types::DistrictCaseData;
use serde::de::IgnoredAny;

fn largest_example() -> Result<Vec<u8>, Box<dyn Error>> {
    let document = support::read_document(support::CURRENT_VERSION)?;
    let example = support::response_examples(&document)
        .into_iter()
        .filter(|example| example.operation_id == "get_district_case" && example.status == "200")
        .max_by_key(|example| example.value.to_string().len())
        .ok_or("the document has no get_district_case 200 example")?;
    Ok(serde_json::to_vec(&example.value)?)
}

fn decode(criterion: &mut Criterion) {
    let bytes = match largest_example() {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot load the benchmark payload: {error}"),
    };
    let typed: DistrictCaseData = match decode_json(&bytes) {
        Ok(typed) => typed,
        Err(mismatch) => panic!(
            "the payload does not decode: {}: {}",
            mismatch.path, mismatch.message
        ),
    };
    let mut group = criterion.benchmark_group("get_district_case_200");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("typed", |bencher| {
        bencher.iter(|| decode_json::<DistrictCaseData>(black_box(&bytes)).is_ok())
    });
    group.bench_function("value", |bencher| {
        bencher.iter(|| decode_json::<serde_json::Value>(black_box(&bytes)).is_ok())
    });
    group.bench_function("ignored_any", |bencher| {
        bencher.iter(|| decode_json::<IgnoredAny>(black_box(&bytes)).is_ok())
    });
    group.bench_function("encode_typed", |bencher| {
        bencher.iter(|| {
            serde_json::to_vec(black_box(&typed))
                .map(|encoded| encoded.len())
                .unwrap_or(0)
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
