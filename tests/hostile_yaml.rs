//! Hostile input, round three (issue 29): YAML that bypassed the nesting
//! guard with tags and anchors, and aliases that amplify a bank file. Every
//! YAML reader (bank files, answer front matter, `.mock.yaml`) goes through
//! the one guard in `src/yaml.rs`.

mod common;

use common::hostile::{bank, mock, run, run_within, write, GOOD, RUBRIC};

/// `x: ! [! [! [...]]]` and its cousins: a tag or an anchor before each
/// bracket hid it from the old scan (20,000 levels of front matter took
/// 2.3 s, 160,000 levels 137 s).
fn nested(open: &str, close: &str, levels: usize) -> String {
    format!("{}1{}", open.repeat(levels), close.repeat(levels))
}

const SHAPES: [(&str, &str); 4] = [
    ("! [", "]"),
    ("!!seq [", "]"),
    ("&a [", "]"),
    ("&m !t {k: ", "}"),
];

// 2. Tags and anchors before brackets.

#[test]
fn tagged_and_anchored_nesting_in_front_matter_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write(d, "good.md", GOOD);
    for (open, close) in SHAPES {
        let answer = write(
            d,
            "deep.md",
            format!(
                "---\nquestion: cloud-native\nx: {}\n---\nText.\n",
                nested(open, close, 3_000)
            ),
        );
        let mut command = common::process();
        command
            .args(["score", "--format", "jsonl", &answer, &good])
            .env("MOCK_DATA_DIR", d.join("data"));
        let score = run_within(&mut command, 60).expect("refused without a long parse");
        assert_eq!(score.code, Some(2), "{open}: {}", score.stderr);
        // Line 3 of the file; the 64th bracket (the mapping is the first
        // level), located where its node starts (at its tag or anchor).
        let column = 4 + open.chars().count() * 63;
        assert!(
            score.stderr.contains(&format!(
                "deep.md:3:{column}: front matter nested deeper than 64 levels"
            )),
            "{open}: {}",
            score.stderr
        );
        assert_eq!(score.stdout.lines().count(), 1, "the good answer is scored");
    }
}

#[test]
fn tagged_and_anchored_nesting_in_bank_files_and_config_is_refused() {
    for (open, close) in SHAPES {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let bank = bank(
            d,
            &format!("{RUBRIC}extra: {}\n", nested(open, close, 3_000)),
        );
        for args in [vec!["list"], vec!["rubric", "check"]] {
            let mut command = common::process();
            command.arg("--bank").arg(&bank).args(&args);
            let listed = run_within(&mut command, 60).expect("refused without a long parse");
            assert_ne!(listed.code, Some(0), "{open} {args:?}");
            let column = 8 + open.chars().count() * 63;
            let expected =
                format!("rubrics/q.yaml:8:{column}: error: nested deeper than 64 levels");
            assert!(
                listed.stderr.contains(&expected) || listed.stdout.contains(&expected),
                "{open} {args:?}: {}{}",
                listed.stdout,
                listed.stderr
            );
        }
        write(
            d,
            "answers/.mock.yaml",
            format!("min_score: 50\nx: {}\n", nested(open, close, 3_000)),
        );
        write(d, "answers/a.md", GOOD);
        let mut command = common::process();
        command
            .args(["report", d.join("answers").to_str().unwrap()])
            .env("MOCK_DATA_DIR", d.join("data"));
        let report = run_within(&mut command, 60).expect("refused without a long parse");
        assert_eq!(report.code, Some(2), "{open}: {}", report.stderr);
        assert!(
            report.stderr.contains(".mock.yaml:2:")
                && report
                    .stderr
                    .contains("error: nested deeper than 64 levels"),
            "{open}: {}",
            report.stderr
        );
    }
}

/// A plain scalar continued on a line that starts with a quote made the old
/// scan believe a quoted string was open until the end of the file.
#[test]
fn a_quote_that_is_not_one_hides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bank = bank(
        d,
        &format!(
            "{}\n      'continued\nextra: {}\n",
            RUBRIC.replace("hint: H\n", "hint: H"),
            nested("[", "]", 3_000)
        ),
    );
    let mut command = common::process();
    command.arg("--bank").arg(&bank).arg("list");
    let listed = run_within(&mut command, 60).expect("refused without a long parse");
    assert_eq!(listed.code, Some(2), "{}", listed.stderr);
    assert!(
        listed
            .stderr
            .contains("rubrics/q.yaml:9:71: error: nested deeper than 64 levels"),
        "{}",
        listed.stderr
    );
}

// 3. Aliases that amplify a bank file.

/// One anchored 93 KB string referenced 2,000 times expands a 100 KB rubric
/// to 186 MB (20,000 times: 1.77 GB, 14 s and 3.9 GB for `list`). Refused
/// at the alias that crosses the bank file limit, before any copy is made.
#[test]
fn aliases_that_expand_a_bank_file_beyond_its_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let value = "x".repeat(93 << 10);
    let aliases = "\n  - *s".repeat(2_000);
    let bank = bank(
        d,
        &format!("{RUBRIC}model_answers:\n  - &s {value}{aliases}\n"),
    );
    for args in [vec!["list"], vec!["rubric", "check", "--strict"]] {
        let listed = run(mock(d).arg("--bank").arg(&bank).args(&args));
        assert_ne!(listed.code, Some(0), "{args:?}");
        // The 44th alias crosses 4 MB (line 9 holds the anchor).
        let expected = "rubrics/q.yaml:53:5: error: its aliases expand it to more than 4 MB, the limit for the file; refusing to parse it";
        assert!(
            listed.stderr.contains(expected) || listed.stdout.contains(expected),
            "{args:?}: {}{}",
            listed.stdout,
            listed.stderr
        );
    }
    if let Some(kb) = common::hostile::peak_kb(&["--bank", &bank, "list"], d) {
        assert!(kb < 100_000, "peak {kb} KB");
    }
    // A few aliases within the limit are fine.
    let fine = common::hostile::bank(
        d,
        &RUBRIC.replace(
            "phrases: [outbox]",
            "phrases: [&p outbox, transactional]\n    examples: [*p]",
        ),
    );
    let listed = run(mock(d).arg("--bank").arg(&fine).arg("list"));
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
}

/// Nested anchors (a billion laughs) and an alias inside its own anchor.
#[test]
fn alias_bombs_and_self_references_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut laughs = String::from(
        "model_answers: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\nextra:\n",
    );
    for level in 1..12 {
        let below = format!("*l{}", level - 1);
        laughs.push_str(&format!(
            "  - &l{level} [{}]\n",
            [below.as_str(); 10].join(", ")
        ));
    }
    let bank = bank(d, &format!("{RUBRIC}{laughs}"));
    let listed = run(mock(d).arg("--bank").arg(&bank).arg("list"));
    assert_eq!(listed.code, Some(2), "{}", listed.stderr);
    assert!(
        listed
            .stderr
            .contains("its aliases expand it to more than 4 MB"),
        "{}",
        listed.stderr
    );
    let answer = write(
        d,
        "self.md",
        "---\nquestion: cloud-native\nx: &a [1, *a]\n---\nText.\n",
    );
    let score = run(mock(d).args(["score", &answer]));
    assert_eq!(score.code, Some(2), "{}", score.stderr);
    assert!(
        score.stderr.contains(
            "self.md:3:11: front matter alias *a refers to a collection that contains it"
        ),
        "{}",
        score.stderr
    );
}

// Low: `--question` with `--reference` is an id, not YAML.

#[test]
fn a_question_id_with_yaml_syntax_is_a_usage_error_about_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reference = write(
        d,
        "ref.md",
        "We publish events through a transactional outbox.\n",
    );
    let answer = write(d, "a.md", "We use an outbox table.\n");
    for id in ["a: b", "x\ny: z", "[1]"] {
        let score = run(mock(d).args([
            "score",
            "--reference",
            &reference,
            "--question",
            id,
            &answer,
        ]));
        assert_eq!(score.code, Some(2), "{id:?}: {}", score.stderr);
        assert!(
            score.stderr.contains("--question"),
            "{id:?}: {}",
            score.stderr
        );
        assert!(
            !score.stderr.contains("<reference>"),
            "no file the user never wrote: {}",
            score.stderr
        );
    }
    let fine = run(mock(d).args([
        "score",
        "--reference",
        &reference,
        "--question",
        "outbox-events",
        &answer,
    ]));
    assert!(matches!(fine.code, Some(0 | 1)), "{}", fine.stderr);
}
