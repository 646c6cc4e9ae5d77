//! Golden snapshots of every report format, rendered from the same batch.
//! The JSON snapshot pins the contract documented in docs/json-output.md.

use mock::outcome::{Batch, ScoredAnswer};
use mock::output::{render, Format, Style};
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
                line: 4,
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
fn junit_format() {
    insta::assert_snapshot!(render(Format::Junit, &batch(), &Style::PLAIN));
}

#[test]
fn github_format() {
    insta::assert_snapshot!(render(Format::Github, &batch(), &Style::PLAIN));
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
        verbose: true,
    };
    insta::assert_snapshot!(mock::output::render_detail(
        &batch.results[1].assessment,
        &style
    ));
}

mod report_formats {
    use mock::outcome::{first_text_line, ScoredAnswer};
    use mock::output::{render_readiness, Format as ReportFormat, Readiness, Style};
    use mock::readiness::{build, Config};
    use mock::{input, score, Bank};

    /// The fixture folder `tests/fixtures/report/fail`, graded with its config.
    fn rendered(format: ReportFormat) -> String {
        let bank = Bank::builtin().unwrap();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report/fail");
        let scored: Vec<ScoredAnswer> = ["cloud-native", "data-consistency", "incident-leadership"]
            .iter()
            .map(|id| {
                let source = format!("answers/{id}.md");
                let bytes = std::fs::read(format!("{root}/{source}")).unwrap();
                let answer = input::parse_text(&source, &bytes).unwrap();
                let entry = bank.get(id).unwrap();
                ScoredAnswer {
                    source,
                    label: None,
                    line: first_text_line(&answer.text),
                    assessment: score(entry, &answer.text),
                }
            })
            .collect();
        let config = Config::parse(
            ".mock.yaml",
            &std::fs::read_to_string(format!("{root}/.mock.yaml")).unwrap(),
        )
        .unwrap();
        let report = build(
            &bank,
            &scored,
            Vec::new(),
            &config,
            Some(".mock.yaml".into()),
        );
        let readiness = Readiness {
            report: &report,
            bank: &bank,
            progress: None,
        };
        render_readiness(format, &readiness, &Style::PLAIN)
    }

    #[test]
    fn report_markdown() {
        insta::assert_snapshot!(rendered(ReportFormat::Markdown));
    }

    #[test]
    fn report_junit() {
        insta::assert_snapshot!(rendered(ReportFormat::Junit));
    }

    #[test]
    fn report_github() {
        insta::assert_snapshot!(rendered(ReportFormat::Github));
    }

    #[test]
    fn report_jsonl() {
        insta::assert_snapshot!(rendered(ReportFormat::Jsonl));
    }

    #[test]
    fn report_table_plain() {
        insta::assert_snapshot!(rendered(ReportFormat::Table));
    }
}
