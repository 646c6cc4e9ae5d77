//! Checks on the answer as a whole, which cap the score whatever concepts it
//! names. Each cap comes with a flag that says why:
//!
//! | flag | when | score at most |
//! |---|---|---|
//! | `empty` | no words | 0 |
//! | `too-short` | fewer than [`SHORT_ANSWER_WORDS`] words | 2.5 × words, under [`TINY_ANSWER_WORDS`] words only |
//! | (drafted rubric) | fewer words than its model answer (at most the above) | 100 × words / half the model's words, under half the model's words only |
//! | `gibberish` | under 40% of the words are English or rubric words | 5 |
//! | `question-echo` | at least 80% of the words come from the question itself | 5 |
//! | `keyword-stuffing` | a list of rubric phrases without sentences: under 20% function words and at least half the words inside rubric phrases | 40 |
//! | `unfocused` | at least [`FOCUS_MIN_WORDS`] words, of whose sentences under [`FOCUS_MIN_SHARE`] touch the rubric (name a concept, make a claim, or say one in other words) | [`UNFOCUSED_CAP`] |
//!
//! A real answer in bullet points has full clauses, so it is full of function
//! words ("we", "the", "to", "is") and is never taken for keyword stuffing.

use super::compiled::CompiledQuestion;
use super::kinds::concept::ConceptTrace;
use crate::matching::Prepared;

/// Answers shorter than this many words are flagged `too-short`.
pub const SHORT_ANSWER_WORDS: usize = 40;
/// Answers shorter than this many words have their score capped: a handful
/// of words cannot show a senior answer, whatever terms they name. (The cap
/// stops there so that padding a real answer never raises its score.)
pub const TINY_ANSWER_WORDS: usize = 15;
/// Score cap per word of a too-short answer.
pub const SHORT_ANSWER_CAP_PER_WORD: f64 = 2.5;
/// Score cap of a keyword-stuffed answer.
pub const STUFFING_CAP: f64 = 40.0;
/// Score cap of gibberish or an echoed question.
pub const NONSENSE_CAP: f64 = 5.0;

/// Answers this long are checked for focus.
pub const FOCUS_MIN_WORDS: usize = 150;
/// The share of sentences that must touch the rubric in a long answer.
pub const FOCUS_MIN_SHARE: f64 = 0.2;
/// Score cap of a long answer that mostly talks about something else.
pub const UNFOCUSED_CAP: f64 = 50.0;

/// The outcome of the checks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checks {
    /// Flags, in the order of the table above.
    pub flags: Vec<String>,
    /// Every cap that applies, with the flag that set it.
    pub caps: Vec<(String, f64)>,
}

impl Checks {
    fn flag(&mut self, name: &str, cap: f64) {
        self.flags.push(name.to_owned());
        self.caps.push((name.to_owned(), cap));
    }

    /// The lowest cap that applies, if any.
    pub fn cap(&self) -> Option<f64> {
        self.caps.iter().map(|(_, c)| *c).reduce(f64::min)
    }

    /// Flags a long answer whose sentences mostly miss the rubric.
    pub fn apply_focus(&mut self, answer: &Prepared<'_>, focus: f64) {
        if answer.tokens.len() >= FOCUS_MIN_WORDS && focus < FOCUS_MIN_SHARE {
            self.flag("unfocused", UNFOCUSED_CAP);
        }
    }
}

/// The share of the answer's sentences among `touched` (sorted sentence ids).
pub fn focus(answer: &Prepared<'_>, touched: &[u32]) -> f64 {
    let sentences = answer.tokens.last().map_or(0, |t| t.sentence as usize + 1);
    if sentences == 0 {
        return 0.0;
    }
    touched.len() as f64 / sentences as f64
}

/// The sentences holding a counting mention (token ranges in `mentioned`)
/// or an accepted semantic match of a concept or claim, sorted.
pub fn touched_sentences(
    answer: &Prepared<'_>,
    mentioned: &[(usize, usize)],
    concepts: &[ConceptTrace],
) -> Vec<u32> {
    let tokens = &answer.tokens;
    let mut touched: Vec<u32> = mentioned
        .iter()
        .filter_map(|&(first, _)| tokens.get(first).map(|t| t.sentence))
        .collect();
    for concept in concepts {
        for semantic in std::iter::once(&concept.target)
            .chain(&concept.claims)
            .filter_map(|t| t.semantic.as_ref())
            .filter(|s| s.accepted)
        {
            let at = tokens.partition_point(|t| t.end <= semantic.evidence.start);
            touched.extend(tokens.get(at).map(|t| t.sentence));
        }
    }
    touched.sort_unstable();
    touched.dedup();
    touched
}

/// Runs every check; `mentioned` holds the token ranges of counting
/// mentions, and `uncollected` counts mentions beyond the collection cap
/// (each covers at least one word).
pub fn check(
    entry: &CompiledQuestion,
    answer: &Prepared<'_>,
    mentioned: &[(usize, usize)],
    uncollected: usize,
) -> Checks {
    let mut checks = Checks::default();
    let tokens = &answer.tokens;
    let words = tokens.len();
    if words == 0 {
        checks.flag("empty", 0.0);
        return checks;
    }
    // Against a drafted rubric "short" is relative to its model answer: a
    // four-word answer to "At the main function" is as long as the model.
    let (tiny, short, per_word) = match entry.model_answer_words {
        Some(model) => {
            let tiny = TINY_ANSWER_WORDS.min(model.div_ceil(2)).max(1);
            (tiny, SHORT_ANSWER_WORDS.min(model), 100.0 / tiny as f64)
        }
        None => (
            TINY_ANSWER_WORDS,
            SHORT_ANSWER_WORDS,
            SHORT_ANSWER_CAP_PER_WORD,
        ),
    };
    if words < tiny {
        checks.flag("too-short", per_word * words as f64);
    } else if words < short {
        checks.flags.push("too-short".to_owned());
    }
    let real = (0..words)
        .filter(|&i| {
            let text = tokens[i].text.as_str();
            tokens[i].common
                || answer.stem_id_at(i).is_some()
                || text.chars().all(|c| c.is_ascii_digit())
                || text.chars().count() <= 1
        })
        .count();
    if words >= 3 && (real as f64) < 0.4 * words as f64 {
        checks.flag("gibberish", NONSENSE_CAP);
    }
    let echoed = tokens
        .iter()
        .filter(|t| entry.question_stems.contains(t.stem.as_str()))
        .count();
    if words >= 5 && echoed as f64 >= 0.8 * words as f64 {
        checks.flag("question-echo", NONSENSE_CAP);
    }
    let function = tokens.iter().filter(|t| t.function).count();
    let mut inside = vec![false; words];
    for &(first, last) in mentioned {
        for flag in inside.iter_mut().take(last + 1).skip(first) {
            *flag = true;
        }
    }
    let in_phrases = (inside.iter().filter(|&&b| b).count() + uncollected).min(words);
    if words >= 6
        && (function as f64) < 0.2 * words as f64
        && in_phrases as f64 >= 0.5 * words as f64
    {
        checks.flag("keyword-stuffing", STUFFING_CAP);
    }
    checks
}
