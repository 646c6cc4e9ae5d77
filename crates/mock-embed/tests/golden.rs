//! Golden test: token ids against the reference tokenizer (Hugging Face
//! `tokenizers`, pinned in `tests/golden/make-golden.py`) on the real
//! all-MiniLM-L6-v2 `tokenizer.json`, for every sentence of
//! `tests/golden/tokens.tsv`.

use std::collections::HashMap;

use mock_embed::StaticModel;
use safetensors::tensor::{Dtype, TensorView};

const TOKENIZER: &[u8] = include_bytes!("golden/tokenizer.json");
const TOKENS: &str = include_str!("golden/tokens.tsv");

/// The real tokenizer with a one-dimensional dummy table (the table does
/// not affect token ids).
fn model() -> StaticModel {
    let vocab = 30_522;
    let data = vec![1u8; vocab];
    let view = TensorView::new(Dtype::I8, vec![vocab, 1], &data).unwrap();
    let weights =
        safetensors::serialize([("embeddings", view)], None::<HashMap<String, String>>).unwrap();
    StaticModel::from_bytes(TOKENIZER, &weights, None).unwrap()
}

/// Undoes the escaping described in make-golden.py.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                assert_eq!(chars.next(), Some('{'));
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("bad escape \\{other:?} in {s:?}"),
        }
    }
    out
}

#[test]
fn token_ids_match_the_reference_tokenizer() {
    let model = model();
    let mut sentences = 0;
    let mut tokens = 0;
    let mut mismatches = Vec::new();
    // The first line is a header; a sentence may itself start with '#'.
    for line in TOKENS.lines().skip(1) {
        let (sentence, ids) = line.split_once('\t').expect("sentence TAB ids");
        let sentence = unescape(sentence);
        let want: Vec<u32> = ids
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let got = model.tokenize(&sentence);
        if got != want {
            mismatches.push(format!("{sentence:?}\n  got  {got:?}\n  want {want:?}"));
        }
        sentences += 1;
        tokens += want.len();
    }
    assert!(sentences > 3000, "only {sentences} sentences");
    assert!(tokens > 50_000, "only {tokens} tokens");
    assert!(
        mismatches.is_empty(),
        "{} of {sentences} sentences differ; first ones:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
}

#[test]
fn golden_file_has_the_edge_cases() {
    let model = model();
    let id = |t: &str| model.token_id(t).unwrap();
    assert_eq!(model.tokenize("C#"), [id("c"), id("#")]);
    assert_eq!(model.tokenize(".NET"), [id("."), id("net")]);
    assert_eq!(
        model.tokenize("async void"),
        [id("as"), id("##yn"), id("##c"), id("void")]
    );
    assert_eq!(model.tokenize(&"x".repeat(101)), [id("[UNK]")]);
    assert_eq!(model.tokenize("[CLS]"), [id("[CLS]")]);
    assert_eq!(model.tokenize(""), Vec::<u32>::new());
    assert_eq!(model.vocab_size(), 30_522);
}
