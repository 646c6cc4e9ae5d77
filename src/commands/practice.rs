//! The practice-history commands: `history`, `stats`, `due`, `export`,
//! `import`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use comfy_table::Cell;

use super::{check_theme, question, Context};
use crate::cli::{ExportArgs, ExportFormat, HistoryArgs, ListFormat, StatsArgs, StatsFormat};
use crate::error::{Error, EXIT_OK};
use crate::history::{chart, exchange, schedule, Attempt, Filter, Store};
use crate::report::style::{score_color, Color};

/// Opens the history, or says why it cannot be used.
pub fn store(context: &Context) -> Result<Store, Error> {
    let path = context
        .history
        .as_ref()
        .ok_or_else(|| Error::Usage("the practice history is off (--no-history)".into()))?;
    Ok(Store::open(path)?)
}

fn format_time(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]"
            ))
            .ok()
        })
        .unwrap_or_else(|| seconds.to_string())
}

fn minutes(seconds: i64) -> String {
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

/// `mock history`.
pub fn history(context: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    if let Some(id) = &args.question {
        question(&context.bank, id)?;
    }
    let filter = Filter {
        question: args.question.clone(),
        theme: args.theme.clone(),
    };
    let mut attempts = store(context)?.attempts(&filter)?;
    attempts.reverse();
    attempts.truncate(args.limit);
    if args.format == ListFormat::Json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&attempts).expect("serializable")
        )?;
        return Ok(EXIT_OK);
    }
    if attempts.is_empty() {
        writeln!(out, "No attempts yet. Practise with: mock ask")?;
        return Ok(EXIT_OK);
    }
    // One line per attempt, then what it missed, wrapped: readable at 80
    // columns, where a table with a "missed" column is not.
    let style = &context.style;
    let id_width = attempts
        .iter()
        .map(|a| a.question.chars().count())
        .max()
        .unwrap_or(0);
    for a in &attempts {
        let score = format!("{:>5.1}", a.score);
        let _ = writeln!(
            out,
            "{}  {:id_width$}  {}  {} / {}m",
            format_time(a.started_at),
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
            let mut text = format!("missed: {}", missed[..missed.len().min(3)].join("; "));
            if missed.len() > 3 {
                let _ = write!(text, " (and {} more)", missed.len() - 3);
            }
            writeln!(out, "{}", style.wrap(&text, "  ", "    "))?;
        }
    }
    Ok(EXIT_OK)
}

/// Per-question statistics.
#[derive(serde::Serialize)]
struct QuestionStats {
    question: String,
    theme: String,
    attempts: usize,
    best: Option<f64>,
    latest: Option<f64>,
    scores: Vec<f64>,
    median_seconds: Option<i64>,
    time_box_minutes: u32,
    most_missed: Vec<(String, usize, String)>,
}

fn question_stats(
    context: &Context,
    attempts: &[Attempt],
    theme: Option<&str>,
) -> Vec<QuestionStats> {
    context
        .bank
        .in_theme(theme)
        .into_iter()
        .map(|entry| {
            let mine: Vec<&Attempt> = attempts
                .iter()
                .filter(|a| a.question == entry.question.id)
                .collect();
            let scores: Vec<f64> = mine.iter().map(|a| a.score).collect();
            let mut durations: Vec<i64> = mine.iter().map(|a| a.ended_at - a.started_at).collect();
            durations.sort_unstable();
            let mut missed: HashMap<&str, usize> = HashMap::new();
            for a in &mine {
                for c in a.concepts.iter().filter(|c| !c.hit) {
                    *missed.entry(c.id.as_str()).or_default() += 1;
                }
            }
            let mut most_missed: Vec<(String, usize, String)> = missed
                .into_iter()
                .map(|(id, n)| {
                    let hint = entry
                        .rubric
                        .concepts
                        .iter()
                        .find(|c| c.id == id)
                        .map_or(String::new(), |c| c.hint.clone());
                    let label = entry
                        .rubric
                        .concepts
                        .iter()
                        .find(|c| c.id == id)
                        .map_or(id.to_owned(), |c| c.label.clone());
                    (label, n, hint)
                })
                .collect();
            most_missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            most_missed.truncate(3);
            QuestionStats {
                question: entry.question.id.clone(),
                theme: entry.question.theme.clone(),
                attempts: mine.len(),
                best: scores.iter().copied().reduce(f64::max),
                latest: scores.last().copied(),
                median_seconds: durations.get(durations.len() / 2).copied(),
                time_box_minutes: entry.question.time_box_minutes,
                scores,
                most_missed,
            }
        })
        .collect()
}

/// `mock stats`.
pub fn stats(context: &Context, args: &StatsArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    let filter = Filter {
        question: None,
        theme: args.theme.clone(),
    };
    let attempts = store(context)?.attempts(&filter)?;
    let stats = question_stats(context, &attempts, args.theme.as_deref());
    let rendered = match args.format {
        StatsFormat::Json => serde_json::to_string_pretty(&stats).expect("serializable") + "\n",
        StatsFormat::Html => stats_html(&attempts),
        StatsFormat::Table => stats_table(context, &stats),
    };
    match &args.output {
        Some(path) => crate::fsutil::write_atomic(path, rendered.as_bytes())?,
        None => out.write_all(rendered.as_bytes())?,
    }
    Ok(EXIT_OK)
}

fn stats_table(context: &Context, stats: &[QuestionStats]) -> String {
    let style = &context.style;
    let mut out = String::new();
    let mut themes = style.table();
    themes.set_header(vec![
        "theme",
        "attempts",
        "questions practised",
        "mean of best",
    ]);
    for theme in context.bank.themes() {
        let mine: Vec<&QuestionStats> = stats.iter().filter(|s| s.theme == theme).collect();
        if mine.is_empty() {
            continue;
        }
        let bests: Vec<f64> = mine.iter().filter_map(|s| s.best).collect();
        let mean = if bests.is_empty() {
            "-".to_owned()
        } else {
            format!("{:.1}", bests.iter().sum::<f64>() / bests.len() as f64)
        };
        themes.add_row(vec![
            theme.to_owned(),
            mine.iter().map(|s| s.attempts).sum::<usize>().to_string(),
            format!("{}/{}", bests.len(), mine.len()),
            mean,
        ]);
    }
    let _ = writeln!(out, "{themes}\n");
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
            Cell::new(chart::sparkline(recent)),
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
    let hints: Vec<&(String, usize, String)> = stats
        .iter()
        .flat_map(|s| s.most_missed.first())
        .filter(|m| m.1 > 1)
        .collect();
    if !hints.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Keeps being missed", Color::Bold));
        for (label, n, hint) in hints {
            let text = format!("{label} ({n} times): {hint}");
            let _ = writeln!(out, "{}", style.wrap(&text, "  - ", "    "));
        }
    }
    out
}

/// Attempts the trend sparkline shows, the latest.
const TREND: usize = 12;

/// The threshold line of `mock stats --format html`: `mock report`'s
/// default minimum score.
const DEFAULT_MIN_SCORE: f64 = 60.0;

fn stats_html(attempts: &[Attempt]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Practice progress</title>\n<style>body{{font-family:system-ui,sans-serif;margin:1rem;color:#1b1f24}}main{{max-width:60rem;margin:auto}}\
         .card{{border:1px solid #d0d7de;border-radius:8px;padding:.75rem;margin:.75rem 0}}</style>\n</head>\n<body>\n<main>\n\
         <h1>Practice progress</h1>\n{}</main>\n</body>\n</html>\n",
        if attempts.is_empty() { "<p>No attempts yet.</p>\n".to_owned() } else { chart::progress_svg(attempts, DEFAULT_MIN_SCORE) }
    )
}

/// `mock due`.
pub fn due(context: &Context, out: &mut dyn Write) -> Result<i32, Error> {
    let attempts = store(context)?.attempts(&Filter::default())?;
    let ids = context.bank.ids();
    let now = crate::history::now();
    let mut table = context.style.table();
    table.set_header(vec![
        "question",
        "due",
        "interval",
        "attempts",
        "last score",
    ]);
    for d in schedule::order(&ids, &attempts) {
        let when = match d.due_at {
            None => "now (never practised)".to_owned(),
            Some(at) if at <= now => format!("now (since {})", format_time(at)),
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
    writeln!(out, "{table}")?;
    Ok(EXIT_OK)
}

/// `mock export`.
pub fn export(context: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let attempts = store(context)?.attempts(&Filter::default())?;
    let text = match args.format {
        ExportFormat::Jsonl => exchange::to_jsonl(&attempts),
        ExportFormat::Csv => exchange::to_csv(&attempts),
    };
    match &args.output {
        Some(path) => crate::fsutil::write_atomic(path, text.as_bytes())?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(EXIT_OK)
}

/// `mock import`.
pub fn import(
    context: &Context,
    file: &std::path::Path,
    out: &mut dyn Write,
) -> Result<i32, Error> {
    let attempts = exchange::from_jsonl(file)?;
    let added = store(context)?.record(&attempts)?;
    writeln!(
        out,
        "imported {added} attempts ({} already present)",
        attempts.len() - added
    )?;
    Ok(EXIT_OK)
}
