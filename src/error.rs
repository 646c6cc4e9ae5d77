//! Library errors and the process exit codes they map to.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | a threshold was not met (`--min-score`) |
//! | 2 | a usage or input error: bad flags, unreadable files, a broken bank |

use std::path::PathBuf;

use thiserror::Error;

use crate::escape::inline;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when a score threshold was not met.
pub const EXIT_THRESHOLD: i32 = 1;
/// Exit code for usage and input errors.
pub const EXIT_INPUT: i32 = 2;

/// How serious a bank diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The bank cannot be used (or `mock rubric check` fails).
    Error,
    /// Probably a mistake; fails `mock rubric check --strict` only.
    Warning,
    /// Advice that never fails a check (how to upgrade a v1 rubric).
    Note,
}

/// One problem in a bank file, located at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}:{line}:{column}: {}: {}", inline(.path), match .severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" }, inline(.message))]
pub struct Diagnostic {
    /// File path as shown to the user.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, and what to do about it.
    pub message: String,
}

/// Errors loading a question bank.
#[derive(Debug, Error)]
pub enum BankError {
    /// A file or folder could not be read.
    #[error("{}: {source}", crate::escape::path(.path))]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder holds no questions.
    #[error(
        "{}: no questions found (expected questions/<theme>/<id>.yaml and rubrics/<id>.yaml)",
        crate::escape::path(.0)
    )]
    Empty(PathBuf),
    /// One or more files are invalid; every problem is listed, one per line.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

/// Errors reading an answer.
#[derive(Debug, Error)]
pub enum AnswerError {
    /// The file could not be read.
    #[error("{}: {source}", inline(.path))]
    Io {
        /// The path that failed.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}: not valid UTF-8 text (byte {offset}); save the answer as UTF-8", inline(.path))]
    NotUtf8 {
        /// The path.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The YAML front matter is broken.
    #[error("{}: {}", inline(.path), inline(.message))]
    FrontMatter {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file holds no answer text (only front matter or white space).
    #[error("{}: empty answer (no text after the front matter)", inline(.path))]
    Empty {
        /// The path.
        path: String,
    },
    /// The file is larger than an answer can reasonably be.
    #[error("{}: {} is too large for an answer (limit {limit} MB)", inline(.path), over_limit(*.megabytes, *.limit))]
    TooLarge {
        /// The path.
        path: String,
        /// Its size, when known (a stream or a record stops being read at
        /// the limit).
        megabytes: Option<f64>,
        /// The limit.
        limit: u64,
    },
    /// A link in an answers folder leads out of it; it is not followed.
    #[error("{}: links outside {} (to a file or folder elsewhere); not read: copy the answer into the folder instead", inline(.path), inline(.folder))]
    OutsideFolder {
        /// The link.
        path: String,
        /// The folder named on the command line.
        folder: String,
    },
    /// A folder holds no answer file.
    #[error("{0}: no answers found in {0} (answer files end in .md, .markdown or .txt)", inline(.path))]
    NoAnswers {
        /// The folder.
        path: String,
    },
    /// No question id was given for the answer.
    #[error("{}: no question id: add front matter `question: <id>` or pass --question", inline(.path))]
    NoQuestion {
        /// The path.
        path: String,
    },
    /// The answer names a question the bank does not have.
    #[error("{}: unknown question {}; {valid}", inline(.path), inline(&format!("{:?}", .id)))]
    UnknownQuestion {
        /// The path.
        path: String,
        /// The id given.
        id: String,
        /// The valid ids, or the closest of them (see `Bank::valid_ids_for`).
        valid: String,
    },
    /// A bug in `mock` (a panic) while reading or scoring this input; the
    /// rest of a batch is still scored.
    #[error("{}: internal error: {} (please report this bug)", inline(.path), inline(.message))]
    Internal {
        /// The path.
        path: String,
        /// The panic message and where it happened.
        message: String,
    },
    /// A JSONL line is not a valid answer record.
    #[error("{}:{line}: {}", inline(.path), inline(.message))]
    Jsonl {
        /// The path.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// A size over a limit in megabytes, as shown: `16.5 MB`, and never a size
/// that reads as within the limit (16 MB and a few bytes is "more than
/// 16 MB", not "16.0 MB").
pub fn over_limit(megabytes: Option<f64>, limit: u64) -> String {
    match megabytes {
        Some(mb) if (mb * 10.0).round() / 10.0 > limit as f64 => format!("{mb:.1} MB"),
        _ => format!("more than {limit} MB"),
    }
}

/// Any error a command can end with.
#[derive(Debug, Error)]
pub enum Error {
    /// The bank could not be loaded.
    #[error(transparent)]
    Bank(#[from] BankError),
    /// An answer could not be read.
    #[error(transparent)]
    Answer(#[from] AnswerError),
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The practice history could not be used.
    #[error(transparent)]
    History(#[from] HistoryError),
}

impl Error {
    /// The exit code for this error.
    pub fn exit_code(&self) -> i32 {
        EXIT_INPUT
    }

    /// Whether the error is only a closed output pipe (`mock ... | head`),
    /// which ends the run quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// How long a writer waits for another process's transaction.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Errors of the history database. Each names the file.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// The file exists but is not an SQLite database.
    #[error("{}: not a mock history database (not SQLite); it was left untouched - move it away or pass --db", crate::escape::path(.0))]
    NotADatabase(PathBuf),
    /// An SQLite database that belongs to something else.
    #[error("{}: an SQLite database that is not mock's history; it was left untouched - pass --db to use another file", crate::escape::path(.0))]
    Foreign(PathBuf),
    /// Written by a newer mock.
    #[error("{}: history schema version {found} is newer than this mock supports ({supported}); upgrade mock", crate::escape::path(.path))]
    Newer {
        /// The database.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// The database cannot be written.
    #[error("{}: the history database is read-only; nothing was recorded", crate::escape::path(.0))]
    ReadOnly(PathBuf),
    /// The disk (or the user's quota) is full.
    #[error("{}: the disk is full; nothing was recorded", crate::escape::path(.0))]
    DiskFull(PathBuf),
    /// Another process holds the database for longer than the busy timeout.
    #[error("{}: the history database is locked by another process (waited {secs} s)", crate::escape::path(.0), secs = BUSY_TIMEOUT.as_secs())]
    Locked(PathBuf),
    /// Any other SQLite error.
    #[error("{}: {source}", crate::escape::path(.path))]
    Sqlite {
        /// The database.
        path: PathBuf,
        /// The error.
        source: rusqlite::Error,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", crate::escape::path(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A record could not be imported.
    #[error("{}:{line}: {}", crate::escape::path(.path), inline(.message))]
    Import {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Characters of a quoted value shown in an error about a bank file at most.
pub const MAX_QUOTE: usize = 80;

/// `message` with every quoted part (between `"` or `` ` ``) cut to `max`
/// characters, so that an error about a value never prints all of it (a
/// file holding a secret, read as a rubric, stays unprinted).
pub fn shorten_quotes(message: &str, max: usize) -> String {
    let mut out = String::with_capacity(message.len().min(4 * max));
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '"' && c != '`' {
            continue;
        }
        let mut cut = false;
        let mut escaped = false;
        for (shown, inner) in chars.by_ref().enumerate() {
            let closing = inner == c && !escaped;
            escaped = c == '"' && inner == '\\' && !escaped;
            if closing {
                break;
            }
            if shown < max {
                out.push(inner);
            } else if !cut {
                cut = true;
                out.push_str("...");
            }
        }
        if cut && out.ends_with('\\') {
            out.pop();
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_values_are_cut_to_an_excerpt() {
        let long = "k".repeat(500);
        let message = format!("invalid type: string \"{long}\", expected f64");
        let short = super::shorten_quotes(&message, 10);
        assert_eq!(
            short,
            "invalid type: string \"kkkkkkkkkk...\", expected f64"
        );
        assert_eq!(
            super::shorten_quotes("unknown field `phrase`, expected `phrases`", 10),
            "unknown field `phrase`, expected `phrases`"
        );
        let escaped = super::shorten_quotes(r#"string "a\"b" and "c""#, 10);
        assert_eq!(escaped, r#"string "a\"b" and "c""#);
    }
}
