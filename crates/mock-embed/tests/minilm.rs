//! The transformer encoder on the real all-MiniLM-L6-v2 weights.
//!
//! The weights are not in the repository, so these tests are ignored (and
//! say why) in a plain `cargo test`. Run them with the folder
//! `scripts/fetch-minilm` writes:
//!
//! ```sh
//! MOCK_MINILM_DIR=target/minilm cargo test --release -p mock-embed --test minilm -- --ignored --nocapture
//! ```
//!
//! Nothing is downloaded.

use std::path::PathBuf;

use mock_embed::{quantize_int8, Embedding, Transformer, TransformerFiles};

/// Published by sentence-transformers for all-MiniLM-L6-v2 (its README), as
/// in `scripts/distill_model.py`.
const REFERENCE_SENTENCES: [&str; 3] = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
];
const REFERENCE_SIMILARITY: [(usize, usize, f32); 3] =
    [(0, 1, 0.6660), (0, 2, 0.1046), (1, 2, 0.1411)];

/// Sentences and their vectors from the numpy forward pass
/// (`scripts/minilm_golden.py`).
const GOLDEN: &str = include_str!("golden/minilm_vectors.tsv");

fn folder() -> PathBuf {
    match std::env::var_os("MOCK_MINILM_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => panic!(
            "MOCK_MINILM_DIR is not set: point it at the folder scripts/fetch-minilm writes \
             (e.g. target/minilm)"
        ),
    }
}

fn golden() -> Vec<(&'static str, Vec<f32>)> {
    GOLDEN
        .lines()
        .map(|line| {
            let (text, values) = line.split_once('\t').expect("text, tab, values");
            let v: Vec<f32> = values
                .split(' ')
                .map(|x| x.parse().expect("a number"))
                .collect();
            assert_eq!(v.len(), 384, "{text}");
            (text, v)
        })
        .collect()
}

fn max_reference_error(model: &Transformer) -> f32 {
    let v = model.embed_batch(&REFERENCE_SENTENCES);
    REFERENCE_SIMILARITY
        .iter()
        .map(|&(i, j, want)| {
            let got = v[i].cosine(&v[j]);
            eprintln!(
                "{:?} / {:?}: {got:.5} (published {want:.4})",
                REFERENCE_SENTENCES[i], REFERENCE_SENTENCES[j]
            );
            (got - want).abs()
        })
        .fold(0.0, f32::max)
}

#[test]
#[ignore = "needs the all-MiniLM-L6-v2 weights: MOCK_MINILM_DIR=target/minilm ... -- --ignored"]
fn reproduces_the_published_similarities() {
    let dir = folder();
    let model = Transformer::from_dir(&dir).expect("the MiniLM folder loads");
    assert_eq!(model.dims(), 384);
    assert_eq!(model.max_tokens(), 256);
    let err = max_reference_error(&model);
    assert!(err < 1e-3, "max |difference| {err}");
}

#[test]
#[ignore = "needs the all-MiniLM-L6-v2 weights: MOCK_MINILM_DIR=target/minilm ... -- --ignored"]
fn agrees_with_the_numpy_forward_pass() {
    let dir = folder();
    let model = Transformer::from_dir(&dir).expect("the MiniLM folder loads");
    let golden = golden();
    let texts: Vec<&str> = golden.iter().map(|(t, _)| *t).collect();
    let batch = model.embed_batch(&texts);
    let mut worst = 0.0f32;
    for ((text, want), in_batch) in golden.iter().zip(&batch) {
        let alone = model.embed(text);
        assert_eq!(alone, *in_batch, "{text}: alone and in a batch");
        for got in [&alone, in_batch] {
            let diff = got
                .as_slice()
                .iter()
                .zip(want)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            worst = worst.max(diff);
            assert!(diff < 2e-5, "{text}: max |difference| {diff}");
            assert!(
                got.cosine(&Embedding::from_vec(want.clone())) > 0.99999,
                "{text}"
            );
        }
    }
    eprintln!(
        "{} sentences, max |difference| per value {worst:.2e}",
        golden.len()
    );
}

#[test]
#[ignore = "needs the all-MiniLM-L6-v2 weights: MOCK_MINILM_DIR=target/minilm ... -- --ignored"]
fn the_int8_copy_stays_close() {
    let dir = folder();
    let read = |name: &str| std::fs::read(dir.join(name)).expect("readable model file");
    let (config, tokenizer, weights, sentence) = (
        read("config.json"),
        read("tokenizer.json"),
        read("model.safetensors"),
        read("sentence_bert_config.json"),
    );
    let int8 = quantize_int8(&weights).expect("quantises");
    eprintln!(
        "model.safetensors: {} bytes f32, {} bytes int8",
        weights.len(),
        int8.len()
    );
    let model = Transformer::from_files(TransformerFiles {
        tokenizer_json: &tokenizer,
        safetensors: &int8,
        config_json: &config,
        sentence_config_json: Some(&sentence),
    })
    .expect("the int8 copy loads");
    let err = max_reference_error(&model);
    assert!(
        err < 5e-3,
        "int8: max |difference| to the published similarities {err}"
    );
    let golden = golden();
    let mut min_cos = 1.0f32;
    for (text, want) in &golden {
        min_cos = min_cos.min(model.embed(text).cosine(&Embedding::from_vec(want.clone())));
    }
    eprintln!(
        "int8 against f32 on {} sentences: lowest cosine {min_cos:.5}",
        golden.len()
    );
    assert!(min_cos > 0.99, "{min_cos}");
}
