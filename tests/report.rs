//! `mock report`: formats, thresholds, configuration discovery and override,
//! unanswered questions and broken inputs, through the real binary.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

/// `mock` in the report fixtures, on a bank of the seed's ten questions, so
/// that counts and means do not move when the built-in bank grows.
fn mock() -> Command {
    static BANK: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let bank = BANK.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-seed-bank");
        let _ = std::fs::remove_dir_all(&dir);
        common::bank_with(&dir, &common::SEED_IDS)
    });
    let mut cmd = common::mock();
    cmd.current_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/report"
    ))
    .env("MOCK_BANK", bank);
    cmd
}

fn run(args: &[&str], code: i32) -> String {
    let output = mock().args(args).assert().code(code);
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

#[test]
fn defaults_pass_good_answers_and_list_unanswered_questions() {
    let out = run(&["report", "pass"], 0);
    assert!(
        out.contains("Readiness 16.9/100, 2/10 questions answered, 0 threshold failures: passed"),
        "{out}"
    );
    assert!(
        out.contains("Unanswered (8): adr-process, microservices-wrong-choice"),
        "{out}"
    );
}

#[test]
fn thresholds_fail_with_exit_code_one_and_say_what_is_missing() {
    let out = run(&["report", "fail"], 1);
    for expected in [
        "data-consistency: score 33.5 is below 70",
        "data-consistency: required concept missed: Transactional outbox",
        "incident-leadership: red flag: Looks for someone to blame",
        "theme operations: mean score 0.0 is below 50",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(out.contains("FAILED"), "{out}");
}

#[test]
fn flags_override_the_file() {
    run(
        &["report", "fail", "--min-score", "0", "--allow-red-flags"],
        1,
    ); // theme and required concept still fail
    let out = run(&["report", "pass", "--fail-on-unanswered"], 1);
    assert!(
        out.contains(
            "question adr-process (Making significant architectural decisions) has no answer"
        ),
        "{out}"
    );
    run(&["report", "pass", "--min-readiness", "30"], 1);
}

#[test]
fn configuration_is_discovered_in_parents_and_overridden_by_config() {
    let out = run(&["report", "nested/answers/deeper"], 1);
    assert!(out.contains("overall readiness 8.1 is below 50"), "{out}");
    run(
        &[
            "report",
            "nested/answers/deeper",
            "--config",
            "override.yaml",
        ],
        0,
    );
}

#[test]
fn a_broken_answer_is_reported_and_the_rest_still_graded() {
    let output = mock()
        .args(["report", "broken", "--format", "json"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert!(
        stderr
            .contains("unclosed.md: front matter starts with `---` on line 1 but is never closed"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(json["questions"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_configuration_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".mock.yaml"), "min_scor: 5\n").unwrap();
    mock()
        .args(["report", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".mock.yaml:1:1: error: unknown field `min_scor`",
        ));
    std::fs::write(dir.path().join(".mock.yaml"), "questions:\n  no-such: 50\n").unwrap();
    mock()
        .args(["report", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown question \"no-such\"; valid ids: adr-process",
        ));
}

#[test]
fn json_report_is_the_documented_model() {
    let out = run(&["report", "fail", "--format", "json"], 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["schema"], 1);
    assert_eq!(json["passed"], false);
    assert_eq!(
        json["questions"][0]["question"], "incident-leadership",
        "worst first"
    );
    let kinds: Vec<&str> = json["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"required-concept")
            && kinds.contains(&"theme-score")
            && kinds.contains(&"red-flag")
    );
}

#[test]
fn markdown_summarises_and_lists_missed_concepts_with_hints() {
    let out = run(&["report", "fail", "--format", "markdown"], 1);
    assert!(out.starts_with("## ❌ Interview readiness: "), "{out}");
    assert!(
        out.contains(
            "| `data-consistency` | fail/answers/data-consistency.md | 33.5 | 70 | ❌ fail |"
        ),
        "{out}"
    );
    assert!(
        out.contains("- ❌ **Transactional outbox** (weight 3): Describe the transactional outbox"),
        "{out}"
    );
    assert!(out.contains("### Not answered yet"), "{out}");
}

#[test]
fn junit_is_valid_xml_with_a_suite_per_theme_and_a_case_per_question() {
    let out = run(&["report", "fail", "--format", "junit"], 1);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<&str> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(
        suites,
        [
            "mock.architecture",
            "mock.cloud",
            "mock.dotnet",
            "mock.operations"
        ]
    );
    let case = root
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some("data-consistency"))
        .unwrap();
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert!(failure
        .attribute("message")
        .unwrap()
        .contains("score 33.5 is below 70"));
    assert!(failure
        .text()
        .unwrap()
        .contains("missed: Transactional outbox (weight 3)"));
    let skipped = root
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .count();
    assert_eq!(skipped, 7, "unanswered questions are skipped test cases");
    let cloud = root
        .descendants()
        .find(|n| n.attribute("name") == Some("cloud-native"))
        .unwrap();
    assert!(
        cloud.children().all(|n| !n.has_tag_name("failure")),
        "a passing answer has no failure"
    );
}

#[test]
fn github_annotations_point_at_the_answer_files() {
    let out = run(&["report", "fail", "--format", "github"], 1);
    assert!(out.lines().any(|l| l.starts_with("::error file=fail/answers/data-consistency.md,line=4,title=mock%3A data-consistency::data-consistency: score 33.5 is below 70")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("::error file=fail/answers/incident-leadership.md,line=4,title=mock%3A incident-leadership::incident-leadership: red flag")), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("::error title=mock%3A operations::theme operations")),
        "{out}"
    );
}

#[test]
fn html_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    run(
        &[
            "report",
            "fail",
            "--format",
            "html",
            "--output",
            path.to_str().unwrap(),
        ],
        1,
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(
        html.contains("<meta name=\"viewport\""),
        "readable on a phone"
    );
    assert!(html.contains("class=\"chip miss\"") && html.contains("class=\"chip hit\""));
    // Every failed threshold with its reason, before the first chart.
    let failures = html.find("Why it failed").expect("a failures section");
    assert!(failures < html.find("<h2>Themes</h2>").unwrap());
    for reason in [
        "data-consistency: score 33.5 is below 70",
        "required concept",
        "theme operations",
    ] {
        let at = html
            .find(reason)
            .unwrap_or_else(|| panic!("{reason} missing"));
        assert!(
            at < html.find("<h2>Themes</h2>").unwrap(),
            "{reason} after the charts"
        );
    }
    // Concept names are written out, not only in a hover title.
    assert!(
        html.contains("✗</span> Transactional outbox</span>"),
        "{html}"
    );
    assert!(
        !html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no network"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn html_escapes_file_names_and_every_text() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers");
    std::fs::create_dir_all(&answers).unwrap();
    std::fs::write(
        answers.join("<img src=x onerror=alert(1)>.md"),
        "---\nquestion: cloud-native\n---\nContainers <script>alert(1)</script> and more.\n",
    )
    .unwrap();
    let out = common::mock()
        .args(["report", answers.to_str().unwrap(), "--format", "html"])
        .assert()
        .code(1);
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        !html.contains("<img") && !html.contains("<script"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;.md"),
        "{html}"
    );
}

/// A folder with an explained, a named-only, a missed and a contradicted
/// concept: the strong-ish incident answer, the partial data-consistency
/// answer and the weak cloud-native answer (a wrong claim).
fn marked_answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for (from, to) in [
        ("examples/answers/data-consistency/partial.md", "dc.md"),
        ("examples/answers/cloud-native/weak.md", "cn.md"),
        ("examples/answers/incident-leadership/strong.md", "il.md"),
    ] {
        std::fs::copy(format!("{root}/{from}"), dir.path().join(to)).unwrap();
    }
    dir
}

#[test]
fn explained_named_only_missed_and_wrong_are_distinct_marks_in_html_and_markdown() {
    let dir = marked_answers();
    let path = dir.path().to_str().unwrap();
    let html = run(&["report", path, "--format", "html"], 1);
    for (class, mark) in [
        ("chip hit", "✓"),
        ("chip named", "◐"),
        ("chip miss", "✗"),
        ("chip wrong", "⚠"),
    ] {
        let at = html
            .find(&format!("class=\"{class}\""))
            .unwrap_or_else(|| panic!("no {class} chip"));
        assert!(html[at..].contains(mark), "{class} has no {mark}");
    }
    // The named-only and the explained chips look different, not only by mark.
    assert!(html.contains(".chip.named{background:#fff8c5"), "{html}");
    assert!(
        html.contains("⚠ Wrong claim: "),
        "wrong claims in the feedback"
    );
    let markdown = run(&["report", path, "--format", "markdown"], 1);
    for mark in ["✅ ", "🟡 ", "❌ ", "⚠️ "] {
        assert!(markdown.contains(mark), "{mark} in\n{markdown}");
    }
    assert!(markdown.contains("**Wrong claim: "), "{markdown}");
    let table = run(&["report", path], 1);
    assert!(table.contains("wrong claim: "), "{table}");
    let github = run(&["report", path, "--format", "github"], 1);
    assert!(github.contains("title=mock%3A wrong claim "), "{github}");
    let junit = run(&["report", path, "--format", "junit"], 1);
    assert!(junit.contains("wrong claim at line "), "{junit}");
    let json = run(&["report", path, "--format", "json"], 1);
    assert!(json.contains("\"wrong\": [\n        {"), "{json}");
}

#[test]
fn score_html_colours_by_the_pass_mark_and_shows_wrong_claims() {
    let dir = marked_answers();
    let path = dir.path().to_str().unwrap();
    let html = run(&["score", path, "--format", "html"], 0);
    // 0.0 and 33.5 are below the default pass mark of 60; 87.1 is above it.
    assert!(html.contains("<span class=\"fail\">0.0</span>"), "{html}");
    assert!(html.contains("<span class=\"fail\">33.5</span>"), "{html}");
    assert!(html.contains("<span class=\"pass\">87.1</span>"), "{html}");
    assert!(html.contains("⚠ Wrong claim: "), "{html}");
    let markdown = run(&["score", path, "--format", "markdown"], 0);
    assert!(markdown.contains("⚠️ **Wrong claim: "), "{markdown}");
    let github = run(&["score", path, "--format", "github"], 0);
    assert!(github.contains("title=mock%3A wrong claim "), "{github}");
    let junit = run(
        &["score", path, "--format", "junit", "--min-score", "90"],
        1,
    );
    assert!(junit.contains("wrong claim: "), "{junit}");
}

#[test]
fn an_empty_folder_is_an_input_error_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    for format in ["table", "json", "markdown", "junit"] {
        let out = mock()
            .args(["report", path, "--format", format])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("no answers found"));
        assert!(
            out.get_output().stdout.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.get_output().stdout)
        );
    }
}
