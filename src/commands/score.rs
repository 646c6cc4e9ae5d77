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
    let mut spool = args.record.then(Spool::new);
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
                let attempt = crate::history::Attempt::new(
                    &result.assessment,
                    &source,
                    answer.text.trim(),
                    (now, now),
                    time_box,
                    hash,
                );
                if let Some(Ok(spool)) = &mut spool {
                    spool.push(&attempt);
                }
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
        let stored = match spool.take().expect("spooled when recording") {
            Ok(spool) => {
                super::practice::store(context).and_then(|mut store| spool.record(&mut store))
            }
            Err(error) => Err(error),
        };
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

/// The attempts of `score --record`, written to an anonymous temporary file
/// as they are scored and stored in batches once the results are printed,
/// so memory does not grow with the batch (20,000 answers held 673 MB,
/// against 141 MB without `--record`).
struct Spool {
    file: std::io::BufWriter<std::fs::File>,
    count: usize,
    broken: Option<std::io::Error>,
}

/// Most attempts stored per transaction.
const RECORD_BATCH: usize = 500;

/// Most bytes of spooled attempts held per transaction: 500 answers of 60 KB
/// would hold 30 MB and more while parsed.
const RECORD_BATCH_BYTES: usize = 4 << 20;

impl Spool {
    fn new() -> Result<Spool, Error> {
        let file = tempfile::tempfile().map_err(|e| {
            Error::Usage(format!(
                "cannot keep the attempts to record in a temporary file: {e}; nothing was recorded"
            ))
        })?;
        Ok(Spool {
            file: std::io::BufWriter::new(file),
            count: 0,
            broken: None,
        })
    }

    /// Adds an attempt; a write error is kept, and reported when recording
    /// (after the results are printed).
    fn push(&mut self, attempt: &crate::history::Attempt) {
        if self.broken.is_some() {
            return;
        }
        let written = serde_json::to_writer(&mut self.file, attempt)
            .map_err(std::io::Error::from)
            .and_then(|()| self.file.write_all(b"\n"));
        match written {
            Ok(()) => self.count += 1,
            Err(error) => self.broken = Some(error),
        }
    }

    /// Stores every attempt, a batch per transaction.
    fn record(self, store: &mut crate::history::Store) -> Result<(), Error> {
        use std::io::{BufRead, Seek};
        let Spool {
            file,
            count,
            broken,
        } = self;
        let io = |e: std::io::Error| {
            Error::Usage(format!(
                "cannot read back the attempts to record: {e}; nothing was recorded"
            ))
        };
        if let Some(error) = broken {
            return Err(io(error));
        }
        let mut file = file.into_inner().map_err(|e| io(e.into_error()))?;
        file.rewind().map_err(io)?;
        let mut stored = 0usize;
        let mut batch = Vec::with_capacity(RECORD_BATCH.min(count));
        let mut batch_bytes = 0usize;
        let mut lines = std::io::BufReader::new(file).lines();
        loop {
            let line = lines.next().transpose().map_err(io)?;
            if let Some(line) = &line {
                batch_bytes += line.len();
                batch.push(serde_json::from_str(line).expect("written above"));
            }
            let full = batch.len() == RECORD_BATCH || batch_bytes >= RECORD_BATCH_BYTES;
            if full || (line.is_none() && !batch.is_empty()) {
                batch_bytes = 0;
                store.record(&batch).map_err(|e| {
                    if stored == 0 {
                        Error::from(e)
                    } else {
                        Error::Usage(format!("{e}; {stored} of {count} attempts were recorded"))
                    }
                })?;
                stored += batch.len();
                batch.clear();
            }
            if line.is_none() {
                return Ok(());
            }
        }
    }
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
