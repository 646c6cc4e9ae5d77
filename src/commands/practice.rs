//! The practice-history commands: `history`, `stats`, `due`, `export`,
//! `import`.

use std::io::Write;

use super::{check_theme, question, Context};
use crate::cli::{ExportArgs, ExportFormat, HistoryArgs, ListFormat, StatsArgs, StatsFormat};
use crate::error::{Error, EXIT_OK};
use crate::history::{exchange, schedule, stats, Filter, Store};
use crate::output;

/// Opens the history, or says why it cannot be used.
pub fn store(context: &Context) -> Result<Store, Error> {
    let path = context
        .history
        .as_ref()
        .ok_or_else(|| Error::Usage("the practice history is off (--no-history)".into()))?;
    Ok(Store::open(path)?)
}

/// The practice history, opened for reading only: on a full or read-only
/// disk it is still read (`history`, `stats`, `due`, `export`).
pub fn reading_store(context: &Context) -> Result<Store, Error> {
    let path = context
        .history
        .as_ref()
        .ok_or_else(|| Error::Usage("the practice history is off (--no-history)".into()))?;
    Ok(Store::open_for_reading(path)?)
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
    let mut attempts = reading_store(context)?.attempts(&filter)?;
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
    out.write_all(output::history_lines(&attempts, &context.style).as_bytes())?;
    Ok(EXIT_OK)
}

/// `mock stats`.
pub fn stats(context: &Context, args: &StatsArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    let filter = Filter {
        question: None,
        theme: args.theme.clone(),
    };
    let attempts = reading_store(context)?.attempts(&filter)?;
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
    let attempts = reading_store(context)?.attempts(&Filter::default())?;
    let ids = context.bank.ids();
    let now = crate::history::now();
    let due = schedule::order(&ids, &attempts);
    out.write_all(output::due_table(&due, now, &context.style).as_bytes())?;
    Ok(EXIT_OK)
}

/// `mock export`.
pub fn export(context: &Context, args: &ExportArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let attempts = reading_store(context)?.attempts(&Filter::default())?;
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
