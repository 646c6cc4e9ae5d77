//! Golden snapshots of every report format, rendered from the same batch.
//! The JSON snapshot pins the contract documented in docs/json-output.md.

use mock::report::{render, Batch, Format, ScoredAnswer, Style};
use mock::{input, score, Bank};

fn batch() -> Batch {
    let bank = Bank::builtin().unwrap();
    let results = ["data-consistency/partial.md", "incident-leadership/weak.md"]
        .iter()
        .map(|name| {
            let path = format!("{}/examples/answers/{name}", env!("CARGO_MANIFEST_DIR"));
            let answer = input::parse_text(name, &std::fs::read(path).unwrap()).unwrap();
            let entry = bank.get(answer.question.as_deref().unwrap()).unwrap();
            ScoredAnswer {
                source: answer.source,
                label: None,
                assessment: score(entry, &answer.text),
            }
        })
        .collect();
    Batch::new(results, 0, Some(60.0))
}

#[test]
fn json_format() {
    insta::assert_snapshot!(render(Format::Json, &batch(), &Style::PLAIN));
}

#[test]
fn jsonl_format() {
    insta::assert_snapshot!(render(Format::Jsonl, &batch(), &Style::PLAIN));
}

#[test]
fn markdown_format() {
    insta::assert_snapshot!(render(Format::Markdown, &batch(), &Style::PLAIN));
}

#[test]
fn table_format_plain() {
    insta::assert_snapshot!(render(Format::Table, &batch(), &Style::PLAIN));
}

#[test]
fn detail_view_decorated() {
    let batch = batch();
    let style = Style {
        color: false,
        decorated: true,
        width: Some(100),
    };
    insta::assert_snapshot!(mock::report::render_detail(
        &batch.results[1].assessment,
        &style
    ));
}
