//! Benchmarks: embedding a 300-word interview answer, sentence by sentence,
//! with the built-in model, and parsing the built-in model (copying, as
//! `from_bytes` does for a model folder, and borrowing, as `builtin()` does).
//!
//! `cargo bench` (in crates/mock-embed).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use mock_embed::StaticModel;

/// About 300 words in 20 sentences, the shape of a typical written answer.
const ANSWER: &str =
    "Strong consistency matters where the business cost of a wrong answer is high, \
such as payments, inventory reservations and anything a regulator will audit. \
Inside one service I keep the invariants in a single database and a local ACID transaction. \
Across services I avoid distributed transactions and two-phase commit, because they couple \
availability and make every deployment riskier. \
Instead each service owns its data and publishes events. \
To publish reliably I use the transactional outbox: the state change and the event row are \
written in the same local transaction. \
A relay reads the outbox table and pushes the events to Kafka or another broker. \
Consumers must be idempotent, so I store processed message ids and ignore duplicates. \
For multi-step business processes I model a saga with explicit compensating actions. \
If the booking step fails after the payment succeeded, the saga issues a refund and marks the \
order as cancelled. \
Eventual consistency is fine for read models, search indexes and dashboards, as long as the \
user interface is honest about it. \
We show pending states rather than pretending that the work is done. \
Under a network partition the CAP trade-off forces a choice between consistency and \
availability, and I make that choice per use case with the product owner. \
I document the decision in an ADR, including the failure modes we accept. \
We measure replication lag and consumer lag, and we alert when they exceed the agreed SLO. \
Chaos experiments in staging check that compensations actually run. \
Contract tests keep event schemas compatible between teams. \
In code reviews I look for async void handlers in C# and for missing ConfigureAwait calls in \
library code. \
Finally, I make sure every team can explain why its data is allowed to be stale, and for how long. \
That shared understanding is what keeps the system correct as it grows. \
Consistency is a trade-off, not a dogma.";

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
