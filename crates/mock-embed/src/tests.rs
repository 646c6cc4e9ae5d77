//! Tests of the whole model on tiny synthetic models built here.

use std::collections::HashMap;

use safetensors::tensor::{Dtype, TensorView};

use super::*;

/// A few dozen tokens: specials, words, continuation pieces, punctuation.
const VOCAB: &[&str] = &[
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "a",
    "outbox",
    "transaction",
    "event",
    "events",
    "publish",
    "we",
    "write",
    "in",
    "same",
    "table",
    "an",
    "to",
    "async",
    "void",
    "c",
    "#",
    ".",
    "net",
    "##s",
    "##ing",
    "##ed",
    "test",
    "pyramid",
    "unit",
    "fast",
    ",",
    "'",
    "-",
    "idempotent",
    "consumer",
    "cafe",
    "中",
    "文",
];
const DIMS: usize = 8;

fn tokenizer_json() -> String {
    let vocab: Vec<String> = VOCAB
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}: {i}", serde_json::to_string(t).unwrap()))
        .collect();
    let added: Vec<String> = VOCAB[..5]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                r#"{{"id": {i}, "content": "{t}", "single_word": false, "lstrip": false,
                "rstrip": false, "normalized": false, "special": true}}"#
            )
        })
        .collect();
    format!(
        r###"{{"version": "1.0", "truncation": {{"max_length": 4, "strategy": "LongestFirst", "stride": 0}},
        "padding": null, "added_tokens": [{}],
        "normalizer": {{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                       "strip_accents": null, "lowercase": true}},
        "pre_tokenizer": {{"type": "BertPreTokenizer"}},
        "post_processor": null, "decoder": null,
        "model": {{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                   "max_input_chars_per_word": 100, "vocab": {{ {} }} }} }}"###,
        added.join(", "),
        vocab.join(", ")
    )
}

/// Deterministic pseudo-random int8 values in [-127, 127].
fn int8_rows(rows: usize) -> Vec<i8> {
    let mut state: u32 = 0x1234_5678;
    (0..rows * DIMS)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((state >> 24) as i32 % 255 - 127) as i8
        })
        .collect()
}

/// Per-row scales; powers of two keep `q * scale` exact in f32.
fn pow2_scales(rows: usize) -> Vec<f32> {
    (0..rows)
        .map(|i| 2f32.powi(-((i % 5) as i32) - 3))
        .collect()
}

fn tensors(parts: &[(&str, Dtype, Vec<usize>, Vec<u8>)]) -> Vec<u8> {
    let views: Vec<(String, TensorView<'_>)> = parts
        .iter()
        .map(|(name, dtype, shape, data)| {
            (
                (*name).to_owned(),
                TensorView::new(*dtype, shape.clone(), data).unwrap(),
            )
        })
        .collect();
    safetensors::serialize(views, None::<HashMap<String, String>>).unwrap()
}

fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn int8_model_bytes(q: &[i8], scales: &[f32]) -> Vec<u8> {
    tensors(&[
        (
            "embeddings",
            Dtype::I8,
            vec![scales.len(), DIMS],
            q.iter().map(|&x| x as u8).collect(),
        ),
        ("scales", Dtype::F32, vec![scales.len()], f32_bytes(scales)),
    ])
}

fn f32_model_bytes(rows: &[f32]) -> Vec<u8> {
    tensors(&[(
        "embeddings",
        Dtype::F32,
        vec![rows.len() / DIMS, DIMS],
        f32_bytes(rows),
    )])
}

/// The int8 table decoded by hand: row i = q[i] * scales[i].
fn decoded(q: &[i8], scales: &[f32]) -> Vec<f32> {
    q.iter()
        .enumerate()
        .map(|(k, &x)| f32::from(x) * scales[k / DIMS])
        .collect()
}

fn int8_model() -> StaticModel {
    let rows = VOCAB.len();
    StaticModel::from_bytes(
        tokenizer_json().as_bytes(),
        &int8_model_bytes(&int8_rows(rows), &pow2_scales(rows)),
        None,
    )
    .unwrap()
}

fn f32_model() -> StaticModel {
    let rows = VOCAB.len();
    let table = decoded(&int8_rows(rows), &pow2_scales(rows));
    StaticModel::from_bytes(tokenizer_json().as_bytes(), &f32_model_bytes(&table), None).unwrap()
}

fn id(token: &str) -> u32 {
    VOCAB.iter().position(|t| *t == token).unwrap() as u32
}

/// The reference computation, written out plainly.
fn expected(table: &[f32], ids: &[u32], normalize: bool) -> Vec<f32> {
    let ids: Vec<u32> = ids.iter().copied().filter(|&i| i != id("[UNK]")).collect();
    if ids.is_empty() {
        return vec![0.0; DIMS];
    }
    let mut mean = vec![0.0f64; DIMS];
    for &i in &ids {
        for d in 0..DIMS {
            mean[d] += f64::from(table[i as usize * DIMS + d]);
        }
    }
    for m in &mut mean {
        *m /= ids.len() as f64;
    }
    if !normalize {
        return mean.iter().map(|&m| m as f32).collect();
    }
    let norm = mean.iter().map(|m| m * m).sum::<f64>().sqrt();
    mean.iter().map(|&m| (m / norm) as f32).collect()
}

#[test]
fn tokenize_gives_ids_without_special_tokens() {
    let m = f32_model();
    assert_eq!(
        m.tokenize("We publish events, idempotent consumers."),
        [
            id("we"),
            id("publish"),
            id("events"),
            id(","),
            id("idempotent"),
            id("consumer"),
            id("##s"),
            id(".")
        ]
    );
    // The tokenizer file's truncation (max_length 4) is ignored.
    assert_eq!(m.tokenize("the the the the the the").len(), 6);
    assert_eq!(m.tokenize("async void in C# .NET").len(), 7);
    assert_eq!(
        m.tokenize("Café 中文 🚀"),
        [id("cafe"), id("中"), id("文"), id("[UNK]")]
    );
    assert_eq!(
        m.tokenize("[CLS] the [SEP]"),
        [id("[CLS]"), id("the"), id("[SEP]")]
    );
    let mut buf = vec![99];
    m.tokenize_into("the", &mut buf);
    assert_eq!(buf, [id("the")]);
}

#[test]
fn int8_rows_decode_as_value_times_scale() {
    let rows = VOCAB.len();
    let (q, s) = (int8_rows(rows), pow2_scales(rows));
    let m = int8_model();
    for i in 0..rows {
        let want: Vec<f32> = (0..DIMS)
            .map(|d| f32::from(q[i * DIMS + d]) * s[i])
            .collect();
        assert_eq!(m.token_vector(i as u32).unwrap(), want, "row {i}");
    }
    assert_eq!(m.token_vector(rows as u32), None);
}

#[test]
fn int8_with_general_scales_decodes_in_f64() {
    let rows = VOCAB.len();
    let q = int8_rows(rows);
    let scales: Vec<f32> = (0..rows).map(|i| 0.001_37 * (i as f32 + 1.0)).collect();
    let m = StaticModel::from_bytes(
        tokenizer_json().as_bytes(),
        &int8_model_bytes(&q, &scales),
        None,
    )
    .unwrap();
    for i in 0..rows {
        let want: Vec<f32> = (0..DIMS)
            .map(|d| (f64::from(q[i * DIMS + d]) * f64::from(scales[i])) as f32)
            .collect();
        assert_eq!(m.token_vector(i as u32).unwrap(), want, "row {i}");
    }
}

#[test]
fn embed_is_the_normalised_mean_of_known_token_rows() {
    let rows = VOCAB.len();
    let table = decoded(&int8_rows(rows), &pow2_scales(rows));
    for m in [f32_model(), int8_model()] {
        for text in [
            "We write the event to an outbox table in the same transaction.",
            "the",
            "the the",
            "unit tests, fast tests: the test pyramid 🚀 ひらがな",
            "async void in C# .NET",
        ] {
            let ids = m.tokenize(text);
            let got = m.embed(text);
            assert_eq!(got.as_slice(), expected(&table, &ids, true), "{text}");
            let norm: f64 = got.as_slice().iter().map(|&x| f64::from(x).powi(2)).sum();
            assert!((norm - 1.0).abs() < 1e-6, "{text}: {norm}");
            assert_eq!(m.embed_ids(&ids), got);
        }
    }
}

#[test]
fn int8_and_f32_models_give_identical_vectors() {
    let (a, b) = (int8_model(), f32_model());
    for text in [
        "the outbox",
        "we publish events",
        "a test pyramid of fast unit tests",
    ] {
        assert_eq!(a.embed(text), b.embed(text), "{text}");
    }
}

#[test]
fn unknown_tokens_are_skipped_and_unknown_texts_are_zero() {
    let m = f32_model();
    assert_eq!(m.embed("the 🚀 ひらがな"), m.embed("the"));
    assert_eq!(m.embed("outbox zzzz"), m.embed("outbox"));
    for text in [
        "",
        "   ",
        "🚀",
        "zzz qqq",
        "\u{0}\u{200b}",
        &"x".repeat(1000),
    ] {
        let e = m.embed(text);
        assert!(e.is_zero(), "{text:?}");
        assert_eq!(e.dims(), DIMS);
    }
    assert_eq!(m.unk_id(), id("[UNK]"));
    assert_eq!(m.token_id("##ing"), Some(id("##ing")));
    assert_eq!(m.token_id("nope"), None);
}

#[test]
fn repeated_tokens_weigh_by_count() {
    let m = f32_model();
    let rows = VOCAB.len();
    let table = decoded(&int8_rows(rows), &pow2_scales(rows));
    let ids = [id("the"), id("the"), id("the"), id("outbox")];
    assert_eq!(
        m.embed("the the the outbox").as_slice(),
        expected(&table, &ids, true)
    );
    assert_ne!(m.embed("the the the outbox"), m.embed("the outbox"));
}

#[test]
fn config_can_turn_normalisation_off() {
    let rows = VOCAB.len();
    let table = decoded(&int8_rows(rows), &pow2_scales(rows));
    let m = StaticModel::from_bytes(
        tokenizer_json().as_bytes(),
        &f32_model_bytes(&table),
        Some(br#"{"model_type": "model2vec", "normalize": false, "hidden_dim": 8}"#),
    )
    .unwrap();
    assert!(!m.normalizes());
    let ids = m.tokenize("the outbox table");
    assert_eq!(
        m.embed("the outbox table").as_slice(),
        expected(&table, &ids, false)
    );
    assert!(f32_model().normalizes());
}

#[test]
fn embedding_is_deterministic_across_calls_and_threads() {
    let m = int8_model();
    let text = "We publish events in the same transaction, to an outbox table.";
    let first = m.embed(text);
    let bits: Vec<u32> = first.as_slice().iter().map(|x| x.to_bits()).collect();
    for _ in 0..3 {
        let again: Vec<u32> = m
            .embed(text)
            .as_slice()
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(again, bits);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| m.embed(text))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), first);
        }
    });
}

#[test]
fn cosine_of_embedded_texts() {
    let m = f32_model();
    let a = m.embed("the outbox");
    assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
    assert_eq!(a.cosine(&m.embed("")), 0.0);
    let b = m.embed("the outbox table");
    let c = m.embed("async void");
    assert!(a.cosine(&b) > a.cosine(&c));
    // For unit vectors the cosine is their dot product.
    let dot: f64 = a
        .as_slice()
        .iter()
        .zip(b.as_slice())
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum();
    assert!((f64::from(a.cosine(&b)) - dot).abs() < 1e-6);
}

#[test]
fn f16_and_bf16_tables_are_widened_exactly() {
    // Values that f16 and bf16 hold exactly.
    let rows = VOCAB.len();
    let table: Vec<f32> = (0..rows * DIMS)
        .map(|k| ((k % 17) as f32 - 8.0) * 0.125)
        .collect();
    let f16: Vec<u8> = table
        .iter()
        .flat_map(|&x| half_bits(x).to_le_bytes())
        .collect();
    let bf16: Vec<u8> = table
        .iter()
        .flat_map(|&x| ((x.to_bits() >> 16) as u16).to_le_bytes())
        .collect();
    let reference =
        StaticModel::from_bytes(tokenizer_json().as_bytes(), &f32_model_bytes(&table), None)
            .unwrap();
    for (dtype, data) in [(Dtype::F16, f16), (Dtype::BF16, bf16)] {
        let bytes = tensors(&[("embeddings", dtype, vec![rows, DIMS], data)]);
        let m = StaticModel::from_bytes(tokenizer_json().as_bytes(), &bytes, None).unwrap();
        for text in ["the outbox", "we write events"] {
            assert_eq!(m.embed(text), reference.embed(text), "{dtype:?}");
        }
    }
}

/// f32 -> f16 bits for values that f16 represents exactly (normal range).
fn half_bits(x: f32) -> u16 {
    if x == 0.0 {
        return 0;
    }
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    let frac = ((bits >> 13) & 0x3ff) as u16;
    sign | ((exp as u16) << 10) | frac
}

#[test]
fn int8_without_scales_is_accepted() {
    // Model2Vec's own int8 export stores no scales; one global scale does
    // not change normalised vectors.
    let rows = VOCAB.len();
    let q = int8_rows(rows);
    let bytes = tensors(&[(
        "embeddings",
        Dtype::I8,
        vec![rows, DIMS],
        q.iter().map(|&x| x as u8).collect(),
    )]);
    let m = StaticModel::from_bytes(tokenizer_json().as_bytes(), &bytes, None).unwrap();
    let unscaled: Vec<f32> = q.iter().map(|&x| f32::from(x)).collect();
    let ids = m.tokenize("the outbox");
    assert_eq!(
        m.embed("the outbox").as_slice(),
        expected(&unscaled, &ids, true)
    );
}

#[test]
fn model2vec_weights_multiply_rows() {
    let rows = VOCAB.len();
    let table = decoded(&int8_rows(rows), &pow2_scales(rows));
    let weights: Vec<f32> = (0..rows)
        .map(|i| if i % 2 == 0 { 2.0 } else { 0.5 })
        .collect();
    let bytes = tensors(&[
        (
            "embeddings",
            Dtype::F32,
            vec![rows, DIMS],
            f32_bytes(&table),
        ),
        ("weights", Dtype::F32, vec![rows], f32_bytes(&weights)),
    ]);
    let m = StaticModel::from_bytes(tokenizer_json().as_bytes(), &bytes, None).unwrap();
    let weighted: Vec<f32> = table
        .iter()
        .enumerate()
        .map(|(k, &x)| x * weights[k / DIMS])
        .collect();
    let ids = m.tokenize("the outbox table");
    assert_eq!(
        m.embed("the outbox table").as_slice(),
        expected(&weighted, &ids, true)
    );
}

#[test]
fn vocabulary_and_table_sizes_must_match() {
    let rows = VOCAB.len() - 1;
    let bytes = int8_model_bytes(&int8_rows(rows), &pow2_scales(rows));
    let err = StaticModel::from_bytes(tokenizer_json().as_bytes(), &bytes, None).unwrap_err();
    assert!(
        matches!(err, ModelError::Mismatch { vocab, rows: r } if vocab == VOCAB.len() && r == rows),
        "{err:?}"
    );
    assert!(err.to_string().contains("39 embedding rows"), "{err}");
    assert!(err.to_string().contains("vocabulary of 40 tokens"), "{err}");
}

#[test]
fn truncated_safetensors_is_an_error() {
    let rows = VOCAB.len();
    let bytes = int8_model_bytes(&int8_rows(rows), &pow2_scales(rows));
    for cut in [0, 4, 8, 20, bytes.len() / 2, bytes.len() - 1] {
        let err =
            StaticModel::from_bytes(tokenizer_json().as_bytes(), &bytes[..cut], None).unwrap_err();
        assert!(matches!(err, ModelError::Weights(_)), "cut {cut}: {err:?}");
        assert!(
            err.to_string()
                .starts_with("model.safetensors: cannot parse"),
            "{err}"
        );
    }
}

#[test]
fn bad_tensors_are_clear_errors() {
    let rows = VOCAB.len();
    let tok = tokenizer_json();
    let load = |bytes: Vec<u8>| StaticModel::from_bytes(tok.as_bytes(), &bytes, None).unwrap_err();
    let q: Vec<u8> = int8_rows(rows).iter().map(|&x| x as u8).collect();

    let err = load(tensors(&[(
        "vectors",
        Dtype::I8,
        vec![rows, DIMS],
        q.clone(),
    )]));
    assert_eq!(
        err.to_string(),
        "model.safetensors: no tensor named `embeddings` (found: vectors)"
    );
    let err = load(tensors(&[(
        "embeddings",
        Dtype::I8,
        vec![rows * DIMS],
        q.clone(),
    )]));
    assert!(err.to_string().contains("expected [vocab, dims]"), "{err}");
    let ints: Vec<u8> = (0..rows * DIMS)
        .flat_map(|k| (k as i32).to_le_bytes())
        .collect();
    let err = load(tensors(&[(
        "embeddings",
        Dtype::I32,
        vec![rows, DIMS],
        ints,
    )]));
    assert!(err.to_string().contains("dtype I32"), "{err}");
    let err = load(tensors(&[
        ("embeddings", Dtype::I8, vec![rows, DIMS], q.clone()),
        (
            "scales",
            Dtype::F32,
            vec![rows - 1],
            f32_bytes(&pow2_scales(rows - 1)),
        ),
    ]));
    assert!(
        err.to_string().contains("tensor `scales` has shape [39]"),
        "{err}"
    );
    let mut bad_scales = pow2_scales(rows);
    bad_scales[3] = f32::NAN;
    let err = load(int8_model_bytes(&int8_rows(rows), &bad_scales));
    assert!(
        err.to_string().contains("non-finite value at row 3"),
        "{err}"
    );
    let mapping: Vec<u8> = (0..rows as i32).flat_map(|k| k.to_le_bytes()).collect();
    let err = load(tensors(&[
        ("embeddings", Dtype::I8, vec![rows, DIMS], q),
        ("mapping", Dtype::I32, vec![rows], mapping),
    ]));
    assert!(err.to_string().contains("vocabulary-quantized"), "{err}");
    let mut table = vec![0.5f32; rows * DIMS];
    table[DIMS * 7 + 2] = f32::INFINITY;
    let err = load(f32_model_bytes(&table));
    assert!(
        err.to_string().contains("non-finite value at row 7"),
        "{err}"
    );
}

#[test]
fn non_wordpiece_tokenizers_are_rejected() {
    let rows = VOCAB.len();
    let weights = int8_model_bytes(&int8_rows(rows), &pow2_scales(rows));
    let unigram = r#"{"version": "1.0", "added_tokens": [],
        "normalizer": null, "pre_tokenizer": {"type": "Metaspace", "replacement": "▁"},
        "model": {"type": "Unigram", "unk_id": 1, "vocab": [["<pad>", 0.0], ["<unk>", 0.0]]}}"#;
    let err = StaticModel::from_bytes(unigram.as_bytes(), &weights, None).unwrap_err();
    assert!(matches!(err, ModelError::Tokenizer(_)));
    assert_eq!(
        err.to_string(),
        "tokenizer.json: tokenizer model type Unigram is not supported; only WordPiece"
    );
    let err = StaticModel::from_bytes(b"[1, 2]", &weights, None).unwrap_err();
    assert!(matches!(err, ModelError::Tokenizer(_)), "{err:?}");
}

#[test]
fn bad_config_is_an_error() {
    let rows = VOCAB.len();
    let weights = int8_model_bytes(&int8_rows(rows), &pow2_scales(rows));
    let tok = tokenizer_json();
    for config in [&b"{"[..], br#"{"normalize": "yes"}"#, b"[]"] {
        let err = StaticModel::from_bytes(tok.as_bytes(), &weights, Some(config)).unwrap_err();
        assert!(matches!(err, ModelError::Config(_)), "{err:?}");
        assert!(err.to_string().starts_with("config.json: "), "{err}");
    }
}

#[test]
fn fingerprint_names_the_model_and_hashes_its_files() {
    let rows = VOCAB.len();
    let weights = int8_model_bytes(&int8_rows(rows), &pow2_scales(rows));
    let tok = tokenizer_json();
    let load = |w: &[u8], config: Option<&[u8]>| {
        StaticModel::from_bytes(tok.as_bytes(), w, config)
            .unwrap()
            .fingerprint()
            .to_owned()
    };
    let plain = load(&weights, None);
    let (name, hex) = plain.split_once(':').unwrap();
    assert_eq!(name, "m2v-8");
    assert_eq!(hex.len(), 12);
    assert!(hex
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(load(&weights, None), plain, "stable");
    let named = load(&weights, Some(br#"{"name": "minilm-m2v"}"#));
    assert!(named.starts_with("minilm-m2v-8:"), "{named}");
    assert_ne!(named[named.len() - 12..], plain[plain.len() - 12..]);
    // Any change to the weights changes the hash.
    let mut other = int8_rows(rows);
    other[0] = other[0].wrapping_add(1);
    assert_ne!(
        load(&int8_model_bytes(&other, &pow2_scales(rows)), None),
        plain
    );
    let based = load(
        &weights,
        Some(br#"{"base_model": "sentence-transformers/all-MiniLM-L6-v2"}"#),
    );
    assert!(based.starts_with("all-minilm-l6-v2-m2v-8:"), "{based}");
    // Names that are not short identifiers fall back to m2v.
    let odd = load(&weights, Some(br#"{"name": "a b/c"}"#));
    assert!(odd.starts_with("m2v-8:"), "{odd}");
    assert_eq!(
        fingerprint("m2v", 256, b"t", b"w", None),
        fingerprint("m2v", 256, b"t", b"w", None)
    );
    assert_ne!(
        fingerprint("m2v", 256, b"tw", b"", None),
        fingerprint("m2v", 256, b"t", b"w", None)
    );
    assert_ne!(
        fingerprint("m2v", 256, b"t", b"w", Some(b"")),
        fingerprint("m2v", 256, b"t", b"w", None)
    );
}

#[test]
fn from_dir_reads_the_three_files() {
    let dir = std::env::temp_dir().join(format!("mock-embed-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rows = VOCAB.len();
    std::fs::write(dir.join("tokenizer.json"), tokenizer_json()).unwrap();
    std::fs::write(
        dir.join("model.safetensors"),
        int8_model_bytes(&int8_rows(rows), &pow2_scales(rows)),
    )
    .unwrap();
    let m = StaticModel::from_dir(&dir).unwrap();
    assert_eq!(m.fingerprint(), int8_model().fingerprint());
    std::fs::write(dir.join("config.json"), r#"{"normalize": false}"#).unwrap();
    assert!(!StaticModel::from_dir(&dir).unwrap().normalizes());
    std::fs::remove_file(dir.join("tokenizer.json")).unwrap();
    let err = StaticModel::from_dir(&dir).unwrap_err();
    assert!(matches!(err, ModelError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("tokenizer.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn models_are_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<StaticModel>();
    assert_send_sync::<Embedding>();
    assert_send_sync::<ModelError>();
    let m = f32_model();
    let debug = format!("{m:?}");
    assert!(
        debug.contains("dims: 8") && debug.contains("m2v-8:"),
        "{debug}"
    );
}

#[test]
fn all_zero_rows_are_skipped_like_unk() {
    let rows = VOCAB.len();
    let q = int8_rows(rows);
    let mut scales = pow2_scales(rows);
    scales[id("[CLS]") as usize] = 0.0;
    scales[id("outbox") as usize] = 0.0;
    let table = decoded(&q, &scales);
    let m = StaticModel::from_bytes(
        tokenizer_json().as_bytes(),
        &int8_model_bytes(&q, &scales),
        Some(br#"{"normalize": false}"#),
    )
    .unwrap();
    // Without normalisation the zero rows would otherwise halve the mean.
    let want = expected(&table, &[id("the")], false);
    assert_eq!(m.embed("[CLS] the outbox").as_slice(), want);
    assert_eq!(
        m.embed_ids(&m.tokenize("[CLS] the outbox")).as_slice(),
        want
    );
    assert!(m.embed("[CLS] outbox").is_zero());
}

#[test]
fn static_bytes_borrow_the_table_and_hash_lazily() {
    let rows = VOCAB.len();
    let tok: &'static [u8] = Box::leak(tokenizer_json().into_bytes().into_boxed_slice());
    let weights: &'static [u8] =
        Box::leak(int8_model_bytes(&int8_rows(rows), &pow2_scales(rows)).into_boxed_slice());
    let config: &'static [u8] = br#"{"name": "tiny"}"#;
    let borrowed = StaticModel::from_static_bytes(tok, weights, Some(config)).unwrap();
    let owned = StaticModel::from_bytes(tok, weights, Some(config)).unwrap();
    assert!(matches!(
        borrowed.table.values,
        weights::Values::I8(std::borrow::Cow::Borrowed(_))
    ));
    assert!(borrowed.fingerprint.get().is_none(), "not hashed at load");
    assert_eq!(borrowed.fingerprint(), owned.fingerprint());
    for text in ["the outbox", "we publish events", ""] {
        assert_eq!(borrowed.embed(text), owned.embed(text));
    }
}
