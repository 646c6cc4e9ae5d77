//! Misspelling tolerance: edit distance between an answer word and the words
//! of the rubric's phrases.
//!
//! One admission rule ([`admit`]) decides whether an answer word may be
//! taken for a rubric word; matching ([`closest`]), `mock explain`
//! ([`why_not_fuzzy`]) and the rubric lint about phrase words near common
//! words ([`within_a_typo`]) all read it, so they cannot drift apart:
//!
//! - words under [`MIN_FUZZY_LEN`] characters must match exactly (after
//!   stemming), words of 6 to 8 characters may be one edit away, longer
//!   words two ([`max_distance`]; the shorter of the two words decides);
//! - only words of letters match fuzzily, and a common English word is never
//!   taken for a misspelling ("contact" does not match "contract");
//! - both words start with the same letter, or with the same two letters
//!   swapped ("cnosumer"), which is also the cheapest prefilter; candidates
//!   whose length differs by more than the allowed distance are skipped
//!   before any distance is computed.

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

/// The edits allowed between words of `a` and `b` characters: what the
/// shorter one allows.
pub fn allowed(a: usize, b: usize) -> usize {
    max_distance(a).min(max_distance(b))
}

/// Why an answer word is not taken for a rubric word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It has fewer than [`MIN_FUZZY_LEN`] characters.
    TooShort,
    /// It is not all letters.
    NotLetters,
    /// It is a common English word (or an inflection of one).
    CommonWord,
    /// It starts with neither the same letter nor the first two swapped.
    DifferentStart,
    /// It is more edits away than the two words' lengths allow (or none).
    TooFar {
        /// The answer word's length in characters.
        letters: usize,
        /// The edits allowed.
        allowed: usize,
    },
}

impl Refusal {
    /// Why, for people (`mock explain`): `found` is the answer word.
    pub fn describe(self, found: &str) -> String {
        match self {
            Refusal::TooShort => {
                format!("words under {MIN_FUZZY_LEN} letters must match exactly")
            }
            Refusal::NotLetters => "only words of letters are matched fuzzily".to_owned(),
            Refusal::CommonWord => {
                format!("{found:?} is a common English word, never taken for a misspelling")
            }
            Refusal::DifferentStart => {
                "misspellings must keep the first letter (or swap the first two)".to_owned()
            }
            Refusal::TooFar { letters, allowed } => {
                format!("{letters} letters allow at most {allowed} edit(s)")
            }
        }
    }
}

/// The first two characters of a word.
fn start(word: &str) -> (Option<char>, Option<char>) {
    let mut chars = word.chars();
    (chars.next(), chars.next())
}

/// Whether words starting with `found` and `wanted` (their first two
/// characters) start alike: the same first letter, or the first two swapped.
fn same_start(found: (Option<char>, Option<char>), wanted: (Option<char>, Option<char>)) -> bool {
    found.0.is_some()
        && (found.0 == wanted.0
            || (found.1.is_some() && found.1 == wanted.0 && wanted.1 == found.0))
}

/// Whether `word`, found in an answer, may be a misspelling at all: long
/// enough, of letters, and no common English word.
fn refuse_found(word: &str, letters: usize) -> Option<Refusal> {
    if letters < MIN_FUZZY_LEN {
        Some(Refusal::TooShort)
    } else if !word.chars().all(char::is_alphabetic) {
        Some(Refusal::NotLetters)
    } else if common_words::is_common_or_inflected(word) {
        Some(Refusal::CommonWord)
    } else {
        None
    }
}

/// The admission rule: whether the answer word `found` may be taken for a
/// misspelling of the rubric word `wanted`, and at which distance.
pub fn admit(found: &str, wanted: &str) -> Result<usize, Refusal> {
    let letters = found.chars().count();
    if let Some(refusal) = refuse_found(found, letters) {
        return Err(refusal);
    }
    if !same_start(start(found), start(wanted)) {
        return Err(Refusal::DifferentStart);
    }
    let allowed = allowed(letters, wanted.chars().count());
    let distance = strsim::damerau_levenshtein(found, wanted);
    if distance == 0 || distance > allowed {
        return Err(Refusal::TooFar { letters, allowed });
    }
    Ok(distance)
}

/// Why `found` is not taken for a misspelling of `wanted`, by [`admit`]'s
/// rule (for `mock explain`, which asks about a near word that did not
/// match; when the rule admits it, the edits it allows are named).
pub fn why_not_fuzzy(found: &str, wanted: &str) -> String {
    let letters = found.chars().count();
    let refusal = admit(found, wanted).err().unwrap_or(Refusal::TooFar {
        letters,
        allowed: allowed(letters, wanted.chars().count()),
    });
    refusal.describe(found)
}

/// Whether a one-letter typo of `neighbour` (a common word, which itself
/// never matches fuzzily) could be taken for `word` by [`admit`]'s rule:
/// they start alike and are fewer edits apart than the rule allows them.
pub fn within_a_typo(neighbour: &str, word: &str) -> bool {
    let allowed = allowed(neighbour.chars().count(), word.chars().count());
    allowed > 0
        && same_start(start(neighbour), start(word))
        && neighbour.chars().count().abs_diff(word.chars().count()) < allowed
        && strsim::damerau_levenshtein(neighbour, word) < allowed
}

/// How many times each letter a-z occurs in a word of ASCII lower-case
/// letters (`None` for any other word).
type Letters = Option<[u8; 26]>;

fn letters(word: &str) -> Letters {
    let mut counts = [0u8; 26];
    for b in word.bytes() {
        if !b.is_ascii_lowercase() {
            return None;
        }
        counts[usize::from(b - b'a')] = counts[usize::from(b - b'a')].saturating_add(1);
    }
    Some(counts)
}

/// Whether two words' letters differ too much for them to be `limit` edits
/// apart: each edit (insertion, deletion, substitution, transposition)
/// changes the letters' multiset by at most two, so a distance of `limit`
/// leaves at most `2 × limit` letters over. A cheap test that skips the
/// distance computation (about 4,000 instructions) for most candidates; it
/// never skips one the distance would admit.
fn too_far_apart(a: &Letters, b: &Letters, limit: usize) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let over: usize = a
                .iter()
                .zip(b)
                .map(|(x, y)| usize::from(x.abs_diff(*y)))
                .sum();
            over > 2 * limit
        }
        _ => false,
    }
}

/// A word of the rubric vocabulary, with the id of its stem.
#[derive(Debug, Clone)]
pub struct VocabularyWord {
    /// The normalized word as written in a rubric phrase.
    pub word: String,
    /// Its length in characters.
    pub len: usize,
    /// Its first two characters.
    start: (Option<char>, Option<char>),
    /// Its letters, for the cheap test before the distance.
    letters: Letters,
    /// The interned id of its stem.
    pub stem_id: u32,
}

impl VocabularyWord {
    /// Builds an entry for `word` whose stem has id `stem_id`: only words
    /// of letters, [`MIN_FUZZY_LEN`] or longer, are misspelt fuzzily.
    pub fn new(word: &str, stem_id: u32) -> Option<Self> {
        let len = word.chars().count();
        (len >= MIN_FUZZY_LEN && word.chars().all(char::is_alphabetic)).then(|| VocabularyWord {
            word: word.to_owned(),
            len,
            start: start(word),
            letters: letters(word),
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

/// Finds the closest vocabulary word that [`admit`] takes `word` for; ties
/// go to the earlier vocabulary entry so results are deterministic. The
/// rule's cheap parts run first: the answer word once, then each
/// candidate's start and length, before any distance is computed.
pub fn closest(word: &str, vocabulary: &[VocabularyWord]) -> Option<FuzzyHit> {
    let letters = word.chars().count();
    if refuse_found(word, letters).is_some() {
        return None;
    }
    let found = start(word);
    let counts = self::letters(word);
    let most = max_distance(letters);
    let mut best: Option<FuzzyHit> = None;
    for (index, candidate) in vocabulary.iter().enumerate() {
        // A distance is at least the difference in length.
        if !same_start(found, candidate.start) || candidate.len.abs_diff(letters) > most {
            continue;
        }
        let limit = allowed(letters, candidate.len);
        if too_far_apart(&counts, &candidate.letters, limit) {
            continue;
        }
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
    fn the_letter_test_never_skips_a_word_the_distance_admits() {
        let words = [
            "consumer",
            "cosnumer",
            "consumers",
            "consmer",
            "ocnsumer",
            "idempotent",
            "idempotant",
            "kubernetes",
            "kuberentse",
            "contract",
            "contarct",
            "abcdefgh",
            "hgfedcba",
            "aaaaaaab",
        ];
        for a in words {
            for b in words {
                let limit = allowed(a.chars().count(), b.chars().count());
                if strsim::damerau_levenshtein(a, b) <= limit {
                    assert!(!too_far_apart(&letters(a), &letters(b), limit), "{a} {b}");
                }
            }
        }
        assert!(too_far_apart(&letters("consumer"), &letters("consider"), 1));
        assert!(
            !too_far_apart(&letters("café"), &letters("cafe"), 0),
            "not ASCII"
        );
    }

    #[test]
    fn matching_explain_and_the_lint_read_one_rule() {
        let vocab = vocabulary(&["consumer", "idempotent"]);
        // Matching admits what the rule admits, at its distance.
        for word in [
            "cosnumer",
            "ocnsumer",
            "idempotant",
            "consumre",
            "contact",
            "onsumerc",
        ] {
            let hit = closest(word, &vocab).map(|h| h.distance);
            let rule = vocab.iter().filter_map(|v| admit(word, &v.word).ok()).min();
            assert_eq!(hit, rule, "{word}");
        }
        // Explain names the rule's reason.
        assert_eq!(admit("cnosumer", "consumer"), Ok(1));
        assert_eq!(admit("onsumerc", "consumer"), Err(Refusal::DifferentStart));
        assert!(why_not_fuzzy("onsumerc", "consumer").contains("first letter"));
        assert!(why_not_fuzzy("conzumr", "consumer").contains("7 letters allow at most 1"));
        // The lint: a typo of a common word near a phrase word, by the same
        // start rule (the first two letters swapped count too).
        assert!(within_a_typo("management", "managment"));
        assert!(
            !within_a_typo("contact", "contract"),
            "a typo of contact is two edits away"
        );
        assert!(
            !within_a_typo("mentoring", "monitoring"),
            "two edits apart, two allowed"
        );
        assert!(
            !within_a_typo("state", "states"),
            "short words never match fuzzily"
        );
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
