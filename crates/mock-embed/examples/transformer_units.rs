//! Encodes the sentences of a 300-word answer with a transformer folder, one
//! by one and in one batch, and prints wall and CPU time (for profiling:
//! `perf record cargo run --release -p mock-embed --example transformer_units -- DIR`).

use std::time::Instant;

use mock_embed::Transformer;

/// CPU time of this thread in ms (Linux: /proc/thread-self/schedstat), else 0.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: transformer_units DIR [ROUNDS]");
    let rounds: usize = std::env::args()
        .nth(2)
        .map_or(5, |r| r.parse().expect("ROUNDS"));
    let model = Transformer::from_dir(&dir).expect("a transformer folder");
    let text = include_str!("../benches/answer.txt");
    let units: Vec<&str> = text.split_inclusive(". ").map(str::trim).collect();
    let tokens: usize = units.iter().map(|u| model.tokenize(u).len() + 2).sum();
    println!("{} units, {tokens} tokens with [CLS]/[SEP]", units.len());
    // A digest of the vectors' bits, to compare runs (e.g. MATMUL_NUM_THREADS=1 and 2).
    let digest = |vs: &[mock_embed::Embedding]| {
        vs.iter()
            .flat_map(|v| v.as_slice().iter().map(|x| u64::from(x.to_bits())))
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b).wrapping_mul(0x100_0000_01b3)
            })
    };
    let single: Vec<_> = units.iter().map(|u| model.embed(u)).collect();
    println!(
        "digest of the vectors: one by one {:016x}, one batch {:016x}",
        digest(&single),
        digest(&model.embed_batch(&units))
    );
    // The engine's centre for drafted rubrics: 1,500 single words, one by one.
    let words: Vec<&str> = text.split_whitespace().cycle().take(1500).collect();
    let (w, c) = (Instant::now(), cpu_ms());
    for word in &words {
        model.embed(word);
    }
    println!(
        "1,500 single words one by one: {:.0} ms wall, {:.0} ms CPU",
        w.elapsed().as_secs_f64() * 1e3,
        cpu_ms() - c
    );
    for _ in 0..rounds {
        let (w, c) = (Instant::now(), cpu_ms());
        for u in &units {
            model.embed(u);
        }
        let one = (w.elapsed().as_secs_f64() * 1e3, cpu_ms() - c);
        let (w, c) = (Instant::now(), cpu_ms());
        model.embed_batch(&units);
        let batch = (w.elapsed().as_secs_f64() * 1e3, cpu_ms() - c);
        println!(
            "one by one: {:.0} ms wall, {:.0} ms CPU; one batch: {:.0} ms wall, {:.0} ms CPU",
            one.0, one.1, batch.0, batch.1
        );
    }
}
