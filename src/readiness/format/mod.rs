//! The formats of `mock report`: one file each, all rendering the same
//! [`Report`](super::Report) to a string without I/O.

mod github;
mod html;
mod junit;
mod markdown;
mod table;

pub use html::escape as escape_html;

use super::Report;
use crate::report::Style;

/// The output formats of `mock report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A terminal summary, worst first.
    Table,
    /// Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments.
    Markdown,
    /// JUnit XML: a suite per theme, a test case per question.
    Junit,
    /// The report as JSON (`docs/json-output.md`).
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
    /// One self-contained HTML page with charts and a heat map.
    Html,
}

/// Renders `report` in `format`.
pub fn render(
    format: ReportFormat,
    report: &Report,
    bank: &crate::bank::Bank,
    style: &Style,
) -> String {
    match format {
        ReportFormat::Table => table::render(report, style),
        ReportFormat::Markdown => markdown::render(report),
        ReportFormat::Junit => junit::render(report),
        ReportFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(report).expect("the report always serializes");
            text.push('\n');
            text
        }
        ReportFormat::Github => github::render(report),
        ReportFormat::Html => html::render(report, bank),
    }
}

/// "passed" or "FAILED", for summaries.
fn verdict(report: &Report) -> &'static str {
    if report.passed {
        "passed"
    } else {
        "FAILED"
    }
}
