//! The end of a session: per question and theme the score before and after
//! the follow-ups, what was explained, named only and still missing, the
//! strongest and weakest concepts, a study plan, and the verdict against
//! the report's thresholds (`.mock.yaml`, [`crate::readiness::Config`]).

use mock_engine::CompiledQuestion;
use serde::Serialize;

use super::follow_up::made;
use crate::bank::Bank;
use crate::history::Attempt;
use crate::readiness::Config;
use crate::scoring::{missed_by_weight, Assessment, ConceptResult, Status};

/// How many concepts the strongest and weakest lists and a study item name.
const NAMED: usize = 3;

/// The summary of a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The session id.
    pub session: String,
    /// Per question, in the order asked.
    pub questions: Vec<QuestionSummary>,
    /// Per theme asked, in bank order.
    pub themes: Vec<ThemeSummary>,
    /// The heaviest concepts explained: `label (question)`.
    pub strongest: Vec<String>,
    /// The heaviest concepts still missing or only named: `label (question)`.
    pub weakest: Vec<String>,
    /// What to study, weakest question first.
    pub study: Vec<Study>,
    /// The verdict against the report's thresholds.
    pub verdict: Verdict,
    /// Planned questions the session did not reach.
    pub not_reached: Vec<String>,
}

/// One question of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionSummary {
    /// Question id.
    pub question: String,
    /// Question title.
    pub title: String,
    /// Question theme.
    pub theme: String,
    /// Score of the answer alone.
    pub before: f64,
    /// Score with every follow-up answer (the final score).
    pub after: f64,
    /// Follow-ups answered.
    pub follow_ups: usize,
    /// Time spent, in seconds.
    pub seconds: i64,
    /// The question's time box.
    pub time_box_minutes: u32,
    /// Concepts explained, in rubric order.
    pub explained: Vec<String>,
    /// Concepts named (or partly said) without the explanation.
    pub named_only: Vec<String>,
    /// Concepts still missing, most important first.
    pub missing: Vec<String>,
    /// Wrong claims stated.
    pub wrong: Vec<String>,
    /// Red flags that fired.
    pub red_flags: Vec<String>,
    /// The minimum score that applies.
    pub min_score: f64,
    /// Whether the final answer meets the question's thresholds.
    pub passed: bool,
}

/// One theme of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeSummary {
    /// Theme name.
    pub theme: String,
    /// Questions of the theme asked.
    pub questions: usize,
    /// Mean score before the follow-ups.
    pub before: f64,
    /// Mean final score.
    pub after: f64,
    /// The configured minimum mean, if any.
    pub min_score: Option<f64>,
    /// Whether the theme threshold (if any) was met.
    pub passed: bool,
}

/// What to study for one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Study {
    /// Question id.
    pub question: String,
    /// The command that shows the question's key points and rubric.
    pub show: String,
    /// The concepts to practise, most important first.
    pub concepts: Vec<String>,
}

/// The verdict against the report's thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether every threshold was met.
    pub passed: bool,
    /// Mean final score over the questions asked.
    pub mean: f64,
    /// Every threshold not met, in a sentence.
    pub failures: Vec<String>,
}

/// Summarizes the finished questions of a session.
pub fn summarize(bank: &Bank, session: &super::Session, config: &Config) -> Summary {
    let mut failures = Vec::new();
    let mut questions = Vec::new();
    let mut concepts: Vec<(f64, bool, String)> = Vec::new();
    for attempt in &session.finished {
        let Some(entry) = bank.get(&attempt.question) else {
            continue;
        };
        let (_, after) = super::assessments(entry, attempt);
        let summary = question_summary(entry, attempt, &after, config, &mut failures);
        for c in &after.concepts {
            let label = format!("{} ({})", c.label, attempt.question);
            if made(c) {
                concepts.push((c.weight, true, label));
            } else {
                concepts.push((c.weight * (1.0 - c.credit), false, label));
            }
        }
        questions.push(summary);
    }
    let themes = theme_summaries(bank, &questions, config, &mut failures);
    let mean = mean(questions.iter().map(|q| q.after));
    if let Some(min) = config.min_readiness.filter(|&min| mean < min) {
        failures.push(format!("mean final score {mean:.1} is below {min}"));
    }
    concepts.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pick = |strong: bool| -> Vec<String> {
        concepts
            .iter()
            .filter(|c| c.1 == strong && c.0 > 0.0)
            .take(NAMED)
            .map(|c| c.2.clone())
            .collect()
    };
    let mut study: Vec<(f64, Study)> = questions
        .iter()
        .filter(|q| !q.missing.is_empty() || !q.named_only.is_empty() || !q.wrong.is_empty())
        .map(|q| {
            let concepts = q
                .wrong
                .iter()
                .map(|w| format!("wrong claim: {w}"))
                .chain(q.missing.iter().cloned())
                .chain(q.named_only.iter().map(|n| format!("{n} (explain it)")))
                .take(NAMED)
                .collect();
            (
                q.after,
                Study {
                    question: q.question.clone(),
                    show: format!("mock show {} --rubric", q.question),
                    concepts,
                },
            )
        })
        .collect();
    study.sort_by(|a, b| a.0.total_cmp(&b.0));
    Summary {
        session: session.id.clone(),
        themes,
        strongest: pick(true),
        weakest: pick(false),
        study: study.into_iter().map(|(_, s)| s).collect(),
        verdict: Verdict {
            passed: failures.is_empty() && !questions.is_empty(),
            mean,
            failures,
        },
        not_reached: session
            .questions
            .iter()
            .skip(session.finished.len())
            .cloned()
            .collect(),
        questions,
    }
}

fn question_summary(
    entry: &CompiledQuestion,
    attempt: &Attempt,
    after: &Assessment,
    config: &Config,
    failures: &mut Vec<String>,
) -> QuestionSummary {
    let id = &attempt.question;
    let min_score = config.min_score_for(id);
    let mut passed = true;
    if after.score < min_score {
        passed = false;
        failures.push(format!(
            "{id}: final score {:.1} is below {min_score}",
            after.score
        ));
    }
    for required in config.required_concepts.get(id).into_iter().flatten() {
        if let Some(concept) = after.concepts.iter().find(|c| &c.id == required && !c.hit) {
            passed = false;
            failures.push(format!("{id}: required concept missed: {}", concept.label));
        }
    }
    if config.fail_on_red_flags {
        for flag in &after.red_flags {
            passed = false;
            failures.push(format!("{id}: red flag: {}", flag.label));
        }
    }
    let labels = |filter: &dyn Fn(&ConceptResult) -> bool| -> Vec<String> {
        after
            .concepts
            .iter()
            .filter(|c| filter(c))
            .map(|c| c.label.clone())
            .collect()
    };
    QuestionSummary {
        question: id.clone(),
        title: entry.question.title.clone(),
        theme: entry.question.theme.clone(),
        before: attempt.score,
        after: after.score,
        follow_ups: attempt.exchanges.len(),
        seconds: attempt.ended_at - attempt.started_at,
        time_box_minutes: attempt.time_box_minutes,
        explained: labels(&|c| made(c)),
        named_only: labels(&|c| c.hit && !made(c) && c.status != Status::Contradicted),
        missing: missed_by_weight(after)
            .into_iter()
            .map(|c| c.label.clone())
            .collect(),
        wrong: after
            .misconceptions
            .iter()
            .map(|m| m.label.clone())
            .collect(),
        red_flags: after.red_flags.iter().map(|f| f.label.clone()).collect(),
        min_score,
        passed,
    }
}

fn theme_summaries(
    bank: &Bank,
    questions: &[QuestionSummary],
    config: &Config,
    failures: &mut Vec<String>,
) -> Vec<ThemeSummary> {
    bank.themes()
        .into_iter()
        .filter_map(|theme| {
            let mine: Vec<&QuestionSummary> =
                questions.iter().filter(|q| q.theme == theme).collect();
            if mine.is_empty() {
                return None;
            }
            let after = mean(mine.iter().map(|q| q.after));
            let min_score = config.themes.get(theme).copied();
            let passed = min_score.is_none_or(|min| after >= min);
            if let (false, Some(min)) = (passed, min_score) {
                failures.push(format!(
                    "theme {theme}: mean final score {after:.1} is below {min}"
                ));
            }
            Some(ThemeSummary {
                theme: theme.to_owned(),
                questions: mine.len(),
                before: mean(mine.iter().map(|q| q.before)),
                after,
                min_score,
                passed,
            })
        })
        .collect()
}

/// The mean, rounded to one decimal like every score (0 for none).
fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        ((sum / n as f64) * 10.0).round() / 10.0
    }
}
