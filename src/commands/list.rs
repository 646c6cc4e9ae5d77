//! `mock list`: the questions, grouped by theme, one line each.

use std::io::Write;

use serde::Serialize;

use super::{check_theme, Context};
use crate::cli::{ListArgs, ListFormat};
use crate::error::{Error, EXIT_OK};
use crate::output::style::Color;

/// One question as `mock list --format json` prints it (a stable contract,
/// documented in docs/json-output.md).
#[derive(Debug, Serialize)]
struct QuestionRow<'a> {
    id: &'a str,
    theme: &'a str,
    title: &'a str,
    time_box_minutes: u32,
}

/// Prints the questions of the bank (or of one theme) under their themes:
/// id, time box and title, the title wrapped under itself when the line
/// would pass the width (80 columns hold the built-in bank on one line
/// each).
pub fn run(context: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    let style = &context.style;
    let questions = context.bank.questions(args.theme.as_deref());
    if args.format == ListFormat::Json {
        let rows: Vec<QuestionRow<'_>> = questions
            .iter()
            .map(|q| QuestionRow {
                id: &q.id,
                theme: &q.theme,
                title: &q.title,
                time_box_minutes: q.time_box_minutes,
            })
            .collect();
        let json = serde_json::to_string_pretty(&rows).expect("serializable");
        writeln!(out, "{json}")?;
        return Ok(EXIT_OK);
    }
    let id_width = questions
        .iter()
        .map(|q| q.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut theme = None;
    for q in questions {
        if theme != Some(&q.theme) {
            writeln!(out, "{}", style.paint(&q.theme, Color::Bold))?;
            theme = Some(&q.theme);
        }
        let lead = format!("  {:id_width$}  {:>2} min  ", q.id, q.time_box_minutes);
        let indent = " ".repeat(lead.chars().count());
        writeln!(out, "{}", style.wrap(&q.title, &lead, &indent))?;
    }
    Ok(EXIT_OK)
}
