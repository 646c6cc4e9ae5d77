//! Engine benchmarks: each stage (analysis, matching, scoring) and the whole
//! `score` of one answer, on answers of 50, 300 and 3,000 words and rubrics
//! of 10 and 100 concepts, lexically (the semantic stage's cost is measured
//! over whole batches by bench/batch/run). The engine builds without the
//! embedding model: `cargo bench -p mock-engine --bench engine`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mock_engine::library::{Library, LibraryFile, RubricFile};
use mock_engine::rubric::{Question, Rubric};
use mock_engine::CompiledQuestion;

/// The repository's root.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The built-in concept library, from `library/`.
fn library() -> Library {
    let mut library = Library::new();
    for (origin, file) in std::fs::read_dir(root().join("library"))
        .unwrap()
        .enumerate()
    {
        let path = file.unwrap().path();
        let area = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed: LibraryFile = serde_norway::from_str(&text).unwrap();
        assert!(library.add(parsed, &area, origin, true).is_empty());
    }
    library
}

/// A question and its rubric from the built-in bank's files.
fn question(library: &Library, theme: &str, id: &str) -> CompiledQuestion {
    let read = |path: String| std::fs::read_to_string(root().join(path)).unwrap();
    let question: Question =
        serde_norway::from_str(&read(format!("questions/{theme}/{id}.yaml"))).unwrap();
    let file: RubricFile = serde_norway::from_str(&read(format!("rubrics/{id}.yaml"))).unwrap();
    let rubric = library.resolve(&file).unwrap();
    CompiledQuestion::compile(question, rubric).unwrap()
}

/// Every question of the built-in bank.
fn bank() -> Vec<CompiledQuestion> {
    let library = library();
    let mut questions = Vec::new();
    for theme in std::fs::read_dir(root().join("questions")).unwrap() {
        let theme = theme.unwrap().path();
        for file in std::fs::read_dir(&theme).unwrap() {
            let file = file.unwrap().path();
            let id = file.file_stem().unwrap().to_str().unwrap().to_owned();
            let theme = theme.file_name().unwrap().to_str().unwrap();
            questions.push(question(&library, theme, &id));
        }
    }
    questions.sort_by(|a, b| a.question.id.cmp(&b.question.id));
    CompiledQuestion::prune_gists(&mut questions);
    questions
}

/// An answer of about `words` words, built from the example answers.
fn answer(words: usize) -> String {
    let mut text = String::new();
    for id in [
        "data-consistency",
        "cloud-native",
        "async-pitfalls",
        "incident-leadership",
    ] {
        let raw = std::fs::read_to_string(root().join(format!("examples/answers/{id}/strong.md")))
            .unwrap();
        // Without the front matter.
        text.push_str(raw.splitn(3, "---\n").nth(2).unwrap_or(&raw));
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

/// One question whose rubric has every concept of the built-in bank (about
/// 100), to show how cost grows with rubric size.
fn big(bank: &[CompiledQuestion]) -> CompiledQuestion {
    let mut concepts = Vec::new();
    for entry in bank {
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
    let mut question = bank[0].question.clone();
    question.id = "big".into();
    CompiledQuestion::compile(question, rubric).unwrap()
}

fn benches(c: &mut Criterion) {
    let bank = bank();
    let big = big(&bank);
    let data_consistency = bank
        .iter()
        .find(|q| q.question.id == "data-consistency")
        .unwrap();
    let rubrics = [("10 concepts", data_consistency), ("100 concepts", &big)];
    for words in [50, 300, 3000] {
        let text = answer(words);
        let mut group = c.benchmark_group(format!("{words} words"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("analysis", |b| {
            b.iter(|| mock_engine::analysis::analyze(&text))
        });
        for (name, entry) in &rubrics {
            group.bench_with_input(BenchmarkId::new("matching", name), entry, |b, entry| {
                let matcher = &entry.compiled.matcher;
                b.iter(|| {
                    let prepared = matcher.prepare(&text);
                    entry
                        .compiled
                        .concepts
                        .iter()
                        .map(|c| matcher.mentions(&prepared, &c.target).len())
                        .sum::<usize>()
                })
            });
            group.bench_with_input(BenchmarkId::new("score", name), entry, |b, entry| {
                b.iter(|| mock_engine::score(entry, &text))
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
