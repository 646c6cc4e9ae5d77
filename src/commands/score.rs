//! `mock score`: batch scoring of answer files, folders, JSONL and stdin.
//!
//! Inputs are expanded and read in order; every answer that can be scored is
//! scored in parallel (rayon, `--jobs` threads) and printed in input order.
//! A broken input is reported on stderr as one line naming it, and the rest
//! of the batch goes on; the exit code is then 2.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{question, Context};
use crate::cli::ScoreArgs;
use crate::error::{AnswerError, Error, EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD};
use crate::input::{self, Answer};
use crate::report::{self, Batch, ScoredAnswer};
use crate::scoring::score;

/// Batches at least this large show a progress bar (on a terminal).
const PROGRESS_THRESHOLD: usize = 50;

/// Scores the inputs and prints the results.
pub fn run(context: &Context, args: &ScoreArgs, out: &mut dyn Write) -> Result<i32, Error> {
    if let Some(id) = &args.question {
        question(&context.bank, id)?;
    }
    let paths = if args.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Error::Usage(
                "no answers to score: name files or folders, or pipe an answer with --question ID (see mock score --help)"
                    .into(),
            ));
        }
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };

    let mut errors = 0usize;
    let mut answers: Vec<Answer> = Vec::new();
    for file in input::expand(&paths) {
        let read = match file {
            Ok(file) => input::read(&file),
            Err(error) => vec![Err(error)],
        };
        for answer in read {
            match answer.and_then(|a| resolve(context, args, a)) {
                Ok(answer) => answers.push(answer),
                Err(error) => {
                    errors += 1;
                    report_error(&error);
                }
            }
        }
    }

    let progress = progress_bar(answers.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} threads: {e}",
                args.jobs.unwrap_or(0)
            ))
        })?;
    let results: Vec<ScoredAnswer> = pool.install(|| {
        answers
            .par_iter()
            .map(|answer| {
                let id = answer
                    .question
                    .as_deref()
                    .expect("resolved answers have a question");
                let entry = context.bank.get(id).expect("resolved ids exist");
                let result = ScoredAnswer {
                    source: answer.source.clone(),
                    label: answer.label.clone(),
                    assessment: score(entry, &answer.text),
                };
                progress.inc(1);
                result
            })
            .collect()
    });
    progress.finish_and_clear();

    let batch = Batch::new(results, errors, args.min_score);
    out.write_all(report::render(args.format, &batch, &context.style).as_bytes())?;
    out.flush()?;
    Ok(if errors > 0 {
        EXIT_INPUT
    } else if batch.summary.below_threshold > 0 {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    })
}

/// Settles which question an answer is for: its own front matter or record
/// first, then `--question`.
fn resolve(context: &Context, args: &ScoreArgs, mut answer: Answer) -> Result<Answer, AnswerError> {
    let id = answer
        .question
        .clone()
        .or_else(|| args.question.clone())
        .ok_or_else(|| AnswerError::NoQuestion {
            path: answer.source.clone(),
        })?;
    context.bank.lookup(&answer.source, &id)?;
    answer.question = Some(id);
    Ok(answer)
}

#[allow(clippy::print_stderr)]
fn report_error(error: &AnswerError) {
    eprintln!("mock: {error}");
}

/// A progress bar on stderr for large batches, hidden when stderr is not a
/// terminal so logs and pipes stay clean.
fn progress_bar(len: usize) -> ProgressBar {
    if len < PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} answers scored ({eta} left)")
            .expect("the template is valid"),
    );
    bar
}
