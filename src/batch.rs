//! Batch scoring: expand inputs, read answers, settle their questions, and
//! score them in parallel, keeping input order. Shared by `mock score` and
//! `mock report`.

use std::path::PathBuf;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::bank::Bank;
use crate::error::{AnswerError, Error};
use crate::input::{self, Answer};
use crate::outcome::ScoredAnswer;
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
    /// A file to leave out of folders (the report being written).
    pub exclude: Option<&'a std::path::Path>,
}

/// Every answer of the inputs, read lazily, with its question settled;
/// errors come in place.
pub fn answers<'a>(
    bank: &'a Bank,
    options: &'a BatchOptions<'_>,
) -> impl Iterator<Item = Result<Answer, AnswerError>> + 'a {
    input::expand(options.paths, options.exclude)
        .into_iter()
        .flat_map(|file| -> Box<dyn Iterator<Item = _>> {
            match file {
                Ok(input::InputFile::Text(path)) => Box::new(std::iter::once(guarded(
                    &path.display().to_string(),
                    || input::read_text(&path),
                ))),
                Ok(file) => input::read_lazily(&file),
                Err(error) => Box::new(std::iter::once(Err(error))),
            }
        })
        .map(move |answer| answer.and_then(|a| settle(bank, options, a)))
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

/// Inputs handled per parallel round when streaming.
pub const CHUNK: usize = 1024;

/// One input of a round: a file still to read, or an answer already read
/// (stdin, a JSONL line) or an error.
enum Work {
    Read(PathBuf),
    Ready(Result<Answer, AnswerError>),
}

/// Scores the inputs in rounds of [`CHUNK`], so memory stays flat however
/// large the batch. Within a round, reading, scoring and `render` run in
/// parallel; `on_error` and `on_result` then see every input in input order.
///
/// Rounds are pipelined: a producer thread scores round N + 1 while this
/// thread hands round N to the callbacks (which write the output), so the
/// workers never wait for the writer. The channel is a rendezvous, so at most
/// two rounds are alive at once and memory stays flat. If `on_result` fails
/// (a closed pipe), the producer stops after its current round.
pub fn stream<R: Send>(
    bank: &Bank,
    options: &BatchOptions<'_>,
    progress: &ProgressBar,
    render: impl Fn(&ScoredAnswer) -> R + Sync,
    mut on_error: impl FnMut(AnswerError),
    mut on_result: impl FnMut(Answer, ScoredAnswer, R) -> Result<(), Error>,
) -> Result<(), Error> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Vec<Outcome<R>>, Error>>(0);
        let render = &render;
        scope.spawn(move || {
            let mut works = work_items(options.paths, options.exclude).peekable();
            let mut threads = None;
            while works.peek().is_some() {
                let round: Vec<Work> = works.by_ref().take(CHUNK).collect();
                // Threads for the first round's inputs at most: a round is
                // as large as any later one.
                let pool = match threads.get_or_insert_with(|| pool(options.jobs, round.len())) {
                    Ok(pool) => &*pool,
                    Err(error) => {
                        let error = Error::Usage(error.to_string());
                        let _ = sender.send(Err(error));
                        break;
                    }
                };
                let done = pool.install(|| {
                    round
                        .into_par_iter()
                        .map(|work| {
                            let outcome = process(bank, options, render, work);
                            progress.inc(1);
                            outcome
                        })
                        .collect()
                });
                if sender.send(Ok(done)).is_err() {
                    break; // The writer stopped.
                }
            }
        });
        for done in receiver {
            for outcome in done? {
                match outcome {
                    Ok((answer, scored, rendered)) => on_result(answer, scored, rendered)?,
                    Err(error) => on_error(error),
                }
            }
        }
        Ok(())
    })
}

/// What became of one input: the answer, its score and its rendering, or why
/// it could not be scored.
type Outcome<R> = Result<(Answer, ScoredAnswer, R), AnswerError>;

/// The inputs as work items: text files to read (in parallel, later), or
/// answers already read from stdin or a JSONL file, or errors.
fn work_items<'a>(
    paths: &'a [PathBuf],
    exclude: Option<&std::path::Path>,
) -> impl Iterator<Item = Work> + 'a {
    input::expand(paths, exclude)
        .into_iter()
        .flat_map(|file| -> Box<dyn Iterator<Item = Work>> {
            match file {
                Ok(input::InputFile::Text(path)) => Box::new(std::iter::once(Work::Read(path))),
                Ok(file) => Box::new(input::read_lazily(&file).map(Work::Ready)),
                Err(error) => Box::new(std::iter::once(Work::Ready(Err(error)))),
            }
        })
}

/// Reads (if need be), settles, scores and renders one input.
fn process<R>(
    bank: &Bank,
    options: &BatchOptions<'_>,
    render: &impl Fn(&ScoredAnswer) -> R,
    work: Work,
) -> Outcome<R> {
    let source = match &work {
        Work::Read(path) => path.display().to_string(),
        Work::Ready(Ok(answer)) => answer.source.clone(),
        Work::Ready(Err(_)) => String::new(),
    };
    // A panic on one answer is that answer's error; the batch goes on.
    guarded(&source, || {
        let answer = match work {
            Work::Read(path) => input::read_text(&path),
            Work::Ready(answer) => answer,
        };
        let answer = settle(bank, options, answer?)?;
        let scored = score_one(bank, &answer);
        let rendered = render(&scored);
        Ok((answer, scored, rendered))
    })
}

/// Runs `f` for the input `source`; a panic inside it becomes that input's
/// [`AnswerError::Internal`].
pub fn guarded<T>(
    source: &str,
    f: impl FnOnce() -> Result<T, AnswerError>,
) -> Result<T, AnswerError> {
    crate::guard::catch(f).unwrap_or_else(|message| {
        Err(AnswerError::Internal {
            path: source.to_owned(),
            message,
        })
    })
}

/// Applies `--question` and `force_question`, then resolves.
fn settle(
    bank: &Bank,
    options: &BatchOptions<'_>,
    mut answer: Answer,
) -> Result<Answer, AnswerError> {
    if options.force_question {
        answer.question = None;
    }
    resolve(bank, options.question, answer)
}

/// Scores one resolved answer.
fn score_one(bank: &Bank, answer: &Answer) -> ScoredAnswer {
    let id = answer
        .question
        .as_deref()
        .expect("resolved answers have a question");
    let entry = bank.get(id).expect("resolved ids exist");
    ScoredAnswer {
        source: answer.source.clone(),
        label: answer.label.clone(),
        line: crate::outcome::first_text_line(&answer.text),
        assessment: score(entry, &answer.text),
    }
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
/// An answer whose scoring panics is an [`AnswerError::Internal`] in place.
pub fn score_all(
    bank: &Bank,
    answers: &[Answer],
    jobs: Option<usize>,
    progress: &ProgressBar,
) -> Result<Vec<Result<ScoredAnswer, AnswerError>>, Error> {
    Ok(pool(jobs, answers.len())?.install(|| {
        answers
            .par_iter()
            .map(|answer| {
                let result = guarded(&answer.source, || Ok(score_one(bank, answer)));
                progress.inc(1);
                result
            })
            .collect()
    }))
}

/// Threads per core at most, whatever `--jobs` asks: more only cost memory
/// and start-up time (65,535 threads take minutes and gigabytes).
pub const MAX_JOBS_PER_CORE: usize = 4;

/// A thread pool of `jobs` threads (`None`: one per core), at most
/// [`MAX_JOBS_PER_CORE`] per core and never more than `inputs`.
fn pool(jobs: Option<usize>, inputs: usize) -> Result<rayon::ThreadPool, Error> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = jobs
        .unwrap_or(cores)
        .min(MAX_JOBS_PER_CORE * cores)
        .min(inputs)
        .max(1);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
}
