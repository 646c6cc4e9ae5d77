//! The follow-up question: aimed at the most important point the answer
//! has not made, never at one it made.
//!
//! A point is *made* when its concept earned its full weight (named and
//! explained, or explained in the answer's own words). The candidates are
//! the other concepts: missed, only named, partly said, or contradicted by a
//! wrong claim. The most important is the one that leaves the most weight on
//! the table (`weight × (1 − credit)`; ties keep rubric order). A concept
//! already asked about in this exchange is not asked again, and a follow-up
//! whose own wording names another concept the answer has made is passed
//! over, so the question never reads as if that point were missing.

use crate::scoring::{score, Assessment, ConceptResult, Status};
use mock_engine::CompiledQuestion;

/// Why a concept is followed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gap {
    /// Not in the answer.
    Missing,
    /// Named, or partly said, without the explanation.
    Unexplained,
    /// A wrong claim contradicts it.
    Contradicted,
}

/// A follow-up question and the concept it digs at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FollowUp {
    /// The concept's id.
    pub concept: String,
    /// The concept's label.
    pub label: String,
    /// What the answer lacks about it.
    pub gap: Gap,
    /// The question to ask.
    pub question: String,
}

/// Whether the answer made the concept's point: it earned the full weight.
pub fn made(concept: &ConceptResult) -> bool {
    concept.credit >= 1.0 - 1e-9
        && matches!(
            concept.status,
            Status::Covered | Status::Explained | Status::OwnWords
        )
}

/// The weight a concept leaves on the table.
fn missing_weight(concept: &ConceptResult) -> f64 {
    concept.weight * (1.0 - concept.credit.clamp(0.0, 1.0))
}

/// The follow-up to ask after `assessment` (of the whole answer so far),
/// not about any concept in `asked`; `None` when every point is made.
pub fn choose(
    entry: &CompiledQuestion,
    assessment: &Assessment,
    asked: &[String],
) -> Option<FollowUp> {
    let mut candidates: Vec<&ConceptResult> = assessment
        .concepts
        .iter()
        .filter(|c| !made(c) && !asked.contains(&c.id))
        .collect();
    // A stable sort: ties keep rubric order.
    candidates.sort_by(|a, b| missing_weight(b).total_cmp(&missing_weight(a)));
    candidates.into_iter().find_map(|concept| {
        let question = question_for(entry, concept);
        (!names_a_made_point(entry, assessment, concept, &question)).then(|| FollowUp {
            concept: concept.id.clone(),
            label: concept.label.clone(),
            gap: gap(concept),
            question,
        })
    })
}

fn gap(concept: &ConceptResult) -> Gap {
    match concept.status {
        Status::Contradicted => Gap::Contradicted,
        Status::Missed => Gap::Missing,
        _ => Gap::Unexplained,
    }
}

/// The rubric's follow-up of the concept, or one made from its label.
fn question_for(entry: &CompiledQuestion, concept: &ConceptResult) -> String {
    let written = entry
        .rubric
        .concepts
        .iter()
        .find(|c| c.id == concept.id)
        .and_then(|c| c.follow_up.clone());
    if let Some(question) = written {
        return question;
    }
    match gap(concept) {
        Gap::Missing => format!(
            "What about {}? How does it fit into your approach?",
            lower_first(&concept.label)
        ),
        Gap::Unexplained => format!(
            "You mentioned {}. How does it work, and why does it matter here?",
            lower_first(&concept.label)
        ),
        Gap::Contradicted => format!(
            "Let's come back to {}. How does it really work?",
            lower_first(&concept.label)
        ),
    }
}

/// `Event streaming` -> `event streaming`, but `CAP` and `ADRs` stay.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// Whether the wording of `question` names a concept, other than the one it
/// digs at, whose point the answer has already made.
fn names_a_made_point(
    entry: &CompiledQuestion,
    assessment: &Assessment,
    target: &ConceptResult,
    question: &str,
) -> bool {
    let named = score(entry, question);
    named.concepts.iter().any(|in_question| {
        in_question.id != target.id
            && in_question.hit
            && !in_question.evidence.is_empty()
            && assessment
                .concepts
                .iter()
                .any(|c| c.id == in_question.id && made(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;

    #[test]
    fn a_missed_concept_is_followed_up_and_a_made_one_never() {
        let bank = Bank::builtin().unwrap();
        let entry = bank.get("data-consistency").unwrap();
        let answer = "Each service commits a local transaction and writes an event to a \
            transactional outbox table in the same transaction; a relay publishes it later, so \
            the state change and the event can never disagree.";
        let assessment = score(entry, answer);
        let outbox = assessment
            .concepts
            .iter()
            .find(|c| c.id == "transactional-outbox")
            .unwrap();
        assert!(made(outbox), "{outbox:?}");
        let first = choose(entry, &assessment, &[]).expect("points are missing");
        assert_ne!(first.concept, "transactional-outbox");
        let second = choose(entry, &assessment, std::slice::from_ref(&first.concept)).unwrap();
        assert_ne!(second.concept, first.concept, "no concept is asked twice");
    }

    #[test]
    fn labels_read_in_a_sentence() {
        assert_eq!(lower_first("Event streaming"), "event streaming");
        assert_eq!(lower_first("CAP trade-off"), "CAP trade-off");
        assert_eq!(lower_first("ADRs"), "ADRs");
    }
}
