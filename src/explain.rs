//! `mock explain`: the scoring trace of an answer, rendered for people.
//!
//! Everything here is read from the engine's [`Trace`], and each rule
//! kind explains its own decisions (`CompiledQuestion::explain`): which
//! mentions counted and which were blocked (and by what), which claims were
//! made and how, the best semantic match of every target with its
//! similarity and threshold, the credit decision; for a miss without any
//! mention, the phrase words found apart, or the nearest answer word and
//! the fuzzy-matching rule that kept it from matching. This module adds the
//! semantic stage's header, the closeness, the focus and every penalty and
//! cap. No scoring rule is re-derived here.

use std::fmt::Write;

use mock_engine::CompiledQuestion;

use crate::output::detail::deduction_lines;
use crate::scoring::{explain_closeness, score_traced, Assessment, Trace};

/// The full trace for one answer, and its assessment.
pub fn explain(entry: &CompiledQuestion, answer: &str) -> (String, Assessment) {
    let (assessment, trace) = score_traced(entry, answer);
    let mut out = String::new();
    if let Some(model) = &assessment.model {
        let _ = writeln!(
            out,
            "semantic stage: model {model}, {} sentences and clauses compared",
            trace.units
        );
    } else {
        let _ = writeln!(out, "semantic stage: off (lexical matching only)");
    }
    out.push_str(&entry.explain(&trace, answer));
    out.push_str(&explain_closeness(assessment.closeness.as_ref(), &trace));
    focus_and_deductions(&mut out, &assessment, &trace);
    (out, assessment)
}

fn focus_and_deductions(out: &mut String, assessment: &Assessment, trace: &Trace) {
    let _ = writeln!(
        out,
        "focus: {:.0}% of the sentences touch the rubric",
        trace.focus * 100.0
    );
    for line in deduction_lines(assessment) {
        let _ = writeln!(out, "deduction: {line}");
    }
}
