//! The built-in bank's example answers order as they should: for every
//! question, strong > partial > weak, strong >= 80 and weak <= 30.

use std::path::Path;

use mock::{input, score, Bank};

fn score_file(bank: &Bank, path: &Path) -> f64 {
    let bytes = std::fs::read(path).unwrap();
    let answer = input::parse_text(&path.display().to_string(), &bytes).unwrap();
    let id = answer
        .question
        .expect("example answers name their question");
    score(bank.get(&id).unwrap(), &answer.text).score
}

#[test]
fn strong_partial_and_weak_answers_order_for_every_question() {
    let bank = Bank::builtin().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers");
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for id in bank.ids() {
        let [strong, partial, weak] = ["strong", "partial", "weak"]
            .map(|kind| score_file(&bank, &root.join(id).join(format!("{kind}.md"))));
        report.push(format!(
            "{id:28} strong {strong:5.1}  partial {partial:5.1}  weak {weak:5.1}"
        ));
        if !(strong > partial && partial > weak && strong >= 80.0 && weak <= 30.0) {
            failures.push(id);
        }
    }
    assert!(
        failures.is_empty(),
        "out of order: {failures:?}\n{}",
        report.join("\n")
    );
    println!("{}", report.join("\n"));
}
