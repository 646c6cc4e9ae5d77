//! `mock interview` end to end through piped stdin, and the follow-up rule
//! on every built-in strong example answer and every blind validity answer:
//! no follow-up ever digs at a point the answer has made.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use mock::interview::follow_up::{choose, made};
use mock::{input, score, Bank};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every answer file under `dir`, in name order.
fn answer_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_owned())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    files
}

/// Follows an answer up to three times, each time answering with the hint
/// of the concept asked about (what a candidate who took the hint would
/// say), and checks that no follow-up targets a point the answer so far has
/// made, and that no concept is asked twice. Returns the follow-ups asked.
fn dig(bank: &Bank, path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let answer = input::parse_text(&path.display().to_string(), &bytes).unwrap();
    let id = answer.question.expect("the answer names its question");
    let entry = bank.get(&id).unwrap();
    let mut text = answer.text.clone();
    let mut asked: Vec<String> = Vec::new();
    for _ in 0..3 {
        let assessment = score(entry, &text);
        let Some(follow_up) = choose(entry, &assessment, &asked) else {
            break;
        };
        let target = assessment
            .concepts
            .iter()
            .find(|c| c.id == follow_up.concept)
            .expect("the follow-up names a concept of the rubric");
        assert!(
            !made(target),
            "{}: the follow-up {:?} digs at {}, which the answer made:\n{text}",
            path.display(),
            follow_up.question,
            target.id
        );
        assert!(!asked.contains(&follow_up.concept), "asked twice");
        asked.push(follow_up.concept.clone());
        let hint = entry
            .rubric
            .concepts
            .iter()
            .find(|c| c.id == follow_up.concept)
            .map(|c| c.hint.clone())
            .unwrap_or_default();
        text = format!("{}\n\n{hint}\n", text.trim_end());
    }
    asked.len()
}

#[test]
fn no_follow_up_digs_at_a_point_a_strong_example_answer_made() {
    let bank = Bank::builtin().unwrap();
    let strong: Vec<PathBuf> = answer_files(&Path::new(ROOT).join("examples/answers"))
        .into_iter()
        .filter(|p| p.ends_with("strong.md"))
        .collect();
    assert_eq!(
        strong.len(),
        bank.ids().len(),
        "a strong answer per question"
    );
    for path in &strong {
        dig(&bank, path);
    }
}

#[test]
fn no_follow_up_digs_at_a_point_a_blind_validity_answer_made() {
    let bank = Bank::builtin().unwrap();
    let answers = answer_files(&Path::new(ROOT).join("bench/validity/answers"));
    assert!(answers.len() > 100, "{} answers", answers.len());
    let asked: usize = answers.iter().map(|path| dig(&bank, path)).sum();
    assert!(asked > answers.len(), "follow-ups were asked: {asked}");
}

/// The answers of a two-question cloud interview: each answer, then the
/// follow-up answers, each ending with a `.` line; an empty follow-up
/// answer moves on.
const TWO_QUESTIONS: &str = "\
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

fn history_json(db: &Path) -> serde_json::Value {
    let output = common::mock()
        .env("MOCK_DB", db)
        .args(["history", "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&output.get_output().stdout).unwrap()
}

#[test]
fn a_piped_interview_of_two_questions_records_both_with_their_follow_ups_and_final_scores() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("history.db");
    let bank = common::two_cloud_questions(data.path());
    let output = common::mock()
        .env("MOCK_DATA_DIR", data.path())
        .env("MOCK_DB", &db)
        .env("MOCK_BANK", &bank)
        .args(["interview", "--theme", "cloud", "--questions", "2"])
        .write_stdin(TWO_QUESTIONS)
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let out = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("Question 1 of 2: What cloud-native means"),
        "{out}"
    );
    assert!(
        out.contains("Question 2 of 2: Adopting CNCF technologies"),
        "{out}"
    );
    assert!(out.matches("Interviewer: ").count() >= 4, "{out}");
    assert!(out.contains("With the follow-up: score"), "{out}");
    assert!(out.contains("Interview summary"), "{out}");
    assert!(out.contains("Study plan"), "{out}");
    assert!(out.contains("Verdict: "), "{out}");

    let attempts = history_json(&db);
    let attempts = attempts.as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    for attempt in attempts {
        let question = attempt["question"].as_str().unwrap();
        let exchanges = attempt["exchanges"].as_array().expect("follow-ups stored");
        assert_eq!(exchanges.len(), 1, "{attempt:#}");
        assert!(exchanges[0]["question"].as_str().unwrap().ends_with('?'));
        assert!(exchanges[0]["concept"].is_string());
        let before = attempt["score"].as_f64().unwrap();
        let after = attempt["after"]["score"].as_f64().expect("a final score");
        assert!(after > before, "{question}: {before} -> {after}");
        assert_eq!(exchanges[0]["score"].as_f64(), Some(after));
        assert!(attempt["session"].is_string());
        // The summary names what is still missing, from the final answer.
        let missing: Vec<&str> = attempt["after"]["concepts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["hit"] == false)
            .map(|c| c["label"].as_str().unwrap())
            .collect();
        let block = out
            .split("\n\n")
            .find(|b| b.starts_with(&format!("{question} (")))
            .expect("a summary per question");
        let flat = block.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!missing.is_empty() && flat.contains("still missing: "));
        for label in &missing {
            assert!(flat.contains(label), "{question}: {label} in\n{block}");
        }
        // The follow-up concept was not made before it was asked.
        let bank = Bank::builtin().unwrap();
        let entry = bank.get(question).unwrap();
        let answered_before = score(entry, attempt["answer"].as_str().unwrap());
        let target = exchanges[0]["concept"].as_str().unwrap();
        let concept = answered_before
            .concepts
            .iter()
            .find(|c| c.id == target)
            .unwrap();
        assert!(!made(concept), "{question}: {target} was made");
    }
    // The final score is what history, stats and due use.
    let history = common::mock()
        .env("MOCK_DB", &db)
        .args(["history"])
        .assert()
        .success();
    let text = String::from_utf8(history.get_output().stdout.clone()).unwrap();
    assert!(text.contains("before follow-ups)"), "{text}");
    assert!(text.contains("follow-up: "), "{text}");
    // A finished session is not offered for --resume.
    common::mock()
        .env("MOCK_DATA_DIR", data.path())
        .env("MOCK_DB", &db)
        .args(["interview", "--resume"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no unfinished interview to resume",
        ));
}

#[test]
fn an_interrupted_session_resumes_where_it_stopped() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("history.db");
    // A session saved mid-answer of its first question, as Ctrl-C leaves it.
    let sessions = data.path().join("interviews");
    std::fs::create_dir_all(&sessions).unwrap();
    let session = serde_json::json!({
        "id": "1700000000000",
        "started_at": 1_700_000_000,
        "questions": ["cloud-native", "cncf-adoption"],
        "finished": [],
        "current": {
            "question": "cloud-native",
            "started_at": 1_700_000_000,
            "elapsed_seconds": 42,
            "answer": "Cloud-native applications are stateless and autoscale.\n",
            "answered": false,
            "follow_ups": []
        },
        "ended": false
    });
    std::fs::write(
        sessions.join("1700000000000.json"),
        serde_json::to_vec(&session).unwrap(),
    )
    .unwrap();
    let output = common::mock()
        .env("MOCK_DATA_DIR", data.path())
        .env("MOCK_DB", &db)
        .args(["interview", "--resume"])
        .write_stdin("We define infrastructure as code with Terraform.\n.\n.\n")
        .assert()
        .success();
    let out = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(out.contains("Resuming the interview"), "{out}");
    assert!(out.contains("Your answer so far:"), "{out}");
    assert!(out.contains("Not reached: cncf-adoption"), "{out}");
    let attempts = history_json(&db);
    let attempt = &attempts.as_array().unwrap()[0];
    assert_eq!(
        attempt["answer"],
        "Cloud-native applications are stateless and autoscale.\nWe define infrastructure as code with Terraform."
    );
    assert!(
        attempt["ended_at"].as_i64().unwrap() - attempt["started_at"].as_i64().unwrap() >= 42,
        "the clock continues: {attempt:#}"
    );
}

#[test]
fn an_empty_first_answer_scores_nothing() {
    let data = tempfile::tempdir().unwrap();
    common::mock()
        .env("MOCK_DATA_DIR", data.path())
        .env("MOCK_DB", data.path().join("h.db"))
        .args(["interview"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout(predicates::str::contains(
            "No answer given; nothing scored.",
        ));
}
