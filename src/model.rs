//! The sentence-embedding model of the semantic stage: the one embedded in
//! the binary, or one the user names with `--model DIR` (`MOCK_MODEL`): a
//! static model folder in the Model2Vec layout (`tokenizer.json`,
//! `model.safetensors`, optional `config.json`), or a BERT sentence
//! transformer in the Hugging Face layout (`config.json` with `model_type:
//! "bert"`, `tokenizer.json`, `model.safetensors`), such as the
//! all-MiniLM-L6-v2 folder `scripts/fetch-minilm` writes (ADR 0016).

use std::path::Path;
use std::sync::Arc;

use mock_engine::semantic::{Encoder, StaticEncoder};

use crate::error::Error;

/// The embedded model, parsed only when a question is first scored.
pub fn builtin_encoder() -> Arc<dyn Encoder> {
    StaticEncoder::builtin()
}

/// A BERT sentence transformer ([`mock_embed::Transformer`]) as an
/// [`Encoder`]: each text through the whole network, mean-pooled and
/// normalised.
#[derive(Debug)]
pub struct TransformerEncoder(mock_embed::Transformer);

impl TransformerEncoder {
    /// Wraps a loaded transformer.
    pub fn new(model: mock_embed::Transformer) -> Self {
        TransformerEncoder(model)
    }
}

impl Encoder for TransformerEncoder {
    fn encode(&self, text: &str) -> Vec<f32> {
        self.0.embed(text).into_vec()
    }

    fn fingerprint(&self) -> String {
        self.0.fingerprint().to_owned()
    }
}

/// Whether `dir` holds a transformer rather than a static model: its
/// `config.json` describes a BERT encoder.
pub fn is_transformer_dir(dir: &Path) -> bool {
    std::fs::read(dir.join("config.json"))
        .is_ok_and(|bytes| mock_embed::Transformer::is_transformer_config(&bytes))
}

/// The model in `dir`, loaded now so that a missing, truncated or
/// mismatched file is one clear error (exit 2) before any answer is scored.
pub fn load(dir: &Path) -> Result<Arc<dyn Encoder>, Error> {
    let usage = |e: mock_embed::ModelError| match e {
        mock_embed::ModelError::Io { .. } => Error::Usage(format!("--model: {e}")),
        other => Error::Usage(format!("--model {}: {other}", dir.join("").display())),
    };
    if is_transformer_dir(dir) {
        return mock_embed::Transformer::from_dir(dir)
            .map(|m| Arc::new(TransformerEncoder::new(m)) as Arc<dyn Encoder>)
            .map_err(usage);
    }
    mock_embed::StaticModel::from_dir(dir)
        .map(StaticEncoder::leak)
        .map_err(usage)
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
