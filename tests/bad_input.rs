//! The bad-input matrix: the real binary on every kind of broken input. Each
//! case asserts the documented exit code and one clear line on stderr that
//! names the file (with line and column where there is one); batch cases also
//! assert that every other input was still scored.

mod common;

use std::path::Path;
use std::process::Command as Process;

const GOOD: &str = "---\nquestion: cloud-native\n---\nWe design for failure with circuit breakers and keep services stateless.\n";

struct Case {
    name: &'static str,
    /// Writes the fixture into the folder and returns the arguments.
    setup: fn(&Path) -> Vec<String>,
    code: i32,
    /// Text the single stderr line must contain (`None`: stderr must be empty).
    stderr: Option<&'static str>,
    /// How many results stdout must hold (JSONL lines), if checked.
    scored: Option<usize>,
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A score batch: the broken file between two good ones.
fn batch(dir: &Path, name: &str, bytes: &[u8]) -> Vec<String> {
    let broken = write(dir, name, bytes);
    vec![
        "score".into(),
        "--format".into(),
        "jsonl".into(),
        write(dir, "a.md", GOOD),
        broken,
        write(dir, "z.md", GOOD),
    ]
}

fn bank(dir: &Path, rubric: &str) -> Vec<String> {
    write(
        dir,
        "bank/questions/t/q.yaml",
        "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n",
    );
    write(dir, "bank/rubrics/q.yaml", rubric);
    vec![
        "--bank".into(),
        dir.join("bank").display().to_string(),
        "list".into(),
    ]
}

const RUBRIC: &str = "question: q\nconcepts:\n  - id: c\n    label: C\n    weight: 1\n    phrases: [outbox]\n    hint: H\n";

fn cases() -> Vec<Case> {
    vec![
        // The bank.
        Case { name: "malformed YAML", setup: |d| bank(d, "question: q\nconcepts: [\n"), code: 2, stderr: Some("rubrics/q.yaml:3:1: error: "), scored: None },
        Case { name: "unknown field", setup: |d| bank(d, &RUBRIC.replace("phrases", "phrase")), code: 2, stderr: Some("rubrics/q.yaml:6:5: error: concepts[0]: unknown field `phrase`"), scored: None },
        Case { name: "wrong type", setup: |d| bank(d, &RUBRIC.replace("weight: 1", "weight: heavy")), code: 2, stderr: Some("rubrics/q.yaml:5:13: error: concepts[0].weight: invalid type"), scored: None },
        Case { name: "duplicate ids", setup: |d| bank(d, &format!("{RUBRIC}  - id: c\n    label: D\n    weight: 1\n    phrases: [saga]\n    hint: H\n")), code: 2, stderr: Some("rubrics/q.yaml:8:5: error: duplicate id \"c\""), scored: None },
        Case { name: "rubric for a missing question", setup: |d| { let a = bank(d, RUBRIC); write(d, "bank/rubrics/ghost.yaml", RUBRIC.replace("question: q", "question: ghost")); a }, code: 2, stderr: Some("rubrics/ghost.yaml:1:11: error: rubric for unknown question \"ghost\""), scored: None },
        Case { name: "empty bank folder", setup: |d| { std::fs::create_dir_all(d.join("bank")).unwrap(); vec!["--bank".into(), d.join("bank").display().to_string(), "list".into()] }, code: 2, stderr: Some("bank: no questions found"), scored: None },
        Case {
            name: "symlink loop",
            setup: |d| {
                let args = bank(d, RUBRIC);
                #[cfg(unix)]
                std::os::unix::fs::symlink(d.join("bank/questions"), d.join("bank/questions/t/loop")).unwrap();
                args
            },
            code: 2,
            stderr: Some("loop"),
            scored: None,
        },
        Case { name: "a 50 MB YAML file", setup: |d| bank(d, &format!("{RUBRIC}# {}\n", "x".repeat(50 << 20))), code: 2, stderr: Some("rubrics/q.yaml:1:1: error: 50.0 MB is too large for a bank file (limit 4 MB)"), scored: None },
        // Answers.
        Case { name: "missing file", setup: |d| { let mut a = batch(d, "m.md", GOOD.as_bytes()); a[4] = d.join("missing.md").display().to_string(); a }, code: 2, stderr: Some("missing.md: No such file or directory"), scored: Some(2) },
        Case { name: "invalid UTF-8", setup: |d| batch(d, "latin1.md", b"---\nquestion: cloud-native\n---\ncaf\xe9"), code: 2, stderr: Some("latin1.md: not valid UTF-8 text (byte 34)"), scored: Some(2) },
        Case { name: "binary file", setup: |d| batch(d, "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), code: 2, stderr: Some("photo.md: looks like a binary file"), scored: Some(2) },
        Case { name: "UTF-8 BOM", setup: |d| batch(d, "bom.md", format!("\u{feff}{GOOD}").as_bytes()), code: 0, stderr: None, scored: Some(3) },
        Case { name: "CRLF line endings", setup: |d| batch(d, "crlf.md", GOOD.replace('\n', "\r\n").as_bytes()), code: 0, stderr: None, scored: Some(3) },
        Case { name: "empty file", setup: |d| batch(d, "empty.md", b""), code: 2, stderr: Some("empty.md: empty answer"), scored: Some(2) },
        Case { name: "whitespace only", setup: |d| batch(d, "blank.md", b"---\nquestion: cloud-native\n---\n \n\t\n"), code: 2, stderr: Some("blank.md: empty answer"), scored: Some(2) },
        Case { name: "front matter not closed", setup: |d| batch(d, "open.md", b"---\nquestion: cloud-native\nText."), code: 2, stderr: Some("open.md: front matter starts with `---` on line 1 but is never closed"), scored: Some(2) },
        Case { name: "front matter naming an unknown question", setup: |d| batch(d, "unknown.md", b"---\nquestion: nope\n---\nText."), code: 2, stderr: Some("unknown.md: unknown question \"nope\"; closest valid ids: "), scored: Some(2) },
        Case { name: "a 10 MB answer", setup: |d| batch(d, "big.md", format!("{GOOD}{}", "we keep services stateless and observable. ".repeat(240_000)).as_bytes()), code: 0, stderr: None, scored: Some(3) },
        Case { name: "a 20 MB answer (over the limit)", setup: |d| batch(d, "huge.md", format!("{GOOD}{}", "a ".repeat(10 << 20)).as_bytes()), code: 2, stderr: Some("huge.md: 20.0 MB is too large for an answer (limit 16 MB)"), scored: Some(2) },
        Case { name: "one line of 1 MB without spaces", setup: |d| batch(d, "line.md", format!("{GOOD}{}", "x".repeat(1 << 20)).as_bytes()), code: 0, stderr: None, scored: Some(3) },
        Case { name: "JSONL line that is not JSON", setup: |d| batch(d, "bad.jsonl", b"{\"question\":\"cloud-native\",\"answer\":\"Stateless.\"}\nnot json\n"), code: 2, stderr: Some("bad.jsonl:2: not an answer record"), scored: Some(3) },
        Case { name: "JSONL line missing answer", setup: |d| batch(d, "noanswer.jsonl", b"{\"question\":\"cloud-native\"}\n"), code: 2, stderr: Some("noanswer.jsonl:1: not an answer record ({\"question\", \"answer\", \"id\"}): missing field `answer`"), scored: Some(2) },
        // The command line.
        Case { name: "unknown theme", setup: |_| vec!["list".into(), "--theme".into(), "kitchen".into()], code: 2, stderr: Some("unknown theme \"kitchen\"; valid themes: architecture, cloud, delivery, dotnet, operations, people, reliability, strategy"), scored: None },
        Case { name: "unknown id", setup: |_| vec!["show".into(), "nope".into()], code: 2, stderr: Some("unknown question \"nope\"; closest valid ids: "), scored: None },
        Case { name: "--min-score 150", setup: |d| vec!["score".into(), "--min-score".into(), "150".into(), write(d, "a.md", GOOD)], code: 2, stderr: Some("invalid value '150' for '--min-score <N>': 150 is outside 0..=100"), scored: None },
        Case { name: "--jobs 0", setup: |d| vec!["score".into(), "--jobs".into(), "0".into(), write(d, "a.md", GOOD)], code: 2, stderr: Some("invalid value '0' for '--jobs <N>': 0 is not in 1..=65535"), scored: None },
        // The history.
        Case { name: "database from a newer schema", setup: |d| { newer_db(&d.join("h.db")); vec!["--db".into(), d.join("h.db").display().to_string(), "history".into()] }, code: 2, stderr: Some("h.db: history schema version 99 is newer than this mock supports"), scored: None },
        Case { name: "foreign file at the database path", setup: |d| { write(d, "h.db", "notes"); vec!["--db".into(), d.join("h.db").display().to_string(), "history".into()] }, code: 2, stderr: Some("h.db: not a mock history database"), scored: None },
    ]
}

fn newer_db(path: &Path) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 99;",
            0x6d6f_636b
        ))
        .unwrap();
}

#[test]
fn every_bad_input_gets_one_clear_line_and_the_documented_exit_code() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let args = (case.setup)(dir.path());
        let output = common::mock()
            .env("MOCK_DATA_DIR", dir.path())
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // clap's usage errors end with a blank line and a pointer to --help.
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("For more information, try"))
            .collect();
        let mut problems = Vec::new();
        if output.status.code() != Some(case.code) {
            problems.push(format!(
                "exit code {:?}, expected {}",
                output.status.code(),
                case.code
            ));
        }
        match case.stderr {
            Some(expected) if lines.len() != 1 || !lines[0].contains(expected) => {
                problems.push(format!("stderr {lines:?} lacks one line with {expected:?}"))
            }
            None if !lines.is_empty() => problems.push(format!("unexpected stderr {lines:?}")),
            _ => {}
        }
        if let Some(expected) = case.scored {
            let scored = String::from_utf8_lossy(&output.stdout).lines().count();
            if scored != expected {
                problems.push(format!("{scored} results, expected {expected}"));
            }
        }
        if lines.iter().any(|l| l.contains("panicked")) {
            problems.push("panicked".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.name, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n")
    );
}

/// `mock score ... | head -1`: the reader goes away after one line. `mock`
/// stops without a panic or a "Broken pipe" message, and exits 2, since not
/// all of the output was delivered.
#[test]
fn output_to_a_closed_pipe_exits_quietly() {
    use std::io::BufRead;
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers");
    let mut child = common::process()
        .args(["score", "--format", "jsonl", answers.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        // Far more than a pipe holds follows this line; the reader closes here.
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(first.starts_with("{\"source\""), "{first}");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported_and_the_rest_scored() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    write(&locked, "x.md", GOOD);
    let good = write(dir.path(), "a.md", GOOD);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = [
        "score",
        "--format",
        "jsonl",
        &good,
        locked.to_str().unwrap(),
    ];
    let output = if std::fs::read_dir(&locked).is_ok() {
        // Root: permissions do not apply, so run as nobody if we can.
        match as_nobody(dir.path(), &args) {
            Some(output) => output,
            None => {
                std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
                return;
            }
        }
    } else {
        common::mock().args(args).output().unwrap()
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("locked: Permission denied"));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
}

#[test]
fn a_database_locked_longer_than_the_busy_timeout_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    common::mock()
        .args(["--db", db.to_str().unwrap(), "history"])
        .assert()
        .success();
    // Another process holds an exclusive lock (this test process, through
    // its own SQLite connection) for longer than mock's 5 s busy timeout.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let output = common::mock()
        .args([
            "--db",
            db.to_str().unwrap(),
            "score",
            "--record",
            &format!(
                "{}/examples/answers/cloud-native/strong.md",
                env!("CARGO_MANIFEST_DIR")
            ),
        ])
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("h.db: the history database is locked by another process (waited 5 s)"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs mock with `args` as an unprivileged user (nobody, through
/// util-linux's `setpriv`), for tests of file permissions, which do not bind
/// root. `None` when that is not possible here.
#[cfg(unix)]
fn as_nobody(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).ok()?;
    let output = common::hermetic(&mut Process::new("setpriv"))
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(common::bin())
        .args(args)
        .env("HOME", dir)
        .env("MOCK_DATA_DIR", dir)
        .output()
        .ok()?;
    // 126/127: setpriv could not run the binary (e.g. a home folder closed to
    // other users); 1 with nothing on stdout: setpriv itself refused.
    match output.status.code() {
        Some(126 | 127) | None => None,
        _ if String::from_utf8_lossy(&output.stderr).starts_with("setpriv:") => None,
        _ => Some(output),
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let strong = format!(
        "{}/examples/answers/cloud-native/strong.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let db_arg = db.to_str().unwrap();
    let first = common::mock()
        .args(["--db", db_arg, "score", "--record", &strong])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = |args: &[&str]| {
        if std::fs::OpenOptions::new().write(true).open(&db).is_ok() {
            // Root: permissions do not apply, so run as nobody if we can.
            as_nobody(dir.path(), args)
        } else {
            Some(common::mock().args(args).output().unwrap())
        }
    };
    let Some(output) = run(&["--db", db_arg, "score", "--record", &strong]) else {
        return; // Root without a way to drop privileges: nothing to test.
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("h.db: the history database is read-only; nothing was recorded"),
        "{stderr}"
    );
    // Reading still works.
    let history = run(&["--db", db_arg, "history"]).unwrap();
    assert_eq!(
        history.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&history.stderr)
    );
    assert!(String::from_utf8_lossy(&history.stdout).contains("cloud-native"));
}
