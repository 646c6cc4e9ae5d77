//! `table`: the terminal summary, worst first.

use std::fmt::Write;

use comfy_table::Cell;

use crate::readiness::Report;
use crate::report::style::{score_color, Color, Style};

/// Renders the report for a terminal.
pub fn render(report: &Report, style: &Style) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "question",
        "source",
        "score",
        "min",
        "status",
        "top misses",
    ]);
    for q in &report.questions {
        let status = if q.passed {
            style.cell("pass", Color::Green)
        } else {
            style.cell("FAIL", Color::Red)
        };
        let misses: Vec<&str> = q.missed.iter().take(3).map(|m| m.label.as_str()).collect();
        let mut detail = misses.join("; ");
        for flag in &q.red_flags {
            detail = format!("red flag: {}; {detail}", flag.label);
        }
        table.add_row(vec![
            Cell::new(&q.question),
            Cell::new(&q.source),
            style.cell(&format!("{:.1}", q.score), score_color(q.score)),
            Cell::new(q.min_score),
            status,
            Cell::new(detail),
        ]);
    }
    let mut out = format!("{table}\n\n");
    let mut themes = style.table();
    themes.set_header(vec!["theme", "answered", "mean score", "min"]);
    for t in &report.themes {
        themes.add_row(vec![
            Cell::new(&t.theme),
            Cell::new(format!("{}/{}", t.answered, t.total)),
            t.mean_score.map_or(Cell::new("-"), |m| {
                style.cell(&format!("{m:.1}"), score_color(m))
            }),
            Cell::new(t.min_score.map_or("-".to_owned(), |m| m.to_string())),
        ]);
    }
    let _ = writeln!(out, "{themes}\n");
    if !report.unanswered.is_empty() {
        let ids: Vec<&str> = report
            .unanswered
            .iter()
            .map(|u| u.question.as_str())
            .collect();
        let _ = writeln!(out, "Unanswered ({}): {}", ids.len(), ids.join(", "));
    }
    for failure in &report.failures {
        let _ = writeln!(out, "{} {}", style.paint("x", Color::Red), failure.message);
    }
    let verdict = if report.passed {
        style.paint("passed", Color::Green)
    } else {
        style.paint("FAILED", Color::Red)
    };
    let _ = writeln!(
        out,
        "Readiness {:.1}/100, {}/{} questions answered, {} threshold failures: {verdict}",
        report.readiness,
        report.answered,
        report.total,
        report.failures.len()
    );
    out
}
