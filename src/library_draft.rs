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
use mock_engine::matching::MatchKind;
use mock_engine::scoring::trace::{MentionTrace, Verdict};
use mock_engine::scoring::ConceptTrace;
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
    /// Whether a sentence names it in its own phrases.
    pub named: bool,
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
    /// Whether concepts are also recognised in meaning (an encoder given).
    by_meaning: bool,
}

impl LibraryDrafter {
    /// Compiles every concept of `library`; `encoder` turns on recognition
    /// in other words (`None`: by names only).
    pub fn new(library: &Library, encoder: Option<Arc<dyn Encoder>>) -> Self {
        let ids: Vec<String> = library.entries().iter().map(|e| e.full_id()).collect();
        let by_meaning = encoder.is_some();
        let file = RubricFile {
            question: "library".into(),
            concepts: ids
                .iter()
                .map(|id| ConceptEntry {
                    uses: Some(id.clone()),
                    id: Some(id.clone()),
                    // Heavy enough that a lone common word never names it.
                    weight: 2.0,
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
            by_meaning,
        }
    }

    /// The library concepts `model_answer` speaks of, most important first.
    ///
    /// Each sentence of the model answer is scored on its own against every
    /// library concept. A sentence *names* a concept when one of the
    /// concept's own phrases counts in it, in so many words (no misspelling,
    /// no lone common word); it *describes* a concept when it comes within
    /// [`RECOGNITION_SIMILARITY`] of one of its exemplars or claims; it
    /// *explains* it when it makes a claim in the claim's words; the
    /// question naming it counts as two such sentences. A concept is one of
    /// the answer's points with two pieces of evidence, a name or a claim
    /// among them: a single mention in passing or a single loose paraphrase
    /// is not enough, since every leadership sentence is a little like many
    /// concepts.
    pub fn recognise(&self, question: &str, model_answer: &str) -> Vec<Recognised> {
        let Some(compiled) = &self.compiled else {
            return Vec::new();
        };
        let text = rubric_draft::plain(model_answer);
        let mut tally = vec![Tally::default(); self.ids.len()];
        let sentences = sentences_of(&text);
        for sentence in &sentences {
            let (_, trace) = mock_engine::scoring::score_traced(compiled, sentence);
            let example = is_example(sentence);
            for (tally, concept) in tally.iter_mut().zip(&trace.concepts) {
                tally.add(concept, example);
            }
        }
        // A short model answer holds only its points: one name is enough.
        let short = analyze(&text).len() < SHORT_MODEL_ANSWER_WORDS;
        // What the question names is what the answer is about.
        if !question.trim().is_empty() {
            let (_, trace) = mock_engine::scoring::score_traced(compiled, question);
            for (tally, concept) in tally.iter_mut().zip(&trace.concepts) {
                tally.in_question = concept.target.mentions.iter().any(names);
            }
        }
        let mut found: Vec<Recognised> = self
            .ids
            .iter()
            .zip(&tally)
            .filter(|(_, t)| {
                t.in_field(self.by_meaning) && (t.recognised() || (short && t.named > 0))
            })
            .map(|(id, t)| Recognised {
                full_id: id.clone(),
                named: t.named > 0,
                sentences: t.sentences,
                weight: t.weight(),
            })
            .collect();
        // Heaviest first, then the more sentences, then library order.
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
        let recognised = self.recognise(question_text, &joined);
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
        let mut taken: HashSet<String> = recognised
            .iter()
            .filter_map(|r| self.library.lookup(&r.full_id).ok())
            .map(|e| e.concept.id.clone())
            .collect();
        // A key phrase of the model answer that is a library concept's name
        // ("ThoughtWorks Technology Radar") is that concept, with the
        // weight its salience earned, not a draft of it.
        let mut promoted = 0;
        let mut leftovers = Vec::new();
        for candidate in drafted.concepts {
            let known = self.named_by(&candidate.label).filter(|full_id| {
                let id = full_id.rsplit('/').next().unwrap_or(full_id);
                !taken.contains(id) && !only_in_examples(&candidate.phrases, &joined)
            });
            match known {
                Some(full_id) if recognised.len() + promoted < MAX_LIBRARY_CONCEPTS => {
                    taken.insert(full_id.rsplit('/').next().unwrap_or(&full_id).to_owned());
                    concepts.push(ConceptEntry {
                        uses: Some(full_id),
                        weight: candidate.weight.clamp(1.0, 3.0),
                        ..ConceptEntry::default()
                    });
                    promoted += 1;
                }
                _ => leftovers.push(candidate),
            }
        }
        let recognised_any = !recognised.is_empty() || promoted > 0;
        concepts.extend(
            leftovers
                .into_iter()
                // A drafted key phrase the library names already is no
                // second concept; with no library concept, keep the draft.
                .filter(|c| recognised.is_empty() || !names_covered(&c.phrases, &covered))
                .filter(|c| !taken.contains(&c.id))
                .filter(|c| !only_in_examples(&c.phrases, &joined))
                .take(beside.saturating_sub(promoted))
                .map(|c| {
                    let mut entry = ConceptEntry::from(c);
                    if recognised_any {
                        beside_the_library(&mut entry);
                    }
                    entry
                }),
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
            model_answers: if !recognised_any {
                drafted.model_answers
            } else {
                Vec::new()
            },
        }
    }

    /// The full id of the one library concept that `label` names in its
    /// own phrases, if exactly one does.
    fn named_by(&self, label: &str) -> Option<String> {
        let compiled = self.compiled.as_ref()?;
        let (_, trace) = mock_engine::scoring::score_traced(compiled, label);
        let mut named = self
            .ids
            .iter()
            .zip(&trace.concepts)
            .filter(|(_, c)| c.target.mentions.iter().any(names))
            .map(|(id, _)| id.clone());
        let first = named.next()?;
        named.next().is_none().then_some(first)
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

/// A concept drafted beside library concepts is scored by the written
/// rules with them: naming it earns the named credit, and its claims (the
/// model answer's sentences) are made by meaning only. Without that, naming
/// a drafted key phrase would count as explaining it, and an answer that
/// only lists the model answer's terms would outscore one that explains
/// them in plain words. What the library knows weighs more than what was
/// drafted from one model answer: weight 1.
fn beside_the_library(entry: &mut ConceptEntry) {
    entry.weight = 1.0;
    for claim in &mut entry.claims {
        claim.phrases.clear();
    }
}

/// Words under which a model answer is short: it holds only its points, so
/// a library concept it names once is one of them (the drafting heuristic
/// treats answers under 40 words alike, `docs/rubric-draft.md`).
pub const SHORT_MODEL_ANSWER_WORDS: usize = 60;

/// Whether a model-answer sentence tells an example ("For example, ...",
/// "e.g.", "for instance", "such as"): its names are the story's.
pub fn is_example(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ["for example", "for instance", "e.g.", "e. g.", "such as"]
        .iter()
        .any(|marker| lower.contains(marker))
}

/// Centred similarity to a library concept that some sentence of a model
/// answer must reach for the concept to be recognised at all, whatever
/// names it. At 0.20 the SemEval Beetle drafts that recognise "burnout" fall
/// from 42 to 5 (unseen questions 0.683 -> 0.713) and the leadership
/// documents' imports keep their validity; at 0.25 the tuning document's
/// Spearman fell from 0.499 to 0.417 (ADR 0019).
pub const FIELD_SIMILARITY: f64 = 0.20;

/// Centred similarity from which a model-answer sentence describes a
/// library concept (its exemplars or claims' exemplars), against every
/// concept of the library at once.
pub const RECOGNITION_SIMILARITY: f64 = 0.50;

/// What the sentences of a model answer do with one library concept.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// Sentences that name it in its own phrases.
    named: usize,
    /// Sentences that come within [`RECOGNITION_SIMILARITY`] of it.
    described: usize,
    /// Sentences that make one of its claims in the claim's words.
    explained: usize,
    /// Sentences that do any of the three.
    sentences: usize,
    /// The best similarity of any sentence (0 when none was compared).
    best: f64,
    /// The question itself names it.
    in_question: bool,
}

impl Tally {
    /// Adds one sentence's trace; an `example` sentence ("For example, can
    /// Linkerd solve our mTLS needs?") names nothing: its names belong to
    /// the story, not to what the answer is about.
    fn add(&mut self, concept: &ConceptTrace, example: bool) {
        let named = !example && concept.target.mentions.iter().any(names);
        let explained = concept
            .claims
            .iter()
            .any(|claim| claim.mentions.iter().any(names));
        let best = std::iter::once(&concept.target)
            .chain(&concept.claims)
            .filter_map(|t| t.semantic.as_ref())
            .map(|s| s.similarity)
            .fold(f64::MIN, f64::max);
        let described = best >= RECOGNITION_SIMILARITY;
        self.best = self.best.max(best);
        self.named += usize::from(named);
        self.explained += usize::from(explained);
        self.described += usize::from(described);
        self.sentences += usize::from(named || explained || described);
    }

    /// How much of the model answer speaks of the concept: every sentence
    /// that names, explains or describes it, once for each; the question
    /// naming it counts twice.
    fn evidence(&self) -> usize {
        self.named + self.explained + self.described + 2 * usize::from(self.in_question)
    }

    /// One of the answer's points: at least two pieces of evidence, with
    /// a name or a claim among them. A concept named once in passing, or
    /// only loosely like one sentence, is not.
    fn recognised(&self) -> bool {
        self.evidence() >= 2 && (self.named > 0 || self.explained > 0 || self.in_question)
    }

    /// Whether some sentence is also somewhat like the concept in meaning:
    /// names alone can belong to another field ("bulb A burned out" named
    /// "protect the team from burnout" in 42 of SemEval Beetle's drafts, in
    /// the question and in short model answers).
    /// Without an encoder (`by_meaning` false: recognition by names only)
    /// there is no meaning to check. A sentence too short to compare shows
    /// no field, and neither does a claim made in its words ("burned out +
    /// leave" is said of bulbs too).
    fn in_field(&self, by_meaning: bool) -> bool {
        !by_meaning || self.best >= FIELD_SIMILARITY
    }

    /// 2-3 pieces of evidence weigh 1, 4-5 weigh 2, more weigh 3.
    fn weight(&self) -> f64 {
        match self.evidence() {
            0..=3 => 1.0,
            4 | 5 => 2.0,
            _ => 3.0,
        }
    }
}

/// Whether a mention names the concept for recognition: it counts, in the
/// phrase's own words or stems (a misspelling or a paraphrase is no name),
/// and is more than one common English word ("metrics", "review"), or a
/// pattern's match with a letter in it ("20%" is no name).
fn names(mention: &MentionTrace) -> bool {
    let text = &mention.evidence.text;
    mention.verdict == Verdict::Counts
        && match mention.kind {
            MatchKind::Exact | MatchKind::Stem => {
                let words = analyze(text);
                words.len() > 1 || words.iter().any(|t| !t.common) || is_acronym(text)
            }
            MatchKind::Pattern => text.chars().any(char::is_alphabetic),
            MatchKind::Fuzzy | MatchKind::Paraphrase | MatchKind::Semantic => false,
        }
}

/// The sentences of a text, as the analyser cuts them.
/// Whether `text` is written as an acronym ("ACID", "CAP", "SLO"): a
/// name, although "acid" and "cap" are common words.
fn is_acronym(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (2..=mock_engine::scoring::kinds::concept::MAX_ACRONYM_LETTERS).contains(&letters)
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Whether every sentence of `text` that holds one of `phrases` (as
/// written, in any case) tells an example: a name from the story ("Booking
/// Service", "Linkerd") is no point of the answer. False when no sentence
/// holds one (the phrase may be a stem or a pattern).
fn only_in_examples(phrases: &[String], text: &str) -> bool {
    let text = rubric_draft::plain(text);
    let holding: Vec<&str> = sentences_of(&text)
        .into_iter()
        .filter(|sentence| {
            let lower = sentence.to_lowercase();
            phrases.iter().any(|p| lower.contains(&p.to_lowercase()))
        })
        .collect();
    !holding.is_empty() && holding.iter().all(|s| is_example(s))
}

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
            "",
            "We use a transactional outbox. The event is written in the same transaction as the order. The outbox relay publishes it.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].full_id, "mock/outbox");
        assert!(found[0].named);
        // Named once and explained once: two pieces of evidence weigh 1.
        assert_eq!(found[0].weight, 1.0);
        // The question naming it makes it what the answer is about.
        let asked = drafter.recognise(
            "How does a transactional outbox work?",
            "We use a transactional outbox. The event is written in the same transaction as the order.",
        );
        assert_eq!(asked[0].full_id, "mock/outbox");
        assert_eq!(asked[0].weight, 2.0);
    }

    #[test]
    fn a_concept_named_once_in_passing_is_not_recognised() {
        let drafter = LibraryDrafter::new(&library(), None);
        let long = "Reconciliation jobs compare ledger totals every night, next to our transactional outbox. \
            Finance owns the ledger and signs off every change to how totals are computed. \
            When two totals disagree, a person investigates the difference before the next close. \
            We keep a week of snapshots so that any difference can be traced to the day it appeared. \
            Every quarter the auditors sample a few days and repeat the comparison by hand.";
        assert!(long.split_whitespace().count() >= SHORT_MODEL_ANSWER_WORDS);
        let found = drafter.recognise("How do you keep totals right?", long);
        assert!(found.is_empty(), "{found:?}");
        // In a short model answer, every name is one of its points.
        let short = drafter.recognise(
            "How do you publish events?",
            "We use a transactional outbox.",
        );
        assert_eq!(short.len(), 1, "{short:?}");
    }

    #[test]
    fn a_name_needs_a_sentence_of_the_concepts_field() {
        // Named in the question and in a short model answer, but nothing
        // said is like the concept in meaning: another field's word.
        let elsewhere = Tally {
            named: 1,
            in_question: true,
            best: 0.12,
            ..Tally::default()
        };
        assert!(elsewhere.recognised() && !elsewhere.in_field(true));
        // Without an encoder there is no meaning to check.
        assert!(elsewhere.in_field(false));
        // A team that burned out is the concept's own field.
        let bank = crate::Bank::builtin().unwrap();
        let drafter = LibraryDrafter::new(bank.library(), Some(crate::encoder::builtin_encoder()));
        let team: Vec<String> = drafter
            .recognise(
                "How do you recover a late programme?",
                "The team was burned out. People now go home on time, and we plan at a pace we could keep for a year.",
            )
            .into_iter()
            .map(|r| r.full_id)
            .collect();
        assert!(
            team.contains(&"mock/sustainable-pace".to_string()),
            "{team:?}"
        );
    }

    #[test]
    fn names_in_an_example_are_the_story_not_the_point() {
        assert!(is_example("For example, can Linkerd solve our mTLS needs?"));
        assert!(is_example("Tools such as Kafka help."));
        assert!(!is_example("We publish through an outbox."));
        assert!(is_acronym("ACID") && is_acronym("SLO") && !is_acronym("Acid") && !is_acronym("A"));
    }

    #[test]
    fn a_draft_uses_the_library_and_drafts_only_the_rest() {
        let drafter = LibraryDrafter::new(&library(), None);
        let file = drafter.draft(
            "q",
            "How do you publish events?",
            &["We use a transactional outbox: the event is written in the same transaction as the order. Reconciliation jobs compare ledger totals every night."],
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
