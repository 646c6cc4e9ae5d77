//! The full feedback for one answer: coverage bar, concept table, red flags,
//! misses with hints, and the follow-up question.

use std::fmt::Write;

use comfy_table::Cell;

use super::style::{score_color, Color, Style};
use crate::matching::MatchKind;
use crate::scoring::{missed_by_weight, Assessment, ConceptResult, Evidence, Status};

/// Renders the full feedback for one assessment.
pub fn render_detail(a: &Assessment, style: &Style) -> String {
    let mut out = String::new();
    let score = style.paint(&format!("{:.1}", a.score), score_color(a.score));
    let _ = write!(
        out,
        "{} ({})  score {score}/100",
        style.paint(&a.question, Color::Bold),
        a.theme
    );
    if a.score < a.coverage {
        let taken: f64 = a.deductions.iter().map(|d| d.points).sum();
        let _ = write!(
            out,
            "  (coverage {:.1}, deductions -{taken:.1})",
            a.coverage
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "coverage {} {:.1}%  ({} words)",
        style.bar(a.coverage, 30),
        a.coverage,
        a.words
    );
    if !a.flags.is_empty() {
        let _ = writeln!(out, "flags: {}", a.flags.join(", "));
    }
    let _ = writeln!(out);

    let mut table = style.table();
    table.set_header(vec!["concept", "weight", "result", "evidence or hint"]);
    for concept in &a.concepts {
        let (result, detail) = if concept.status == Status::Contradicted {
            let wrong = a
                .misconceptions
                .iter()
                .find(|m| Some(&m.id) == concept.contradicted_by.as_ref());
            let detail = wrong.map_or(String::new(), |m| {
                format!("{} - wrong: {}", quote_all(&m.evidence), m.label)
            });
            (style.cell("contradicted", Color::Red), detail)
        } else if concept.explained == Some(false) {
            let detail = format!(
                "{} - {}",
                quote_all(&concept.evidence),
                explain_more(concept)
            );
            (style.cell(concept.status.describe(), Color::Yellow), detail)
        } else if concept.hit {
            let how = concept.how.map_or("", kind_name);
            (
                style.cell(
                    &format!("{} ({how})", concept.status.describe()),
                    Color::Green,
                ),
                quote_all(&concept.evidence),
            )
        } else {
            let mut detail = concept.hint.clone();
            if let Some(blocked) = concept.blocked.first() {
                let cue = blocked.negated_by.as_deref().unwrap_or("");
                detail = format!(
                    "{} (not counted: negated by \"{cue}\") {detail}",
                    quote(blocked)
                );
            }
            (style.cell("missed", Color::Red), detail)
        };
        table.add_row(vec![
            Cell::new(&concept.label),
            Cell::new(concept.weight),
            result,
            Cell::new(detail),
        ]);
    }
    let _ = writeln!(out, "{table}");

    if !a.red_flags.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Red flags", Color::Bold));
        for flag in &a.red_flags {
            let mark = style.paint(&format!("x {} (-{})", flag.label, flag.penalty), Color::Red);
            let _ = writeln!(out, "  {mark}: {}", quote_all(&flag.evidence));
            let _ = writeln!(out, "    {}", flag.feedback);
        }
    }
    if !a.misconceptions.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Wrong claims", Color::Bold));
        for wrong in &a.misconceptions {
            let mark = style.paint(&format!("x {}", wrong.label), Color::Red);
            let _ = writeln!(out, "  {mark}: {}", quote_all(&wrong.evidence));
            let _ = writeln!(out, "    {}", wrong.feedback);
        }
    }
    let shallow: Vec<_> = a
        .concepts
        .iter()
        .filter(|c| c.explained == Some(false))
        .collect();
    if !shallow.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.paint("Mentioned, not explained", Color::Bold)
        );
        for concept in shallow {
            let _ = writeln!(
                out,
                "  - {} (weight {}, {:.0}% credit): {}",
                concept.label,
                concept.weight,
                concept.credit * 100.0,
                explain_more(concept)
            );
        }
    }
    if !a.deductions.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.paint("Why the score is below the coverage", Color::Bold)
        );
        for line in deduction_lines(a) {
            let _ = writeln!(out, "  - {line}");
        }
    }
    for sequence in a
        .sequences
        .iter()
        .filter(|q| q.order.len() >= 2 && q.credit < 1.0)
    {
        let _ = writeln!(
            out,
            "\n{} {} ({:.0}% in order): {}",
            style.paint("Order:", Color::Bold),
            sequence.label,
            sequence.credit * 100.0,
            sequence.hint
        );
    }
    let missed = missed_by_weight(a);
    if !missed.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.paint("Missed, most important first", Color::Bold)
        );
        for concept in missed {
            let _ = writeln!(
                out,
                "  - {} (weight {}): {}",
                concept.label, concept.weight, concept.hint
            );
        }
    }
    if let Some(follow_up) = &a.follow_up {
        let _ = writeln!(
            out,
            "\n{} {follow_up}",
            style.paint("Follow-up:", Color::Bold)
        );
    }
    out
}

fn kind_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "exact",
        MatchKind::Pattern => "pattern",
        MatchKind::Stem => "stem",
        MatchKind::Fuzzy => "fuzzy",
        MatchKind::Paraphrase => "paraphrase, half credit",
        MatchKind::Semantic => "in other words",
    }
}

/// What a named but unexplained concept still needs: its first missing
/// claim (rubric v2) or its depth hint (v1).
pub(crate) fn explain_more(concept: &ConceptResult) -> String {
    if let Some(claim) = concept.missing_claims().next() {
        if concept.status == Status::Partial && concept.evidence.is_empty() {
            return format!("say more: {}", claim.text);
        }
        if concept.status == Status::Partial {
            let at = &concept.evidence[0];
            return format!(
                "you seem to describe {} at {}:{}; name it and say: {}",
                concept.label, at.line, at.column, claim.text
            );
        }
        return format!("explain it: {}", claim.text);
    }
    concept.depth_hint.clone().unwrap_or_default()
}

/// One line per penalty or cap that took points: which rule, how many.
pub fn deduction_lines(a: &Assessment) -> Vec<String> {
    a.deductions
        .iter()
        .map(|d| {
            let what = match d.rule.as_str() {
                "red-flag" => format!("red flag {}", d.id.as_deref().unwrap_or_default()),
                "misconception" => {
                    format!("wrong claim {}", d.id.as_deref().unwrap_or_default())
                }
                other => format!("{other} answer"),
            };
            let how = match (d.penalty > 0.0, d.cap) {
                (true, Some(cap)) => format!("penalty {} and score capped at {cap}", d.penalty),
                (true, None) => format!("penalty {}", d.penalty),
                (false, Some(cap)) => format!("score capped at {cap}"),
                (false, None) => String::new(),
            };
            format!("{what}: {how}, -{:.1} points", d.points)
        })
        .collect()
}

/// `"text" (line:column)`, with the misspelling noted for fuzzy matches.
pub(crate) fn quote(evidence: &Evidence) -> String {
    let text: String = evidence
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut quoted = format!("\"{text}\" ({}:{})", evidence.line, evidence.column);
    for note in &evidence.fuzzy {
        let _ = write!(quoted, " [{} ~ {}]", note.found, note.expected);
    }
    quoted
}

fn quote_all(evidence: &[Evidence]) -> String {
    evidence.iter().map(quote).collect::<Vec<_>>().join(", ")
}
