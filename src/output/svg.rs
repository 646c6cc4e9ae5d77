//! Every chart: score over time, one small chart and one line per
//! question, as inline SVG (no scripts, no network), for `mock stats
//! --format html` and `mock report --history`. Built with maud, which
//! escapes every text (ADR 0011).
//!
//! The charts sit in a grid that fills its container, two or three to a row
//! on a desktop and one on a phone; each chart's view box is about as wide as
//! it is drawn, so its 13-unit labels stay 11 px or larger from a 390 px
//! phone to a desktop. Every text is escaped.

use std::collections::BTreeMap;

use maud::{html, Markup};

use crate::history::Attempt;

/// Newline between charts, so the page reads well as source too.
const NL: &str = "\n";

/// The view box: close to the drawn width of one chart in the grid.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 170.0;
/// The plot area inside the view box (room for labels around it).
const LEFT: f64 = 30.0;
const RIGHT: f64 = 306.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 140.0;
/// The least distance between two date labels, in view-box units.
const DATE_GAP: f64 = 64.0;
/// Label size in view-box units (see the module documentation).
const FONT: u32 = 13;

/// One chart per question practised, in bank order of first appearance:
/// scores over time, dates on the x axis, the `threshold` as a labelled
/// dashed line.
pub fn progress(attempts: &[Attempt], threshold: f64) -> Markup {
    let mut by_question: BTreeMap<(&str, &str), Vec<&Attempt>> = BTreeMap::new();
    for attempt in attempts {
        by_question
            .entry((&attempt.theme, &attempt.question))
            .or_default()
            .push(attempt);
    }
    for mine in by_question.values_mut() {
        mine.sort_by_key(|a| a.started_at);
    }
    html! {
        div class="progress" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:.75rem" {
            (NL)
            @for ((theme, question), mine) in &by_question {
                (question_chart(theme, question, mine, threshold))
            }
        }
        (NL)
    }
}

/// [`progress`] as a string.
pub fn progress_svg(attempts: &[Attempt], threshold: f64) -> String {
    progress(attempts, threshold).into_string()
}

fn question_chart(theme: &str, question: &str, attempts: &[&Attempt], threshold: f64) -> Markup {
    let first = attempts.first().map_or(0, |a| a.started_at);
    let last = attempts.last().map_or(0, |a| a.started_at);
    let span = (last - first).max(1) as f64;
    let x = |at: i64| {
        if last == first {
            (LEFT + RIGHT) / 2.0
        } else {
            LEFT + (at - first) as f64 * (RIGHT - LEFT) / span
        }
    };
    let y = |score: f64| TOP + (100.0 - score.clamp(0.0, 100.0)) * (BOTTOM - TOP) / 100.0;
    let latest = attempts.last().map_or(0.0, |a| a.final_score());
    let best = attempts.iter().map(|a| a.final_score()).fold(0.0, f64::max);
    let ty = y(threshold);
    let date_y = BOTTOM + 18.0;
    let shown = date_labels(
        attempts
            .iter()
            .map(|a| (x(a.started_at), day(a.started_at))),
    );
    let points: Vec<String> = attempts
        .iter()
        .map(|a| format!("{:.1},{:.1}", x(a.started_at), y(a.final_score())))
        .collect();
    let n = attempts.len();
    html! {
        figure style="margin:0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem;background:#fff" {
            figcaption style="font-size:.9rem" {
                code { (question) } " "
                span style="color:#57606a" {
                    (theme) " · " (n) " attempt" @if n != 1 { "s" }
                    " · latest " (format!("{latest:.1}")) " · best " (format!("{best:.1}"))
                }
            }
            svg role="img" aria-label={ (question) " scores over time" }
                viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width="100%" font-size=(FONT)
                font-family="system-ui,sans-serif" {
                // Axes: 0 and 100, the threshold, dates.
                line x1=(LEFT) x2=(RIGHT) y1=(BOTTOM) y2=(BOTTOM) stroke="#8c959f" {}
                text x=(LEFT - 4.0) y=(TOP + 4.0) text-anchor="end" fill="#57606a" { "100" }
                text x=(LEFT - 4.0) y=(BOTTOM) text-anchor="end" fill="#57606a" { "0" }
                line x1=(LEFT) x2=(RIGHT) y1=(format!("{ty:.1}")) y2=(format!("{ty:.1}"))
                    stroke="#cf222e" stroke-dasharray="4 3" {}
                text x=(format!("{:.1}", LEFT + 4.0)) y=(format!("{:.1}", ty - 4.0)) fill="#cf222e" {
                    "min " (trim(threshold))
                }
                @for (i, (px, label)) in shown.iter().enumerate() {
                    @let anchor = if shown.len() == 1 {
                        "middle"
                    } else if i == 0 {
                        "start"
                    } else if i + 1 == shown.len() {
                        "end"
                    } else {
                        "middle"
                    };
                    text x=(format!("{px:.1}")) y=(date_y) text-anchor=(anchor) fill="#57606a" { (label) }
                }
                @if n > 1 {
                    polyline fill="none" stroke="#0969da" stroke-width="2" points=(points.join(" ")) {}
                }
                @for a in attempts {
                    circle cx=(format!("{:.1}", x(a.started_at))) cy=(format!("{:.1}", y(a.final_score()))) r="4"
                        fill=(if a.final_score() >= threshold { "#1a7f37" } else { "#cf222e" }) {
                        title { (super::date_time(a.started_at)) " " (a.question) ": " (format!("{:.1}", a.final_score())) }
                    }
                }
            }
        }
        (NL)
    }
}

/// Dates under the points, left to right, each where it does not run into
/// the one before (the last one always).
fn date_labels(points: impl Iterator<Item = (f64, String)>) -> Vec<(f64, String)> {
    let mut days: Vec<(f64, String)> = Vec::new();
    for (x, label) in points {
        if days.last().is_some_and(|(_, d)| *d == label) {
            continue;
        }
        days.push((x, label));
    }
    let count = days.len();
    let mut shown: Vec<(f64, String)> = Vec::new();
    for (i, item) in days.into_iter().enumerate() {
        let last = i + 1 == count;
        while last && shown.last().is_some_and(|(px, _)| item.0 - px < DATE_GAP) && shown.len() > 1
        {
            shown.pop();
        }
        if last || shown.last().is_none_or(|(px, _)| item.0 - px >= DATE_GAP) {
            shown.push(item);
        }
    }
    shown
}

/// `Nov 25` style date of a Unix time (UTC).
fn day(seconds: i64) -> String {
    super::utc(
        seconds,
        time::macros::format_description!("[month repr:short] [day padding:none]"),
    )
    .unwrap_or_default()
}

/// `60` rather than `60.0`.
fn trim(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, theme: &str, at: i64, score: f64) -> Attempt {
        let mut a: Attempt = serde_json::from_value(serde_json::json!({
            "uid": format!("{question}-{at}"),
            "question": question,
            "theme": theme,
            "source": "ask",
            "answer": "x",
            "started_at": at,
            "ended_at": at + 60,
            "time_box_minutes": 5,
            "score": score,
            "coverage": score,
            "concepts": [],
            "red_flags": [],
            "bank_hash": "h",
            "mock_version": "0"
        }))
        .expect("an attempt");
        a.score = score;
        a
    }

    #[test]
    fn one_chart_and_one_line_per_question_with_dates_and_a_labelled_threshold() {
        let day = 86_400;
        let attempts = vec![
            attempt("adr-process", "architecture", 1_700_000_000, 40.0),
            attempt("cloud-native", "cloud", 1_700_000_000 + day, 70.0),
            attempt("adr-process", "architecture", 1_700_000_000 + 3 * day, 80.0),
        ];
        let svg = progress_svg(&attempts, 60.0);
        assert_eq!(svg.matches("<svg").count(), 2);
        assert_eq!(svg.matches("<polyline").count(), 1, "one line: adr-process");
        assert!(
            svg.contains(">Nov 14</text>") && svg.contains(">Nov 17</text>"),
            "{svg}"
        );
        assert!(svg.contains(">min 60</text>"), "{svg}");
        assert!(svg.contains("<code>cloud-native</code>"), "{svg}");
    }

    #[test]
    fn every_text_is_escaped() {
        let attempts = vec![attempt("<q&\"a'>", "<theme>", 1_700_000_000, 50.0)];
        let svg = progress_svg(&attempts, 60.0);
        assert!(!svg.contains("<q&") && !svg.contains("<theme>"), "{svg}");
        assert!(svg.contains("&lt;q&amp;&quot;a'&gt;"), "{svg}");
    }
}
