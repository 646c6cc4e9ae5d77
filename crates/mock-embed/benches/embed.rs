//! Benchmarks: embedding a 300-word interview answer, sentence by sentence,
//! with the built-in model, and parsing the built-in model (copying, as
//! `from_bytes` does for a model folder, and borrowing, as `builtin()` does).
//!
//! `cargo bench` (in crates/mock-embed).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use mock_embed::StaticModel;

/// About 300 words in 20 sentences, the shape of a typical written answer.
const ANSWER: &str = include_str!("answer.txt");

fn sentences() -> Vec<&'static str> {
    ANSWER
        .split_inclusive(". ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn embed_answer(c: &mut Criterion) {
    let model = StaticModel::builtin();
    let sentences = sentences();
    let words = ANSWER.split_whitespace().count();
    let tokens: usize = sentences.iter().map(|s| model.tokenize(s).len()).sum();
    eprintln!(
        "answer: {words} words, {} sentences, {tokens} tokens; model {}",
        sentences.len(),
        model.fingerprint()
    );
    c.bench_function("embed a 300-word answer, sentence by sentence", |b| {
        b.iter(|| {
            for s in &sentences {
                black_box(model.embed(black_box(s)));
            }
        })
    });
    c.bench_function("tokenize a 300-word answer, sentence by sentence", |b| {
        let mut ids = Vec::new();
        b.iter(|| {
            for s in &sentences {
                model.tokenize_into(black_box(s), &mut ids);
                black_box(&ids);
            }
        })
    });
}

fn load_builtin(c: &mut Criterion) {
    let tokenizer = include_bytes!("../model/tokenizer.json");
    let weights = include_bytes!("../model/model.safetensors");
    let config = include_bytes!("../model/config.json");
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("parse the built-in model (from_bytes)", |b| {
        b.iter(|| {
            StaticModel::from_bytes(
                black_box(tokenizer),
                black_box(weights),
                Some(black_box(config)),
            )
            .unwrap()
        })
    });
    group.bench_function(
        "parse the built-in model as builtin() does (from_static_bytes)",
        |b| {
            b.iter(|| {
                StaticModel::from_static_bytes(
                    black_box(tokenizer),
                    black_box(weights),
                    Some(black_box(config)),
                )
                .unwrap()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, embed_answer, load_builtin);
criterion_main!(benches);
