//! Does the scorer listen? Scores each probe sentence of `bench/probes/` as
//! an answer to its question and reports pass rates per kind and split
//! (see `bench/probes/README.md`). Run with
//! `cargo run --release --example probes [-- --split dev|heldout] [--failures] [--calibration FILE] [--examples]`;
//! `--failures` lists the failing dev probes (never held-out ones).

use std::collections::BTreeMap;

use std::sync::Arc;

use mock::{score, Assessment, Bank, CompiledQuestion};
use mock_engine::semantic::Encoder;
use mock_engine::Calibration;

/// The built-in model with other thresholds.
#[derive(Debug)]
struct Calibrated(Arc<dyn Encoder>, Calibration);

impl Encoder for Calibrated {
    fn encode(&self, text: &str) -> Vec<f32> {
        self.0.encode(text)
    }
    fn fingerprint(&self) -> String {
        self.0.fingerprint()
    }
    fn calibration(&self) -> Calibration {
        self.1
    }
}
use serde::Deserialize;

#[derive(Deserialize)]
struct Probe {
    question: String,
    kind: String,
    target: String,
    /// A claim, misconception or red flag id; none for a concept-level probe.
    #[serde(default)]
    claim: Option<String>,
    split: String,
    text: String,
}

const KINDS: [&str; 5] = [
    "paraphrase",
    "contrary",
    "wrong-plain",
    "harm-plain",
    "rejects-harm",
];

/// Whether the probe passes, and for `wrong-plain` whether the misconception
/// itself was stated. `target` is a concept id for `paraphrase` and
/// `contrary`, a misconception id for `wrong-plain` and a red flag id for
/// `harm-plain` and `rejects-harm`.
fn judge(probe: &Probe, entry: &CompiledQuestion, a: &Assessment) -> (bool, bool) {
    let earned = |id: &str| a.concepts.iter().any(|c| c.id == id && c.credit > 0.0);
    let concept = a.concepts.iter().find(|c| c.id == probe.target);
    let claim = probe.claim.as_deref().unwrap_or("");
    let claim_made = concept.is_some_and(|c| c.claims.iter().any(|k| k.id == claim && k.made));
    let has_claim = concept.is_some_and(|c| c.claims.iter().any(|k| k.id == claim));
    let fired = a.red_flags.iter().any(|f| f.id == probe.target);
    let stated = a.misconceptions.iter().any(|m| m.id == probe.target);
    let contradicted = (entry.rubric.misconceptions.iter())
        .find(|m| m.id == probe.target)
        .and_then(|m| m.contradicts.as_deref());
    let pass = match probe.kind.as_str() {
        "paraphrase" if has_claim => claim_made,
        "paraphrase" => earned(&probe.target),
        "contrary" => !claim_made && !earned(&probe.target),
        "wrong-plain" => stated || !contradicted.is_some_and(earned),
        "harm-plain" => fired,
        "rejects-harm" => !fired,
        _ => false,
    };
    (pass, stated)
}

/// Scores every built-in example answer (examples/answers/<id>/) and
/// prints the strong, partial and weak scores with any red flag or wrong
/// claim they trip; `!` marks a question out of order (strong >= 80 >
/// partial > weak <= 30 is what `tests/example_answers.rs` checks).
fn check_examples(bank: &Bank) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers");
    let mut ids: Vec<String> = std::fs::read_dir(&root)
        .expect("examples/answers")
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .collect();
    ids.sort();
    for id in ids {
        let Some(entry) = bank.get(&id) else { continue };
        let mut scores = Vec::new();
        let mut tripped = Vec::new();
        for kind in ["strong", "partial", "weak"] {
            let text = std::fs::read_to_string(root.join(&id).join(format!("{kind}.md")))
                .unwrap_or_default();
            let a = score(entry, &text);
            scores.push(a.score);
            for f in &a.red_flags {
                tripped.push(format!("{kind}: red flag {}", f.id));
            }
            for m in &a.misconceptions {
                tripped.push(format!("{kind}: wrong claim {}", m.id));
            }
        }
        let ordered = scores[0] > scores[1]
            && scores[1] > scores[2]
            && scores[0] >= 80.0
            && scores[2] <= 30.0;
        println!(
            "{}{id:<28} {:5.1} {:5.1} {:5.1}  {}",
            if ordered { " " } else { "!" },
            scores[0],
            scores[1],
            scores[2],
            tripped.join(", ")
        );
    }
}

fn claim_or_dash(probe: &Probe) -> &str {
    probe.claim.as_deref().unwrap_or("-")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args
        .iter()
        .position(|a| a == "--split")
        .and_then(|i| args.get(i + 1))
        .map_or("dev", String::as_str)
        .to_owned();
    let failures = args.iter().any(|a| a == "--failures") && split == "dev";
    let mut bank = Bank::builtin().expect("the built-in bank");
    // As `ask` and `score` do: the semantic stage with the built-in model;
    // `--calibration FILE` tries other thresholds (a calibration JSON).
    let builtin = mock::encoder::builtin_encoder();
    let encoder: Arc<dyn Encoder> = match args.iter().position(|a| a == "--calibration") {
        Some(i) => {
            let path = args.get(i + 1).expect("--calibration FILE");
            let text = std::fs::read_to_string(path).expect("a calibration file");
            let calibration: Calibration = serde_json::from_str(&text).expect("a calibration");
            Arc::new(Calibrated(builtin, calibration))
        }
        None => builtin,
    };
    bank.set_encoder(Some(encoder));
    // `--examples`: the built-in example answers under these thresholds
    // instead: their order, and every red flag or wrong claim they trip.
    if args.iter().any(|a| a == "--examples") {
        check_examples(&bank);
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/probes");
    let mut probes: Vec<Probe> = Vec::new();
    for n in 1..=4 {
        let path = dir.join(format!("probes-{n}.jsonl"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let probe: Probe = serde_json::from_str(line).expect("a probe");
            if probe.split == split {
                probes.push(probe);
            }
        }
    }
    // kind -> (passed, total, misconception stated)
    let mut tally: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for probe in &probes {
        let Some(entry) = bank.get(&probe.question) else {
            eprintln!("unknown question {}", probe.question);
            continue;
        };
        let a = score(entry, &probe.text);
        let (pass, stated) = judge(probe, entry, &a);
        let kind = KINDS
            .iter()
            .find(|k| **k == probe.kind)
            .copied()
            .unwrap_or("other");
        let t = tally.entry(kind).or_default();
        t.0 += usize::from(pass);
        t.1 += 1;
        t.2 += usize::from(stated);
        if failures && !pass {
            println!(
                "FAIL {:<13} {:<28} {}/{}: {}",
                probe.kind,
                probe.question,
                probe.target,
                claim_or_dash(probe),
                probe.text
            );
        }
    }
    println!("probes, split {split}");
    println!(
        "{:<14} {:>6} {:>6} {:>7}",
        "kind", "passed", "total", "rate"
    );
    let (mut passed, mut total) = (0, 0);
    for kind in KINDS {
        let Some(&(p, n, stated)) = tally.get(kind) else {
            continue;
        };
        passed += p;
        total += n;
        let extra = if kind == "wrong-plain" {
            format!("  (wrong claim stated: {stated}/{n})")
        } else {
            String::new()
        };
        println!(
            "{kind:<14} {p:>6} {n:>6} {:>6.1}%{extra}",
            100.0 * p as f64 / n as f64
        );
    }
    println!(
        "{:<14} {passed:>6} {total:>6} {:>6.1}%",
        "all",
        100.0 * passed as f64 / total.max(1) as f64
    );
}
