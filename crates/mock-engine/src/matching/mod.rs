//! Matching: where does an answer mention a rubric concept or red flag?
//!
//! ```text
//! rubric ──compile once──▶ Matcher: phrases as interned stem-id sequences,
//!                                   fuzzy vocabulary, compiled regexes
//! answer ──prepare──────▶ Prepared: tokens, each mapped to a rubric stem id
//!                                   (exactly or by edit distance), position index
//! target ──mentions─────▶ [Mention]: byte span, how it matched, negation cue
//! ```
//!
//! A phrase matches a contiguous run of answer tokens with the same stems, in
//! one sentence, tolerating at most [`phrase::MAX_GAP`] filler word between
//! two phrase words ("blocking *async* calls" still meets "blocking calls").
//! A phrase of several words also matches their concatenation as one word, so
//! "post-mortem" meets "postmortem". Whether a mention *counts* depends on the
//! concept's polarity and the negation cue found by [`negation`]; that
//! decision belongs to scoring.

pub mod diagnose;
pub mod fuzzy;
pub mod gist;
pub mod negation;
mod phrase;
pub mod positions;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use regex::Regex;
use serde::Serialize;

use crate::analysis::{analyze, normalize_word, stem, Token};
use fuzzy::{FuzzyHit, VocabularyWord};

/// Matches of one rubric pattern collected per answer at most; beyond, they
/// are only counted. A real answer matches a pattern a handful of times; a
/// pattern that matches everywhere would otherwise hold a mention per byte.
pub const MAX_PATTERN_MATCHES: usize = 10_000;

/// How a mention was found, from the most to the least literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The answer uses the phrase's very words (after case and Unicode folding).
    Exact,
    /// A regex pattern of the rubric matched the raw text.
    Pattern,
    /// The words differ but share their stems ("deploys" for "deployment").
    Stem,
    /// At least one word matched by edit distance ("idempotant").
    Fuzzy,
    /// No phrase matched, but a sentence says the concept in other words
    /// (its gist); earns partial credit.
    Paraphrase,
    /// A sentence of the answer means what one of the rubric's exemplar
    /// sentences means (the semantic stage).
    Semantic,
}

/// A misspelt answer word that matched a rubric word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FuzzyNote {
    /// The word as normalized from the answer.
    pub found: String,
    /// The rubric word it was taken for.
    pub expected: String,
    /// Their Damerau-Levenshtein distance.
    pub distance: usize,
}

/// One place where an answer mentions a phrase or pattern of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the mention in the answer.
    pub start: usize,
    /// Byte offset one past the end of the mention.
    pub end: usize,
    /// How the mention was found.
    pub kind: MatchKind,
    /// The rubric phrase or pattern that matched (shared with the compiled
    /// rubric: a mention copies no text).
    pub source: Arc<str>,
    /// Byte span of the negation cue that governs the mention, if any.
    pub negated_by: Option<(usize, usize)>,
    /// Misspelt words inside the mention.
    pub fuzzy: Vec<FuzzyNote>,
    /// Index of the first answer token of the mention.
    pub first_token: usize,
    /// Index of the last answer token of the mention.
    pub last_token: usize,
}

/// A rubric phrase compiled into stem ids.
#[derive(Debug, Clone)]
pub struct CompiledPhrase {
    /// The phrase as the rubric writes it.
    pub text: Arc<str>,
    /// The normalized words of the phrase.
    pub words: Vec<String>,
    /// Interned stem ids of the words.
    pub stem_ids: Vec<u32>,
}

/// A phrase of the form `a + b`: every part must occur in one sentence.
#[derive(Debug, Clone)]
pub struct Conjunction {
    /// The phrase as the rubric writes it.
    pub text: Arc<str>,
    /// Per part, its compiled variants (the part and, for several words,
    /// their concatenation).
    pub parts: Vec<Vec<CompiledPhrase>>,
}

/// A concept, claim, misconception or red flag, compiled for matching.
#[derive(Debug, Clone)]
pub struct CompiledTarget {
    /// The phrases, including concatenated variants of multi-word phrases.
    pub phrases: Vec<CompiledPhrase>,
    /// The `a + b` phrases.
    pub conjunctions: Vec<Conjunction>,
    /// The compiled regex patterns with their sources.
    pub patterns: Vec<(Arc<str>, Regex)>,
}

/// Problems found while compiling a rubric: invalid regexes, empty phrases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileProblem {
    /// The concept or red flag id.
    pub target: String,
    /// The phrase or pattern at fault, if the problem is with one of them.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// The vocabulary of a rubric: every phrase word's stem, interned once, and
/// the words misspellings are matched against. The rule kinds compile their
/// targets into it, in rubric order; answers are prepared against it.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// A process-unique id, keying the per-thread fuzzy memo.
    id: u64,
    stem_ids: FxHashMap<String, u32>,
    vocabulary: Vec<VocabularyWord>,
    /// The words already interned, so that each is added to the vocabulary
    /// once without a scan of it (a rubric of 10,000 concepts).
    interned: rustc_hash::FxHashSet<String>,
    /// Whether any compiled target has a regex pattern (an answer with
    /// characters beyond ASCII is then normalized for them).
    has_patterns: bool,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

/// An answer analysed against one matcher's vocabulary.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The raw answer text.
    pub text: &'a str,
    /// The answer's tokens.
    pub tokens: Vec<Token>,
    /// Per token, the rubric stem id it stands for, if any.
    keys: Vec<Option<TokenKey>>,
    /// Token positions per rubric stem id.
    index: positions::DensePositions,
    /// For non-ASCII answers: the NFKC text for patterns, and for each of its
    /// bytes the offset of the original character it came from.
    normalized: Option<(String, Vec<usize>)>,
}

#[derive(Debug, Clone, Copy)]
struct TokenKey {
    stem_id: u32,
    fuzzy: Option<(usize, usize)>,
}

impl Prepared<'_> {
    /// The text regex patterns run on: the answer itself when it is ASCII,
    /// else its per-character NFKC form (full-width `．Ｒｅｓｕｌｔ` is `.Result`).
    fn pattern_text(&self) -> &str {
        self.normalized
            .as_ref()
            .map_or(self.text, |(text, _)| text.as_str())
    }

    /// Maps a byte span of [`Self::pattern_text`] back to the answer.
    fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.normalized {
            None => (start, end),
            Some((_, map)) => {
                let back = |i: usize| map.get(i).copied().unwrap_or(self.text.len());
                let last = if end > start {
                    back(end - 1)
                } else {
                    back(start)
                };
                // `last` starts the original character holding the end; include it whole.
                let end = self.text[last..]
                    .chars()
                    .next()
                    .map_or(last, |c| last + c.len_utf8());
                (back(start), end.max(back(start)))
            }
        }
    }

    /// The rubric stem id that token `index` stands for, if any.
    pub fn stem_id_at(&self, index: usize) -> Option<u32> {
        self.keys.get(index).copied().flatten().map(|k| k.stem_id)
    }
}

impl Matcher {
    /// An empty vocabulary.
    pub fn new() -> Self {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Matcher {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            stem_ids: FxHashMap::default(),
            vocabulary: Vec::new(),
            interned: rustc_hash::FxHashSet::default(),
            has_patterns: false,
        }
    }

    /// Compiles the phrases and patterns of one target (`id` names it in
    /// problems), interning its words. With `needs_phrases`, a target
    /// without any phrase or pattern is a problem: it could never match.
    pub fn compile_target(
        &mut self,
        id: &str,
        phrases: &[String],
        patterns: &[String],
        needs_phrases: bool,
        problems: &mut Vec<CompileProblem>,
    ) -> CompiledTarget {
        let mut target = CompiledTarget {
            phrases: Vec::new(),
            conjunctions: Vec::new(),
            patterns: Vec::new(),
        };
        self.has_patterns |= !patterns.is_empty();
        if needs_phrases && phrases.is_empty() && patterns.is_empty() {
            problems.push(CompileProblem {
                target: id.to_owned(),
                value: None,
                message: "has neither phrases nor patterns, so it can never match".into(),
            });
        }
        for text in phrases {
            let parts: Vec<&str> = split_conjunction(text);
            let mut compiled_parts = Vec::new();
            for part in &parts {
                let words: Vec<String> = analyze(part)
                    .into_iter()
                    .map(|t| t.text.into_string())
                    .collect();
                if words.is_empty() {
                    let what = if parts.len() > 1 {
                        "a part of phrase"
                    } else {
                        "phrase"
                    };
                    problems.push(CompileProblem {
                        target: id.to_owned(),
                        value: Some(text.clone()),
                        message: format!(
                            "{what} {text:?} has no words after normalization, so it can never match"
                        ),
                    });
                    compiled_parts.clear();
                    break;
                }
                let mut variants = Vec::new();
                if words.len() > 1 && words.iter().all(|w| w.chars().all(char::is_alphanumeric)) {
                    let joined = words.concat();
                    variants.push(self.compile_words(text, vec![joined]));
                }
                variants.push(self.compile_words(text, words));
                compiled_parts.push(variants);
            }
            match compiled_parts.len() {
                0 => {}
                1 => target
                    .phrases
                    .extend(compiled_parts.pop().unwrap_or_default()),
                _ => target.conjunctions.push(Conjunction {
                    text: Arc::from(text.as_str()),
                    parts: compiled_parts,
                }),
            }
        }
        for source in patterns {
            // Case-insensitive: "TASK.RESULT" is the same pitfall as ".Result".
            match regex::RegexBuilder::new(source)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
            {
                Ok(regex) => target.patterns.push((Arc::from(source.as_str()), regex)),
                Err(error) => problems.push(CompileProblem {
                    target: id.to_owned(),
                    value: Some(source.clone()),
                    message: format!(
                        "pattern {source:?} does not compile: {}",
                        error
                            .to_string()
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .trim_start_matches("error: ")
                    ),
                }),
            }
        }
        target
    }

    fn compile_words(&mut self, text: &str, words: Vec<String>) -> CompiledPhrase {
        let stem_ids = words.iter().map(|w| self.intern(w)).collect();
        CompiledPhrase {
            text: Arc::from(text),
            words,
            stem_ids,
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        let stemmed = stem(&normalize_word(word));
        let next = self.stem_ids.len() as u32;
        let id = *self.stem_ids.entry(stemmed).or_insert(next);
        if !self.interned.contains(word) {
            self.interned.insert(word.to_owned());
            self.vocabulary.extend(VocabularyWord::new(word, id));
        }
        id
    }

    /// The nearest vocabulary word to `word` within the fuzzy distance,
    /// memoised per thread and per matcher: answers repeat their words, and a
    /// batch repeats the same vocabulary across thousands of answers.
    fn closest_cached(&self, word: &str) -> Option<FuzzyHit> {
        type Memo = FxHashMap<u64, FxHashMap<Box<str>, Option<FuzzyHit>>>;
        thread_local! {
            static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(FxHashMap::default());
        }
        // Words too short to match fuzzily need no lookup at all.
        if word.len() < fuzzy::MIN_FUZZY_LEN {
            return None;
        }
        let found = MEMO.with(|m| {
            m.borrow()
                .get(&self.id)
                .and_then(|memo| memo.get(word).cloned())
        });
        if let Some(hit) = found {
            return hit;
        }
        let hit = fuzzy::closest(word, &self.vocabulary);
        MEMO.with(|m| {
            let mut memos = m.borrow_mut();
            let memo = memos.entry(self.id).or_default();
            // Bounded: adversarial input with millions of distinct words starts over.
            if memo.len() >= 100_000 {
                memo.clear();
            }
            memo.insert(word.into(), hit.clone());
        });
        hit
    }

    /// Analyses an answer and maps its tokens onto this rubric's stems.
    pub fn prepare<'a>(&self, text: &'a str) -> Prepared<'a> {
        let tokens = analyze(text);
        let mut keys = Vec::with_capacity(tokens.len());
        // An answer repeats its words: each distinct word is looked up once.
        let mut seen: FxHashMap<&str, Option<TokenKey>> =
            FxHashMap::with_capacity_and_hasher(tokens.len() / 2, Default::default());
        for token in &tokens {
            let key = *seen.entry(token.text.as_str()).or_insert_with(|| {
                match self.stem_ids.get(token.stem.as_str()) {
                    Some(&stem_id) => Some(TokenKey {
                        stem_id,
                        fuzzy: None,
                    }),
                    None => self.closest_cached(&token.text).map(|hit| TokenKey {
                        stem_id: hit.stem_id,
                        fuzzy: Some((hit.vocabulary_index, hit.distance)),
                    }),
                }
            });
            keys.push(key);
        }
        let ids: Vec<Option<u32>> = keys.iter().map(|k| k.map(|k| k.stem_id)).collect();
        let index = positions::DensePositions::new(self.stem_ids.len(), &ids);
        let normalized = (self.has_patterns && !text.is_ascii()).then(|| normalize_with_map(text));
        Prepared {
            text,
            tokens,
            keys,
            index,
            normalized,
        }
    }

    /// Every mention of `target`'s phrases and patterns in `answer`, in text
    /// order, with the negation cue that governs each (at most
    /// [`MAX_PATTERN_MATCHES`] per pattern; see [`Self::mentions_counted`]).
    pub fn mentions(&self, answer: &Prepared<'_>, target: &CompiledTarget) -> Vec<Mention> {
        self.mentions_counted(answer, target).0
    }

    /// [`Self::mentions`], and how many pattern matches beyond
    /// [`MAX_PATTERN_MATCHES`] per pattern were counted but not collected: a
    /// pattern that matches everywhere (`.`) costs time in proportion to the
    /// answer, but no memory.
    pub fn mentions_counted(
        &self,
        answer: &Prepared<'_>,
        target: &CompiledTarget,
    ) -> (Vec<Mention>, usize) {
        let mut mentions = Vec::new();
        let mut beyond = 0;
        for compiled in &target.phrases {
            for (first, last) in phrase::occurrences(answer, &compiled.stem_ids) {
                mentions.push(self.phrase_mention(answer, compiled, first, last));
            }
        }
        for conjunction in &target.conjunctions {
            mentions.extend(self.conjunction_mentions(answer, conjunction));
        }
        for (source, regex) in &target.patterns {
            let mut matches = regex.find_iter(answer.pattern_text());
            for found in matches.by_ref().take(MAX_PATTERN_MATCHES) {
                let (start, end) = answer.original_span(found.start(), found.end());
                let at = answer.tokens.partition_point(|t| t.end <= start);
                let last = answer
                    .tokens
                    .partition_point(|t| t.start < end)
                    .saturating_sub(1);
                mentions.push(Mention {
                    start,
                    end,
                    kind: MatchKind::Pattern,
                    source: source.clone(),
                    negated_by: cue_span(&answer.tokens, at, last.max(at)),
                    fuzzy: Vec::new(),
                    first_token: at,
                    last_token: last.max(at),
                });
            }
            beyond += matches.count();
        }
        mentions.sort_by_key(|m| (m.start, m.kind, m.end, m.negated_by.is_some()));
        mentions.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        (mentions, beyond)
    }

    /// One mention per sentence in which every part of `conjunction`
    /// occurs: the first occurrence of each part, spanned together. It is
    /// negated when any of its parts is.
    fn conjunction_mentions(
        &self,
        answer: &Prepared<'_>,
        conjunction: &Conjunction,
    ) -> Vec<Mention> {
        // Per sentence, the first occurrence of each part so far: its first
        // and last token and its variant. A mention is built only for a
        // sentence that holds every part (most hold one part at most).
        type Slots = Vec<Option<(usize, usize, usize)>>;
        let mut found: FxHashMap<u32, Slots> = FxHashMap::default();
        let parts = conjunction.parts.len();
        for (index, variants) in conjunction.parts.iter().enumerate() {
            for (variant, compiled) in variants.iter().enumerate() {
                for (first, last) in phrase::occurrences(answer, &compiled.stem_ids) {
                    let sentence = answer.tokens[first].sentence;
                    // Only sentences where every earlier part occurs can qualify.
                    let slots = match found.get_mut(&sentence) {
                        Some(slots) => slots,
                        None if index == 0 => {
                            found.entry(sentence).or_insert_with(|| vec![None; parts])
                        }
                        None => continue,
                    };
                    if index > 0 && slots[..index].iter().any(Option::is_none) {
                        continue;
                    }
                    if slots[index].is_none_or(|(earlier, _, _)| first < earlier) {
                        slots[index] = Some((first, last, variant));
                    }
                }
            }
        }
        let mut mentions: Vec<Mention> = found
            .into_values()
            .filter(|slots| slots.iter().all(Option::is_some))
            .filter_map(|slots| {
                let slots: Vec<Mention> = slots
                    .into_iter()
                    .zip(&conjunction.parts)
                    .map(|(slot, variants)| {
                        let (first, last, variant) = slot?;
                        Some(self.phrase_mention(answer, &variants[variant], first, last))
                    })
                    .collect::<Option<Vec<_>>>()?;
                let first = slots.iter().map(|m| m.first_token).min()?;
                let last = slots.iter().map(|m| m.last_token).max()?;
                // A cue that is itself a part of the conjunction ("ignore +
                // fields + don't recognise") is what the phrase says, not a
                // negation of it.
                let part_of_it = |(start, end): &(usize, usize)| {
                    slots.iter().any(|m| m.start <= *start && *end <= m.end)
                };
                let negated_by = (slots.iter())
                    .filter_map(|m| m.negated_by)
                    .find(|cue| !part_of_it(cue));
                Some(Mention {
                    start: answer.tokens[first].start,
                    end: answer.tokens[last].end,
                    kind: slots.iter().map(|m| m.kind).max()?,
                    source: conjunction.text.clone(),
                    negated_by,
                    fuzzy: slots.into_iter().flat_map(|m| m.fuzzy).collect(),
                    first_token: first,
                    last_token: last,
                })
            })
            .collect();
        mentions.sort_by_key(|m| m.start);
        mentions
    }

    fn phrase_mention(
        &self,
        answer: &Prepared<'_>,
        compiled: &CompiledPhrase,
        first: usize,
        last: usize,
    ) -> Mention {
        // The answer words that stand for phrase words (fillers do not),
        // their misspellings, and whether they are the phrase's very words.
        let mut fuzzy: Vec<FuzzyNote> = Vec::new();
        let mut words = compiled.words.iter();
        let mut literal = true;
        for i in first..=last {
            let Some(key) = answer.keys[i] else {
                continue;
            };
            if let Some((vocabulary_index, distance)) = key.fuzzy {
                fuzzy.push(FuzzyNote {
                    found: answer.tokens[i].text.to_string(),
                    expected: self.vocabulary[vocabulary_index].word.clone(),
                    distance,
                });
            }
            literal &= words.next().is_some_and(|w| answer.tokens[i].text == *w);
        }
        let literal = literal && words.next().is_none();
        let kind = if !fuzzy.is_empty() {
            MatchKind::Fuzzy
        } else if literal {
            MatchKind::Exact
        } else {
            MatchKind::Stem
        };
        Mention {
            start: answer.tokens[first].start,
            end: answer.tokens[last].end,
            kind,
            source: compiled.text.clone(),
            negated_by: cue_span(&answer.tokens, first, last),
            fuzzy,
            first_token: first,
            last_token: last,
        }
    }
}

/// The parts of a phrase written `a + b` (one part for a plain phrase). A
/// `+` inside a word ("C++") is no separator: parts are split on " + ".
fn split_conjunction(text: &str) -> Vec<&str> {
    text.split(" + ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Per-character NFKC of `text`, with each output byte mapped to the offset
/// of the original character it came from.
fn normalize_with_map(text: &str) -> (String, Vec<usize>) {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        let before = out.len();
        out.extend(std::iter::once(c).nfkc());
        map.resize(out.len(), offset);
        debug_assert!(out.len() >= before);
    }
    (out, map)
}

fn cue_span(tokens: &[Token], first: usize, last: usize) -> Option<(usize, usize)> {
    let cue = negation::negating_cue(tokens, first, last)?;
    let end = if matches!(tokens[cue].text.as_str(), "instead" | "rather") {
        tokens.get(cue + 1).map_or(tokens[cue].end, |t| t.end)
    } else {
        tokens[cue].end
    };
    Some((tokens[cue].start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// A target of `phrases` and `patterns`, and the problems compiling it.
    fn compile(
        phrases: &[&str],
        patterns: &[&str],
    ) -> (Matcher, CompiledTarget, Vec<CompileProblem>) {
        let mut matcher = Matcher::new();
        let mut problems = Vec::new();
        let target = matcher.compile_target(
            "c",
            &strings(phrases),
            &strings(patterns),
            true,
            &mut problems,
        );
        (matcher, target, problems)
    }

    #[test]
    fn a_conjunction_needs_every_part_in_one_sentence_and_is_negated_by_any() {
        let phrases = ["event + same transaction"];
        let found = mentions(
            &phrases,
            &[],
            "The event is written in the same transaction.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(&*found[0].source, "event + same transaction");
        assert!(found[0].negated_by.is_none());
        assert!(mentions(
            &phrases,
            &[],
            "The event is sent. The same transaction holds."
        )
        .is_empty());
        let negated = mentions(&phrases, &[], "The event is not in the same transaction.");
        assert!(negated[0].negated_by.is_some());
        // "C++" is a word, not a conjunction.
        assert_eq!(split_conjunction("C++ + memory"), vec!["C++", "memory"]);
    }

    fn mentions(phrases: &[&str], patterns: &[&str], answer: &str) -> Vec<Mention> {
        let (matcher, target, problems) = compile(phrases, patterns);
        assert!(problems.is_empty(), "{problems:?}");
        let prepared = matcher.prepare(answer);
        matcher.mentions(&prepared, &target)
    }

    #[test]
    fn phrases_match_exactly_by_stem_and_fuzzily() {
        let exact = mentions(&["idempotent consumers"], &[], "Use idempotent consumers.");
        assert_eq!(exact[0].kind, MatchKind::Exact);
        let stemmed = mentions(
            &["idempotent consumers"],
            &[],
            "each consumer is idempotent? no: idempotent consumer",
        );
        assert_eq!(stemmed[0].kind, MatchKind::Stem);
        let fuzzy = mentions(&["idempotent consumers"], &[], "idempotent cosnumers");
        assert_eq!(fuzzy[0].kind, MatchKind::Fuzzy);
        assert_eq!(fuzzy[0].fuzzy[0].expected, "consumers");
    }

    #[test]
    fn compounds_match_their_hyphenated_and_joined_forms() {
        for text in ["a post-mortem", "a postmortem", "a post mortem"] {
            assert_eq!(mentions(&["post-mortem"], &[], text).len(), 1, "{text}");
        }
    }

    #[test]
    fn patterns_match_code_tokens() {
        let found = mentions(
            &["blocking"],
            &[r"\.Result\b", r"\.Wait\(\)"],
            "calling .Result or .Wait() deadlocks",
        );
        let sources: Vec<&str> = found.iter().map(|m| &*m.source).collect();
        assert_eq!(sources, [r"\.Result\b", r"\.Wait\(\)"]);
    }

    #[test]
    fn mentions_carry_their_negation_cue() {
        let text = "we never write ADRs";
        let found = mentions(&["ADR"], &[], text);
        let (start, end) = found[0].negated_by.unwrap();
        assert_eq!(&text[start..end], "never");
    }

    #[test]
    fn a_rubric_that_cannot_match_is_a_compile_problem() {
        let (_, _, problems) = compile(&["..."], &["("]);
        assert_eq!(problems.len(), 2);
    }
}
