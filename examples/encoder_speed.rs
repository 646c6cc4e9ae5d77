//! Speed of the semantic stage's encoders in `mock ask` / `score` terms: the
//! built-in static model against a transformer folder (`--model DIR`, e.g.
//! the all-MiniLM-L6-v2 folder `scripts/fetch-minilm` writes). See
//! `bench/encoder/README.md`; run with
//! `cargo run --release --example encoder_speed -- --model target/minilm [--rounds N]`.
//!
//! Prints, per encoder, wall and CPU time (all threads; on a shared machine
//! the wall time also counts other processes):
//! - the exemplar sentences of each built-in rubric (what `ask` encodes
//!   before it can score the first answer) and the time to encode them, one
//!   by one (as the engine's `Encoder` trait does) and, for the transformer,
//!   in one batch;
//! - the time to score each answer of `bench/validity/answers` with the
//!   exemplars already encoded (p50, p95, max), and for the transformer the
//!   CPU time of encoding the same units in one batch;
//! - the same for a 300-word, 20-sentence answer scored at least 20 times.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use mock::{input, score, Bank};
use mock_engine::semantic::Encoder;

/// About 300 words in 20 sentences (the answer of `crates/mock-embed/benches/embed.rs`).
const ANSWER: &str = include_str!("../crates/mock-embed/benches/answer.txt");

/// An encoder that records what it was asked to encode and how long it took.
#[derive(Debug)]
struct Recording {
    inner: Arc<dyn Encoder>,
    texts: Mutex<Vec<String>>,
    nanos: AtomicU64,
}

impl Encoder for Recording {
    fn encode(&self, text: &str) -> Vec<f32> {
        let t = Instant::now();
        let v = self.inner.encode(text);
        self.nanos
            .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        self.texts.lock().unwrap().push(text.to_owned());
        v
    }

    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    fn calibration(&self) -> mock_engine::Calibration {
        self.inner.calibration()
    }
}

impl Recording {
    fn take(&self) -> (Vec<String>, f64) {
        let texts = std::mem::take(&mut *self.texts.lock().unwrap());
        let ms = self.nanos.swap(0, Ordering::Relaxed) as f64 / 1e6;
        (texts, ms)
    }
}

/// CPU time of every thread of this process in ms (Linux:
/// /proc/self/task/*/schedstat), else 0: on a shared machine the wall time
/// also counts the time other processes held the cores.
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e6
}

/// Wall and CPU time of `f` in ms.
fn timed<R>(f: impl FnOnce() -> R) -> (R, f64, f64) {
    let (t, c) = (Instant::now(), cpu_ms());
    let r = f();
    (r, t.elapsed().as_secs_f64() * 1e3, cpu_ms() - c)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(label: &str, mut ms: Vec<f64>) {
    if ms.is_empty() {
        return;
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {label}: n {}, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms.len(),
        percentile(&ms, 50.0),
        percentile(&ms, 95.0),
        ms[ms.len() - 1]
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let rounds: usize = arg("--rounds").map_or(3, |r| r.parse().expect("--rounds N"));
    let model_dir = arg("--model").map(PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let mut answers: Vec<(String, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("bench/validity/answers")).sort_by_file_name() {
        let entry = entry.expect("readable benchmark folder");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let raw = std::fs::read_to_string(entry.path()).expect("UTF-8 answer");
        let answer = input::parse_text("x", raw.as_bytes()).expect("answer parses");
        let question = raw
            .lines()
            .find_map(|l| l.strip_prefix("question: "))
            .expect("front matter names the question")
            .trim()
            .to_owned();
        answers.push((question, answer.text));
    }

    let mut encoders: Vec<(String, Arc<dyn Encoder>)> = vec![(
        "static (built-in)".to_owned(),
        mock::encoder::builtin_encoder(),
    )];
    let mut transformer = None;
    if let Some(dir) = &model_dir {
        let (enc, wall, cpu) = timed(|| {
            mock::encoder::load(dir)
                .expect("--model DIR loads")
                .warned()
                .expect("a model")
        });
        println!(
            "--model {}: loaded in {wall:.0} ms wall, {cpu:.0} ms CPU",
            dir.display()
        );
        encoders.push(("--model".to_owned(), enc));
        transformer = Some(Arc::new(
            mock_embed::Transformer::from_dir(dir).expect("--model DIR is a transformer folder"),
        ));
    }
    println!(
        "timings: wall and CPU (all threads) in ms; MATMUL_NUM_THREADS={}",
        std::env::var("MATMUL_NUM_THREADS").unwrap_or_else(|_| "unset (physical cores)".into())
    );

    for (label, inner) in &encoders {
        let is_transformer = label == "--model";
        println!("\n== {label}: {}", inner.fingerprint());
        let rec = Arc::new(Recording {
            inner: Arc::clone(inner),
            texts: Mutex::new(Vec::new()),
            nanos: AtomicU64::new(0),
        });
        let mut bank = Bank::builtin().expect("the built-in bank loads");
        bank.set_encoder(Some(rec.clone() as Arc<dyn Encoder>));
        // Exemplars: the first score of a question builds its index.
        println!("exemplars per rubric (encoded before the first answer is scored):");
        let (mut total, mut total_wall, mut total_cpu, mut total_batch) = (0, 0.0, 0.0, 0.0);
        for entry in bank.entries() {
            let (_, wall, cpu) = timed(|| entry.semantic().is_some());
            let (texts, _) = rec.take();
            total += texts.len();
            total_wall += wall;
            total_cpu += cpu;
            let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
            let batch = transformer.as_ref().filter(|_| is_transformer).map(|m| {
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let (_, wall, cpu) = timed(|| m.embed_batch(&refs));
                total_batch += cpu;
                format!("; in one batch {wall:.0} / {cpu:.0}")
            });
            println!(
                "  {:<28} {:>4} texts {:>5} words: one by one {wall:>7.1} / {cpu:>7.1}{}",
                entry.question.id,
                texts.len(),
                words,
                batch.unwrap_or_default()
            );
        }
        println!(
            "  all rubrics: {total} texts, one by one {total_wall:.0} / {total_cpu:.0}{}",
            if is_transformer {
                format!("; in batches (CPU) {total_batch:.0}")
            } else {
                String::new()
            }
        );

        // Answers, index built: median of `rounds` scorings per answer.
        let (mut walls, mut cpus, mut long_walls, mut long_cpus, mut batch_cpus) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut units = 0;
        for (question, text) in &answers {
            let entry = bank.get(question).expect("known question");
            let (mut w, mut c) = (Vec::new(), Vec::new());
            let mut texts = Vec::new();
            for _ in 0..rounds {
                let (_, wall, cpu) = timed(|| score(entry, text));
                w.push(wall);
                c.push(cpu);
                texts = rec.take().0;
            }
            units += texts.len();
            let (w, c) = (median(w), median(c));
            walls.push(w);
            cpus.push(c);
            if (250..=400).contains(&text.split_whitespace().count()) {
                long_walls.push(w);
                long_cpus.push(c);
            }
            if let Some(model) = transformer.as_ref().filter(|_| is_transformer) {
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                batch_cpus.push(timed(|| model.embed_batch(&refs)).2);
            }
        }
        println!(
            "score one answer, exemplars already encoded ({} validity answers, {:.1} encoded units each on average; median of {rounds} runs each):",
            answers.len(),
            units as f64 / answers.len() as f64
        );
        summary("all answers, wall", walls);
        summary("all answers, CPU", cpus);
        summary("answers of 250-400 words, wall", long_walls);
        summary("answers of 250-400 words, CPU", long_cpus);
        if !batch_cpus.is_empty() {
            summary("their units encoded in one batch, CPU", batch_cpus);
        }

        // The 300-word answer.
        let entry = bank.get("data-consistency").expect("built-in question");
        let (mut walls, mut cpus, mut enc) = (Vec::new(), Vec::new(), Vec::new());
        let mut texts = Vec::new();
        for _ in 0..rounds.max(20) {
            let (_, wall, cpu) = timed(|| score(entry, ANSWER));
            walls.push(wall);
            cpus.push(cpu);
            let (tx, ms) = rec.take();
            enc.push(ms);
            texts = tx;
        }
        println!(
            "300-word answer ({} words, {} encoded units), {} runs:",
            ANSWER.split_whitespace().count(),
            texts.len(),
            walls.len()
        );
        summary("score, wall", walls);
        summary("score, CPU", cpus);
        summary("of it encoding, wall", enc);
        if let Some(model) = transformer.as_ref().filter(|_| is_transformer) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (walls, cpus): (Vec<f64>, Vec<f64>) = (0..rounds.max(20))
                .map(|_| {
                    let (_, w, c) = timed(|| model.embed_batch(&refs));
                    (w, c)
                })
                .unzip();
            summary("its units encoded in one batch, wall", walls);
            summary("its units encoded in one batch, CPU", cpus);
        }
    }
}
