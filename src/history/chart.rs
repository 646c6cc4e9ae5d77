//! Progress charts: score over time, one small chart and one line per
//! question, as inline SVG (no scripts, no network), for `mock stats
//! --format html` and `mock report --history`.
//!
//! The charts sit in a grid that fills its container, two or three to a row
//! on a desktop and one on a phone; each chart's view box is about as wide as
//! it is drawn, so its 13-unit labels stay 11 px or larger from a 390 px
//! phone to a desktop. Every text is escaped.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Attempt;

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
pub fn progress_svg(attempts: &[Attempt], threshold: f64) -> String {
    let mut by_question: BTreeMap<(&str, &str), Vec<&Attempt>> = BTreeMap::new();
    for attempt in attempts {
        by_question
            .entry((&attempt.theme, &attempt.question))
            .or_default()
            .push(attempt);
    }
    let mut out = String::from(
        "<div class=\"progress\" style=\"display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:.75rem\">\n",
    );
    for ((theme, question), mut mine) in by_question {
        mine.sort_by_key(|a| a.started_at);
        out.push_str(&question_chart(theme, question, &mine, threshold));
    }
    out.push_str("</div>\n");
    out
}

fn question_chart(theme: &str, question: &str, attempts: &[&Attempt], threshold: f64) -> String {
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
    let latest = attempts.last().map_or(0.0, |a| a.score);
    let best = attempts.iter().map(|a| a.score).fold(0.0, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure style=\"margin:0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem;background:#fff\">\
         <figcaption style=\"font-size:.9rem\"><code>{}</code> <span style=\"color:#57606a\">{} · {} attempt{} · latest {latest:.1} · best {best:.1}</span></figcaption>\
         <svg role=\"img\" aria-label=\"{} scores over time\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" font-size=\"{FONT}\" font-family=\"system-ui,sans-serif\">",
        escape(question),
        escape(theme),
        attempts.len(),
        if attempts.len() == 1 { "" } else { "s" },
        escape(question),
    );
    // Axes: 0 and 100, the threshold, dates.
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{b}\" y2=\"{b}\" stroke=\"#8c959f\"/>\
         <text x=\"{lx}\" y=\"{t}\" text-anchor=\"end\" fill=\"#57606a\">100</text>\
         <text x=\"{lx}\" y=\"{b}\" text-anchor=\"end\" fill=\"#57606a\">0</text>",
        b = BOTTOM,
        t = TOP + 4.0,
        lx = LEFT - 4.0,
    );
    let ty = y(threshold);
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#cf222e\">min {}</text>",
        LEFT + 4.0,
        ty - 4.0,
        trim(threshold)
    );
    // Dates under the points, left to right, each where it does not run
    // into the one before (the last one always).
    let date_y = BOTTOM + 18.0;
    let mut days: Vec<(f64, String)> = Vec::new();
    for a in attempts {
        let label = day(a.started_at);
        if days.last().is_some_and(|(_, d)| *d == label) {
            continue;
        }
        days.push((x(a.started_at), label));
    }
    let mut shown: Vec<&(f64, String)> = Vec::new();
    for (i, item) in days.iter().enumerate() {
        let last = i + 1 == days.len();
        while last && shown.last().is_some_and(|(px, _)| item.0 - px < DATE_GAP) && shown.len() > 1
        {
            shown.pop();
        }
        if last || shown.last().is_none_or(|(px, _)| item.0 - px >= DATE_GAP) {
            shown.push(item);
        }
    }
    for (i, (px, label)) in shown.iter().enumerate() {
        let anchor = if shown.len() == 1 {
            "middle"
        } else if i == 0 {
            "start"
        } else if i + 1 == shown.len() {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            "<text x=\"{px:.1}\" y=\"{date_y}\" text-anchor=\"{anchor}\" fill=\"#57606a\">{}</text>",
            escape(label)
        );
    }
    let points: Vec<String> = attempts
        .iter()
        .map(|a| format!("{:.1},{:.1}", x(a.started_at), y(a.score)))
        .collect();
    if attempts.len() > 1 {
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for a in attempts {
        let color = if a.score >= threshold {
            "#1a7f37"
        } else {
            "#cf222e"
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{color}\"><title>{} {}: {:.1}</title></circle>",
            x(a.started_at),
            y(a.score),
            escape(&day_time(a.started_at)),
            escape(&a.question),
            a.score
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// `Nov 25` style date of a Unix time (UTC).
fn day(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[month repr:short] [day padding:none]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

fn day_time(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]"
            ))
            .ok()
        })
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

pub use crate::escape::html as escape;

/// A terminal sparkline of scores 0-100.
pub fn sparkline(scores: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|s| BARS[((s.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
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
        assert!(svg.contains("&lt;q&amp;&quot;a&#39;&gt;"), "{svg}");
    }
}
