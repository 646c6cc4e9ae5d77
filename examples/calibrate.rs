//! Calibration of the semantic thresholds on the validity benchmark's dev
//! split (the held-out answers are never read): for every answer kind, the
//! distribution of the best centred similarity per concept and per claim.
//! Run with `cargo run --release --example calibrate`.

use std::collections::BTreeMap;
use std::path::Path;

use mock::{input, Bank};
use mock_engine::scoring::score_traced;

fn main() {
    let mut bank = Bank::builtin().expect("the built-in bank loads");
    bank.set_encoder(Some(mock::encoder::builtin_encoder()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/validity/answers");
    // kind -> (claim similarities, concept similarities)
    let mut by_kind: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut wrong_by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    // kind -> per answer, the best red-flag similarity in an endorsing sentence
    let mut flag_by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("readable benchmark folder");
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with("v2-") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).expect("UTF-8 answer");
        let front = raw.split("---").nth(1).expect("front matter");
        if !front.contains("split: dev") {
            continue;
        }
        let kind = front
            .lines()
            .find_map(|l| l.strip_prefix("kind: "))
            .unwrap_or("?")
            .trim()
            .to_owned();
        let answer = input::parse_text("x", raw.as_bytes()).expect("answer parses");
        let question = answer.question.clone().expect("question in front matter");
        let compiled = bank.get(&question).expect("known question");
        let (_, trace) = score_traced(compiled, &answer.text);
        wrong_by_kind.entry(kind.clone()).or_default().extend(
            trace
                .misconceptions
                .iter()
                .filter_map(|m| m.semantic.as_ref().map(|s| s.similarity)),
        );
        flag_by_kind.entry(kind.clone()).or_default().push(
            trace
                .red_flags
                .iter()
                .filter_map(|f| f.semantic.as_ref().map(|s| s.similarity))
                .fold(f64::NAN, f64::max),
        );
        let slot = by_kind.entry(kind).or_default();
        for concept in &trace.concepts {
            slot.1
                .extend(concept.target.semantic.as_ref().map(|s| s.similarity));
            for claim in &concept.claims {
                slot.0.extend(claim.semantic.as_ref().map(|s| s.similarity));
            }
        }
    }
    println!("best centred similarity per claim / concept, dev answers, by kind");
    println!(
        "{:<10} {:>5} {:>6} {:>6} {:>6} {:>6} | {:>5} {:>6} {:>6} {:>6}",
        "kind", "n", "p50", "p75", "p90", ">=t", "n", "p50", "p75", "p90"
    );
    for (kind, (claims, concepts)) in &mut by_kind {
        claims.sort_by(f64::total_cmp);
        concepts.sort_by(f64::total_cmp);
        let q = |v: &Vec<f64>, p: f64| {
            v.get(((v.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or(f64::NAN)
        };
        let over = claims
            .iter()
            .filter(|s| **s >= mock_engine::Calibration::DEFAULT.claim)
            .count() as f64
            / claims.len().max(1) as f64;
        println!(
            "{kind:<10} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.2} | {:>5} {:>6.3} {:>6.3} {:>6.3}",
            claims.len(),
            q(claims, 0.5),
            q(claims, 0.75),
            q(claims, 0.9),
            over,
            concepts.len(),
            q(concepts, 0.5),
            q(concepts, 0.75),
            q(concepts, 0.9)
        );
    }
    println!("\nbest centred similarity per misconception");
    for (kind, sims) in &mut wrong_by_kind {
        sims.sort_by(f64::total_cmp);
        let q = |p: f64| {
            sims.get(((sims.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or(f64::NAN)
        };
        println!(
            "{kind:<10} {:>5} p50 {:>6.3} p90 {:>6.3} max {:>6.3}",
            sims.len(),
            q(0.5),
            q(0.9),
            q(1.0)
        );
    }
    println!("\nper answer, best centred red-flag similarity of an endorsing sentence");
    for (kind, sims) in &mut flag_by_kind {
        let mut sims: Vec<f64> = sims.iter().copied().filter(|s| !s.is_nan()).collect();
        sims.sort_by(f64::total_cmp);
        let shown: Vec<String> = sims.iter().map(|s| format!("{s:.2}")).collect();
        println!("{kind:<10} {}", shown.join(" "));
    }
}
