//! A BERT WordPiece tokenizer that gives the same token ids as Hugging Face
//! `tokenizers` for a `tokenizer.json` with a WordPiece model, a
//! `BertNormalizer` and a `BertPreTokenizer`.
//!
//! The pipeline is streamed character by character, with no copy of the text:
//!
//! 1. **Added tokens** (`added_tokens`, e.g. `[CLS]`, `[MASK]`) are matched in
//!    the raw text, leftmost-longest, case-sensitively, and emitted as their
//!    own ids; the text between them is processed on its own.
//! 2. **Normalizer** (`BertNormalizer`), in the reference's order:
//!    `clean_text` drops NUL, U+FFFD and control/format characters and turns
//!    every whitespace character into a space; `handle_chinese_chars` puts
//!    spaces around CJK ideographs; `strip_accents` (which follows
//!    `lowercase` when `null`) decomposes to NFD and drops non-spacing marks;
//!    `lowercase` lower-cases each character on its own.
//! 3. **Pre-tokenizer** (`BertPreTokenizer`): words end at whitespace; every
//!    punctuation character (Unicode P* plus ASCII punctuation such as `#`,
//!    `$`, `+`, `<`) is a word of its own.
//! 4. **WordPiece**: greedy longest-match-first over the vocabulary, later
//!    pieces carrying `continuing_subword_prefix` (`##`); a word with a part
//!    that matches nothing, or longer than `max_input_chars_per_word`
//!    characters, becomes the single `unk_token`.
//!
//! The character classes come from `unicode_tables.rs`, which is generated
//! from the reference implementation itself (see `tests/golden/`).
//! `truncation`, `padding`, `post_processor` and `decoder` are ignored: the
//! whole text is tokenized and no special tokens are added.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use crate::unicode_tables::{
    CHINESE, NFD_KEEP, NFD_STARTERS, NONSPACING_MARKS, PUNCTUATION, REMOVED,
};
use crate::ModelError;

/// The options of a `BertNormalizer`, with `strip_accents` resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BertNormalizer {
    pub(crate) clean_text: bool,
    pub(crate) handle_chinese_chars: bool,
    pub(crate) strip_accents: bool,
    pub(crate) lowercase: bool,
}

/// Reusable buffers for tokenizing: the current word, the pieces of the
/// word being split, and a run of combining marks being put in canonical
/// order. The first two stay small: a word is never held beyond
/// `max_input_chars_per_word` characters.
#[derive(Debug, Default)]
pub(crate) struct TokScratch {
    word: String,
    pieces: Vec<u32>,
    marks: Vec<(u8, char)>,
}

/// The current word of the pre-tokenizer.
struct Word<'s> {
    buf: &'s mut String,
    pieces: &'s mut Vec<u32>,
    /// Characters in the word so far (may exceed what `buf` holds).
    chars: usize,
}

/// A parsed WordPiece tokenizer.
pub(crate) struct WordPiece {
    /// Every vocabulary entry, by its text.
    vocab: FxHashMap<Box<str>, u32>,
    /// Entries that start with the continuing-subword prefix, by the text
    /// after the prefix (so that no lookup has to build `##piece`).
    continuing: FxHashMap<Box<str>, u32>,
    /// Longest key of `vocab` / `continuing`, in bytes: longer candidates
    /// cannot match, so the greedy search starts there.
    max_token_bytes: usize,
    max_continuing_bytes: usize,
    unk_id: u32,
    max_chars: usize,
    normalizer: Option<BertNormalizer>,
    /// Added tokens, each with its id, in the order of `added_matcher`'s
    /// patterns.
    added: Vec<(Box<str>, u32)>,
    /// Finds the added tokens in the raw text, leftmost-longest, in one pass
    /// whatever their number (trying each token at each position cost
    /// 50,000 comparisons per `[` with 50,000 tokens starting with `[`).
    added_matcher: Option<AhoCorasick>,
    /// Largest id + 1 over the vocabulary and the added tokens.
    vocab_size: usize,
}

impl std::fmt::Debug for WordPiece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordPiece")
            .field("vocab_size", &self.vocab_size)
            .field("unk_id", &self.unk_id)
            .field("max_chars", &self.max_chars)
            .field("normalizer", &self.normalizer)
            .field("added", &self.added)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct RawTokenizer<'a> {
    #[serde(borrow)]
    model: &'a RawValue,
    #[serde(default, borrow)]
    normalizer: Option<&'a RawValue>,
    #[serde(default, borrow)]
    pre_tokenizer: Option<&'a RawValue>,
    #[serde(default)]
    added_tokens: Vec<RawAddedToken>,
}

#[derive(Deserialize)]
struct TypeTag<'a> {
    #[serde(rename = "type", default, borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    max_input_chars_per_word: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawWordPiece {
    vocab: FxHashMap<Box<str>, u32>,
    unk_token: String,
    #[serde(default = "default_prefix")]
    continuing_subword_prefix: String,
    #[serde(default = "default_max_chars")]
    max_input_chars_per_word: usize,
}

fn default_prefix() -> String {
    "##".to_owned()
}

fn default_max_chars() -> usize {
    100
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct RawBertNormalizer {
    #[serde(default = "yes")]
    clean_text: bool,
    #[serde(default = "yes")]
    handle_chinese_chars: bool,
    #[serde(default)]
    strip_accents: Option<bool>,
    #[serde(default = "yes")]
    lowercase: bool,
}

#[derive(Deserialize)]
struct RawAddedToken {
    id: u32,
    content: String,
    #[serde(default)]
    single_word: bool,
    #[serde(default)]
    lstrip: bool,
    #[serde(default)]
    rstrip: bool,
    #[serde(default)]
    normalized: bool,
}

/// The longest word split into pieces, in characters, as in BERT
/// (`max_input_chars_per_word`); a longer word is one `[UNK]`.
pub(crate) const MAX_WORD_CHARS: usize = 100;

fn tok_err(msg: impl Into<String>) -> ModelError {
    ModelError::Tokenizer(msg.into())
}

impl WordPiece {
    /// Parses a Hugging Face `tokenizer.json`.
    pub(crate) fn from_json(bytes: &[u8]) -> Result<WordPiece, ModelError> {
        let raw: RawTokenizer<'_> = serde_json::from_slice(bytes)
            .map_err(|e| tok_err(format!("not a valid tokenizer file: {e}")))?;

        let tag: TypeTag<'_> = serde_json::from_str(raw.model.get())
            .map_err(|e| tok_err(format!("`model` is not an object: {e}")))?;
        match tag.kind.as_deref() {
            Some("WordPiece") => {}
            // Old files may leave out the tag; only WordPiece has this field.
            None if tag.max_input_chars_per_word.is_some() => {}
            Some(other) => {
                return Err(tok_err(format!(
                    "tokenizer model type {other} is not supported; only WordPiece"
                )))
            }
            None => {
                return Err(tok_err(
                    "tokenizer model has no `type`; only WordPiece is supported",
                ))
            }
        }
        let model: RawWordPiece = serde_json::from_str(raw.model.get())
            .map_err(|e| tok_err(format!("bad WordPiece model: {e}")))?;

        let normalizer = match raw.normalizer {
            None => None,
            Some(value) => Some(parse_normalizer(value)?),
        };
        match raw.pre_tokenizer {
            None => {
                return Err(tok_err(
                    "pre_tokenizer is null; only BertPreTokenizer is supported",
                ))
            }
            Some(value) => {
                let tag: TypeTag<'_> = serde_json::from_str(value.get())
                    .map_err(|e| tok_err(format!("`pre_tokenizer` is not an object: {e}")))?;
                match tag.kind.as_deref() {
                    Some("BertPreTokenizer") => {}
                    other => {
                        return Err(tok_err(format!(
                            "pre_tokenizer type {} is not supported; only BertPreTokenizer",
                            other.unwrap_or("(none)")
                        )))
                    }
                }
            }
        }

        let unk_id = *model.vocab.get(model.unk_token.as_str()).ok_or_else(|| {
            tok_err(format!(
                "unk_token {:?} is not in the vocabulary",
                model.unk_token
            ))
        })?;
        if model.vocab.is_empty() {
            return Err(tok_err("the vocabulary is empty"));
        }

        // BERT's limit: a longer word is one [UNK]. A larger limit in the
        // file (10^12 has been seen in a crafted one) is held to it, so that
        // no word is ever buffered or split beyond 100 characters.
        let max_chars = model.max_input_chars_per_word.min(MAX_WORD_CHARS);
        let prefix = model.continuing_subword_prefix.as_str();
        let mut continuing: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut max_token_bytes = 0;
        let mut max_continuing_bytes = 0;
        let mut max_id = 0;
        for (token, &id) in &model.vocab {
            max_id = max_id.max(id);
            // A token longer than a word can be never matches; leaving it
            // out of the longest length keeps every split short.
            if token.chars().count() > max_chars + prefix.chars().count() {
                continue;
            }
            max_token_bytes = max_token_bytes.max(token.len());
            if let Some(rest) = token.strip_prefix(prefix) {
                if !rest.is_empty() {
                    max_continuing_bytes = max_continuing_bytes.max(rest.len());
                    continuing.insert(rest.into(), id);
                }
            }
        }

        let mut added: Vec<(Box<str>, u32)> = Vec::with_capacity(raw.added_tokens.len());
        let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        for t in raw.added_tokens {
            if t.single_word || t.lstrip || t.rstrip || t.normalized {
                return Err(tok_err(format!(
                    "added token {:?} uses single_word/lstrip/rstrip/normalized, which is not \
                     supported",
                    t.content
                )));
            }
            if t.content.is_empty() {
                continue;
            }
            max_id = max_id.max(t.id);
            // The first of two equal tokens wins, as before.
            if seen.insert(t.content.clone()) {
                added.push((t.content.into_boxed_str(), t.id));
            }
        }
        let added_matcher = if added.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(added.iter().map(|(token, _)| token.as_bytes()))
                    .map_err(|e| tok_err(format!("cannot index the added tokens: {e}")))?,
            )
        };

        let vocab_size = usize::try_from(max_id)
            .ok()
            .and_then(|m| m.checked_add(1))
            .ok_or_else(|| tok_err("token id out of range"))?;

        Ok(WordPiece {
            vocab: model.vocab,
            continuing,
            max_token_bytes,
            max_continuing_bytes,
            unk_id,
            max_chars,
            normalizer,
            added,
            added_matcher,
            vocab_size,
        })
    }

    /// Largest token id + 1.
    pub(crate) fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    /// The id of the unknown token.
    pub(crate) fn unk_id(&self) -> u32 {
        self.unk_id
    }

    /// The id of a vocabulary entry, if it has one.
    pub(crate) fn token_id(&self, token: &str) -> Option<u32> {
        self.vocab.get(token).copied()
    }

    /// Calls `emit` with each token id of `text`, in order.
    pub(crate) fn for_each_id<F: FnMut(u32)>(
        &self,
        text: &str,
        scratch: &mut TokScratch,
        emit: &mut F,
    ) {
        let TokScratch {
            word: buf,
            pieces,
            marks,
        } = scratch;
        buf.clear();
        let mut word = Word {
            buf,
            pieces,
            chars: 0,
        };
        let Some(matcher) = &self.added_matcher else {
            self.segment(text, &mut word, marks, emit);
            return;
        };
        let mut segment_start = 0;
        // Matches are UTF-8 tokens, so they start and end at character
        // boundaries.
        for found in matcher.find_iter(text) {
            self.segment(&text[segment_start..found.start()], &mut word, marks, emit);
            emit(self.added[found.pattern().as_usize()].1);
            segment_start = found.end();
        }
        self.segment(&text[segment_start..], &mut word, marks, emit);
    }

    /// Normalizes, pre-tokenizes and splits one stretch of text without
    /// added tokens.
    fn segment<F: FnMut(u32)>(
        &self,
        text: &str,
        word: &mut Word<'_>,
        marks: &mut Vec<(u8, char)>,
        emit: &mut F,
    ) {
        if text.is_empty() {
            return;
        }
        if text.is_ascii() {
            self.segment_ascii(text, word, emit);
        } else {
            self.segment_chars(text, word, marks, emit);
        }
        self.flush(word, emit);
    }

    /// Any text: the normalizer, then the pre-tokenizer, a character at a time.
    fn segment_chars<F: FnMut(u32)>(
        &self,
        text: &str,
        word: &mut Word<'_>,
        marks: &mut Vec<(u8, char)>,
        emit: &mut F,
    ) {
        match self.normalizer {
            None => {
                for c in text.chars() {
                    self.push(c, word, emit);
                }
            }
            Some(n) => normalize(n, text, marks, |c| self.push(c, word, emit)),
        }
    }

    /// ASCII text, the usual case, as [`Self::segment_chars`] does it but a
    /// byte at a time with one table look-up: the normalizer's work on
    /// ASCII is to drop control characters, map whitespace to a space and
    /// lower the case (there are no accents or CJK characters to handle).
    fn segment_ascii<F: FnMut(u32)>(&self, text: &str, word: &mut Word<'_>, emit: &mut F) {
        let (clean, lower) = self
            .normalizer
            .map_or((false, false), |n| (n.clean_text, n.lowercase));
        for &b in text.as_bytes() {
            let class = ASCII_CLASS[usize::from(b)];
            if clean && class & REMOVED_BIT != 0 {
                continue;
            }
            if class & SPACE_BIT != 0 {
                self.flush(word, emit);
            } else if class & PUNCT_BIT != 0 {
                self.flush(word, emit);
                if self.max_chars == 0 {
                    emit(self.unk_id);
                } else {
                    let one = [b];
                    let s = std::str::from_utf8(&one).expect("ASCII");
                    self.split_word(s, word.pieces, emit);
                }
            } else {
                word.chars += 1;
                if word.chars <= self.max_chars {
                    word.buf
                        .push(char::from(if lower { b.to_ascii_lowercase() } else { b }));
                }
            }
        }
    }

    /// The pre-tokenizer: one normalized character at a time.
    #[inline]
    fn push<F: FnMut(u32)>(&self, c: char, word: &mut Word<'_>, emit: &mut F) {
        if c.is_whitespace() {
            self.flush(word, emit);
        } else if is_punctuation(c) {
            self.flush(word, emit);
            let mut utf8 = [0u8; 4];
            let s: &str = c.encode_utf8(&mut utf8);
            if self.max_chars == 0 {
                emit(self.unk_id);
            } else {
                self.split_word(s, word.pieces, emit);
            }
        } else {
            word.chars += 1;
            // Past the limit the word becomes [UNK]: stop storing it, so
            // that memory stays bounded however long the "word" is.
            if word.chars <= self.max_chars {
                word.buf.push(c);
            }
        }
    }

    /// Ends the current word, if any, and emits its pieces.
    fn flush<F: FnMut(u32)>(&self, word: &mut Word<'_>, emit: &mut F) {
        if word.chars == 0 {
            return;
        }
        if word.chars > self.max_chars {
            emit(self.unk_id);
        } else {
            self.split_word(word.buf, word.pieces, emit);
        }
        word.buf.clear();
        word.chars = 0;
    }

    /// Greedy longest-match-first WordPiece over one word.
    fn split_word<F: FnMut(u32)>(&self, word: &str, pieces: &mut Vec<u32>, emit: &mut F) {
        if let Some(&id) = self.vocab.get(word) {
            emit(id);
            return;
        }
        pieces.clear();
        let mut start = 0;
        while start < word.len() {
            let (map, longest) = if start == 0 {
                (&self.vocab, self.max_token_bytes)
            } else {
                (&self.continuing, self.max_continuing_bytes)
            };
            let mut end = floor_char_boundary(word, start.saturating_add(longest));
            let mut found = None;
            while end > start {
                if let Some(&id) = map.get(&word[start..end]) {
                    found = Some(id);
                    break;
                }
                end = floor_char_boundary(word, end - 1);
            }
            match found {
                Some(id) => {
                    pieces.push(id);
                    start = end;
                }
                None => {
                    emit(self.unk_id);
                    return;
                }
            }
        }
        for &id in pieces.iter() {
            emit(id);
        }
    }
}

/// Runs the `BertNormalizer` over `text`, passing each output character to
/// `out`, in order. `marks` is a reusable buffer.
pub(crate) fn normalize<F: FnMut(char)>(
    n: BertNormalizer,
    text: &str,
    marks: &mut Vec<(u8, char)>,
    mut out: F,
) {
    if text.is_ascii() {
        // ASCII: NFD is the identity, there are no marks and no CJK.
        for b in text.bytes() {
            let class = ASCII_CLASS[usize::from(b)];
            let mut c = char::from(b);
            if n.clean_text {
                if class & REMOVED_BIT != 0 {
                    continue;
                }
                if class & SPACE_BIT != 0 {
                    c = ' ';
                }
            }
            if n.lowercase {
                c = c.to_ascii_lowercase();
            }
            out(c);
        }
        return;
    }
    let pre = Prenormalize::new(text, n);
    if n.strip_accents {
        let mut emit = |c: char| {
            if !is_nonspacing_mark(c) {
                lowercase(c, n.lowercase, &mut out);
            }
        };
        marks.clear();
        for c in pre {
            nfd(c, marks, &mut emit);
        }
        flush_marks(marks, &mut emit);
    } else {
        for c in pre {
            lowercase(c, n.lowercase, &mut out);
        }
    }
}

/// Canonical decomposition of one character, with canonical ordering of
/// each run of combining marks (a stable sort by combining class), using
/// the reference's view of which characters decompose and which are marks.
#[inline]
fn nfd<F: FnMut(char)>(c: char, marks: &mut Vec<(u8, char)>, out: &mut F) {
    if u32::from(c) < 0xC0 {
        // Nothing below U+00C0 decomposes or has a combining class.
        flush_marks(marks, out);
        out(c);
        return;
    }
    let mut one = |d: char| {
        let class = combining_class(d);
        if class == 0 {
            flush_marks(marks, out);
            out(d);
        } else {
            marks.push((class, d));
        }
    };
    if in_table(NFD_KEEP, c) {
        one(c);
    } else {
        decompose_canonical(c, one);
    }
}

fn combining_class(c: char) -> u8 {
    let class = canonical_combining_class(c);
    if class != 0 && in_table(NFD_STARTERS, c) {
        0
    } else {
        class
    }
}

fn flush_marks<F: FnMut(char)>(marks: &mut Vec<(u8, char)>, out: &mut F) {
    if marks.len() > 1 {
        marks.sort_by_key(|&(class, _)| class); // stable
    }
    for (_, c) in marks.drain(..) {
        out(c);
    }
}

#[inline]
fn lowercase<F: FnMut(char)>(c: char, lowercase: bool, out: &mut F) {
    if !lowercase {
        out(c);
    } else if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else {
        // Character by character, as the reference does (so a final
        // capital sigma becomes σ, not ς).
        for l in c.to_lowercase() {
            out(l);
        }
    }
}

fn parse_normalizer(value: &RawValue) -> Result<BertNormalizer, ModelError> {
    let tag: TypeTag<'_> = serde_json::from_str(value.get())
        .map_err(|e| tok_err(format!("`normalizer` is not an object: {e}")))?;
    match tag.kind.as_deref() {
        Some("BertNormalizer") => {}
        other => {
            return Err(tok_err(format!(
                "normalizer type {} is not supported; only BertNormalizer",
                other.unwrap_or("(none)")
            )))
        }
    }
    let n: RawBertNormalizer = serde_json::from_str(value.get())
        .map_err(|e| tok_err(format!("bad BertNormalizer: {e}")))?;
    Ok(BertNormalizer {
        clean_text: n.clean_text,
        handle_chinese_chars: n.handle_chinese_chars,
        strip_accents: n.strip_accents.unwrap_or(n.lowercase),
        lowercase: n.lowercase,
    })
}

/// The largest char boundary of `s` at or below `i` (at most `s.len()`).
fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first two normalizer steps (`clean_text`, `handle_chinese_chars`) as
/// an iterator, so that NFD can run over its output.
struct Prenormalize<'a> {
    chars: std::str::Chars<'a>,
    clean_text: bool,
    chinese: bool,
    /// An ideograph and its trailing space still to be returned.
    pending: [char; 2],
    pending_at: u8,
}

impl<'a> Prenormalize<'a> {
    fn new(text: &'a str, n: BertNormalizer) -> Self {
        Prenormalize {
            chars: text.chars(),
            clean_text: n.clean_text,
            chinese: n.handle_chinese_chars,
            pending: [' '; 2],
            pending_at: 2,
        }
    }
}

impl Iterator for Prenormalize<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        if self.pending_at < 2 {
            let c = self.pending[usize::from(self.pending_at)];
            self.pending_at += 1;
            return Some(c);
        }
        loop {
            let c = self.chars.next()?;
            if self.clean_text {
                if is_removed(c) {
                    continue;
                }
                if is_clean_whitespace(c) {
                    return Some(' ');
                }
            }
            if self.chinese && is_chinese(c) {
                self.pending = [c, ' '];
                self.pending_at = 0;
                return Some(' ');
            }
            return Some(c);
        }
    }
}

const REMOVED_BIT: u8 = 1;
const SPACE_BIT: u8 = 2;
const PUNCT_BIT: u8 = 4;

/// Classes of the ASCII characters, from the same tables as the rest.
static ASCII_CLASS: [u8; 128] = ascii_classes();

const fn in_table_const(table: &[(u32, u32)], c: u32) -> bool {
    let mut i = 0;
    while i < table.len() {
        if table[i].0 <= c && c <= table[i].1 {
            return true;
        }
        i += 1;
    }
    false
}

const fn ascii_classes() -> [u8; 128] {
    let mut out = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let mut class = 0;
        if in_table_const(REMOVED, c as u32) {
            class |= REMOVED_BIT;
        }
        // char::is_whitespace for ASCII, plus what clean_text maps to ' '.
        if matches!(c, 0x09..=0x0D | 0x20) {
            class |= SPACE_BIT;
        }
        if in_table_const(PUNCTUATION, c as u32) {
            class |= PUNCT_BIT;
        }
        out[c] = class;
        c += 1;
    }
    out
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Dropped by `clean_text`.
#[inline]
pub(crate) fn is_removed(c: char) -> bool {
    if c.is_ascii() {
        ASCII_CLASS[c as usize] & REMOVED_BIT != 0
    } else {
        in_table(REMOVED, c)
    }
}

/// Turned into a space by `clean_text` (checked after [`is_removed`]).
#[inline]
fn is_clean_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// A word of its own for the pre-tokenizer.
#[inline]
pub(crate) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        ASCII_CLASS[c as usize] & PUNCT_BIT != 0
    } else {
        in_table(PUNCTUATION, c)
    }
}

/// Dropped by `strip_accents` (after NFD).
#[inline]
pub(crate) fn is_nonspacing_mark(c: char) -> bool {
    !c.is_ascii() && in_table(NONSPACING_MARKS, c)
}

/// Padded with spaces by `handle_chinese_chars`.
#[inline]
pub(crate) fn is_chinese(c: char) -> bool {
    u32::from(c) >= 0x3400 && in_table(CHINESE, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small BERT-like vocabulary for the edge cases below.
    const VOCAB: &[&str] = &[
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "c", "#", ".", "net", "as",
        "##yn", "##c", "void", "async", "'", "s", "don", "t", "cafe", "naive", "resume", "中",
        "文", "http", ":", "/", "example", "com", "?", "=", "1", "2", "##3", "12", "!", ",", "x",
        "##x", "xx", "##xx", "un", "##want", "##ed", "want", "-", "i", "istanbul", "σ", "##σ", "ς",
        "β", "strasse", "straße", "e", "ｅ",
    ];

    fn tokenizer_json(normalizer: &str, vocab: &[&str], extra_added: &str) -> String {
        let vocab: Vec<String> = vocab
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}: {i}", serde_json::to_string(t).unwrap()))
            .collect();
        format!(
            r###"{{"version": "1.0", "truncation": null, "padding": null,
            "added_tokens": [
              {{"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}},
              {{"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}},
              {{"id": 2, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}},
              {{"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}},
              {{"id": 4, "content": "[MASK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}}
              {extra_added}
            ],
            "normalizer": {normalizer},
            "pre_tokenizer": {{"type": "BertPreTokenizer"}},
            "post_processor": null, "decoder": null,
            "model": {{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "max_input_chars_per_word": 100, "vocab": {{ {} }} }} }}"###,
            vocab.join(", ")
        )
    }

    const BERT_UNCASED: &str = r#"{"type": "BertNormalizer", "clean_text": true,
        "handle_chinese_chars": true, "strip_accents": null, "lowercase": true}"#;

    fn uncased() -> WordPiece {
        WordPiece::from_json(tokenizer_json(BERT_UNCASED, VOCAB, "").as_bytes()).unwrap()
    }

    fn pieces(tok: &WordPiece, text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        tok.for_each_id(text, &mut TokScratch::default(), &mut |id| ids.push(id));
        ids.iter()
            .map(|&id| {
                let t = if (id as usize) < VOCAB.len() {
                    VOCAB[id as usize]
                } else {
                    "?"
                };
                t.to_owned()
            })
            .collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(pieces(&uncased(), text), expected, "text {text:?}");
    }

    /// The ids of `text` through the general, character-at-a-time path.
    fn ids_by_chars(tok: &WordPiece, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        let mut scratch = TokScratch::default();
        let TokScratch {
            word: buf,
            pieces,
            marks,
        } = &mut scratch;
        let mut word = Word {
            buf,
            pieces,
            chars: 0,
        };
        let mut emit = |id| ids.push(id);
        tok.segment_chars(text, &mut word, marks, &mut emit);
        tok.flush(&mut word, &mut emit);
        ids
    }

    #[test]
    fn the_ascii_path_gives_the_general_paths_ids() {
        let normalizers = [
            BERT_UNCASED,
            r#"{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": true, "strip_accents": false, "lowercase": false}"#,
            "null",
        ];
        // Every ASCII byte alone, between words, and in a pseudo-random mix.
        let mut texts: Vec<String> = (0u8..128)
            .map(|b| format!("a{}B x{}y", char::from(b), char::from(b)))
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..300 {
            let len = (state % 40) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let alphabet = b" aAxXs.-'#\t\n1\x00\x7fwantedUNVoid";
                    char::from(alphabet[(state % alphabet.len() as u64) as usize])
                })
                .collect();
            texts.push(text);
        }
        texts.push("x".repeat(150));
        for normalizer in normalizers {
            let tok =
                WordPiece::from_json(tokenizer_json(normalizer, VOCAB, "").as_bytes()).unwrap();
            for text in &texts {
                let mut fast = Vec::new();
                tok.for_each_id(text, &mut TokScratch::default(), &mut |id| fast.push(id));
                assert_eq!(fast, ids_by_chars(&tok, text), "{normalizer} {text:?}");
            }
        }
    }

    #[test]
    fn empty_and_blank_texts_have_no_tokens() {
        check("", &[]);
        check("   \t\n\r  ", &[]);
        check("\u{0}\u{200b}\u{feff}", &[]);
    }

    #[test]
    fn code_tokens_split_on_ascii_punctuation() {
        check("C#", &["c", "#"]);
        check(".NET", &[".", "net"]);
        check("async void", &["async", "void"]);
        check("As ync", &["as", "[UNK]"]);
        check("asyncc", &["async", "##c"]);
        check("asynccvoid", &["[UNK]"]);
    }

    #[test]
    fn greedy_longest_match_with_continuing_pieces() {
        check("unwanted", &["un", "##want", "##ed"]);
        check("xxx", &["xx", "##x"]);
        check("xxxxx", &["xx", "##xx", "##x"]);
        check("123", &["12", "##3"]);
        check("1,2!", &["1", ",", "2", "!"]);
    }

    #[test]
    fn apostrophes_and_hyphens_are_words_of_their_own() {
        check("don't", &["don", "'", "t"]);
        check("the cafe's", &["the", "cafe", "'", "s"]);
        check("the-a", &["the", "-", "a"]);
        // Typographic apostrophe: Unicode punctuation, not in this vocabulary.
        check("don\u{2019}t", &["don", "[UNK]", "t"]);
    }

    #[test]
    fn accents_are_stripped_and_case_folded() {
        check("Café", &["cafe"]);
        check("CAFÉ", &["cafe"]);
        check("cafe\u{301}", &["cafe"]); // combining acute
        check("naïve résumé", &["naive", "resume"]);
        check("İstanbul", &["istanbul"]); // İ = I + U+0307, mark stripped before lowercasing
        check("ΣΣ", &["σ", "##σ"]); // per character: no final sigma
        check("ß", &["[UNK]"]);
        check("Straße", &["straße"]);
        check("ｅ", &["ｅ"]); // fullwidth: no compatibility folding (NFD, not NFKD)
    }

    #[test]
    fn cjk_ideographs_are_words_of_their_own() {
        check("中文", &["中", "文"]);
        check("the中a", &["the", "中", "a"]);
        // Hiragana is not in the CJK blocks: it stays one word.
        check("ひらがな", &["[UNK]"]);
    }

    #[test]
    fn urls_split_on_every_punctuation_character() {
        check(
            "http://example.com/?a=1",
            &[
                "http", ":", "/", "/", "example", ".", "com", "/", "?", "a", "=", "1",
            ],
        );
    }

    #[test]
    fn emoji_and_unknown_scripts_are_unk() {
        check("the 🚀 a", &["the", "[UNK]", "a"]);
        check("👍🏽", &["[UNK]"]);
        check("the👍a", &["[UNK]"]);
    }

    #[test]
    fn control_and_format_characters_are_dropped() {
        check("th\u{0}e", &["the"]);
        check("th\u{ad}e", &["the"]); // soft hyphen
        check("th\u{200b}e", &["the"]); // zero width space
        check("th\u{7}e", &["the"]);
        check("the\u{b}a", &["[UNK]"]); // VT is removed, not turned into a space
        check("the\u{fffd}", &["the"]);
        check("the\u{a0}a\u{3000}the", &["the", "a", "the"]); // NBSP, ideographic space
        check("the\u{2028}a", &["the", "a"]);
    }

    #[test]
    fn words_longer_than_the_limit_are_unk() {
        let hundred = "x".repeat(100);
        let expected: Vec<&str> = std::iter::once("xx")
            .chain(std::iter::repeat_n("##xx", 49))
            .collect();
        check(&hundred, &expected);
        check(&"x".repeat(101), &["[UNK]"]);
        check(
            &format!("a {} a", "x".repeat(100_000)),
            &["a", "[UNK]", "a"],
        );
        // Characters, not bytes: 100 two-byte characters are still fine.
        let tok = uncased();
        let mut scratch = TokScratch::default();
        let mut n = 0;
        tok.for_each_id(&"é".repeat(100), &mut scratch, &mut |_| n += 1);
        assert_eq!(n, 1); // "e"*100 is not in the vocabulary: one [UNK]
        assert!(scratch.word.capacity() < 1024);
    }

    #[test]
    fn added_tokens_are_matched_in_the_raw_text() {
        check("the [CLS] a[SEP]x", &["the", "[CLS]", "a", "[SEP]", "x"]);
        check("[MASK]", &["[MASK]"]);
        // Case-sensitive, before lower-casing.
        check("[cls]", &["[UNK]", "[UNK]", "[UNK]"]);
    }

    #[test]
    fn digits_stay_together_with_letters() {
        check("x1", &["[UNK]"]);
        check("12", &["12"]);
    }

    #[test]
    fn non_wordpiece_models_are_rejected() {
        let json = r#"{"normalizer": null, "pre_tokenizer": {"type": "Metaspace"},
            "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}}"#;
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tokenizer.json: tokenizer model type Unigram is not supported; only WordPiece"
        );
        let json = r#"{"model": {"type": "BPE", "vocab": {}, "merges": []}}"#;
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("BPE is not supported"), "{err}");
    }

    #[test]
    fn other_normalizers_and_pre_tokenizers_are_rejected() {
        let json = tokenizer_json(r#"{"type": "NFKC"}"#, VOCAB, "");
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("normalizer type NFKC"), "{err}");
        let json = tokenizer_json(BERT_UNCASED, VOCAB, "").replace(
            r#"{"type": "BertPreTokenizer"}"#,
            r#"{"type": "Whitespace"}"#,
        );
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("pre_tokenizer type Whitespace"),
            "{err}"
        );
    }

    #[test]
    fn bad_files_are_clear_errors() {
        let err = WordPiece::from_json(b"{not json").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("tokenizer.json: not a valid tokenizer file"));
        let json = tokenizer_json(BERT_UNCASED, &["a", "b"], "");
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert!(err
            .to_string()
            .contains("unk_token \"[UNK]\" is not in the vocabulary"));
        let extra = r#", {"id": 5, "content": "<mask>", "single_word": false, "lstrip": true,
            "rstrip": false, "normalized": false, "special": true}"#;
        let json = tokenizer_json(BERT_UNCASED, VOCAB, extra);
        let err = WordPiece::from_json(json.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("\"<mask>\""), "{err}");
    }

    #[test]
    fn cased_normalizer_keeps_case_and_accents() {
        let cased = r#"{"type": "BertNormalizer", "clean_text": true,
            "handle_chinese_chars": true, "strip_accents": null, "lowercase": false}"#;
        let vocab = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Café", "cafe", "The",
        ];
        let tok = WordPiece::from_json(tokenizer_json(cased, &vocab, "").as_bytes()).unwrap();
        let ids = |t: &str| {
            let mut v = Vec::new();
            tok.for_each_id(t, &mut TokScratch::default(), &mut |id| v.push(id));
            v
        };
        assert_eq!(ids("The Café"), [7, 5]);
        assert_eq!(ids("the cafe"), [1, 6]);
    }

    #[test]
    fn vocab_size_covers_added_tokens() {
        let extra = r#", {"id": 99, "content": "<extra>", "single_word": false, "lstrip": false,
            "rstrip": false, "normalized": false, "special": true}"#;
        let tok =
            WordPiece::from_json(tokenizer_json(BERT_UNCASED, VOCAB, extra).as_bytes()).unwrap();
        assert_eq!(tok.vocab_size(), 100);
        assert_eq!(uncased().vocab_size(), VOCAB.len());
    }

    #[test]
    fn ascii_classes_agree_with_the_tables() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(is_removed(c), in_table(REMOVED, c), "{b:#x}");
            assert_eq!(is_punctuation(c), in_table(PUNCTUATION, c), "{b:#x}");
            assert_eq!(
                ASCII_CLASS[usize::from(b)] & SPACE_BIT != 0,
                c.is_whitespace(),
                "{b:#x}"
            );
        }
    }

    /// Every code point through the default uncased BertNormalizer (without
    /// the CJK padding), against the reference's output in
    /// `tests/golden/normalizer.tsv`: checks clean_text, NFD, the mark table,
    /// and Rust's lower-casing against the reference's, character by
    /// character.
    #[test]
    fn normalizer_matches_the_reference_on_every_code_point() {
        let golden = include_str!("../tests/golden/normalizer.tsv");
        let mut expected: FxHashMap<u32, String> = FxHashMap::default();
        let mut removed: Vec<(u32, u32)> = Vec::new();
        for line in golden.lines().filter(|l| !l.starts_with('#')) {
            let (cp, out) = line.split_once('\t').unwrap();
            let hex = |h: &str| u32::from_str_radix(h, 16).unwrap();
            if let Some((lo, hi)) = cp.split_once('-') {
                assert!(out.is_empty());
                removed.push((hex(lo), hex(hi)));
            } else if out.is_empty() {
                removed.push((hex(cp), hex(cp)));
            } else {
                let text = out
                    .split(' ')
                    .map(|h| char::from_u32(hex(h)).unwrap())
                    .collect();
                expected.insert(hex(cp), text);
            }
        }
        let n = BertNormalizer {
            clean_text: true,
            handle_chinese_chars: false,
            strip_accents: true,
            lowercase: true,
        };
        let mut mismatches = Vec::new();
        let mut out = String::new();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            out.clear();
            normalize(n, c.encode_utf8(&mut [0; 4]), &mut Vec::new(), |x| {
                out.push(x)
            });
            let cp = u32::from(c);
            let want: Option<&str> = if removed.iter().any(|&(lo, hi)| lo <= cp && cp <= hi) {
                Some("")
            } else {
                expected.get(&cp).map(String::as_str)
            };
            let ok = match want {
                Some(w) => out == w,
                None => out.chars().eq(std::iter::once(c)),
            };
            if !ok {
                mismatches.push(format!("U+{cp:04X}: got {out:?}, want {want:?}"));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} code points differ: {:?}",
            mismatches.len(),
            &mismatches[..mismatches.len().min(20)]
        );
    }

    #[test]
    fn unicode_data_matches_the_generated_tables() {
        // NFD_KEEP and NFD_STARTERS were computed against this version
        // (PINNED_UNICODEDATA2 in tests/golden/make-golden.py); after an
        // update of unicode-normalization, regenerate them.
        assert_eq!(unicode_normalization::UNICODE_VERSION, (18, 0, 0));
    }

    #[test]
    fn combining_marks_are_put_in_canonical_order() {
        let n = BertNormalizer {
            clean_text: true,
            handle_chinese_chars: true,
            strip_accents: true,
            lowercase: false,
        };
        let run = |text: &str| {
            let mut out = String::new();
            normalize(n, text, &mut Vec::new(), |c| out.push(c));
            out
        };
        // U+1D16D (class 226) and U+1D165 (216) are spacing marks (kept):
        // reordered by class, stable among equals.
        assert_eq!(run("a\u{1D16D}\u{1D165}b"), "a\u{1D165}\u{1D16D}b");
        assert_eq!(run("a\u{1D165}\u{1D16D}"), "a\u{1D165}\u{1D16D}");
        // Non-spacing marks are dropped after reordering.
        assert_eq!(run("e\u{301}\u{327}x"), "ex");
        assert_eq!(run("\u{1E09}"), "c"); // ḉ = c + cedilla + acute
        assert_eq!(run("한"), "\u{1112}\u{1161}\u{11AB}"); // Hangul: algorithmic
    }

    #[test]
    fn chinese_padding() {
        let n = BertNormalizer {
            clean_text: false,
            handle_chinese_chars: true,
            strip_accents: false,
            lowercase: false,
        };
        let mut out = String::new();
        normalize(n, "a中b\u{2B820}\u{2B920}", &mut Vec::new(), |c| {
            out.push(c)
        });
        // U+2B820..U+2B91F are not padded by the reference (unlike Google's BERT).
        assert_eq!(out, "a 中 b\u{2B820} \u{2B920} ");
    }

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [REMOVED, PUNCTUATION, NONSPACING_MARKS, CHINESE] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
            }
        }
    }
}
