//! `mock score`: batch scoring of answer files, folders, JSONL and stdin.
//!
//! Inputs are expanded and read in order; every answer that can be scored is
//! scored in parallel (rayon, `--jobs` threads) and printed in input order.
//! A broken input is reported on stderr as one line naming it, and the rest
//! of the batch goes on; the exit code is then 2.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use super::{question, Context};
use crate::batch::{self, BatchOptions};
use crate::cli::ScoreArgs;
use crate::error::{AnswerError, Error, EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD};
use crate::report::{self, Batch};

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
    let options = BatchOptions {
        paths: &paths,
        question: args.question.as_deref(),
        jobs: args.jobs.map(usize::from),
    };
    let (answers, errors) = batch::read_answers(&context.bank, &options);
    for error in &errors {
        report_error(error);
    }
    let progress = progress_bar(answers.len());
    let results = batch::score_all(&context.bank, &answers, options.jobs, &progress)?;
    progress.finish_and_clear();

    if args.record {
        record(context, &answers, &results)?;
    }
    let batch = Batch::new(results, errors.len(), args.min_score);
    out.write_all(report::render(args.format, &batch, &context.style).as_bytes())?;
    out.flush()?;
    Ok(if !errors.is_empty() {
        EXIT_INPUT
    } else if batch.summary.below_threshold > 0 {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    })
}

/// Stores batch-scored answers as attempts (`--record`).
fn record(
    context: &Context,
    answers: &[crate::input::Answer],
    results: &[crate::report::ScoredAnswer],
) -> Result<(), Error> {
    let store = super::practice::store(context)?;
    let hash = crate::history::bank_hash(&context.bank);
    let now = crate::history::now();
    let attempts: Vec<crate::history::Attempt> = answers
        .iter()
        .zip(results)
        .map(|(answer, result)| {
            let time_box = context
                .bank
                .get(&result.assessment.question)
                .map_or(0, |e| e.question.time_box_minutes);
            let source = format!("score:{}", result.source);
            crate::history::Attempt::new(
                &result.assessment,
                &source,
                answer.text.trim(),
                None,
                now,
                now,
                time_box,
                &hash,
            )
        })
        .collect();
    let mut store = store;
    store.record(&attempts)?;
    Ok(())
}

/// Reports an input that could not be scored, as one line on stderr.
#[allow(clippy::print_stderr)]
pub fn report_error(error: &AnswerError) {
    eprintln!("mock: {error}");
}

/// A progress bar on stderr for large batches, hidden when stderr is not a
/// terminal so logs and pipes stay clean.
pub fn progress_bar(len: usize) -> ProgressBar {
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
