//! `junit`: JUnit XML through quick-junit (which escapes every text).
//!
//! For scored answers: one suite, one test case per answer, named after the
//! question with the answer file as class name; an answer below
//! `--min-score` fails, and its body lists the missed concepts with hints.
//!
//! For the readiness report: one test suite per theme, one test case per
//! answer; an answer's unmet thresholds make one failure whose message lists
//! them and whose body lists the missed concepts with hints. Unanswered
//! questions are skipped test cases (failures with `fail_on_unanswered`);
//! theme and readiness thresholds are test cases of their own.

use std::fmt::Write;

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Exporter, Readiness, Style};
use crate::escape::inline;
use crate::outcome::{Batch, FailureKind, Report};
use crate::scoring::missed_by_weight;

/// The `junit` format.
pub struct Junit;

impl Exporter for Junit {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        render_scores(batch)
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        render(readiness.report)
    }
}

/// Renders scored answers as JUnit XML.
fn render_scores(batch: &Batch) -> String {
    let mut junit = JunitReport::new("mock score");
    let mut suite = TestSuite::new("mock.score");
    for result in &batch.results {
        let a = &result.assessment;
        let status = match batch.summary.threshold.filter(|&min| a.score < min) {
            None => TestCaseStatus::success(),
            Some(min) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let mut body = String::new();
                for concept in missed_by_weight(a) {
                    let _ = writeln!(
                        body,
                        "missed: {} (weight {}): {}",
                        concept.label, concept.weight, concept.hint
                    );
                }
                for flag in &a.red_flags {
                    let _ = writeln!(body, "red flag: {}: {}", flag.label, flag.feedback);
                }
                for wrong in &a.misconceptions {
                    let _ = writeln!(body, "wrong claim: {}: {}", wrong.label, wrong.feedback);
                }
                status
                    .set_message(format!(
                        "{}: score {:.1} is below {min}",
                        a.question, a.score
                    ))
                    .set_type("min-score")
                    .set_description(body);
                status
            }
        };
        let mut case = TestCase::new(a.question.clone(), status);
        // One line: a line break in a file name or an id would end up in
        // the attribute as it is.
        case.set_classname(inline(result.label.as_deref().unwrap_or(&result.source)).into_owned());
        case.add_property(("score", format!("{:.1}", a.score).as_str()));
        case.add_property(("coverage", format!("{:.1}", a.coverage).as_str()));
        if let Some(closeness) = &a.closeness {
            // A drafted rubric: what the closeness to its model answer added.
            case.add_property(("closeness", format!("{:.3}", closeness.similarity).as_str()));
            case.add_property((
                "closeness-points",
                format!("{:.1}", closeness.points).as_str(),
            ));
        }
        suite.add_test_case(case);
    }
    junit.add_test_suite(suite);
    finish(&junit)
}

/// The XML of `junit`, with no line that starts a workflow command (bank
/// text in a failure's body may hold line breaks).
fn finish(junit: &JunitReport) -> String {
    let xml = junit
        .to_string()
        .expect("JUnit serialization into a string cannot fail");
    crate::escape::markup_lines(&xml).into_owned()
}

/// Renders the readiness report as JUnit XML.
fn render(report: &Report) -> String {
    let mut junit = JunitReport::new("mock report");
    for theme in &report.themes {
        let mut suite = TestSuite::new(format!("mock.{}", theme.theme));
        for q in report.questions.iter().filter(|q| q.theme == theme.theme) {
            let failures: Vec<&str> = report
                .failures
                .iter()
                .filter(|f| f.source.as_deref() == Some(q.source.as_str()))
                .map(|f| f.message.as_str())
                .collect();
            let status = if failures.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let mut body = String::new();
                for missed in &q.missed {
                    let _ = writeln!(
                        body,
                        "missed: {} (weight {}): {}",
                        missed.label, missed.weight, missed.hint
                    );
                }
                for flag in &q.red_flags {
                    let _ = writeln!(
                        body,
                        "red flag at line {}: {}: {}",
                        flag.line, flag.label, flag.feedback
                    );
                }
                for wrong in &q.wrong {
                    let _ = writeln!(
                        body,
                        "wrong claim at line {}: {}: {}",
                        wrong.line, wrong.label, wrong.feedback
                    );
                }
                status
                    .set_message(inline(&failures.join("; ")).into_owned())
                    .set_type("threshold")
                    .set_description(body);
                status
            };
            let mut case = TestCase::new(q.question.clone(), status);
            case.set_classname(inline(&q.source).into_owned());
            case.add_property(("score", format!("{:.1}", q.score).as_str()));
            case.add_property(("coverage", format!("{:.1}", q.coverage).as_str()));
            suite.add_test_case(case);
        }
        for u in report.unanswered.iter().filter(|u| u.theme == theme.theme) {
            let failed = report
                .failures
                .iter()
                .any(|f| f.kind == FailureKind::Unanswered && f.subject == u.question);
            let status = if failed {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(format!("question {} has no answer", u.question))
                    .set_type("unanswered");
                status
            } else {
                let mut status = TestCaseStatus::skipped();
                status.set_message("no answer yet");
                status
            };
            suite.add_test_case(TestCase::new(u.question.clone(), status));
        }
        if let Some(min) = theme.min_score {
            let status = if theme.passed {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let mean = theme
                    .mean_score
                    .map_or("none".to_owned(), |m| format!("{m:.1}"));
                status
                    .set_message(format!("mean score {mean} is below {min}"))
                    .set_type("theme-score");
                status
            };
            suite.add_test_case(TestCase::new(
                format!("theme {} mean >= {min}", theme.theme),
                status,
            ));
        }
        junit.add_test_suite(suite);
    }
    if let Some(failure) = report
        .failures
        .iter()
        .find(|f| f.kind == FailureKind::Readiness)
    {
        let mut suite = TestSuite::new("mock.overall");
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(failure.message.clone())
            .set_type("readiness");
        suite.add_test_case(TestCase::new("readiness", status));
        junit.add_test_suite(suite);
    }
    finish(&junit)
}
