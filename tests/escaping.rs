//! Untrusted text in every format: a file name, JSONL id, question id,
//! theme, title and message built to inject markup, break a Markdown table,
//! end a GitHub workflow command and start another, or drive the terminal.
//! Each format must carry it inert (and JSON exactly).

use mock::outcome::{
    Batch, Failure, FailureKind, Missed, NamedOnly, QuestionReport, RedFlagHit, Report,
    ScoredAnswer, ThemeReport, Unanswered, WrongClaim,
};
use mock::output::{render, render_readiness, Format, Readiness, Style};
use mock::{input, score, Bank};

/// Markup, a workflow command (escaped and raw), backticks, a table pipe,
/// a line break and a terminal escape (OSC: set the window title).
const HOSTILE: &str =
    "<img src=x onerror=alert(1)>%0A::error::`x`|y\r\n::error::injected\u{1b}]0;pwn\u{7}";

fn batch() -> Batch {
    let bank = Bank::builtin().unwrap();
    let name = "incident-leadership/weak.md";
    let path = format!("{}/examples/answers/{name}", env!("CARGO_MANIFEST_DIR"));
    let answer = input::parse_text(name, &std::fs::read(path).unwrap()).unwrap();
    let mut assessment = score(bank.get("incident-leadership").unwrap(), &answer.text);
    assert!(
        !assessment.red_flags.is_empty(),
        "the fixture fires a red flag"
    );
    assessment.question = HOSTILE.to_owned();
    assessment.theme = HOSTILE.to_owned();
    assessment.red_flags[0].label = HOSTILE.to_owned();
    let result = ScoredAnswer {
        source: format!("{HOSTILE}.md"),
        label: Some(HOSTILE.to_owned()),
        line: 4,
        assessment,
    };
    let other = ScoredAnswer {
        source: format!("{HOSTILE}.jsonl:7"),
        label: None,
        ..result.clone()
    };
    Batch::new(vec![result, other], 0, Some(60.0))
}

fn report() -> Report {
    Report {
        schema: 1,
        passed: false,
        readiness: 10.0,
        answered: 1,
        total: 2,
        config: Some(HOSTILE.to_owned()),
        questions: vec![QuestionReport {
            source: format!("{HOSTILE}.md"),
            question: HOSTILE.to_owned(),
            theme: HOSTILE.to_owned(),
            title: HOSTILE.to_owned(),
            score: 10.0,
            coverage: 10.0,
            min_score: 60.0,
            passed: false,
            missed: vec![Missed {
                id: HOSTILE.to_owned(),
                label: HOSTILE.to_owned(),
                weight: 1.0,
                hint: HOSTILE.to_owned(),
            }],
            red_flags: vec![RedFlagHit {
                id: HOSTILE.to_owned(),
                label: HOSTILE.to_owned(),
                penalty: 5.0,
                feedback: HOSTILE.to_owned(),
                line: 3,
                column: 1,
            }],
            named_only: vec![NamedOnly {
                id: HOSTILE.to_owned(),
                label: HOSTILE.to_owned(),
                credit: 0.3,
            }],
            wrong: vec![WrongClaim {
                id: HOSTILE.to_owned(),
                label: HOSTILE.to_owned(),
                concept: Some(HOSTILE.to_owned()),
                feedback: HOSTILE.to_owned(),
                line: 4,
            }],
            line: 2,
        }],
        themes: vec![ThemeReport {
            theme: HOSTILE.to_owned(),
            mean_score: Some(10.0),
            answered: 1,
            total: 2,
            min_score: Some(50.0),
            passed: false,
        }],
        unanswered: vec![Unanswered {
            question: HOSTILE.to_owned(),
            theme: HOSTILE.to_owned(),
            title: HOSTILE.to_owned(),
        }],
        failures: vec![Failure {
            kind: FailureKind::QuestionScore,
            subject: HOSTILE.to_owned(),
            message: HOSTILE.to_owned(),
            source: Some(format!("{HOSTILE}.md")),
            line: Some(2),
        }],
        errors: vec![HOSTILE.to_owned()],
    }
}

/// Both outcomes in `format`.
fn rendered(format: Format) -> [String; 2] {
    let bank = Bank::builtin().unwrap();
    let report = report();
    let readiness = Readiness {
        report: &report,
        bank: &bank,
        progress: None,
    };
    [
        render(format, &batch(), &Style::PLAIN),
        render_readiness(format, &readiness, &Style::PLAIN),
    ]
}

#[test]
fn html_escapes_every_text() {
    for page in rendered(Format::Html) {
        assert!(page.contains("&lt;img src=x"), "{page}");
        assert!(!page.contains("<img"), "{page}");
    }
}

#[test]
fn markdown_keeps_tables_whole_and_markup_inert() {
    for text in rendered(Format::Markdown) {
        assert!(!text.contains("<img") && text.contains("&lt;img"), "{text}");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        // An unescaped `|` would add a cell: every row of a table has as
        // many cells as the header above it.
        let lines: Vec<&str> = text.lines().collect();
        let mut cells = None;
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with('|') {
                cells = None;
                continue;
            }
            let count = line.replace("\\|", "").matches('|').count();
            if lines
                .get(i + 1)
                .is_some_and(|next| next.starts_with("|---"))
            {
                cells = Some(count);
            } else if !line.starts_with("|---") {
                assert_eq!(Some(count), cells, "a row with an extra cell: {line}");
                assert!(!line.contains("`x`"), "an open code span: {line}");
            }
        }
        assert!(!text.contains("\n::error::injected"), "{text}");
    }
}

#[test]
fn github_commands_cannot_be_ended_or_injected() {
    for text in rendered(Format::Github) {
        for line in text.lines() {
            assert!(
                line.starts_with("::error ")
                    || line.starts_with("::warning ")
                    || line.starts_with("::notice "),
                "an injected line: {line:?}"
            );
            assert!(
                !line.contains('\u{1b}') && !line.contains('\u{7}'),
                "{line:?}"
            );
            // Properties end at the first `::`; none may hold `,` or `:`.
            let properties = line.split("::").nth(1).unwrap();
            for property in properties.split_once(' ').unwrap().1.split(',') {
                let value = property.split_once('=').unwrap().1;
                assert!(!value.contains(':'), "{line:?}");
            }
        }
        assert!(
            text.contains("%250A::error::`x`|y%0D%0A::error::injected"),
            "{text}"
        );
    }
}

#[test]
fn junit_is_valid_xml_with_the_text_inert() {
    for xml in rendered(Format::Junit) {
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        assert!(doc.descendants().all(|n| n.tag_name().name() != "img"));
        assert!(!xml.contains("<img"), "{xml}");
    }
}

#[test]
fn json_formats_carry_the_text_exactly() {
    let [scores, report] = rendered(Format::Json);
    let scores: serde_json::Value = serde_json::from_str(&scores).unwrap();
    assert_eq!(scores["results"][0]["question"], HOSTILE);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["questions"][0]["title"], HOSTILE);
    for text in rendered(Format::Jsonl) {
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(value.is_object(), "{line}");
        }
    }
}

#[test]
fn terminal_output_carries_no_control_characters() {
    for text in rendered(Format::Table) {
        let mut out = Vec::new();
        {
            use std::io::Write;
            let mut safe = mock::terminal::SafeWriter::new(&mut out, false);
            safe.write_all(text.as_bytes()).unwrap();
            safe.flush().unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<img src=x"), "the text is shown: {out}");
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{out:?}"
        );
    }
}
