//! The practice-history commands: `history`, `stats`, `due`, `export`,
//! `import`.

use std::fmt::Write as _;
use std::io::Write;

use super::{check_theme, question, Context};
use crate::cli::{ExportArgs, ExportFormat, HistoryArgs, ListFormat, StatsArgs, StatsFormat};
use crate::error::{Error, EXIT_OK};
use crate::history::{exchange, schedule, stats, Filter, Store};
use crate::output::style::score_color;
use crate::output::{self, minutes};

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

/// `mock stats`.
pub fn stats(context: &Context, args: &StatsArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    let filter = Filter {
        question: None,
        theme: args.theme.clone(),
    };
    let attempts = store(context)?.attempts(&filter)?;
    let stats = stats::question_stats(&context.bank, &attempts, args.theme.as_deref());
    let rendered = match args.format {
        StatsFormat::Json => serde_json::to_string_pretty(&stats).expect("serializable") + "\n",
        StatsFormat::Html => output::progress_page(&attempts, DEFAULT_MIN_SCORE),
        StatsFormat::Table => {
            let themes = stats::theme_stats(&context.bank.themes(), &stats);
            output::stats_table(&themes, &stats, &context.style)
        }
    };
    match &args.output {
        Some(path) => crate::fsutil::write_atomic(path, rendered.as_bytes())?,
        None => out.write_all(rendered.as_bytes())?,
    }
    Ok(EXIT_OK)
}

/// The threshold line of `mock stats --format html`: `mock report`'s
/// default minimum score.
const DEFAULT_MIN_SCORE: f64 = 60.0;

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
