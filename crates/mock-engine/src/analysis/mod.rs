//! Text analysis: turns raw answer text into tokens that later stages match.
//!
//! ```text
//! raw text ──tokenizer──▶ words with byte offsets, sentence and clause ids
//!          ──normalize──▶ NFKC, lower case, typographic apostrophes folded
//!          ──stem───────▶ English Snowball stem (with an exceptions table)
//! ```
//!
//! Every [`Token`] keeps the byte range of the word in the *original* text, so
//! feedback can quote the answer exactly and point at a line and column.
//! Rubric phrases go through the very same pipeline, which is what makes a
//! phrase and an answer comparable.

pub mod common_words;
mod lines;
mod normalize;
mod segment;
mod stem;
mod tokenizer;

pub use lines::{LineIndex, Position};
pub use normalize::normalize_word;
pub use stem::stem;
pub use tokenizer::tokenize;

/// A word of the text: inline up to 24 bytes, so tokens cost no allocation.
pub type Word = compact_str::CompactString;

/// One word of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized surface form: NFKC, lower case, `’` folded to `'`.
    pub text: Word,
    /// The English Snowball stem of `text`.
    pub stem: Word,
    /// Byte offset of the first byte of the word in the original text.
    pub start: usize,
    /// Byte offset one past the last byte of the word in the original text.
    pub end: usize,
    /// Sentence number, counted from 0. Phrases never match across sentences.
    pub sentence: u32,
    /// Clause number, counted from 0. Negation never reaches across clauses.
    pub clause: u32,
    /// `text` is among the common English words ([`common_words::is_common`]).
    pub common: bool,
    /// `text` is a function word ([`common_words::is_function_word`]).
    pub function: bool,
    /// `text` may negate what follows ([`common_words::is_negation`]).
    pub negation: bool,
    /// A comma stands between the previous word and this one (it bounds
    /// the object of a purpose clause: "Span to avoid copies, Minimal APIs").
    pub after_comma: bool,
}

/// Analyses `text` into tokens: tokenize, normalize and stem.
pub fn analyze(text: &str) -> Vec<Token> {
    tokenize(text)
}
