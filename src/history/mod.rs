//! Practice history: every attempt, stored in SQLite.
//!
//! One file (`$XDG_DATA_HOME/mock/history.db` on Linux; `--db` or `MOCK_DB`
//! override it), WAL mode so readers never block the writer, a busy timeout
//! so two `mock` processes writing at once both succeed, every write in an
//! immediate transaction, and a versioned schema ([`schema`]). A file at the
//! path that is not a mock history database is refused and never touched.
//! `docs/adr/0004-history-storage.md` records why SQLite.

pub mod exchange;
pub mod schedule;
pub mod schema;
pub mod stats;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::scoring::Assessment;

pub use crate::error::BUSY_TIMEOUT;

pub use crate::error::HistoryError;

/// A concept's outcome in an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptOutcome {
    /// Concept id.
    pub id: String,
    /// Concept label (as it was when the attempt was scored).
    pub label: String,
    /// Whether it was covered.
    pub hit: bool,
    /// Share of its weight earned.
    pub credit: f64,
}

/// One follow-up question and its answer. The answer is scored together
/// with the main answer and the follow-up answers before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpExchange {
    /// The concept the follow-up digs at (`None`: a follow-up recorded
    /// before concepts were stored, schema 2).
    #[serde(default)]
    pub concept: Option<String>,
    /// The follow-up question.
    pub question: String,
    /// The answer to it.
    pub answer: String,
    /// The score of the whole answer so far, this follow-up answer included.
    pub score: f64,
}

/// One practice attempt: the answer, and the follow-up exchanges after it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Stable identity, for de-duplication across machines.
    pub uid: String,
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// `ask`, or `score:<source>` for batch-scored answers.
    pub source: String,
    /// The answer text.
    pub answer: String,
    /// The follow-up question asked, if any.
    pub follow_up: Option<String>,
    /// The answer to the follow-up, if any.
    pub follow_up_answer: Option<String>,
    /// Start, in Unix seconds.
    pub started_at: i64,
    /// End, in Unix seconds.
    pub ended_at: i64,
    /// The question's time box when it was asked.
    pub time_box_minutes: u32,
    /// Score 0-100 of the answer before any follow-up (the final score is
    /// [`Attempt::final_score`]).
    pub score: f64,
    /// Coverage 0-100 before any follow-up.
    pub coverage: f64,
    /// Per-concept outcomes before any follow-up.
    pub concepts: Vec<ConceptOutcome>,
    /// Ids of the red flags that fired.
    pub red_flags: Vec<String>,
    /// Fingerprint of the bank that scored it.
    pub bank_hash: String,
    /// The mock version that scored it.
    pub mock_version: String,
    /// Every follow-up asked and answered, in order (schema 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<FollowUpExchange>,
    /// The outcome after the follow-ups: the answer and every follow-up
    /// answer scored together; `None` when no follow-up was answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Outcome>,
    /// The `mock interview` session the attempt belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// A score with its coverage and per-concept outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Score 0-100.
    pub score: f64,
    /// Coverage 0-100.
    pub coverage: f64,
    /// Per-concept outcomes.
    pub concepts: Vec<ConceptOutcome>,
}

impl Outcome {
    /// The outcome of an assessment.
    pub fn of(assessment: &Assessment) -> Outcome {
        Outcome {
            score: assessment.score,
            coverage: assessment.coverage,
            concepts: assessment
                .concepts
                .iter()
                .map(|c| ConceptOutcome {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    hit: c.hit,
                    credit: c.credit,
                })
                .collect(),
        }
    }
}

impl Attempt {
    /// Builds an attempt from the assessment of its answer. Its uid hashes
    /// question, start, answer and a random nonce: unique per attempt, and
    /// kept by export and import, so the same attempt imported twice is
    /// stored once. Follow-ups are added with [`Attempt::with_follow_ups`].
    pub fn new(
        assessment: &Assessment,
        source: &str,
        answer: &str,
        (started_at, ended_at): (i64, i64),
        time_box_minutes: u32,
        bank_hash: &str,
    ) -> Attempt {
        let mut hasher = Sha256::new();
        hasher.update(assessment.question.as_bytes());
        hasher.update(started_at.to_le_bytes());
        hasher.update(answer.as_bytes());
        hasher.update(rand::random::<u64>().to_le_bytes());
        let uid = hasher
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        let before = Outcome::of(assessment);
        Attempt {
            uid,
            question: assessment.question.clone(),
            theme: assessment.theme.clone(),
            source: source.to_owned(),
            answer: answer.to_owned(),
            follow_up: None,
            follow_up_answer: None,
            started_at,
            ended_at,
            time_box_minutes,
            score: before.score,
            coverage: before.coverage,
            concepts: before.concepts,
            red_flags: assessment.red_flags.iter().map(|f| f.id.clone()).collect(),
            bank_hash: bank_hash.to_owned(),
            mock_version: env!("CARGO_PKG_VERSION").to_owned(),
            exchanges: Vec::new(),
            after: None,
            session: None,
        }
    }

    /// Adds the follow-up exchanges and the assessment of the answer with
    /// every follow-up answer (`after`). The first exchange also fills the
    /// schema-2 columns `follow_up` and `follow_up_answer`.
    pub fn with_follow_ups(
        mut self,
        exchanges: Vec<FollowUpExchange>,
        after: &Assessment,
    ) -> Attempt {
        if exchanges.is_empty() {
            return self;
        }
        self.follow_up = exchanges.first().map(|e| e.question.clone());
        self.follow_up_answer = exchanges.first().map(|e| e.answer.clone());
        self.red_flags = after.red_flags.iter().map(|f| f.id.clone()).collect();
        self.exchanges = exchanges;
        self.after = Some(Outcome::of(after));
        self
    }

    /// The final score: after the follow-ups, when any was answered.
    pub fn final_score(&self) -> f64 {
        self.after.as_ref().map_or(self.score, |a| a.score)
    }

    /// The final per-concept outcomes: after the follow-ups, when any was
    /// answered.
    pub fn final_concepts(&self) -> &[ConceptOutcome] {
        self.after.as_ref().map_or(&self.concepts, |a| &a.concepts)
    }
}

/// Which attempts to read.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this question.
    pub question: Option<String>,
    /// Only this theme.
    pub theme: Option<String>,
}

/// The default database path: `MOCK_DB`, else the platform data directory.
pub fn default_path() -> PathBuf {
    if let Some(path) = std::env::var_os("MOCK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    crate::paths::data_dir().join("history.db")
}

/// An open history database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store, HistoryError> {
        check_header(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| HistoryError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        let sqlite = |source| classify(path, source);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY))
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens the database at `path` for reading: as [`open`](Self::open),
    /// and, where the disk is full or read-only (SQLite cannot create its
    /// shared-memory file there), read as it is on disk ("immutable"), when
    /// no write-ahead log holds attempts the file does not.
    pub fn open_for_reading(path: &Path) -> Result<Store, HistoryError> {
        let error = match Store::open(path) {
            Ok(store) => return Ok(store),
            Err(error) => error,
        };
        let unwritable = match &error {
            HistoryError::DiskFull(_) | HistoryError::ReadOnly(_) => true,
            HistoryError::Sqlite { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(
                    rusqlite::ffi::ErrorCode::SystemIoFailure
                        | rusqlite::ffi::ErrorCode::CannotOpen
                )
            ),
            _ => false,
        };
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let wal = path.with_file_name(format!("{name}-wal"));
        let logged = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        if !unwritable || logged || !path.is_file() {
            return Err(error);
        }
        let Ok(absolute) = path.canonicalize() else {
            return Err(error);
        };
        // A URI: `%`, `?` and `#` in the path are escaped.
        let mut uri = String::from("file:");
        for c in absolute.to_string_lossy().chars() {
            match c {
                '%' => uri.push_str("%25"),
                '?' => uri.push_str("%3f"),
                '#' => uri.push_str("%23"),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|_| error)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let sqlite = |source| classify(&path, source);
        // A consistent snapshot: another process may be creating the schema.
        let state = |conn: &Connection| -> rusqlite::Result<(i64, i32, i64)> {
            Ok((
                conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
                conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?,
            ))
        };
        let check =
            |(version, application, tables): (i64, i32, i64)| -> Result<bool, HistoryError> {
                if application != schema::APPLICATION_ID && (application != 0 || tables > 0) {
                    return Err(HistoryError::Foreign(path.clone()));
                }
                if version > schema::VERSION {
                    return Err(HistoryError::Newer {
                        path: path.clone(),
                        found: version,
                        supported: schema::VERSION,
                    });
                }
                Ok(version == schema::VERSION)
            };
        let snapshot = {
            let tx = self.conn.transaction().map_err(sqlite)?;
            state(&tx).map_err(sqlite)?
        };
        if check(snapshot)? {
            return Ok(());
        }
        // WAL lets readers proceed while another process writes.
        let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        // Re-read under the write lock: another process may have migrated.
        let (version, application, tables) = state(&tx).map_err(sqlite)?;
        if check((version, application, tables))? {
            return Ok(());
        }
        for (from, migration) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(migration).map_err(sqlite)?;
            tx.pragma_update(None, "user_version", from as i64 + 1)
                .map_err(sqlite)?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .map_err(sqlite)?;
        tx.commit().map_err(sqlite)
    }

    /// Stores attempts in one transaction; returns how many were new
    /// (attempts already stored, by uid, are skipped).
    pub fn record(&mut self, attempts: &[Attempt]) -> Result<usize, HistoryError> {
        let path = self.path.clone();
        let sqlite = |source| classify(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let mut inserted = 0;
        {
            let mut statement = tx
                .prepare(
                    "INSERT OR IGNORE INTO attempts (uid, question, theme, source, answer, follow_up, follow_up_answer,
                     started_at, ended_at, time_box_minutes, score, coverage, concepts, red_flags, bank_hash, mock_version,
                     exchanges, final_outcome, session)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                )
                .map_err(sqlite)?;
            for a in attempts {
                inserted += statement
                    .execute(params![
                        a.uid,
                        a.question,
                        a.theme,
                        a.source,
                        a.answer,
                        a.follow_up,
                        a.follow_up_answer,
                        a.started_at,
                        a.ended_at,
                        a.time_box_minutes,
                        a.score,
                        a.coverage,
                        serde_json::to_string(&a.concepts).expect("serializable"),
                        serde_json::to_string(&a.red_flags).expect("serializable"),
                        a.bank_hash,
                        a.mock_version,
                        (!a.exchanges.is_empty())
                            .then(|| serde_json::to_string(&a.exchanges).expect("serializable")),
                        a.after
                            .as_ref()
                            .map(|o| serde_json::to_string(o).expect("serializable")),
                        a.session,
                    ])
                    .map_err(sqlite)?;
            }
        }
        tx.commit().map_err(sqlite)?;
        Ok(inserted)
    }

    /// Attempts matching `filter`, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<Attempt>, HistoryError> {
        let sqlite = |source| classify(&self.path, source);
        let mut statement = self
            .conn
            .prepare(
                "SELECT uid, question, theme, source, answer, follow_up, follow_up_answer, started_at, ended_at,
                 time_box_minutes, score, coverage, concepts, red_flags, bank_hash, mock_version,
                 exchanges, final_outcome, session
                 FROM attempts WHERE (?1 IS NULL OR question = ?1) AND (?2 IS NULL OR theme = ?2)
                 ORDER BY started_at, id",
            )
            .map_err(sqlite)?;
        let rows = statement
            .query_map(params![filter.question, filter.theme], |r| {
                let concepts: String = r.get(12)?;
                let red_flags: String = r.get(13)?;
                let exchanges: Option<String> = r.get(16)?;
                let after: Option<String> = r.get(17)?;
                Ok(Attempt {
                    uid: r.get(0)?,
                    question: r.get(1)?,
                    theme: r.get(2)?,
                    source: r.get(3)?,
                    answer: r.get(4)?,
                    follow_up: r.get(5)?,
                    follow_up_answer: r.get(6)?,
                    started_at: r.get(7)?,
                    ended_at: r.get(8)?,
                    time_box_minutes: r.get(9)?,
                    score: r.get(10)?,
                    coverage: r.get(11)?,
                    concepts: serde_json::from_str(&concepts).unwrap_or_default(),
                    red_flags: serde_json::from_str(&red_flags).unwrap_or_default(),
                    bank_hash: r.get(14)?,
                    mock_version: r.get(15)?,
                    exchanges: exchanges
                        .and_then(|e| serde_json::from_str(&e).ok())
                        .unwrap_or_default(),
                    after: after.and_then(|o| serde_json::from_str(&o).ok()),
                    session: r.get(18)?,
                })
            })
            .map_err(sqlite)?;
        // A row of the wrong types (written by something else: a text
        // timestamp) is left out with a warning; it failed every command
        // that reads the history, export included.
        let mut attempts = Vec::new();
        let mut unreadable = 0usize;
        for row in rows {
            match row {
                Ok(attempt) => attempts.push(attempt),
                Err(
                    rusqlite::Error::InvalidColumnType(..)
                    | rusqlite::Error::FromSqlConversionFailure(..)
                    | rusqlite::Error::IntegralValueOutOfRange(..),
                ) => unreadable += 1,
                Err(error) => return Err(sqlite(error)),
            }
        }
        if unreadable > 0 {
            crate::terminal::error_line(&format!(
                "warning: {}: {unreadable} attempt{} with values of the wrong type left out",
                crate::escape::path(&self.path),
                if unreadable == 1 { "" } else { "s" }
            ));
        }
        Ok(attempts)
    }
}

/// Refuses a non-empty file that does not start with SQLite's header.
fn check_header(path: &Path) -> Result<(), HistoryError> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // missing: it will be created
    };
    let mut header = [0u8; 16];
    let read = file.read(&mut header).map_err(|source| HistoryError::Io {
        path: path.to_owned(),
        source,
    })?;
    if read == 0 || (read == 16 && header == *b"SQLite format 3\0") {
        Ok(())
    } else {
        Err(HistoryError::NotADatabase(path.to_owned()))
    }
}

/// Maps SQLite errors to the ones a user can act on.
fn classify(path: &Path, source: rusqlite::Error) -> HistoryError {
    use rusqlite::ffi::ErrorCode;
    match source.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => HistoryError::ReadOnly(path.to_owned()),
        Some(ErrorCode::DiskFull) => HistoryError::DiskFull(path.to_owned()),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            HistoryError::Locked(path.to_owned())
        }
        Some(ErrorCode::NotADatabase) => HistoryError::NotADatabase(path.to_owned()),
        // SQLite says "disk I/O error" (or "unable to open") when it cannot
        // write its log or shared-memory file: a full or read-only disk is
        // told apart by trying to write beside the database.
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => match unwritable(path) {
            Some(std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) => {
                HistoryError::DiskFull(path.to_owned())
            }
            Some(std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied) => {
                HistoryError::ReadOnly(path.to_owned())
            }
            _ => HistoryError::Sqlite {
                path: path.to_owned(),
                source,
            },
        },
        _ => HistoryError::Sqlite {
            path: path.to_owned(),
            source,
        },
    }
}

/// Why a file cannot be written beside the database, if it cannot: 64 KB
/// written to a temporary file in its folder and synced (and removed).
fn unwritable(path: &Path) -> Option<std::io::ErrorKind> {
    use std::io::Write;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = tempfile::tempfile_in(folder).and_then(|mut file| {
        file.write_all(&[0u8; 64 << 10])?;
        file.sync_all()
    });
    probe.err().map(|e| e.kind())
}

/// A fingerprint of a bank: SHA-256 over its questions and rubrics and the
/// semantic stage's model, so old attempts stay interpretable when rubrics
/// or the model change.
pub fn bank_hash(bank: &crate::bank::Bank) -> String {
    let mut hasher = Sha256::new();
    if let Some(model) = bank.model_fingerprint() {
        hasher.update(model.as_bytes());
    }
    for entry in bank.entries() {
        hasher.update(serde_json::to_vec(&entry.question).expect("serializable"));
        hasher.update(serde_json::to_vec(&entry.rubric).expect("serializable"));
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, started_at: i64, score: f64) -> Attempt {
        Attempt {
            uid: format!("{question}-{started_at}"),
            question: question.into(),
            theme: "cloud".into(),
            source: "ask".into(),
            answer: "text".into(),
            follow_up: None,
            follow_up_answer: None,
            started_at,
            ended_at: started_at + 60,
            time_box_minutes: 5,
            score,
            coverage: score,
            concepts: vec![],
            red_flags: vec![],
            bank_hash: "h".into(),
            mock_version: "0".into(),
            ..Attempt::default()
        }
    }

    #[test]
    fn records_and_reads_back_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("h.db")).unwrap();
        let a = attempt("q", 10, 50.0);
        assert_eq!(
            store.record(&[a.clone(), attempt("q", 5, 70.0)]).unwrap(),
            2
        );
        assert_eq!(store.record(&[a]).unwrap(), 0, "same uid is skipped");
        let read = store.attempts(&Filter::default()).unwrap();
        assert_eq!(
            read.iter().map(|a| a.started_at).collect::<Vec<_>>(),
            [5, 10],
            "oldest first"
        );
    }

    #[test]
    fn migrates_from_empty_and_from_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO attempts (uid, question, theme, source, answer, started_at, ended_at, time_box_minutes,
                 score, coverage, concepts, red_flags, bank_hash, mock_version)
                 VALUES ('u', 'q', 't', 'ask', 'a', 1, 2, 5, 40, 40, '[]', '[]', 'h', '0')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::VERSION);
        let kept = store.attempts(&Filter::default()).unwrap();
        assert_eq!(
            (kept.len(), kept[0].follow_up.clone()),
            (1, None),
            "old rows survive the migration"
        );
        let fresh = Store::open(&dir.path().join("new.db")).unwrap();
        let version: i64 = fresh
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::VERSION);
    }

    #[test]
    fn foreign_corrupt_and_newer_files_are_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "my precious notes").unwrap();
        assert!(matches!(
            Store::open(&text),
            Err(HistoryError::NotADatabase(_))
        ));
        assert_eq!(std::fs::read_to_string(&text).unwrap(), "my precious notes");

        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x);")
            .unwrap();
        let before = std::fs::read(&foreign).unwrap();
        assert!(matches!(
            Store::open(&foreign),
            Err(HistoryError::Foreign(_))
        ));
        assert_eq!(std::fs::read(&foreign).unwrap(), before);

        let newer = dir.path().join("newer.db");
        {
            let conn = Connection::open(&newer).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", schema::VERSION + 1)
                .unwrap();
        }
        let error = Store::open(&newer).err().unwrap();
        assert!(
            error
                .to_string()
                .contains("is newer than this mock supports"),
            "{error}"
        );
    }
}
