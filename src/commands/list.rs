//! `mock list`: the questions as a table.

use std::io::Write;

use super::{check_theme, Context};
use crate::cli::ListArgs;
use crate::error::{Error, EXIT_OK};

/// Longest question excerpt shown in the table, in characters.
const EXCERPT: usize = 72;

/// Prints the questions of the bank (or of one theme).
pub fn run(context: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<i32, Error> {
    check_theme(&context.bank, args.theme.as_deref())?;
    let mut table = context.style.table();
    table.set_header(vec!["id", "theme", "minutes", "question"]);
    for q in context.bank.questions(args.theme.as_deref()) {
        table.add_row(vec![
            q.id.clone(),
            q.theme.clone(),
            q.time_box_minutes.to_string(),
            excerpt(&q.question),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(EXIT_OK)
}

/// The first line of a question, shortened to fit a table.
fn excerpt(question: &str) -> String {
    let line = question.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= EXCERPT {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(EXCERPT - 3).collect();
        format!("{}...", cut.trim_end())
    }
}
