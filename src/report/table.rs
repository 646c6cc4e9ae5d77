//! The `table` format: the full feedback for one answer, a summary table for
//! several.

use std::fmt::Write;

use comfy_table::Cell;

use super::style::{score_color, Style};
use super::{render_detail, Batch};
use crate::scoring::missed_by_weight;

/// How many missed concepts the summary table names per answer.
const MISSED_SHOWN: usize = 3;

/// Renders a batch for people.
pub fn render(batch: &Batch, style: &Style) -> String {
    match batch.results.as_slice() {
        [single] => return render_detail(&single.assessment, style),
        // Every input failed: stderr names each one; no empty table.
        [] if batch.summary.errors > 0 => return String::new(),
        [] => return "No answers to score in the inputs.\n".to_owned(),
        _ => {}
    }
    let mut table = style.table();
    table.set_header(vec![
        "source",
        "question",
        "score",
        "coverage",
        "top misses",
        "flags",
    ]);
    for result in &batch.results {
        let a = &result.assessment;
        let missed: Vec<&str> = missed_by_weight(a)
            .iter()
            .take(MISSED_SHOWN)
            .map(|c| c.label.as_str())
            .collect();
        let mut flags = a.flags.clone();
        flags.extend(a.red_flags.iter().map(|f| format!("red flag: {}", f.id)));
        table.add_row(vec![
            Cell::new(result.label.as_deref().unwrap_or(&result.source)),
            Cell::new(&a.question),
            style.cell(&format!("{:.1}", a.score), score_color(a.score)),
            Cell::new(format!("{:.1}", a.coverage)),
            Cell::new(missed.join("; ")),
            Cell::new(flags.join(", ")),
        ]);
    }
    let mut out = format!("{table}\n");
    let s = &batch.summary;
    let _ = write!(out, "{} answers, mean score {:.1}", s.answers, s.mean_score);
    if let Some(min) = s.min_score {
        let _ = write!(out, ", lowest {min:.1}");
    }
    if let Some(threshold) = s.threshold {
        let _ = write!(out, "; {} below --min-score {threshold}", s.below_threshold);
    }
    if s.errors > 0 {
        let _ = write!(out, "; {} inputs could not be scored", s.errors);
    }
    out.push('\n');
    out
}
