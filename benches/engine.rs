//! Engine benchmarks: each stage (analysis, matching, scoring) and the whole
//! `score` of one answer, on answers of 50, 300 and 3,000 words and rubrics
//! of 10 and 100 concepts. `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mock::bank::{from_files, load::BankFile};
use mock::bank::{Bank, Rubric};

/// An answer of about `words` words, built from the example answers.
fn answer(words: usize) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/answers");
    let mut text = String::new();
    for id in [
        "data-consistency",
        "cloud-native",
        "async-pitfalls",
        "incident-leadership",
    ] {
        let raw = std::fs::read(format!("{root}/{id}/strong.md")).unwrap();
        text.push_str(&mock::input::parse_text("x", &raw).unwrap().text);
        text.push('\n');
    }
    let all: Vec<&str> = text.split_whitespace().collect();
    all.iter()
        .cycle()
        .take(words)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A bank with one question whose rubric has every concept of the built-in
/// bank (about 100), to show how cost grows with rubric size.
fn big_bank(builtin: &Bank) -> Bank {
    let mut concepts = Vec::new();
    for entry in builtin.entries() {
        for concept in &entry.rubric.concepts {
            let mut concept = concept.clone();
            concept.id = format!("{}-{}", entry.question.id, concept.id);
            concepts.push(concept);
        }
    }
    while concepts.len() < 100 {
        let mut extra = concepts[concepts.len() % 10].clone();
        extra.id = format!("extra-{}", concepts.len());
        concepts.push(extra);
    }
    concepts.truncate(100);
    let rubric = Rubric {
        question: "big".into(),
        concepts,
        red_flags: Vec::new(),
        sequences: Vec::new(),
        misconceptions: Vec::new(),
        drafted: false,
        model_answers: Vec::new(),
    };
    let question =
        "id: big\ntheme: t\ntitle: Big\nquestion: Everything?\nprobes: P\ntime_box_minutes: 5\n";
    from_files(vec![
        BankFile {
            path: "q.yaml".into(),
            kind: mock::bank::FileKind::Question,
            text: question.into(),
        },
        BankFile {
            path: "r.yaml".into(),
            kind: mock::bank::FileKind::Rubric,
            text: serde_norway::to_string(&rubric).unwrap(),
        },
    ])
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let builtin = Bank::builtin().unwrap();
    let big = big_bank(&builtin);
    let rubrics = [
        ("10 concepts", builtin.get("data-consistency").unwrap()),
        ("100 concepts", &big.entries()[0]),
    ];
    for words in [50, 300, 3000] {
        let text = answer(words);
        let mut group = c.benchmark_group(format!("{words} words"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("analysis", |b| b.iter(|| mock::analysis::analyze(&text)));
        for (name, entry) in &rubrics {
            group.bench_with_input(BenchmarkId::new("matching", name), entry, |b, entry| {
                b.iter(|| {
                    let prepared = entry.matcher.prepare(&text);
                    entry
                        .matcher
                        .concepts
                        .iter()
                        .map(|t| entry.matcher.mentions(&prepared, t).len())
                        .sum::<usize>()
                })
            });
            group.bench_with_input(BenchmarkId::new("score", name), entry, |b, entry| {
                b.iter(|| mock::score(entry, &text))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(engine);
