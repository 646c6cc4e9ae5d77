//! Gist: a last resort for answers that explain a concept in their own words.
//!
//! A concept's label and hint describe it in plain words. Their content
//! stems (without function words, the hint's own verbs such as "say" or
//! "mention", and words of the question itself, which every answer repeats)
//! form the concept's gist. A sentence of the answer that shares at least
//! [`MIN_OVERLAP`] distinct gist stems is taken as a paraphrase of the
//! concept, and earns partial credit; phrases always take precedence.

use std::collections::HashSet;

use crate::analysis::{analyze, Token};
use crate::matching::negation;

/// Distinct gist stems a sentence must share to count as a paraphrase.
pub const MIN_OVERLAP: usize = 3;

/// A stem in the gists of more concepts than this (across the bank) is too
/// common to tell concepts apart, and is dropped.
pub const MAX_CONCEPTS_PER_STEM: usize = 3;

/// Words of hints that describe the advice, not the concept.
const HINT_WORDS: &[&str] = &[
    "say",
    "mention",
    "explain",
    "describe",
    "name",
    "show",
    "add",
    "answer",
    "make",
    "clear",
    "plainly",
    "state",
    "cover",
    "note",
    "point",
    "tell",
    "talk",
    "give",
    "example",
    "candidate",
    "interviewer",
    "question",
    "matter",
    "matters",
    "why",
    "it",
    "one",
    "two",
];

/// The gist of one concept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gist {
    stems: HashSet<String>,
}

impl Gist {
    /// Builds the gist of a concept from its label and hint, leaving out the
    /// words of `question`.
    pub fn new(label: &str, hint: &str, question: &str) -> Gist {
        let question: HashSet<String> = analyze(question)
            .into_iter()
            .map(|t| t.stem.into_string())
            .collect();
        let stems = analyze(&format!("{label} {hint}"))
            .into_iter()
            .filter(|t| {
                t.stem.chars().count() >= 3
                    && !t.function
                    && !HINT_WORDS.contains(&t.text.as_str())
                    && !question.contains(t.stem.as_str())
            })
            .map(|t| t.stem.into_string())
            .collect();
        Gist { stems }
    }

    /// Removes stems shared by many concepts of the bank: words such as
    /// "service", "system" or "team" describe half the rubrics and say
    /// nothing about which concept a sentence paraphrases.
    pub fn prune(gists: &mut [Gist], max_concepts: usize) {
        let mut frequency: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for gist in gists.iter() {
            for stem in &gist.stems {
                *frequency.entry(stem.clone()).or_default() += 1;
            }
        }
        for gist in gists.iter_mut() {
            gist.stems.retain(|s| frequency[s] <= max_concepts);
        }
    }

    /// The first sentence of `tokens` that paraphrases the gist, as its first
    /// and last matching token; sentences with a negation in them do not count.
    pub fn find(&self, tokens: &[Token]) -> Option<(usize, usize)> {
        self.find_indexed(tokens, &StemIndex::new(tokens))
    }

    /// [`Self::find`] with a prebuilt index of the answer's stems, so that a
    /// rubric of many concepts looks up only each gist's few stems.
    pub fn find_indexed(&self, tokens: &[Token], index: &StemIndex<'_>) -> Option<(usize, usize)> {
        if self.stems.len() < MIN_OVERLAP {
            return None;
        }
        // Sentences holding gist stems, with the positions found.
        let mut by_sentence: rustc_hash::FxHashMap<u32, Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for stem in &self.stems {
            for &position in index.positions(stem) {
                by_sentence
                    .entry(tokens[position].sentence)
                    .or_default()
                    .push(position);
            }
        }
        let mut candidates: Vec<(u32, Vec<usize>)> = by_sentence
            .into_iter()
            .filter(|(_, found)| found.len() >= MIN_OVERLAP)
            .collect();
        candidates.sort_by_key(|(sentence, _)| *sentence);
        for (_, mut matching) in candidates {
            matching.sort_unstable();
            let distinct: HashSet<&str> =
                matching.iter().map(|&i| tokens[i].stem.as_str()).collect();
            // Conservative: a sentence with any negation in it is no paraphrase.
            let (start, end) = sentence_span(tokens, matching[0]);
            let negated = (start..end).any(|i| negation::is_cue(tokens, i));
            if distinct.len() >= MIN_OVERLAP && !negated {
                return Some((matching[0], *matching.last().expect("non-empty")));
            }
        }
        None
    }
}

/// The token range of the sentence holding token `at`.
fn sentence_span(tokens: &[Token], at: usize) -> (usize, usize) {
    let sentence = tokens[at].sentence;
    let start = tokens[..at]
        .iter()
        .rposition(|t| t.sentence != sentence)
        .map_or(0, |i| i + 1);
    let end = tokens[at..]
        .iter()
        .position(|t| t.sentence != sentence)
        .map_or(tokens.len(), |n| at + n);
    (start, end)
}

/// Token positions per stem of one answer.
pub struct StemIndex<'a>(super::positions::Positions<&'a str>);

impl<'a> StemIndex<'a> {
    /// Indexes the stems of `tokens`.
    pub fn new(tokens: &'a [Token]) -> Self {
        StemIndex(super::positions::Positions::new(
            tokens.iter().map(|t| Some(t.stem.as_str())),
        ))
    }

    /// Where `stem` occurs, in text order.
    pub fn positions(&self, stem: &str) -> &[usize] {
        self.0.get(stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_in_other_words_matches_the_gist() {
        let gist = Gist::new(
            "Microservices carry a high operational cost",
            "Say what microservices cost to run - many pipelines, network calls, distributed failure modes.",
            "When is a microservices architecture the wrong choice?",
        );
        let tokens = analyze("Many small services cost a lot to run, with more pipelines and calls over the network.");
        assert!(gist.find(&tokens).is_some());
        assert!(gist.find(&analyze("We like small teams.")).is_none());
        assert!(gist
            .find(&analyze(
                "It does not cost much to run pipelines over the network."
            ))
            .is_none());
    }
}
