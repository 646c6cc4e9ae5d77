//! Hostile input, round three (issue 29): folders that never end, imports
//! that grow without bound, and answers lost between two `mock ask` runs.

mod common;

use std::path::Path;

use common::hostile::{mock, run, run_within, write, GOOD};

// 4. Links in an answers folder.

#[cfg(unix)]
#[test]
fn links_out_of_an_answers_folder_are_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answers = d.join("answers");
    write(&answers, "a.md", GOOD);
    // Outside: a folder of answers and a key.
    write(d, "elsewhere/other.md", GOOD);
    let key = write(d, "secret/id_rsa.md", "SECRETSECRET outbox\n");
    symlink(d.join("elsewhere"), answers.join("elsewhere")).unwrap();
    symlink(&key, answers.join("key.md")).unwrap();
    if Path::new("/sys/kernel").is_dir() {
        symlink("/sys", answers.join("sys")).unwrap();
    }
    // Inside: followed.
    write(&answers, "sub/b.md", GOOD);
    symlink(answers.join("sub/b.md"), answers.join("b-again.md")).unwrap();
    // A loop: reported once, not walked forever.
    symlink(&answers, answers.join("sub/up")).unwrap();
    for format in ["jsonl", "json"] {
        for command in ["score", "report"] {
            let mut process = common::process();
            process
                .args([command, "--format", format])
                .arg(&answers)
                .env("MOCK_DATA_DIR", d.join("data"));
            let out = run_within(&mut process, 60).expect("the walk ends");
            assert_eq!(out.code, Some(2), "{command} {format}: {}", out.stderr);
            let name = |n: &str| answers.join(n).display().to_string();
            for link in ["elsewhere", "key.md"] {
                assert!(
                    out.stderr.contains(&format!(
                        "{}: links outside {} (to a file or folder elsewhere); not read",
                        name(link),
                        answers.display()
                    )),
                    "{command} {format}: {}",
                    out.stderr
                );
            }
            assert!(
                out.stderr
                    .contains("a link back to a folder above it (a loop); not followed"),
                "{}",
                out.stderr
            );
            assert!(!out.stdout.contains("SECRET") && !out.stderr.contains("SECRET"));
            assert!(!out.stdout.contains("other.md"), "{}", out.stdout);
            assert!(!out.stdout.contains(&name("sys/")), "{}", out.stdout);
            if format == "jsonl" && command == "score" {
                // a.md, b-again.md and sub/b.md.
                assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
            }
        }
    }
}

// 5, 12, 13. `bank import`: repeated titles, a byte-order mark, ids that
// the loader refuses.

/// 8,000 identical questions took 419 s: each `-2`, `-3` suffix rescanned
/// every question imported. The CPU time (file syncs wait on the disk)
/// stays far below the quarter-minute 3,000 took.
#[test]
fn importing_many_identical_questions_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The same question n times: ids made unique with suffixes, and every
    // question drafted against the concept library. Four times the
    // questions may cost about four times the time, never sixteen.
    let import = |n: usize| {
        let document: String = std::iter::once("### Theme 1: T\n".to_owned())
            .chain((0..n).map(|i| format!("#### Q{i}: \"Why use an outbox?\"\nOutbox.\n\n")))
            .collect();
        let file = write(d, &format!("prep-{n}.md"), document);
        let out = d.join(format!("bank-{n}"));
        let cpu = common::hostile::cpu_seconds(
            &["bank", "import", &file, "--out", out.to_str().unwrap()],
            d,
            180,
        )?;
        let questions = std::fs::read_dir(out.join("questions/t")).unwrap().count();
        assert_eq!(questions, n);
        assert!(out.join(format!("questions/t/outbox-{n}.yaml")).exists());
        Some(cpu)
    };
    let (Some(small), Some(large)) = (import(300), import(1_200)) else {
        return; // No GNU time here.
    };
    assert!(large < 120.0, "{large} s of CPU time for 1,200 questions");
    // Process start and the bank load are a fixed cost in both.
    assert!(
        large < 6.0 * small.max(0.5),
        "{small} s for 300 questions, {large} s for 1,200"
    );
}

#[test]
fn imported_ids_follow_the_loaders_rule_and_a_bom_hides_no_heading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = write(
        d,
        "prep.md",
        "\u{feff}### Theme 1: T\n#### Q1: \"İstanbul or Ankara?\"\nThe outbox pattern.\n\n#### Q2: \"Why sagas?\"\nCompensating actions.\n",
    );
    let out = d.join("bank");
    let imported = run(mock(d).args(["bank", "import", &file, "--out", out.to_str().unwrap()]));
    assert_eq!(imported.code, Some(0), "{}", imported.stderr);
    assert!(
        imported
            .stdout
            .contains("found 2 questions; imported 2 questions"),
        "{}",
        imported.stdout
    );
    assert!(out.join("questions/t/istanbul-ankara.yaml").exists());
    let listed = run(mock(d).arg("--bank").arg(&out).arg("list"));
    assert_eq!(
        listed.code,
        Some(0),
        "the imported bank loads: {}",
        listed.stderr
    );
    // An explicit id the loader refuses is an error naming its heading.
    let long = "a".repeat(150);
    let file = write(
        d,
        "long.md",
        format!("### Theme 1: T\n#### Q1: \"Why?\" {{#{long}}}\nBecause.\n"),
    );
    let refused = run(mock(d).args([
        "bank",
        "import",
        &file,
        "--out",
        d.join("long-bank").to_str().unwrap(),
    ]));
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("long.md:2: question id \"aaaa")
            && refused.stderr.contains("is not a slug"),
        "{}",
        refused.stderr
    );
    assert!(!d.join("long-bank").exists());
    // Not UTF-8: the first bad byte is named.
    let file = write(
        d,
        "latin1.md",
        b"### Theme 1: T\n#### Q1: \"Caf\xe9?\"\nYes.\n",
    );
    let refused = run(mock(d).args([
        "bank",
        "import",
        &file,
        "--out",
        d.join("latin1-bank").to_str().unwrap(),
    ]));
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("latin1.md: not valid UTF-8 text (byte 28); save the document as UTF-8"),
        "{}",
        refused.stderr
    );
}

/// A document without end (a link to `/dev/zero`) is refused at the limit
/// (it was read until memory ran out); so is a history file.
#[cfg(unix)]
#[test]
fn documents_and_history_files_without_end_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.jsonl")).unwrap();
    let zero = d.join("zero.md");
    let mut command = common::process();
    command
        .args(["bank", "import"])
        .arg(&zero)
        .arg("--out")
        .arg(d.join("bank"))
        .env("MOCK_DATA_DIR", d.join("data"));
    let imported = run_within(&mut command, 60).expect("refused at the limit");
    assert_eq!(imported.code, Some(2), "{}", imported.stderr);
    assert!(
        imported
            .stderr
            .contains("zero.md: more than 16 MB is too large for a document to import"),
        "{}",
        imported.stderr
    );
    let mut command = common::process();
    command
        .arg("import")
        .arg(d.join("zero.jsonl"))
        .env("MOCK_DATA_DIR", d.join("data"))
        .env("MOCK_DB", d.join("h.db"));
    let imported = run_within(&mut command, 60).expect("refused at the limit");
    assert_eq!(imported.code, Some(2), "{}", imported.stderr);
    assert!(
        imported.stderr.contains("zero.jsonl:1: "),
        "{}",
        imported.stderr
    );
}

// 11 and low: writing a bank into a folder.

#[cfg(unix)]
#[test]
fn import_force_never_writes_through_a_planted_link() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = write(
        d,
        "prep.md",
        "### Theme 1: T\n#### Q1: \"Why use an outbox?\"\nThe transactional outbox.\n",
    );
    let out = d.join("bank");
    write(&out, "README.md", "mine\n");
    std::fs::create_dir_all(d.join("victim")).unwrap();
    symlink(d.join("victim"), out.join("rubrics")).unwrap();
    let imported = run(mock(d).args([
        "bank",
        "import",
        &file,
        "--force",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert_eq!(imported.code, Some(2), "{}", imported.stderr);
    assert!(
        imported.stderr.contains(&format!(
            "{}: a link; refusing to write through it",
            out.join("rubrics").display()
        )),
        "{}",
        imported.stderr
    );
    assert_eq!(std::fs::read_dir(d.join("victim")).unwrap().count(), 0);
    // `--out` itself a link to an empty folder: the folder is written.
    std::fs::create_dir_all(d.join("real")).unwrap();
    symlink(d.join("real"), d.join("link")).unwrap();
    let imported = run(mock(d).args([
        "bank",
        "import",
        &file,
        "--out",
        d.join("link").to_str().unwrap(),
    ]));
    assert_eq!(imported.code, Some(0), "{}", imported.stderr);
    assert!(d.join("link").is_symlink());
    assert!(d.join("real/questions/t/outbox.yaml").exists());
}

/// A killed import or init left its staging folder; the next run removes
/// those whose process is gone. Concurrent imports with `--force` take
/// turns: the folder holds one document's files, not a mix.
#[test]
fn staging_folders_of_killed_runs_go_and_concurrent_imports_do_not_mix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // No process has this id (above the kernel's largest).
    for left in [
        ".mock-import.999999999.abc123",
        ".mock-init.999999999.def456",
    ] {
        write(d, &format!("{left}/questions/t/q.yaml"), "half\n");
    }
    let documents: Vec<String> = (0..8)
        .map(|k| {
            let questions: String = (0..6)
                .map(|i| {
                    format!("#### Q{i}: \"Question {i}?\"\n*   **What's Really Being Asked:** doc{k}\n*   **The Best Response (Framework):** Marker{k} outbox answer {i}.\n\n")
                })
                .collect();
            write(d, &format!("doc{k}.md"), format!("### Theme 1: T\n{questions}"))
        })
        .collect();
    let out = d.join("bank");
    let first = run(mock(d).args([
        "bank",
        "import",
        &documents[0],
        "--out",
        out.to_str().unwrap(),
    ]));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(!d.join(".mock-import.999999999.abc123").exists());
    let init = run(mock(d).args(["init", d.join("new").to_str().unwrap()]));
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    assert!(!d.join(".mock-init.999999999.def456").exists());
    let children: Vec<_> = documents
        .iter()
        .map(|document| {
            common::process()
                .args(["bank", "import", document, "--force", "--out"])
                .arg(&out)
                .env("MOCK_DATA_DIR", d.join("data"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut markers = std::collections::BTreeSet::new();
    for sub in ["questions/t", "rubrics"] {
        for entry in std::fs::read_dir(out.join(sub)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let marker = (0..8)
                .find(|k| text.contains(&format!("doc{k}")) || text.contains(&format!("Marker{k}")))
                .expect("every file comes from a document");
            markers.insert(marker);
        }
    }
    assert_eq!(markers.len(), 1, "files of documents {markers:?} mixed");
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// 6, 14 and low: `mock ask` never loses or misreports an answer.

/// Drafts were named `<unix-ms>-<id>.md`: a second `mock ask` in the same
/// millisecond overwrote the first one's draft. With a draft planted for
/// every millisecond of the next seconds, no name is free: every one of
/// them must survive, and the new answer is kept under a name of its own.
#[test]
fn a_draft_is_never_shared_with_another_ask() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let drafts = d.join("data/drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let planted = |ms: u128| format!("---\nquestion: cloud-native\n---\nPlanted answer {ms}.\n");
    // Ten seconds of names: more than starting the binary takes.
    for ms in now..now + 10_000 {
        std::fs::write(drafts.join(format!("{ms}-cloud-native.md")), planted(ms)).unwrap();
    }
    let asked = run(mock(d)
        .args([
            "--no-history",
            "ask",
            "--id",
            "cloud-native",
            "--no-follow-up",
        ])
        .write_stdin("My own answer: stateless services.\n.\n"));
    assert_eq!(asked.code, Some(0), "{}", asked.stderr);
    for ms in now..now + 10_000 {
        let path = drafts.join(format!("{ms}-cloud-native.md"));
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some(planted(ms).as_str()),
            "{}",
            path.display()
        );
    }
    let kept: Vec<_> = std::fs::read_dir(d.join("data/answers"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].contains("My own answer"), "{}", kept[0]);
}

/// Sixteen piped `mock ask` at once: every answer is kept.
#[test]
fn parallel_asks_keep_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let children: Vec<_> = (0..16)
        .map(|i| {
            let mut child = common::process()
                .args([
                    "--no-history",
                    "ask",
                    "--id",
                    "cloud-native",
                    "--no-follow-up",
                ])
                .env("MOCK_DATA_DIR", d.join("data"))
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("Answer number {i}: stateless services.\n.\n").as_bytes())
                .unwrap();
            child
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut kept: Vec<String> = std::fs::read_dir(d.join("data/answers"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 16);
    for i in 0..16 {
        assert!(kept
            .iter()
            .any(|t| t.contains(&format!("Answer number {i}:"))));
    }
}

/// A piped answer over 16 MB: the error says the text before the line is
/// saved, and it is (the draft held 64 bytes: piped lines are saved at most
/// once a second).
#[test]
fn an_answer_over_the_limit_is_saved_before_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let line = format!("{}\n", "stateless ".repeat(100_000));
    let input = format!("We keep services stateless.\n{}.\n", line.repeat(17));
    let asked = run(mock(d)
        .args([
            "--no-history",
            "ask",
            "--id",
            "cloud-native",
            "--no-follow-up",
        ])
        .write_stdin(input));
    assert_eq!(asked.code, Some(2), "{}", asked.stderr);
    assert!(
        asked.stderr.contains(
            "the answer is over the 16 MB limit at this line; the text before it is saved in "
        ),
        "{}",
        asked.stderr
    );
    let drafts: Vec<_> = std::fs::read_dir(d.join("data/drafts"))
        .unwrap()
        .map(|e| std::fs::metadata(e.unwrap().path()).unwrap().len())
        .collect();
    assert_eq!(drafts.len(), 1);
    // Every line before the one over the limit: 16 of them.
    assert!(drafts[0] > 16 * 1_000_000, "{} bytes saved", drafts[0]);
}

/// A broken newest draft names itself and `--resume` continues the newest
/// draft that can be read.
#[test]
fn a_broken_newest_draft_does_not_block_resume() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let drafts = d.join("data/drafts");
    write(
        &drafts,
        "1000-cloud-native.md",
        "---\nquestion: cloud-native\n---\nMy older draft about stateless services.\n",
    );
    write(
        &drafts,
        "2000-cloud-native.md",
        b"---\nquestion: cloud-native\n---\n\xff\xfe broken\n",
    );
    let resumed = run(mock(d)
        .args(["--no-history", "ask", "--resume", "--no-follow-up"])
        .write_stdin(".\n"));
    assert_eq!(resumed.code, Some(0), "{}", resumed.stderr);
    assert!(
        resumed
            .stderr
            .contains("2000-cloud-native.md: not valid UTF-8 text")
            && resumed.stderr.contains("resuming an older draft"),
        "{}",
        resumed.stderr
    );
    assert!(
        resumed
            .stdout
            .contains("My older draft about stateless services."),
        "{}",
        resumed.stdout
    );
}

// Low: rubric checks, and sizes over a limit.

#[test]
fn misconceptions_nothing_can_find_and_empty_ids_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rubric = "question: q\nconcepts:\n  - id: c\n    label: C\n    weight: 1\n    phrases: [outbox]\n    hint: H\n    claims:\n      - id: \"\"\n        text: L\n        phrases: [outbox table]\n  - id: \"\"\n    label: Nameless\n    weight: 1\n    phrases: [saga]\n    hint: H\nmisconceptions:\n  - id: m\n    label: M\n    feedback: F\n  - id: n\n    label: N\n    exemplars: [Two-phase commit is the way.]\n    feedback: F\n";
    let bank = common::hostile::bank(d, rubric);
    let checked = run(mock(d).args(["--bank", &bank, "rubric", "check", "--strict"]));
    assert_eq!(checked.code, Some(1), "{}", checked.stdout);
    for expected in [
        "error: concept \"c\": a claim's id is empty",
        "error: concept \"Nameless\": the id is empty",
        "error: misconception \"m\" has no phrases, patterns or exemplars",
        "warning: misconception \"n\" has no phrases or patterns",
    ] {
        assert!(
            checked.stdout.contains(expected),
            "{expected}: {}",
            checked.stdout
        );
    }
}

#[test]
fn a_size_just_over_a_limit_never_reads_as_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(
        d,
        "big.md",
        format!("{GOOD}{}", "a".repeat((16 << 20) + 10 - GOOD.len())),
    );
    let out = run(mock(d).args(["score", &answer]));
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("big.md: more than 16 MB is too large for an answer (limit 16 MB)"),
        "{}",
        out.stderr
    );
}
