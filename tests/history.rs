//! Practice history through the real binary: recording, concurrency, crash
//! recovery, export/import, refusing foreign files, spaced repetition.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("history.db")
    }

    fn mock(&self) -> Command {
        let mut cmd = common::mock();
        cmd.env("MOCK_DATA_DIR", self.dir.path().join("data"))
            .env("MOCK_DB", self.db())
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        cmd
    }

    fn attempts(&self) -> Vec<serde_json::Value> {
        let out = self
            .mock()
            .args(["history", "--format", "json", "--limit", "1000"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }
}

#[test]
fn ask_records_an_attempt_with_its_follow_up() {
    let sandbox = Sandbox::new();
    sandbox
        .mock()
        .args(["ask", "--id", "data-consistency"])
        .write_stdin("We never use distributed transactions; a transactional outbox feeds Kafka.\n.\nA saga with compensating actions.\n")
        .assert()
        .success();
    let attempts = sandbox.attempts();
    assert_eq!(attempts.len(), 1);
    let a = &attempts[0];
    assert_eq!(a["question"], "data-consistency");
    assert!(a["answer"]
        .as_str()
        .unwrap()
        .contains("transactional outbox"));
    assert!(a["follow_up_answer"].as_str().unwrap().contains("saga"));
    assert!(a["score"].as_f64().unwrap() > 0.0);
    assert!(a["concepts"].as_array().unwrap().len() >= 8);
    assert!(a["bank_hash"].as_str().unwrap().len() == 16);
}

#[test]
fn no_history_writes_no_database() {
    let sandbox = Sandbox::new();
    sandbox
        .mock()
        .args([
            "--no-history",
            "ask",
            "--id",
            "cloud-native",
            "--no-follow-up",
        ])
        .write_stdin("Stateless services.\n")
        .assert()
        .success();
    assert!(!sandbox.db().exists());
}

#[test]
fn two_processes_recording_at_once_both_succeed() {
    let sandbox = Sandbox::new();
    let spawn = || {
        common::process()
            .env("MOCK_DB", sandbox.db())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["score", "--record", "--format", "jsonl", "examples/answers"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let answers = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/answers"))
        .unwrap()
        .map(|q| std::fs::read_dir(q.unwrap().path()).unwrap().count())
        .sum::<usize>();
    assert_eq!(sandbox.attempts().len(), 2 * answers);
}

#[cfg(unix)]
#[test]
fn a_killed_interview_is_recovered_with_resume() {
    let sandbox = Sandbox::new();
    let mut child = common::process()
        .env("MOCK_DATA_DIR", sandbox.dir.path().join("data"))
        .env("MOCK_DB", sandbox.db())
        .args(["ask", "--id", "cloud-native"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"We design for failure with circuit breakers and health checks.\n")
        .unwrap();
    stdin.flush().unwrap();
    let drafts = sandbox.dir.path().join("data/drafts");
    wait_for_md(&drafts);
    child.kill().unwrap(); // SIGKILL: no handler runs
    child.wait().unwrap();
    drop(stdin);
    sandbox
        .mock()
        .args(["ask", "--resume", "--no-follow-up"])
        .write_stdin("Services are stateless and scale horizontally.\n.\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Resuming your draft")
                .and(predicate::str::contains("Design for failure")),
        );
    let attempts = sandbox.attempts();
    assert_eq!(attempts.len(), 1);
    let answer = attempts[0]["answer"].as_str().unwrap();
    assert!(
        answer.contains("circuit breakers") && answer.contains("stateless"),
        "{answer}"
    );
    sandbox
        .mock()
        .args(["ask", "--resume"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no unfinished draft"));
}

fn wait_for_md(dir: &Path) {
    let started = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .any(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                // The draft is created empty when the interview starts, and
                // holds the answer once the first line is saved.
                let saved = e.metadata().is_ok_and(|m| m.len() > 0);
                name.ends_with(".md") && !name.starts_with('.') && saved
            });
        if found {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no draft appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn export_then_import_round_trips_without_duplicates() {
    let from = Sandbox::new();
    from.mock()
        .args(["score", "--record", "examples/answers/cloud-native"])
        .assert()
        .success();
    let export = from.dir.path().join("export.jsonl");
    from.mock()
        .args(["export", "--output", export.to_str().unwrap()])
        .assert()
        .success();
    let to = Sandbox::new();
    to.mock()
        .args(["import", export.to_str().unwrap()])
        .assert()
        .success()
        .stdout("imported 3 attempts (0 already present)\n");
    to.mock()
        .args(["import", export.to_str().unwrap()])
        .assert()
        .success()
        .stdout("imported 0 attempts (3 already present)\n");
    assert_eq!(to.attempts(), from.attempts());
    let csv = from
        .mock()
        .args(["export", "--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("uid,question,theme,source,started_at"));
    let records = csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(
        records, 3,
        "one record per attempt (answers may span lines)"
    );
}

#[test]
fn a_foreign_file_at_the_database_path_is_refused_and_untouched() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.db(), "my notes, not a database").unwrap();
    sandbox
        .mock()
        .args(["history"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "history.db: not a mock history database (not SQLite); it was left untouched",
        ));
    assert_eq!(
        std::fs::read_to_string(sandbox.db()).unwrap(),
        "my notes, not a database"
    );
}

#[test]
fn due_and_ask_due_follow_the_schedule() {
    let sandbox = Sandbox::new();
    let out = sandbox.mock().arg("due").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.lines().nth(1).unwrap().contains("adr-process"),
        "never practised, in bank order:\n{text}"
    );
    sandbox
        .mock()
        .args([
            "score",
            "--record",
            "examples/answers/adr-process/strong.md",
        ])
        .assert()
        .success();
    let out = sandbox
        .mock()
        .args(["ask", "--due", "--no-follow-up"])
        .write_stdin("")
        .assert();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // The next never-practised question in bank order comes first.
    let listed = sandbox
        .mock()
        .args(["list", "--format", "json"])
        .assert()
        .success();
    let questions: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    assert_eq!(questions[0]["id"], "adr-process");
    let next_title = questions[1]["title"].as_str().unwrap();
    assert!(
        text.starts_with(next_title),
        "adr-process was just practised well, so {next_title:?} is due first:\n{text}"
    );
}

#[test]
fn stats_show_trends_and_most_missed_concepts() {
    let sandbox = Sandbox::new();
    for kind in ["weak", "partial", "strong"] {
        sandbox
            .mock()
            .args([
                "score",
                "--record",
                &format!("examples/answers/data-consistency/{kind}.md"),
            ])
            .assert()
            .success();
    }
    sandbox
        .mock()
        .args(["stats", "--theme", "cloud"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("data-consistency")
                .and(predicate::str::contains("Keeps being missed")),
        );
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("progress.html");
    sandbox
        .mock()
        .args([
            "stats",
            "--format",
            "html",
            "--output",
            html.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(std::fs::read_to_string(html).unwrap().contains("<polyline"));
}

/// A history written by the SM-2 build (schema 2: attempts with one
/// follow-up) migrates to schema 3 with every attempt and field intact, and
/// FSRS schedules it from those attempts.
#[test]
fn an_sm2_history_migrates_with_its_attempts_intact_and_fsrs_schedules_it() {
    let sandbox = Sandbox::new();
    {
        let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
        for migration in &mock::history::schema::MIGRATIONS[..2] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.pragma_update(
            None,
            "application_id",
            mock::history::schema::APPLICATION_ID,
        )
        .unwrap();
        let day = 86_400;
        for (n, (question, score)) in [
            ("data-consistency", 64.9),
            ("data-consistency", 82.0),
            ("cloud-native", 40.0),
        ]
        .into_iter()
        .enumerate()
        {
            let at = 1_700_000_000 + n as i64 * 3 * day;
            conn.execute(
                "INSERT INTO attempts (uid, question, theme, source, answer, follow_up, follow_up_answer,
                 started_at, ended_at, time_box_minutes, score, coverage, concepts, red_flags, bank_hash, mock_version)
                 VALUES (?1, ?2, 'cloud', 'ask', 'an answer', 'a follow-up?', 'its answer', ?3, ?4, 7, ?5, ?5,
                 '[{\"id\":\"sagas\",\"label\":\"Sagas\",\"hit\":false,\"credit\":0.0}]', '[]', 'h', '0.1.0')",
                rusqlite::params![format!("sm2-{n}"), question, at, at + 300, score],
            )
            .unwrap();
        }
    }
    let attempts = sandbox.attempts();
    assert_eq!(attempts.len(), 3);
    let oldest = attempts.last().unwrap();
    assert_eq!(oldest["uid"], "sm2-0");
    assert_eq!(oldest["score"], 64.9);
    assert_eq!(oldest["follow_up"], "a follow-up?");
    assert_eq!(oldest["follow_up_answer"], "its answer");
    assert_eq!(oldest["concepts"][0]["id"], "sagas");
    assert_eq!(oldest["started_at"], 1_700_000_000);
    assert!(oldest.get("after").is_none(), "no final score was invented");
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, mock::history::schema::VERSION);

    // FSRS replays the migrated attempts.
    let stored = mock::history::Store::open(&sandbox.db())
        .unwrap()
        .attempts(&mock::history::Filter::default())
        .unwrap();
    let due = mock::history::schedule::order(&["data-consistency", "cloud-native"], &stored);
    let consistency = due
        .iter()
        .find(|d| d.question == "data-consistency")
        .unwrap();
    assert_eq!(consistency.attempts, 2);
    assert_eq!(consistency.last_score, Some(82.0));
    assert!(consistency.due_at.unwrap() > 1_700_000_000 + 3 * 86_400 + 300);
    let out = sandbox.mock().arg("due").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("last 82.0 rated good"), "{text}");
    assert!(text.contains("never practised"), "{text}");
}

/// After one practice of every built-in question, FSRS gives each a due
/// date after the practice, and says why.
#[test]
fn fsrs_schedules_every_built_in_question_after_practice() {
    let sandbox = Sandbox::new();
    sandbox
        .mock()
        .args(["score", "--record", "examples/answers"])
        .assert()
        .success();
    let stored = mock::history::Store::open(&sandbox.db())
        .unwrap()
        .attempts(&mock::history::Filter::default())
        .unwrap();
    let bank = mock::Bank::builtin().unwrap();
    let due = mock::history::schedule::order(&bank.ids(), &stored);
    assert_eq!(due.len(), bank.ids().len());
    for d in &due {
        let last = stored
            .iter()
            .filter(|a| a.question == d.question)
            .map(|a| a.ended_at)
            .max()
            .expect("every question was practised");
        assert!(d.due_at.unwrap() > last, "{d:?}");
        assert!(
            d.stability.unwrap() > 0.0 && d.interval_days >= 1.0,
            "{d:?}"
        );
        assert!(d.why().starts_with("last "), "{}", d.why());
    }
}
