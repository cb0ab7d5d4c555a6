//! Criterion micro-benchmarks of kioku's hot stages over the sample notes:
//! tokens (lindera and compound chunking) and extraction (every rule).
//! `cargo bench --bench stages`; needs the compiled dictionary (`make dict`).

use criterion::{Criterion, criterion_group, criterion_main};

fn stages(c: &mut Criterion) {
    let pipeline = kioku::testing::pipeline();
    let bytes = std::fs::read("data/notes/aws-saa.txt").expect("the sample notes");
    let source = kioku::source::decode("aws-saa.txt", "aws-saa.txt".as_ref(), &bytes)
        .expect("the sample decodes");
    c.bench_function("read and normalise (sample)", |b| {
        b.iter(|| kioku::source::decode("aws-saa.txt", "aws-saa.txt".as_ref(), &bytes))
    });
    let outline = kioku::outline::parse(&source);
    c.bench_function("tokens (sample)", |b| {
        b.iter(|| pipeline.tokenizer.tokenize(&outline).expect("tokenizes"))
    });
    let tokens = pipeline.tokenizer.tokenize(&outline).expect("tokenizes");
    c.bench_function("extraction (sample)", |b| {
        b.iter(|| kioku::extract::run(&outline, &tokens, &pipeline.catalog))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
