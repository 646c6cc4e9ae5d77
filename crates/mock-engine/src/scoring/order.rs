//! Order: a rubric may say that some concepts form a process (frame, explore,
//! decide, document, communicate). An answer earns a sequence's weight in
//! proportion to the longest run of its steps told in order, counted over
//! all the steps, so a step that is missing or out of place costs its share.

use serde::Serialize;

use super::ConceptResult;
use crate::rubric::Sequence;

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
pub fn assess(sequence: &Sequence, concepts: &[ConceptResult]) -> SequenceResult {
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
