//! The output layer: one [`Format`] enum and one [`Exporter`] trait over the
//! outcome model ([`crate::outcome`]), with one file per format, as in
//! hyperfine's `src/export/`. Every format renders both outcomes: the scored
//! answers of `mock score` ([`Batch`]) and the readiness verdict of
//! `mock report` ([`Readiness`]).
//!
//! ```text
//! outcome::Batch ──┐            ┌─ table.rs     markdown.rs   html.rs (+ svg.rs)
//!                  ├─ Exporter ─┼─ json.rs      junit.rs
//! outcome::Report ─┘            └─ jsonl.rs     github.rs
//! ```
//!
//! Renderers return a `String` and do no I/O, so each format is
//! snapshot-tested on its own (`tests/snapshots/`, `tests/cmd/`). Untrusted
//! text goes through [`crate::escape`] (Markdown, workflow commands) or the
//! template crate's escaping (HTML, SVG); terminal output is filtered by
//! [`crate::terminal`].

pub mod detail;
mod github;
mod html;
pub mod interview;
mod json;
mod jsonl;
mod junit;
mod markdown;
pub mod style;
pub mod svg;
mod table;

pub use detail::render_detail;
pub use html::progress_page;
pub use jsonl::render_line;
pub use style::Style;
pub use table::{due_table, history_lines, sparkline, stats_table};

use crate::bank::Bank;
use crate::history::Attempt;
use crate::outcome::{Batch, Report, ScoredAnswer, Totals};

/// The output formats, of `mock score` and `mock report` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: a table (the full feedback when one answer is scored).
    Table,
    /// One JSON document (`docs/json-output.md`).
    Json,
    /// One JSON object per line (`docs/json-output.md`).
    Jsonl,
    /// Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments.
    Markdown,
    /// JUnit XML, one test case per answer.
    Junit,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// Whether the format is text for people, which the terminal filter
    /// cleans and which says nothing when every input failed.
    pub fn is_human(self) -> bool {
        self == Format::Table
    }
}

/// The readiness verdict of `mock report`, with what its page needs besides
/// the report: the bank (every concept of every question, for the HTML
/// concept map) and, with `--history`, the practice over time.
pub struct Readiness<'a> {
    /// The verdict.
    pub report: &'a Report,
    /// The bank the answers were scored against.
    pub bank: &'a Bank,
    /// Practice attempts to chart, and the threshold line to draw.
    pub progress: Option<(&'a [Attempt], f64)>,
}

/// One output format: renders each outcome to a string, without I/O.
pub trait Exporter {
    /// The scored answers of `mock score`.
    fn scores(&self, batch: &Batch, style: &Style) -> String;
    /// The readiness verdict of `mock report`.
    fn readiness(&self, readiness: &Readiness<'_>, style: &Style) -> String;
}

/// The exporter of `format`.
pub fn exporter(format: Format) -> &'static dyn Exporter {
    match format {
        Format::Table => &table::Table,
        Format::Json => &json::Json,
        Format::Jsonl => &jsonl::Jsonl,
        Format::Markdown => &markdown::Markdown,
        Format::Junit => &junit::Junit,
        Format::Github => &github::Github,
        Format::Html => &html::Html,
    }
}

/// Renders scored answers in `format`.
pub fn render(format: Format, batch: &Batch, style: &Style) -> String {
    exporter(format).scores(batch, style)
}

/// Renders a readiness verdict in `format`.
pub fn render_readiness(format: Format, readiness: &Readiness<'_>, style: &Style) -> String {
    exporter(format).readiness(readiness, style)
}

/// Output of a format written as results come: JSON and the table keep per
/// answer only what the end needs (a table row), not the assessment, so a
/// batch of 100,000 answers stays small. The other formats keep the results.
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
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match self {
            Streamed::Json(writer) => writer.add(&result, out)?,
            Streamed::Table(rows) => rows.add(result),
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

/// A Unix time (UTC) in `format`, if it is a representable time.
fn utc(
    seconds: i64,
    format: &[time::format_description::BorrowedFormatItem<'_>],
) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(format).ok())
}

/// `2026-11-25 14:05` (UTC) of a Unix time; the number itself when it is
/// out of range.
fn date_time(seconds: i64) -> String {
    utc(
        seconds,
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]"),
    )
    .unwrap_or_else(|| seconds.to_string())
}
