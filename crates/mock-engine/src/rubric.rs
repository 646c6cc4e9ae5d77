//! The question and rubric file formats, as Rust types.
//!
//! Both formats reject unknown fields, so a misspelt key (`phrase:` for
//! `phrases:`) is an error with a line and column instead of a rubric that
//! silently never matches. `docs/rubric-format.md` documents every field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One interview question, from `questions/<theme>/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier (`data-consistency`); users' answer files name it.
    pub id: String,
    /// Theme the question belongs to (`cloud`); `mock ask --theme` selects by it.
    pub theme: String,
    /// A short title for tables.
    pub title: String,
    /// The question as the interviewer asks it.
    pub question: String,
    /// What the question really probes.
    pub probes: String,
    /// Suggested time box for a spoken or written answer, in minutes.
    pub time_box_minutes: u32,
    /// Follow-up questions an interviewer may ask.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// Key points of a strong answer.
    #[serde(default)]
    pub key_points: Vec<String>,
}

/// The rubric of one question, from `rubrics/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// The id of the question this rubric scores.
    pub question: String,
    /// The key concepts a strong answer covers.
    pub concepts: Vec<Concept>,
    /// Anti-patterns that cost points when an answer recommends them.
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
    /// Concepts whose order matters (a process told in its order earns extra).
    #[serde(default)]
    pub sequences: Vec<Sequence>,
    /// Wrong claims a confident candidate might state; each one stated
    /// zeroes the concept it contradicts and caps the score (rubric v2).
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
    /// Drafted from a model answer by `mock rubric draft`, `mock bank
    /// import` or `score --reference`, and not yet reviewed by an author.
    /// `mock rubric check --strict` warns about it and `mock show --rubric`
    /// says so; the semantic stage also embeds short answer sentences and
    /// uses the drafted thresholds (see the scoring module), since a drafted
    /// rubric's exemplars are the model answer's own sentences.
    #[serde(default, skip_serializing_if = "is_false")]
    pub drafted: bool,
    /// The model answers a drafted rubric was drafted from. Used only when
    /// `drafted` is true and the semantic stage is on: an answer whose
    /// sentences come close in meaning to a model answer's sentences earns
    /// part of that closeness (docs/rubric-draft.md, ADR 0012).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_answers: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Rubric {
    /// Whether the rubric is scored by the drafted rules (its claims'
    /// exemplars are model-answer sentences: embedded short sentences,
    /// centring on everyday English, the drafted claim threshold, closeness
    /// to the model answer). A drafted rubric that uses library concepts is
    /// scored like a written one: the library's claims and exemplars were
    /// written and calibrated by the written rules, and the concepts drafted
    /// beside them are named from the model answer's key phrases.
    pub fn scored_as_drafted(&self) -> bool {
        self.drafted && self.concepts.iter().all(|c| c.library.is_none())
    }
}

/// A proposition that explaining a concept means (rubric v2): "the state
/// change and the event are written in one local transaction".
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Identifier, unique within the concept.
    pub id: String,
    /// The proposition, shown when the answer does not make it.
    pub text: String,
    /// Phrases that make the claim, matched after stemming within one
    /// sentence; `a + b` needs both parts in the same sentence.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions on the raw answer that make the claim.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Which mentions of its phrases count: affirmed ones (default), or
    /// `any` for a claim about a harm its phrases name, which answers state
    /// by preventing it ("we can't oversell stock").
    #[serde(default)]
    pub polarity: Polarity,
    /// Plain-language sentences that make the claim, for the semantic stage.
    #[serde(default)]
    pub exemplars: Vec<String>,
}

/// A wrong claim about a concept (rubric v2).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// The wrong claim, in short.
    pub label: String,
    /// The id of the concept it contradicts; that concept earns nothing.
    #[serde(default)]
    pub contradicts: Option<String>,
    /// Phrases that state it, matched like claim phrases (`a + b` within one
    /// sentence); a negated statement does not count.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions on the raw answer that state it.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Sentences that state it, for the semantic stage.
    #[serde(default)]
    pub exemplars: Vec<String>,
    /// Why it is wrong and what is right.
    pub feedback: String,
    /// The highest score an answer stating it can get (default: see the
    /// scoring module's `MISCONCEPTION_CAP`).
    #[serde(default)]
    pub cap: Option<f64>,
    /// Sentences that must state it (checked by `mock rubric test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences that must not: correct statements, negated forms.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

/// What explaining a concept takes, beyond naming it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Depth {
    /// Supporting phrases; one of them must appear near a counting mention.
    pub phrases: Vec<String>,
    /// How near, in words on either side of the mention (default 25).
    #[serde(default = "default_within")]
    pub within: usize,
    /// Share of the weight a mention without support earns (default 0.5).
    #[serde(default = "default_credit")]
    pub credit: f64,
    /// What explaining the concept takes, shown when it is only mentioned.
    pub hint: String,
}

fn default_within() -> usize {
    25
}

fn default_credit() -> f64 {
    0.5
}

/// Concepts that form a process whose order matters.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// Human label shown in feedback.
    pub label: String,
    /// Weight of telling the steps in order, added to the rubric's total.
    pub weight: f64,
    /// Concept ids, in the order a strong answer tells them.
    pub concepts: Vec<String>,
    /// What to do when the order is muddled.
    pub hint: String,
}

/// Which mentions of a concept's phrases count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Only affirmed mentions count: "we never write ADRs" does not earn ADRs.
    #[default]
    Affirmed,
    /// Only negated or avoided mentions count: "never use distributed
    /// transactions" earns the concept "avoid distributed transactions".
    Rejected,
    /// Every mention counts, negated or not; for pitfalls, where "avoid
    /// `.Result`" shows as much knowledge as "`.Result` deadlocks".
    Any,
}

/// A key concept of a rubric.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// Human label shown in feedback.
    pub label: String,
    /// Relative weight; coverage is the weighted share of concepts met.
    pub weight: f64,
    /// Which mentions count (default: affirmed ones).
    #[serde(default)]
    pub polarity: Polarity,
    /// Words or phrases that express the concept, matched after stemming.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions for code-like tokens, matched on the raw answer.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// What to add when the concept is missed, and why it matters.
    pub hint: String,
    /// A follow-up question that probes the concept when it is missed.
    #[serde(default)]
    pub follow_up: Option<String>,
    /// What explaining the concept takes (rubric v1; v2 rubrics use `claims`).
    #[serde(default)]
    pub depth: Option<Depth>,
    /// What explaining the concept means, as 1-3 propositions (rubric v2).
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Plain-language sentences that express the concept without its key
    /// terms, for the semantic stage.
    #[serde(default)]
    pub exemplars: Vec<String>,
    /// Share of the weight earned when the concept is named but no claim is
    /// made (default: the scoring module's `NAMED_CREDIT`, at most 0.4).
    #[serde(default)]
    pub named_credit: Option<f64>,
    /// Sentences that must earn the concept (checked by `mock rubric test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences that must not earn it: negated mentions, near-miss terms.
    #[serde(default)]
    pub counterexamples: Vec<String>,
    /// The full id (`<library>/<id>`) of the library concept this one was
    /// resolved from, `None` for a concept defined in its rubric (see
    /// [`crate::library`]). Not part of any file format.
    #[serde(skip)]
    pub library: Option<String>,
}

/// An anti-pattern that costs points when an answer affirms it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedFlag {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// Human label shown in feedback.
    pub label: String,
    /// Points taken off the score when the red flag fires.
    pub penalty: f64,
    /// The highest score an answer that fires it can get (default: the
    /// scoring module's `RED_FLAG_CAP`, below the report's pass mark).
    #[serde(default)]
    pub cap: Option<f64>,
    /// Phrases that express the anti-pattern; a negated mention does not fire.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions on the raw answer; a negated match does not fire.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// First-person sentences that do the harmful thing, in plain words, for
    /// the semantic stage: a sentence of the answer that says "we/I do it"
    /// and comes close to one of them fires the red flag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemplars: Vec<String>,
    /// Why the anti-pattern is a problem and what to say instead.
    pub feedback: String,
    /// Sentences that must fire the red flag (checked by `mock rubric test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences that must not fire it, such as a rejection ("I would never ...").
    #[serde(default)]
    pub counterexamples: Vec<String>,
}
