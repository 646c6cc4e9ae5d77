//! Moving history between machines: export as JSON Lines or CSV, import
//! JSON Lines. Attempts carry a uid, so importing twice adds nothing.

use std::io::BufRead;
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

/// Longest line of an export read, in bytes: an attempt holds an answer of
/// at most 16 MB, which JSON escaping can make a few times longer.
pub const MAX_RECORD_BYTES: u64 = 128 << 20;

/// Reads a JSON Lines export line by line; a bad line is an error naming
/// it. A line longer than [`MAX_RECORD_BYTES`] ends the reading (a device
/// without end, such as a link to `/dev/zero`, is refused, not read whole).
pub fn from_jsonl(path: &Path) -> Result<Vec<Attempt>, HistoryError> {
    let io = |source| HistoryError::Io {
        path: path.to_owned(),
        source,
    };
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).map_err(io)?);
    let mut attempts = Vec::new();
    let mut bytes = Vec::new();
    for number in 1.. {
        bytes.clear();
        let read = std::io::Read::take(&mut reader, MAX_RECORD_BYTES + 1)
            .read_until(b'\n', &mut bytes)
            .map_err(io)?;
        if read == 0 {
            break;
        }
        let problem = if bytes.len() as u64 > MAX_RECORD_BYTES {
            Some(format!(
                "longer than {} MB; not an exported attempt",
                MAX_RECORD_BYTES >> 20
            ))
        } else {
            match std::str::from_utf8(&bytes) {
                Err(e) => Some(format!("not valid UTF-8 (byte {})", e.valid_up_to())),
                Ok(line) if line.trim().is_empty() => None,
                Ok(line) => match serde_json::from_str(line) {
                    Ok(attempt) => {
                        attempts.push(attempt);
                        None
                    }
                    Err(e) => Some(format!("not an exported attempt: {e}")),
                },
            }
        };
        if let Some(message) = problem {
            return Err(HistoryError::Import {
                path: path.to_owned(),
                line: number,
                message,
            });
        }
    }
    Ok(attempts)
}
