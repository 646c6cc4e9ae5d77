//! The sentence-embedding model of the semantic stage: the one embedded in
//! the binary, or one the user names with `--model DIR` (`MOCK_MODEL`), a
//! folder in the Model2Vec layout (`tokenizer.json`, `model.safetensors`,
//! optional `config.json`).

use std::path::Path;
use std::sync::Arc;

use mock_engine::semantic::{Encoder, StaticEncoder};

use crate::error::Error;

/// The embedded model, parsed only when a question is first scored.
pub fn builtin_encoder() -> Arc<dyn Encoder> {
    StaticEncoder::builtin()
}

/// The model in `dir`, loaded now so that a missing, truncated or
/// mismatched file is one clear error (exit 2) before any answer is scored.
pub fn load(dir: &Path) -> Result<Arc<dyn Encoder>, Error> {
    mock_embed::StaticModel::from_dir(dir)
        .map(StaticEncoder::leak)
        .map_err(|e| match e {
            mock_embed::ModelError::Io { .. } => Error::Usage(format!("--model: {e}")),
            other => Error::Usage(format!(
                "--model {}: {other}",
                crate::escape::path(&dir.join(""))
            )),
        })
}

/// The encoder the settings ask for: none with `--lexical-only`, the model
/// in `--model DIR`, else the embedded one.
pub fn choose(lexical_only: bool, dir: Option<&Path>) -> Result<Option<Arc<dyn Encoder>>, Error> {
    match (lexical_only, dir) {
        (true, _) => Ok(None),
        (false, Some(dir)) => load(dir).map(Some),
        (false, None) => Ok(Some(builtin_encoder())),
    }
}
