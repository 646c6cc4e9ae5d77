//! Report formats: one result model, one small renderer per format.
//!
//! Every renderer turns the same [`Batch`] into a `String` and does no I/O,
//! so each format is snapshot-tested on its own (`tests/snapshots/`). The JSON
//! formats are `derive(Serialize)` of the model; `docs/json-output.md`
//! documents them and [`SCHEMA_VERSION`] changes on any breaking change.

pub mod detail;
mod json;
pub(crate) mod markdown;
pub mod style;
mod table;

use serde::Serialize;

pub use detail::render_detail;
pub use json::render_line;
pub use style::Style;

use crate::scoring::Assessment;

/// Version of the JSON output contract.
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
        let scores: Vec<f64> = results.iter().map(|r| r.assessment.score).collect();
        let mean = if scores.is_empty() {
            0.0
        } else {
            scores.iter().sum::<f64>() / scores.len() as f64
        };
        let summary = Summary {
            answers: results.len(),
            errors,
            mean_score: (mean * 10.0).round() / 10.0,
            min_score: scores.iter().copied().reduce(f64::min),
            threshold,
            below_threshold: threshold.map_or(0, |t| scores.iter().filter(|&&s| s < t).count()),
        };
        Batch { results, summary }
    }
}

/// The output formats of `mock score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people; the full feedback when there is one answer.
    Table,
    /// One JSON document: `{"schema", "results", "summary"}`.
    Json,
    /// One JSON result object per line.
    Jsonl,
    /// A Markdown summary with the missed concepts and hints.
    Markdown,
}

/// Renders a batch in `format`.
pub fn render(format: Format, batch: &Batch, style: &Style) -> String {
    match format {
        Format::Table => table::render(batch, style),
        Format::Json => json::render(batch),
        Format::Jsonl => json::render_lines(batch),
        Format::Markdown => markdown::render(batch),
    }
}
