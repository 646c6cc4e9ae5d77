//! Scoring: from mentions to a weighted coverage, penalties, caps and a
//! final score, with a trace of every decision.
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
//!   concepts' coverage rises [`CLOSENESS_WEIGHT`] of the way to that
//!   closeness when it is higher, so an answer that says the model answer in
//!   other words is not held to the model answer's key words.
//! - **score** = coverage − penalties, clamped to 0..=100, then held under
//!   every cap that applies (red flags, misconceptions and the whole-answer
//!   checks of [`quality`]). Every penalty and cap is listed in
//!   [`Assessment::deductions`] with the points it took.
//!
//! Both numbers are rounded to one decimal, so results are stable to print
//! and compare.

pub mod credit;
mod depth;
mod endorse;
mod feedback;
mod order;
pub mod quality;
mod run;
pub mod trace;

pub use credit::Status;
pub use feedback::{follow_up, missed_by_weight};
pub use order::SequenceResult;
pub use run::{
    score, score_traced, CLAIM_THRESHOLD, CLOSENESS_FLOOR, CLOSENESS_FULL, CLOSENESS_WEIGHT,
    CONCEPT_NEAR_THRESHOLD, CONCEPT_THRESHOLD, DRAFTED_CLAIM_THRESHOLD, MISCONCEPTION_MARGIN,
    MISCONCEPTION_THRESHOLD,
};

use serde::Serialize;

use crate::matching::{FuzzyNote, MatchKind};

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

/// Whether the answer makes one claim of a concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    /// Claim id.
    pub id: String,
    /// The proposition.
    pub text: String,
    /// Whether the answer makes it.
    pub made: bool,
    /// How it was found; `null` when not made.
    pub how: Option<MatchKind>,
    /// Where (at most three places).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A misconception the answer states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MisconceptionResult {
    /// Misconception id.
    pub id: String,
    /// The wrong claim, in short.
    pub label: String,
    /// The concept it contradicts, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicts: Option<String>,
    /// Where the answer states it.
    pub evidence: Vec<Evidence>,
    /// Why it is wrong and what is right.
    pub feedback: String,
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

/// The result for one concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptResult {
    /// Concept id.
    pub id: String,
    /// Concept label.
    pub label: String,
    /// Concept weight.
    pub weight: f64,
    /// Whether the concept earned anything.
    pub hit: bool,
    /// What the answer does with the concept (see [`credit`]).
    pub status: Status,
    /// Share of the weight earned: 1 when covered (and explained, if the
    /// concept asks for depth), the concept's depth credit when only
    /// mentioned, 0 when missed.
    pub credit: f64,
    /// Whether a mention is explained by supporting terms nearby; `null`
    /// when the concept asks for no depth or is missed.
    pub explained: Option<bool>,
    /// What explaining the concept takes, when it was only mentioned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth_hint: Option<String>,
    /// How the best counting mention matched; `null` when missed.
    pub how: Option<MatchKind>,
    /// The counting mentions (at most three).
    pub evidence: Vec<Evidence>,
    /// Mentions that did not count because of their polarity (at most three):
    /// "we never write ADRs" is a blocked mention of ADRs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<Evidence>,
    /// What to add when missed, and why it matters (empty, and left out of
    /// JSON, when the concept was covered).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// The concept's claims and whether the answer makes them (rubric v2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimResult>,
    /// The misconception that contradicts it, if one was stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicted_by: Option<String>,
}

impl ConceptResult {
    /// The claims the answer does not make, in rubric order.
    pub fn missing_claims(&self) -> impl Iterator<Item = &ClaimResult> {
        self.claims.iter().filter(|c| !c.made)
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

/// How close an answer comes to a drafted rubric's model answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closeness {
    /// The mean, over the model answer's sentences, of the similarity of the
    /// answer sentence nearest to each (same polarity, centred cosine), 0-1.
    pub similarity: f64,
    /// The share of full credit that similarity earns, 0-1: 0 at
    /// [`CLOSENESS_FLOOR`] and below, 1 at [`CLOSENESS_FULL`] and above.
    pub credit: f64,
    /// Coverage points added by it (0 when the concepts earned more).
    pub points: f64,
}
