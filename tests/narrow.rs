//! Golden output at 80 columns (and the feedback at 120): text wraps at
//! word boundaries, no line passes the width, each hint is printed once, and
//! a short answer's feedback fits an 80x24 screen.

mod common;

use mock::output::{render_detail, Style};
use mock::{input, score, Bank};
use unicode_width::UnicodeWidthStr;

/// Fails when a line is wider than `width` or a word was split.
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "a line of {} columns:\n{line}\nin\n{text}",
            line.width()
        );
    }
}

fn style(width: u16, verbose: bool) -> Style {
    Style {
        color: false,
        decorated: true,
        width: Some(width),
        verbose,
    }
}

fn example(name: &str) -> mock::Assessment {
    let bank = Bank::builtin().unwrap();
    let path = format!("{}/examples/answers/{name}", env!("CARGO_MANIFEST_DIR"));
    let answer = input::parse_text(name, &std::fs::read(path).unwrap()).unwrap();
    score(
        bank.get(answer.question.as_deref().unwrap()).unwrap(),
        &answer.text,
    )
}

/// A COLUMNS=80 run of `mock ARGS`, its stdout.
fn run80(args: &[&str], db: Option<&std::path::Path>) -> String {
    let mut cmd = common::mock();
    cmd.env("COLUMNS", "80").args(args);
    if let Some(db) = db {
        cmd.env("MOCK_DB", db);
    }
    let output = cmd.assert().success();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

#[test]
fn feedback_of_a_partial_answer_at_80_columns() {
    let text = render_detail(&example("data-consistency/partial.md"), &style(80, false));
    assert_fits(&text, 80);
    insta::assert_snapshot!(text);
}

#[test]
fn verbose_feedback_at_80_columns() {
    let text = render_detail(&example("data-consistency/partial.md"), &style(80, true));
    assert_fits(&text, 80);
    insta::assert_snapshot!(text);
}

#[test]
fn feedback_of_a_partial_answer_at_120_columns() {
    let text = render_detail(&example("testing-strategy/partial.md"), &style(120, false));
    assert_fits(&text, 120);
    insta::assert_snapshot!(text);
}

#[test]
fn a_short_answer_fits_one_80_by_24_screen_and_each_hint_is_printed_once() {
    let bank = Bank::builtin().unwrap();
    let entry = bank.get("adr-process").unwrap();
    let assessment = score(entry, "We write ADRs and review them with the teams.");
    let text = render_detail(&assessment, &style(80, false));
    assert_fits(&text, 80);
    assert!(
        text.lines().count() <= 24,
        "{} lines:\n{text}",
        text.lines().count()
    );
    for verbose in [false, true] {
        let text = render_detail(&assessment, &style(80, verbose));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for concept in assessment.concepts.iter().filter(|c| !c.hint.is_empty()) {
            let hint_start: String = concept.hint.chars().take(40).collect();
            assert!(
                flat.matches(&hint_start).count() <= 1,
                "the hint of {} twice:\n{text}",
                concept.id
            );
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn list_at_80_columns() {
    let text = run80(&["list"], None);
    assert_fits(&text, 80);
    insta::assert_snapshot!(text);
}

#[test]
fn show_at_80_columns_wraps_the_question_at_word_boundaries() {
    let text = run80(&["show", "data-consistency", "--rubric"], None);
    assert_fits(&text, 80);
    assert!(
        text.starts_with("Data consistency across microservices (cloud, 7 minutes)\n\nLet's talk about data in a microservices world. How do you approach data\nconsistency,"),
        "{text}"
    );
}

#[test]
fn ask_at_80_columns_wraps_the_question_and_the_feedback() {
    let data = tempfile::tempdir().unwrap();
    let output = common::mock()
        .env("COLUMNS", "80")
        .env("MOCK_DATA_DIR", data.path())
        .args(["ask", "--id", "engineering-metrics", "--no-follow-up"])
        .write_stdin("We track DORA metrics: deployment frequency and lead time.\n")
        .assert()
        .success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert_fits(&text, 80);
}

#[test]
fn stats_and_history_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    for answers in [
        "examples/answers/cloud-native",
        "examples/answers/adr-process",
    ] {
        common::mock()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("MOCK_DB", &db)
            .args(["score", "--record", answers])
            .assert()
            .success();
    }
    let stats = run80(&["stats"], Some(&db));
    assert_fits(&stats, 80);
    insta::assert_snapshot!(stats);
    let history = run80(&["history"], Some(&db));
    assert_fits(&history, 80);
    assert!(history.contains("\n  missed: "), "{history}");
}
