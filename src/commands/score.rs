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
use crate::outcome::Totals;
use crate::output::{self, Format};

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
    // With --reference every answer is scored against the drafted rubric.
    let reference_id = (!args.reference.is_empty()).then(|| context.bank.ids()[0].to_owned());
    let options = BatchOptions {
        paths: &paths,
        question: reference_id.as_deref().or(args.question.as_deref()),
        jobs: args.jobs.map(usize::from),
        // --question wins over front matter and JSONL records, as it does
        // for mock explain: scoring an answer against another question's
        // rubric is a deliberate choice.
        force_question: reference_id.is_some() || args.question.is_some(),
        exclude: None,
    };
    // The bar's length is unknown while streaming; it shows a count.
    let progress = progress_bar();
    let mut errors = 0usize;
    // The first answers below --min-score, named on stderr, and their count.
    let mut below: Vec<(String, String, f64)> = Vec::new();
    let mut below_count = 0usize;
    // Results are written as they come where the format allows; only the
    // totals and what the format's end needs are kept.
    let mut output = output::Streamed::new(args.format);
    let mut totals = Totals::new(args.min_score);
    let style = output::Style {
        verbose: args.verbose,
        ..context.style
    };
    let mut recorded: Vec<crate::history::Attempt> = Vec::new();
    let streaming = args.format == Format::Jsonl;
    // The store is opened after the results are printed: a history that
    // cannot be written never costs the results.
    let history = args
        .record
        .then(|| crate::history::bank_hash(&context.bank));
    let now = crate::history::now();
    batch::stream(
        &context.bank,
        &options,
        &progress,
        // JSON Lines are rendered in parallel with the scoring.
        |result| streaming.then(|| output::render_line(result)),
        |error| {
            errors += 1;
            progress.suspend(|| report_error(&error));
        },
        |answer, result, line| {
            reveal_progress(&progress);
            if args
                .min_score
                .is_some_and(|min| result.assessment.score < min)
            {
                below_count += 1;
            }
            if below.len() < BELOW_NAMED
                && args
                    .min_score
                    .is_some_and(|min| result.assessment.score < min)
            {
                below.push((
                    result
                        .label
                        .clone()
                        .unwrap_or_else(|| result.source.clone()),
                    result.assessment.question.clone(),
                    result.assessment.score,
                ));
            }
            if let Some(hash) = &history {
                let time_box = context
                    .bank
                    .get(&result.assessment.question)
                    .map_or(0, |e| e.question.time_box_minutes);
                let source = format!("score:{}", result.source);
                recorded.push(crate::history::Attempt::new(
                    &result.assessment,
                    &source,
                    answer.text.trim(),
                    (now, now),
                    time_box,
                    hash,
                ));
            }
            totals.add(result.assessment.score);
            match line {
                Some(line) => out.write_all(line.as_bytes())?,
                None => output.add(result, out)?,
            }
            Ok(())
        },
    )?;
    progress.finish_and_clear();
    if !streaming {
        output.finish(&totals, errors, &style, out)?;
    }
    out.flush()?;
    let mut unrecorded = false;
    if history.is_some() {
        let stored = super::practice::store(context).and_then(|mut store| {
            store.record(&recorded)?;
            Ok(())
        });
        if let Err(error) = stored {
            let message = error.to_string();
            let note = if message.ends_with("nothing was recorded") {
                ""
            } else {
                "; nothing was recorded"
            };
            crate::terminal::error_line(&format!("{message}{note} (the results are above)"));
            unrecorded = true;
        }
    }
    if let Some(min) = args.min_score {
        report_below(&below, below_count, min);
    }
    Ok(if errors > 0 || unrecorded {
        EXIT_INPUT
    } else if below_count > 0 {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    })
}

/// Answers below `--min-score` named on stderr (stdout keeps the chosen
/// format), at most [`BELOW_NAMED`] of them.
#[allow(clippy::print_stderr)]
fn report_below(below: &[(String, String, f64)], count: usize, min: f64) {
    if count == 0 {
        return;
    }
    eprintln!(
        "mock: {count} answer{} below --min-score {min}:",
        if count == 1 { " scores" } else { "s score" }
    );
    for (source, question, score) in below.iter().take(BELOW_NAMED) {
        eprintln!(
            "  {} ({}): {score:.1}",
            crate::escape::inline(source),
            crate::escape::inline(question)
        );
    }
    if count > below.len() {
        eprintln!("  ... and {} more", count - below.len());
    }
}

/// How many answers below the threshold are named.
const BELOW_NAMED: usize = 20;

/// Reports an input that could not be scored, as one line on stderr.
pub fn report_error(error: &AnswerError) {
    crate::terminal::error_line(&error.to_string());
}

/// Answers scored before the progress counter shows itself.
const PROGRESS_AFTER: u64 = 200;

/// A progress counter on stderr. It starts hidden and shows itself only once
/// a batch is large ([`reveal_progress`]) and only when stderr is a terminal,
/// so logs, pipes and small batches stay clean.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} answers scored ({per_sec})")
            .expect("the template is valid"),
    );
    bar
}

/// Shows the progress counter once it passes [`PROGRESS_AFTER`] answers.
pub fn reveal_progress(bar: &ProgressBar) {
    if bar.position() == PROGRESS_AFTER && std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    }
}
