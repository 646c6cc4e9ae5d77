//! `github`: GitHub Actions workflow commands that annotate the answer files.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>
//!
//! Every message and property goes through [`crate::escape::github_data`] /
//! [`crate::escape::github_property`], so no file name, id or text can end a
//! command or start another.

use std::fmt::Write;

use super::{Exporter, Readiness, Style};
use crate::escape::{github_data as data, github_property as property};
use crate::outcome::{Batch, FailureKind, Report, ScoredAnswer};

/// The `github` format.
pub struct Github;

impl Exporter for Github {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        render_scores(batch)
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        render(readiness.report)
    }
}

/// Scored answers: an `::error` on each answer below `--min-score`, a
/// `::warning` on each red flag where it fired, and a `::notice` with the
/// summary.
fn render_scores(batch: &Batch) -> String {
    let mut out = String::new();
    let threshold = batch.summary.threshold;
    for result in &batch.results {
        let a = &result.assessment;
        let (file, line, in_file) = location(result);
        let at = |line: usize, column: Option<usize>| match &file {
            Some(file) => {
                let column = column.map_or(String::new(), |c| format!(",col={c}"));
                format!("file={},line={line}{column},", property(file))
            }
            None => String::new(),
        };
        if let Some(min) = threshold.filter(|&min| a.score < min) {
            let _ = writeln!(
                out,
                "::error {}title={}::{}",
                at(line, None),
                property(&format!("mock: {}", a.question)),
                data(&format!(
                    "{}: score {:.1} is below {min}",
                    a.question, a.score
                ))
            );
        }
        for flag in &a.red_flags {
            let evidence = flag.evidence.first();
            let (line, column) = match evidence {
                Some(e) if in_file => (e.line, Some(e.column)),
                _ => (line, None),
            };
            let _ = writeln!(
                out,
                "::warning {}title={}::{}",
                at(line, column),
                property(&format!("mock: red flag {}", flag.id)),
                data(&format!(
                    "{}: red flag: {} - {}",
                    a.question, flag.label, flag.feedback
                ))
            );
        }
        for wrong in &a.misconceptions {
            let (line, column) = match wrong.evidence.first() {
                Some(e) if in_file => (e.line, Some(e.column)),
                _ => (line, None),
            };
            let _ = writeln!(
                out,
                "::warning {}title={}::{}",
                at(line, column),
                property(&format!("mock: wrong claim {}", wrong.id)),
                data(&format!(
                    "{}: wrong claim: {} - {}",
                    a.question, wrong.label, wrong.feedback
                ))
            );
        }
    }
    let s = &batch.summary;
    let mut summary = format!(
        "{}, mean score {:.1}",
        crate::terminal::plural(s.answers, "answer"),
        s.mean_score
    );
    if let Some(threshold) = s.threshold {
        let _ = write!(summary, ", {} below {threshold}", s.below_threshold);
    }
    if s.errors > 0 {
        let _ = write!(
            summary,
            ", {} could not be scored",
            crate::terminal::plural(s.errors, "input")
        );
    }
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        property("mock: scores"),
        data(&summary)
    );
    out
}

/// The file and line an annotation about `result` points at, and whether
/// lines of the answer text are lines of that file: the answer file and its
/// first line of text; for a JSONL record (`file:LINE`) the file and the
/// record's line; no file for stdin.
fn location(result: &ScoredAnswer) -> (Option<String>, usize, bool) {
    if result.source == "-" {
        return (None, result.line, false);
    }
    if let Some((file, line)) = result.source.rsplit_once(':') {
        if let (true, Ok(line)) = (file.ends_with(".jsonl"), line.parse::<usize>()) {
            return (Some(file.to_owned()), line, false);
        }
    }
    (Some(result.source.clone()), result.line, true)
}

/// The readiness report: one `::error`/`::warning`/`::notice` command per
/// line.
fn render(report: &Report) -> String {
    let mut out = String::new();
    for failure in &report.failures {
        let title = format!("mock: {}", failure.subject);
        match (&failure.source, failure.line) {
            (Some(file), Some(line)) => {
                let _ = writeln!(
                    out,
                    "::error file={},line={line},title={}::{}",
                    property(file),
                    property(&title),
                    data(&failure.message)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "::error title={}::{}",
                    property(&title),
                    data(&failure.message)
                );
            }
        }
    }
    // Wrong claims are shown whether or not the answer passed.
    for q in &report.questions {
        for wrong in &q.wrong {
            let _ = writeln!(
                out,
                "::warning file={},line={},title={}::{}",
                property(&q.source),
                wrong.line,
                property(&format!("mock: wrong claim {}", wrong.id)),
                data(&format!(
                    "{}: wrong claim: {} - {}",
                    q.question, wrong.label, wrong.feedback
                ))
            );
        }
    }
    if !report.unanswered.iter().any(|_| {
        report
            .failures
            .iter()
            .any(|f| f.kind == FailureKind::Unanswered)
    }) {
        for u in &report.unanswered {
            let message = format!("question {} ({}) has no answer yet", u.question, u.title);
            let _ = writeln!(
                out,
                "::notice title={}::{}",
                property("mock: unanswered"),
                data(&message)
            );
        }
    }
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        property("mock: readiness"),
        data(&format!(
            "readiness {:.1}/100, {}/{} answered, {}",
            report.readiness,
            report.answered,
            report.total,
            crate::terminal::plural(report.failures.len(), "threshold failure")
        ))
    );
    out
}
