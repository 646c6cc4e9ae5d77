//! `github`: GitHub Actions workflow commands that annotate the answer files.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::fmt::Write;

use crate::readiness::Report;

/// Renders one `::error`/`::warning`/`::notice` command per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for failure in &report.failures {
        let title = format!("mock: {}", failure.subject);
        match (&failure.source, failure.line) {
            (Some(file), Some(line)) => {
                let _ = writeln!(
                    out,
                    "::error file={},line={line},title={}::{}",
                    property(file),
                    property(&title),
                    data(&failure.message)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "::error title={}::{}",
                    property(&title),
                    data(&failure.message)
                );
            }
        }
    }
    if !report.unanswered.iter().any(|_| {
        report
            .failures
            .iter()
            .any(|f| f.kind == crate::readiness::FailureKind::Unanswered)
    }) {
        for u in &report.unanswered {
            let message = format!("question {} ({}) has no answer yet", u.question, u.title);
            let _ = writeln!(
                out,
                "::notice title={}::{}",
                property("mock: unanswered"),
                data(&message)
            );
        }
    }
    let _ = writeln!(
        out,
        "::notice title={}::{}",
        property("mock: readiness"),
        data(&format!(
            "readiness {:.1}/100, {}/{} answered, {} threshold failures",
            report.readiness,
            report.answered,
            report.total,
            report.failures.len()
        ))
    );
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
