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

/// Output of a format written as results come: JSON and the table keep per
/// answer only what the end needs (a table row), not the assessment, so a
/// batch of 100,000 answers stays small. Markdown keeps the results.
pub enum Streamed {
    /// The JSON document, written result by result.
    Json(json::JsonWriter),
    /// The rows of the summary table (and the first result, which alone is
    /// shown in full).
    Table(table::Rows),
    /// Every result, rendered at the end.
    Kept(Format, Vec<ScoredAnswer>),
}

impl Streamed {
    /// Starts the output of `format` (not JSON Lines, which needs nothing).
    pub fn new(format: Format) -> Self {
        match format {
            Format::Json => Streamed::Json(json::JsonWriter::default()),
            Format::Table => Streamed::Table(table::Rows::default()),
            format => Streamed::Kept(format, Vec::new()),
        }
    }

    /// Takes one result, writing to `out` what can be written now.
    pub fn add(
        &mut self,
        result: ScoredAnswer,
        style: &Style,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match self {
            Streamed::Json(writer) => writer.add(&result, out)?,
            Streamed::Table(rows) => rows.add(result, style),
            Streamed::Kept(_, results) => results.push(result),
        }
        Ok(())
    }

    /// Writes the rest: the summary, and what had to wait for it.
    pub fn finish(
        self,
        totals: &Totals,
        errors: usize,
        style: &Style,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let summary = totals.summary(errors);
        // When every input failed, the errors on stderr say it all: no
        // empty table and no "0 answers" line for people.
        let for_people = matches!(
            self,
            Streamed::Table(_) | Streamed::Kept(Format::Markdown, _)
        );
        if summary.answers == 0 && for_people {
            return Ok(());
        }
        match self {
            Streamed::Json(writer) => writer.finish(&summary, out),
            Streamed::Table(rows) => out.write_all(rows.render(&summary, style).as_bytes()),
            Streamed::Kept(format, results) => {
                let batch = Batch { results, summary };
                out.write_all(render(format, &batch, style).as_bytes())
            }
        }
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
