//! `markdown`: for `$GITHUB_STEP_SUMMARY` and pull-request comments.

use std::fmt::Write;

use super::verdict;
use crate::readiness::Report;
use crate::report::markdown::cell;

/// Renders the report as GitHub-flavoured Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let icon = if report.passed { "✅" } else { "❌" };
    let _ = writeln!(
        out,
        "## {icon} Interview readiness: {:.1}/100 ({})\n\n{}/{} questions answered, {} threshold failures.\n",
        report.readiness,
        verdict(report),
        report.answered,
        report.total,
        report.failures.len()
    );
    out.push_str("| question | answer | score | min | status |\n|---|---|---:|---:|---|\n");
    for q in &report.questions {
        let status = if q.passed { "✅ pass" } else { "❌ fail" };
        let _ = writeln!(
            out,
            "| `{}` | {} | {:.1} | {} | {status} |",
            q.question,
            cell(&q.source),
            q.score,
            q.min_score
        );
    }
    out.push_str("\n| theme | answered | mean score | min |\n|---|---:|---:|---:|\n");
    for t in &report.themes {
        let mean = t.mean_score.map_or("-".to_owned(), |m| format!("{m:.1}"));
        let min = t.min_score.map_or("-".to_owned(), |m| m.to_string());
        let _ = writeln!(
            out,
            "| {} | {}/{} | {mean} | {min} |",
            t.theme, t.answered, t.total
        );
    }
    for q in report.questions.iter().filter(|q| !q.passed) {
        let _ = writeln!(
            out,
            "\n### ❌ `{}`: {} ({:.1}, needs {})\n",
            q.question, q.title, q.score, q.min_score
        );
        for flag in &q.red_flags {
            let _ = writeln!(
                out,
                "- **Red flag: {}** (line {}): {}",
                flag.label, flag.line, flag.feedback
            );
        }
        for missed in &q.missed {
            let _ = writeln!(
                out,
                "- **{}** (weight {}): {}",
                missed.label, missed.weight, missed.hint
            );
        }
    }
    let other: Vec<&str> = report
        .failures
        .iter()
        .filter(|f| f.source.is_none())
        .map(|f| f.message.as_str())
        .collect();
    if !other.is_empty() {
        out.push_str("\n### Other thresholds\n\n");
        for message in other {
            let _ = writeln!(out, "- {message}");
        }
    }
    if !report.unanswered.is_empty() {
        out.push_str("\n### Not answered yet\n\n");
        for u in &report.unanswered {
            let _ = writeln!(out, "- `{}` ({}): {}", u.question, u.theme, u.title);
        }
    }
    if !report.errors.is_empty() {
        out.push_str("\n### Inputs that could not be scored\n\n");
        for error in &report.errors {
            let _ = writeln!(out, "- {}", cell(error));
        }
    }
    out
}
