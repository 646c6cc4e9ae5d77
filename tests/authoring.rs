//! The rubric author's tools: `mock rubric check|test|schema`, `mock explain`
//! and `mock init`, run as the real binary.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn mock() -> Command {
    let mut cmd = common::mock();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(cmd: &mut Command, code: i32) -> String {
    let output = cmd.assert().code(code);
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

#[test]
fn check_reports_every_error_at_its_path_line_and_column() {
    let out = stdout(
        mock().args([
            "--bank",
            "tests/fixtures/banks/lint-errors",
            "rubric",
            "check",
        ]),
        1,
    );
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error: ")).collect();
    let d = "tests/fixtures/banks/lint-errors";
    assert_eq!(
        errors,
        [
            format!("{d}/questions/t/beta.yaml:1:5: error: question \"beta\" has no rubric (rubrics/beta.yaml)"),
            format!("{d}/questions/t/beta.yaml:6:19: error: time_box_minutes must be at least 1"),
            format!("{d}/questions/t/dup.yaml:1:5: error: duplicate question id \"alpha\""),
            format!("{d}/rubrics/alpha.yaml:5:13: error: concept \"one\": weight must be a positive number"),
            format!("{d}/rubrics/alpha.yaml:6:23: error: one: phrase \"...\" has no words after normalization, so it can never match"),
            format!("{d}/rubrics/alpha.yaml:12:16: error: two: pattern \"(unclosed\" does not compile: unclosed group"),
            format!("{d}/rubrics/alpha.yaml:14:5: error: duplicate id \"one\""),
            format!("{d}/rubrics/ghost.yaml:1:11: error: rubric for unknown question \"ghost\""),
        ]
    );
    assert!(
        out.ends_with("3 questions, 2 rubrics: 8 errors, 8 warnings\n"),
        "{out}"
    );
}

#[test]
fn check_reports_yaml_errors_and_unknown_fields() {
    let out = stdout(
        mock().args(["--bank", "tests/fixtures/banks/broken", "rubric", "check"]),
        1,
    );
    assert!(out.starts_with(
        "tests/fixtures/banks/broken/rubrics/q.yaml:6:5: error: concepts[0]: unknown field `phrase`, expected one of"
    ));
}

#[test]
fn warnings_fail_only_with_strict() {
    let args = [
        "--bank",
        "tests/fixtures/banks/lint-warnings",
        "rubric",
        "check",
    ];
    let out = stdout(mock().args(args), 0);
    let f = "tests/fixtures/banks/lint-warnings/rubrics/gamma.yaml";
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{f}:2:10: note: a rubric v1 (no claims, no misconceptions): naming a concept earns it in full; see docs/rubric-format.md, \"Rubric v2\", to add claims and misconceptions"),
            format!("{f}:13:22: warning: phrase \"transactional outboxes\" of concept \"relay\" is the same after stemming as \"transactional outbox\" of concept \"outbox\"; one mention would earn both"),
            format!("{f}:17:5: warning: concept \"throughput\" has no examples; add a sentence that must earn it, for `mock rubric test`"),
            format!("{f}:17:5: warning: concept \"throughput\" has no counterexamples; add a sentence that must not earn it (a negation, a near miss)"),
            format!("{f}:20:15: warning: word \"throughput\" of phrase \"higher throughput\" is one edit from the common word \"throughout\", so a typo of \"throughout\" may be taken for it; prefer a phrase that does not hinge on this word"),
            "1 questions, 1 rubrics: 0 errors, 4 warnings".to_owned(),
        ]
    );
    mock().args(args).arg("--strict").assert().code(1);
}

#[test]
fn the_built_in_bank_passes_check_strict_and_its_self_tests() {
    let out = stdout(mock().args(["rubric", "check", "--strict"]), 0);
    let summary = out.lines().last().unwrap_or_default();
    let questions = summary.split(' ').next().unwrap_or_default();
    assert!(
        summary.starts_with(&format!("{questions} questions, {questions} rubrics, "))
            && summary.ends_with(" library concepts: 0 errors, 0 warnings"),
        "{out}"
    );
    let out = stdout(mock().args(["rubric", "test"]), 0);
    assert!(out.ends_with(" passed, 0 failed\n"), "{out}");
}

#[test]
fn a_failing_self_test_is_reported_with_its_trace() {
    let dir = tempfile::tempdir().unwrap();
    mock()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .success();
    let rubric = dir.path().join("rubrics/api-compatibility.yaml");
    let text = std::fs::read_to_string(&rubric).unwrap();
    std::fs::write(
        &rubric,
        text.replace(
            "\"We never had an API contract.\"",
            "\"Our API contract is sacred.\"",
        ),
    )
    .unwrap();
    let out = stdout(
        mock().args(["--bank", dir.path().to_str().unwrap(), "rubric", "test"]),
        1,
    );
    assert!(
        out.contains("concept contract: counterexample must not earn it"),
        "{out}"
    );
    assert!(
        out.contains("counts: \"API contract\" at 1:5 matches \"API contract\""),
        "{out}"
    );
}

#[test]
fn init_scaffolds_a_bank_that_passes_check_and_test_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank");
    let bank = bank.to_str().unwrap();
    mock()
        .args(["init", bank])
        .assert()
        .success()
        .stdout(predicate::str::contains("created"));
    mock()
        .args(["--bank", bank, "rubric", "check", "--strict"])
        .assert()
        .success();
    mock()
        .args(["--bank", bank, "rubric", "test"])
        .assert()
        .success();
    for file in [
        ".mock.yaml",
        "README.md",
        "schemas/rubric.schema.json",
        "schemas/question.schema.json",
    ] {
        assert!(dir.path().join("bank").join(file).is_file(), "{file}");
    }
    mock()
        .args(["init", bank])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not empty; choose a new folder or pass --force",
        ));
    mock().args(["init", "--force", bank]).assert().success();
}

#[test]
fn explain_traces_hits_blocks_and_misses() {
    let out = stdout(
        mock()
            .args(["explain", "--question", "data-consistency", "-"])
            .write_stdin("We never use distributed transactions. Consumers are idempotant. Outbox patterns are bad? No: a saga."),
        0,
    );
    assert!(out.contains("concept avoid-distributed-transactions (Avoid distributed transactions, weight 2.5): NAMED, NOT EXPLAINED - 30% credit [only rejected (negated) mentions count]"), "{out}");
    assert!(out.contains("claim couples-availability:"), "{out}");
    assert!(out.contains("negated by \"never\""), "{out}");
    assert!(
        out.contains("red flag recommends-distributed-transactions"),
        "{out}"
    );
    assert!(out.contains("blocked: negated"), "{out}");
    assert!(out.contains("concept cap-tradeoff"), "{out}");
    assert!(out.contains("nearest:"), "{out}");
    assert!(out.lines().last().unwrap().starts_with("score "), "{out}");
}

#[test]
fn explain_says_why_a_misspelling_did_not_match() {
    let out = stdout(
        mock()
            .args(["explain", "--question", "cloud-native", "-"])
            .write_stdin("We value obsrvblty."),
        0,
    );
    assert!(out.contains("nearest: \"obsrvblty\" is"), "{out}");
}

#[test]
fn explain_counts_the_content_words_of_the_nearest_phrase() {
    let out = stdout(
        mock()
            .args(["explain", "--question", "adr-process"])
            .write_stdin(
            "We write ADRs. The team decides in a meeting where the architects review the options.",
        ),
        0,
    );
    let nearest: Vec<&str> = out.lines().filter(|l| l.contains("nearest:")).collect();
    assert!(!nearest.is_empty(), "{out}");
    for line in &nearest {
        // "n of the m content words": never more found than the phrase has.
        if let Some(rest) = line.split("nearest: ").nth(1) {
            let words: Vec<&str> = rest.split_whitespace().collect();
            if words.get(1) == Some(&"of") && words.get(2) == Some(&"the") {
                let n: usize = words[0].parse().unwrap();
                let m: usize = words[3].parse().unwrap();
                assert!(n <= m, "{line}");
            }
        }
        for stop in ["\"the\" at", "\"we\" at", "\"to\" at", "from \"the\""] {
            assert!(!line.contains(stop), "a stop word is pointed at: {line}");
        }
    }
    assert!(
        out.contains(
            "nearest: 1 of the 2 content words of \"involve the team\" occur (\"team\" at 1:20)"
        ),
        "{out}"
    );
}

#[test]
fn shipped_schemas_match_the_rust_types() {
    for kind in ["question", "rubric", "library"] {
        let generated = stdout(mock().args(["rubric", "schema", kind]), 0);
        let shipped = std::fs::read_to_string(format!(
            "{}/schemas/{kind}.schema.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(
            generated, shipped,
            "regenerate with: mock rubric schema {kind} > schemas/{kind}.schema.json"
        );
    }
}

#[test]
fn every_built_in_file_names_its_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(root.join("questions"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("rubrics")))
        .chain(walkdir::WalkDir::new(root.join("library")))
    {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let first = std::fs::read_to_string(entry.path())
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned();
            assert!(
                first.starts_with("# yaml-language-server: $schema=")
                    && first.ends_with(".schema.json"),
                "{}",
                entry.path().display()
            );
        }
    }
}
