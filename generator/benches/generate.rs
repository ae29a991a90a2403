//! Full generation of the pinned Lex Machina document: parse, normalize, lower, emit and format, as
//! `cargo xtask generate` does minus the file writes. Run with `cargo bench -p generator`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

fn pinned_document() -> Option<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("spec/upstream.pin")).ok()?;
    let version = pin
        .lines()
        .find_map(|line| line.strip_prefix("version = "))?
        .trim_matches('"')
        .to_owned();
    let path = root.join(format!("../shared/lexmachina/openapi-{version}.json"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path, text))
}

fn full_generation(criterion: &mut Criterion) {
    let Some((path, text)) = pinned_document() else {
        eprintln!("skipping: the pinned document is not in ../shared/lexmachina/");
        return;
    };
    let mut group = criterion.benchmark_group("generate");
    group.sample_size(20);
    group.bench_function("openapi-20260324", |bencher| {
        bencher.iter(|| {
            generator::generate_from_str(black_box(&path), black_box(&text))
                .map(|generated| generated.files.len())
        })
    });
    group.finish();
}

criterion_group!(benches, full_generation);
criterion_main!(benches);
