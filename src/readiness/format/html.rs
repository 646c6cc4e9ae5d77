//! `html`: one self-contained page (inline CSS and SVG, no scripts, no
//! network) with a per-theme chart, a question-by-concept heat map and the
//! feedback. Laid out to read on a phone as well as a desktop.

use std::fmt::Write;

use super::verdict;
use crate::bank::Bank;
use crate::readiness::Report;

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:1rem;color:#1b1f24;background:#f6f8fa}
main{max-width:60rem;margin:auto}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem}
.summary{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.big{font-size:3rem;font-weight:700}.pass{color:#1a7f37}.fail{color:#cf222e}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:.75rem 0}
.heat{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem .75rem;align-items:center}
.cells{display:flex;flex-wrap:wrap;gap:3px}
.cell{width:1.1rem;height:1.1rem;border-radius:3px;display:inline-block}
.hit{background:#2da44e}.miss{background:#cf222e}.none{background:#d0d7de}
ul{padding-left:1.2rem}li{margin:.25rem 0}
.muted{color:#57606a;font-size:.9rem}
svg text{font-size:12px;fill:#1b1f24}
";

/// Renders the report as one HTML page.
pub fn render(report: &Report, bank: &Bank) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Interview readiness {:.1}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        report.readiness
    );
    let class = if report.passed { "pass" } else { "fail" };
    let _ = writeln!(
        out,
        "<h1>Interview readiness</h1>\n<div class=\"summary card\"><span class=\"big {class}\">{:.1}</span>\
         <span>{} · {}/{} questions answered · {} threshold failures</span></div>",
        report.readiness,
        verdict(report),
        report.answered,
        report.total,
        report.failures.len()
    );
    out.push_str(&theme_chart(report));
    out.push_str(&heat_map(report, bank));
    out.push_str(&feedback(report));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Horizontal bars: each theme's mean score, with its minimum as a tick.
fn theme_chart(report: &Report) -> String {
    let row = 28;
    let height = row * report.themes.len() + 10;
    let mut svg = format!(
        "<h2>Themes</h2>\n<div class=\"card\"><svg role=\"img\" aria-label=\"Mean score per theme\" viewBox=\"0 0 400 {height}\" width=\"100%\" style=\"max-width:34rem\">\n"
    );
    for (i, theme) in report.themes.iter().enumerate() {
        let y = i * row + 5;
        let mean = theme.mean_score.unwrap_or(0.0);
        let width = 2.6 * mean;
        let color = if theme.passed { "#2da44e" } else { "#cf222e" };
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"110\" y=\"{y}\" width=\"260\" height=\"18\" fill=\"#eaeef2\"/>\
             <rect x=\"110\" y=\"{y}\" width=\"{width:.1}\" height=\"18\" fill=\"{color}\"><title>{}: {}</title></rect>\
             <text x=\"375\" y=\"{}\">{}</text>",
            y + 14,
            escape(&theme.theme),
            escape(&theme.theme),
            theme.mean_score.map_or("no answers".to_owned(), |m| format!("{m:.1}")),
            y + 14,
            theme.mean_score.map_or("-".to_owned(), |m| format!("{m:.0}")),
        );
        if let Some(min) = theme.min_score {
            let x = 110.0 + 2.6 * min;
            let _ = writeln!(svg, "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#1b1f24\" stroke-width=\"2\"/>", y - 2, y + 20);
        }
    }
    svg.push_str("</svg><p class=\"muted\">Bars: mean score of answered questions; tick: the theme's minimum.</p></div>\n");
    svg
}

/// One row per question of the bank, one square per concept: covered,
/// missed, or not answered.
fn heat_map(report: &Report, bank: &Bank) -> String {
    let mut out = String::from("<h2>Concepts</h2>\n<div class=\"card heat\">\n");
    for entry in bank.entries() {
        let id = &entry.question.id;
        let answer = report
            .questions
            .iter()
            .filter(|q| &q.question == id)
            .max_by(|a, b| a.score.total_cmp(&b.score));
        let score = answer.map_or("not answered".to_owned(), |a| format!("{:.1}", a.score));
        let _ = write!(out, "<div><code>{}</code><br><span class=\"muted\">{score}</span></div><div class=\"cells\">", escape(id));
        for concept in &entry.rubric.concepts {
            let (class, state) = match answer {
                None => ("none", "not answered"),
                Some(a) if a.missed.iter().any(|m| m.id == concept.id) => ("miss", "missed"),
                Some(_) => ("hit", "covered"),
            };
            let _ = write!(
                out,
                "<span class=\"cell {class}\" title=\"{} ({state})\" aria-label=\"{} {state}\"></span>",
                escape(&concept.label),
                escape(&concept.label)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n<p class=\"muted\">Green: covered · red: missed · grey: not answered. Hover a square for the concept.</p>\n");
    out
}

/// Per answer, worst first: score, red flags and misses with hints.
fn feedback(report: &Report) -> String {
    let mut out = String::from("<h2>Feedback</h2>\n");
    for q in &report.questions {
        let class = if q.passed { "pass" } else { "fail" };
        let _ = write!(
            out,
            "<div class=\"card\"><h3><span class=\"{class}\">{:.1}</span> {} <span class=\"muted\">{} · {}</span></h3>",
            q.score,
            escape(&q.title),
            escape(&q.question),
            escape(&q.source)
        );
        if !q.red_flags.is_empty() || !q.missed.is_empty() {
            out.push_str("<ul>");
            for flag in &q.red_flags {
                let _ = write!(
                    out,
                    "<li><strong class=\"fail\">Red flag: {}</strong> (line {}): {}</li>",
                    escape(&flag.label),
                    flag.line,
                    escape(&flag.feedback)
                );
            }
            for missed in &q.missed {
                let _ = write!(
                    out,
                    "<li><strong>{}</strong>: {}</li>",
                    escape(&missed.label),
                    escape(&missed.hint)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>\n");
    }
    if !report.unanswered.is_empty() {
        out.push_str("<div class=\"card\"><h3>Not answered yet</h3><ul>");
        for u in &report.unanswered {
            let _ = write!(
                out,
                "<li><code>{}</code> {}</li>",
                escape(&u.question),
                escape(&u.title)
            );
        }
        out.push_str("</ul></div>\n");
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
