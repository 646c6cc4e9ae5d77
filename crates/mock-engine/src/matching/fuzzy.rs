//! Misspelling tolerance: edit distance between an answer word and the words
//! of the rubric's phrases.
//!
//! The thresholds never conflate short words: words under
//! [`MIN_FUZZY_LEN`] characters must match exactly (after stemming), words of
//! 6 to 8 characters may be one edit away, and longer words two. Both words
//! must start with the same letter (or the same first two letters swapped),
//! which is also the cheapest prefilter, and
//! candidates whose length differs by more than the allowed distance are
//! skipped before any distance is computed. A common English word is never
//! taken for a misspelling ("contact" does not match "contract").

use crate::analysis::common_words;

/// Shortest word that may match fuzzily.
pub const MIN_FUZZY_LEN: usize = 6;

/// Maximum Damerau-Levenshtein distance allowed for a word of `len` characters.
pub fn max_distance(len: usize) -> usize {
    match len {
        0..MIN_FUZZY_LEN => 0,
        6..=8 => 1,
        _ => 2,
    }
}

/// A word of the rubric vocabulary, with the id of its stem.
#[derive(Debug, Clone)]
pub struct VocabularyWord {
    /// The normalized word as written in a rubric phrase.
    pub word: String,
    /// Its length in characters.
    pub len: usize,
    /// Its first character.
    pub first: char,
    /// The interned id of its stem.
    pub stem_id: u32,
}

impl VocabularyWord {
    /// Builds an entry for `word` whose stem has id `stem_id`.
    pub fn new(word: &str, stem_id: u32) -> Option<Self> {
        let first = word.chars().next()?;
        let len = word.chars().count();
        (len >= MIN_FUZZY_LEN && word.chars().all(char::is_alphabetic)).then(|| VocabularyWord {
            word: word.to_owned(),
            len,
            first,
            stem_id,
        })
    }
}

/// A fuzzy match: the rubric word that was meant, and how far away it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyHit {
    /// The interned stem id of the rubric word.
    pub stem_id: u32,
    /// Index of the rubric word in the vocabulary.
    pub vocabulary_index: usize,
    /// The edit distance.
    pub distance: usize,
}

/// Finds the closest vocabulary word to `word` within the allowed distance;
/// ties go to the earlier vocabulary entry so results are deterministic.
pub fn closest(word: &str, vocabulary: &[VocabularyWord]) -> Option<FuzzyHit> {
    let first = word.chars().next()?;
    let len = word.chars().count();
    let allowed = max_distance(len);
    if allowed == 0
        || !word.chars().all(char::is_alphabetic)
        || common_words::is_common_or_inflected(word)
    {
        return None;
    }
    // A swap of the first two letters ("cnosumer") keeps them as a pair.
    let second = word.chars().nth(1);
    let mut best: Option<FuzzyHit> = None;
    for (index, candidate) in vocabulary.iter().enumerate() {
        let same_start = candidate.first == first
            || (second == Some(candidate.first) && candidate.word.chars().nth(1) == Some(first));
        if !same_start || candidate.len.abs_diff(len) > allowed {
            continue;
        }
        let limit = allowed.min(max_distance(candidate.len));
        let distance = strsim::damerau_levenshtein(word, &candidate.word);
        if distance == 0 || distance > limit {
            continue;
        }
        if best.as_ref().is_none_or(|b| distance < b.distance) {
            best = Some(FuzzyHit {
                stem_id: candidate.stem_id,
                vocabulary_index: index,
                distance,
            });
        }
    }
    best
}

/// Why `found` is not taken for a misspelling of `wanted`, by the rules of
/// [`closest`] (for `mock explain`; kept next to them so they cannot drift).
pub fn why_not_fuzzy(found: &str, wanted: &str) -> String {
    let len = found.chars().count();
    let allowed = max_distance(len).min(max_distance(wanted.chars().count()));
    let second = found.chars().nth(1);
    let first = found.chars().next();
    let same_start = wanted.chars().next() == first
        || (second.is_some() && wanted.chars().next() == second && wanted.chars().nth(1) == first);
    if len < MIN_FUZZY_LEN {
        format!("words under {MIN_FUZZY_LEN} letters must match exactly")
    } else if !found.chars().all(char::is_alphabetic) {
        "only words of letters are matched fuzzily".to_owned()
    } else if common_words::is_common_or_inflected(found) {
        format!("{found:?} is a common English word, never taken for a misspelling")
    } else if !same_start {
        "misspellings must keep the first letter (or swap the first two)".to_owned()
    } else {
        format!("{len} letters allow at most {allowed} edit(s)")
    }
}

#[cfg(test)]
mod real_words {
    use super::*;

    #[test]
    fn a_real_word_is_never_taken_for_another() {
        let vocabulary: Vec<VocabularyWord> = ["monitoring", "consistency"]
            .iter()
            .enumerate()
            .filter_map(|(i, w)| VocabularyWord::new(w, i as u32))
            .collect();
        assert_eq!(closest("mentoring", &vocabulary), None);
        assert!(
            closest("consistancy", &vocabulary).is_some(),
            "a real misspelling still matches"
        );
        assert!(why_not_fuzzy("mentoring", "monitoring").contains("common English word"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vec<VocabularyWord> {
        words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| VocabularyWord::new(w, i as u32))
            .collect()
    }

    #[test]
    fn long_misspellings_match() {
        let vocab = vocabulary(&["idempotent", "observability", "consumer"]);
        assert_eq!(closest("idempotant", &vocab).map(|h| h.distance), Some(1));
        assert_eq!(closest("obervability", &vocab).map(|h| h.distance), Some(1));
        assert_eq!(closest("cosnumer", &vocab).map(|h| h.distance), Some(1));
    }

    #[test]
    fn short_words_never_match_fuzzily() {
        let vocab = vocabulary(&["state", "saga", "test"]);
        assert!(vocab.is_empty(), "short rubric words are not fuzzy targets");
        let vocab = vocabulary(&["testing"]);
        assert_eq!(closest("tests", &vocab), None);
        assert_eq!(closest("resting", &vocab), None, "first letter differs");
    }

    #[test]
    fn common_words_are_never_misspellings() {
        let vocab = vocabulary(&["contract"]);
        assert_eq!(closest("contact", &vocab), None);
        assert_eq!(closest("contarct", &vocab).map(|h| h.distance), Some(1));
    }

    #[test]
    fn distance_is_scaled_with_length() {
        let vocab = vocabulary(&["contract", "kubernetes"]);
        assert_eq!(
            closest("cnotrcat", &vocab),
            None,
            "two edits on eight letters"
        );
        assert_eq!(closest("kubernetse", &vocab).map(|h| h.distance), Some(1));
        assert_eq!(closest("kuberentse", &vocab).map(|h| h.distance), Some(2));
    }
}
