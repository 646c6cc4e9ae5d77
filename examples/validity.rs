//! The validity benchmark: how well do scores agree with human grades?
//! See `bench/validity/README.md`. Run with
//! `cargo run --release --example validity [-- --traces] [--scores] [--calibration FILE] [--version v3] [--lexical-only | --model DIR]`
//! (`--scores` lists each dev answer's kind, grade and score).

use std::collections::BTreeMap;
use std::path::Path;

use mock::{explain::explain, input, score, Bank};
use serde::Deserialize;

#[derive(Deserialize)]
struct Front {
    question: String,
    grade: f64,
    split: String,
    reason: String,
    #[serde(default)]
    kind: Option<String>,
}

struct Graded {
    path: String,
    question: String,
    theme: String,
    grade: f64,
    split: String,
    reason: String,
    kind: String,
    score: f64,
    text: String,
}

/// The built-in model with other thresholds.
#[derive(Debug)]
struct Calibrated(
    std::sync::Arc<dyn mock_engine::semantic::Encoder>,
    mock_engine::Calibration,
);

impl mock_engine::semantic::Encoder for Calibrated {
    fn encode(&self, text: &str) -> Vec<f32> {
        self.0.encode(text)
    }
    fn fingerprint(&self) -> String {
        self.0.fingerprint()
    }
    fn calibration(&self) -> mock_engine::Calibration {
        self.1
    }
}

/// `encoder`, with the thresholds of `--calibration FILE` if given.
fn calibrated(
    args: &[String],
    encoder: std::sync::Arc<dyn mock_engine::semantic::Encoder>,
) -> std::sync::Arc<dyn mock_engine::semantic::Encoder> {
    match args.iter().position(|a| a == "--calibration") {
        Some(i) => {
            let path = args.get(i + 1).expect("--calibration FILE");
            let text = std::fs::read_to_string(path).expect("a calibration file");
            let calibration = serde_json::from_str(&text).expect("a calibration");
            std::sync::Arc::new(Calibrated(encoder, calibration))
        }
        None => encoder,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let traces = args.iter().any(|a| a == "--traces");
    let lexical_only = args.iter().any(|a| a == "--lexical-only");
    // `--version v3`: only the answers of that version (file names
    // `v3-<kind>.md`): the blind sets of the questions added in that round.
    let version = args
        .iter()
        .position(|a| a == "--version")
        .and_then(|i| args.get(i + 1))
        .cloned();
    // `--model DIR`: another encoder (a static model or a transformer folder,
    // see bench/encoder/README.md); the engine's thresholds stay as they are.
    let model = args
        .iter()
        .position(|a| a == "--model")
        .map(|i| std::path::PathBuf::from(args.get(i + 1).expect("--model DIR")));
    let mut bank = Bank::builtin().expect("the built-in bank loads");
    if !lexical_only {
        bank.set_encoder(Some(match &model {
            Some(dir) => mock::encoder::load(dir)
                .expect("--model DIR loads")
                .warned()
                .expect("a model"),
            None => calibrated(&args, mock::encoder::builtin_encoder()),
        }));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/validity/answers");
    let mut set = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("readable benchmark folder");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if version
            .as_ref()
            .is_some_and(|v| !name.starts_with(&format!("{v}-")))
        {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).expect("UTF-8 answer");
        let front: Front = serde_norway::from_str(raw.split("---").nth(1).expect("front matter"))
            .expect("valid front matter");
        let answer = input::parse_text("x", raw.as_bytes()).expect("answer parses");
        let bank_entry = bank.get(&front.question).expect("known question");
        set.push(Graded {
            path: entry
                .path()
                .strip_prefix(&root)
                .unwrap()
                .display()
                .to_string(),
            theme: bank_entry.question.theme.clone(),
            score: score(bank_entry, &answer.text).score,
            question: front.question,
            grade: front.grade,
            split: front.split,
            reason: front.reason,
            kind: front.kind.unwrap_or_else(|| "v1".to_owned()),
            text: answer.text,
        });
    }
    // `--scores`: every dev answer's kind, grade and score (never a held-out one).
    if args.iter().any(|a| a == "--scores") {
        for g in set.iter().filter(|g| g.split == "dev") {
            println!(
                "{:<48} {:<9} {:.0} {:5.1}",
                g.path, g.kind, g.grade, g.score
            );
        }
    }
    println!(
        "Validity benchmark: {} graded answers ({} held out)\n",
        set.len(),
        set.iter().filter(|g| g.split == "heldout").count()
    );
    println!(
        "{:<22} {:>4} {:>9} {:>9}",
        "subset", "n", "spearman", "pearson"
    );
    let report = |name: &str, items: Vec<&Graded>| {
        let grades: Vec<f64> = items.iter().map(|g| g.grade).collect();
        let scores: Vec<f64> = items.iter().map(|g| g.score).collect();
        println!(
            "{name:<22} {:>4} {:>9.3} {:>9.3}",
            items.len(),
            spearman(&grades, &scores),
            pearson(&grades, &scores)
        );
    };
    report("all", set.iter().collect());
    report("dev", set.iter().filter(|g| g.split == "dev").collect());
    report(
        "held-out",
        set.iter().filter(|g| g.split == "heldout").collect(),
    );
    let themes: Vec<String> = bank.themes().iter().map(|t| t.to_string()).collect();
    for theme in &themes {
        report(
            &format!("theme {theme}"),
            set.iter().filter(|g| &g.theme == theme).collect(),
        );
    }

    println!("\n{:<28} {:>6} {:>9}", "question", "pairs", "ordering");
    let mut by_question: BTreeMap<&str, Vec<&Graded>> = BTreeMap::new();
    for g in &set {
        by_question.entry(g.question.as_str()).or_default().push(g);
    }
    let (mut agree_all, mut pairs_all) = (0.0, 0usize);
    for (question, items) in &by_question {
        let (agree, pairs) = ordering(items);
        agree_all += agree;
        pairs_all += pairs;
        println!(
            "{question:<28} {pairs:>6} {:>9.3}",
            agree / pairs.max(1) as f64
        );
    }
    println!(
        "{:<28} {pairs_all:>6} {:>9.3}",
        "all questions",
        agree_all / pairs_all.max(1) as f64
    );

    kinds_report(&set);

    // Disagreements and traces come from the dev split only: the held-out
    // answers are never read while rubrics are edited.
    println!("\nWorst disagreements on the dev split (grade x 20 vs score):");
    let mut worst: Vec<&Graded> = set.iter().filter(|g| g.split == "dev").collect();
    worst.sort_by(|a, b| gap(b).total_cmp(&gap(a)));
    for g in worst.iter().take(8) {
        println!(
            "  {:<40} {:<9} grade {} score {:>5.1}  {}",
            g.path, g.kind, g.grade, g.score, g.reason
        );
        if traces {
            let entry = bank.get(&g.question).unwrap();
            for line in explain(entry, &g.text)
                .0
                .lines()
                .filter(|l| !l.starts_with("  nearest"))
            {
                println!("      {line}");
            }
        }
    }
}

/// The kinds of the version 2 answers, as the issue names them.
const KINDS: [(&str, &str); 6] = [
    ("plain", "a"),
    ("terms", "b"),
    ("shallow", "c"),
    ("wrong", "d"),
    ("partial", "e"),
    ("offtopic", "f"),
];

/// Mean score per kind (dev, held out, all), the targets, and the
/// within-question orderings a > c, a > d, e > c, e > d, b > c.
fn kinds_report(set: &[Graded]) {
    let mut kinds: Vec<&str> = set.iter().map(|g| g.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    println!(
        "\n{:<10} {:>4} {:>6} {:>9} {:>9} {:>9}",
        "kind", "n", "grade", "dev", "held-out", "all"
    );
    let mean = |items: Vec<f64>| {
        if items.is_empty() {
            f64::NAN
        } else {
            items.iter().sum::<f64>() / items.len() as f64
        }
    };
    for kind in &kinds {
        let of = |split: Option<&str>| {
            mean(
                set.iter()
                    .filter(|g| g.kind == *kind && split.is_none_or(|s| g.split == s))
                    .map(|g| g.score)
                    .collect(),
            )
        };
        let n = set.iter().filter(|g| g.kind == *kind).count();
        let grade = mean(
            set.iter()
                .filter(|g| g.kind == *kind)
                .map(|g| g.grade)
                .collect(),
        );
        println!(
            "{kind:<10} {n:>4} {grade:>6.2} {:>9.1} {:>9.1} {:>9.1}",
            of(Some("dev")),
            of(Some("heldout")),
            of(None)
        );
    }
    let kind_mean = |kind: &str| {
        mean(
            set.iter()
                .filter(|g| g.kind == kind)
                .map(|g| g.score)
                .collect(),
        )
    };
    println!("\nTargets (all answers of each kind):");
    // (kind, label, lowest and highest mean allowed)
    let targets = [
        ("terms", "b >= 85", 85.0, 100.0),
        ("plain", "a >= 65", 65.0, 100.0),
        ("partial", "e 35-65", 35.0, 65.0),
        ("shallow", "c <= 45", 0.0, 45.0),
        ("wrong", "d <= 25", 0.0, 25.0),
        ("offtopic", "f <= 10", 0.0, 10.0),
    ];
    for (kind, label, low, high) in targets {
        let m = kind_mean(kind);
        let ok = (low..=high).contains(&m);
        println!(
            "  {label:<10} mean {m:>5.1}  {}",
            if ok { "met" } else { "NOT MET" }
        );
    }
    let mut by_question: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
    for g in set {
        if let Some((_, letter)) = KINDS.iter().find(|(k, _)| *k == g.kind) {
            by_question
                .entry(g.question.as_str())
                .or_default()
                .insert(letter, g.score);
        }
    }
    println!("\nWithin each question (target: at least 9 of 10):");
    for (high, low) in [("a", "c"), ("a", "d"), ("e", "c"), ("e", "d"), ("b", "c")] {
        let holds = by_question
            .values()
            .filter(|scores| match (scores.get(high), scores.get(low)) {
                (Some(h), Some(l)) => h > l,
                _ => false,
            })
            .count();
        println!(
            "  {high} > {low}: {holds} of {}  {}",
            by_question.len(),
            if holds >= 9 { "met" } else { "NOT MET" }
        );
    }
}

fn gap(g: &Graded) -> f64 {
    (g.grade * 20.0 - g.score).abs()
}

/// Pairs with different grades whose scores agree in order (ties count half).
fn ordering(items: &[&Graded]) -> (f64, usize) {
    let (mut agree, mut pairs) = (0.0, 0);
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if a.grade == b.grade {
                continue;
            }
            pairs += 1;
            let same = (a.grade - b.grade).signum() == (a.score - b.score).signum();
            agree += if a.score == b.score {
                0.5
            } else if same {
                1.0
            } else {
                0.0
            };
        }
    }
    (agree, pairs)
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum::<f64>().sqrt();
    let sy: f64 = y.iter().map(|b| (b - my).powi(2)).sum::<f64>().sqrt();
    if sx == 0.0 || sy == 0.0 {
        0.0
    } else {
        cov / (sx * sy)
    }
}

/// Spearman's rho: Pearson's r of the ranks, ties given their mean rank.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
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
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = mean;
        }
        i = j + 1;
    }
    ranks
}
