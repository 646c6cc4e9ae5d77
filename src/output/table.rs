//! `table`: for people on a terminal. For scored answers, the full feedback
//! for one answer and a summary table for several; for the readiness
//! report, a summary worst first; and the tables of `mock stats`.

use std::fmt::Write;

use comfy_table::Cell;

use super::style::{score_color, Color, Style};
use super::{render_detail, Exporter, Readiness};
use crate::history::schedule::Due;
use crate::history::stats::{QuestionStats, ThemeStats};
use crate::history::Attempt;
use crate::outcome::{Batch, Report, ScoredAnswer, Summary};
use crate::scoring::missed_by_weight;

/// The `table` format.
pub struct Table;

impl Exporter for Table {
    fn scores(&self, batch: &Batch, style: &Style) -> String {
        render(batch, style)
    }

    fn readiness(&self, readiness: &Readiness<'_>, style: &Style) -> String {
        render_report(readiness.report, style)
    }
}

/// How many missed concepts the summary table names per answer.
const MISSED_SHOWN: usize = 3;

/// Renders a batch for people.
fn render(batch: &Batch, style: &Style) -> String {
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

/// The heaviest misses a summary table names, heaviest first (the
/// labels come in that order: [`missed_by_weight`]).
fn top_misses<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.take(MISSED_SHOWN).collect::<Vec<_>>().join("; ")
}

/// The summary table's row of one result.
fn row(result: &ScoredAnswer, style: &Style) -> Vec<Cell> {
    let a = &result.assessment;
    let missed = top_misses(missed_by_weight(a).iter().map(|c| c.label.as_str()));
    let mut flags = a.flags.clone();
    flags.extend(a.red_flags.iter().map(|f| format!("red flag: {}", f.id)));
    vec![
        Cell::new(result.label.as_deref().unwrap_or(&result.source)),
        Cell::new(&a.question),
        style.cell(&format!("{:.1}", a.score), score_color(a.score)),
        Cell::new(format!("{:.1}", a.coverage)),
        Cell::new(missed),
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

/// Renders the report for a terminal.
fn render_report(report: &Report, style: &Style) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "question",
        "source",
        "score",
        "min",
        "status",
        "top misses",
    ]);
    for q in &report.questions {
        let status = if q.passed {
            style.cell("pass", Color::Green)
        } else {
            style.cell("FAIL", Color::Red)
        };
        let mut detail = top_misses(q.missed.iter().map(|m| m.label.as_str()));
        for flag in &q.red_flags {
            detail = format!("red flag: {}; {detail}", flag.label);
        }
        table.add_row(vec![
            Cell::new(&q.question),
            Cell::new(&q.source),
            style.cell(&format!("{:.1}", q.score), score_color(q.score)),
            Cell::new(q.min_score),
            status,
            Cell::new(detail),
        ]);
    }
    let mut out = format!("{table}\n\n");
    let mut themes = style.table();
    themes.set_header(vec!["theme", "answered", "mean score", "min"]);
    for t in &report.themes {
        themes.add_row(vec![
            Cell::new(&t.theme),
            Cell::new(format!("{}/{}", t.answered, t.total)),
            t.mean_score.map_or(Cell::new("-"), |m| {
                style.cell(&format!("{m:.1}"), score_color(m))
            }),
            Cell::new(t.min_score.map_or("-".to_owned(), |m| m.to_string())),
        ]);
    }
    let _ = writeln!(out, "{themes}\n");
    if !report.unanswered.is_empty() {
        let ids: Vec<&str> = report
            .unanswered
            .iter()
            .map(|u| u.question.as_str())
            .collect();
        let _ = writeln!(out, "Unanswered ({}): {}", ids.len(), ids.join(", "));
    }
    for failure in &report.failures {
        let _ = writeln!(out, "{} {}", style.paint("x", Color::Red), failure.message);
    }
    let verdict = if report.passed {
        style.paint("passed", Color::Green)
    } else {
        style.paint("FAILED", Color::Red)
    };
    let _ = writeln!(
        out,
        "Readiness {:.1}/100, {}/{} questions answered, {} threshold failures: {verdict}",
        report.readiness,
        report.answered,
        report.total,
        report.failures.len()
    );
    out
}

/// Attempts the trend sparkline shows, the latest.
const TREND: usize = 12;

/// The tables of `mock stats`: per theme, per question, then the concepts
/// most missed and the hints of those that keep being missed.
pub fn stats_table(themes: &[ThemeStats], stats: &[QuestionStats], style: &Style) -> String {
    let mut out = String::new();
    let mut table = style.table();
    table.set_header(vec![
        "theme",
        "attempts",
        "questions practised",
        "mean of best",
    ]);
    for t in themes {
        table.add_row(vec![
            t.theme.clone(),
            t.attempts.to_string(),
            format!("{}/{}", t.practised, t.questions),
            t.mean_of_best.map_or("-".to_owned(), |m| format!("{m:.1}")),
        ]);
    }
    let _ = writeln!(out, "{table}\n");
    let mut table = style.table();
    table.set_header(vec![
        "question",
        "attempts",
        "best",
        "latest",
        "trend",
        "median time",
    ]);
    for s in stats {
        let fmt = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
        let recent = &s.scores[s.scores.len().saturating_sub(TREND)..];
        table.add_row(vec![
            Cell::new(&s.question),
            Cell::new(s.attempts),
            Cell::new(fmt(s.best)),
            s.latest.map_or(Cell::new("-"), |l| {
                style.cell(&format!("{l:.1}"), score_color(l))
            }),
            Cell::new(sparkline(recent)),
            Cell::new(s.median_seconds.map_or("-".to_owned(), |m| {
                format!("{} / {}m", minutes(m), s.time_box_minutes)
            })),
        ]);
    }
    let _ = writeln!(out, "{table}");
    let missed: Vec<&QuestionStats> = stats.iter().filter(|s| !s.most_missed.is_empty()).collect();
    if !missed.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Most missed (times)", Color::Bold));
        for s in missed {
            let labels: Vec<String> = s
                .most_missed
                .iter()
                .map(|(label, n, _)| format!("{label} ({n})"))
                .collect();
            let text = format!("{}: {}", s.question, labels.join("; "));
            let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
        }
    }
    let hints = crate::history::stats::keeps_being_missed(stats);
    if !hints.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Keeps being missed", Color::Bold));
        for (label, n, hint) in hints {
            let text = format!("{label} ({n} times): {hint}");
            let _ = writeln!(out, "{}", style.wrap(&text, "  - ", "    "));
        }
    }
    out
}

/// `4m05s`.
pub fn minutes(seconds: i64) -> String {
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

/// A terminal sparkline of scores 0-100.
pub fn sparkline(scores: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|s| BARS[((s.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
}

/// `mock history`: one line per attempt, then what it missed, wrapped:
/// readable at 80 columns, where a table with a "missed" column is not.
pub fn history_lines(attempts: &[Attempt], style: &Style) -> String {
    let mut out = String::new();
    let id_width = attempts
        .iter()
        .map(|a| a.question.chars().count())
        .max()
        .unwrap_or(0);
    for a in attempts {
        let score = format!("{:>5.1}", a.score);
        let _ = writeln!(
            out,
            "{}  {:id_width$}  {}  {} / {}m",
            super::date_time(a.started_at),
            a.question,
            style.paint(&score, score_color(a.score)),
            minutes(a.ended_at - a.started_at),
            a.time_box_minutes
        );
        let missed: Vec<&str> = a
            .concepts
            .iter()
            .filter(|c| !c.hit)
            .map(|c| c.label.as_str())
            .collect();
        if !missed.is_empty() {
            let mut text = format!("missed: {}", top_misses(missed.iter().copied()));
            if missed.len() > MISSED_SHOWN {
                let _ = write!(text, " (and {} more)", missed.len() - MISSED_SHOWN);
            }
            let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
        }
    }
    out
}

/// `mock due`: every question, most due first, at `now`.
pub fn due_table(due: &[Due], now: i64, style: &Style) -> String {
    let mut table = style.table();
    table.set_header(vec![
        "question",
        "due",
        "interval",
        "attempts",
        "last score",
    ]);
    for d in due {
        let when = match d.due_at {
            None => "now (never practised)".to_owned(),
            Some(at) if at <= now => format!("now (since {})", super::date_time(at)),
            Some(at) => format!("in {:.1} days", (at - now) as f64 / 86_400.0),
        };
        table.add_row(vec![
            d.question.clone(),
            when,
            format!("{} d", d.interval_days),
            d.attempts.to_string(),
            d.last_score.map_or("-".to_owned(), |s| format!("{s:.1}")),
        ]);
    }
    format!("{table}\n")
}
