//! Tests on a tiny random-weight BERT (2 layers, hidden 8, 2 heads) built
//! here, with the real WordPiece vocabulary; the real all-MiniLM-L6-v2 is
//! checked in `tests/minilm.rs` when its folder is at hand.

use safetensors::tensor::{Dtype, TensorView};

use super::*;
use crate::BUILTIN_TOKENIZER;

const HIDDEN: usize = 8;
const HEADS: usize = 2;
const LAYERS: usize = 2;
const INTERMEDIATE: usize = 16;
const POSITIONS: usize = 16;
const VOCAB: usize = 30_522;

fn config_json() -> String {
    format!(
        r#"{{"architectures": ["BertModel"], "model_type": "bert", "hidden_size": {HIDDEN},
        "num_hidden_layers": {LAYERS}, "num_attention_heads": {HEADS},
        "intermediate_size": {INTERMEDIATE}, "vocab_size": {VOCAB},
        "max_position_embeddings": {POSITIONS}, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "hidden_act": "gelu"}}"#
    )
}

/// Deterministic pseudo-random values in [-scale, scale] (xorshift64*).
fn random(n: usize, seed: u64, scale: f32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            let r = s.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40; // 24 bits
            (r as f32 / (1u64 << 23) as f32 - 1.0) * scale
        })
        .collect()
}

/// The tensors of the tiny model: (name, shape, values).
fn tensors(prefix: &str) -> Vec<(String, Vec<usize>, Vec<f32>)> {
    let mut t = Vec::new();
    let mut seed = 1;
    let mut add = |name: String, shape: Vec<usize>, scale: f32, offset: f32| {
        seed += 1;
        let n = shape.iter().product();
        let values = random(n, seed, scale)
            .into_iter()
            .map(|v| v + offset)
            .collect();
        t.push((format!("{prefix}{name}"), shape, values));
    };
    add(
        "embeddings.word_embeddings.weight".into(),
        vec![VOCAB, HIDDEN],
        1.0,
        0.0,
    );
    add(
        "embeddings.position_embeddings.weight".into(),
        vec![POSITIONS, HIDDEN],
        0.5,
        0.0,
    );
    add(
        "embeddings.token_type_embeddings.weight".into(),
        vec![2, HIDDEN],
        0.1,
        0.0,
    );
    add("embeddings.LayerNorm.weight".into(), vec![HIDDEN], 0.2, 1.0);
    add("embeddings.LayerNorm.bias".into(), vec![HIDDEN], 0.1, 0.0);
    for i in 0..LAYERS {
        let p = format!("encoder.layer.{i}.");
        for part in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
        ] {
            add(format!("{p}{part}.weight"), vec![HIDDEN, HIDDEN], 0.6, 0.0);
            add(format!("{p}{part}.bias"), vec![HIDDEN], 0.1, 0.0);
        }
        add(
            format!("{p}attention.output.LayerNorm.weight"),
            vec![HIDDEN],
            0.2,
            1.0,
        );
        add(
            format!("{p}attention.output.LayerNorm.bias"),
            vec![HIDDEN],
            0.1,
            0.0,
        );
        add(
            format!("{p}intermediate.dense.weight"),
            vec![INTERMEDIATE, HIDDEN],
            0.6,
            0.0,
        );
        add(
            format!("{p}intermediate.dense.bias"),
            vec![INTERMEDIATE],
            0.1,
            0.0,
        );
        add(
            format!("{p}output.dense.weight"),
            vec![HIDDEN, INTERMEDIATE],
            0.4,
            0.0,
        );
        add(format!("{p}output.dense.bias"), vec![HIDDEN], 0.1, 0.0);
        add(
            format!("{p}output.LayerNorm.weight"),
            vec![HIDDEN],
            0.2,
            1.0,
        );
        add(format!("{p}output.LayerNorm.bias"), vec![HIDDEN], 0.1, 0.0);
    }
    t
}

fn safetensors_of(tensors: &[(String, Vec<usize>, Vec<f32>)]) -> Vec<u8> {
    let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(n, s, v)| {
            (
                n.clone(),
                s.clone(),
                v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            )
        })
        .collect();
    let views: Vec<(String, TensorView<'_>)> = bytes
        .iter()
        .map(|(n, s, b)| {
            (
                n.clone(),
                TensorView::new(Dtype::F32, s.clone(), b).unwrap(),
            )
        })
        .collect();
    safetensors::serialize(views, None).unwrap()
}

fn load(weights: &[u8], config: &str, sentence: Option<&str>) -> Result<Transformer, ModelError> {
    Transformer::from_files(TransformerFiles {
        tokenizer_json: BUILTIN_TOKENIZER,
        safetensors: weights,
        config_json: config.as_bytes(),
        sentence_config_json: sentence.map(str::as_bytes),
    })
}

fn tiny() -> Transformer {
    load(&safetensors_of(&tensors("")), &config_json(), None).unwrap()
}

const TEXTS: &[&str] = &[
    "We publish events through a transactional outbox.",
    "A saga undoes the earlier steps when a later one fails.",
    "async void in C# swallows exceptions",
    "ok",
];

fn bits(e: &Embedding) -> Vec<u32> {
    e.as_slice().iter().map(|x| x.to_bits()).collect()
}

/// The forward pass written as plainly as possible, in f64, from the
/// tensors as PyTorch stores them: what the optimised pass must agree with.
fn naive(tensors: &[(String, Vec<usize>, Vec<f32>)], ids: &[u32]) -> Vec<f64> {
    let get = |name: &str| -> Vec<f64> {
        let t = tensors.iter().find(|t| t.0 == name).unwrap();
        t.2.iter().map(|&x| f64::from(x)).collect()
    };
    let n = ids.len();
    let norm = |x: &[Vec<f64>], g: &[f64], b: &[f64]| -> Vec<Vec<f64>> {
        x.iter()
            .map(|row| {
                let mean = row.iter().sum::<f64>() / row.len() as f64;
                let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / row.len() as f64;
                row.iter()
                    .enumerate()
                    .map(|(j, v)| (v - mean) / (var + 1e-12).sqrt() * g[j] + b[j])
                    .collect()
            })
            .collect()
    };
    // y = x W^T + b with W [out, in]
    let linear = |x: &[Vec<f64>], name: &str| -> Vec<Vec<f64>> {
        let w = get(&format!("{name}.weight"));
        let b = get(&format!("{name}.bias"));
        let inputs = x[0].len();
        x.iter()
            .map(|row| {
                (0..b.len())
                    .map(|o| b[o] + (0..inputs).map(|i| row[i] * w[o * inputs + i]).sum::<f64>())
                    .collect()
            })
            .collect()
    };
    let (word, pos, typ) = (
        get("embeddings.word_embeddings.weight"),
        get("embeddings.position_embeddings.weight"),
        get("embeddings.token_type_embeddings.weight"),
    );
    let x: Vec<Vec<f64>> = (0..n)
        .map(|p| {
            (0..HIDDEN)
                .map(|j| word[ids[p] as usize * HIDDEN + j] + typ[j] + pos[p * HIDDEN + j])
                .collect()
        })
        .collect();
    let mut x = norm(
        &x,
        &get("embeddings.LayerNorm.weight"),
        &get("embeddings.LayerNorm.bias"),
    );
    let d = HIDDEN / HEADS;
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}.");
        let q = linear(&x, &format!("{p}attention.self.query"));
        let k = linear(&x, &format!("{p}attention.self.key"));
        let v = linear(&x, &format!("{p}attention.self.value"));
        let mut ctx = vec![vec![0.0; HIDDEN]; n];
        for h in 0..HEADS {
            for i in 0..n {
                let s: Vec<f64> = (0..n)
                    .map(|j| {
                        (0..d)
                            .map(|c| q[i][h * d + c] * k[j][h * d + c])
                            .sum::<f64>()
                            / (d as f64).sqrt()
                    })
                    .collect();
                let max = s.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = s.iter().map(|v| (v - max).exp()).collect();
                let sum: f64 = e.iter().sum();
                for c in 0..d {
                    ctx[i][h * d + c] = (0..n).map(|j| e[j] / sum * v[j][h * d + c]).sum();
                }
            }
        }
        let a = linear(&ctx, &format!("{p}attention.output.dense"));
        let a: Vec<Vec<f64>> = a
            .iter()
            .zip(&x)
            .map(|(a, x)| a.iter().zip(x).map(|(a, x)| a + x).collect())
            .collect();
        x = norm(
            &a,
            &get(&format!("{p}attention.output.LayerNorm.weight")),
            &get(&format!("{p}attention.output.LayerNorm.bias")),
        );
        let i = linear(&x, &format!("{p}intermediate.dense"));
        let i: Vec<Vec<f64>> = i
            .iter()
            .map(|r| {
                r.iter()
                    .map(|&v| 0.5 * v * (1.0 + libm::erf(v / 2f64.sqrt())))
                    .collect()
            })
            .collect();
        let o = linear(&i, &format!("{p}output.dense"));
        let o: Vec<Vec<f64>> = o
            .iter()
            .zip(&x)
            .map(|(a, x)| a.iter().zip(x).map(|(a, x)| a + x).collect())
            .collect();
        x = norm(
            &o,
            &get(&format!("{p}output.LayerNorm.weight")),
            &get(&format!("{p}output.LayerNorm.bias")),
        );
    }
    let mean: Vec<f64> = (0..HIDDEN)
        .map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n as f64)
        .collect();
    let len = mean.iter().map(|v| v * v).sum::<f64>().sqrt();
    mean.iter().map(|v| v / len).collect()
}

#[test]
fn matches_a_naive_f64_forward_pass() {
    let t = tensors("");
    let model = tiny();
    for text in TEXTS {
        let mut ids = vec![model.cls];
        ids.extend(model.tokenize(text));
        ids.push(model.sep);
        let want = naive(&t, &ids);
        let got = model.embed(text);
        for (g, w) in got.as_slice().iter().zip(&want) {
            assert!((f64::from(*g) - w).abs() < 1e-5, "{text}: {g} vs {w}");
        }
    }
}

#[test]
fn vectors_are_unit_length_and_the_same_bits_every_time() {
    let model = tiny();
    assert_eq!(model.dims(), HIDDEN);
    for text in TEXTS {
        let v = model.embed(text);
        assert_eq!(v.dims(), HIDDEN);
        let norm: f64 = v.as_slice().iter().map(|&x| f64::from(x).powi(2)).sum();
        assert!((norm - 1.0).abs() < 1e-6, "{text}: {norm}");
        assert_eq!(bits(&v), bits(&model.embed(text)), "{text}");
        // A second model from the same files, too.
        assert_eq!(bits(&v), bits(&tiny().embed(text)), "{text}");
    }
}

#[test]
fn a_batch_gives_each_text_its_own_vector() {
    let model = tiny();
    let batch = model.embed_batch(TEXTS);
    assert_eq!(batch.len(), TEXTS.len());
    for (text, v) in TEXTS.iter().zip(&batch) {
        // matrixmultiply computes each output from its row and column alone,
        // in the same order wherever the row sits in the batch.
        assert_eq!(bits(&model.embed(text)), bits(v), "{text}");
    }
    // The same batch twice: the same bits.
    let again = model.embed_batch(TEXTS);
    assert!(batch.iter().zip(&again).all(|(a, b)| bits(a) == bits(b)));
}

#[test]
fn batches_longer_than_one_pass_are_split() {
    let model = tiny();
    let many: Vec<&str> = (0..600).map(|i| TEXTS[i % TEXTS.len()]).collect();
    let batch = model.embed_batch(&many);
    assert_eq!(batch.len(), many.len());
    for (text, v) in many.iter().zip(&batch) {
        assert_eq!(bits(&model.embed(text)), bits(v), "{text}");
    }
}

#[test]
fn texts_without_known_tokens_are_zero_vectors() {
    let model = tiny();
    for text in ["", "   ", "🚀 🚀"] {
        assert!(model.embed(text).is_zero(), "{text:?}");
    }
    let batch = model.embed_batch(&["", "ok", "🚀"]);
    assert!(batch[0].is_zero() && !batch[1].is_zero() && batch[2].is_zero());
}

#[test]
fn long_texts_are_truncated_to_max_seq_length() {
    let weights = safetensors_of(&tensors(""));
    let model = load(&weights, &config_json(), Some(r#"{"max_seq_length": 6}"#)).unwrap();
    assert_eq!(model.max_tokens(), 6);
    let long = "we write the event in the same table as the outbox";
    let head = "we write the event";
    assert_eq!(bits(&model.embed(long)), bits(&model.embed(head)));
    // Without sentence_bert_config.json the position table is the limit,
    // so any text fits in the model's positions.
    let model = tiny();
    assert_eq!(model.max_tokens(), POSITIONS);
    let very_long = "the outbox ".repeat(100);
    assert!(!model.embed(&very_long).is_zero());
}

#[test]
fn a_bert_prefix_on_tensor_names_is_accepted() {
    let plain = tiny();
    let prefixed = load(&safetensors_of(&tensors("bert.")), &config_json(), None).unwrap();
    assert_eq!(
        bits(&plain.embed(TEXTS[0])),
        bits(&prefixed.embed(TEXTS[0]))
    );
}

#[test]
fn the_int8_copy_is_smaller_and_close() {
    let weights = safetensors_of(&tensors(""));
    let int8 = quantize_int8(&weights).unwrap();
    // A quarter of the bytes plus a 4-byte scale per row (of 8 values here).
    assert!(
        int8.len() * 2 < weights.len(),
        "{} vs {}",
        int8.len(),
        weights.len()
    );
    let full = tiny();
    let small = load(&int8, &config_json(), None).unwrap();
    assert_ne!(full.fingerprint(), small.fingerprint());
    for text in TEXTS {
        let cos = full.embed(text).cosine(&small.embed(text));
        assert!(cos > 0.999, "{text}: {cos}");
    }
    // Quantising the int8 copy again changes nothing.
    assert_eq!(quantize_int8(&int8).unwrap(), int8);
}

#[test]
fn fingerprint_names_the_shape_and_hashes_the_files() {
    let model = tiny();
    let (name, hex) = model.fingerprint().split_once(':').unwrap();
    assert_eq!(name, "bert-l2-mean-8");
    assert_eq!(hex.len(), 12);
    let named = config_json().replacen('{', r#"{"name": "tiny-bert", "#, 1);
    let model = load(&safetensors_of(&tensors("")), &named, None).unwrap();
    assert!(
        model.fingerprint().starts_with("tiny-bert-8:"),
        "{}",
        model.fingerprint()
    );
}

#[test]
fn bert_configs_are_told_from_static_ones() {
    assert!(Transformer::is_transformer_config(config_json().as_bytes()));
    assert!(Transformer::is_transformer_config(
        br#"{"architectures": ["BertForMaskedLM"]}"#
    ));
    assert!(!Transformer::is_transformer_config(
        br#"{"model_type": "model2vec", "architectures": ["StaticModel"]}"#
    ));
    assert!(!Transformer::is_transformer_config(b"not json"));
}

#[test]
fn bad_files_are_clear_errors() {
    let weights = safetensors_of(&tensors(""));
    let err = |config: &str, weights: &[u8]| load(weights, config, None).unwrap_err().to_string();
    let e = err(&config_json().replace("\"gelu\"", "\"relu\""), &weights);
    assert!(e.contains("hidden_act"), "{e}");
    let e = err(
        &config_json().replace("\"num_attention_heads\": 2", "\"num_attention_heads\": 3"),
        &weights,
    );
    assert!(e.contains("not a multiple"), "{e}");
    let e = err(r#"{"model_type": "model2vec"}"#, &weights);
    assert!(e.starts_with("config.json"), "{e}");
    let e = err(
        &config_json().replace("\"intermediate_size\": 16", "\"intermediate_size\": 12"),
        &weights,
    );
    assert!(
        e.contains("intermediate.dense.weight") && e.contains("shape"),
        "{e}"
    );
    let e = err(
        &config_json().replace("\"vocab_size\": 30522", "\"vocab_size\": 100"),
        &weights,
    );
    assert!(e.contains("vocabulary"), "{e}");
    let mut missing = tensors("");
    missing.retain(|t| !t.0.contains("layer.1.output.dense.bias"));
    let e = err(&config_json(), &safetensors_of(&missing));
    assert!(
        e.contains("missing tensor `encoder.layer.1.output.dense.bias`"),
        "{e}"
    );
    let e = err(&config_json(), b"not safetensors");
    assert!(e.starts_with("model.safetensors"), "{e}");
    let mut nan = tensors("");
    nan[5].2[0] = f32::NAN;
    let e = err(&config_json(), &safetensors_of(&nan));
    assert!(e.contains("non-finite"), "{e}");
    let e = load(&weights, &config_json(), Some(r#"{"max_seq_length": 2}"#))
        .unwrap_err()
        .to_string();
    assert!(e.contains("max_seq_length"), "{e}");
}
