//! Progress charts: score over time per theme, as inline SVG (no scripts,
//! no network), for `mock stats --format html` and `mock report --history`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Attempt;
use crate::readiness::format::escape_html;

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 120.0;

/// One small line chart per theme: the attempts' scores in time order.
pub fn progress_svg(attempts: &[Attempt]) -> String {
    let mut by_theme: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for attempt in attempts {
        by_theme.entry(&attempt.theme).or_default().push(attempt);
    }
    let mut out = String::new();
    for (theme, attempts) in by_theme {
        // Themes and ids come from imported files and banks: text, not markup.
        let theme = escape_html(theme);
        let n = attempts.len();
        let x = |i: usize| {
            if n == 1 {
                WIDTH / 2.0
            } else {
                30.0 + i as f64 * (WIDTH - 40.0) / (n - 1) as f64
            }
        };
        let y = |score: f64| 10.0 + (100.0 - score) * (HEIGHT - 20.0) / 100.0;
        let points: Vec<String> = attempts
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{:.1},{:.1}", x(i), y(a.score)))
            .collect();
        let _ = write!(
            out,
            "<figure class=\"card\"><figcaption>{theme}: {n} attempts, latest {:.1}</figcaption>\
             <svg role=\"img\" aria-label=\"{theme} scores over time\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" style=\"max-width:34rem\">\
             <line x1=\"30\" x2=\"{WIDTH}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/>\
             <text x=\"0\" y=\"14\" font-size=\"10\">100</text><text x=\"8\" y=\"{}\" font-size=\"10\">0</text>\
             <polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{}\"/>",
            attempts.last().map_or(0.0, |a| a.score),
            y(60.0),
            y(60.0),
            HEIGHT - 8.0,
            points.join(" ")
        );
        for (i, a) in attempts.iter().enumerate() {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#0969da\"><title>{}: {:.1}</title></circle>",
                x(i),
                y(a.score),
                escape_html(&a.question),
                a.score
            );
        }
        out.push_str("</svg></figure>\n");
    }
    out
}

/// A terminal sparkline of scores 0-100.
pub fn sparkline(scores: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|s| BARS[((s.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
}
