//! `markdown`: GitHub-flavoured Markdown for pull-request comments and
//! `$GITHUB_STEP_SUMMARY`. For scored answers, a summary table, then per
//! answer its misses with hints; for the readiness report, the verdict,
//! tables per question and theme, and what failed. Every text from answers,
//! rubrics and the configuration goes through [`crate::escape::markdown`].

use std::fmt::Write;

use super::detail::closeness_line;
use super::{Exporter, Readiness, Style};
use crate::escape::{markdown as cell, markdown_code as code};
use crate::outcome::{Batch, Report};
use crate::scoring::{missed_by_weight, Status};

/// The `markdown` format.
pub struct Markdown;

impl Exporter for Markdown {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        render(batch)
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        render_report(readiness.report, readiness.bank)
    }
}

/// Renders a batch as GitHub-flavoured Markdown.
fn render(batch: &Batch) -> String {
    if batch.results.is_empty() {
        // Every input failed (stderr names each one), or there were none.
        return if batch.summary.errors > 0 {
            String::new()
        } else {
            "# Mock interview scores\n\nNo answers to score in the inputs.\n".to_owned()
        };
    }
    let mut out = String::from("# Mock interview scores\n\n");
    out.push_str("| source | question | score | coverage | red flags |\n|---|---|---:|---:|---|\n");
    for result in &batch.results {
        let a = &result.assessment;
        let flags: Vec<&str> = a.red_flags.iter().map(|f| f.label.as_str()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {} |",
            cell(result.label.as_deref().unwrap_or(&result.source)),
            code(&a.question),
            a.score,
            a.coverage,
            cell(&flags.join("; ")),
        );
    }
    let s = &batch.summary;
    let _ = writeln!(
        out,
        "\n{}, mean score {:.1}.",
        crate::terminal::plural(s.answers, "answer"),
        s.mean_score
    );
    for result in &batch.results {
        let a = &result.assessment;
        let missed = missed_by_weight(a);
        let named: Vec<_> = a
            .concepts
            .iter()
            .filter(|c| c.hit && c.credit < 1.0 && c.status != Status::Contradicted)
            .collect();
        if missed.is_empty()
            && a.red_flags.is_empty()
            && a.misconceptions.is_empty()
            && named.is_empty()
        {
            continue;
        }
        let _ = writeln!(
            out,
            "\n## {} ({}, {:.1})\n",
            cell(&result.source),
            code(&a.question),
            a.score
        );
        if let Some(closeness) = &a.closeness {
            let _ = writeln!(out, "- {}", cell(&closeness_line(closeness)));
        }
        for flag in &a.red_flags {
            let _ = writeln!(
                out,
                "- **Red flag: {}** (-{}): {}",
                cell(&flag.label),
                flag.penalty,
                cell(&flag.feedback)
            );
        }
        for wrong in &a.misconceptions {
            let _ = writeln!(
                out,
                "- {WRONG} **Wrong claim: {}**: {}",
                cell(&wrong.label),
                cell(&wrong.feedback)
            );
        }
        for concept in missed {
            let _ = writeln!(
                out,
                "- {MISSED} **{}** (weight {}): {}",
                cell(&concept.label),
                concept.weight,
                cell(&concept.hint)
            );
        }
        for concept in named {
            let _ = writeln!(
                out,
                "- {NAMED} **{}** (weight {}): named, not explained ({:.0}% credit)",
                cell(&concept.label),
                concept.weight,
                concept.credit * 100.0
            );
        }
    }
    out
}

/// Every concept of an answered question with its mark, in rubric order.
fn concept_marks(q: &crate::outcome::QuestionReport, bank: &crate::bank::Bank) -> String {
    let Some(entry) = bank.get(&q.question) else {
        return String::new();
    };
    entry
        .rubric
        .concepts
        .iter()
        .map(|c| {
            let id = Some(c.id.as_str());
            let mark = if q.wrong.iter().any(|w| w.concept.as_deref() == id) {
                WRONG
            } else if q.missed.iter().any(|m| m.id == c.id) {
                MISSED
            } else if q.named_only.iter().any(|n| n.id == c.id) {
                NAMED
            } else {
                EXPLAINED
            };
            format!("{mark} {}", cell(&c.label))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The marks of a concept's outcome, the same in every Markdown output.
const EXPLAINED: &str = "✅";
/// Named without the explanation.
const NAMED: &str = "🟡";
/// Not in the answer.
const MISSED: &str = "❌";
/// Contradicted by a wrong claim.
const WRONG: &str = "⚠️";

/// Renders the report as GitHub-flavoured Markdown.
fn render_report(report: &Report, bank: &crate::bank::Bank) -> String {
    let mut out = String::new();
    let icon = if report.passed { "✅" } else { "❌" };
    let _ = writeln!(
        out,
        "## {icon} Interview readiness: {:.1}/100 ({})\n\n{}/{} questions answered, {}.\n",
        report.readiness,
        report.verdict(),
        report.answered,
        report.total,
        crate::terminal::plural(report.failures.len(), "threshold failure")
    );
    out.push_str("| question | answer | score | min | status |\n|---|---|---:|---:|---|\n");
    for q in &report.questions {
        let status = if q.passed { "✅ pass" } else { "❌ fail" };
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {} | {status} |",
            code(&q.question),
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
            cell(&t.theme),
            t.answered,
            t.total
        );
    }
    for q in report.questions.iter().filter(|q| !q.passed) {
        let _ = writeln!(
            out,
            "\n### ❌ {}: {} ({:.1}, needs {})\n",
            code(&q.question),
            cell(&q.title),
            q.score,
            q.min_score
        );
        for flag in &q.red_flags {
            let _ = writeln!(
                out,
                "- **Red flag: {}** (line {}): {}",
                cell(&flag.label),
                flag.line,
                cell(&flag.feedback)
            );
        }
        for wrong in &q.wrong {
            let _ = writeln!(
                out,
                "- {WRONG} **Wrong claim: {}** (line {}): {}",
                cell(&wrong.label),
                wrong.line,
                cell(&wrong.feedback)
            );
        }
        for missed in &q.missed {
            let _ = writeln!(
                out,
                "- {MISSED} **{}** (weight {}): {}",
                cell(&missed.label),
                missed.weight,
                cell(&missed.hint)
            );
        }
        for named in &q.named_only {
            let _ = writeln!(
                out,
                "- {NAMED} **{}**: named, not explained ({:.0}% credit)",
                cell(&named.label),
                named.credit * 100.0
            );
        }
    }
    // Wrong claims of answers that passed are shown too.
    for q in report
        .questions
        .iter()
        .filter(|q| q.passed && !q.wrong.is_empty())
    {
        let _ = writeln!(out, "\n### {WRONG} {}: wrong claims\n", code(&q.question));
        for wrong in &q.wrong {
            let _ = writeln!(
                out,
                "- **{}** (line {}): {}",
                cell(&wrong.label),
                wrong.line,
                cell(&wrong.feedback)
            );
        }
    }
    if !report.questions.is_empty() {
        let _ = writeln!(
            out,
            "\n### Concepts\n\n{EXPLAINED} explained · {NAMED} named, not explained · {MISSED} missed · {WRONG} contradicted by a wrong claim\n"
        );
        for q in &report.questions {
            let _ = writeln!(out, "- {}: {}", code(&q.question), concept_marks(q, bank));
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
            let _ = writeln!(out, "- {}", cell(message));
        }
    }
    if !report.unanswered.is_empty() {
        out.push_str("\n### Not answered yet\n\n");
        for u in &report.unanswered {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                code(&u.question),
                cell(&u.theme),
                cell(&u.title)
            );
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
