//! Validity of imported questions: how well do the rubrics `mock bank import`
//! drafts from a prep document rank graded answers to its questions?
//! See `bench/import/README.md`. Run with
//! `cargo run --release --example import_validity [-- --no-library] [--lexical-only]`.
//!
//! Each set under `bench/import/<name>/` is a prep document the library was
//! not written from (`interview-prep.md`) with graded answers
//! (`answers/*.md`, front matter `question: q<N>` for the N-th question of
//! the document, `grade`, `kind`, `split`). The `seed` set imports the
//! built-in bank's own prep document and scores the blind version 2 answers
//! of `bench/validity` against it (matched to the imported questions by
//! their text). Only figures are printed, never an answer's text, so that
//! held-out answers stay unread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mock::library_draft::LibraryDrafter;
use mock::{input, score, Bank};
use serde::Deserialize;

#[derive(Deserialize)]
struct Front {
    question: String,
    grade: f64,
    split: String,
    #[serde(default)]
    kind: Option<String>,
}

/// An answer file with its front matter.
type AnswerFile = (PathBuf, Front);

/// A set: its name, its prep document and its graded answers.
type Set = (String, PathBuf, Vec<AnswerFile>);

struct Graded {
    question: String,
    grade: f64,
    split: String,
    kind: String,
    score: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let no_library = args.iter().any(|a| a == "--no-library");
    let lexical_only = args.iter().any(|a| a == "--lexical-only");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let encoder = (!lexical_only).then(mock::encoder::builtin_encoder);
    let library = if no_library {
        mock::bank::Library::new()
    } else {
        Bank::builtin().expect("built-in bank").library().clone()
    };
    let drafter = LibraryDrafter::new(&library, encoder.clone());
    println!(
        "Imported-question validity ({}, {})\n",
        if no_library {
            "drafted without the library"
        } else {
            "drafted with the library"
        },
        if lexical_only {
            "lexical only"
        } else {
            "semantic stage on"
        }
    );
    let mut sets: Vec<Set> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("bench/import"))
        .expect("bench/import")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("interview-prep.md").is_file())
        .collect();
    names.sort();
    for dir in names {
        let answers = read_answers(&dir.join("answers"));
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        sets.push((name, dir.join("interview-prep.md"), answers));
    }
    let seed_answers = read_answers(&root.join("bench/validity/answers"))
        .into_iter()
        // The blind version 2 answers to the ten questions of the seed.
        .filter(|(path, f)| {
            f.kind.is_some()
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("v2-"))
        })
        .collect();
    sets.push((
        "seed".into(),
        root.join("tests/fixtures/interview-prep.md"),
        seed_answers,
    ));
    let mut all: Vec<Graded> = Vec::new();
    for (name, document, answers) in &sets {
        let graded = score_set(document, answers, &drafter, encoder.is_some());
        report(name, &graded);
        // Sets named `tuning-*` are for tuning the drafting; the others
        // measure it.
        if name != "seed" && !name.starts_with("tuning") {
            all.extend(graded);
        }
    }
    report("neighbouring sets (not tuned on)", &all);
}

fn read_answers(dir: &Path) -> Vec<AnswerFile> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable answers");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).expect("UTF-8 answer");
        let front: Front = serde_norway::from_str(raw.split("---").nth(1).expect("front matter"))
            .expect("valid front matter");
        out.push((entry.path().to_owned(), front));
    }
    out
}

/// Imports `document`, then scores every answer against the imported
/// question it answers.
fn score_set(
    document: &Path,
    answers: &[AnswerFile],
    drafter: &LibraryDrafter,
    semantic: bool,
) -> Vec<Graded> {
    let text = std::fs::read_to_string(document).expect("document");
    let imported = mock::import::parse(document, &text, drafter).expect("document imports");
    let dir = tempfile::tempdir().expect("temp dir");
    mock::import::write_bank(dir.path(), &imported, false).expect("bank written");
    let mut bank = Bank::load(dir.path()).expect("imported bank loads");
    if semantic {
        bank.set_encoder(Some(mock::encoder::builtin_encoder()));
    }
    // Imported questions in document order: q1, q2, ...
    let order: Vec<&str> = imported.iter().map(|q| q.question.id.as_str()).collect();
    let builtin = Bank::builtin().expect("built-in bank");
    answers
        .iter()
        .map(|(path, front)| {
            let id = match front
                .question
                .strip_prefix('q')
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => order[n - 1].to_owned(),
                None => nearest_question(
                    &imported,
                    builtin
                        .question(&front.question)
                        .map_or("", |q| &q.question),
                ),
            };
            let entry = bank.get(&id).expect("imported question");
            let raw = std::fs::read(path).expect("answer");
            let answer = input::parse_text("x", &raw).expect("answer parses");
            Graded {
                question: front.question.clone(),
                grade: front.grade,
                split: front.split.clone(),
                kind: front.kind.clone().unwrap_or_else(|| "v1".into()),
                score: score(entry, &answer.text).score,
            }
        })
        .collect()
}

/// The imported question whose text shares most words with `text`.
fn nearest_question(imported: &[mock::import::Imported], text: &str) -> String {
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(str::to_lowercase)
            .collect()
    };
    let target = words(text);
    imported
        .iter()
        .max_by_key(|q| words(&q.question.question).intersection(&target).count())
        .map(|q| q.question.id.clone())
        .unwrap_or_default()
}

fn report(name: &str, set: &[Graded]) {
    println!("== {name}: {} answers", set.len());
    let line = |label: &str, items: Vec<&Graded>| {
        let grades: Vec<f64> = items.iter().map(|g| g.grade).collect();
        let scores: Vec<f64> = items.iter().map(|g| g.score).collect();
        println!(
            "  {label:<10} n={:<4} spearman {:>6.3}  pearson {:>6.3}",
            items.len(),
            spearman(&grades, &scores),
            pearson(&grades, &scores)
        );
    };
    line("all", set.iter().collect());
    line("dev", set.iter().filter(|g| g.split == "dev").collect());
    line(
        "held-out",
        set.iter().filter(|g| g.split == "heldout").collect(),
    );
    let mut kinds: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for g in set {
        kinds.entry(g.kind.as_str()).or_default().push(g.score);
    }
    let means: Vec<String> = kinds
        .iter()
        .map(|(k, s)| format!("{k} {:.1}", s.iter().sum::<f64>() / s.len() as f64))
        .collect();
    println!("  by kind: {}", means.join(", "));
    // Excellent plain-words against shallow, question by question.
    let mut by_question: BTreeMap<&str, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for g in set {
        let slot = by_question.entry(g.question.as_str()).or_default();
        match g.kind.as_str() {
            "plain" => slot.0 = Some(g.score),
            "shallow" => slot.1 = Some(g.score),
            _ => {}
        }
    }
    let pairs: Vec<(f64, f64)> = by_question
        .values()
        .filter_map(|(a, c)| Some(((*a)?, (*c)?)))
        .collect();
    let above = pairs.iter().filter(|(a, c)| a > c).count();
    println!(
        "  excellent (plain words) above shallow: {above} of {}\n",
        pairs.len()
    );
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}
