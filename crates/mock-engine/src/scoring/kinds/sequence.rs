//! The sequence kind: concepts that form a process whose order matters
//! (frame, explore, decide, document, communicate). An answer earns a
//! sequence's weight in proportion to the longest run of its steps told in
//! order, counted over all the steps, so a step that is missing or out of
//! place costs its share.

use std::collections::HashMap;

use serde::Serialize;

use super::{Item, LintContext, Place};
use crate::rubric::{Concept, Sequence};
use crate::scoring::ConceptResult;

/// How well an answer keeps the order of one sequence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SequenceResult {
    /// Sequence id.
    pub id: String,
    /// Sequence label.
    pub label: String,
    /// Sequence weight.
    pub weight: f64,
    /// Share of the weight earned, 0-1.
    pub credit: f64,
    /// The steps found, in the order the answer tells them.
    pub order: Vec<String>,
    /// What to do when the order is muddled.
    pub hint: String,
}

/// Assesses one sequence from the concept results.
pub(crate) fn assess(sequence: &Sequence, concepts: &[ConceptResult]) -> SequenceResult {
    // (position in the answer, position in the sequence) of each step found.
    let mut found: Vec<(usize, usize)> = sequence
        .concepts
        .iter()
        .enumerate()
        .filter_map(|(step, id)| {
            let concept = concepts.iter().find(|c| &c.id == id && c.hit)?;
            Some((concept.evidence.first()?.start, step))
        })
        .collect();
    found.sort();
    let steps: Vec<usize> = found.iter().map(|&(_, step)| step).collect();
    let in_order = longest_increasing(&steps);
    let credit = if sequence.concepts.is_empty() || in_order < 2 {
        0.0
    } else {
        in_order as f64 / sequence.concepts.len() as f64
    };
    SequenceResult {
        id: sequence.id.clone(),
        label: sequence.label.clone(),
        weight: sequence.weight,
        credit,
        order: steps
            .iter()
            .map(|&i| sequence.concepts[i].clone())
            .collect(),
        hint: sequence.hint.clone(),
    }
}

/// Length of the longest strictly increasing subsequence.
fn longest_increasing(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &value in values {
        let at = tails.partition_point(|&t| t < value);
        if at == tails.len() {
            tails.push(value);
        } else {
            tails[at] = value;
        }
    }
    tails.len()
}

/// The checks of every sequence: a unique id (among concepts, red flags and
/// sequences), a positive weight, and only concepts of the rubric (an
/// unknown id would make the order impossible to tell).
pub(crate) fn lint(sequences: &[Sequence], concepts: &[Concept], context: &mut LintContext) {
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for (index, sequence) in sequences.iter().enumerate() {
        let n = occurrences.entry(sequence.id.as_str()).or_default();
        let at = Item::new("sequences", &sequence.id, *n, index);
        *n += 1;
        let id = &sequence.id;
        if !context.ids.insert(sequence.id.clone()) {
            context.error(Place::item(at.clone()), format!("duplicate id {id:?}"));
        }
        if !(sequence.weight.is_finite() && sequence.weight > 0.0) {
            let message = format!("sequence {id:?}: weight must be a positive number");
            context.error(Place::key_in(at.clone(), "weight"), message);
        }
        for concept in &sequence.concepts {
            if !concepts.iter().any(|c| &c.id == concept) {
                let message = format!(
                    "sequence {id:?} names {concept:?}, which is not a concept of this rubric"
                );
                let place = Place::key_in(at.clone(), "concepts").with_value(concept, 10);
                context.error(place, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_run() {
        assert_eq!(longest_increasing(&[0, 1, 2, 3]), 4);
        assert_eq!(longest_increasing(&[3, 2, 1, 0]), 1);
        assert_eq!(longest_increasing(&[0, 2, 1, 3]), 3);
        assert_eq!(longest_increasing(&[]), 0);
    }
}
