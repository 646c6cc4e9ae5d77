//! The readiness verdict of `mock report`: per answer, per theme and
//! overall, with every unmet threshold as a [`Failure`].

use serde::Serialize;

/// Version of the report's JSON contract (`docs/json-output.md`).
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The self-assessment of a folder of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Version of this JSON contract.
    pub schema: u32,
    /// Whether every threshold was met.
    pub passed: bool,
    /// Mean best score over the bank's questions, unanswered ones counting 0.
    pub readiness: f64,
    /// Distinct questions answered.
    pub answered: usize,
    /// Questions in the bank.
    pub total: usize,
    /// The configuration file used, if any.
    pub config: Option<String>,
    /// One entry per answer file, worst first.
    pub questions: Vec<QuestionReport>,
    /// One entry per theme of the bank, in bank order.
    pub themes: Vec<ThemeReport>,
    /// Questions of the bank with no answer.
    pub unanswered: Vec<Unanswered>,
    /// Every unmet threshold.
    pub failures: Vec<Failure>,
    /// Inputs that could not be scored, one message each.
    pub errors: Vec<String>,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionReport {
    /// The answer file.
    pub source: String,
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// Question title.
    pub title: String,
    /// Score 0-100.
    pub score: f64,
    /// Coverage 0-100.
    pub coverage: f64,
    /// The minimum score that applies.
    pub min_score: f64,
    /// Whether every threshold of this answer was met.
    pub passed: bool,
    /// Missed concepts, heaviest first.
    pub missed: Vec<Missed>,
    /// Red flags that fired.
    pub red_flags: Vec<RedFlagHit>,
    /// Concepts named (or partly said) without the explanation that earns
    /// their full weight.
    pub named_only: Vec<NamedOnly>,
    /// Wrong claims (misconceptions) the answer states.
    pub wrong: Vec<WrongClaim>,
    /// The line where the answer text starts (after front matter).
    pub line: usize,
}

/// A missed concept with its hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    /// Concept id.
    pub id: String,
    /// Concept label.
    pub label: String,
    /// Concept weight.
    pub weight: f64,
    /// What to add and why.
    pub hint: String,
}

/// A concept named without its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedOnly {
    /// Concept id.
    pub id: String,
    /// Concept label.
    pub label: String,
    /// Share of its weight earned.
    pub credit: f64,
}

/// A wrong claim the answer states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrongClaim {
    /// Misconception id.
    pub id: String,
    /// What the wrong claim says.
    pub label: String,
    /// The concept it contradicts, if any.
    pub concept: Option<String>,
    /// Why it is wrong.
    pub feedback: String,
    /// Line of the first place it is stated.
    pub line: usize,
}

/// A red flag that fired, where it fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagHit {
    /// Red flag id.
    pub id: String,
    /// Red flag label.
    pub label: String,
    /// Points taken off.
    pub penalty: f64,
    /// Why it matters.
    pub feedback: String,
    /// Line of the first affirmed mention.
    pub line: usize,
    /// Column of the first affirmed mention.
    pub column: usize,
}

/// One theme of the bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeReport {
    /// Theme name.
    pub theme: String,
    /// Mean best score over the theme's answered questions (`null` if none).
    pub mean_score: Option<f64>,
    /// Questions of the theme answered.
    pub answered: usize,
    /// Questions of the theme in the bank.
    pub total: usize,
    /// The configured minimum mean, if any.
    pub min_score: Option<f64>,
    /// Whether the theme threshold (if any) was met.
    pub passed: bool,
}

/// A question of the bank without an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unanswered {
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// Question title.
    pub title: String,
}

/// Which threshold a failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// An answer scored below its minimum.
    QuestionScore,
    /// An answer missed a required concept.
    RequiredConcept,
    /// An answer fired a red flag.
    RedFlag,
    /// A theme's mean score is below its minimum.
    ThemeScore,
    /// The overall readiness is below its minimum.
    Readiness,
    /// A question of the bank has no answer.
    Unanswered,
}

/// One unmet threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// Which threshold.
    pub kind: FailureKind,
    /// The question id, theme or `readiness`.
    pub subject: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The answer file, for failures about an answer.
    pub source: Option<String>,
    /// The line in the answer file, where one applies.
    pub line: Option<usize>,
}

impl Report {
    /// "passed" or "FAILED", for summaries.
    pub fn verdict(&self) -> &'static str {
        if self.passed {
            "passed"
        } else {
            "FAILED"
        }
    }
}
