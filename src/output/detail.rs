//! The full feedback for one answer: coverage bar, concept table, red flags,
//! misses with hints, and the follow-up question.

use std::fmt::Write;

use comfy_table::Cell;

use super::style::{score_color, Color, Style};
use crate::matching::MatchKind;
use crate::scoring::{missed_by_weight, Assessment, Closeness, ConceptResult, Evidence, Status};

/// Misses whose hint the compact feedback shows; the others are named.
const HINTS_SHOWN: usize = 2;

/// Renders the feedback for one assessment: compact by default (what was
/// covered with one quote each, the three most important misses with their
/// hints, the other misses named), or with `style.verbose` the full concept
/// table with all the evidence and every miss with its hint. Each hint is
/// printed once, and text is wrapped at word boundaries to `style.width`.
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
        let _ = write!(out, "  (coverage {:.1}, -{taken:.1})", a.coverage);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "coverage {} {:.1}%  ({} words)",
        style.bar(a.coverage, 30),
        a.coverage,
        a.words
    );
    if let Some(closeness) = &a.closeness {
        let _ = writeln!(out, "{}", closeness_line(closeness));
    }
    if !a.flags.is_empty() {
        let _ = writeln!(out, "flags: {}", a.flags.join(", "));
    }

    if style.verbose {
        let _ = writeln!(out, "\n{}", concept_table(a, style));
    } else {
        covered_list(&mut out, a, style);
    }

    if !a.red_flags.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Red flags", Color::Bold));
        for flag in &a.red_flags {
            let mark = format!("x {} (-{})", flag.label, flag.penalty);
            let text = format!("{mark}: {}", quote_all(&flag.evidence));
            let text = style.wrap(&text, "  ", "    ");
            let _ = writeln!(
                out,
                "{}",
                text.replacen(&mark, &style.paint(&mark, Color::Red), 1)
            );
            let _ = writeln!(out, "{}", style.wrap(&flag.feedback, "    ", "    "));
        }
    }
    wrong_claims(&mut out, a, style);
    deductions(&mut out, a, style);
    // The compact view gives the depth hint in the covered list.
    let shallow: Vec<_> = a
        .concepts
        .iter()
        .filter(|c| c.explained == Some(false))
        .collect();
    if style.verbose && !shallow.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.paint("Mentioned, not explained", Color::Bold)
        );
        for concept in shallow {
            let text = format!(
                "{} (weight {}, {:.0}% credit): {}",
                concept.label,
                concept.weight,
                concept.credit * 100.0,
                explain_more(concept)
            );
            let _ = writeln!(out, "{}", style.wrap(&text, "  - ", "    "));
        }
    }
    for sequence in a
        .sequences
        .iter()
        .filter(|q| q.order.len() >= 2 && q.credit < 1.0)
    {
        let text = format!(
            "Order: {} ({:.0}% in order): {}",
            sequence.label,
            sequence.credit * 100.0,
            sequence.hint
        );
        let text = style.wrap(&text, "", "  ");
        let _ = writeln!(
            out,
            "\n{}",
            text.replacen("Order:", &style.paint("Order:", Color::Bold), 1)
        );
    }
    missed_list(&mut out, a, style);
    if let Some(follow_up) = &a.follow_up {
        let text = style.wrap(&format!("Follow-up: {follow_up}"), "", "  ");
        let _ = writeln!(
            out,
            "\n{}",
            text.replacen("Follow-up:", &style.paint("Follow-up:", Color::Bold), 1)
        );
    }
    out
}

/// How close a drafted rubric's model answer is, and what that earned: one
/// line of plain text, shared by every format that explains a score.
pub(crate) fn closeness_line(c: &Closeness) -> String {
    let earned = if c.points > 0.0 {
        format!(": +{:.1} points", c.points)
    } else if c.credit > 0.0 {
        " (the key concepts earned more)".to_owned()
    } else {
        format!(" (it earns from {:.2}, fully at {:.2})", c.floor, c.full)
    };
    // Three decimals: 0.503 must not read as the 0.50 floor it passed.
    format!("closeness to the model answer {:.3}{earned}", c.similarity)
}

/// Every concept with its result and all its evidence (`--verbose`). The
/// hints of misses are not repeated here: they are in the list below.
fn concept_table(a: &Assessment, style: &Style) -> comfy_table::Table {
    let mut table = style.table();
    table.set_header(vec!["concept", "weight", "result", "evidence"]);
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
            (style.cell("missed", Color::Red), blocked_note(concept))
        };
        table.add_row(vec![
            Cell::new(&concept.label),
            Cell::new(concept.weight),
            result,
            Cell::new(detail),
        ]);
    }
    table
}

/// The compact view of what was covered: one line per concept, its first
/// quote.
fn covered_list(out: &mut String, a: &Assessment, style: &Style) {
    let covered: Vec<_> = a.concepts.iter().filter(|c| c.hit).collect();
    if covered.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{} ({} of {})",
        style.paint("Covered", Color::Bold),
        covered.len(),
        a.concepts.len()
    );
    for concept in covered {
        let quote = concept.evidence.first().map(quote).unwrap_or_default();
        let (marker, color, text) = if concept.explained == Some(false) {
            (
                '~',
                Color::Yellow,
                format!(
                    "{}: {quote}, {} ({:.0}% credit): {}",
                    concept.label,
                    concept.status.describe(),
                    concept.credit * 100.0,
                    explain_more(concept)
                ),
            )
        } else if concept.how == Some(MatchKind::Paraphrase) {
            (
                '~',
                Color::Yellow,
                format!("{}: {quote} (paraphrase, half credit)", concept.label),
            )
        } else if concept.status == Status::OwnWords {
            (
                '+',
                Color::Green,
                format!("{}: {quote} (in your own words)", concept.label),
            )
        } else {
            ('+', Color::Green, format!("{}: {quote}", concept.label))
        };
        let _ = writeln!(out, "{}", bullet(style, marker, color, &text));
    }
}

/// The wrong claims the answer states, each with why it is wrong.
fn wrong_claims(out: &mut String, a: &Assessment, style: &Style) {
    if a.misconceptions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", style.paint("Wrong claims", Color::Bold));
    for wrong in &a.misconceptions {
        let text = format!("{}: {}", wrong.label, quote_all(&wrong.evidence));
        let _ = writeln!(out, "{}", bullet(style, 'x', Color::Red, &text));
        let _ = writeln!(out, "{}", style.wrap(&wrong.feedback, "    ", "    "));
    }
}

/// Why the score is below the coverage: each penalty and cap, with points.
fn deductions(out: &mut String, a: &Assessment, style: &Style) {
    if a.deductions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.paint("Why the score is below the coverage", Color::Bold)
    );
    for line in deduction_lines(a) {
        let _ = writeln!(out, "{}", style.wrap(&line, "  - ", "    "));
    }
}

/// The misses, most important first, each with its hint (only the first
/// [`HINTS_SHOWN`] in the compact view, the rest named).
fn missed_list(out: &mut String, a: &Assessment, style: &Style) {
    let missed = missed_by_weight(a);
    if missed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style.paint("Missed, most important first", Color::Bold)
    );
    let shown = if style.verbose {
        missed.len()
    } else {
        HINTS_SHOWN
    };
    for concept in missed.iter().take(shown) {
        let blocked = blocked_note(concept);
        let text = if blocked.is_empty() {
            format!(
                "{} (weight {}): {}",
                concept.label, concept.weight, concept.hint
            )
        } else {
            format!(
                "{} (weight {}): {blocked}. {}",
                concept.label, concept.weight, concept.hint
            )
        };
        let _ = writeln!(out, "{}", bullet(style, '-', Color::Red, &text));
    }
    let rest: Vec<&str> = missed
        .iter()
        .skip(shown)
        .map(|c| c.label.as_str())
        .collect();
    if !rest.is_empty() {
        let text = format!(
            "Also missed (their hints with --verbose): {}",
            rest.join("; ")
        );
        let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
    }
}

/// `"quote" (line:column) is not counted: negated by "cue"`, for a miss
/// that was mentioned under a negation, or a note that a practice to avoid
/// was said without rejecting it; empty otherwise.
fn blocked_note(concept: &crate::scoring::ConceptResult) -> String {
    concept.blocked.first().map_or_else(String::new, |blocked| {
        match blocked.negated_by.as_deref() {
            Some(cue) => format!("{} is not counted: negated by \"{cue}\"", quote(blocked)),
            None => format!(
                "{} is not counted: it is named without saying you avoid it",
                quote(blocked)
            ),
        }
    })
}

/// `  + text`, wrapped, with the marker coloured.
fn bullet(style: &Style, marker: char, color: Color, text: &str) -> String {
    let wrapped = style.wrap(text, &format!("  {marker} "), "    ");
    if style.color {
        wrapped.replacen(
            &format!("  {marker} "),
            &format!("  {} ", style.paint(&marker.to_string(), color)),
            1,
        )
    } else {
        wrapped
    }
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
