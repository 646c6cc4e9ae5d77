//! Moving history between machines: export as JSON Lines or CSV, import
//! JSON Lines. Attempts carry a uid, so importing twice adds nothing.

use std::path::Path;

use super::{Attempt, HistoryError};

/// One attempt per line of JSON.
pub fn to_jsonl(attempts: &[Attempt]) -> String {
    attempts
        .iter()
        .map(|a| serde_json::to_string(a).expect("serializable") + "\n")
        .collect()
}

/// A CSV summary (one row per attempt; concepts as `id:hit` pairs). Text
/// that a spreadsheet would read as a formula is made [`inert`].
pub fn to_csv(attempts: &[Attempt]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "uid",
        "question",
        "theme",
        "source",
        "started_at",
        "ended_at",
        "time_box_minutes",
        "score",
        "coverage",
        "missed",
        "red_flags",
        "bank_hash",
        "answer",
    ]);
    for a in attempts {
        let missed: Vec<&str> = a
            .concepts
            .iter()
            .filter(|c| !c.hit)
            .map(|c| c.id.as_str())
            .collect();
        let _ = writer.write_record([
            &*inert(&a.uid),
            &inert(&a.question),
            &inert(&a.theme),
            &inert(&a.source),
            &a.started_at.to_string(),
            &a.ended_at.to_string(),
            &a.time_box_minutes.to_string(),
            &a.score.to_string(),
            &a.coverage.to_string(),
            &inert(&missed.join(" ")),
            &inert(&a.red_flags.join(" ")),
            &inert(&a.bank_hash),
            &inert(&a.answer),
        ]);
    }
    String::from_utf8(writer.into_inner().expect("writing to memory"))
        .expect("CSV of UTF-8 is UTF-8")
}

/// A text cell that a spreadsheet will not run as a formula: one starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
/// (OWASP's advice for CSV injection), which spreadsheets show as text.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Reads a JSON Lines export; a bad line is an error naming it.
pub fn from_jsonl(path: &Path) -> Result<Vec<Attempt>, HistoryError> {
    let text = std::fs::read_to_string(path).map_err(|source| HistoryError::Io {
        path: path.to_owned(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|e| HistoryError::Import {
                path: path.to_owned(),
                line: index + 1,
                message: format!("not an exported attempt: {e}"),
            })
        })
        .collect()
}
