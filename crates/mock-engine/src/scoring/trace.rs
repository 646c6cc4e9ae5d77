//! The scoring trace's building blocks: every mention and semantic match
//! scoring considered, why each counted or was blocked, and the findings
//! each credit decision was made from; with their plain-text description,
//! which each rule kind's explanation is made of. `mock explain` and `mock
//! rubric test` show it; nothing outside scoring re-derives a rule. The
//! whole trace of an answer is [`super::Trace`].

use std::fmt::Write;

use serde::Serialize;

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

    /// Every mention and the semantic match, one line each, for people.
    pub fn describe(&self, indent: &str) -> String {
        let mut out = String::new();
        for mention in &self.mentions {
            out.push_str(indent);
            out.push_str(&mention.describe());
        }
        if let Some(semantic) = &self.semantic {
            out.push_str(indent);
            out.push_str(&semantic.describe());
        }
        out
    }
}

impl MentionTrace {
    /// One line: the verdict, where, what matched, misspellings, negation.
    pub fn describe(&self) -> String {
        let e = &self.evidence;
        let mut out = format!(
            "{}: {:?} at {}:{} matches {:?} ({:?})",
            self.verdict.describe(),
            e.text,
            e.line,
            e.column,
            e.matched,
            self.kind
        );
        for note in &e.fuzzy {
            let _ = write!(
                out,
                "; misspelling {:?} taken for {:?} (distance {})",
                note.found, note.expected, note.distance
            );
        }
        if let Some(cue) = &e.negated_by {
            let _ = write!(out, "; negated by {cue:?}");
        }
        out.push('\n');
        out
    }
}

impl SemanticTrace {
    /// One line: the nearest sentence, its similarity and the threshold.
    pub fn describe(&self) -> String {
        let e = &self.evidence;
        format!(
            "{}: the sentence at {}:{} ({:?}) is {:.2} similar to {:?} (needs {:.2})\n",
            if self.accepted {
                "in other words"
            } else {
                "nearest in meaning"
            },
            e.line,
            e.column,
            shorten(&e.text, 100),
            self.similarity,
            self.exemplar,
            self.threshold
        )
    }
}

/// `text` on one line, cut to `max` characters.
fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}...")
}
