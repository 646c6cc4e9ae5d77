//! `mock report`: the CI-style self-assessment of a folder of answers.

use std::io::Write;

use super::score::{progress_bar, report_error};
use super::Context;
use crate::batch::{self, BatchOptions};
use crate::cli::ReportArgs;
use crate::error::{Error, EXIT_INPUT, EXIT_OK, EXIT_THRESHOLD};
use crate::output::{self, Format, Readiness};
use crate::readiness::{self, config, Config};

/// Scores the folder, checks the thresholds, and writes the report.
pub fn run(context: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<i32, Error> {
    if !args.dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a folder of answers",
            crate::escape::path(&args.dir)
        )));
    }
    let config_path = args.config.clone().or_else(|| config::discover(&args.dir));
    let mut config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(min) = args.min_score {
        config.min_score = min;
    }
    if let Some(min) = args.min_readiness {
        config.min_readiness = Some(min);
    }
    config.fail_on_unanswered |= args.fail_on_unanswered;
    config.fail_on_red_flags &= !args.allow_red_flags;
    let name = config_path
        .as_deref()
        .map_or(".mock.yaml".to_owned(), crate::escape::path);
    config
        .check_against(&context.bank)
        .map_err(|problem| Error::Usage(format!("{name}: {problem}")))?;

    let paths = [args.dir.clone()];
    let options = BatchOptions {
        paths: &paths,
        question: None,
        jobs: args.jobs.map(usize::from),
        force_question: false,
        // A report written into the folder is not an answer.
        exclude: args.output.as_deref(),
    };
    let (answers, errors) = batch::read_answers(&context.bank, &options);
    // An answer file with only front matter is a question not answered yet.
    let mut errors: Vec<_> = errors
        .into_iter()
        .filter(|e| !matches!(e, crate::error::AnswerError::Empty { .. }))
        .collect();
    for error in &errors {
        report_error(error);
    }
    // A folder without answer files is an input error and nothing else: no
    // "passed" report (0 of 10 answered) next to exit code 2, in any format.
    if answers.is_empty()
        && errors
            .iter()
            .any(|e| matches!(e, crate::error::AnswerError::NoAnswers { .. }))
    {
        return Ok(EXIT_INPUT);
    }
    let progress = progress_bar();
    let mut scored = Vec::with_capacity(answers.len());
    for result in batch::score_all(&context.bank, &answers, options.jobs, &progress)? {
        match result {
            Ok(result) => scored.push(result),
            Err(error) => {
                report_error(&error);
                errors.push(error);
            }
        }
    }
    progress.finish_and_clear();

    let messages = errors.iter().map(ToString::to_string).collect();
    let config_name = config_path.as_deref().map(crate::escape::path);
    let report = readiness::build(&context.bank, &scored, messages, &config, config_name);
    let style = if args.output.is_some() {
        crate::output::Style::PLAIN
    } else {
        context.style
    };
    // With --history the HTML page charts the practice over time.
    let attempts = if args.history && args.format == Format::Html {
        Some(super::practice::reading_store(context)?.attempts(&crate::history::Filter::default())?)
    } else {
        None
    };
    let readiness = Readiness {
        report: &report,
        bank: &context.bank,
        progress: attempts.as_deref().map(|a| (a, config.min_score)),
    };
    let rendered = output::render_readiness(args.format, &readiness, &style);
    match &args.output {
        Some(path) => crate::fsutil::write_atomic(path, rendered.as_bytes()).map_err(|e| {
            Error::Usage(format!(
                "{}: cannot write the report: {e}",
                crate::escape::path(path)
            ))
        })?,
        None => {
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(if !report.errors.is_empty() {
        EXIT_INPUT
    } else if !report.passed {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    })
}
