//! The 10,000 most frequent English words (`data/common-words.txt`, from
//! wordfreq; CC BY-SA 4.0, see `data/README.md`).
//!
//! A common word in an answer is taken at face value, never as a misspelling
//! of a rubric word: "contact" is not a typo of "contract".

use std::sync::OnceLock;

static WORDS: &str = include_str!("../../data/common-words.txt");

fn set() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| WORDS.lines().collect())
}

/// Whether `word` (normalized, lower case) is a common English word.
pub fn is_common(word: &str) -> bool {
    set().contains(word)
}

/// Whether `word` is a common word or a regular inflection of one
/// ("mentoring", "mentored", "mentors" of "mentor"): a real English word
/// that must never be taken for a misspelling of another ("monitoring").
pub fn is_common_or_inflected(word: &str) -> bool {
    is_common(word)
        || ["ing", "ed", "es", "s", "er", "ers"].iter().any(|suffix| {
            word.strip_suffix(suffix)
                .is_some_and(|base| base.len() >= 4 && is_common(base))
        })
}

/// Function words: frequent in any sentence, absent from a keyword list.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "we", "i", "you", "they", "it", "he", "she", "our", "my", "their", "its",
    "is", "are", "was", "were", "be", "been", "am", "to", "of", "in", "on", "for", "with", "at",
    "by", "from", "as", "that", "this", "these", "those", "which", "who", "what", "when", "where",
    "how", "why", "and", "or", "but", "so", "if", "then", "because", "not", "no", "do", "does",
    "did", "have", "has", "had", "can", "could", "will", "would", "should", "must", "may", "might",
    "there", "here", "than", "into", "about", "each", "every", "all", "any", "some", "more",
    "most", "also", "only", "just", "very", "me", "us", "them", "your", "his", "her",
];

/// Whether `word` (normalized) is a function word ("the", "we", "to").
pub fn is_function_word(word: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    // Function words are at most 7 letters; skip the lookup for longer ones.
    word.len() <= 7
        && SET
            .get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
            .contains(word)
}

/// Single words that negate what follows them in their clause.
const NEGATION_WORDS: &[&str] = &[
    "not",
    "never",
    "no",
    "nor",
    "neither",
    "without",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "won't",
    "wouldn't",
    "wouldnt",
    "shouldn't",
    "shouldnt",
    "can't",
    "cant",
    "cannot",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "weren't",
    "mustn't",
    "against",
    "nobody",
    "none",
    "nothing",
];

/// Stems of verbs that reject or dismiss what follows ("avoid", "avoiding",
/// "banned", "I ignore the surveys").
const NEGATION_STEMS: &[&str] = &[
    "avoid",
    "ban",
    "prohibit",
    "forbid",
    "reject",
    "abandon",
    "stop",
    "omit",
    "skip",
    "lack",
    "ignor",
    "dismiss",
    "disregard",
];

/// Whether a word may negate what follows it: one of the negation words, a
/// rejecting verb, or "instead" / "rather" (cues only before "of" / "than";
/// `matching::negation` decides in context).
pub fn is_negation(word: &str, stem: &str) -> bool {
    NEGATION_WORDS.contains(&word)
        || NEGATION_STEMS.contains(&stem)
        || matches!(
            word,
            "instead" | "rather" | "away" | "leave" | "leaves" | "left" | "leaving"
        )
}

/// Words that open a new clause.
const CONTRAST_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "yet", "except", "unless",
];

/// Whether a word opens a new clause, for negation scope ("we avoid 2PC but
/// use sagas").
pub fn is_contrast(word: &str) -> bool {
    CONTRAST_WORDS.contains(&word)
}

/// The common words, most frequent first.
pub fn all() -> impl Iterator<Item = &'static str> {
    WORDS.lines()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_words_and_not_misspellings() {
        assert!(is_common("contact"));
        assert!(is_common("the"));
        assert!(!is_common("idempotant"));
        assert!(!is_common("obervability"));
    }
}
