//! Static sentence embeddings in the [Model2Vec] format, for `mock`'s
//! semantic stage.
//!
//! A static model stores one vector per WordPiece token. A text's vector is
//! the mean of its tokens' vectors, L2-normalised, and two texts are compared
//! by the cosine of their vectors. There is no neural network at run time:
//! embedding a sentence is a tokenizer pass and a few hundred additions per
//! token.
//!
//! ```
//! use mock_embed::StaticModel;
//!
//! let model = StaticModel::builtin(); // parsed on first use
//! let a = model.embed("We publish events through a transactional outbox.");
//! let b = model.embed("Write the event to an outbox table in the same transaction.");
//! let similarity = a.cosine(&b);
//! assert!((-1.0..=1.0).contains(&similarity));
//! assert_eq!(a.dims(), model.dims());
//!
//! // Token ids exactly as Hugging Face `tokenizers` gives them, without [CLS]/[SEP].
//! assert!(!model.tokenize("async void in C#").is_empty());
//! // A text without any known token embeds to zeros.
//! assert!(model.embed("").is_zero());
//! ```
//!
//! # Model files
//!
//! A model is a folder of three files, read by [`StaticModel::from_bytes`]
//! (or [`StaticModel::from_dir`]):
//!
//! - `tokenizer.json`: a Hugging Face tokenizer with a `WordPiece` model, a
//!   `BertNormalizer` and a `BertPreTokenizer` (BERT-uncased models such as
//!   all-MiniLM-L6-v2 and the `minishlab/potion-*` Model2Vec models). The
//!   tokenizer is implemented in this crate; any other model type, normalizer
//!   or pre-tokenizer is a [`ModelError::Tokenizer`]. Its `truncation` and
//!   `padding` settings are ignored: the whole text is embedded.
//! - `model.safetensors`: the tensor `embeddings`, `[vocab, dims]`, of dtype
//!   F32 (also F16 or BF16, widened exactly), or I8 together with an F32
//!   tensor `scales` of shape `[vocab]` (row *i* is `embeddings[i] *
//!   scales[i]`). An I8 table without `scales` (as Model2Vec's own int8
//!   export writes) uses scale 1, which gives the same normalised vectors.
//!   An optional Model2Vec `weights` tensor `[vocab]` multiplies each row.
//!   The number of rows must equal the tokenizer's vocabulary size
//!   ([`ModelError::Mismatch`]).
//! - `config.json` (optional): `normalize` (default `true`); `name` or
//!   `base_model` name the [fingerprint](StaticModel::fingerprint).
//!
//! # Unknown tokens
//!
//! As in Model2Vec (`StaticModel.tokenize` in the Python package and
//! `encode` in `model2vec-rs`), `[UNK]` tokens are dropped before averaging:
//! they carry no meaning, and a sentence with many emoji or unknown scripts
//! should not drift towards the `[UNK]` row. Tokens whose row is all zeros
//! (in the distilled model: `[CLS]`, `[SEP]`, `[MASK]` and `[unusedN]`,
//! which have scale 0) are dropped too, so that they do not dilute the mean
//! when `normalize` is off; with normalisation on this changes nothing.
//! [`StaticModel::tokenize`] still returns every token, exactly as the
//! reference tokenizer does. A word longer than `max_input_chars_per_word`
//! (100) characters is one `[UNK]`, as in BERT, and is never held in memory
//! beyond that limit.
//!
//! Unlike Model2Vec's default `max_length=512`, texts are not truncated:
//! the cost is linear in the text's length and memory does not grow with it.
//!
//! # Determinism
//!
//! The same text gives a bit-identical vector on every machine and in every
//! run:
//!
//! - one thread; tokens are added in text order;
//! - every row is added into an f64 accumulator, one dimension at a time,
//!   in token order (a stored f32 or i8 value times its row scale is exact
//!   in f64, so only the additions round, always in the same order);
//! - the mean and the norm are computed in f64 in index order, the vector
//!   is normalised once at the end and rounded once to f32;
//! - Rust never contracts `a * b + c` into a fused multiply-add and never
//!   reorders floating-point additions unless asked to; this crate uses no
//!   fast-math and no parallel reduction. The accumulation loop is also
//!   compiled for AVX2 and picked at run time on x86-64 CPUs that have it:
//!   that only processes four dimensions at once with the very same
//!   operations per dimension, so the bits do not change (a test compares
//!   both loops). [`Embedding::cosine`] follows the same rules.
//!
//! # Speed and memory
//!
//! Tokenizing streams over the text once, without copying it: only the
//! current word (at most `max_input_chars_per_word` characters) is buffered.
//! Vocabulary look-ups use an FxHash map built once at load, and the
//! buffers and the accumulator are reused per thread, so that an
//! [`embed`](StaticModel::embed) call allocates only its output vector.
//! [`StaticModel::builtin`] parses the embedded model the first time it is
//! called, not at start-up.
//!
//! # The transformer
//!
//! [`Transformer`] runs the BERT sentence encoder itself (all-MiniLM-L6-v2,
//! from a Hugging Face folder) for `mock --model DIR`: far slower, not
//! embedded, opt-in (ADR 0016).
//!
//! [Model2Vec]: https://github.com/MinishLab/model2vec

#![warn(missing_docs)]

mod embedding;
mod error;
mod tokenizer;
mod transformer;
#[rustfmt::skip]
mod unicode_tables;
mod weights;

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub use embedding::Embedding;
pub use error::ModelError;
pub use transformer::{quantize_int8, Transformer, TransformerFiles};

use tokenizer::{TokScratch, WordPiece};
use weights::Table;

/// The embedded model's files, from `crates/mock-embed/model/`.
const BUILTIN_TOKENIZER: &[u8] = include_bytes!("../model/tokenizer.json");
const BUILTIN_WEIGHTS: &[u8] = include_bytes!("../model/model.safetensors");
const BUILTIN_CONFIG: &[u8] = include_bytes!("../model/config.json");

static BUILTIN: OnceLock<Result<StaticModel, ModelError>> = OnceLock::new();

/// A static embedding model: a WordPiece tokenizer and one vector per token.
///
/// Cheap to share: all methods take `&self`, and the type is `Send + Sync`.
pub struct StaticModel {
    tokenizer: WordPiece,
    table: Table,
    normalize: bool,
    name: String,
    /// Computed at load, or on first use for the embedded model (whose
    /// files are at hand in `files`), so that loading it skips the hash.
    fingerprint: OnceLock<String>,
    files: Option<ModelFiles>,
}

/// The bytes of a model's files.
#[derive(Clone, Copy)]
struct ModelFiles {
    tokenizer: &'static [u8],
    weights: &'static [u8],
    config: Option<&'static [u8]>,
}

impl std::fmt::Debug for StaticModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticModel")
            .field("fingerprint", &self.fingerprint())
            .field("vocab_size", &self.table.rows)
            .field("dims", &self.table.dims)
            .field("normalize", &self.normalize)
            .finish_non_exhaustive()
    }
}

/// What this crate reads from `config.json`.
#[derive(Default)]
struct Config {
    normalize: Option<bool>,
    name: Option<String>,
}

impl Config {
    fn parse(bytes: &[u8]) -> Result<Config, ModelError> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| ModelError::Config(format!("not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(ModelError::Config("not a JSON object".to_owned()));
        };
        let normalize = match map.get("normalize") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Bool(b)) => Some(*b),
            Some(other) => {
                return Err(ModelError::Config(format!(
                    "`normalize` must be true or false, not {other}"
                )))
            }
        };
        // Only used in the fingerprint, so anything but a string is ignored.
        let name = map
            .get("name")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .or_else(|| {
                let base = map.get("base_model")?.as_str()?;
                let last = base.rsplit('/').next()?;
                Some(format!("{}-m2v", last.to_ascii_lowercase()))
            });
        Ok(Config { normalize, name })
    }
}

/// Per-thread buffers reused by every call.
#[derive(Default)]
struct Scratch {
    tok: TokScratch,
    acc: Vec<f64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (or fresh ones if they are
/// unavailable, e.g. during thread teardown).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let mut f = Some(f);
    let result = SCRATCH.try_with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => Some((f.take().expect("called once"))(&mut scratch)),
        Err(_) => None,
    });
    match result {
        Ok(Some(r)) => r,
        _ => (f.take().expect("called once"))(&mut Scratch::default()),
    }
}

impl StaticModel {
    /// Parses a model from the bytes of its files: `tokenizer.json`,
    /// `model.safetensors` and, if there is one, `config.json`. No file I/O.
    ///
    /// # Errors
    ///
    /// A [`ModelError`] naming the file that is wrong and why; see the
    /// [crate documentation](crate#model-files) for what is accepted.
    pub fn from_bytes(
        tokenizer_json: &[u8],
        safetensors: &[u8],
        config_json: Option<&[u8]>,
    ) -> Result<StaticModel, ModelError> {
        let model = StaticModel::parse(
            tokenizer_json,
            Table::from_safetensors(safetensors)?,
            config_json,
            None,
        )?;
        let fp = fingerprint(
            &model.name,
            model.table.dims,
            tokenizer_json,
            safetensors,
            config_json,
        );
        model.fingerprint.get_or_init(|| fp);
        Ok(model)
    }

    /// Like [`from_bytes`](Self::from_bytes) for files that live as long as
    /// the program (such as `include_bytes!` data): an int8 table is
    /// borrowed instead of copied, and the fingerprint is hashed on first
    /// use instead of at load.
    ///
    /// # Errors
    ///
    /// As [`from_bytes`](Self::from_bytes).
    pub fn from_static_bytes(
        tokenizer_json: &'static [u8],
        safetensors: &'static [u8],
        config_json: Option<&'static [u8]>,
    ) -> Result<StaticModel, ModelError> {
        StaticModel::parse(
            tokenizer_json,
            Table::from_static_safetensors(safetensors)?,
            config_json,
            Some(ModelFiles {
                tokenizer: tokenizer_json,
                weights: safetensors,
                config: config_json,
            }),
        )
    }

    fn parse(
        tokenizer_json: &[u8],
        table: Table,
        config_json: Option<&[u8]>,
        files: Option<ModelFiles>,
    ) -> Result<StaticModel, ModelError> {
        let config = match config_json {
            None => Config::default(),
            Some(bytes) => Config::parse(bytes)?,
        };
        let tokenizer = WordPiece::from_json(tokenizer_json)?;
        if table.rows != tokenizer.vocab_size() {
            return Err(ModelError::Mismatch {
                vocab: tokenizer.vocab_size(),
                rows: table.rows,
            });
        }
        Ok(StaticModel {
            tokenizer,
            table,
            normalize: config.normalize.unwrap_or(true),
            name: fingerprint_name(config.name.as_deref()).to_owned(),
            fingerprint: OnceLock::new(),
            files,
        })
    }

    /// Reads a model folder (`tokenizer.json`, `model.safetensors`, optional
    /// `config.json`) and parses it with [`from_bytes`](Self::from_bytes).
    ///
    /// Each file is checked before it is read: it must be a regular file (a
    /// FIFO would block, a device never end) within its size limit
    /// ([`MAX_TOKENIZER_BYTES`], [`MAX_WEIGHTS_BYTES`], [`MAX_CONFIG_BYTES`]),
    /// and the header of `model.safetensors` is read first: the file must be
    /// exactly as long as its header says (an interrupted download is not),
    /// so a broken file costs a few bytes of reading, not its size.
    ///
    /// # Errors
    ///
    /// [`ModelError::Io`] if a file cannot be read, [`ModelError::TooLarge`]
    /// over a limit, [`ModelError::Weights`] for a header that does not fit
    /// its file, otherwise as [`from_bytes`](Self::from_bytes).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<StaticModel, ModelError> {
        let dir = dir.as_ref();
        let tokenizer = read_capped(&dir.join("tokenizer.json"), MAX_TOKENIZER_BYTES)?;
        let weights_path = dir.join("model.safetensors");
        check_safetensors_header(&weights_path)?;
        let weights = read_capped(&weights_path, MAX_WEIGHTS_BYTES)?;
        let config = match read_capped(&dir.join("config.json"), MAX_CONFIG_BYTES) {
            Ok(bytes) => Some(bytes),
            Err(ModelError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                None
            }
            Err(e) => return Err(e),
        };
        StaticModel::from_bytes(&tokenizer, &weights, config.as_deref())
    }

    /// The model embedded in this crate (`crates/mock-embed/model/`),
    /// parsed on first use and kept for the life of the process.
    ///
    /// # Panics
    ///
    /// If the embedded files are invalid, which the crate's tests rule out;
    /// use [`try_builtin`](Self::try_builtin) to get the error instead.
    pub fn builtin() -> &'static StaticModel {
        match StaticModel::try_builtin() {
            Ok(model) => model,
            Err(e) => panic!("the embedded model is invalid: {e}"),
        }
    }

    /// Like [`builtin`](Self::builtin), but returns the parse error (again
    /// on every call) instead of panicking.
    ///
    /// # Errors
    ///
    /// The [`ModelError`] of parsing the embedded files.
    pub fn try_builtin() -> Result<&'static StaticModel, &'static ModelError> {
        BUILTIN
            .get_or_init(|| {
                StaticModel::from_static_bytes(
                    BUILTIN_TOKENIZER,
                    BUILTIN_WEIGHTS,
                    Some(BUILTIN_CONFIG),
                )
            })
            .as_ref()
    }

    /// The [fingerprint](Self::fingerprint) of the embedded model, computed
    /// from its files without parsing them, so that a model loaded from a
    /// folder can be told from it cheaply.
    pub fn builtin_fingerprint() -> &'static str {
        static FINGERPRINT: OnceLock<String> = OnceLock::new();
        FINGERPRINT.get_or_init(|| {
            let name = Config::parse(BUILTIN_CONFIG)
                .ok()
                .and_then(|c| c.name)
                .unwrap_or_default();
            let dims = safetensors::SafeTensors::read_metadata(BUILTIN_WEIGHTS)
                .ok()
                .and_then(|(_, m)| {
                    let info = m.info("embeddings")?;
                    info.shape.get(1).copied()
                })
                .unwrap_or(0);
            fingerprint(
                fingerprint_name(Some(&name)),
                dims,
                BUILTIN_TOKENIZER,
                BUILTIN_WEIGHTS,
                Some(BUILTIN_CONFIG),
            )
        })
    }

    /// Whether [`builtin`](Self::builtin) has parsed the embedded model yet
    /// in this process (commands that do not need it should leave it alone).
    pub fn builtin_is_loaded() -> bool {
        BUILTIN.get().is_some()
    }

    /// The number of dimensions of the vectors.
    pub fn dims(&self) -> usize {
        self.table.dims
    }

    /// The vocabulary size (number of rows of the table).
    pub fn vocab_size(&self) -> usize {
        self.table.rows
    }

    /// Whether vectors are L2-normalised (`normalize` in `config.json`).
    pub fn normalizes(&self) -> bool {
        self.normalize
    }

    /// A short, stable identifier of the model's exact files, e.g.
    /// `all-minilm-l6-v2-m2v-256:3f9a1c2b7d10`: a name, the number of
    /// dimensions, and the first 12 hex digits of a SHA-256 over the three
    /// files' lengths and bytes. The name is `config.json`'s `name`, else
    /// the last part of its `base_model` followed by `-m2v`, else `m2v`. Store it next to
    /// anything derived from the vectors (cached exemplar vectors,
    /// calibrated thresholds) to notice a model change.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            let files = self.files.expect("from_bytes sets the fingerprint at load");
            fingerprint(
                &self.name,
                self.table.dims,
                files.tokenizer,
                files.weights,
                files.config,
            )
        })
    }

    /// The id of a vocabulary entry (e.g. `"[UNK]"`, `"##ing"`), if any.
    pub fn token_id(&self, token: &str) -> Option<u32> {
        self.tokenizer.token_id(token)
    }

    /// The id of the unknown token, which [`embed`](Self::embed) skips.
    pub fn unk_id(&self) -> u32 {
        self.tokenizer.unk_id()
    }

    /// Token ids without special tokens (`[CLS]`/`[SEP]`), exactly as the
    /// reference tokenizer (Hugging Face `tokenizers`, `add_special_tokens =
    /// False`, no truncation) gives them, `[UNK]` included.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        self.tokenize_into(text, &mut ids);
        ids
    }

    /// Like [`tokenize`](Self::tokenize), into a reusable buffer (cleared
    /// first).
    pub fn tokenize_into(&self, text: &str, ids: &mut Vec<u32>) {
        ids.clear();
        with_scratch(|scratch| {
            self.tokenizer
                .for_each_id(text, &mut scratch.tok, &mut |id| ids.push(id));
        });
    }

    /// The text's vector: the L2-normalised mean of its token rows, `[UNK]`
    /// and all-zero rows skipped; all zeros when the text has no known
    /// token. Bit-identical for the same text and model everywhere (see
    /// [Determinism](crate#determinism)).
    pub fn embed(&self, text: &str) -> Embedding {
        with_scratch(|scratch| {
            let Scratch { tok, acc } = scratch;
            acc.clear();
            acc.resize(self.table.dims, 0.0);
            let unk = self.tokenizer.unk_id();
            let table = &self.table;
            let mut count: u64 = 0;
            self.tokenizer.for_each_id(text, tok, &mut |id| {
                if id != unk && !table.zero_rows[id as usize] {
                    table.add_row(id as usize, acc);
                    count += 1;
                }
            });
            self.finish(acc, count)
        })
    }

    /// The vector of a sequence of token ids, as [`embed`](Self::embed)
    /// computes it after tokenizing (`[UNK]`, all-zero rows and out-of-range
    /// ids skipped).
    pub fn embed_ids(&self, ids: &[u32]) -> Embedding {
        let mut acc = vec![0.0; self.table.dims];
        let unk = self.tokenizer.unk_id();
        let mut count: u64 = 0;
        for &id in ids {
            if id != unk && (id as usize) < self.table.rows && !self.table.zero_rows[id as usize] {
                self.table.add_row(id as usize, &mut acc);
                count += 1;
            }
        }
        self.finish(&acc, count)
    }

    /// The stored row of one token id, times its scale, as f32.
    pub fn token_vector(&self, id: u32) -> Option<Vec<f32>> {
        ((id as usize) < self.table.rows).then(|| self.table.row_f32(id as usize))
    }

    /// Mean, then (if configured) one L2 normalisation, in f64 in index
    /// order, rounded once to f32.
    fn finish(&self, acc: &[f64], count: u64) -> Embedding {
        if count == 0 {
            return Embedding::zeros(acc.len());
        }
        let n = count as f64;
        if !self.normalize {
            return Embedding::from_vec(acc.iter().map(|&a| (a / n) as f32).collect());
        }
        let mut sum_sq = 0.0f64;
        for &a in acc {
            let m = a / n;
            sum_sq += m * m;
        }
        if sum_sq == 0.0 {
            return Embedding::zeros(acc.len());
        }
        let norm = sum_sq.sqrt();
        Embedding::from_vec(acc.iter().map(|&a| ((a / n) / norm) as f32).collect())
    }
}

/// Largest `tokenizer.json` read by [`StaticModel::from_dir`]: 32 MB (a
/// BERT vocabulary of 30,000 tokens takes 0.5 MB, a multilingual one of
/// 120,000 under 3 MB).
pub const MAX_TOKENIZER_BYTES: u64 = 32 << 20;

/// Largest `model.safetensors` read by [`StaticModel::from_dir`]: 2 GB
/// (500,000 tokens of 1,024 f32 dimensions; the built-in model takes 8 MB).
pub const MAX_WEIGHTS_BYTES: u64 = 2 << 30;

/// Largest `config.json` read by [`StaticModel::from_dir`]: 1 MB.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The header of a safetensors file is at most this long (the safetensors
/// crate's own limit).
const MAX_HEADER_BYTES: u64 = 100_000_000;

/// A file's metadata, which must be a regular file of at most `limit` bytes.
fn check_file(path: &Path, limit: u64) -> Result<std::fs::Metadata, ModelError> {
    let io = |source| ModelError::Io {
        path: path.to_owned(),
        source,
    };
    // Following links; a FIFO is refused before it is opened (opening one
    // blocks until something writes to it).
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(io(std::io::Error::other(
            "not a regular file (a folder, a FIFO or a device)",
        )));
    }
    if metadata.len() > limit {
        return Err(ModelError::TooLarge {
            path: path.to_owned(),
            bytes: metadata.len(),
            limit,
        });
    }
    Ok(metadata)
}

/// Reads a regular file of at most `limit` bytes (never more, even if it
/// grows meanwhile).
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ModelError> {
    use std::io::Read;
    let metadata = check_file(path, limit)?;
    let io = |source| ModelError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ModelError::TooLarge {
            path: path.to_owned(),
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads only the header of a safetensors file and checks that the file is
/// exactly as long as the header says, before the file is read whole.
fn check_safetensors_header(path: &Path) -> Result<(), ModelError> {
    use std::io::Read;
    let size = check_file(path, MAX_WEIGHTS_BYTES)?.len();
    let io = |source| ModelError::Io {
        path: path.to_owned(),
        source,
    };
    let weights = |message: String| ModelError::Weights(message);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut length = [0u8; 8];
    if size < 8 {
        return Err(weights(format!(
            "the file is {size} bytes, too short for a safetensors header"
        )));
    }
    file.read_exact(&mut length).map_err(io)?;
    let header = u64::from_le_bytes(length);
    if header > MAX_HEADER_BYTES || header > size - 8 {
        return Err(weights(format!(
            "its header length ({header} bytes) does not fit the file of {size} bytes; not a \
             safetensors file, or an interrupted download"
        )));
    }
    let mut text = vec![0u8; header as usize];
    file.read_exact(&mut text).map_err(io)?;
    let metadata: safetensors::tensor::Metadata = serde_json::from_slice(&text)
        .map_err(|e| weights(format!("cannot parse: invalid header: {e}")))?;
    let expected = 8 + header + metadata.data_len() as u64;
    if expected != size {
        return Err(weights(format!(
            "the file is {size} bytes but its header describes {expected}; an interrupted \
             download, or not one file"
        )));
    }
    Ok(())
}

/// The name part of the fingerprint: short identifiers only, else `m2v`.
fn fingerprint_name(name: Option<&str>) -> &str {
    name.filter(|n| {
        !n.is_empty()
            && n.len() <= 40
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    })
    .unwrap_or("m2v")
}

/// `<name>-<dims>:<12 hex digits of SHA-256>`.
fn fingerprint(
    name: &str,
    dims: usize,
    tokenizer: &[u8],
    weights: &[u8],
    config: Option<&[u8]>,
) -> String {
    let mut hash = Sha256::new();
    hash.update(b"mock-embed model v1\0");
    for part in [Some(tokenizer), Some(weights), config] {
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
    format!("{name}-{dims}:{hex}")
}

#[cfg(test)]
mod tests;
