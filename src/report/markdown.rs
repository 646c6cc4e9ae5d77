//! The `markdown` format: a summary table, then per answer its misses with
//! hints, for pull-request comments and CI job summaries.

use std::fmt::Write;

use super::Batch;
use crate::scoring::missed_by_weight;

/// Renders a batch as GitHub-flavoured Markdown.
pub fn render(batch: &Batch) -> String {
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
            "| {} | `{}` | {:.1} | {:.1} | {} |",
            cell(result.label.as_deref().unwrap_or(&result.source)),
            a.question,
            a.score,
            a.coverage,
            cell(&flags.join("; ")),
        );
    }
    let s = &batch.summary;
    let _ = writeln!(
        out,
        "\n{} answers, mean score {:.1}.",
        s.answers, s.mean_score
    );
    for result in &batch.results {
        let a = &result.assessment;
        let missed = missed_by_weight(a);
        if missed.is_empty() && a.red_flags.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n## {} (`{}`, {:.1})\n",
            cell(&result.source),
            a.question,
            a.score
        );
        for flag in &a.red_flags {
            let _ = writeln!(
                out,
                "- **Red flag: {}** (-{}): {}",
                flag.label, flag.penalty, flag.feedback
            );
        }
        for concept in missed {
            let _ = writeln!(
                out,
                "- **{}** (weight {}): {}",
                concept.label, concept.weight, concept.hint
            );
        }
    }
    out
}

/// Escapes text for a Markdown table cell or list item: no `|` to split the
/// cell, no line break (`\n`, `\r`) to end it, no raw HTML (`<`, `>`, `&`
/// as entities). File names, ids and error messages go through here.
pub(crate) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}
