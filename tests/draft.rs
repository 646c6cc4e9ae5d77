//! Drafting rubrics from model answers: `mock bank import` of the seed
//! document, `mock rubric draft`, and `mock score --reference`.

mod common;

use std::path::Path;

use predicates::prelude::*;

/// The built-in question ids, in the seed document's order.
const SEED_ORDER: [&str; 10] = [
    "adr-process",
    "microservices-wrong-choice",
    "cloud-native",
    "data-consistency",
    "cncf-adoption",
    "dotnet-features",
    "async-pitfalls",
    "engineering-metrics",
    "testing-strategy",
    "incident-leadership",
];

/// `mock bank import DOC --out OUT`.
fn import(doc: &Path, out: &Path) -> assert_cmd::assert::Assert {
    common::mock()
        .args([
            "bank",
            "import",
            doc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
}

/// Drafting as `mock bank import` drafts: with the built-in library and model.
fn drafter() -> mock::library_draft::LibraryDrafter {
    let bank = mock::Bank::builtin().unwrap();
    mock::library_draft::LibraryDrafter::new(bank.library(), Some(mock::encoder::builtin_encoder()))
}

fn seed() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/interview-prep.md"
    ))
}

#[test]
fn importing_the_seed_scores_its_model_answers_high_and_weak_answers_low() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let imported = mock::import::parse(seed(), &text, &drafter()).unwrap();
    assert_eq!(imported.len(), 10);
    let dir = tempfile::tempdir().unwrap();
    mock::import::write_bank(dir.path(), &imported, false).unwrap();
    let mut bank = mock::Bank::load(dir.path()).unwrap();
    // Scored as `mock score` scores: with the semantic stage.
    bank.set_encoder(Some(mock::encoder::builtin_encoder()));
    let example = |id: &str, kind: &str| {
        let path = format!(
            "{}/examples/answers/{id}/{kind}.md",
            env!("CARGO_MANIFEST_DIR")
        );
        mock::input::parse_text("a", &std::fs::read(path).unwrap())
            .unwrap()
            .text
    };
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (item, builtin_id) in imported.iter().zip(SEED_ORDER) {
        let entry = bank.get(&item.question.id).unwrap();
        assert!(entry.rubric.drafted);
        let model = mock::score(entry, &item.model_answer).score;
        let weak = mock::score(entry, &example(builtin_id, "weak")).score;
        let strong = mock::score(entry, &example(builtin_id, "strong")).score;
        report.push(format!(
            "{builtin_id:28} model {model:5.1}  strong {strong:5.1}  weak {weak:5.1}"
        ));
        // With the concept library, a strong answer in its own words earns
        // the library concepts the model answer speaks of through their
        // claims and exemplars: at least 70 on every question. The model
        // answer itself may only name a library concept that its rubric
        // then asks to explain, so it need not reach 100.
        if model < 75.0 || weak > 30.0 || strong < 70.0 || strong <= weak {
            failures.push(builtin_id);
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{failures:?}\n{}", report.join("\n"));
}

#[test]
fn imported_banks_pass_check_and_test_and_refuse_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank");
    let mock = common::mock;
    import(seed(), &out)
        .success()
        .stdout(predicate::str::contains("imported 10 questions"));
    mock()
        .args(["--bank", out.to_str().unwrap(), "rubric", "check"])
        .assert()
        .success();
    mock()
        .args(["--bank", out.to_str().unwrap(), "rubric", "test"])
        .assert()
        .success();
    // A drafted rubric is flagged for review: --strict fails on it, and
    // `show --rubric` says so.
    mock()
        .args([
            "--bank",
            out.to_str().unwrap(),
            "rubric",
            "check",
            "--strict",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "warning: drafted from a model answer",
        ));
    mock()
        .args([
            "--bank",
            out.to_str().unwrap(),
            "show",
            "architectural-decision",
            "--rubric",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Drafted rubric"))
        .stdout(predicate::str::contains("From the concept library"))
        .stdout(predicate::str::contains("(mock/adr)"));
    // Short ids from the questions' key words, and whole titles.
    let listed = mock()
        .args(["--bank", out.to_str().unwrap(), "list", "--format", "json"])
        .assert()
        .success();
    let questions: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    for q in questions.as_array().unwrap() {
        let (id, title) = (q["id"].as_str().unwrap(), q["title"].as_str().unwrap());
        assert!(id.len() <= 40 && id.split('-').count() <= 5, "{id}");
        assert!(title.ends_with('?') || title.ends_with('.'), "{title}");
        assert!(!title.contains('*'), "{title}");
    }
    import(seed(), &out)
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    // Reviewed: `drafted: true` removed, model answers kept by mistake. The
    // closeness they gave is gone, and --strict says so at the key. (A
    // rubric drafted beside library concepts keeps no model answers, so
    // this is a document the library knows nothing of.)
    let other = dir.path().join("c-prep.md");
    std::fs::write(
        &other,
        "## C\n### Q1: Where does a C program start?\nAt the main function, which the runtime calls after static initialisation.\n",
    )
    .unwrap();
    let c_bank = dir.path().join("c-bank");
    import(&other, &c_bank).success();
    let rubric = std::fs::read_dir(c_bank.join("rubrics"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&rubric).unwrap();
    std::fs::write(&rubric, text.replace("drafted: true\n", "")).unwrap();
    let checked = mock()
        .args([
            "--bank",
            c_bank.to_str().unwrap(),
            "rubric",
            "check",
            "--strict",
        ])
        .assert()
        .code(1);
    let stdout = String::from_utf8(checked.get_output().stdout.clone()).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("model_answers:"))
        .unwrap()
        - usize::from(text.contains("drafted: true\n"))
        + 1;
    let name = rubric.file_name().unwrap().to_str().unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l.contains(&format!("{name}:{line}:"))
                && l.contains("warning: model_answers is used by drafted rubrics only")),
        "{stdout}"
    );
    let theme = std::fs::read_dir(out.join("questions")).unwrap().count();
    assert_eq!(theme, 4, "one folder per theme heading");
    // The bank was built in a temporary folder and moved into place: only
    // the bank is left beside it.
    let mut beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    beside.sort();
    assert_eq!(beside, ["bank", "c-bank", "c-prep.md"], "{beside:?}");
}

#[test]
fn heading_attributes_name_ids_and_unparseable_documents_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("prep.md");
    std::fs::write(
        &doc,
        "# Prep\n## Caching {#caching}\n### Q1: How do you cache? {#cache-q}\nWe cache reads with a time to live and invalidate on writes through a write-through cache.\n### Q2: How do you cache?\nA second answer about cache stampedes and request coalescing.\n",
    )
    .unwrap();
    let imported =
        mock::import::parse(&doc, &std::fs::read_to_string(&doc).unwrap(), &drafter()).unwrap();
    let ids: Vec<&str> = imported.iter().map(|q| q.question.id.as_str()).collect();
    assert_eq!(ids, ["cache-q", "cache"]);
    assert_eq!(imported[0].question.theme, "caching");
    std::fs::write(&doc, "# Notes\nNo questions here.\n").unwrap();
    import(&doc, &dir.path().join("b"))
        .code(2)
        .stderr(predicate::str::contains(
            "prep.md: no question headings found",
        ));
    std::fs::write(
        &doc,
        "## Theme\n### Q1: Why?\n### Q2: How?\nAn answer with words.\n",
    )
    .unwrap();
    // One question without an answer is left out with a warning; the rest
    // of the file is imported.
    import(&doc, &dir.path().join("c"))
        .success()
        .stderr(predicate::str::contains(
            "prep.md:2: warning: question \"Q1: Why?\" has no model answer under it; it was not imported",
        ))
        .stdout(predicate::str::contains(
            "found 2 questions; imported 1 questions",
        ))
        .stdout(predicate::str::contains("1 left out without a model answer"));
    std::fs::write(&doc, "## Theme\n### Q1: Why?\n").unwrap();
    import(&doc, &dir.path().join("d"))
        .code(2)
        .stderr(predicate::str::contains(
            "no question with a model answer found",
        ));
}

#[test]
fn a_short_model_answer_drafts_a_rubric_whose_hints_quote_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("prep.md");
    std::fs::write(
        &doc,
        "## C\n### Q1: Where does a C program start?\nAt the main function.\n### Q2: How many arguments may a function take?\nUnlimited number.\n",
    )
    .unwrap();
    let imported =
        mock::import::parse(&doc, &std::fs::read_to_string(&doc).unwrap(), &drafter()).unwrap();
    assert_eq!(imported.len(), 2);
    for q in &imported {
        assert!(!q.rubric.concepts.is_empty(), "{}", q.question.id);
        for c in &q.rubric.concepts {
            let hint = c.hint.as_deref().unwrap_or_default();
            assert!(hint.starts_with("The model answer says: "), "{hint}");
            assert!(!hint.contains("TODO"));
        }
    }
}

#[test]
fn rubric_draft_writes_yaml_that_passes_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    common::mock()
        .args(["init", dir.path().to_str().unwrap()])
        .assert()
        .success();
    let rubric = dir.path().join("rubrics/api-compatibility.yaml");
    common::mock()
        .args([
            "--bank",
            dir.path().to_str().unwrap(),
            "rubric",
            "draft",
            "--question",
            "api-compatibility",
            "--reference-text",
            "We version breaking changes and run the old and new versions side by side. Within a version only additive changes are allowed. Consumer-driven contract tests (CDC) catch breaks before release, and deprecations come with a sunset date.",
            "--output",
            rubric.to_str().unwrap(),
        ])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&rubric).unwrap();
    // Contract tests are a library concept, used by reference; the rest
    // is drafted from the model answer's sentences.
    assert!(
        yaml.contains("side by side") && yaml.contains("use: mock/contract-testing"),
        "{yaml}"
    );
    common::mock()
        .args(["--bank", dir.path().to_str().unwrap(), "rubric", "check"])
        .assert()
        .success();
    common::mock()
        .args(["--bank", dir.path().to_str().unwrap(), "rubric", "test"])
        .assert()
        .success();
}

#[test]
fn score_against_a_reference_answer() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.md");
    std::fs::write(&reference, "The booking service writes the booking and an event to a transactional outbox in one local transaction; a relay publishes it to Kafka and idempotent consumers handle duplicates.").unwrap();
    let out = common::mock()
        .args([
            "score",
            "--format",
            "jsonl",
            "--reference",
            reference.to_str().unwrap(),
        ])
        .arg(format!(
            "{}/examples/answers/data-consistency/strong.md",
            env!("CARGO_MANIFEST_DIR")
        ))
        .arg(format!(
            "{}/examples/answers/data-consistency/weak.md",
            env!("CARGO_MANIFEST_DIR")
        ))
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["question"], "reference");
    assert!(lines[0]["coverage"].as_f64().unwrap() > lines[1]["coverage"].as_f64().unwrap());
}

/// `mock score --reference REF --format jsonl ANSWERS...`, the scores in order.
fn scores_against(reference: &str, answers: &[&str]) -> Vec<f64> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ref.md");
    std::fs::write(&path, reference).unwrap();
    let mut command = common::mock();
    command.args([
        "score",
        "--format",
        "jsonl",
        "--reference",
        path.to_str().unwrap(),
    ]);
    for (i, answer) in answers.iter().enumerate() {
        let file = dir.path().join(format!("a{i}.md"));
        std::fs::write(&file, answer).unwrap();
        command.arg(file);
    }
    let out = command.assert().success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["score"]
                .as_f64()
                .unwrap()
        })
        .collect()
}

#[test]
fn a_one_sentence_answer_that_says_a_one_sentence_reference_earns_it() {
    let scores = scores_against(
        "At the main function.",
        &[
            "The program starts in main().",
            "It starts wherever the compiler decides.",
        ],
    );
    // "main function" is one concept, named by its distinctive word "main".
    assert!(scores[0] >= 100.0, "{scores:?}");
    assert!(scores[1] <= 20.0, "{scores:?}");
}

#[test]
fn a_partial_answer_scores_in_proportion_to_the_claims_it_makes() {
    let reference = "Idempotent consumers deduplicate redelivered messages by their message id. \
        A transactional outbox writes the event in the same database transaction as the state change. \
        Kafka partitions keep the events of one aggregate in order. \
        Retries use exponential backoff with jitter.";
    let scores = scores_against(
        reference,
        &[
            reference,
            "Idempotent consumers deduplicate redelivered messages by their message id. \
             A transactional outbox writes the event in the same database transaction as the state change.",
            "We log every error to a file.",
        ],
    );
    // The reference names library concepts (the outbox, idempotent
    // consumers) whose claims it states only in part: against its own
    // draft it earns less than everything.
    assert!(scores[0] >= 85.0, "{scores:?}");
    // Weighted by salience: the first two sentences hold the heavier concepts.
    assert!((30.0..=85.0).contains(&scores[1]), "{scores:?}");
    assert!(scores[2] <= 10.0, "{scores:?}");
}

#[test]
fn closeness_to_the_reference_shows_in_the_feedback_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.md");
    std::fs::write(
        &reference,
        "Terminal 1 and the positive terminal are separated by the gap.",
    )
    .unwrap();
    let answer = dir.path().join("a.md");
    // The reference said back: close on its one sentence.
    std::fs::write(
        &answer,
        "Terminal 1 and the positive terminal are separated by a gap.",
    )
    .unwrap();
    let run = |format: &str| {
        let out = common::mock()
            .args(["score", "--format", format, "--reference"])
            .arg(&reference)
            .arg(&answer)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let table = run("table");
    assert!(
        table.contains("closeness to the model answer 0.98"),
        "{table}"
    );
    let junit = run("junit");
    assert!(junit.contains(r#"name="closeness""#), "{junit}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let closeness = &json["results"][0]["closeness"];
    assert_eq!(closeness["credit"], 1.0, "{json}");
    assert!(closeness["similarity"].as_f64().unwrap() >= 0.98, "{json}");
    assert!(closeness["points"].as_f64().is_some(), "{json}");
    // Lexical only: no semantic stage, no closeness.
    let lexical = common::mock()
        .args(["score", "--lexical-only", "--format", "json", "--reference"])
        .arg(&reference)
        .arg(&answer)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&lexical.get_output().stdout).unwrap();
    assert!(json["results"][0].get("closeness").is_none(), "{json}");
}

#[test]
fn a_reference_with_nothing_to_draft_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("ref.md");
    std::fs::write(&reference, "... 1. 2.").unwrap();
    common::mock()
        .args(["score", "--reference"])
        .arg(&reference)
        .arg("-")
        .write_stdin("an answer")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ref.md: no key phrase to draft a rubric from",
        ));
}
