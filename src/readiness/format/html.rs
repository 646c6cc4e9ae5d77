//! `html`: one self-contained page (inline CSS and SVG, no scripts, no
//! network): the verdict and every failed threshold with its reason first,
//! then per-theme bars, a question-by-concept map with the concept names
//! written out (no hovering needed on a touch screen) and the feedback. Laid
//! out to read on a phone as well as a desktop; all text is at least 11 px,
//! and every text taken from answers, rubrics or the configuration is
//! escaped.

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
.failures{border-color:#cf222e;border-left-width:6px}.failures h2{margin:0 0 .5rem;font-size:1.1rem}
.failures li{margin:.35rem 0}
.bars{display:grid;grid-template-columns:minmax(6rem,auto) 1fr 3.5rem;gap:.4rem .75rem;align-items:center}
.track{position:relative;height:1.1rem;background:#eaeef2;border-radius:4px}
.fill{height:100%;border-radius:4px}.fill.pass{background:#2da44e}.fill.fail{background:#cf222e}
.tick{position:absolute;top:-.2rem;bottom:-.2rem;width:2px;background:#1b1f24}
.heat h3{font-size:1rem;margin:.75rem 0 .35rem}.heat h3:first-child{margin-top:0}
.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chip{font-size:.8rem;line-height:1.3;padding:.15rem .45rem;border-radius:1rem;border:1px solid}
.chip.hit{background:#dafbe1;border-color:#2da44e;color:#116329}
.chip.miss{background:#ffebe9;border-color:#cf222e;color:#82071e}
.chip.none{background:#f6f8fa;border-color:#d0d7de;color:#57606a}
ul{padding-left:1.2rem}li{margin:.25rem 0}
.muted{color:#57606a;font-size:.9rem}
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
    out.push_str(&failures(report));
    out.push_str(&theme_chart(report));
    out.push_str(&heat_map(report, bank));
    out.push_str(&feedback(report));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Every failed threshold with its reason, and every input that could not
/// be read, before any chart.
fn failures(report: &Report) -> String {
    if report.failures.is_empty() && report.errors.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<section class=\"card failures\"><h2>Why it failed: {} threshold failure{}</h2><ul>",
        report.failures.len(),
        if report.failures.len() == 1 { "" } else { "s" }
    );
    for failure in &report.failures {
        let at = match (&failure.source, failure.line) {
            (Some(source), Some(line)) => {
                format!(" <span class=\"muted\">{}:{line}</span>", escape(source))
            }
            (Some(source), None) => format!(" <span class=\"muted\">{}</span>", escape(source)),
            _ => String::new(),
        };
        let _ = write!(out, "<li>{}{at}</li>", escape(&failure.message));
    }
    for error in &report.errors {
        let _ = write!(out, "<li>could not be read: {}</li>", escape(error));
    }
    out.push_str("</ul></section>\n");
    out
}

/// Horizontal bars, in HTML so their text keeps its size on any screen:
/// each theme's mean score, with its minimum as a tick.
fn theme_chart(report: &Report) -> String {
    let mut out = String::from(
        "<h2>Themes</h2>\n<div class=\"card\"><div class=\"bars\" role=\"img\" aria-label=\"Mean score per theme\">\n",
    );
    for theme in &report.themes {
        let mean = theme.mean_score.unwrap_or(0.0).clamp(0.0, 100.0);
        let class = if theme.passed { "pass" } else { "fail" };
        let tick = theme.min_score.map_or(String::new(), |min| {
            format!(
                "<span class=\"tick\" style=\"left:{:.1}%\" title=\"minimum {min}\"></span>",
                min.clamp(0.0, 100.0)
            )
        });
        let value = theme
            .mean_score
            .map_or("-".to_owned(), |m| format!("{m:.1}"));
        let _ = writeln!(
            out,
            "<span>{}</span><span class=\"track\"><span class=\"fill {class}\" style=\"display:block;width:{mean:.1}%\"></span>{tick}</span><span>{value}</span>",
            escape(&theme.theme),
        );
    }
    out.push_str("</div><p class=\"muted\">Bars: mean score of answered questions; black tick: the theme's minimum.</p></div>\n");
    out
}

/// One row per question of the bank, one named chip per concept: covered,
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
        let _ = write!(
            out,
            "<h3><code>{}</code> <span class=\"muted\">{score}</span></h3><div class=\"chips\">",
            escape(id)
        );
        for concept in &entry.rubric.concepts {
            let (class, mark, state) = match answer {
                None => ("none", "·", "not answered"),
                Some(a) if a.missed.iter().any(|m| m.id == concept.id) => ("miss", "✗", "missed"),
                Some(_) => ("hit", "✓", "covered"),
            };
            let _ = write!(
                out,
                "<span class=\"chip {class}\" title=\"{state}\"><span aria-label=\"{state}\">{mark}</span> {}</span>",
                escape(&concept.label)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str(
        "</div>\n<p class=\"muted\">✓ green: covered · ✗ red: missed · grey: not answered.</p>\n",
    );
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

pub use crate::escape::html as escape;
