//! CLI integration tests: the real binary, its output and its exit codes.

mod common;

use common::mock;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn example(path: &str) -> String {
    format!("{}/examples/answers/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("valid JSON")
}

#[test]
fn list_shows_every_question_and_filters_by_theme() {
    let all = mock()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let all = String::from_utf8(all).unwrap();
    for id in [
        "adr-process",
        "data-consistency",
        "async-pitfalls",
        "incident-leadership",
    ] {
        assert!(all.contains(id), "{id} missing from\n{all}");
    }
    mock()
        .args(["list", "--theme", "dotnet"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("async-pitfalls")
                .and(predicate::str::contains("adr-process").not()),
        );
}

#[test]
fn unknown_theme_and_id_are_usage_errors_that_list_the_valid_values() {
    mock()
        .args(["list", "--theme", "kitchen"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown theme \"kitchen\"; valid themes: architecture, cloud",
        ));
    mock()
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown question \"nope\"; closest valid ids: ",
        ));
    // A misspelled id is answered with the id meant, first.
    mock()
        .args(["show", "data-consistancy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "closest valid ids: data-consistency, ",
        ))
        .stderr(predicate::str::contains("(mock list shows all "));
}

#[test]
fn show_hides_the_rubric_until_asked() {
    mock()
        .args(["show", "data-consistency"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("eventual consistency vs. strong")
                .and(predicate::str::contains("Transactional outbox").not()),
        );
    mock()
        .args(["show", "data-consistency", "--rubric"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Transactional outbox")
                .and(predicate::str::contains("rejected")),
        );
}

#[test]
fn score_a_file_prints_the_full_feedback() {
    mock()
        .args(["score", &example("data-consistency/partial.md")])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("score 33.5/100")
                .and(predicate::str::contains("Missed, most important first"))
                .and(predicate::str::contains(
                    "Follow-up: How do you publish an event reliably",
                )),
        );
}

#[test]
fn score_a_folder_in_json_keeps_input_order() {
    let output = mock()
        .args(["score", "--format", "json", &fixture("answers/batch")])
        .assert()
        .success();
    let doc = json(&output.get_output().stdout);
    assert_eq!(doc["schema"], 2);
    let sources: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert!(
        sources[0].ends_with("a-strong.md") && sources[1].ends_with("b-weak.md"),
        "{sources:?}"
    );
    assert_eq!(doc["summary"]["answers"], 2);
    let first = &doc["results"][0];
    for key in [
        "question",
        "theme",
        "coverage",
        "score",
        "words",
        "concepts",
        "red_flags",
        "flags",
        "follow_up",
    ] {
        assert!(first.get(key).is_some(), "result lacks {key}");
    }
    let concept = &first["concepts"][0];
    for key in ["id", "label", "weight", "hit", "how", "evidence"] {
        assert!(concept.get(key).is_some(), "concept lacks {key}");
    }
}

#[test]
fn score_jsonl_input_labels_each_line() {
    let output = mock()
        .args([
            "score",
            "--format",
            "jsonl",
            &fixture("answers/answers.jsonl"),
        ])
        .assert()
        .success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("answers.jsonl:1"));
    assert_eq!(lines[0]["label"], "dc-1");
    assert_eq!(lines[1]["question"], "incident-leadership");
}

#[test]
fn score_stdin_needs_a_question() {
    mock()
        .args(["score", "--question", "adr-process", "-"])
        .write_stdin("We document every decision in an ADR with its consequences.")
        .assert()
        .success()
        .stdout(predicate::str::contains("Record the decision in an ADR"));
    mock()
        .args(["score", "-"])
        .write_stdin("We write ADRs.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-: no question id"));
}

#[test]
fn markdown_lists_misses_with_hints() {
    mock()
        .args([
            "score",
            "--format",
            "markdown",
            &example("testing-strategy/partial.md"),
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("| source | question | score |").and(
                predicate::str::contains("- ❌ **The testing pyramid** (weight 3)"),
            ),
        );
}

#[test]
fn min_score_sets_exit_code_one() {
    let weak = example("cloud-native/weak.md");
    mock()
        .args(["score", "--min-score", "60", &weak])
        .assert()
        .code(1);
    mock()
        .args(["score", "--min-score", "0", &weak])
        .assert()
        .code(0);
    mock()
        .args(["score", "--min-score", "150", &weak])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0..=100"));
    mock()
        .args(["score", "--jobs", "0", &weak])
        .assert()
        .code(2);
}

#[test]
fn a_batch_with_broken_inputs_still_scores_the_rest() {
    let output = mock()
        .args([
            "score",
            "--format",
            "jsonl",
            &fixture("answers/unknown-question.md"),
            &fixture("answers/unclosed.md"),
            &fixture("answers/latin1.txt"),
            &fixture("answers/missing.md"),
            &fixture("answers/broken.jsonl"),
            &example("adr-process/strong.md"),
        ])
        .assert()
        .code(2);
    let out = output.get_output();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let scored: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        scored.len(),
        2,
        "broken.jsonl line 1 and strong.md are scored"
    );
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 6, "one line per broken input:\n{stderr}");
    assert!(lines[0].contains(
        "unknown-question.md: unknown question \"no-such-question\"; closest valid ids: "
    ));
    assert!(lines[1].contains("unclosed.md: front matter starts with `---`"));
    assert!(lines[2].contains("latin1.txt: not valid UTF-8 text (byte 3)"));
    assert!(lines[3].contains("missing.md: No such file"));
    assert!(lines[4].contains("broken.jsonl:2: not an answer record"));
    assert!(
        lines[5].contains("broken.jsonl:3: not an answer record")
            && lines[5].contains("missing field `answer`")
    );
}

#[test]
fn piped_output_is_plain_and_color_can_be_forced() {
    let file = example("cloud-native/strong.md");
    let plain = mock()
        .args(["score", &file])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(plain).unwrap().contains('\x1b'));
    let forced = mock()
        .args(["--color", "always", "score", &file])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(forced).unwrap().contains("\x1b[32m"));
}

#[test]
fn a_broken_bank_is_reported_with_path_line_and_column() {
    mock()
        .args(["--bank", &fixture("banks/broken"), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rubrics/q.yaml:6:5: error: concepts[0]: unknown field `phrase`",
        ));
}

#[test]
fn a_custom_bank_folder_is_used() {
    mock()
        .args(["--bank", &fixture("banks/tiny"), "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("tiny-question")
                .and(predicate::str::contains("adr-process").not()),
        );
}

#[test]
fn ask_runs_an_interview_from_piped_stdin() {
    let data = tempfile::tempdir().unwrap();
    let output = mock()
        .env("MOCK_DATA_DIR", data.path())
        .args(["ask", "--id", "data-consistency"])
        .write_stdin("I would never use distributed transactions; the transactional outbox and Kafka carry events.\n.\nA saga with compensating actions undoes earlier steps.\n")
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("How do you approach data consistency"),
        "question printed"
    );
    assert!(
        stdout.contains("Covered (3 of 10)"),
        "result printed:\n{stdout}"
    );
    assert!(stdout.contains("Interviewer: "), "follow-up asked");
    assert!(
        stdout.contains("With the follow-up: score"),
        "follow-up re-scored"
    );
    let saved: Vec<_> = std::fs::read_dir(data.path().join("answers"))
        .unwrap()
        .collect();
    assert_eq!(saved.len(), 1);
    let text = std::fs::read_to_string(saved[0].as_ref().unwrap().path()).unwrap();
    assert!(
        text.starts_with("---\nquestion: data-consistency\nelapsed_seconds: ")
            && text.contains("saga"),
        "{text}"
    );
}

#[test]
fn ask_with_a_seed_is_reproducible() {
    let pick = || {
        let data = tempfile::tempdir().unwrap();
        let output = mock()
            .env("MOCK_DATA_DIR", data.path())
            .args(["ask", "--theme", "cloud", "--seed", "42", "--no-follow-up"])
            .write_stdin("Stateless services.\n")
            .assert()
            .success();
        String::from_utf8(output.get_output().stdout.clone())
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(pick(), pick());
}

#[test]
fn completions_and_man_page_are_generated() {
    mock()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_mock"));
    mock()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH mock"));
}

#[test]
fn completions_offer_question_ids_and_themes_not_file_names() {
    let out = mock().args(["completions", "fish"]).assert().success();
    let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Each option's candidates follow it (fish lists one per line).
    let after = |option: &str| {
        let at = script.find(option).unwrap_or_else(|| panic!("{option}"));
        let rest = &script[at..];
        rest[..rest[1..].find("\ncomplete ").map_or(rest.len(), |n| n + 1)].to_owned()
    };
    let ask_id = after("__fish_mock_using_subcommand ask\" -l id");
    assert!(
        ask_id.contains("data-consistency") && ask_id.contains("testing-strategy"),
        "{ask_id}"
    );
    let theme = after("__fish_mock_using_subcommand interview\" -s t -l theme");
    assert!(
        theme.contains("cloud") && theme.contains("operations"),
        "{theme}"
    );
    // Parsing still takes any id, so a --bank with other ids works.
    mock()
        .args(["show", "no-such-question"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown question"));
}

#[test]
fn help_teaches_with_examples() {
    mock()
        .args(["score", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    mock()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("mock "));
}

#[test]
fn ask_with_editor_uses_the_editor_file_and_ignores_the_template() {
    let data = tempfile::tempdir().unwrap();
    mock()
        .env("MOCK_DATA_DIR", data.path())
        .env("VISUAL", fixture("fake-editor.sh"))
        .args(["ask", "--id", "adr-process", "--editor", "--no-follow-up"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"ADR\"")
                .and(predicate::str::contains("Walk me through").count(1)),
        );
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_typing_keeps_the_draft_and_says_where() {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    use std::time::{Duration, Instant};

    let data = tempfile::tempdir().unwrap();
    let mut child = common::process()
        .env("MOCK_DATA_DIR", data.path())
        .args(["ask", "--id", "cloud-native"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"Design for failure with circuit breakers.\n")
        .unwrap();
    stdin.flush().unwrap();
    let answers = data.path().join("drafts");
    let started = Instant::now();
    let draft = loop {
        let found = std::fs::read_dir(&answers)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok);
        if let Some(entry) = found.filter(|e| {
            e.path().extension().is_some_and(|x| x == "md")
                && !e.file_name().to_string_lossy().starts_with('.')
        }) {
            break entry.path();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no draft was written"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let status = Process::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&draft.display().to_string()), "{stderr}");
    assert!(std::fs::read_to_string(&draft)
        .unwrap()
        .contains("circuit breakers"));
    drop(stdin);
}

#[test]
fn min_score_names_the_answers_below_it() {
    mock()
        .args(["score", "--min-score", "60", &example("cloud-native")])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("2 answers score below --min-score 60:")
                .and(predicate::str::contains(
                    "cloud-native/partial.md (cloud-native): 25.0",
                ))
                .and(predicate::str::contains(
                    "cloud-native/weak.md (cloud-native): 0.0",
                ))
                .and(predicate::str::contains("strong.md").not()),
        );
}

#[test]
fn inputs_that_all_fail_print_no_empty_table() {
    for format in ["table", "markdown"] {
        mock()
            .args([
                "score",
                "--format",
                format,
                &fixture("answers/missing.md"),
                &fixture("answers/unclosed.md"),
            ])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("missing.md: No such file"));
    }
}

#[test]
fn every_man_page_named_in_see_also_or_subcommands_exists() {
    let dir = tempfile::tempdir().unwrap();
    mock()
        .args(["man", "--out-dir", dir.path().to_str().unwrap()])
        .assert()
        .success();
    let pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(pages.contains(&"mock.1".to_owned()) && pages.contains(&"mock-ask.1".to_owned()));
    let reference = regex::Regex::new(r"(mock(?:\\-[a-z]+)*)\(1\)").unwrap();
    let main = std::fs::read_to_string(dir.path().join("mock.1")).unwrap();
    assert!(reference.captures_iter(&main).count() >= 10, "{main}");
    for page in &pages {
        let roff = std::fs::read_to_string(dir.path().join(page)).unwrap();
        for cap in reference.captures_iter(&roff) {
            let name = format!("{}.1", cap[1].replace("\\-", "-"));
            assert!(
                pages.contains(&name),
                "{page} names {name}, which was not written"
            );
        }
    }
    // One page on stdout, by command name.
    mock()
        .args(["man", "rubric", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH mock-rubric-check 1"));
    mock()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no man page for \"nope\"; commands: list",
        ));
}

#[test]
fn question_overrides_front_matter() {
    let output = mock()
        .args([
            "score",
            "--format",
            "json",
            "--question",
            "adr-process",
            &example("cloud-native/strong.md"),
        ])
        .assert()
        .success();
    let doc = json(&output.get_output().stdout);
    assert_eq!(doc["results"][0]["question"], "adr-process");
    assert!(doc["results"][0]["score"].as_f64().unwrap() < 35.0);
}

#[test]
fn a_transformer_model_folder_is_recognised_and_used() {
    // tests/fixtures/tiny-bert: a random-weight BERT in the Hugging Face
    // layout (scripts/tiny_bert_fixture.py), standing in for all-MiniLM-L6-v2.
    let tiny = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert");
    let answer = example("data-consistency/strong.md");
    let out = mock()
        .args([
            "--model",
            tiny.to_str().unwrap(),
            "score",
            "--format",
            "json",
            &answer,
        ])
        .assert()
        .success();
    let doc = json(&out.get_output().stdout);
    let model = doc["results"][0]["model"].as_str().unwrap();
    assert!(model.starts_with("tiny-bert-8:"), "{model}");
    // The same answer scores the same with the same model (deterministic vectors).
    let again = mock()
        .args([
            "--model",
            tiny.to_str().unwrap(),
            "score",
            "--format",
            "json",
            &answer,
        ])
        .assert()
        .success();
    assert_eq!(doc, json(&again.get_output().stdout));
    // A transformer folder with broken weights is one clear error, exit 2.
    let dir = tempfile::tempdir().unwrap();
    for name in ["config.json", "tokenizer.json"] {
        std::fs::copy(tiny.join(name), dir.path().join(name)).unwrap();
    }
    let weights = std::fs::read(tiny.join("model.safetensors")).unwrap();
    std::fs::write(
        dir.path().join("model.safetensors"),
        &weights[..weights.len() / 2],
    )
    .unwrap();
    mock()
        .args(["--model", dir.path().to_str().unwrap(), "score", &answer])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("model.safetensors"));
}

#[test]
fn a_broken_model_folder_is_one_clear_error_and_a_good_one_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let model = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/mock-embed/model");
    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::copy(model.join("tokenizer.json"), broken.join("tokenizer.json")).unwrap();
    let weights = std::fs::read(model.join("model.safetensors")).unwrap();
    std::fs::write(broken.join("model.safetensors"), &weights[..1000]).unwrap();
    let answer = example("adr-process/strong.md");
    mock()
        .args(["--model", broken.to_str().unwrap(), "score", &answer])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("model.safetensors"));
    mock()
        .args([
            "--model",
            dir.path().join("missing").to_str().unwrap(),
            "score",
            &answer,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tokenizer.json"));
    // Listing questions never loads a model, not even a broken one.
    mock()
        .args(["--model", broken.to_str().unwrap(), "list"])
        .assert()
        .success();
    let out = mock()
        .args([
            "--model",
            model.to_str().unwrap(),
            "score",
            "--format",
            "json",
            &answer,
        ])
        .assert()
        .success();
    let doc = json(&out.get_output().stdout);
    assert!(doc["results"][0]["model"].as_str().unwrap().contains(':'));
    let lexical = mock()
        .args(["--lexical-only", "score", "--format", "json", &answer])
        .assert()
        .success();
    assert!(json(&lexical.get_output().stdout)["results"][0]["model"].is_null());
}
