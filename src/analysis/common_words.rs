//! The 10,000 most frequent English words (`data/common-words.txt`, from
//! wordfreq; CC BY-SA 4.0, see `data/README.md`).
//!
//! A common word in an answer is taken at face value, never as a misspelling
//! of a rubric word: "contact" is not a typo of "contract".

use std::collections::HashSet;
use std::sync::OnceLock;

static WORDS: &str = include_str!("../../data/common-words.txt");

fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| WORDS.lines().collect())
}

/// Whether `word` (normalized, lower case) is a common English word.
pub fn is_common(word: &str) -> bool {
    set().contains(word)
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
