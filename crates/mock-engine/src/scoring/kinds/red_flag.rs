//! The red flag kind: a harmful practice the answer recommends. It fires on
//! an affirmed phrase ("I would never use 2PC" does not fire "recommends
//! 2PC"), or on a sentence in which the candidate says they do the harmful
//! thing (see [`crate::scoring::endorse`]) close in meaning to one of its
//! first-person exemplars. It takes its penalty and caps the score.

use std::collections::HashMap;

use serde::Serialize;

use super::{lint_examples, Item, LintContext, Place};
use crate::matching::{CompileProblem, CompiledTarget, Matcher, Mention};
use crate::rubric::RedFlag;
use crate::scoring::answer::{stated_evidence, Answer, Record};
use crate::scoring::trace::{TargetTrace, Verdict};
use crate::scoring::{Evidence, RED_FLAG_CAP};
use crate::semantic::{Centring, ExemplarSets, SetId};

/// A red flag compiled for matching.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Its phrases and patterns.
    pub target: CompiledTarget,
    /// Its first-person exemplars.
    exemplars: SetId,
}

/// Compiles one red flag (its exemplars are no part of the rubric's centre).
pub(crate) fn compile(
    matcher: &mut Matcher,
    sets: &mut ExemplarSets,
    (index, flag): (usize, &RedFlag),
    problems: &mut Vec<(CompileProblem, Place)>,
) -> Compiled {
    let mut found = Vec::new();
    let target = matcher.compile_target(&flag.id, &flag.phrases, &flag.patterns, true, &mut found);
    let at = Item::new("red_flags", &flag.id, 0, index);
    problems.extend(found.into_iter().map(|p| {
        let place = Place::value_in(at.clone(), p.value.clone());
        (p, place)
    }));
    Compiled {
        target,
        exemplars: sets.add(&flag.exemplars, Centring::Excluded),
    }
}

/// A red flag that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagResult {
    /// Red flag id.
    pub id: String,
    /// Red flag label.
    pub label: String,
    /// Points taken off.
    pub penalty: f64,
    /// The highest score an answer that fires it can get.
    pub cap: f64,
    /// Where the answer affirms the anti-pattern.
    pub evidence: Vec<Evidence>,
    /// Why it is a problem and what to say instead.
    pub feedback: String,
}

/// Assesses one red flag: its phrases, or, when none counts, the endorsing
/// sentences against its exemplars.
pub(crate) fn assess(answer: &Answer<'_, '_>, compiled: &Compiled) -> TargetTrace {
    let judge = |m: &Mention| {
        if m.negated_by.is_some() {
            Verdict::Negated
        } else {
            Verdict::Counts
        }
    };
    let mut trace = answer.lexical(&compiled.target, judge, Record::Nothing);
    if trace.counted() {
        return trace;
    }
    trace.semantic = answer.calibration().and_then(|calibration| {
        answer.nearest(compiled.exemplars, None, calibration.red_flag, |unit, _| {
            answer.endorses(unit)
        })
    });
    trace
}

/// The result of a red flag that fired, `None` when it did not.
pub(crate) fn result(flag: &RedFlag, trace: &TargetTrace) -> Option<RedFlagResult> {
    trace.holds().then(|| RedFlagResult {
        id: flag.id.clone(),
        label: flag.label.clone(),
        penalty: flag.penalty,
        cap: flag.cap.unwrap_or(RED_FLAG_CAP),
        evidence: stated_evidence(trace),
        feedback: flag.feedback.clone(),
    })
}

/// The explanation of one red flag: fired or not, and what was found.
pub(crate) fn explain(flag: &RedFlag, traced: &TargetTrace) -> String {
    format!(
        "red flag {} ({}, -{}): {}\n{}",
        flag.id,
        flag.label,
        flag.penalty,
        if traced.holds() { "FIRED" } else { "not fired" },
        traced.describe("  ")
    )
}

/// The checks of every red flag: a unique id (among concepts, red flags and
/// sequences), a cap and a penalty in range; as warnings, its self-tests.
pub(crate) fn lint(flags: &[RedFlag], context: &mut LintContext) {
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for (index, flag) in flags.iter().enumerate() {
        let n = occurrences.entry(flag.id.as_str()).or_default();
        let at = Item::new("red_flags", &flag.id, *n, index);
        *n += 1;
        let id = &flag.id;
        if !context.ids.insert(flag.id.clone()) {
            context.error(Place::item(at.clone()), format!("duplicate id {id:?}"));
        }
        if flag
            .cap
            .is_some_and(|c| !(c.is_finite() && (0.0..=100.0).contains(&c)))
        {
            let message = format!("red flag {id:?}: cap must be between 0 and 100");
            context.error(Place::key_in(at.clone(), "cap"), message);
        }
        if !(flag.penalty.is_finite() && (0.0..=100.0).contains(&flag.penalty)) {
            let message = format!("red flag {id:?}: penalty must be between 0 and 100");
            context.error(Place::key_in(at.clone(), "penalty"), message);
        }
        let (examples, counterexamples) = (&flag.examples, &flag.counterexamples);
        lint_examples(context, &at, "red flag", id, examples, counterexamples);
    }
}
