//! The `table` format: the full feedback for one answer, a summary table for
//! several.

use std::fmt::Write;

use comfy_table::Cell;

use super::style::{score_color, Style};
use super::{render_detail, Batch, ScoredAnswer, Summary};
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
    let rows = batch.results.iter().map(|r| row(r, style)).collect();
    render_rows(rows, &batch.summary, style)
}

/// The summary table's row of one result.
fn row(result: &ScoredAnswer, style: &Style) -> Vec<Cell> {
    let a = &result.assessment;
    let missed: Vec<&str> = missed_by_weight(a)
        .iter()
        .take(MISSED_SHOWN)
        .map(|c| c.label.as_str())
        .collect();
    let mut flags = a.flags.clone();
    flags.extend(a.red_flags.iter().map(|f| format!("red flag: {}", f.id)));
    vec![
        Cell::new(result.label.as_deref().unwrap_or(&result.source)),
        Cell::new(&a.question),
        style.cell(&format!("{:.1}", a.score), score_color(a.score)),
        Cell::new(format!("{:.1}", a.coverage)),
        Cell::new(missed.join("; ")),
        Cell::new(flags.join(", ")),
    ]
}

/// The table of a batch collected row by row: the rows, and the first
/// result while it is the only one (one result is shown in full).
#[derive(Default)]
pub struct Rows {
    first: Option<Box<ScoredAnswer>>,
    rows: Vec<Vec<Cell>>,
}

impl Rows {
    /// Takes one result, keeping only its row once there are two.
    pub fn add(&mut self, result: ScoredAnswer, style: &Style) {
        self.rows.push(row(&result, style));
        self.first = (self.rows.len() == 1).then(|| Box::new(result));
    }

    /// The table and its summary (the full feedback for a single result).
    pub fn render(self, summary: &Summary, style: &Style) -> String {
        match self.first {
            Some(single) if self.rows.len() == 1 => render_detail(&single.assessment, style),
            _ => render_rows(self.rows, summary, style),
        }
    }
}

fn render_rows(rows: Vec<Vec<Cell>>, s: &Summary, style: &Style) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "source",
        "question",
        "score",
        "coverage",
        "top misses",
        "flags",
    ]);
    for row in rows {
        table.add_row(row);
    }
    let mut out = format!("{table}\n");
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
