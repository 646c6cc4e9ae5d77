//! `html`: one self-contained page (inline CSS and SVG, no scripts, no
//! network), built with maud, which escapes every interpolated value
//! (ADR 0011).
//!
//! The readiness page puts the verdict and every failed threshold with its
//! reason first, then per-theme bars, a question-by-concept map with the
//! concept names written out (no hovering needed on a touch screen), the
//! practice over time with `--history`, and the feedback. The scores page
//! shows each answer's score, red flags and misses. Laid out to read on a
//! phone as well as a desktop; all text is at least 11 px.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::detail::closeness_line;
use super::{svg, Exporter, Readiness, Style};
use crate::bank::Bank;
use crate::history::Attempt;
use crate::outcome::{Batch, Report};
use crate::scoring::missed_by_weight;

/// The `html` format.
pub struct Html;

impl Exporter for Html {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        render_scores(batch)
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        render(readiness)
    }
}

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
.chip.named{background:#fff8c5;border-color:#bf8700;border-style:dashed;color:#7d4e00}
.chip.miss{background:#ffebe9;border-color:#cf222e;color:#82071e}
.chip.wrong{background:#fbefff;border-color:#8250df;border-width:2px;color:#512a97;font-weight:600}
.mark{font-weight:700}
.chip.none{background:#f6f8fa;border-color:#d0d7de;color:#57606a}
ul{padding-left:1.2rem}li{margin:.25rem 0}
.muted{color:#57606a;font-size:.9rem}
";

/// Newline between blocks, so the page reads well as source too.
const NL: &str = "\n";

/// The page around `body`: one layout and one stylesheet for every page.
fn page(title: &str, body: Markup) -> String {
    let page = html! {
        (DOCTYPE) (NL)
        html lang="en" {
            (NL)
            head {
                (NL)
                meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { (title) } (NL)
                style { (PreEscaped(STYLE)) } (NL)
            }
            (NL)
            body { (NL) main { (NL) (body) } (NL) }
            (NL)
        }
        (NL)
    };
    // The template escapes markup, not control characters (ESC, BEL from a
    // file name), bidirectional overrides or line breaks.
    let page = page.into_string();
    crate::escape::markup_lines(&crate::escape::html_controls(&page)).into_owned()
}

/// The readiness report as one page.
fn render(readiness: &Readiness<'_>) -> String {
    let report = readiness.report;
    let class = if report.passed { "pass" } else { "fail" };
    let body = html! {
        h1 { "Interview readiness" } (NL)
        div class="summary card" {
            span class={ "big " (class) } { (format!("{:.1}", report.readiness)) }
            span {
                (report.verdict()) " · " (report.answered) "/" (report.total)
                " questions answered · " (crate::terminal::plural(report.failures.len(), "threshold failure"))
            }
        }
        (NL)
        (failures(report))
        (theme_chart(report))
        @if let Some((attempts, threshold)) = readiness.progress {
            h2 { "Practice over time" } (NL)
            (svg::progress(attempts, threshold))
        }
        (heat_map(report, readiness.bank))
        (feedback(report))
    };
    page(
        &format!("Interview readiness {:.1}", report.readiness),
        body,
    )
}

/// Every failed threshold with its reason, and every input that could not
/// be read, before any chart.
fn failures(report: &Report) -> Markup {
    if report.failures.is_empty() && report.errors.is_empty() {
        return html! {};
    }
    let n = report.failures.len();
    html! {
        section class="card failures" {
            h2 { "Why it failed: " (n) " threshold failure" @if n != 1 { "s" } }
            ul {
                @for failure in &report.failures {
                    li {
                        (failure.message)
                        @match (&failure.source, failure.line) {
                            (Some(source), Some(line)) => {
                                " " span class="muted" { (source) ":" (line) }
                            }
                            (Some(source), None) => { " " span class="muted" { (source) } }
                            _ => {}
                        }
                    }
                }
                @for error in &report.errors {
                    li { "could not be read: " (error) }
                }
            }
        }
        (NL)
    }
}

/// Horizontal bars, in HTML so their text keeps its size on any screen:
/// each theme's mean score, with its minimum as a tick.
fn theme_chart(report: &Report) -> Markup {
    html! {
        h2 { "Themes" } (NL)
        div class="card" {
            div class="bars" role="img" aria-label="Mean score per theme" {
                (NL)
                @for theme in &report.themes {
                    @let mean = theme.mean_score.unwrap_or(0.0).clamp(0.0, 100.0);
                    span { (theme.theme) }
                    @let good = theme.passed && mean >= theme_pass_mark(report, theme);
                    span class="track" {
                        span class={ "fill " (if good { "pass" } else { "fail" }) }
                            style=(format!("display:block;width:{mean:.1}%")) {}
                        @if let Some(min) = theme.min_score {
                            span class="tick" style=(format!("left:{:.1}%", min.clamp(0.0, 100.0)))
                                title=(format!("minimum {min}")) {}
                        }
                    }
                    span { (theme.mean_score.map_or("-".to_owned(), |m| format!("{m:.1}"))) }
                    (NL)
                }
            }
            p class="muted" { "Bars: mean score of answered questions, green when it reaches the pass mark; black tick: the theme's minimum." }
        }
        (NL)
    }
}

/// The mean a theme's bar must reach to be green: the theme's minimum
/// when the configuration sets one, else the minimum score its answered
/// questions had to reach (so a theme at 16.8 is never drawn as a pass).
fn theme_pass_mark(report: &Report, theme: &crate::outcome::ThemeReport) -> f64 {
    theme.min_score.unwrap_or_else(|| {
        report
            .questions
            .iter()
            .filter(|q| q.theme == theme.theme)
            .map(|q| q.min_score)
            .reduce(f64::min)
            .unwrap_or_else(|| crate::readiness::Config::default().min_score)
    })
}

/// One row per question of the bank, one named chip per concept: covered,
/// missed, or not answered.
fn heat_map(report: &Report, bank: &Bank) -> Markup {
    html! {
        h2 { "Concepts" } (NL)
        div class="card heat" {
            (NL)
            @for entry in bank.entries() {
                @let id = &entry.question.id;
                @let answer = report
                    .questions
                    .iter()
                    .filter(|q| &q.question == id)
                    .max_by(|a, b| a.score.total_cmp(&b.score));
                h3 {
                    code { (id) } " "
                    span class="muted" {
                        (answer.map_or("not answered".to_owned(), |a| format!("{:.1}", a.score)))
                    }
                }
                div class="chips" {
                    @for concept in &entry.rubric.concepts {
                        @let (class, mark, state) = concept_state(answer, &concept.id);
                        span class={ "chip " (class) } title=(state) {
                            span class="mark" aria-label=(state) { (mark) } " " (concept.label)
                        }
                    }
                }
                (NL)
            }
        }
        (NL)
        p class="muted" {
            "✓ green: explained · ◐ amber, dashed: named, not explained · ✗ red: missed · "
            "⚠ purple: contradicted by a wrong claim · grey: not answered."
        } (NL)
    }
}

/// How a concept fares in an answer: its chip class, mark and name.
fn concept_state(
    answer: Option<&crate::outcome::QuestionReport>,
    id: &str,
) -> (&'static str, &'static str, &'static str) {
    match answer {
        None => ("none", "·", "not answered"),
        Some(a) if a.wrong.iter().any(|w| w.concept.as_deref() == Some(id)) => {
            ("wrong", "⚠", "contradicted by a wrong claim")
        }
        Some(a) if a.missed.iter().any(|m| m.id == id) => ("miss", "✗", "missed"),
        Some(a) if a.named_only.iter().any(|n| n.id == id) => {
            ("named", "◐", "named, not explained")
        }
        Some(_) => ("hit", "✓", "explained"),
    }
}

/// Per answer, worst first: score, red flags and misses with hints.
fn feedback(report: &Report) -> Markup {
    html! {
        h2 { "Feedback" } (NL)
        @for q in &report.questions {
            div class="card" {
                h3 {
                    span class=(if q.passed { "pass" } else { "fail" }) { (format!("{:.1}", q.score)) }
                    " " (q.title) " "
                    span class="muted" { (q.question) " · " (q.source) }
                }
                @if !q.red_flags.is_empty() || !q.missed.is_empty() || !q.wrong.is_empty() || !q.named_only.is_empty() {
                    ul {
                        @for flag in &q.red_flags {
                            li {
                                strong class="fail" { "Red flag: " (flag.label) }
                                " (line " (flag.line) "): " (flag.feedback)
                            }
                        }
                        @for wrong in &q.wrong {
                            li {
                                strong class="fail" { "⚠ Wrong claim: " (wrong.label) }
                                " (line " (wrong.line) "): " (wrong.feedback)
                            }
                        }
                        @for named in &q.named_only {
                            li { "◐ " strong { (named.label) } ": named, not explained" }
                        }
                        @for missed in &q.missed {
                            li { strong { (missed.label) } ": " (missed.hint) }
                        }
                    }
                }
            }
            (NL)
        }
        @if !report.unanswered.is_empty() {
            div class="card" {
                h3 { "Not answered yet" }
                ul {
                    @for u in &report.unanswered {
                        li { code { (u.question) } " " (u.title) }
                    }
                }
            }
            (NL)
        }
    }
}

/// Scored answers as one page: the summary, then per answer its score, red
/// flags and misses with hints.
fn render_scores(batch: &Batch) -> String {
    let s = &batch.summary;
    // Coloured by the pass mark: --min-score, else `mock report`'s default.
    let pass_mark = s
        .threshold
        .unwrap_or_else(|| crate::readiness::Config::default().min_score);
    let body = html! {
        h1 { "Mock interview scores" } (NL)
        div class="summary card" {
            span class={ "big " (if s.mean_score >= pass_mark { "pass" } else { "fail" }) } { (format!("{:.1}", s.mean_score)) }
            span {
                (crate::terminal::plural(s.answers, "answer")) ", mean score " (format!("{:.1}", s.mean_score))
                @if let Some(min) = s.min_score { ", lowest " (format!("{min:.1}")) }
                @if let Some(threshold) = s.threshold {
                    "; " (s.below_threshold) " below --min-score " (threshold)
                }
                @if s.errors > 0 { "; " (crate::terminal::plural(s.errors, "input")) " could not be scored" }
            }
        }
        (NL)
        @for result in &batch.results {
            @let a = &result.assessment;
            @let below = a.score < pass_mark;
            div class="card" {
                h3 {
                    span class=(if below { "fail" } else { "pass" }) { (format!("{:.1}", a.score)) }
                    " " code { (a.question) } " "
                    span class="muted" {
                        (result.label.as_deref().unwrap_or(&result.source))
                        " · coverage " (format!("{:.1}", a.coverage))
                    }
                }
                @if let Some(closeness) = &a.closeness {
                    p class="muted" { (closeness_line(closeness)) }
                }
                @let missed = missed_by_weight(a);
                @if !a.red_flags.is_empty() || !missed.is_empty() || !a.misconceptions.is_empty() {
                    ul {
                        @for flag in &a.red_flags {
                            li {
                                strong class="fail" { "Red flag: " (flag.label) }
                                " (-" (flag.penalty) "): " (flag.feedback)
                            }
                        }
                        @for wrong in &a.misconceptions {
                            li {
                                strong class="fail" { "⚠ Wrong claim: " (wrong.label) }
                                ": " (wrong.feedback)
                            }
                        }
                        @for concept in missed {
                            li { strong { (concept.label) } ": " (concept.hint) }
                        }
                    }
                }
            }
            (NL)
        }
    };
    page("Mock interview scores", body)
}

/// The page of `mock stats --format html`: one chart per question practised,
/// with `threshold` as the line to reach.
pub fn progress_page(attempts: &[Attempt], threshold: f64) -> String {
    let body = html! {
        h1 { "Practice progress" } (NL)
        @if attempts.is_empty() {
            p { "No attempts yet." } (NL)
        } @else {
            (svg::progress(attempts, threshold))
        }
    };
    page("Practice progress", body)
}
