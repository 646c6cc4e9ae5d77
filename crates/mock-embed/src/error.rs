//! The error type of model loading.

use std::path::PathBuf;

/// Why a model could not be loaded: which file (or which pair of files) is
/// wrong, and how.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// `tokenizer.json` is not valid JSON, is not a WordPiece tokenizer, or
    /// uses a normalizer, pre-tokenizer or added-token option this crate
    /// does not implement.
    #[error("tokenizer.json: {0}")]
    Tokenizer(String),
    /// `model.safetensors` cannot be parsed, or its `embeddings` (and
    /// `scales` / `weights`) tensors have the wrong name, dtype or shape.
    #[error("model.safetensors: {0}")]
    Weights(String),
    /// `config.json` is not valid JSON or has a field of the wrong type.
    #[error("config.json: {0}")]
    Config(String),
    /// The embedding table does not have one row per vocabulary entry.
    #[error(
        "model.safetensors has {rows} embedding rows but tokenizer.json has a vocabulary of {vocab} \
         tokens; the two files do not belong to the same model"
    )]
    Mismatch {
        /// Vocabulary size of `tokenizer.json` (largest token id + 1).
        vocab: usize,
        /// Number of rows of the `embeddings` tensor.
        rows: usize,
    },
    /// A model file is larger than its limit (only
    /// [`StaticModel::from_dir`](crate::StaticModel::from_dir)).
    #[error("{}: {} is too large for this file (limit {})", path.display(), size(*bytes), size(*limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A model file could not be read (only [`StaticModel::from_dir`](crate::StaticModel::from_dir)).
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A size for messages: `3.0 GB`, `40 MB`, `512 KB`.
fn size(bytes: u64) -> String {
    const MB: f64 = (1 << 20) as f64;
    let b = bytes as f64;
    if b >= 1024.0 * MB {
        format!("{:.1} GB", b / (1024.0 * MB))
    } else if b >= MB {
        format!("{:.0} MB", (b / MB).max(1.0))
    } else {
        format!("{:.0} KB", (b / 1024.0).ceil())
    }
}
