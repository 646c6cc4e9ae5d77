//! `jsonl`: JSON Lines, one compact object per line (`docs/json-output.md`).
//! For scored answers, one result per line (the objects of the `json`
//! document's `results`); for the readiness report, one record per line,
//! tagged with its `type`, the summary first.

use serde::Serialize;

use super::{Exporter, Readiness, Style};
use crate::outcome::{
    Batch, Failure, QuestionReport, Report, ScoredAnswer, ThemeReport, Unanswered,
};

/// The `jsonl` format.
pub struct Jsonl;

impl Exporter for Jsonl {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        batch.results.iter().map(render_line).collect()
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        records(readiness.report).iter().map(line).collect()
    }
}

/// One result as a line of JSON Lines.
pub fn render_line(result: &ScoredAnswer) -> String {
    line(result)
}

fn line(value: &impl Serialize) -> String {
    let mut line = serde_json::to_string(value).expect("the outcome model always serializes");
    line.push('\n');
    line
}

/// One line of the report as JSON Lines.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum ReportLine<'a> {
    /// The verdict: the report's top-level fields.
    Summary {
        schema: u32,
        passed: bool,
        readiness: f64,
        answered: usize,
        total: usize,
        config: &'a Option<String>,
    },
    /// One answered question (an item of `questions`).
    Question(&'a QuestionReport),
    /// One theme (an item of `themes`).
    Theme(&'a ThemeReport),
    /// One question without an answer (an item of `unanswered`).
    Unanswered(&'a Unanswered),
    /// One unmet threshold (an item of `failures`).
    Failure(&'a Failure),
    /// One input that could not be scored (an item of `errors`).
    Error { message: &'a str },
}

/// The report's records, in the order of the JSON document's fields.
fn records(report: &Report) -> Vec<ReportLine<'_>> {
    let mut records = vec![ReportLine::Summary {
        schema: report.schema,
        passed: report.passed,
        readiness: report.readiness,
        answered: report.answered,
        total: report.total,
        config: &report.config,
    }];
    records.extend(report.questions.iter().map(ReportLine::Question));
    records.extend(report.themes.iter().map(ReportLine::Theme));
    records.extend(report.unanswered.iter().map(ReportLine::Unanswered));
    records.extend(report.failures.iter().map(ReportLine::Failure));
    records.extend(
        report
            .errors
            .iter()
            .map(|e| ReportLine::Error { message: e }),
    );
    records
}
