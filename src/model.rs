//! The sentence-embedding model of the semantic stage: the one embedded in
//! the binary, or one the user names with `--model DIR` (`MOCK_MODEL`), a
//! folder in the Model2Vec layout (`tokenizer.json`, `model.safetensors`,
//! optional `config.json`).

use std::path::Path;
use std::sync::Arc;

use mock_engine::semantic::{Encoder, StaticEncoder};

use crate::error::Error;

/// Fewest dimensions a model may have: with fewer, unrelated texts come out
/// close (with one dimension every pair of texts is identical or opposite:
/// an off-topic answer scored 50 instead of 0).
pub const MIN_DIMS: usize = 16;

/// The embedded model, parsed only when a question is first scored.
pub fn builtin_encoder() -> Arc<dyn Encoder> {
    StaticEncoder::builtin()
}

/// How the model folder was named: the flag, or the environment variable
/// (errors name the one the user set).
fn named_by(dir: &Path) -> &'static str {
    let flag = std::env::args_os().any(|a| {
        let a = a.to_string_lossy();
        a == "--model" || a.starts_with("--model=")
    });
    let from_env = std::env::var_os("MOCK_MODEL").is_some_and(|v| Path::new(&v) == dir);
    if from_env && !flag {
        "MOCK_MODEL"
    } else {
        "--model"
    }
}

/// The model in `dir`, loaded now so that a missing, truncated or
/// mismatched file is one clear error (exit 2) before any answer is scored.
/// A model with fewer than [`MIN_DIMS`] dimensions is refused; any model
/// but the built-in one is used with a warning, since the semantic stage's
/// thresholds were calibrated on the built-in model.
pub fn load(dir: &Path) -> Result<Arc<dyn Encoder>, Error> {
    let name = named_by(dir);
    let shown = crate::escape::path(&dir.join(""));
    let model = mock_embed::StaticModel::from_dir(dir).map_err(|e| match e {
        mock_embed::ModelError::Io { .. } | mock_embed::ModelError::TooLarge { .. } => {
            Error::Usage(format!("{name}: {}", crate::escape::inline(&e.to_string())))
        }
        other => Error::Usage(format!("{name} {shown}: {other}")),
    })?;
    if model.dims() < MIN_DIMS {
        return Err(Error::Usage(format!(
            "{name} {shown}: the model has {} dimension{}; at least {MIN_DIMS} are needed for its similarities to mean anything",
            model.dims(),
            if model.dims() == 1 { "" } else { "s" }
        )));
    }
    if model.fingerprint() != mock_embed::StaticModel::builtin_fingerprint() {
        crate::terminal::error_line(&format!(
            "warning: {name} {shown}: model {} is not the built-in one; the semantic stage's thresholds were calibrated on the built-in model, so its scores may be off",
            model.fingerprint()
        ));
    }
    Ok(StaticEncoder::leak(model))
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
