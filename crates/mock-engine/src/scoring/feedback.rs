//! Feedback: what was missed, in order of importance, and what to ask next.

use super::compiled::CompiledQuestion;
use super::{Assessment, ConceptResult};

/// The missed concepts, heaviest first; ties keep rubric order.
pub fn missed_by_weight(assessment: &Assessment) -> Vec<&ConceptResult> {
    let mut missed: Vec<&ConceptResult> = assessment.concepts.iter().filter(|c| !c.hit).collect();
    missed.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    missed
}

/// One follow-up question aimed at the most important miss: that concept's
/// own follow-up, or the question's first follow-up when the concept has
/// none or nothing was missed.
pub fn follow_up(entry: &CompiledQuestion, assessment: &Assessment) -> Option<String> {
    let biggest_miss = missed_by_weight(assessment).into_iter().next();
    biggest_miss
        .and_then(|miss| entry.rubric.concepts.iter().find(|c| c.id == miss.id))
        .and_then(|concept| concept.follow_up.clone())
        .or_else(|| entry.question.follow_ups.first().cloned())
}
