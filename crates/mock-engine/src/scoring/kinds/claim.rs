//! The claim kind (rubric v2): a proposition that explaining a concept
//! means, made by its phrases within one sentence or by a sentence close in
//! meaning to one of its exemplars. Where the answer names the concept,
//! claims are compared in meaning without the name's words: a sentence that
//! only names the concept must not explain it through the name.

use std::collections::HashSet;

use serde::Serialize;

use super::{Item, LintContext, Place};
use crate::matching::{CompileProblem, CompiledTarget, MatchKind, Matcher, Mention};
use crate::rubric::{Claim, Concept, Polarity};
use crate::scoring::answer::{counted_evidence, counted_how, Answer, Record};
use crate::scoring::trace::{TargetTrace, Verdict};
use crate::scoring::Evidence;
use crate::semantic::{AnswerUnits, Centring, ExemplarSets, SetId, Unit};

/// A claim compiled for matching.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Its phrases and patterns.
    pub target: CompiledTarget,
    /// Its exemplars.
    exemplars: SetId,
}

impl Compiled {
    /// Its exemplar set.
    pub(crate) fn exemplars(&self) -> SetId {
        self.exemplars
    }
}

/// Compiles one claim of concept `concept` (problems name it
/// `<concept> claim <claim>`).
pub(crate) fn compile(
    matcher: &mut Matcher,
    sets: &mut ExemplarSets,
    concept: &str,
    claim: &Claim,
    problems: &mut Vec<CompileProblem>,
) -> Compiled {
    let target = matcher.compile_target(
        &format!("{concept} claim {}", claim.id),
        &claim.phrases,
        &claim.patterns,
        claim.exemplars.is_empty(),
        problems,
    );
    Compiled {
        target,
        exemplars: sets.add(&claim.exemplars, Centring::Second),
    }
}

/// Whether the answer makes one claim of a concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    /// Claim id.
    pub id: String,
    /// The proposition.
    pub text: String,
    /// Whether the answer makes it.
    pub made: bool,
    /// How it was found; `null` when not made.
    pub how: Option<MatchKind>,
    /// Where (at most three places).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// Assesses every claim of `concept` (compiled as `compiled`), whose own
/// phrases matched as `named` (the counting mentions are masked out of the
/// sentences compared in meaning), in meaning over the units `keep` accepts.
pub(crate) fn assess_all(
    answer: &Answer<'_, '_>,
    concept: &Concept,
    compiled: &[Compiled],
    named: &TargetTrace,
    drafted: bool,
    keep: &dyn Fn(usize, &Unit) -> bool,
) -> Vec<TargetTrace> {
    // Encoded once per concept, and only for a claim that needs it.
    let masked = std::cell::OnceCell::new();
    let masked = || masked.get_or_init(|| masked_units(answer, named)).as_ref();
    concept
        .claims
        .iter()
        .zip(compiled)
        .map(|(claim, compiled)| assess(answer, claim, compiled, &masked, drafted, keep))
        .collect()
}

/// The answer's units with the concept's name masked out, or `None` when
/// no unit holds a counting mention of it.
fn masked_units(answer: &Answer<'_, '_>, named: &TargetTrace) -> Option<AnswerUnits> {
    let (index, units) = answer.semantic()?;
    let tokens = &answer.prepared.tokens;
    let name_spans: Vec<(usize, usize)> = named
        .mentions
        .iter()
        .filter(|m| m.verdict == Verdict::Counts)
        .map(|m| (tokens[m.first_token].start, tokens[m.last_token].end))
        .collect();
    index.masked(units, answer.text, &name_spans)
}

/// Assesses one claim: its phrases, or, when none counts, its exemplars.
fn assess<'m>(
    answer: &Answer<'_, '_>,
    claim: &Claim,
    compiled: &Compiled,
    masked: &dyn Fn() -> Option<&'m AnswerUnits>,
    drafted: bool,
    keep: &dyn Fn(usize, &Unit) -> bool,
) -> TargetTrace {
    let polarity = claim.polarity;
    let judge = |m: &Mention| {
        if m.negated_by.is_some() && polarity == Polarity::Affirmed {
            Verdict::Negated
        } else {
            Verdict::Counts
        }
    };
    let mut trace = answer.lexical(&compiled.target, judge, Record::Mentions);
    // A claim made in so many words needs no semantic match.
    if !trace.counted() {
        trace.semantic = answer.calibration().and_then(|calibration| {
            let threshold = if drafted {
                calibration.drafted_claim
            } else {
                calibration.claim
            };
            answer.nearest(compiled.exemplars, masked(), threshold, keep)
        });
    }
    trace
}

/// The result of one claim: made by an affirmed mention, or by a sentence
/// that means what one of its exemplars says.
pub(crate) fn result(claim: &Claim, trace: &TargetTrace) -> ClaimResult {
    let made = trace.holds();
    let mut evidence = counted_evidence(trace);
    let mut how = counted_how(trace);
    if evidence.is_empty() && made {
        evidence.extend(trace.semantic.as_ref().map(|s| s.evidence.clone()));
        how = Some(MatchKind::Semantic);
    }
    ClaimResult {
        id: claim.id.clone(),
        text: claim.text.clone(),
        made,
        how,
        evidence,
    }
}

/// The explanation of one claim: made or not, and what was found.
pub(crate) fn explain(claim: &Claim, traced: &TargetTrace) -> String {
    let made = traced.holds();
    format!(
        "  claim {}: {} - {}\n{}",
        claim.id,
        claim.text,
        if made { "MADE" } else { "not made" },
        traced.describe("    ")
    )
}

/// The checks of a concept's claims: unique ids; as warnings, exemplars
/// for the semantic stage.
pub(crate) fn lint(concept: &Concept, at: &Item, context: &mut LintContext) {
    let mut ids = HashSet::new();
    for claim in &concept.claims {
        let place = Place::key_in(at.clone(), "claims");
        if claim.id.trim().is_empty() {
            let message = format!("concept {:?}: a claim's id is empty", concept.id);
            context.error(place.clone(), message);
        }
        if !ids.insert(claim.id.as_str()) {
            let message = format!(
                "concept {:?}: duplicate claim id {:?}",
                concept.id, claim.id
            );
            context.error(place.clone(), message);
        }
        if claim.exemplars.is_empty() {
            let message = format!(
                "concept {:?}: claim {:?} has no exemplars, so a plain-words answer cannot make it; add 2-4 sentences",
                concept.id, claim.id
            );
            context.warning(place, message);
        }
    }
}
