//! The scoring trace: every mention and semantic match scoring considered,
//! why each counted or was blocked, and the findings each credit decision
//! was made from. `mock explain` and `mock rubric test` render it; nothing
//! outside scoring re-derives a rule.

use serde::Serialize;

use super::credit::{Findings, Status};
use super::Evidence;
use crate::matching::MatchKind;

/// Mentions kept in the trace per target, at most (the score sees them all).
pub const MAX_TRACED_MENTIONS: usize = 50;

/// Why a mention counted or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// It counts (names the concept, makes the claim, fires the red flag or
    /// states the misconception).
    Counts,
    /// A negation cue governs it, and only affirmed mentions count.
    Negated,
    /// It is affirmed, and the concept counts only rejected mentions.
    NotRejected,
    /// A lone common word, too weak to name a heavy concept.
    Generic,
}

impl Verdict {
    /// A short phrase for people.
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Counts => "counts",
            Verdict::Negated => "blocked: negated",
            Verdict::NotRejected => "blocked: affirmed, but only rejections count",
            Verdict::Generic => "blocked: a lone common word does not name a concept this heavy",
        }
    }
}

/// One mention and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionTrace {
    /// Where, what, and which phrase or pattern matched.
    pub evidence: Evidence,
    /// How it matched.
    pub kind: MatchKind,
    /// Whether it counted.
    pub verdict: Verdict,
    /// Index of its first token in the answer.
    #[serde(skip)]
    pub first_token: usize,
    /// Index of its last token in the answer.
    #[serde(skip)]
    pub last_token: usize,
}

/// The best semantic match of a target, accepted or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SemanticTrace {
    /// The answer's sentence or clause.
    pub evidence: Evidence,
    /// The exemplar it came closest to.
    pub exemplar: String,
    /// Their centred cosine similarity.
    pub similarity: f64,
    /// The threshold it had to reach.
    pub threshold: f64,
    /// Whether it reached it (and, for a misconception, beat the concept's
    /// own claims by the margin).
    pub accepted: bool,
}

/// What scoring found for one concept, claim, red flag or misconception.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TargetTrace {
    /// The mentions found, in text order (at most [`MAX_TRACED_MENTIONS`]).
    pub mentions: Vec<MentionTrace>,
    /// The best semantic match, when the target has exemplars and the
    /// semantic stage is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<SemanticTrace>,
}

impl TargetTrace {
    /// Whether any mention counted.
    pub fn counted(&self) -> bool {
        self.mentions.iter().any(|m| m.verdict == Verdict::Counts)
    }

    /// Whether the target holds: a mention counts, or the semantic stage
    /// accepted a sentence.
    pub fn holds(&self) -> bool {
        self.counted() || self.semantic.as_ref().is_some_and(|s| s.accepted)
    }
}

/// The decision for one concept with everything it was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptTrace {
    /// Concept id.
    pub id: String,
    /// Its phrases and patterns, and its exemplars.
    pub target: TargetTrace,
    /// Per claim, its phrases and exemplars.
    pub claims: Vec<TargetTrace>,
    /// A sentence that shares the concept's gist (rubric v1 fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paraphrase: Option<Evidence>,
    /// The findings the credit rule read.
    #[serde(skip)]
    pub findings: Findings,
    /// The decision.
    pub status: Status,
    /// The share of the weight earned.
    pub credit: f64,
}

/// The full trace of one scored answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Trace {
    /// Per concept, in rubric order.
    pub concepts: Vec<ConceptTrace>,
    /// Per red flag, in rubric order.
    pub red_flags: Vec<TargetTrace>,
    /// Per misconception, in rubric order.
    pub misconceptions: Vec<TargetTrace>,
    /// Sentences and clauses the semantic stage compared (0 when it is off).
    pub units: usize,
    /// Share of the answer's sentences that touch the rubric.
    pub focus: f64,
    /// Drafted rubrics: per sentence of the nearest model answer, the
    /// answer's nearest sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closeness: Vec<ClosenessTrace>,
    /// Drafted rubrics: affirmed mentions of what the model answer rejects;
    /// their sentences are left out of the closeness.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closeness_left_out: Vec<Evidence>,
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
