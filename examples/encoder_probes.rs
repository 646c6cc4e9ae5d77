//! How well an encoder's cosine separates paraphrases from contradictions,
//! negations and unrelated sentences, without the engine's thresholds. See
//! `bench/encoder/README.md`; run with
//! `cargo run --release --example encoder_probes -- [--model DIR]...`
//! (the built-in static model is always included).
//!
//! Two probe sets:
//! - `bench/encoder/probes.tsv`: per anchor claim, a paraphrase, a
//!   contradiction, a negation and an unrelated sentence. "Ordered right" is
//!   the share of anchors whose paraphrase is closer to the anchor than the
//!   other sentence (a tie counts half); the AUC pools all anchors (one
//!   threshold for all: paraphrase pairs against the other pairs).
//! - `scripts/distill_probe.tsv` (ADR 0007): paraphrase-to-own-concept
//!   against paraphrase-to-other-concept AUC, top-1, and how many
//!   contradictions come closer to their concept than its paraphrase.
//!
//! Each twice: raw cosines, and centred on the mean vector of every exemplar
//! of the built-in rubrics (what the engine does per rubric).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use mock::Bank;
use mock_engine::semantic::Encoder;

const KINDS: [&str; 3] = ["contradiction", "negation", "unrelated"];

fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    let mut s = 0.0;
    for p in pos {
        for n in neg {
            s += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    s / (pos.len() * neg.len()) as f64
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Vectors, optionally centred, then normalised; cosine is their dot product.
struct Space<'a> {
    encoder: &'a dyn Encoder,
    centre: Option<Vec<f64>>,
}

impl Space<'_> {
    fn vec(&self, text: &str) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .encoder
            .encode(text)
            .iter()
            .map(|&x| f64::from(x))
            .collect();
        if let Some(c) = &self.centre {
            for (x, m) in v.iter_mut().zip(c) {
                *x -= m;
            }
        }
        let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if n > 0.0 {
            v.iter_mut().for_each(|x| *x /= n);
        }
        v
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn read_tsv(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .expect("readable probe file")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut encoders: Vec<(String, Arc<dyn Encoder>)> =
        vec![("static (built-in)".into(), mock::encoder::builtin_encoder())];
    for (i, a) in args.iter().enumerate() {
        if a == "--model" {
            let dir = PathBuf::from(&args[i + 1]);
            let enc = mock::encoder::load(&dir)
                .expect("--model DIR loads")
                .warned()
                .expect("a model");
            encoders.push((dir.display().to_string(), enc));
        }
    }
    // Every exemplar of the built-in rubrics: the domain centre.
    let bank = Bank::builtin().expect("the built-in bank loads");
    let mut exemplars: Vec<String> = Vec::new();
    for e in bank.entries() {
        let r = &e.rubric;
        for c in &r.concepts {
            exemplars.extend(c.exemplars.iter().cloned());
            for k in &c.claims {
                exemplars.extend(k.exemplars.iter().cloned());
            }
        }
        for m in &r.misconceptions {
            exemplars.extend(m.exemplars.iter().cloned());
        }
    }

    // bench/encoder/probes.tsv: anchor -> kind -> text.
    let mut anchors: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for row in read_tsv(&root.join("bench/encoder/probes.tsv")) {
        let [anchor, kind, text] = &row[..] else {
            panic!("probes.tsv: three columns expected: {row:?}")
        };
        match anchors.last_mut() {
            Some((a, items)) if a == anchor => items.push((kind.clone(), text.clone())),
            _ => anchors.push((anchor.clone(), vec![(kind.clone(), text.clone())])),
        }
    }
    let distill = read_tsv(&root.join("scripts/distill_probe.tsv"));

    println!(
        "bench/encoder/probes.tsv: {} anchors; scripts/distill_probe.tsv: {} rows; centre: {} exemplars\n",
        anchors.len(),
        distill.len(),
        exemplars.len()
    );
    println!("| encoder | centring | ordered right: para > contra / neg / unrel | AUC para vs contra / neg / unrel | mean cos para / contra / neg / unrel | distill probe AUC / top-1 / contra > para |");
    println!("|---|---|---|---|---|---|");
    for (label, encoder) in &encoders {
        let n = exemplars.len() as f64;
        let mut centre = vec![0.0f64; encoder.encode("x").len()];
        for t in &exemplars {
            for (c, x) in centre.iter_mut().zip(encoder.encode(t)) {
                *c += f64::from(x) / n;
            }
        }
        for (cname, space) in [
            (
                "none",
                Space {
                    encoder: encoder.as_ref(),
                    centre: None,
                },
            ),
            (
                "bank exemplars",
                Space {
                    encoder: encoder.as_ref(),
                    centre: Some(centre.clone()),
                },
            ),
        ] {
            let mut sims: Vec<(f64, [f64; 3])> = Vec::new();
            for (anchor, items) in &anchors {
                let get = |k: &str| {
                    &items
                        .iter()
                        .find(|(kind, _)| kind == k)
                        .unwrap_or_else(|| panic!("{anchor}: no {k}"))
                        .1
                };
                let a = space.vec(get("anchor"));
                let p = dot(&a, &space.vec(get("paraphrase")));
                let others = KINDS.map(|k| dot(&a, &space.vec(get(k))));
                sims.push((p, others));
            }
            let paras: Vec<f64> = sims.iter().map(|s| s.0).collect();
            let ordered: Vec<String> = (0..3)
                .map(|k| {
                    let right: f64 = sims
                        .iter()
                        .map(|(p, o)| {
                            if *p > o[k] {
                                1.0
                            } else if *p == o[k] {
                                0.5
                            } else {
                                0.0
                            }
                        })
                        .sum();
                    format!("{right}/{}", sims.len())
                })
                .collect();
            let aucs: Vec<String> = (0..3)
                .map(|k| {
                    let other: Vec<f64> = sims.iter().map(|s| s.1[k]).collect();
                    format!("{:.3}", auc(&paras, &other))
                })
                .collect();
            let means: Vec<String> = std::iter::once(mean(&paras))
                .chain((0..3).map(|k| mean(&sims.iter().map(|s| s.1[k]).collect::<Vec<_>>())))
                .map(|m| format!("{m:.2}"))
                .collect();
            // scripts/distill_probe.tsv
            let mut concepts: Vec<(String, Vec<f64>)> = Vec::new();
            let mut paras_d: Vec<(String, Vec<f64>)> = Vec::new();
            let mut contras: Vec<(String, Vec<f64>)> = Vec::new();
            for row in &distill {
                let v = space.vec(&row[2]);
                match row[0].as_str() {
                    "concept" => concepts.push((row[1].clone(), v)),
                    "paraphrase" => paras_d.push((row[1].clone(), v)),
                    "contradiction" => contras.push((row[1].clone(), v)),
                    other => panic!("distill_probe.tsv: unknown kind {other}"),
                }
            }
            let (mut pos, mut neg, mut top1) = (Vec::new(), Vec::new(), 0);
            for (key, p) in &paras_d {
                let s: Vec<(bool, f64)> = concepts
                    .iter()
                    .map(|(k, c)| (k == key, dot(p, c)))
                    .collect();
                pos.extend(s.iter().filter(|x| x.0).map(|x| x.1));
                neg.extend(s.iter().filter(|x| !x.0).map(|x| x.1));
                let best = s
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .expect("concepts");
                top1 += usize::from(best.0);
            }
            let contra_above = contras
                .iter()
                .filter(|(key, v)| {
                    let c = &concepts.iter().find(|(k, _)| k == key).expect("concept").1;
                    let p = &paras_d
                        .iter()
                        .find(|(k, _)| k == key)
                        .expect("paraphrase")
                        .1;
                    dot(v, c) > dot(p, c)
                })
                .count();
            println!(
                "| {label} | {cname} | {} | {} | {} | {:.3} / {:.2} / {contra_above} of {} |",
                ordered.join(" / "),
                aucs.join(" / "),
                means.join(" / "),
                auc(&pos, &neg),
                top1 as f64 / paras_d.len() as f64,
                contras.len()
            );
        }
    }
}
