//! The misconception kind (rubric v2): a wrong claim a confident candidate
//! might state. It is stated by an affirmed phrase (a negated statement
//! does not count), or by a sentence that means one of its exemplars more
//! than anything the contradicted concept rightly says. Stated, it zeroes
//! that concept and caps the score.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{lint_examples, Item, LintContext, Place};
use crate::matching::{CompileProblem, CompiledTarget, Matcher, Mention};
use crate::rubric::{Concept, Misconception};
use crate::scoring::answer::{stated_evidence, Answer, Record};
use crate::scoring::trace::{TargetTrace, Verdict};
use crate::scoring::Evidence;
use crate::semantic::{Centring, ExemplarSets, SetId};

/// A misconception compiled for matching.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Its phrases and patterns.
    pub target: CompiledTarget,
    /// Its exemplars.
    exemplars: SetId,
    /// The exemplars of the concept it contradicts and of that concept's
    /// claims: what a sentence must mean less than the misconception.
    rivals: Vec<SetId>,
}

/// Compiles one misconception; `concepts` are the rubric's concepts, with
/// their exemplar sets (compiled before it).
pub(crate) fn compile(
    matcher: &mut Matcher,
    sets: &mut ExemplarSets,
    (index, wrong): (usize, &Misconception),
    (concepts, drafted): (&[(&Concept, Vec<SetId>)], bool),
    problems: &mut Vec<(CompileProblem, Place)>,
) -> Compiled {
    let mut found = Vec::new();
    let target = matcher.compile_target(
        &wrong.id,
        &wrong.phrases,
        &wrong.patterns,
        wrong.exemplars.is_empty(),
        &mut found,
    );
    let at = Item::new("misconceptions", &wrong.id, 0, index);
    problems.extend(found.into_iter().map(|p| (p, Place::item(at.clone()))));
    // In a drafted rubric the rivals include the contradicted concept's
    // claims as written: a sentence of the model answer that states one ("a
    // transactional outbox writes the event in the same database transaction
    // as the state change") read as the misconception about it (0.61)
    // against the draft's centre. Written rubrics keep their calibration:
    // there the claim texts, full of the right terms, also shielded
    // confidently wrong answers (blind v3 wrong answers 24.9 -> 25.1).
    let rivals = wrong
        .contradicts
        .as_ref()
        .and_then(|id| concepts.iter().find(|(c, _)| &c.id == id))
        .map(|(concept, concept_sets)| {
            let mut rivals = concept_sets.clone();
            let texts: Vec<String> = concept.claims.iter().map(|c| c.text.clone()).collect();
            if drafted && !texts.is_empty() {
                // Not part of the centre: adding them must not move every
                // other similarity.
                rivals.push(sets.add(&texts, Centring::Excluded));
            }
            rivals
        })
        .unwrap_or_default();
    Compiled {
        target,
        exemplars: sets.add(&wrong.exemplars, Centring::Third),
        rivals,
    }
}

/// A misconception the answer states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MisconceptionResult {
    /// Misconception id.
    pub id: String,
    /// The wrong claim, in short.
    pub label: String,
    /// The concept it contradicts, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicts: Option<String>,
    /// Where the answer states it.
    pub evidence: Vec<Evidence>,
    /// Why it is wrong and what is right.
    pub feedback: String,
}

/// Assesses one misconception: its phrases, and its exemplars.
pub(crate) fn assess(answer: &Answer<'_, '_>, compiled: &Compiled) -> TargetTrace {
    let judge = |m: &Mention| {
        if m.negated_by.is_some() {
            Verdict::Negated
        } else {
            Verdict::Counts
        }
    };
    let mut trace = answer.lexical(&compiled.target, judge, Record::Nothing);
    trace.semantic = answer.semantic().and_then(|(index, units)| {
        let calibration = index.calibration();
        let exemplars = index.exemplars(compiled.exemplars);
        let found = index.best(exemplars, units)?;
        // The sentence must mean the wrong claim more than anything the
        // contradicted concept rightly says: embeddings barely tell a
        // statement from its contradiction, so the margin is what speaks.
        // A clause is weighed with the rest of its sentence ("dependencies
        // are not only a coordination problem; we reduce them by changing
        // team boundaries").
        let rival = if compiled.rivals.is_empty() {
            0.0
        } else {
            compiled
                .rivals
                .iter()
                .flat_map(|set| {
                    units.same_sentence(found.unit).filter_map(|unit| {
                        index.similarity_in_unit(index.exemplars(*set), units, unit)
                    })
                })
                .fold(f64::MIN, f64::max)
        };
        let accepted = found.similarity >= calibration.misconception
            && found.similarity - rival >= calibration.misconception_margin;
        let threshold = calibration.misconception;
        Some(answer.semantic_record(units, exemplars, found, threshold, Some(accepted)))
    });
    trace
}

/// The misconception stated against concept `id`, if any.
pub(crate) fn contradicting(
    misconceptions: &[Misconception],
    traces: &[TargetTrace],
    id: &str,
) -> Option<String> {
    misconceptions
        .iter()
        .zip(traces)
        .find(|(m, t)| m.contradicts.as_deref() == Some(id) && t.holds())
        .map(|(m, _)| m.id.clone())
}

/// The result of a stated misconception, `None` when it is not stated.
pub(crate) fn result(wrong: &Misconception, trace: &TargetTrace) -> Option<MisconceptionResult> {
    trace.holds().then(|| MisconceptionResult {
        id: wrong.id.clone(),
        label: wrong.label.clone(),
        contradicts: wrong.contradicts.clone(),
        evidence: stated_evidence(trace),
        feedback: wrong.feedback.clone(),
    })
}

/// The wrong claim of an answer that names `concept` only to deny it
/// ("eventual consistency is a bug", "CAP does not apply"): why it is wrong
/// is the feedback of a misconception about the concept, if the rubric has
/// one, else the concept's hint.
pub(crate) fn denial(
    concept: &Concept,
    misconceptions: &[Misconception],
    evidence: &Evidence,
) -> MisconceptionResult {
    let why = misconceptions
        .iter()
        .find(|m| m.contradicts.as_deref() == Some(&concept.id) && !m.feedback.trim().is_empty())
        .map_or(&concept.hint, |m| &m.feedback);
    MisconceptionResult {
        id: format!("denies-{}", concept.id),
        label: format!("Denies: {}", concept.label),
        contradicts: Some(concept.id.clone()),
        evidence: vec![evidence.clone()],
        feedback: why.clone(),
    }
}

/// The explanation of one misconception: stated or not, and what was found.
pub(crate) fn explain(wrong: &Misconception, traced: &TargetTrace) -> String {
    format!(
        "wrong claim {} ({}): {}\n{}",
        wrong.id,
        wrong.label,
        if traced.holds() {
            "STATED"
        } else {
            "not stated"
        },
        traced.describe("  ")
    )
}

/// The checks of every misconception: a unique id, a known contradicted
/// concept, a cap in range; as warnings, feedback and self-tests.
pub(crate) fn lint(
    misconceptions: &[Misconception],
    concepts: &[Concept],
    context: &mut LintContext,
) {
    let mut ids = HashSet::new();
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for (index, wrong) in misconceptions.iter().enumerate() {
        let n = occurrences.entry(wrong.id.as_str()).or_default();
        let at = Item::new("misconceptions", &wrong.id, *n, index);
        *n += 1;
        let id = &wrong.id;
        if !ids.insert(id.as_str()) {
            let message = format!("duplicate misconception id {id:?}");
            context.error(Place::item(at.clone()), message);
        }
        if let Some(concept) = &wrong.contradicts {
            if !concepts.iter().any(|c| &c.id == concept) {
                let message =
                    format!("misconception {id:?} contradicts unknown concept {concept:?}");
                context.error(Place::key_in(at.clone(), "contradicts"), message);
            }
        }
        if let Some(cap) = wrong.cap {
            if !(cap.is_finite() && (0.0..=100.0).contains(&cap)) {
                let message = format!("misconception {id:?}: cap must be between 0 and 100");
                context.error(Place::key_in(at.clone(), "cap"), message);
            }
        }
        if wrong.phrases.is_empty() && wrong.patterns.is_empty() {
            // Only the semantic stage, with exemplars, could find it; with
            // none, nothing can.
            if wrong.exemplars.is_empty() {
                let message = format!("misconception {id:?} has no phrases, patterns or exemplars: no answer can ever state it");
                context.error(Place::item(at.clone()), message);
            } else {
                let message = format!("misconception {id:?} has no phrases or patterns: only the semantic stage can find it (never with --lexical-only); add the phrases that state it");
                context.warning(Place::item(at.clone()), message);
            }
        }
        if wrong.feedback.trim().is_empty() {
            let message = format!(
                "misconception {id:?} has no feedback: say why it is wrong and what is right"
            );
            context.warning(Place::item(at.clone()), message);
        }
        let (examples, counterexamples) = (&wrong.examples, &wrong.counterexamples);
        lint_examples(context, &at, "misconception", id, examples, counterexamples);
    }
}
