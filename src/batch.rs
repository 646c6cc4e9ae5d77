//! Batch scoring: expand inputs, read answers, settle their questions, and
//! score them in parallel, keeping input order. Shared by `mock score` and
//! `mock report`.

use std::path::PathBuf;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::bank::Bank;
use crate::error::{AnswerError, Error};
use crate::input::{self, Answer};
use crate::report::ScoredAnswer;
use crate::scoring::score;

/// What to score and how.
pub struct BatchOptions<'a> {
    /// Files, folders, JSONL files, or `-`.
    pub paths: &'a [PathBuf],
    /// The question for answers that name none.
    pub question: Option<&'a str>,
    /// Threads to use (`None`: one per core).
    pub jobs: Option<usize>,
}

/// The outcome of a batch: results in input order, and the inputs that
/// could not be scored (also in input order).
pub struct BatchOutcome {
    /// Scored answers.
    pub results: Vec<ScoredAnswer>,
    /// Inputs that could not be scored.
    pub errors: Vec<AnswerError>,
}

/// Reads every input and settles its question; errors are kept in place.
pub fn read_answers(bank: &Bank, options: &BatchOptions<'_>) -> (Vec<Answer>, Vec<AnswerError>) {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    for file in input::expand(options.paths) {
        let read = match file {
            Ok(file) => input::read(&file),
            Err(error) => vec![Err(error)],
        };
        for answer in read {
            match answer.and_then(|a| resolve(bank, options.question, a)) {
                Ok(answer) => answers.push(answer),
                Err(error) => errors.push(error),
            }
        }
    }
    (answers, errors)
}

/// Settles which question an answer is for: its own front matter or record
/// first, then the default question.
fn resolve(bank: &Bank, default: Option<&str>, mut answer: Answer) -> Result<Answer, AnswerError> {
    let id = answer
        .question
        .clone()
        .or_else(|| default.map(str::to_owned))
        .ok_or_else(|| AnswerError::NoQuestion {
            path: answer.source.clone(),
        })?;
    bank.lookup(&answer.source, &id)?;
    answer.question = Some(id);
    Ok(answer)
}

/// Scores resolved answers in parallel on `jobs` threads, in input order.
pub fn score_all(
    bank: &Bank,
    answers: &[Answer],
    jobs: Option<usize>,
    progress: &ProgressBar,
) -> Result<Vec<ScoredAnswer>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", jobs.unwrap_or(0))))?;
    Ok(pool.install(|| {
        answers
            .par_iter()
            .map(|answer| {
                let id = answer
                    .question
                    .as_deref()
                    .expect("resolved answers have a question");
                let entry = bank.get(id).expect("resolved ids exist");
                let result = ScoredAnswer {
                    source: answer.source.clone(),
                    label: answer.label.clone(),
                    line: crate::report::first_text_line(&answer.text),
                    assessment: score(entry, &answer.text),
                };
                progress.inc(1);
                result
            })
            .collect()
    }))
}
