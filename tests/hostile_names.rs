//! Hostile input, round three (issue 29): names, ids and strings that try
//! to forge CI annotations or change what a reader sees, through every
//! output and every message.

mod common;

use std::path::Path;

use common::hostile::{bank, mock, run, write, GOOD, RUBRIC};

/// A line the GitHub Actions runner would read as a workflow command that
/// `mock` did not write: forged from a file name.
fn forged(text: &str) -> Option<&str> {
    text.lines().find(|line| {
        let line = line.trim_start();
        line.starts_with("::error file=README.md") || line.starts_with("::stop-commands")
    })
}

const FORGED_ERROR: &str = "x\n::error file=README.md,line=1,title=Forged::owned\n.md";
const FORGED_STOP: &str = "y\r\n::stop-commands::pwned\n.md";

/// An answers folder with an answer that cannot be scored and one that
/// can, both named to forge workflow commands.
#[cfg(unix)]
fn hostile_answers(d: &Path) -> String {
    let answers = d.join("answers");
    std::fs::create_dir_all(&answers).unwrap();
    std::fs::write(
        answers.join(FORGED_ERROR),
        "---\nquestion: nope\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(answers.join(FORGED_STOP), GOOD).unwrap();
    std::fs::write(answers.join("z.md"), GOOD).unwrap();
    answers.display().to_string()
}

// 1. File names forge workflow commands.

#[cfg(unix)]
#[test]
fn answer_file_names_forge_no_workflow_command_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answers = hostile_answers(d);
    for format in [
        "table", "json", "jsonl", "markdown", "junit", "github", "html",
    ] {
        for command in ["score", "report"] {
            let out = run(mock(d).args([command, "--format", format, &answers]));
            assert_eq!(out.code, Some(2), "{command} {format}: {}", out.stderr);
            assert!(
                out.stderr.contains("unknown question \"nope\""),
                "{command} {format}: {}",
                out.stderr
            );
            for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                assert_eq!(
                    forged(text),
                    None,
                    "{command} --format {format}, {stream}:\n{text}"
                );
            }
        }
    }
    // The file's own name, one line, on stderr.
    let out = run(mock(d).args(["score", &answers]));
    assert!(
        out.stderr.contains(
            "x\u{FFFD}::error file=README.md,line=1,title=Forged::owned\u{FFFD}.md: unknown question"
        ),
        "{}",
        out.stderr
    );
    // A single file named on the command line, and the below-threshold list.
    let single = Path::new(&answers).join(FORGED_STOP);
    let out = run(mock(d)
        .arg("score")
        .arg("--min-score")
        .arg("100")
        .arg(&single));
    assert_eq!(forged(&out.stdout), None, "{}", out.stdout);
    assert_eq!(forged(&out.stderr), None, "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn bank_file_names_forge_no_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bank = bank(d, RUBRIC);
    // A rubric with a mistake, named to forge a command.
    write(
        d,
        &format!("bank/rubrics/{}.yaml", FORGED_ERROR.trim_end_matches(".md")),
        RUBRIC.replace("question: q", "question: q\nunknown_field: 1"),
    );
    for args in [
        vec!["rubric", "check"],
        vec!["rubric", "test"],
        vec!["list"],
        vec!["show", "q"],
    ] {
        let out = run(mock(d).arg("--bank").arg(&bank).args(&args));
        assert_ne!(out.code, Some(0), "{args:?}");
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert_eq!(forged(text), None, "{args:?}, {stream}:\n{text}");
        }
        assert!(
            format!("{}{}", out.stdout, out.stderr)
                .contains("x\u{FFFD}::error file=README.md,line=1,title=Forged::owned\u{FFFD}.yaml:2:1: error"),
            "{args:?}: {}{}",
            out.stdout,
            out.stderr
        );
    }
}

/// Text inside a bank (a hint, a question) may hold line breaks: no line of
/// human output starts a workflow command all the same.
#[test]
fn bank_text_starts_no_workflow_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bank = bank(
        d,
        &RUBRIC.replace(
            "hint: H",
            "hint: \"Say it.\\n::error file=README.md::Forged hint\"",
        ),
    );
    write(
        d,
        "bank/questions/t/q.yaml",
        common::hostile::QUESTION.replace(
            "question: Q?",
            "question: \"Q?\\n  ::stop-commands::pwned\"",
        ),
    );
    let answer = write(d, "a.md", "---\nquestion: q\n---\nNothing relevant here.\n");
    for args in [vec!["show", "q"], vec!["score", answer.as_str()]] {
        let out = run(mock(d).arg("--bank").arg(&bank).args(&args));
        assert!(matches!(out.code, Some(0 | 1)), "{args:?}: {}", out.stderr);
        assert_eq!(forged(&out.stdout), None, "{args:?}:\n{}", out.stdout);
    }
}

// Low: bidirectional overrides, Markdown links, ESC and BEL in HTML.

#[cfg(unix)]
#[test]
fn bidi_overrides_markdown_links_and_controls_are_neutral_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answers = d.join("answers");
    // `a`, U+202E, `dm.exe.md` shows as "aexe.md"; a link; ESC and BEL.
    for name in [
        "a\u{202E}dm.exe.md",
        "[click](https:evil.example).md",
        "bell\u{7}\u{1b}[2J.md",
    ] {
        std::fs::create_dir_all(&answers).unwrap();
        std::fs::write(answers.join(name), GOOD).unwrap();
    }
    std::fs::write(
        answers.join("\u{2066}unknown.md"),
        "---\nquestion: nope\n---\nText.\n",
    )
    .unwrap();
    let answers = answers.to_str().unwrap();
    for format in ["table", "markdown", "html"] {
        let out = run(mock(d).args(["report", "--format", format, answers]));
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !text.contains(['\u{202E}', '\u{2066}', '\u{7}']),
                "{format} {stream}: {text:?}"
            );
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{format} {stream}: {text:?}"
            );
        }
        if format == "markdown" {
            assert!(
                out.stdout.contains("\\[click\\](https:evil.example).md"),
                "{}",
                out.stdout
            );
        }
    }
}

// 10. CSV export.

#[test]
fn csv_export_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    let recorded = run(mock(d).args(["score", "--record", &answer]));
    assert_eq!(recorded.code, Some(0), "{}", recorded.stderr);
    let export = run(mock(d).args(["export"]));
    let mut attempt: serde_json::Value =
        serde_json::from_str(export.stdout.lines().next().unwrap()).unwrap();
    let formulas = [
        "=HYPERLINK(\"https://evil.example\",\"x\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tx",
        "\rx",
    ];
    let mut lines = String::new();
    for (i, formula) in formulas.iter().enumerate() {
        attempt["uid"] = format!("hostile-{i}").into();
        attempt["answer"] = (*formula).into();
        attempt["source"] = (*formula).into();
        lines.push_str(&format!("{attempt}\n"));
    }
    let file = write(d, "export.jsonl", lines);
    let imported = run(mock(d).args(["import", &file]));
    assert_eq!(imported.code, Some(0), "{}", imported.stderr);
    let csv = run(mock(d).args(["export", "--format", "csv"]));
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut seen = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for name in ["answer", "source"] {
            let cell = &record[column(name)];
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{name}: {cell:?}"
            );
            if let Some(formula) = cell.strip_prefix('\'') {
                assert!(formulas.contains(&formula), "{cell:?}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2 * formulas.len());
}
