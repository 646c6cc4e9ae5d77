//! Does the scorer listen? Scores each probe sentence of `bench/probes/` as
//! an answer to its question and reports pass rates per kind and split
//! (see `bench/probes/README.md`). Run with
//! `cargo run --release --example probes [-- --split dev|heldout] [--failures]`;
//! `--failures` lists the failing dev probes (never held-out ones).

use std::collections::BTreeMap;

use mock::{score, Assessment, Bank, CompiledQuestion};
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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/probes");
    let mut probes: Vec<Probe> = Vec::new();
    for n in 1..=4 {
        let path = dir.join(format!("probes-{n}.jsonl"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let probe: Probe = serde_json::from_str(line).expect("a probe");
            if probe.split == split {
                probes.push(probe);
            }
        }
    }
    let bank = Bank::builtin().expect("the built-in bank");
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
    println!("{:<14} {:>6} {:>6} {:>7}", "kind", "passed", "total", "rate");
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
