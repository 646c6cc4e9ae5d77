//! The history database's schema and its migrations.
//!
//! The schema version lives in SQLite's `user_version`; migration `n` moves
//! a database from version `n` to `n + 1`, inside the same transaction that
//! bumps the version, so a crash leaves either the old or the new schema.
//! `application_id` marks the file as ours, so a foreign SQLite database at
//! the history path is refused rather than altered.

/// `PRAGMA application_id` of a mock history database ("mock" in ASCII).
pub const APPLICATION_ID: i32 = 0x6d6f_636b;

/// The migrations, oldest first; the schema version is their count.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: attempts.
    "CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        question TEXT NOT NULL,
        theme TEXT NOT NULL,
        source TEXT NOT NULL,
        answer TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        time_box_minutes INTEGER NOT NULL,
        score REAL NOT NULL,
        coverage REAL NOT NULL,
        concepts TEXT NOT NULL,
        red_flags TEXT NOT NULL,
        bank_hash TEXT NOT NULL,
        mock_version TEXT NOT NULL
    );",
    // 1 -> 2: the follow-up question and its answer; an index for per-question queries.
    "ALTER TABLE attempts ADD COLUMN follow_up TEXT;
     ALTER TABLE attempts ADD COLUMN follow_up_answer TEXT;
     CREATE INDEX attempts_by_question ON attempts (question, started_at);",
    // 2 -> 3: every follow-up exchange (JSON), the outcome after the
    // follow-ups (JSON: score, coverage, concepts) and the interview
    // session. Existing rows keep every column; their final score is their
    // score. Scheduling needs no stored state (FSRS replays the attempts).
    "ALTER TABLE attempts ADD COLUMN exchanges TEXT;
     ALTER TABLE attempts ADD COLUMN final_outcome TEXT;
     ALTER TABLE attempts ADD COLUMN session TEXT;",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;
