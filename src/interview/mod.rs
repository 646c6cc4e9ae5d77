//! `mock interview`: a session of several questions, each with follow-ups
//! that dig at what the answer has not made, and a summary at the end.
//!
//! Everything here is terminal-free, so tests drive a whole session: the
//! command (`commands/interview.rs`) only reads lines and prints.
//!
//! - [`plan`] picks the questions: one per theme by default, favouring
//!   what is due (FSRS, [`crate::history::schedule`]) and what is weak.
//! - [`Session`] is the state of a session, saved as JSON after every line
//!   typed, so Ctrl-C keeps everything and `--resume` continues it.
//! - [`follow_up::choose`] picks each follow-up; every follow-up answer is
//!   scored together with the main answer and the follow-ups before it.
//! - [`summary::summarize`] builds the end: per question and theme, before
//!   and after the follow-ups, strongest and weakest concepts, a study plan
//!   and the verdict against the report's thresholds.

pub mod follow_up;
pub mod summary;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::history::{schedule, Attempt, FollowUpExchange};
use crate::scoring::{score, Assessment};
use mock_engine::CompiledQuestion;

/// At most this many follow-ups per question.
pub const MAX_FOLLOW_UPS: usize = 3;

/// What to ask: `--theme`, `--questions`, `--minutes`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this theme.
    pub theme: Option<String>,
    /// This many questions.
    pub questions: Option<usize>,
    /// Fit the session into this many minutes (the sum of the time boxes).
    pub minutes: Option<u32>,
}

/// The questions of a session, in the order to ask them: most due first
/// (never practised, then overdue by due time), the weakest latest score
/// breaking ties, one theme after another so that a session of N questions
/// spans as many themes as it can. Without `questions` or `minutes`: one per
/// theme (with `theme`: up to three of it). With `minutes`, questions are
/// added while their time boxes fit.
pub fn plan(bank: &Bank, history: &[Attempt], options: &Options, now: i64) -> Vec<String> {
    let in_scope: Vec<&str> = bank
        .questions(options.theme.as_deref())
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let mut due = schedule::order(&in_scope, history);
    // Due now first (in due order), then the weakest of the rest first.
    due.sort_by(|a, b| {
        let (a_due, b_due) = (schedule::is_due(a, now), schedule::is_due(b, now));
        b_due.cmp(&a_due).then_with(|| {
            if a_due {
                a.due_at
                    .unwrap_or(i64::MIN)
                    .cmp(&b.due_at.unwrap_or(i64::MIN))
            } else {
                let weak = |d: &schedule::Due| d.last_score.unwrap_or(0.0);
                weak(a).total_cmp(&weak(b))
            }
        })
    });
    // Round robin over the themes, in that order.
    let theme_of = |id: &str| bank.question(id).map_or("", |q| q.theme.as_str());
    let mut themes: Vec<&str> = Vec::new();
    for d in &due {
        let theme = theme_of(&d.question);
        if !themes.contains(&theme) {
            themes.push(theme);
        }
    }
    let mut queues: Vec<Vec<&str>> = themes
        .iter()
        .map(|t| {
            due.iter()
                .map(|d| d.question.as_str())
                .filter(|id| theme_of(id) == *t)
                .collect()
        })
        .collect();
    let mut ordered = Vec::new();
    while queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            if !queue.is_empty() {
                ordered.push(queue.remove(0).to_owned());
            }
        }
    }
    let count = match (options.questions, options.minutes) {
        (Some(n), _) => n,
        (None, Some(_)) => ordered.len(),
        (None, None) if options.theme.is_some() => 3,
        (None, None) => themes.len(),
    };
    let mut chosen = Vec::new();
    let mut minutes = 0u32;
    for id in ordered.into_iter().take(count) {
        let time_box = bank.question(&id).map_or(0, |q| q.time_box_minutes);
        if let Some(budget) = options.minutes {
            // The first question is always asked, even in a short budget.
            if !chosen.is_empty() && minutes + time_box > budget {
                continue;
            }
        }
        minutes += time_box;
        chosen.push(id);
    }
    chosen
}

/// One follow-up asked in the current question, and its answer once given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    /// The follow-up.
    pub follow_up: follow_up::FollowUp,
    /// The answer typed so far (`None` until typing starts).
    pub answer: Option<String>,
    /// Whether the answer is finished.
    pub done: bool,
}

/// The question being answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Current {
    /// Question id.
    pub question: String,
    /// When it was first asked, Unix seconds.
    pub started_at: i64,
    /// Time spent on it so far, over every run.
    pub elapsed_seconds: u64,
    /// The main answer typed so far.
    pub answer: String,
    /// Whether the main answer is finished.
    pub answered: bool,
    /// The follow-ups asked so far.
    pub follow_ups: Vec<Asked>,
}

impl Current {
    /// A question just asked.
    pub fn new(question: &str, now: i64) -> Current {
        Current {
            question: question.to_owned(),
            started_at: now,
            elapsed_seconds: 0,
            answer: String::new(),
            answered: false,
            follow_ups: Vec::new(),
        }
    }

    /// The main answer and every follow-up answer so far, as one text.
    pub fn combined(&self) -> String {
        combine(
            &self.answer,
            self.follow_ups.iter().filter_map(|a| a.answer.as_deref()),
        )
    }

    /// The concepts followed up so far.
    pub fn asked_concepts(&self) -> Vec<String> {
        self.follow_ups
            .iter()
            .map(|a| a.follow_up.concept.clone())
            .collect()
    }
}

/// The answer and the follow-up answers as one text, a blank line apart.
pub fn combine<'a>(answer: &str, follow_ups: impl Iterator<Item = &'a str>) -> String {
    let mut text = answer.trim_end().to_owned();
    for extra in follow_ups.map(str::trim).filter(|e| !e.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(extra);
    }
    text.push('\n');
    text
}

/// A session: its plan, the questions finished and the one in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Its id: the Unix milliseconds it started at.
    pub id: String,
    /// When it started, Unix seconds.
    pub started_at: i64,
    /// The question ids to ask, in order.
    pub questions: Vec<String>,
    /// The questions finished, in order, as recorded in the history (the
    /// answer, the follow-ups, the scores before and after).
    pub finished: Vec<Attempt>,
    /// The question being answered.
    pub current: Option<Current>,
    /// Whether the session ended (its summary was shown).
    pub ended: bool,
}

impl Session {
    /// A new session of `questions`.
    pub fn new(questions: Vec<String>, now_ms: i64) -> Session {
        Session {
            id: now_ms.to_string(),
            started_at: now_ms / 1000,
            questions,
            finished: Vec::new(),
            current: None,
            ended: false,
        }
    }

    /// The question to ask next (continuing the current one), if any.
    pub fn next_question(&self) -> Option<&str> {
        if let Some(current) = &self.current {
            return Some(&current.question);
        }
        self.questions.get(self.finished.len()).map(String::as_str)
    }

    /// The follow-up to ask now for the current question, if the answer
    /// has points left to make, fewer than [`MAX_FOLLOW_UPS`] were asked and
    /// the time box is not spent. An unanswered follow-up (an interrupted
    /// run) is asked again.
    pub fn next_follow_up(
        &self,
        entry: &CompiledQuestion,
        time_box_spent: bool,
    ) -> Option<follow_up::FollowUp> {
        let current = self.current.as_ref()?;
        if let Some(pending) = current.follow_ups.iter().find(|a| !a.done) {
            return Some(pending.follow_up.clone());
        }
        if current.follow_ups.len() >= MAX_FOLLOW_UPS || time_box_spent {
            return None;
        }
        // A follow-up left unanswered ends the digging.
        if current
            .follow_ups
            .last()
            .is_some_and(|a| a.answer.as_deref().is_none_or(|t| t.trim().is_empty()))
        {
            return None;
        }
        let assessment = score(entry, &current.combined());
        follow_up::choose(entry, &assessment, &current.asked_concepts())
    }

    /// Finishes the current question: the attempt to record, with scores
    /// before and after the follow-ups.
    /// Its time is the time spent on it over every run (`elapsed_seconds`),
    /// not the wall time between the runs of a resumed session.
    pub fn finish_question(
        &mut self,
        entry: &CompiledQuestion,
        bank_hash: &str,
    ) -> Option<&Attempt> {
        let current = self.current.take()?;
        let before = score(entry, &current.answer);
        let mut exchanges = Vec::new();
        let mut so_far: Vec<&str> = Vec::new();
        for asked in &current.follow_ups {
            let Some(answer) = asked.answer.as_deref().filter(|a| !a.trim().is_empty()) else {
                continue;
            };
            so_far.push(answer);
            let combined = combine(&current.answer, so_far.iter().copied());
            exchanges.push(FollowUpExchange {
                concept: Some(asked.follow_up.concept.clone()),
                question: asked.follow_up.question.clone(),
                answer: answer.trim().to_owned(),
                score: score(entry, &combined).score,
            });
        }
        let after = score(entry, &current.combined());
        let ended_at = current.started_at + current.elapsed_seconds as i64;
        let mut attempt = Attempt::new(
            &before,
            "interview",
            current.answer.trim(),
            (current.started_at, ended_at),
            entry.question.time_box_minutes,
            bank_hash,
        )
        .with_follow_ups(exchanges, &after);
        attempt.session = Some(self.id.clone());
        self.finished.push(attempt);
        self.finished.last()
    }

    /// The file of this session in `dir`.
    pub fn path_in(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.json", self.id))
    }

    /// Saves the session atomically in `dir`.
    pub fn save(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = self.path_in(dir);
        let json = serde_json::to_vec_pretty(self).expect("a session serializes");
        crate::fsutil::write_atomic(&path, &json)?;
        Ok(path)
    }

    /// The newest unfinished session in `dir`, with its file.
    pub fn latest_unfinished(dir: &Path) -> Option<(Session, PathBuf)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        files.sort();
        files.into_iter().rev().find_map(|path| {
            let text = std::fs::read(&path).ok()?;
            let session: Session = serde_json::from_slice(&text).ok()?;
            (!session.ended).then_some((session, path))
        })
    }
}

/// The assessments of one finished question: before and after the
/// follow-ups (scored again from the texts: scoring is deterministic).
pub fn assessments(entry: &CompiledQuestion, attempt: &Attempt) -> (Assessment, Assessment) {
    let before = score(entry, &attempt.answer);
    let after = score(
        entry,
        &combine(
            &attempt.answer,
            attempt.exchanges.iter().map(|e| e.answer.as_str()),
        ),
    );
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_asks_one_question_per_theme() {
        let bank = Bank::builtin().unwrap();
        let plan = plan(&bank, &[], &Options::default(), 0);
        let themes: Vec<&str> = plan
            .iter()
            .map(|id| bank.question(id).unwrap().theme.as_str())
            .collect();
        assert_eq!(themes.len(), bank.themes().len());
        let mut unique = themes.clone();
        unique.dedup();
        assert_eq!(unique.len(), themes.len(), "{plan:?}");
    }

    #[test]
    fn a_weak_or_due_question_comes_before_a_strong_recent_one() {
        let bank = Bank::builtin().unwrap();
        let now = 1_000_000_000;
        let attempt = |question: &str, score: f64| Attempt {
            question: question.into(),
            theme: "cloud".into(),
            started_at: now - 100,
            ended_at: now - 50,
            time_box_minutes: 5,
            score,
            ..Attempt::default()
        };
        let history = vec![
            attempt("cloud-native", 95.0),
            attempt("cncf-adoption", 30.0),
            attempt("data-consistency", 60.0),
        ];
        let in_theme = bank.questions(Some("cloud")).len();
        let options = Options {
            theme: Some("cloud".into()),
            questions: Some(in_theme),
            ..Options::default()
        };
        let planned = plan(&bank, &history, &options, now);
        assert_eq!(planned.len(), in_theme);
        let practised: Vec<&str> = planned
            .iter()
            .map(String::as_str)
            .filter(|id| history.iter().any(|a| a.question == *id))
            .collect();
        assert_eq!(
            practised,
            ["cncf-adoption", "data-consistency", "cloud-native"]
        );
        // A question never practised comes before every practised one.
        let first_practised = planned.iter().position(|id| id == "cncf-adoption");
        assert_eq!(
            first_practised,
            Some(in_theme - practised.len()),
            "{planned:?}"
        );
    }

    #[test]
    fn minutes_bound_the_sum_of_the_time_boxes() {
        let bank = Bank::builtin().unwrap();
        let options = Options {
            minutes: Some(12),
            ..Options::default()
        };
        let plan = plan(&bank, &[], &options, 0);
        let total: u32 = plan
            .iter()
            .map(|id| bank.question(id).unwrap().time_box_minutes)
            .sum();
        assert!(!plan.is_empty() && total <= 12, "{plan:?}: {total} minutes");
    }

    #[test]
    fn follow_up_answers_are_scored_with_the_answer_and_recorded() {
        let bank = Bank::builtin().unwrap();
        let entry = bank.get("data-consistency").unwrap();
        let mut session = Session::new(vec!["data-consistency".into()], 1_000);
        let mut current = Current::new("data-consistency", 1);
        current.answer = "We use eventual consistency between services.".into();
        current.answered = true;
        session.current = Some(current);
        let follow_up = session
            .next_follow_up(entry, false)
            .expect("points missing");
        let current = session.current.as_mut().unwrap();
        current.follow_ups.push(Asked {
            follow_up,
            answer: Some(
                "Each service writes the state change and an event to a transactional outbox \
                 in one local transaction; a relay publishes it, and idempotent consumers \
                 handle the duplicates of at-least-once delivery."
                    .into(),
            ),
            done: true,
        });
        let attempt = session.finish_question(entry, "h").unwrap().clone();
        assert_eq!(attempt.exchanges.len(), 1);
        assert!(attempt.final_score() > attempt.score, "{attempt:?}");
        assert_eq!(attempt.exchanges[0].score, attempt.final_score());
        assert_eq!(attempt.session.as_deref(), Some("1000"));
    }
}
