//! Hostile input, round three (issue 29): what was only partly fixed
//! before (a closed stdout, `score --record` memory), and a history with a
//! row that something else wrote.

mod common;

use common::hostile::{mock, run, write, GOOD};

/// `mock list >&-` exited 0 with its output lost: the Rust runtime puts
/// /dev/null where a closed stdout was, and writes to it succeed.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write(d, "a.md", GOOD);
    let sh = |script: &str| {
        let mut command = std::process::Command::new("sh");
        common::hermetic(&mut command);
        command
            .args(["-c", script, common::bin().to_str().unwrap(), &good])
            .env("MOCK_DATA_DIR", d.join("data"))
            .env("MOCK_DB", d.join("h.db"))
            .output()
            .unwrap()
    };
    for script in [
        "\"$0\" list >&-",
        "\"$0\" score \"$1\" >&-",
        "\"$0\" score --format json \"$1\" >&-",
    ] {
        let output = sh(script);
        assert_eq!(output.status.code(), Some(2), "{script}");
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("cannot write the output: standard output is closed"),
            "{script}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Output thrown away on purpose is no error.
    let output = sh("\"$0\" list >/dev/null");
    assert_eq!(output.status.code(), Some(0));
    // Nor is a /dev/null opened read-write, as Python's subprocess.DEVNULL
    // does (it was once mistaken for a closed stdout).
    let null = std::fs::File::options()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let mut command = std::process::Command::new(common::bin());
    common::hermetic(&mut command);
    let status = command
        .arg("list")
        .env("MOCK_DATA_DIR", d.join("data"))
        .env("MOCK_DB", d.join("h.db"))
        .stdout(null)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

/// `score --record` of 20,000 answers held every attempt until the end
/// (673 MB against 141 MB without `--record`); they are spooled to a
/// temporary file and stored in batches. Answers of one long word: cheap to
/// score, each 30 KB to hold (3,000 of them made 90 MB more).
#[test]
fn recording_a_batch_does_not_hold_it_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let word = "x".repeat(30_000);
    // Peak memory of `score --record` over n answers of 30 KB each.
    let peak = |n: usize| {
        let records: String = (0..n)
            .map(|i| {
                format!(
                    "{}\n",
                    serde_json::json!({"question": "cloud-native", "answer": format!("We keep services stateless. {word} Variant {i}."), "id": i.to_string()})
                )
            })
            .collect();
        let jsonl = write(d, &format!("batch-{n}.jsonl"), records);
        let _ = std::fs::remove_file(d.join("h.db"));
        let args = ["score", "--format", "jsonl", "--record", jsonl.as_str()];
        let kb = common::hostile::peak_kb(&args, d)?;
        // Every attempt was recorded.
        let export = run(mock(d).arg("export"));
        assert_eq!(export.stdout.lines().count(), n);
        Some(kb)
    };
    // Memory grows over the first rounds (threads, the allocator's pages,
    // SQLite's cache) and levels off by about 2,000 answers: 1,000 against
    // 4,000 measured 161 and 213 MB once, both bounded (8,000 and 16,000 took
    // 203 MB). So the two runs are compared past that point.
    let (Some(small), Some(large)) = (peak(2_000), peak(6_000)) else {
        return; // No GNU time here.
    };
    // Held, 4,000 more answers of 30 KB would take 120 MB more; spooled,
    // memory is bounded by the rounds scored at once and the transactions
    // stored at once, whatever the batch. Peak memory of one run varies by
    // up to 30 MB, hence the margin.
    assert!(
        large < small + 60_000,
        "--record of 6,000 answers {large} KB, of 2,000 {small} KB"
    );
}

/// One row with a text timestamp (written by another program) made
/// `history`, `stats`, `due` and even `export` fail; it is left out with a
/// warning.
#[test]
fn a_foreign_row_does_not_break_reading_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    let recorded = run(mock(d).args(["score", "--record", &answer]));
    assert_eq!(recorded.code, Some(0), "{}", recorded.stderr);
    let db = rusqlite::Connection::open(d.join("h.db")).unwrap();
    db.execute(
        "INSERT INTO attempts (uid, question, theme, source, answer, started_at, ended_at,
         time_box_minutes, score, coverage, concepts, red_flags, bank_hash, mock_version)
         SELECT 'foreign-1', question, theme, source, answer, 'yesterday', ended_at,
         time_box_minutes, score, coverage, concepts, red_flags, bank_hash, mock_version
         FROM attempts LIMIT 1",
        [],
    )
    .unwrap();
    drop(db);
    for args in [
        vec!["history"],
        vec!["stats"],
        vec!["due"],
        vec!["export"],
        vec!["export", "--format", "csv"],
    ] {
        let out = run(mock(d).args(&args));
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("1 attempt with values of the wrong type left out"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let export = run(mock(d).arg("export"));
    assert_eq!(export.stdout.lines().count(), 1);
}

/// A folder that cannot be written: a read-only tmpfs where mounting is
/// allowed (as root, where permissions restrict nothing), else a folder
/// without write permission. `None` when neither works.
#[cfg(target_os = "linux")]
struct Unwritable {
    dir: std::path::PathBuf,
    mounted: bool,
}

#[cfg(target_os = "linux")]
impl Unwritable {
    /// Mounts a tmpfs of `kb` KB at `dir` (root only).
    fn mount(dir: &std::path::Path, kb: u32) -> bool {
        std::fs::create_dir_all(dir).unwrap();
        std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn remount(&self, options: &str) {
        let done = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(done.success());
    }
}

#[cfg(target_os = "linux")]
impl Drop for Unwritable {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount").arg(&self.dir).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// On a read-only disk `history`, `stats`, `due` and `export` read the
/// history (they failed: SQLite cannot create its shared-memory file), and
/// `score --record` says the history is read-only; on a full disk it says
/// the disk is full (it said "disk I/O error") and the readers still read.
#[cfg(target_os = "linux")]
#[test]
fn a_full_or_read_only_disk_is_named_and_the_history_still_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write(d, "a.md", GOOD);
    let data = d.join("disk");
    let mounted = Unwritable::mount(&data, 400);
    let disk = Unwritable {
        dir: data.clone(),
        mounted,
    };
    let mock_on_disk = || {
        let mut command = common::mock();
        command
            .env("MOCK_DATA_DIR", data.join("data"))
            .env("MOCK_DB", data.join("h.db"));
        command
    };
    let recorded = run(mock_on_disk().args(["score", "--record", &good]));
    assert_eq!(recorded.code, Some(0), "{}", recorded.stderr);
    let readers = |what: &str| {
        for args in [vec!["history"], vec!["stats"], vec!["due"], vec!["export"]] {
            let out = run(mock_on_disk().args(&args));
            assert_eq!(out.code, Some(0), "{what} {args:?}: {}", out.stderr);
        }
        let export = run(mock_on_disk().arg("export"));
        assert_eq!(export.stdout.lines().count(), 1, "{what}");
    };
    if mounted {
        // Full: fill the disk.
        let mut filler = std::fs::File::create(data.join("filler")).unwrap();
        let _ = std::io::Write::write_all(&mut filler, &vec![0u8; 1 << 20]);
        drop(filler);
        let full = run(mock_on_disk().args(["score", "--record", &good]));
        assert_eq!(full.code, Some(2), "{}", full.stderr);
        assert!(
            full.stderr
                .contains("h.db: the disk is full; nothing was recorded"),
            "{}",
            full.stderr
        );
        readers("full");
        std::fs::remove_file(data.join("filler")).unwrap();
        disk.remount("ro");
    } else {
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(data.join("probe"), b"x").is_ok() {
            return; // Permissions restrict nothing here, and no mount: nothing to test.
        }
    }
    let read_only = run(mock_on_disk().args(["score", "--record", &good]));
    assert_eq!(read_only.code, Some(2), "{}", read_only.stderr);
    assert!(
        read_only
            .stderr
            .contains("h.db: the history database is read-only; nothing was recorded"),
        "{}",
        read_only.stderr
    );
    readers("read-only");
    if mounted {
        disk.remount("rw");
    }
}
