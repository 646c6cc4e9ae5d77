//! A BERT sentence encoder (all-MiniLM-L6-v2 and its kin) run in pure Rust,
//! as sentence-transformers runs it: `[CLS] tokens [SEP]` (truncated to
//! `max_seq_length`), the encoder's last hidden states averaged over every
//! position, then L2-normalised.
//!
//! It is about a thousand times slower than the [static
//! model](crate::StaticModel) distilled from it (a 6-layer transformer per
//! sentence instead of one table look-up per token), and its weights (87 MB
//! f32, 22 MB as an [int8 copy](quantize_int8)) are not embedded: it is loaded
//! from a Hugging Face model folder with [`Transformer::from_dir`].
//!
//! # Model folder
//!
//! - `config.json`: a `BertConfig` (`model_type: "bert"`): sizes, `layer_norm_eps`,
//!   `hidden_act: "gelu"` (erf), absolute positions;
//! - `tokenizer.json`: the WordPiece tokenizer, as for the static model;
//! - `model.safetensors`: the `BertModel` tensors (with or without a `bert.`
//!   prefix) in F32, F16 or BF16, or matrices in I8 with per-row `<name>.scales`
//!   ([`quantize_int8`]);
//! - `sentence_bert_config.json` (optional): `max_seq_length`, else the
//!   position table's length.
//!
//! # Determinism
//!
//! The same text gives the same bits on every run on a given machine:
//! fixed-order loops, and `matrixmultiply`'s kernels, which sum each output
//! of a product in a fixed order from its own row and column only. So a
//! text's vector is also the same whether it is embedded alone or in a
//! [batch](Transformer::embed_batch), and whatever number of threads
//! `matrixmultiply` uses (`MATMUL_NUM_THREADS`, default: the physical cores;
//! they split the outputs, not the sums); the tests check both. Its kernel is
//! chosen by the CPU's SIMD features (AVX-512, AVX2+FMA, AVX, SSE2), so CPUs
//! with different features may differ in the last bits.

mod config;
mod forward;
mod weights;

use std::cell::RefCell;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::tokenizer::WordPiece;
use crate::{with_scratch, Embedding, ModelError};
use config::BertConfig;
use forward::{Buffers, Span};
use weights::BertWeights;

pub use weights::quantize_int8;

/// Tokens of one forward batch at most: bounds the memory of
/// [`Transformer::embed_batch`] (the intermediate activations of this many
/// tokens, about 6 KB per token for MiniLM) whatever the number of texts.
const MAX_BATCH_TOKENS: usize = 4096;

/// The bytes of a transformer model folder's files.
#[derive(Debug, Clone, Copy)]
pub struct TransformerFiles<'a> {
    /// `tokenizer.json`.
    pub tokenizer_json: &'a [u8],
    /// `model.safetensors`.
    pub safetensors: &'a [u8],
    /// `config.json`.
    pub config_json: &'a [u8],
    /// `sentence_bert_config.json`, if the folder has one.
    pub sentence_config_json: Option<&'a [u8]>,
}

/// A BERT sentence encoder with mean pooling and L2 normalisation.
///
/// All methods take `&self`; the type is `Send + Sync`.
pub struct Transformer {
    tokenizer: WordPiece,
    config: BertConfig,
    weights: BertWeights,
    /// Tokens per text at most, `[CLS]` and `[SEP]` included.
    max_tokens: usize,
    cls: u32,
    sep: u32,
    fingerprint: String,
}

impl std::fmt::Debug for Transformer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transformer")
            .field("fingerprint", &self.fingerprint)
            .field("layers", &self.config.num_hidden_layers)
            .field("hidden", &self.config.hidden_size)
            .field("max_tokens", &self.max_tokens)
            .finish_non_exhaustive()
    }
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

impl Transformer {
    /// Whether a `config.json` describes a BERT encoder (`model_type:
    /// "bert"` or a `Bert*` architecture) rather than a static model.
    pub fn is_transformer_config(config_json: &[u8]) -> bool {
        config::is_bert(config_json)
    }

    /// Parses a model from the bytes of its files. No file I/O.
    ///
    /// # Errors
    ///
    /// A [`ModelError`] naming the file that is wrong and why.
    pub fn from_files(files: TransformerFiles<'_>) -> Result<Transformer, ModelError> {
        let config = BertConfig::parse(files.config_json)?;
        let tokenizer = WordPiece::from_json(files.tokenizer_json)?;
        if tokenizer.vocab_size() != config.vocab_size {
            return Err(ModelError::Mismatch {
                vocab: tokenizer.vocab_size(),
                rows: config.vocab_size,
            });
        }
        let special = |name: &str| {
            tokenizer
                .token_id(name)
                .ok_or_else(|| ModelError::Tokenizer(format!("the vocabulary has no {name} token")))
        };
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let max_tokens = match files.sentence_config_json {
            Some(bytes) => config::max_seq_length(bytes)?,
            None => config.max_position_embeddings,
        }
        .min(config.max_position_embeddings);
        if max_tokens < 3 {
            return Err(ModelError::Config(format!(
                "max_seq_length {max_tokens} leaves no room for a token between [CLS] and [SEP]"
            )));
        }
        let weights = BertWeights::from_safetensors(files.safetensors, &config)?;
        let fingerprint = fingerprint(&config, &files);
        Ok(Transformer {
            tokenizer,
            config,
            weights,
            max_tokens,
            cls,
            sep,
            fingerprint,
        })
    }

    /// Reads a model folder (`config.json`, `tokenizer.json`,
    /// `model.safetensors`, optional `sentence_bert_config.json`).
    ///
    /// # Errors
    ///
    /// [`ModelError::Io`] if a file cannot be read, otherwise as
    /// [`from_files`](Self::from_files).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Transformer, ModelError> {
        let dir = dir.as_ref();
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| ModelError::Io { path, source })
        };
        let config_json = read("config.json")?;
        let tokenizer_json = read("tokenizer.json")?;
        let safetensors = read("model.safetensors")?;
        let sentence_config = match read("sentence_bert_config.json") {
            Ok(bytes) => Some(bytes),
            Err(ModelError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                None
            }
            Err(e) => return Err(e),
        };
        Transformer::from_files(TransformerFiles {
            tokenizer_json: &tokenizer_json,
            safetensors: &safetensors,
            config_json: &config_json,
            sentence_config_json: sentence_config.as_deref(),
        })
    }

    /// The number of dimensions of the vectors (the hidden size).
    pub fn dims(&self) -> usize {
        self.config.hidden_size
    }

    /// Tokens per text at most, `[CLS]` and `[SEP]` included; the rest of
    /// a longer text is cut off, as sentence-transformers does.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// A short, stable identifier of the model's exact files, e.g.
    /// `bert-l6-mean-384:3f9a1c2b7d10`: `config.json`'s `name` (else
    /// `bert-l<layers>-mean`), the number of dimensions, and the first 12 hex
    /// digits of a SHA-256 over the files.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Token ids without `[CLS]`/`[SEP]` and without truncation, as
    /// [`StaticModel::tokenize`](crate::StaticModel::tokenize) gives them.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        with_scratch(|scratch| {
            self.tokenizer
                .for_each_id(text, &mut scratch.tok, &mut |id| ids.push(id));
        });
        ids
    }

    /// The input of one text: `[CLS]`, its first `max_tokens - 2` tokens,
    /// `[SEP]`; empty when the text has no token other than `[UNK]`.
    fn sequence(&self, text: &str, out: &mut Vec<u32>) {
        let start = out.len();
        let unk = self.tokenizer.unk_id();
        let mut known = false;
        let room = self.max_tokens - 2;
        let mut taken = 0;
        out.push(self.cls);
        with_scratch(|scratch| {
            self.tokenizer
                .for_each_id(text, &mut scratch.tok, &mut |id| {
                    if taken < room {
                        out.push(id);
                        taken += 1;
                        known |= id != unk;
                    }
                });
        });
        if known {
            out.push(self.sep);
        } else {
            out.truncate(start);
        }
    }

    /// The text's vector: unit length, or all zeros when the text has no
    /// token other than `[UNK]`.
    pub fn embed(&self, text: &str) -> Embedding {
        self.embed_batch(&[text])
            .pop()
            .expect("one vector per text")
    }

    /// The vectors of several texts, in order, computed in forward passes
    /// of up to 4,096 tokens laid end to end (no padding): faster per text
    /// than [`embed`](Self::embed) one at a time, since every weight matrix
    /// is read once per batch rather than once per text.
    pub fn embed_batch(&self, texts: &[&str]) -> Vec<Embedding> {
        let mut out: Vec<Option<Embedding>> = vec![None; texts.len()];
        let mut ids = Vec::new();
        let mut spans = Vec::new();
        let mut owners = Vec::new();
        let mut flush = |ids: &mut Vec<u32>, spans: &mut Vec<Span>, owners: &mut Vec<usize>| {
            if !spans.is_empty() {
                let vectors = self.run(ids, spans);
                for (owner, v) in owners.drain(..).zip(vectors) {
                    out[owner] = Some(v);
                }
            }
            ids.clear();
            spans.clear();
        };
        for (i, text) in texts.iter().enumerate() {
            let start = ids.len();
            self.sequence(text, &mut ids);
            let len = ids.len() - start;
            if len == 0 {
                continue;
            }
            if start > 0 && ids.len() > MAX_BATCH_TOKENS {
                // Run what was there before this text, then start a new batch with it.
                let tail: Vec<u32> = ids.drain(start..).collect();
                flush(&mut ids, &mut spans, &mut owners);
                ids.extend(tail);
            }
            spans.push(Span {
                start: ids.len() - len,
                len,
            });
            owners.push(i);
        }
        flush(&mut ids, &mut spans, &mut owners);
        out.into_iter()
            .map(|v| v.unwrap_or_else(|| Embedding::zeros(self.dims())))
            .collect()
    }

    /// One forward pass, then each span's mean hidden state, normalised.
    fn run(&self, ids: &[u32], spans: &[Span]) -> Vec<Embedding> {
        let h = self.config.hidden_size;
        let pool = |hidden: &[f32]| -> Vec<Embedding> {
            spans
                .iter()
                .map(|span| {
                    let mut acc = vec![0.0f64; h];
                    for row in hidden[span.start * h..(span.start + span.len) * h].chunks_exact(h) {
                        for (a, &v) in acc.iter_mut().zip(row) {
                            *a += f64::from(v);
                        }
                    }
                    let n = span.len as f64;
                    let norm = acc.iter().map(|a| (a / n) * (a / n)).sum::<f64>().sqrt();
                    if norm == 0.0 {
                        return Embedding::zeros(h);
                    }
                    Embedding::from_vec(acc.iter().map(|a| ((a / n) / norm) as f32).collect())
                })
                .collect()
        };
        let go = |buf: &mut Buffers| {
            pool(forward::forward(
                &self.weights,
                &self.config,
                ids,
                spans,
                buf,
            ))
        };
        BUFFERS
            .try_with(|cell| cell.try_borrow_mut().ok().map(|mut b| go(&mut b)))
            .ok()
            .flatten()
            .unwrap_or_else(|| go(&mut Buffers::default()))
    }
}

/// `<name>-<dims>:<12 hex digits of SHA-256 over the files>`.
fn fingerprint(config: &BertConfig, files: &TransformerFiles<'_>) -> String {
    let name = config
        .name
        .clone()
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 40
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .unwrap_or_else(|| format!("bert-l{}-mean", config.num_hidden_layers));
    let mut hash = Sha256::new();
    hash.update(b"mock-embed transformer v1\0");
    for part in [
        Some(files.config_json),
        Some(files.tokenizer_json),
        Some(files.safetensors),
        files.sentence_config_json,
    ] {
        match part {
            Some(bytes) => {
                hash.update((bytes.len() as u64 + 1).to_le_bytes());
                hash.update(bytes);
            }
            None => hash.update(0u64.to_le_bytes()),
        }
    }
    let digest = hash.finalize();
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{name}-{}:{hex}", config.hidden_size)
}

#[cfg(test)]
mod tests;
