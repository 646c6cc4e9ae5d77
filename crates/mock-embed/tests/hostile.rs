//! Crafted model folders (issue 29): files that are read whole before any
//! check, and tokenizers built to make tokenizing slow.

use std::path::Path;
use std::time::Duration;

use mock_embed::{ModelError, StaticModel};

const TOKENIZER: &[u8] = include_bytes!("../model/tokenizer.json");
const CONFIG: &[u8] = include_bytes!("../model/config.json");

/// `model.safetensors` of an int8 table of `rows` x `dims` (every value 1).
fn weights(rows: usize, dims: usize) -> Vec<u8> {
    let header = format!(
        r#"{{"embeddings":{{"dtype":"I8","shape":[{rows},{dims}],"data_offsets":[0,{}]}}}}"#,
        rows * dims
    );
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend(std::iter::repeat_n(1u8, rows * dims));
    bytes
}

/// The built-in tokenizer, changed by `edit`, as JSON.
fn tokenizer(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut json: serde_json::Value = serde_json::from_slice(TOKENIZER).unwrap();
    edit(&mut json);
    serde_json::to_vec(&json).unwrap()
}

/// Runs `f` on a thread; `None` if it has not finished within `limit` (the
/// thread is left to finish on its own).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(f());
    });
    receiver.recv_timeout(limit).ok()
}

// 9. A crafted tokenizer.json.

/// 50,000 added tokens starting with `[`: each `[` of a text was compared
/// with every one of them (200 KB of `[` took 76 s in a release build).
/// They are now found in one pass.
#[test]
fn added_tokens_sharing_a_first_byte_are_found_in_one_pass() {
    let json = tokenizer(|json| {
        let added = json["added_tokens"].as_array_mut().unwrap();
        for i in 0..50_000 {
            added.push(serde_json::json!({
                "id": 30_522 + i, "content": format!("[{i:06}"), "single_word": false,
                "lstrip": false, "rstrip": false, "normalized": false, "special": true
            }));
        }
    });
    let model = StaticModel::from_bytes(&json, &weights(80_522, 16), None).unwrap();
    let text = format!("{}[000123 x [049999", "[".repeat(20_000));
    let tokens = within(Duration::from_secs(20), move || model.tokenize(&text))
        .expect("tokenizing 20 KB takes well under a second");
    let bracket = StaticModel::builtin().token_id("[").unwrap();
    assert_eq!(tokens.len(), 20_003);
    assert!(tokens[..20_000].iter().all(|&t| t == bracket));
    let x = StaticModel::builtin().token_id("x").unwrap();
    assert_eq!(tokens[20_000..], [30_522 + 123, x, 30_522 + 49_999]);
}

/// `max_input_chars_per_word: 10^12` and a 2,000-character token: words
/// are held to BERT's 100 characters (one `[UNK]` beyond), so no word is
/// buffered or split past it.
#[test]
fn word_and_token_lengths_are_held_to_bert_limits() {
    let long = "x".repeat(2_000);
    let json = tokenizer(|json| {
        json["model"]["max_input_chars_per_word"] = serde_json::json!(1_000_000_000_000u64);
        json["model"]["vocab"][long.as_str()] = serde_json::json!(30_522);
    });
    let model = StaticModel::from_bytes(&json, &weights(30_523, 16), None).unwrap();
    let unk = model.unk_id();
    assert_eq!(model.tokenize(&long), [unk]);
    assert_eq!(model.tokenize(&"y".repeat(1_000_000)), [unk]);
    let hundred = "a".repeat(100);
    assert_ne!(model.tokenize(&hundred), [unk], "100 characters are a word");
}

// 7. Model files checked before they are read.

fn folder(dir: &Path, tokenizer: &[u8], weights: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("tokenizer.json"), tokenizer).unwrap();
    std::fs::write(dir.join("model.safetensors"), weights).unwrap();
    std::fs::write(dir.join("config.json"), CONFIG).unwrap();
}

/// A 3 GB sparse `model.safetensors` (as an interrupted download looks)
/// cost 17 s and 3.2 GB before "invalid JSON in header": only its header
/// is read now.
#[test]
fn a_broken_weights_file_is_refused_from_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = weights(30_522, 16);
    // Junk after a plausible header length, in a 1.5 GB sparse file.
    folder(&d.join("junk"), TOKENIZER, &[100u8, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::OpenOptions::new()
        .append(true)
        .open(d.join("junk/model.safetensors"))
        .unwrap()
        .set_len(1_500 << 20)
        .unwrap();
    let junk = d.join("junk");
    let error = within(Duration::from_secs(20), move || {
        StaticModel::from_dir(junk).unwrap_err()
    })
    .expect("refused without reading the file");
    assert!(
        error
            .to_string()
            .starts_with("model.safetensors: cannot parse: invalid header"),
        "{error}"
    );
    // Truncated: the header describes more than the file holds.
    folder(&d.join("cut"), TOKENIZER, &good[..good.len() / 2]);
    let error = StaticModel::from_dir(d.join("cut")).unwrap_err();
    assert!(
        error.to_string().contains(&format!(
            "the file is {} bytes but its header describes {}; an interrupted download",
            good.len() / 2,
            good.len()
        )),
        "{error}"
    );
    // A header length past the end of the file.
    folder(&d.join("long"), TOKENIZER, &u64::MAX.to_le_bytes());
    let error = StaticModel::from_dir(d.join("long")).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("does not fit the file of 8 bytes"),
        "{error}"
    );
    // The good one loads.
    folder(&d.join("good"), TOKENIZER, &good);
    assert_eq!(StaticModel::from_dir(d.join("good")).unwrap().dims(), 16);
}

#[test]
fn model_files_over_their_limits_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    folder(d, TOKENIZER, &weights(30_522, 16));
    for (name, size) in [
        ("tokenizer.json", mock_embed::MAX_TOKENIZER_BYTES + 1),
        ("config.json", mock_embed::MAX_CONFIG_BYTES + 1),
        ("model.safetensors", mock_embed::MAX_WEIGHTS_BYTES + 1),
    ] {
        let path = d.join(name);
        let before = std::fs::read(&path).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(size)
            .unwrap();
        let error = StaticModel::from_dir(d).unwrap_err();
        assert!(
            matches!(&error, ModelError::TooLarge { path: p, .. } if p.ends_with(name)),
            "{name}: {error}"
        );
        assert!(
            error.to_string().contains("is too large for this file"),
            "{error}"
        );
        std::fs::write(&path, before).unwrap();
    }
}

/// A FIFO as `tokenizer.json` blocked the load forever (nothing writes to
/// it); it is refused before it is opened.
#[cfg(unix)]
#[test]
fn a_fifo_model_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_owned();
    folder(&d, TOKENIZER, &weights(30_522, 16));
    std::fs::remove_file(d.join("tokenizer.json")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("tokenizer.json"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return; // No mkfifo here.
    }
    let error = within(Duration::from_secs(20), move || {
        StaticModel::from_dir(&d).unwrap_err()
    })
    .expect("refused without blocking");
    assert!(
        error
            .to_string()
            .contains("tokenizer.json: not a regular file"),
        "{error}"
    );
}

#[test]
fn the_builtin_fingerprint_is_known_without_parsing() {
    assert_eq!(
        StaticModel::builtin_fingerprint(),
        StaticModel::builtin().fingerprint()
    );
}
