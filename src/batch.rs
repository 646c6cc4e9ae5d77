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
    /// Use `question` for every answer, whatever its front matter says.
    pub force_question: bool,
}

/// The outcome of a batch: results in input order, and the inputs that
/// could not be scored (also in input order).
pub struct BatchOutcome {
    /// Scored answers.
    pub results: Vec<ScoredAnswer>,
    /// Inputs that could not be scored.
    pub errors: Vec<AnswerError>,
}

/// Every answer of the inputs, read lazily, with its question settled;
/// errors come in place.
pub fn answers<'a>(
    bank: &'a Bank,
    options: &'a BatchOptions<'_>,
) -> impl Iterator<Item = Result<Answer, AnswerError>> + 'a {
    input::expand(options.paths)
        .into_iter()
        .flat_map(|file| match file {
            Ok(file) => input::read_lazily(&file),
            Err(error) => Box::new(std::iter::once(Err(error))),
        })
        .map(move |answer| {
            answer.and_then(|mut a| {
                if options.force_question {
                    a.question = None;
                }
                resolve(bank, options.question, a)
            })
        })
}

/// Reads every input and settles its question; errors are kept in place.
pub fn read_answers(bank: &Bank, options: &BatchOptions<'_>) -> (Vec<Answer>, Vec<AnswerError>) {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    for answer in self::answers(bank, options) {
        match answer {
            Ok(answer) => answers.push(answer),
            Err(error) => errors.push(error),
        }
    }
    (answers, errors)
}

/// Answers scored per parallel round when streaming.
pub const CHUNK: usize = 2048;

/// Scores the inputs in rounds of [`CHUNK`] answers, so memory stays flat
/// however large the batch: `on_error` gets each input that cannot be
/// scored, `on_result` each result, both in input order.
pub fn stream(
    bank: &Bank,
    options: &BatchOptions<'_>,
    progress: &ProgressBar,
    mut on_error: impl FnMut(AnswerError),
    mut on_result: impl FnMut(&Answer, ScoredAnswer) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut round = Vec::with_capacity(CHUNK);
    for answer in answers(bank, options) {
        match answer {
            Ok(answer) => round.push(answer),
            Err(error) => on_error(error),
        }
        if round.len() == CHUNK {
            for (answer, result) in
                round
                    .iter()
                    .zip(score_all(bank, &round, options.jobs, progress)?)
            {
                on_result(answer, result)?;
            }
            round.clear();
        }
    }
    for (answer, result) in round
        .iter()
        .zip(score_all(bank, &round, options.jobs, progress)?)
    {
        on_result(answer, result)?;
    }
    Ok(())
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
