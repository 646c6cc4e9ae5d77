//! Tests of the embedded model (`crates/mock-embed/model/`, written by
//! `scripts/distill-model` on the distill branch).

use mock_embed::StaticModel;

const GOLDEN_TOKENIZER: &[u8] = include_bytes!("golden/tokenizer.json");
const BUILTIN_TOKENIZER: &[u8] = include_bytes!("../model/tokenizer.json");

#[test]
fn builtin_model_has_the_expected_shape() {
    let model = StaticModel::builtin();
    assert_eq!(model.vocab_size(), 30_522);
    assert!(matches!(model.dims(), 64 | 128 | 256), "{}", model.dims());
    assert!(model.normalizes());
    let fp = model.fingerprint();
    let (name, hex) = fp.split_once(':').unwrap();
    assert!(name.ends_with(&format!("-{}", model.dims())), "{fp}");
    assert_eq!(hex.len(), 12, "{fp}");
    assert!(std::ptr::eq(model, StaticModel::builtin()), "parsed once");
}

#[test]
fn builtin_tokenizer_is_the_golden_one() {
    // So that tests/golden/tokens.tsv vouches for the built-in tokenizer too.
    assert!(BUILTIN_TOKENIZER == GOLDEN_TOKENIZER);
}

#[test]
fn builtin_vectors_are_unit_length_and_deterministic() {
    let model = StaticModel::builtin();
    for text in [
        "We publish events through a transactional outbox.",
        "async void in C# swallows exceptions",
        "Café résumé naïve 中文 🚀",
    ] {
        let v = model.embed(text);
        assert!(!v.is_zero(), "{text}");
        let norm: f64 = v.as_slice().iter().map(|&x| f64::from(x).powi(2)).sum();
        assert!((norm - 1.0).abs() < 1e-6, "{text}: {norm}");
        assert_eq!(v, model.embed(text));
        assert_eq!(v, model.embed_ids(&model.tokenize(text)));
    }
    assert!(model.embed("🚀 🚀").is_zero());
}

#[test]
fn builtin_similarity_ranks_paraphrases_above_unrelated_text() {
    let model = StaticModel::builtin();
    let cases = [
        (
            "Write the event to an outbox table in the same database transaction.",
            "We store outgoing messages in the same transaction as the state change and relay them later.",
            "We hire senior engineers through a structured interview loop.",
        ),
        (
            "Many fast unit tests, fewer integration tests and only a few end-to-end tests.",
            "Lots of small quick tests, some bigger ones, and a handful that drive the whole app.",
            "Our Kubernetes cluster autoscaler adds nodes when pods are pending.",
        ),
        (
            "Deployment frequency and lead time for changes measure delivery speed.",
            "How often we ship to production and how long a commit takes to get there.",
            "Blameless postmortems focus on systems, not on people.",
        ),
    ];
    for (anchor, paraphrase, unrelated) in cases {
        let a = model.embed(anchor);
        let near = a.cosine(&model.embed(paraphrase));
        let far = a.cosine(&model.embed(unrelated));
        assert!(
            near > far,
            "{anchor:?}: paraphrase {near} <= unrelated {far}"
        );
    }
}
