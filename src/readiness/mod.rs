//! `mock report`: a CI-style self-assessment of a folder of answers.
//!
//! ```text
//! answers/ ──batch──▶ scored answers ─┐
//! .mock.yaml ──config──▶ thresholds ──┴─build──▶ Report ──output──▶ any Format
//! ```
//!
//! [`build`] checks every threshold and records each unmet one as a
//! [`Failure`]; the [`Report`] is part of the outcome model
//! ([`crate::outcome`]) and every format of [`crate::output`] renders it.

pub mod config;

pub use config::Config;

use crate::bank::Bank;
use crate::outcome::ScoredAnswer;
use crate::outcome::{
    Failure, FailureKind, Missed, NamedOnly, QuestionReport, RedFlagHit, Report, ThemeReport,
    Unanswered, WrongClaim, REPORT_SCHEMA_VERSION,
};
use crate::scoring::{missed_by_weight, Status};

/// Checks every threshold of `config` against the scored answers.
pub fn build(
    bank: &Bank,
    scored: &[ScoredAnswer],
    errors: Vec<String>,
    config: &Config,
    config_path: Option<String>,
) -> Report {
    let mut failures = Vec::new();
    let mut questions: Vec<QuestionReport> = scored
        .iter()
        .map(|s| question_report(bank, s, config, &mut failures))
        .collect();
    questions.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.source.cmp(&b.source))
    });

    let best = |id: &str| {
        questions
            .iter()
            .filter(|q| q.question == id)
            .map(|q| q.score)
            .reduce(f64::max)
    };
    let entries = bank.entries();
    let readiness = round1(
        entries
            .iter()
            .map(|e| best(&e.question.id).unwrap_or(0.0))
            .sum::<f64>()
            / entries.len().max(1) as f64,
    );

    let mut themes = Vec::new();
    for theme in bank.themes() {
        let ids: Vec<&str> = bank
            .in_theme(Some(theme))
            .iter()
            .map(|e| e.question.id.as_str())
            .collect();
        let scores: Vec<f64> = ids.iter().filter_map(|id| best(id)).collect();
        let mean =
            (!scores.is_empty()).then(|| round1(scores.iter().sum::<f64>() / scores.len() as f64));
        let min = config.themes.get(theme).copied();
        let passed = match (min, mean) {
            (Some(min), Some(mean)) => mean >= min,
            (Some(_), None) => false,
            (None, _) => true,
        };
        if let (false, Some(min)) = (passed, min) {
            failures.push(Failure {
                kind: FailureKind::ThemeScore,
                subject: theme.to_owned(),
                message: match mean {
                    Some(mean) => format!("theme {theme}: mean score {mean:.1} is below {min}"),
                    None => format!("theme {theme}: no answered question, minimum mean is {min}"),
                },
                source: None,
                line: None,
            });
        }
        themes.push(ThemeReport {
            theme: theme.to_owned(),
            mean_score: mean,
            answered: scores.len(),
            total: ids.len(),
            min_score: min,
            passed,
        });
    }

    let unanswered: Vec<Unanswered> = entries
        .iter()
        .filter(|e| best(&e.question.id).is_none())
        .map(|e| Unanswered {
            question: e.question.id.clone(),
            theme: e.question.theme.clone(),
            title: e.question.title.clone(),
        })
        .collect();
    if config.fail_on_unanswered {
        failures.extend(unanswered.iter().map(|u| Failure {
            kind: FailureKind::Unanswered,
            subject: u.question.clone(),
            message: format!("question {} ({}) has no answer", u.question, u.title),
            source: None,
            line: None,
        }));
    }
    if let Some(min) = config.min_readiness.filter(|&min| readiness < min) {
        failures.push(Failure {
            kind: FailureKind::Readiness,
            subject: "readiness".to_owned(),
            message: format!("overall readiness {readiness:.1} is below {min}"),
            source: None,
            line: None,
        });
    }
    Report {
        schema: REPORT_SCHEMA_VERSION,
        passed: failures.is_empty(),
        readiness,
        answered: entries.len() - unanswered.len(),
        total: entries.len(),
        config: config_path,
        questions,
        themes,
        unanswered,
        failures,
        errors,
    }
}

fn question_report(
    bank: &Bank,
    scored: &ScoredAnswer,
    config: &Config,
    failures: &mut Vec<Failure>,
) -> QuestionReport {
    let a = &scored.assessment;
    let entry = bank
        .get(&a.question)
        .expect("scored answers name bank questions");
    let min_score = config.min_score_for(&a.question);
    let line = scored.line;
    let mut fail = |kind, message: String, at: usize| {
        failures.push(Failure {
            kind,
            subject: a.question.clone(),
            message,
            source: Some(scored.source.clone()),
            line: Some(at),
        });
    };
    let mut failed = false;
    if a.score < min_score {
        failed = true;
        fail(
            FailureKind::QuestionScore,
            format!("{}: score {:.1} is below {min_score}", a.question, a.score),
            line,
        );
    }
    for required in config
        .required_concepts
        .get(&a.question)
        .into_iter()
        .flatten()
    {
        if let Some(concept) = a.concepts.iter().find(|c| &c.id == required && !c.hit) {
            failed = true;
            fail(
                FailureKind::RequiredConcept,
                format!(
                    "{}: required concept missed: {} - {}",
                    a.question, concept.label, concept.hint
                ),
                line,
            );
        }
    }
    let red_flags: Vec<RedFlagHit> = a
        .red_flags
        .iter()
        .map(|f| RedFlagHit {
            id: f.id.clone(),
            label: f.label.clone(),
            penalty: f.penalty,
            feedback: f.feedback.clone(),
            line: f.evidence.first().map_or(line, |e| e.line),
            column: f.evidence.first().map_or(1, |e| e.column),
        })
        .collect();
    if config.fail_on_red_flags {
        for flag in &red_flags {
            failed = true;
            fail(
                FailureKind::RedFlag,
                format!(
                    "{}: red flag: {} - {}",
                    a.question, flag.label, flag.feedback
                ),
                flag.line,
            );
        }
    }
    QuestionReport {
        source: scored.source.clone(),
        question: a.question.clone(),
        theme: a.theme.clone(),
        title: entry.question.title.clone(),
        score: a.score,
        coverage: a.coverage,
        min_score,
        passed: !failed,
        missed: missed_by_weight(a)
            .into_iter()
            .map(|c| Missed {
                id: c.id.clone(),
                label: c.label.clone(),
                weight: c.weight,
                hint: c.hint.clone(),
            })
            .collect(),
        red_flags,
        named_only: a
            .concepts
            .iter()
            .filter(|c| c.hit && c.credit < 1.0 && c.status != Status::Contradicted)
            .map(|c| NamedOnly {
                id: c.id.clone(),
                label: c.label.clone(),
                credit: c.credit,
            })
            .collect(),
        wrong: a
            .misconceptions
            .iter()
            .map(|m| WrongClaim {
                id: m.id.clone(),
                label: m.label.clone(),
                concept: m.contradicts.clone(),
                feedback: m.feedback.clone(),
                line: m.evidence.first().map_or(line, |e| e.line),
            })
            .collect(),
        line,
    }
}

/// Rounds to one decimal, like every score.
fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
