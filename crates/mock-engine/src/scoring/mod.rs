//! Scoring: from mentions to a weighted coverage, penalties, caps and a
//! final score, with a trace of every decision.
//!
//! ```text
//! CompiledQuestion ──▶ Answer (prepared once: tokens, lines, semantic units)
//!                        │
//!   run: misconceptions ─▶ concepts (their claims) ─▶ sequences ─▶ red flags
//!        ─▶ coverage ─▶ closeness (drafted) ─▶ whole-answer checks ─▶ caps
//!                        │
//!                        ▼
//!                Assessment + Trace
//! ```
//!
//! Each kind of rubric rule lives in one file of [`kinds`]: its compile
//! step, its assessment of a prepared answer (result and trace), its
//! explanation and its lint of the rubric. [`run`] keeps only their order
//! and the caps.
//!
//! - Each concept earns a share of its weight by the rule in [`credit`]:
//!   named and explained earns it all, named only earns at most 0.4, a
//!   contradicted concept earns nothing. Mentioning it twenty times earns it
//!   once.
//! - **coverage** = 100 × (weight earned) / (total weight).
//! - A red flag **fires** when one of its mentions is affirmed (not negated);
//!   "I would never use 2PC" does not fire "recommends 2PC". It takes its
//!   penalty and caps the score at [`RED_FLAG_CAP`] (below `mock report`'s
//!   default pass mark of 60).
//! - A misconception **is stated** when one of its phrases is affirmed, or
//!   an answer sentence means what one of its exemplars says more than it
//!   means the concept's own claims. It caps the score at
//!   [`MISCONCEPTION_CAPS`] (one, two, three or more stated).
//! - A **drafted** rubric (`drafted: true`) also measures how close the
//!   answer's sentences come to its model answer's ([`Closeness`]): the
//!   concepts' coverage rises the calibration's `closeness_weight` of the
//!   way to that closeness when it is higher, so an answer that says the
//!   model answer in other words is not held to the model answer's key words.
//! - **score** = coverage − penalties, clamped to 0..=100, then held under
//!   every cap that applies (red flags, misconceptions and the whole-answer
//!   checks of [`quality`]). Every penalty and cap is listed in
//!   [`Assessment::deductions`] with the points it took.
//!
//! Both numbers are rounded to one decimal, so results are stable to print
//! and compare. The similarity thresholds are the encoder's
//! ([`crate::calibration`]).

mod answer;
mod closeness;
mod compiled;
pub mod credit;
mod depth;
mod endorse;
mod feedback;
pub mod kinds;
pub mod quality;
mod run;
pub mod trace;

pub use closeness::{explain_closeness, Closeness, ClosenessTrace};
pub use compiled::CompiledQuestion;
pub use credit::Status;
pub use feedback::{follow_up, missed_by_weight};
pub use kinds::claim::ClaimResult;
pub use kinds::concept::{ConceptResult, ConceptTrace};
pub use kinds::misconception::MisconceptionResult;
pub use kinds::red_flag::RedFlagResult;
pub use kinds::sequence::SequenceResult;
pub use run::{score, score_traced};

use serde::Serialize;

use crate::matching::FuzzyNote;
use trace::TargetTrace;

/// The score cap of an answer that fires a red flag, unless the red flag
/// sets its own: below `mock report`'s default pass mark of 60, so an answer
/// recommending a harmful practice never passes.
pub const RED_FLAG_CAP: f64 = 50.0;
/// Score caps by the number of misconceptions stated: one, two, three or more.
pub const MISCONCEPTION_CAPS: [f64; 3] = [40.0, 25.0, 10.0];
/// Share of a concept's weight that a paraphrase (its gist in other words) earns.
pub const PARAPHRASE_CREDIT: f64 = 0.5;

/// A quoted piece of the answer with its position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The text of the answer at this place.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start in the answer.
    pub start: usize,
    /// Byte offset of the end in the answer.
    pub end: usize,
    /// The rubric phrase or pattern that matched here.
    pub matched: String,
    /// The negation cue that governs this mention, if any ("never").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negated_by: Option<String>,
    /// Misspelt words accepted here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fuzzy: Vec<FuzzyNote>,
    /// For a semantic match: the centred cosine similarity to the exemplar
    /// in `matched`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// A penalty or cap that took points: the answer's score is below its
/// coverage because of these, and each says by how much.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deduction {
    /// The rule: `red-flag`, `misconception`, or a quality flag
    /// (`too-short`, `keyword-stuffing`, `gibberish`, `question-echo`,
    /// `empty`, `unfocused`).
    pub rule: String,
    /// The red flag's or misconception's id, if the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Points subtracted by a penalty.
    pub penalty: f64,
    /// The highest score the rule allows, if it caps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// The points this rule took from the score, rounded to one decimal
    /// (0 for a cap that a lower cap or the score itself made moot).
    pub points: f64,
}

/// The full assessment of one answer against one question's rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// Weighted share of concepts met, 0-100.
    pub coverage: f64,
    /// Coverage after red-flag penalties, 0-100.
    pub score: f64,
    /// Number of words in the answer.
    pub words: usize,
    /// Every concept of the rubric, in rubric order.
    pub concepts: Vec<ConceptResult>,
    /// Ordered processes of the rubric and how well the answer keeps their order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<SequenceResult>,
    /// The red flags that fired.
    pub red_flags: Vec<RedFlagResult>,
    /// The misconceptions stated (rubric v2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub misconceptions: Vec<MisconceptionResult>,
    /// Why the score is below the coverage: every penalty and cap applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<Deduction>,
    /// Remarks about the answer as a whole: `empty`, `too-short`,
    /// `gibberish`, `question-echo`, `keyword-stuffing` (see `docs/rubric-format.md`).
    pub flags: Vec<String>,
    /// One follow-up question aimed at the most important miss.
    pub follow_up: Option<String>,
    /// Drafted rubrics with the semantic stage on: how close the answer
    /// comes to the model answer, and the coverage points that earned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness: Option<Closeness>,
    /// The fingerprint of the sentence-embedding model of the semantic
    /// stage; absent when the answer was scored lexically only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// The full trace of one scored answer: what each rule kind considered and
/// decided, beside the [`Assessment`] made from it.
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

/// `value` rounded to one decimal, as scores and points are reported.
pub(crate) fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
