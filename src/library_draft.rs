//! Drafting with the concept library: a model answer's points that the
//! library knows become references to library concepts, which bring their
//! claims, plain-words exemplars, misconceptions and red flags; only what
//! the library does not know is drafted from the model answer's sentences
//! ([`crate::rubric_draft`]).
//!
//! ```text
//! model answer ──score against every library concept──▶ recognised concepts
//!              │   (the engine itself: names, claims, plain words)    │ weight: how many of
//!              │                                                     │ its sentences are about each
//!              └──rubric_draft::draft──▶ key phrases the library does not cover
//! ```
//!
//! Recognition is the engine scoring the model answer, as if it were a
//! candidate's answer, against one rubric that holds every library concept:
//! a concept the model answer names, or explains in other words, is one of
//! its points. Weights come from what the model answer is about: how many of
//! its sentences speak of the concept, never from names in its example story
//! or from code spans (those are no library phrases).

use std::collections::HashSet;
use std::sync::Arc;

use mock_engine::analysis::analyze;
use mock_engine::library::{ConceptEntry, Library, RubricFile};
use mock_engine::scoring::credit::Status;
use mock_engine::semantic::Encoder;
use mock_engine::CompiledQuestion;

use crate::bank::{Question, Rubric};
use crate::rubric_draft;

/// Library concepts referenced by one drafted rubric at most.
pub const MAX_LIBRARY_CONCEPTS: usize = 8;
/// Concepts drafted from key phrases beside the library's, at most.
pub const MAX_DRAFTED_BESIDE_LIBRARY: usize = 4;

/// A library concept the model answer speaks of.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// Its full id (`mock/transactional-outbox`).
    pub full_id: String,
    /// How the whole model answer earned it (named, explained, own words ...).
    pub status: Status,
    /// Sentences of the model answer that earn it on their own.
    pub sentences: usize,
    /// Its weight in the drafted rubric, 1-3.
    pub weight: f64,
}

/// Every library concept compiled as one rubric, once per import.
pub struct LibraryDrafter {
    library: Library,
    /// Full ids, in the compiled rubric's concept order.
    ids: Vec<String>,
    compiled: Option<CompiledQuestion>,
}

impl LibraryDrafter {
    /// Compiles every concept of `library`; `encoder` turns on recognition
    /// in other words (`None`: by names only).
    pub fn new(library: &Library, encoder: Option<Arc<dyn Encoder>>) -> Self {
        let ids: Vec<String> = library.entries().iter().map(|e| e.full_id()).collect();
        let file = RubricFile {
            question: "library".into(),
            concepts: ids
                .iter()
                .map(|id| ConceptEntry {
                    uses: Some(id.clone()),
                    id: Some(id.clone()),
                    weight: 1.0,
                    ..ConceptEntry::default()
                })
                .collect(),
            red_flags: Vec::new(),
            sequences: Vec::new(),
            misconceptions: Vec::new(),
            drafted: false,
            model_answers: Vec::new(),
        };
        let compiled = library.resolve(&file).ok().and_then(|rubric: Rubric| {
            let question = Question {
                id: "library".into(),
                theme: "library".into(),
                title: "library".into(),
                question: String::new(),
                probes: String::new(),
                time_box_minutes: 1,
                follow_ups: Vec::new(),
                key_points: Vec::new(),
            };
            let mut compiled = CompiledQuestion::compile(question, rubric).ok()?;
            compiled.set_encoder(encoder);
            Some(compiled)
        });
        LibraryDrafter {
            library: library.clone(),
            ids,
            compiled: compiled.filter(|_| !library.is_empty()),
        }
    }

    /// The library concepts `model_answer` speaks of, most important first:
    /// those it earns as a whole (named or explained), weighted by how many
    /// of its sentences earn them on their own.
    pub fn recognise(&self, model_answer: &str) -> Vec<Recognised> {
        let Some(compiled) = &self.compiled else {
            return Vec::new();
        };
        let text = rubric_draft::plain(model_answer);
        let whole = mock_engine::score(compiled, &text);
        let mut sentences = vec![0usize; self.ids.len()];
        for sentence in sentences_of(&text) {
            let assessment = mock_engine::score(compiled, sentence);
            for (count, concept) in sentences.iter_mut().zip(&assessment.concepts) {
                *count += usize::from(concept.credit > 0.0);
            }
        }
        let mut found: Vec<Recognised> = whole
            .concepts
            .iter()
            .zip(&self.ids)
            .zip(sentences)
            .filter(|((concept, _), n)| recognised(concept.status, *n))
            .map(|((concept, id), n)| Recognised {
                full_id: id.clone(),
                status: concept.status,
                sentences: n,
                weight: weight_of(concept.status, n),
            })
            .collect();
        // Most sentences first, then the better earned, then library order.
        found.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(b.sentences.cmp(&a.sentences))
        });
        found.truncate(MAX_LIBRARY_CONCEPTS);
        found
    }

    /// A rubric for question `id` from `model_answers`: the library concepts
    /// they speak of, by reference, and up to [`MAX_DRAFTED_BESIDE_LIBRARY`]
    /// key phrases the library does not cover, drafted in place (at most
    /// `max_concepts` in all).
    pub fn draft(
        &self,
        id: &str,
        question_text: &str,
        model_answers: &[&str],
        max_concepts: usize,
    ) -> RubricFile {
        let joined = model_answers.join("\n\n");
        let recognised = self.recognise(&joined);
        let beside = if recognised.is_empty() {
            max_concepts
        } else {
            MAX_DRAFTED_BESIDE_LIBRARY.min(max_concepts.saturating_sub(recognised.len()))
        };
        let drafted = rubric_draft::draft(id, question_text, model_answers, beside.max(1));
        let covered = self.covered_stems(&recognised);
        let mut concepts: Vec<ConceptEntry> = recognised
            .iter()
            .map(|r| ConceptEntry {
                uses: Some(r.full_id.clone()),
                weight: r.weight,
                ..ConceptEntry::default()
            })
            .collect();
        let taken: HashSet<String> = recognised
            .iter()
            .filter_map(|r| self.library.lookup(&r.full_id).ok())
            .map(|e| e.concept.id.clone())
            .collect();
        concepts.extend(
            drafted
                .concepts
                .into_iter()
                // A drafted key phrase the library names already is no
                // second concept; with no library concept, keep the draft.
                .filter(|c| recognised.is_empty() || !names_covered(&c.phrases, &covered))
                .filter(|c| !taken.contains(&c.id))
                .take(beside)
                .map(ConceptEntry::from),
        );
        RubricFile {
            question: id.to_owned(),
            concepts,
            red_flags: Vec::new(),
            sequences: Vec::new(),
            misconceptions: Vec::new(),
            drafted: true,
            // Closeness to the model answer scores only a rubric drafted
            // without the library (see `Rubric::scored_as_drafted`).
            model_answers: if recognised.is_empty() {
                drafted.model_answers
            } else {
                Vec::new()
            },
        }
    }

    /// The stems of every phrase of the recognised concepts.
    fn covered_stems(&self, recognised: &[Recognised]) -> Vec<Vec<String>> {
        recognised
            .iter()
            .filter_map(|r| self.library.lookup(&r.full_id).ok())
            .flat_map(|e| e.concept.phrases.iter())
            .map(|p| stems(p))
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Whether a concept the whole model answer earns is one of its points: a
/// name or an explanation, not a passing near paraphrase.
fn recognised(status: Status, sentences: usize) -> bool {
    match status {
        Status::Explained | Status::OwnWords | Status::Covered => true,
        Status::Named => sentences >= 1,
        // A claim made without the name, once, is too thin: "one ACID
        // transaction" is no transactional outbox.
        Status::Partial => sentences >= 2,
        Status::Contradicted | Status::Missed => false,
    }
}

/// A weight from how much of the model answer is about the concept: one
/// sentence 1, two 2, three or more 3; an explained concept at least 2.
fn weight_of(status: Status, sentences: usize) -> f64 {
    let by_sentences = match sentences {
        0 | 1 => 1.0,
        2 => 2.0,
        _ => 3.0,
    };
    match status {
        Status::Explained | Status::OwnWords => f64::max(by_sentences, 2.0),
        _ => by_sentences,
    }
}

/// The sentences of a text, as the analyser cuts them.
fn sentences_of(text: &str) -> Vec<&str> {
    let tokens = analyze(text);
    let mut out = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        let sentence = tokens[start].sentence;
        let end = tokens[start..]
            .iter()
            .position(|t| t.sentence != sentence)
            .map_or(tokens.len(), |n| start + n);
        out.push(&text[tokens[start].start..tokens[end - 1].end]);
        start = end;
    }
    out
}

fn stems(text: &str) -> Vec<String> {
    analyze(text)
        .into_iter()
        .map(|t| t.stem.into_string())
        .collect()
}

/// Whether any of `phrases` is, or holds, a phrase of the covered concepts.
fn names_covered(phrases: &[String], covered: &[Vec<String>]) -> bool {
    phrases.iter().any(|p| {
        let own = stems(p);
        covered.iter().any(|c| {
            !own.is_empty()
                && (own.windows(c.len()).any(|w| w == c.as_slice())
                    || c.windows(own.len()).any(|w| w == own.as_slice()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mock_engine::library::LibraryFile;

    fn library() -> Library {
        let file: LibraryFile = serde_json::from_value(serde_json::json!({
        "library": "mock",
        "concepts": [
            {"id": "outbox", "label": "Transactional outbox",
             "phrases": ["transactional outbox"], "hint": "h",
             "claims": [{"id": "same", "text": "One local transaction",
                         "phrases": ["event + same transaction"]}]},
            {"id": "sagas", "label": "Sagas", "phrases": ["saga"], "hint": "h"}
        ]}))
        .unwrap();
        let mut library = Library::new();
        library.add(file, "data", 0, true);
        library
    }

    #[test]
    fn named_library_concepts_are_referenced_and_weighted_by_their_sentences() {
        let drafter = LibraryDrafter::new(&library(), None);
        let found = drafter.recognise(
            "We use a transactional outbox. The event is written in the same transaction as the order. The outbox relay publishes it.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].full_id, "mock/outbox");
        assert_eq!(found[0].status, Status::Explained);
        assert!(found[0].weight >= 2.0);
    }

    #[test]
    fn a_draft_uses_the_library_and_drafts_only_the_rest() {
        let drafter = LibraryDrafter::new(&library(), None);
        let file = drafter.draft(
            "q",
            "How do you publish events?",
            &["We use a transactional outbox, and reconciliation jobs compare ledger totals every night."],
            10,
        );
        assert_eq!(file.concepts[0].uses.as_deref(), Some("mock/outbox"));
        assert!(file.drafted);
        assert!(file.concepts[1..]
            .iter()
            .all(|c| c.uses.is_none() && c.label.as_deref() != Some("transactional outbox")));
        assert!(!file.concepts[1..].is_empty(), "{file:?}");
        // What it drafts resolves against the same library.
        assert!(library().resolve(&file).is_ok());
    }

    #[test]
    fn without_a_library_it_drafts_as_before() {
        let drafter = LibraryDrafter::new(&Library::new(), None);
        let file = drafter.draft("q", "Q?", &["Reconciliation jobs compare totals."], 10);
        assert!(file.concepts.iter().all(|c| c.uses.is_none()));
        assert!(!file.concepts.is_empty());
    }
}
