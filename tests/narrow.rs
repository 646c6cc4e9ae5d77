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

/// The words of `text` for comparing two renderings: split at whitespace,
/// without table borders and the punctuation that ends a cell or a list.
fn words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆|┌┐└┘├┤┬┴┼─═╞╡╪".contains(c))
        .map(|w| w.trim_matches(|c: char| ",;:()".contains(c)).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Fails when the narrow rendering has a word that the unwrapped one has
/// not: a word broken across lines leaves such fragments behind. Ids and
/// file names shortened with `…` are the one allowed difference.
fn assert_no_broken_words(narrow: &str, unwrapped: &str) {
    let whole = words(unwrapped);
    let broken: Vec<String> = words(narrow)
        .into_iter()
        .filter(|w| !whole.contains(w) && !w.contains('…'))
        .collect();
    assert!(
        broken.is_empty(),
        "words broken or changed at the narrow width: {broken:?}\n{narrow}"
    );
}

/// `mock ARGS` at `columns` (none: unwrapped), from the repository, with
/// `stdin`; its stdout.
fn run_at(
    columns: Option<u16>,
    args: &[&str],
    env: &[(&str, &std::path::Path)],
    stdin: &str,
) -> String {
    let mut cmd = common::mock();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .write_stdin(stdin);
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns.to_string());
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.assert();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

/// The answers of a two-question cloud interview with one follow-up each.
const INTERVIEW: &str = "\
Cloud-native means building applications that use the cloud properly. Applications should be stateless and use autoscaling.
.
Every dependency fails sometimes, so we design for failure: health checks restart unhealthy instances, circuit breakers stop calls to a failing service and retries with backoff ride out short blips.
.
.
I am careful with new tools because each one adds cognitive load for the teams and needs maintenance. Before we adopt something I want a small proof of concept.
.
We check the CNCF maturity level: graduated projects have a track record, incubating ones are riskier, and sandbox projects are experiments.
.
.
";

fn interview_at(columns: Option<u16>) -> String {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("h.db");
    let bank = common::two_cloud_questions(data.path());
    run_at(
        columns,
        &["interview", "--theme", "cloud", "--questions", "2"],
        &[
            ("MOCK_DATA_DIR", data.path()),
            ("MOCK_DB", &db),
            ("MOCK_BANK", &bank),
        ],
        INTERVIEW,
    )
}

#[test]
fn interview_at_80_and_120_columns() {
    let unwrapped = interview_at(None);
    for (columns, name) in [(80, "interview_80"), (120, "interview_120")] {
        let text = interview_at(Some(columns));
        assert_fits(&text, usize::from(columns));
        assert_no_broken_words(&text, &unwrapped);
        insta::assert_snapshot!(name, text);
    }
}

/// `mock ask` on data-consistency with a follow-up, its saved-answer path
/// replaced (it names the data folder and the time).
fn ask_at(columns: Option<u16>) -> String {
    let data = tempfile::tempdir().unwrap();
    let text = run_at(
        columns,
        &["--no-history", "ask", "--id", "data-consistency"],
        &[("MOCK_DATA_DIR", data.path())],
        "We accept eventual consistency across services and use Kafka.\n.\nA commit across services ties every service's availability to the slowest one.\n",
    );
    let saved = regex::Regex::new(r"saved in\s+\S+").unwrap();
    saved
        .replace(
            &text.replace(&data.path().display().to_string(), "DATA"),
            "saved in DATA/answers/ANSWER.md",
        )
        .into_owned()
}

#[test]
fn ask_at_80_and_120_columns() {
    let unwrapped = ask_at(None);
    for (columns, name) in [(80, "ask_80"), (120, "ask_120")] {
        let text = ask_at(Some(columns));
        assert_fits(&text, usize::from(columns));
        assert_no_broken_words(&text, &unwrapped);
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn score_at_80_and_120_columns() {
    let args = [
        "score",
        "examples/answers/cloud-native",
        "examples/answers/incident-leadership",
    ];
    let unwrapped = run_at(None, &args, &[], "");
    for (columns, name) in [(80, "score_80"), (120, "score_120")] {
        let text = run_at(Some(columns), &args, &[], "");
        assert_fits(&text, usize::from(columns));
        assert_no_broken_words(&text, &unwrapped);
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn report_at_80_columns_breaks_no_word() {
    let dir = format!("{}/examples/ci/answers-repo", env!("CARGO_MANIFEST_DIR"));
    let report = |columns: Option<u16>| {
        let mut cmd = common::mock();
        cmd.current_dir(&dir).args(["report", "answers"]);
        if let Some(columns) = columns {
            cmd.env("COLUMNS", columns.to_string());
        }
        String::from_utf8(cmd.assert().code(1).get_output().stdout.clone()).unwrap()
    };
    let text = report(Some(80));
    assert_fits(&text, 80);
    assert_no_broken_words(&text, &report(None));
}

/// A fixed history: `mock due` at a fixed time, through the renderer.
fn due_at(width: Option<u16>) -> String {
    use mock::history::{schedule, Attempt, Outcome};
    let day = 86_400;
    let start = 1_790_000_000;
    let attempt = |question: &str, at: i64, score: f64, after: Option<f64>| Attempt {
        uid: format!("{question}-{at}"),
        question: question.into(),
        theme: "t".into(),
        source: "ask".into(),
        started_at: at,
        ended_at: at + 240,
        time_box_minutes: 5,
        score,
        coverage: score,
        after: after.map(|score| Outcome {
            score,
            coverage: score,
            concepts: vec![],
        }),
        ..Attempt::default()
    };
    let history = vec![
        attempt("microservices-wrong-choice", start, 55.0, Some(72.0)),
        attempt("incident-leadership", start, 92.0, None),
        attempt("incident-leadership", start + 5 * day, 95.0, None),
        attempt("data-consistency", start + day, 30.0, Some(45.0)),
    ];
    let bank = Bank::builtin().unwrap();
    let due = schedule::order(&bank.ids(), &history);
    let style = Style {
        color: false,
        decorated: false,
        width,
        verbose: false,
    };
    mock::output::due_table(&due, start + 6 * day, &style)
}

#[test]
fn due_at_80_and_120_columns() {
    let unwrapped = due_at(None);
    for (columns, name) in [(80, "due_80"), (120, "due_120")] {
        let text = due_at(Some(columns));
        assert_fits(&text, usize::from(columns));
        assert_no_broken_words(&text, &unwrapped);
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn stats_and_history_at_120_columns_and_no_broken_word_at_80() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    common::mock()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("MOCK_DB", &db)
        .args(["score", "--record", "examples/answers"])
        .assert()
        .success();
    let env = [("MOCK_DB", db.as_path())];
    let unwrapped = run_at(None, &["stats"], &env, "");
    let stats = run_at(Some(120), &["stats"], &env, "");
    assert_fits(&stats, 120);
    assert_no_broken_words(&stats, &unwrapped);
    insta::assert_snapshot!("stats_120", stats);
    assert_no_broken_words(&run_at(Some(80), &["stats"], &env, ""), &unwrapped);
    let history = run_at(None, &["history"], &env, "");
    let narrow = run_at(Some(80), &["history"], &env, "");
    assert_fits(&narrow, 80);
    assert_no_broken_words(&narrow, &history);
}
