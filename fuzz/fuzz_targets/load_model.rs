//! Fuzzes loading a `--model` folder: arbitrary bytes as `tokenizer.json`,
//! `model.safetensors` and `config.json` (read from a folder, so the file
//! checks run too) must give a model or an error, never a panic or a hang;
//! a model that loads tokenizes and embeds text.
//!
//! Input: `[u32 LE length][tokenizer.json][u32 LE length][model.safetensors]
//! [config.json]`; missing parts are empty files (no config.json when the
//! rest is empty).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Splits off a part prefixed by its little-endian u32 length.
fn part(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((length, rest)) = data.split_first_chunk::<4>() else {
        return (&[], &[]);
    };
    let length = (u32::from_le_bytes(*length) as usize).min(rest.len());
    rest.split_at(length)
}

fuzz_target!(|data: &[u8]| {
    let (tokenizer, rest) = part(data);
    let (weights, config) = part(rest);
    let dir = std::env::temp_dir().join(format!("mock-fuzz-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("tokenizer.json"), tokenizer).unwrap();
    std::fs::write(dir.join("model.safetensors"), weights).unwrap();
    if config.is_empty() {
        let _ = std::fs::remove_file(dir.join("config.json"));
    } else {
        std::fs::write(dir.join("config.json"), config).unwrap();
    }
    if let Ok(model) = mock_embed::StaticModel::from_dir(&dir) {
        for text in ["We publish events through a transactional outbox.", "[[[ x ##y \u{0} é 中文", ""] {
            let ids = model.tokenize(text);
            assert!(ids.iter().all(|&id| (id as usize) < model.vocab_size()));
            let vector = model.embed(text);
            assert_eq!(vector.dims(), model.dims());
        }
    }
});
