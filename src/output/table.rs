//! `table`: for people on a terminal. For scored answers, the full feedback
//! for one answer and a summary table for several; for the readiness
//! report, a summary worst first; and the tables of `mock stats`.

use std::fmt::Write;

use super::style::{score_color, Color, Fit, Style};
use super::{render_detail, Exporter, Readiness};
use crate::escape::inline;
use crate::history::schedule::Due;
use crate::history::stats::{QuestionStats, ThemeStats};
use crate::history::Attempt;
use crate::outcome::{Batch, Report, ScoredAnswer, Summary};
use crate::scoring::missed_by_weight;
use crate::terminal::plural;

/// A cell of a fitted table: its text and colour.
type Cell = (String, Option<Color>);

fn plain(text: impl Into<String>) -> Cell {
    (text.into(), None)
}

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
    let rows = batch.results.iter().map(row).collect();
    render_rows(rows, &batch.summary, style)
}

/// The heaviest misses a summary table names, heaviest first (the
/// labels come in that order: [`missed_by_weight`]).
fn top_misses<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.take(MISSED_SHOWN).collect::<Vec<_>>().join("; ")
}

/// The summary table's row of one result.
fn row(result: &ScoredAnswer) -> Vec<Cell> {
    let a = &result.assessment;
    let missed = top_misses(missed_by_weight(a).iter().map(|c| c.label.as_str()));
    let mut flags = a.flags.clone();
    flags.extend(a.red_flags.iter().map(|f| format!("red flag: {}", f.id)));
    flags.extend(
        a.misconceptions
            .iter()
            .map(|m| format!("wrong claim: {}", m.label)),
    );
    vec![
        // Names and ids on one line: a line break in a file name or a JSONL
        // id cannot start a line of its own.
        plain(inline(result.label.as_deref().unwrap_or(&result.source))),
        plain(inline(&a.question)),
        (format!("{:.1}", a.score), Some(score_color(a.score))),
        plain(format!("{:.1}", a.coverage)),
        plain(missed),
        plain(flags.join(", ")),
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
    pub fn add(&mut self, result: ScoredAnswer) {
        self.rows.push(row(&result));
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
    let table = style.table_or_lines(
        &[
            ("source", Fit::Id),
            ("question", Fit::Id),
            ("score", Fit::Fixed),
            ("coverage", Fit::Fixed),
            ("top misses", Fit::Text),
            ("flags", Fit::Text),
        ],
        rows,
    );
    let mut out = format!("{table}\n");
    let _ = write!(
        out,
        "{}, mean score {:.1}",
        plural(s.answers, "answer"),
        s.mean_score
    );
    if let Some(min) = s.min_score {
        let _ = write!(out, ", lowest {min:.1}");
    }
    if let Some(threshold) = s.threshold {
        let _ = write!(out, "; {} below --min-score {threshold}", s.below_threshold);
    }
    if s.errors > 0 {
        let _ = write!(out, "; {} could not be scored", plural(s.errors, "input"));
    }
    out.push('\n');
    out
}

/// Renders the report for a terminal.
fn render_report(report: &Report, style: &Style) -> String {
    let rows = report
        .questions
        .iter()
        .map(|q| {
            let status = if q.passed {
                ("pass".to_owned(), Some(Color::Green))
            } else {
                ("FAIL".to_owned(), Some(Color::Red))
            };
            let mut detail = top_misses(q.missed.iter().map(|m| m.label.as_str()));
            for wrong in q.wrong.iter().rev() {
                detail = format!("wrong claim: {}; {detail}", wrong.label);
            }
            for flag in &q.red_flags {
                detail = format!("red flag: {}; {detail}", flag.label);
            }
            let detail = detail.trim_end_matches("; ").to_owned();
            vec![
                plain(inline(&q.question)),
                plain(inline(&q.source)),
                (format!("{:.1}", q.score), Some(score_color(q.score))),
                plain(q.min_score.to_string()),
                status,
                plain(detail),
            ]
        })
        .collect();
    let table = style.table_or_lines(
        &[
            ("question", Fit::Id),
            ("source", Fit::Id),
            ("score", Fit::Fixed),
            ("min", Fit::Fixed),
            ("status", Fit::Fixed),
            ("top misses", Fit::Text),
        ],
        rows,
    );
    let mut out = format!("{table}\n\n");
    let rows = report
        .themes
        .iter()
        .map(|t| {
            vec![
                plain(&t.theme),
                plain(format!("{}/{}", t.answered, t.total)),
                t.mean_score
                    .map_or(plain("-"), |m| (format!("{m:.1}"), Some(score_color(m)))),
                plain(t.min_score.map_or("-".to_owned(), |m| m.to_string())),
            ]
        })
        .collect();
    let themes = style.fitted_table(
        &[
            ("theme", Fit::Id),
            ("answered", Fit::Fixed),
            ("mean score", Fit::Fixed),
            ("min", Fit::Fixed),
        ],
        rows,
    );
    let _ = writeln!(out, "{themes}\n");
    if !report.unanswered.is_empty() {
        let ids: Vec<&str> = report
            .unanswered
            .iter()
            .map(|u| u.question.as_str())
            .collect();
        let text = format!("Unanswered ({}): {}", ids.len(), ids.join(", "));
        let _ = writeln!(out, "{}", style.wrap(&text, "", "  "));
    }
    for failure in &report.failures {
        let text = style.wrap(&failure.message, "x ", "  ");
        let _ = writeln!(
            out,
            "{}",
            text.replacen('x', &style.paint("x", Color::Red), 1)
        );
    }
    let verdict = if report.passed {
        style.paint("passed", Color::Green)
    } else {
        style.paint("FAILED", Color::Red)
    };
    let text = format!(
        "Readiness {:.1}/100, {}/{} questions answered, {}: VERDICT",
        report.readiness,
        report.answered,
        report.total,
        plural(report.failures.len(), "threshold failure")
    );
    let _ = writeln!(
        out,
        "{}",
        style.wrap(&text, "", "  ").replacen("VERDICT", &verdict, 1)
    );
    out
}

/// Attempts the trend sparkline shows, the latest.
const TREND: usize = 12;

/// The tables of `mock stats`: per theme, per question, then the concepts
/// most missed and the hints of those that keep being missed.
pub fn stats_table(themes: &[ThemeStats], stats: &[QuestionStats], style: &Style) -> String {
    let mut out = String::new();
    let rows = themes
        .iter()
        .map(|t| {
            vec![
                plain(&t.theme),
                plain(t.attempts.to_string()),
                plain(format!("{}/{}", t.practised, t.questions)),
                plain(t.mean_of_best.map_or("-".to_owned(), |m| format!("{m:.1}"))),
            ]
        })
        .collect();
    let table = style.fitted_table(
        &[
            ("theme", Fit::Id),
            ("attempts", Fit::Fixed),
            ("questions practised", Fit::Text),
            ("mean of best", Fit::Text),
        ],
        rows,
    );
    let _ = writeln!(out, "{table}\n");
    let rows = stats
        .iter()
        .map(|s| {
            let fmt = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
            let recent = &s.scores[s.scores.len().saturating_sub(TREND)..];
            vec![
                plain(&s.question),
                plain(s.attempts.to_string()),
                plain(fmt(s.best)),
                s.latest
                    .map_or(plain("-"), |l| (format!("{l:.1}"), Some(score_color(l)))),
                plain(sparkline(recent)),
                plain(s.median_seconds.map_or("-".to_owned(), |m| {
                    format!("{} / {}m", minutes(m), s.time_box_minutes)
                })),
            ]
        })
        .collect();
    let table = style.fitted_table(
        &[
            ("question", Fit::Id),
            ("attempts", Fit::Fixed),
            ("best", Fit::Fixed),
            ("latest", Fit::Fixed),
            ("trend", Fit::Fixed),
            ("median time", Fit::Text),
        ],
        rows,
    );
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

/// `mock history`: one line per attempt with its final score (and the
/// score before the follow-ups, when any was answered), then the follow-ups
/// and what is still missed, wrapped: readable at 80 columns, where a table
/// with a "missed" column is not.
pub fn history_lines(attempts: &[Attempt], style: &Style) -> String {
    let mut out = String::new();
    let id_width = attempts
        .iter()
        .map(|a| a.question.chars().count())
        .max()
        .unwrap_or(0)
        .min(HISTORY_ID_WIDTH);
    for a in attempts {
        let score = format!("{:>5.1}", a.final_score());
        let mut line = format!(
            "{}  {:id_width$}  {}  {} / {}m",
            super::date_time(a.started_at),
            super::style::shorten(&a.question, id_width),
            style.paint(&score, score_color(a.final_score())),
            minutes(a.ended_at - a.started_at),
            a.time_box_minutes
        );
        if a.after.is_some() {
            let _ = write!(line, "  ({:.1} before follow-ups)", a.score);
        }
        if a.session.is_some() {
            line.push_str("  interview");
        }
        let _ = writeln!(out, "{line}");
        for exchange in &a.exchanges {
            let text = format!("follow-up: {} -> {:.1}", exchange.question, exchange.score);
            let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
        }
        let missed: Vec<&str> = a
            .final_concepts()
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

/// The widest a question id is shown in `mock history` (longer ones are
/// shortened with `…`).
const HISTORY_ID_WIDTH: usize = 28;

/// `mock due`: every question, most due first, at `now`, with why.
pub fn due_table(due: &[Due], now: i64, style: &Style) -> String {
    let rows = due
        .iter()
        .map(|d| {
            let when = match d.due_at {
                None => "now".to_owned(),
                Some(at) if at <= now => format!("now (since {})", super::date_time(at)),
                Some(at) => {
                    let days = (at - now) as f64 / 86_400.0;
                    format!("in {days:.1} days ({})", super::date_time(at))
                }
            };
            vec![
                plain(&d.question),
                plain(when),
                d.last_score
                    .map_or(plain("-"), |s| (format!("{s:.1}"), Some(score_color(s)))),
                plain(d.why()),
            ]
        })
        .collect();
    let table = style.fitted_table(
        &[
            ("question", Fit::Id),
            ("due", Fit::Text),
            ("last", Fit::Fixed),
            ("why", Fit::Text),
        ],
        rows,
    );
    format!("{table}\n")
}
