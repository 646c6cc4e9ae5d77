//! Closeness to a drafted rubric's model answer: an answer that comes close
//! to the model answer sentence by sentence earns part of that, whatever
//! its words (ADR 0012). A sentence that affirms what the model answer
//! rejects ("we always use distributed transactions" against "never use
//! distributed transactions") is no way of saying the model answer, however
//! close its words are. Written rubrics skip this on the hot path.

use serde::Serialize;

use super::answer::Answer;
use super::kinds::concept::ConceptTrace;
use super::trace::{MentionTrace, Verdict};
use super::Evidence;

/// How close an answer comes to a drafted rubric's model answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closeness {
    /// The mean, over the model answer's sentences, of the similarity of the
    /// answer sentence nearest to each (same polarity, centred cosine), 0-1.
    pub similarity: f64,
    /// The share of full credit that similarity earns, 0-1: 0 at `floor`
    /// and below, 1 at `full` and above.
    pub credit: f64,
    /// Coverage points added by it (0 when the concepts earned more).
    pub points: f64,
    /// The similarity from which closeness earns (the encoder's calibration).
    #[serde(skip)]
    pub floor: f64,
    /// The similarity at which closeness earns in full.
    #[serde(skip)]
    pub full: f64,
}

/// One sentence of the model answer and the answer sentence nearest to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosenessTrace {
    /// The model answer's sentence.
    pub sentence: String,
    /// The nearest answer sentence of the same polarity, if any.
    pub nearest: Option<Evidence>,
    /// Their centred cosine similarity (0 when there is none).
    pub similarity: f64,
}

/// What closeness found for one answer.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// The closeness and the points it earned, when it was measured.
    pub closeness: Option<Closeness>,
    /// Per model sentence, the nearest answer sentence.
    pub trace: Vec<ClosenessTrace>,
    /// Affirmed mentions of what the model answer rejects.
    pub left_out: Vec<Evidence>,
}

/// Measures how close `answer` comes to a drafted rubric's model answer,
/// and what that adds to `coverage`; nothing for a written rubric.
pub(crate) fn assess(
    answer: &Answer<'_, '_>,
    drafted: bool,
    concepts: &[ConceptTrace],
    coverage: f64,
) -> Found {
    if !drafted {
        return Found::default();
    }
    let endorsed: Vec<&MentionTrace> = concepts
        .iter()
        .flat_map(|c| &c.target.mentions)
        .filter(|m| m.verdict == Verdict::NotRejected)
        .collect();
    let left_out = endorsed.iter().map(|m| m.evidence.clone()).collect();
    let Some((index, units)) = answer.semantic() else {
        return Found {
            left_out,
            ..Found::default()
        };
    };
    let found = index.closeness_where(units, |unit| {
        !endorsed
            .iter()
            .any(|m| m.first_token >= unit.first_token && m.last_token <= unit.last_token)
    });
    let Some(found) = found else {
        return Found {
            left_out,
            ..Found::default()
        };
    };
    let model = &index.model_answers[found.model_answer];
    let trace = model
        .sentences
        .iter()
        .zip(&found.sentences)
        .map(|(sentence, (unit, similarity))| ClosenessTrace {
            sentence: sentence.text.clone(),
            nearest: unit.map(|u| answer.unit_evidence(units, u)),
            similarity: *similarity,
        })
        .collect();
    let calibration = index.calibration();
    let credit = calibration.closeness_credit(found.similarity);
    let points = calibration.closeness_weight * (100.0 * credit - coverage).max(0.0);
    Found {
        closeness: Some(Closeness {
            similarity: found.similarity,
            credit: (credit * 1000.0).round() / 1000.0,
            points: super::round1(points),
            floor: calibration.closeness_floor,
            full: calibration.closeness_full,
        }),
        trace,
        left_out,
    }
}

/// The explanation of the closeness: each model sentence with the answer
/// sentence nearest to it, and the sentences left out.
pub fn explain_closeness(closeness: Option<&Closeness>, trace: &super::Trace) -> String {
    let Some(closeness) = closeness else {
        return String::new();
    };
    let mut out = format!(
        "closeness to the model answer: {:.4} (mean over its {} sentence{}; earns from {:.2}, fully at {:.2}) - credit {:.0}%, +{:.1} coverage points\n",
        closeness.similarity,
        trace.closeness.len(),
        if trace.closeness.len() == 1 { "" } else { "s" },
        closeness.floor,
        closeness.full,
        closeness.credit * 100.0,
        closeness.points
    );
    if !trace.closeness_left_out.is_empty() {
        let quoted: Vec<String> = trace
            .closeness_left_out
            .iter()
            .map(|e| format!("{:?} at {}:{}", e.text, e.line, e.column))
            .collect();
        out.push_str(&format!(
            "  left out: sentences that affirm what the model answer rejects ({})\n",
            quoted.join(", ")
        ));
    }
    for sentence in &trace.closeness {
        let nearest = sentence.nearest.as_ref().map_or_else(
            || "no answer sentence of the same polarity left".to_owned(),
            |e| format!("{:?} ({}:{})", e.text, e.line, e.column),
        );
        out.push_str(&format!(
            "  {:.4} {:?} <- {nearest}\n",
            sentence.similarity, sentence.sentence
        ));
    }
    out
}
