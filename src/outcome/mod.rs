//! The outcome model: what every command produces and every format of
//! [`output`](crate::output) renders. Scored answers and their summary
//! ([`Batch`], from `mock score`), and the readiness verdict ([`Report`],
//! from `mock report`).
//!
//! The JSON formats are `derive(Serialize)` of these types;
//! `docs/json-output.md` documents them, and [`SCHEMA_VERSION`] and
//! [`REPORT_SCHEMA_VERSION`] change on any breaking change.

mod readiness;

use serde::Serialize;

pub use readiness::{
    Failure, FailureKind, Missed, NamedOnly, QuestionReport, RedFlagHit, Report, ThemeReport,
    Unanswered, WrongClaim, REPORT_SCHEMA_VERSION,
};

use crate::scoring::Assessment;

/// Version of the JSON output contract of `mock score`.
pub const SCHEMA_VERSION: u32 = 2;

/// One scored answer, as every format sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredAnswer {
    /// Where the answer came from: a path, `-`, or `file.jsonl:LINE`.
    pub source: String,
    /// The `id` label of a JSONL record, if it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The first line of the file that holds answer text (after front
    /// matter), where annotations about the whole answer point.
    #[serde(skip)]
    pub line: usize,
    /// The assessment.
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// The first line of `text` that is not blank (1 when there is none).
pub fn first_text_line(text: &str) -> usize {
    text.lines()
        .position(|l| !l.trim().is_empty())
        .map_or(1, |i| i + 1)
}

/// Totals over a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Answers scored.
    pub answers: usize,
    /// Inputs that could not be scored (reported on stderr).
    pub errors: usize,
    /// Mean score over the scored answers (0 when there are none).
    pub mean_score: f64,
    /// Lowest score, if any answer was scored.
    pub min_score: Option<f64>,
    /// The `--min-score` threshold, if one was given.
    pub threshold: Option<f64>,
    /// Answers scoring below the threshold.
    pub below_threshold: usize,
}

/// A scored batch: results in input order, and their summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    /// Results in input order.
    pub results: Vec<ScoredAnswer>,
    /// Totals.
    pub summary: Summary,
}

impl Batch {
    /// Builds a batch and its summary.
    pub fn new(results: Vec<ScoredAnswer>, errors: usize, threshold: Option<f64>) -> Batch {
        let mut totals = Totals::new(threshold);
        for result in &results {
            totals.add(result.assessment.score);
        }
        Batch {
            summary: totals.summary(errors),
            results,
        }
    }
}

/// A [`Summary`] kept up to date one score at a time, so a batch of any size
/// needs no list of its results to be summed up.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    answers: usize,
    sum: f64,
    min: Option<f64>,
    threshold: Option<f64>,
    below: usize,
}

impl Totals {
    /// No scores yet.
    pub fn new(threshold: Option<f64>) -> Self {
        Totals {
            answers: 0,
            sum: 0.0,
            min: None,
            threshold,
            below: 0,
        }
    }

    /// Counts one more score.
    pub fn add(&mut self, score: f64) {
        self.answers += 1;
        self.sum += score;
        self.min = Some(self.min.map_or(score, |m| m.min(score)));
        if self.threshold.is_some_and(|t| score < t) {
            self.below += 1;
        }
    }

    /// The summary, with `errors` inputs that could not be scored.
    pub fn summary(&self, errors: usize) -> Summary {
        let mean = if self.answers == 0 {
            0.0
        } else {
            self.sum / self.answers as f64
        };
        Summary {
            answers: self.answers,
            errors,
            mean_score: (mean * 10.0).round() / 10.0,
            min_score: self.min,
            threshold: self.threshold,
            below_threshold: self.below,
        }
    }
}
