//! The SemEval-2013 Task 7 benchmark (`bench/asag/README.md`): drafted
//! rubrics, no hand edits, on human-graded student answers.
//!
//! `cargo run --release --example asag [-- PATH_TO_TSV]`

use std::collections::BTreeMap;
use std::time::Instant;

use mock::bank::{from_files, load::BankFile};
use mock::Bank;

struct Row {
    corpus: String,
    split: String,
    question_id: String,
    correct: bool,
    answer: String,
}

/// Weighted F1 of binary predictions (classes weighted by their support).
fn weighted_f1(truth: &[bool], predicted: &[bool]) -> f64 {
    let mut total = 0.0;
    for class in [true, false] {
        let tp = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| **t == class && **p == class)
            .count() as f64;
        let fp = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| **t != class && **p == class)
            .count() as f64;
        let fn_ = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| **t == class && **p != class)
            .count() as f64;
        let support = truth.iter().filter(|t| **t == class).count() as f64;
        let f1 = if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        };
        total += f1 * support;
    }
    total / truth.len().max(1) as f64
}

/// Pearson correlation of scores with the 2-way label (1 correct, 0 not):
/// the point-biserial correlation. The data has 3-way labels only, so the
/// 5-way label the literature also reports cannot be computed here.
fn pearson(truth: &[bool], scores: &[f64]) -> f64 {
    let n = truth.len().max(1) as f64;
    let ys: Vec<f64> = truth.iter().map(|t| f64::from(u8::from(*t))).collect();
    let (mx, my) = (scores.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = scores
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum();
    let vx: f64 = scores.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    if vx == 0.0 || vy == 0.0 {
        0.0
    } else {
        cov / (vx * vy).sqrt()
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        // The shared data sits next to the repository (or, from a git
        // worktree, one level further up).
        let local = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/semeval2013/semeval2013_3way_flat.tsv"
        );
        let above = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/data/semeval2013/semeval2013_3way_flat.tsv"
        );
        if std::path::Path::new(local).exists() {
            local.to_owned()
        } else {
            above.to_owned()
        }
    });
    let started = Instant::now();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = Vec::new();
    // One bank per (corpus, question): a question with one drafted rubric per reference answer.
    let mut questions: BTreeMap<(String, String), (String, Vec<String>)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 10 {
            continue;
        }
        questions
            .entry((f[0].to_owned(), f[2].to_owned()))
            .or_insert_with(|| {
                (
                    f[4].to_owned(),
                    f[5].split(" ||| ").map(str::to_owned).collect(),
                )
            });
        rows.push(Row {
            corpus: f[0].to_owned(),
            split: f[1].to_owned(),
            question_id: f[2].to_owned(),
            correct: f[9] == "correct",
            answer: f[8].to_owned(),
        });
    }
    // The drafted rubrics are scored as `mock score --reference` scores
    // them: with the semantic stage on (each sentence of a reference is a
    // claim with that sentence as its exemplar, and the answer is compared
    // with the reference sentence by sentence), centred on everyday English.
    // ASAG_LEXICAL=1 scores with phrases only, for comparison; ASAG_MODEL=DIR
    // with another encoder (`mock --model DIR`, e.g. a transformer folder).
    let lexical = std::env::var("ASAG_LEXICAL").is_ok_and(|v| v == "1");
    let encoder = match std::env::var_os("ASAG_MODEL") {
        Some(dir) => mock::encoder::load(std::path::Path::new(&dir))
            .expect("ASAG_MODEL loads")
            .warned()
            .expect("a model"),
        None => mock::encoder::builtin_encoder(),
    };
    // Drafting knows the built-in concept library, as `mock score
    // --reference` does (ASAG_LIBRARY=0 drafts without it, for comparison):
    // on another field it should recognise nothing and draft as before.
    let library = if std::env::var("ASAG_LIBRARY").is_ok_and(|v| v == "0") {
        mock::bank::Library::new()
    } else {
        Bank::builtin()
            .expect("the built-in bank")
            .library()
            .clone()
    };
    let drafter =
        mock::library_draft::LibraryDrafter::new(&library, (!lexical).then(|| encoder.clone()));
    // Library concepts recognised in the drafts, per corpus: on another
    // field there should be none.
    let recognised: std::cell::RefCell<BTreeMap<(String, String), usize>> = Default::default();
    let mut banks: BTreeMap<(String, String), Bank> = questions
        .iter()
        .map(|(key, (question, references))| {
            // One question per reference answer, scored separately, best taken.
            let mut bank_files = Vec::new();
            for (i, reference) in references.iter().enumerate() {
                let id = format!("q{i}");
                let rubric =
                    drafter.draft(&id, question, &[reference.as_str()], concepts_per_reference());
                if rubric.concepts.is_empty() {
                    continue;
                }
                for used in rubric.concepts.iter().filter_map(|c| c.uses.as_ref()) {
                    *recognised
                        .borrow_mut()
                        .entry((key.0.clone(), used.to_string()))
                        .or_insert(0) += 1;
                }
                bank_files.push(BankFile {
                    path: format!("{id}.yaml"),
                    kind: mock::bank::FileKind::Question,
                    text: format!(
                        "id: {id}\ntheme: t\ntitle: T\nquestion: {question:?}\nprobes: P\ntime_box_minutes: 5\n"
                    ),
                });
                bank_files.push(BankFile {
                    path: format!("r{i}.yaml"),
                    kind: mock::bank::FileKind::Rubric,
                    text: serde_norway::to_string(&rubric).expect("a rubric serializes"),
                });
            }
            (key.clone(), from_files(bank_files).expect("drafted rubrics are valid"))
        })
        .collect();
    if !lexical {
        for bank in banks.values_mut() {
            bank.set_encoder(Some(encoder.clone()));
        }
    }
    let drafted = started.elapsed();
    let recognised = recognised.into_inner();
    if !recognised.is_empty() {
        println!("library concepts recognised in the drafts (corpus, concept, drafts):");
        for ((corpus, concept), n) in &recognised {
            println!("  {corpus:12} {concept:48} {n}");
        }
        println!();
    }
    let score_of = |row: &Row| -> f64 {
        let bank = &banks[&(row.corpus.clone(), row.question_id.clone())];
        bank.entries()
            .iter()
            .map(|e| mock::score(e, &row.answer).coverage)
            .fold(0.0, f64::max)
    };
    let scores: Vec<f64> = rows.iter().map(score_of).collect();
    let scored = started.elapsed();

    println!("SemEval-2013 Task 7, 2-way (correct vs not), drafted rubrics with no hand edits");
    println!(
        "{} answers, {} questions; drafting {:.2} s, scoring {:.2} s\n",
        rows.len(),
        banks.len(),
        drafted.as_secs_f64(),
        (scored - drafted).as_secs_f64()
    );
    println!(
        "{}",
        if lexical {
            "phrases only (ASAG_LEXICAL=1)"
        } else {
            "phrases, the semantic stage and closeness to the reference, as `mock score --reference`"
        }
    );
    println!(
        "{:<12} {:<24} {:>6} {:>10} {:>9} {:>8}",
        "corpus", "split", "n", "threshold", "wF1", "pearson"
    );
    for (corpus, baseline, best) in [("sciEntsBank", 0.661, 0.773), ("beetle", 0.742, 0.845)] {
        let pick = |split: &str| -> (Vec<bool>, Vec<f64>) {
            rows.iter()
                .zip(&scores)
                .filter(|(r, _)| r.corpus == corpus && r.split == split)
                .map(|(r, s)| (r.correct, *s))
                .unzip()
        };
        let (truth, train) = pick("train");
        // One threshold, fitted on the training split only.
        let threshold = (0..=100)
            .map(f64::from)
            .max_by(|a, b| {
                let f = |t: f64| {
                    weighted_f1(&truth, &train.iter().map(|s| *s >= t).collect::<Vec<_>>())
                };
                f(*a).total_cmp(&f(*b))
            })
            .unwrap();
        let train_f1 = weighted_f1(
            &truth,
            &train.iter().map(|s| *s >= threshold).collect::<Vec<_>>(),
        );
        println!(
            "{corpus:<12} {:<24} {:>6} {threshold:>10} {train_f1:>9.3} {:>8.3}",
            "train (fit)",
            truth.len(),
            pearson(&truth, &train)
        );
        for split in [
            "test-unseen-answers",
            "test-unseen-questions",
            "test-unseen-domains",
        ] {
            let (truth, test) = pick(split);
            if truth.is_empty() {
                continue;
            }
            let f1 = weighted_f1(
                &truth,
                &test.iter().map(|s| *s >= threshold).collect::<Vec<_>>(),
            );
            println!(
                "{corpus:<12} {split:<24} {:>6} {threshold:>10} {f1:>9.3} {:>8.3}",
                truth.len(),
                pearson(&truth, &test)
            );
        }
        println!("{corpus:<12} published, unseen answers: non-neural baseline {baseline}, best system {best} (Riordan et al. 2017, Table 4)\n");
    }
}

/// Concepts drafted per reference answer (`ASAG_CONCEPTS`, default 12): the
/// one setting tuned, on the training split only.
fn concepts_per_reference() -> usize {
    std::env::var("ASAG_CONCEPTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}
