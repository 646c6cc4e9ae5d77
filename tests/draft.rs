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

fn seed() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/interview-prep.md"
    ))
}

#[test]
fn importing_the_seed_scores_its_model_answers_high_and_weak_answers_low() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let imported = mock::import::parse(seed(), &text).unwrap();
    assert_eq!(imported.len(), 10);
    let dir = tempfile::tempdir().unwrap();
    mock::import::write_bank(dir.path(), &imported, false).unwrap();
    let bank = mock::Bank::load(dir.path()).unwrap();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (item, builtin_id) in imported.iter().zip(SEED_ORDER) {
        let entry = bank.get(&item.question.id).unwrap();
        let model = mock::score(entry, &item.model_answer).score;
        let weak_path = format!(
            "{}/examples/answers/{builtin_id}/weak.md",
            env!("CARGO_MANIFEST_DIR")
        );
        let weak_text = mock::input::parse_text("w", &std::fs::read(weak_path).unwrap())
            .unwrap()
            .text;
        let weak = mock::score(entry, &weak_text).score;
        report.push(format!(
            "{builtin_id:28} model {model:5.1}  weak {weak:5.1}"
        ));
        if model < 90.0 || weak > 35.0 {
            failures.push(builtin_id);
        }
    }
    assert!(failures.is_empty(), "{failures:?}\n{}", report.join("\n"));
    println!("{}", report.join("\n"));
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
    import(seed(), &out)
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    let theme = std::fs::read_dir(out.join("questions")).unwrap().count();
    assert_eq!(theme, 4, "one folder per theme heading");
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
    let imported = mock::import::parse(&doc, &std::fs::read_to_string(&doc).unwrap()).unwrap();
    let ids: Vec<&str> = imported.iter().map(|q| q.question.id.as_str()).collect();
    assert_eq!(ids, ["cache-q", "how-do-you-cache"]);
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
        ));
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
    let imported = mock::import::parse(&doc, &std::fs::read_to_string(&doc).unwrap()).unwrap();
    assert_eq!(imported.len(), 2);
    for q in &imported {
        assert!(!q.rubric.concepts.is_empty(), "{}", q.question.id);
        for c in &q.rubric.concepts {
            assert!(c.hint.starts_with("The model answer says: "), "{}", c.hint);
            assert!(!c.hint.contains("TODO"));
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
    assert!(
        yaml.contains("side by side") && yaml.contains("CDC"),
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
