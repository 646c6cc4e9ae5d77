//! Spaced repetition: which question is most due for practice, and why.
//!
//! FSRS (the Free Spaced Repetition Scheduler, as in Anki since 23.10),
//! through the `rs-fsrs` crate with its default parameters, replayed over
//! each question's attempts in time order (ADR 0013). No scheduling state is
//! stored: the attempts are the state, so a history scheduled by SM-2 before
//! is rescheduled by FSRS from the very same attempts, and a change of
//! parameters needs no migration. An attempt's rating comes from its final
//! score (after the follow-ups) and the time it took:
//!
//! | final score | rating |
//! |---|---|
//! | 90-100 | easy |
//! | 70-89 | good |
//! | 50-69 | hard |
//! | 0-49 | again (forgotten) |
//!
//! An answer that ran over its time box is rated one step lower (easy to
//! good, good to hard; never down to again). The question is due when FSRS
//! predicts the chance of recalling it has fallen to 90% (the desired
//! retention); FSRS's random fuzz is off, so the schedule is deterministic.
//! Intervals are whole days (FSRS's long-term scheduler: a mock interview is
//! not practised again within minutes). A question never practised is due
//! now, before any practised one.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, Parameters, Rating, State, FSRS};
use serde::Serialize;

use super::Attempt;

/// The recall FSRS schedules for: a question is due when the predicted
/// chance of recalling it falls to this.
pub const DESIRED_RETENTION: f64 = 0.9;

/// The rating of one attempt, as FSRS takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Below 50: the answer was not there.
    Again,
    /// 50-69, or 70-89 over the time box.
    Hard,
    /// 70-89, or 90+ over the time box.
    Good,
    /// 90 and above, within the time box.
    Easy,
}

impl Grade {
    /// The rating of a final score, answered in `seconds` of a time box of
    /// `time_box_minutes` (0 seconds: not timed, as for batch-scored files).
    pub fn of(final_score: f64, seconds: i64, time_box_minutes: u32) -> Grade {
        let by_score = match final_score {
            s if s >= 90.0 => Grade::Easy,
            s if s >= 70.0 => Grade::Good,
            s if s >= 50.0 => Grade::Hard,
            _ => Grade::Again,
        };
        let over = seconds > i64::from(time_box_minutes) * 60;
        match (by_score, over) {
            (Grade::Easy, true) => Grade::Good,
            (Grade::Good, true) => Grade::Hard,
            (grade, _) => grade,
        }
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
        }
    }

    /// The name people read.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }
}

/// The rating of an attempt: its final score and the time it took.
pub fn grade(attempt: &Attempt) -> Grade {
    Grade::of(
        attempt.final_score(),
        attempt.ended_at - attempt.started_at,
        attempt.time_box_minutes,
    )
}

/// The schedule of one question (the JSON of `mock due --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    /// Question id.
    pub question: String,
    /// When it is due, in Unix seconds (`None`: never practised, due now).
    pub due_at: Option<i64>,
    /// The interval FSRS set after the latest attempt, in days.
    pub interval_days: f64,
    /// FSRS memory stability, in days: the time for the chance of recall
    /// to fall to 90% (`None`: never practised).
    pub stability: Option<f64>,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: Option<f64>,
    /// Attempts so far.
    pub attempts: usize,
    /// Attempts rated `again` so far.
    pub lapses: usize,
    /// The latest final score.
    pub last_score: Option<f64>,
    /// The latest attempt's rating.
    pub last_grade: Option<Grade>,
    /// When the latest attempt ended, in Unix seconds.
    pub last_at: Option<i64>,
}

impl Due {
    /// Why it is due when it is: the latest score and its rating, and what
    /// FSRS made of the history.
    pub fn why(&self) -> String {
        let (Some(score), Some(grade)) = (self.last_score, self.last_grade) else {
            return "never practised".to_owned();
        };
        let attempts = crate::terminal::plural(self.attempts, "attempt");
        let lapses = match self.lapses {
            0 => String::new(),
            n => format!(", {} forgotten", n),
        };
        format!(
            "last {score:.1} rated {}; {attempts}{lapses}; recall falls to {:.0}% in {}",
            grade.name(),
            DESIRED_RETENTION * 100.0,
            days(self.interval_days)
        )
    }
}

/// `1 day`, `3 days`.
fn days(value: f64) -> String {
    let rounded = value.round() as i64;
    if rounded == 1 {
        "1 day".to_owned()
    } else {
        format!("{rounded} days")
    }
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The scheduler: FSRS's default parameters, long-term intervals, no fuzz.
fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        request_retention: DESIRED_RETENTION,
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

/// Replays FSRS over `attempts` (of one question, oldest first).
pub fn schedule(question: &str, attempts: &[&Attempt]) -> Due {
    let fsrs = scheduler();
    let mut card: Option<Card> = None;
    let mut lapses = 0;
    for attempt in attempts {
        let now = at(attempt.ended_at);
        let grade = grade(attempt);
        if grade == Grade::Again {
            lapses += 1;
        }
        let current = card.take().unwrap_or_else(|| Card {
            due: now,
            last_review: now,
            state: State::New,
            ..Card::default()
        });
        card = Some(fsrs.next(current, now, grade.rating()).card);
    }
    let last = attempts.last();
    Due {
        question: question.to_owned(),
        due_at: card.as_ref().map(|c| c.due.timestamp()),
        interval_days: card.as_ref().map_or(0.0, |c| c.scheduled_days as f64),
        stability: card.as_ref().map(|c| round2(c.stability)),
        difficulty: card.as_ref().map(|c| round2(c.difficulty)),
        attempts: attempts.len(),
        lapses,
        last_score: last.map(|a| a.final_score()),
        last_grade: last.map(|a| grade(a)),
        last_at: last.map(|a| a.ended_at),
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Schedules every question of `questions`, most due first: never practised
/// (in the given order), then by due time.
pub fn order(questions: &[&str], history: &[Attempt]) -> Vec<Due> {
    let mut due: Vec<Due> = questions
        .iter()
        .map(|q| {
            let attempts: Vec<&Attempt> = history.iter().filter(|a| a.question == *q).collect();
            schedule(q, &attempts)
        })
        .collect();
    due.sort_by_key(|d| d.due_at.unwrap_or(i64::MIN));
    due
}

/// Whether a schedule is due at `now`.
pub fn is_due(due: &Due, now: i64) -> bool {
    due.due_at.is_none_or(|at| at <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds in a day.
    const DAY: i64 = 86_400;

    fn attempt(question: &str, day: i64, score: f64) -> Attempt {
        Attempt {
            uid: format!("{question}{day}"),
            question: question.into(),
            theme: "t".into(),
            source: "ask".into(),
            started_at: day * DAY,
            ended_at: day * DAY + 60,
            time_box_minutes: 5,
            score,
            coverage: score,
            ..Attempt::default()
        }
    }

    #[test]
    fn scores_and_time_map_to_ratings() {
        assert_eq!(
            [95.0, 85.0, 70.0, 55.0, 35.0].map(|s| Grade::of(s, 60, 5)),
            [
                Grade::Easy,
                Grade::Good,
                Grade::Good,
                Grade::Hard,
                Grade::Again
            ]
        );
        // Over the time box: one step lower, never down to again.
        assert_eq!(
            [95.0, 85.0, 55.0, 35.0].map(|s| Grade::of(s, 301, 5)),
            [Grade::Good, Grade::Hard, Grade::Hard, Grade::Again]
        );
    }

    #[test]
    fn good_answers_grow_the_interval_and_a_forgotten_one_shrinks_it() {
        let good = [
            attempt("q", 0, 95.0),
            attempt("q", 10, 95.0),
            attempt("q", 40, 95.0),
        ];
        let mut intervals = Vec::new();
        for n in 1..=good.len() {
            let refs: Vec<&Attempt> = good[..n].iter().collect();
            intervals.push(schedule("q", &refs).interval_days);
        }
        assert!(
            intervals.windows(2).all(|w| w[1] > w[0]),
            "easy reviews grow the interval: {intervals:?}"
        );
        let mut lapsed = good.to_vec();
        lapsed.push(attempt("q", 200, 20.0));
        let refs: Vec<&Attempt> = lapsed.iter().collect();
        let after = schedule("q", &refs);
        assert!(after.interval_days < intervals[2], "{after:?}");
        assert_eq!(after.lapses, 1);
        assert!(after.why().contains("rated again"), "{}", after.why());
    }

    #[test]
    fn the_final_score_decides_not_the_score_before_the_follow_ups() {
        let mut helped = attempt("q", 0, 40.0);
        helped.after = Some(crate::history::Outcome {
            score: 95.0,
            coverage: 95.0,
            concepts: vec![],
        });
        let alone = attempt("q", 0, 40.0);
        let with = schedule("q", &[&helped]);
        let without = schedule("q", &[&alone]);
        assert_eq!(with.last_grade, Some(Grade::Easy));
        assert!(with.interval_days > without.interval_days);
    }

    #[test]
    fn the_schedule_is_deterministic() {
        let history = [attempt("q", 0, 75.0), attempt("q", 3, 82.0)];
        let refs: Vec<&Attempt> = history.iter().collect();
        assert_eq!(schedule("q", &refs), schedule("q", &refs));
    }

    #[test]
    fn the_most_due_question_comes_first() {
        let history = vec![
            attempt("mastered", 0, 95.0),
            attempt("mastered", 5, 95.0),
            attempt("struggling", 5, 20.0),
            attempt("recent-good", 5, 85.0),
        ];
        let order = order(&["mastered", "struggling", "recent-good", "new"], &history);
        let ids: Vec<&str> = order.iter().map(|d| d.question.as_str()).collect();
        assert_eq!(ids, ["new", "struggling", "recent-good", "mastered"]);
        assert_eq!(order[0].why(), "never practised");
    }
}
