//! `mock rubric check|test|schema`: the rubric author's tools.

use std::io::Write;

use crate::bank::{self, load, validate, Bank};
use crate::cli::{Cli, RubricCommand};
use crate::error::{Error, Severity, EXIT_OK, EXIT_THRESHOLD};
use crate::selftest;

/// Runs a `mock rubric` subcommand.
pub fn run(cli: &Cli, command: &RubricCommand, out: &mut dyn Write) -> Result<i32, Error> {
    match command {
        RubricCommand::Check { strict } => check(cli, *strict, out),
        RubricCommand::Test => test(cli, out),
        RubricCommand::Draft {
            question,
            reference,
            reference_text,
            max_concepts,
            output,
        } => {
            let mut texts = reference_text.clone();
            for path in reference {
                texts.push(read_reference(path)?);
            }
            if texts.iter().all(|t| t.trim().is_empty()) {
                return Err(Error::Usage(
                    "no model answer: pass --reference FILE or --reference-text TEXT".into(),
                ));
            }
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            // A bank still being written may not load yet: then the draft
            // knows the built-in library and no question text.
            let bank = cli
                .bank
                .as_ref()
                .and_then(|dir| Bank::load(dir).ok())
                .map_or_else(Bank::builtin, Ok)?;
            let question_text = bank
                .question(question)
                .map(|q| q.question.clone())
                .unwrap_or_default();
            let encoder = crate::encoder::choose(cli.lexical_only, cli.model.as_deref())?.warned();
            let drafter = crate::library_draft::LibraryDrafter::new(bank.library(), encoder);
            let yaml = crate::rubric_draft::to_yaml(&drafter.draft(
                question,
                &question_text,
                &refs,
                *max_concepts,
            ));
            match output {
                Some(path) => crate::fsutil::write_atomic(path, yaml.as_bytes())?,
                None => out.write_all(yaml.as_bytes())?,
            }
            Ok(EXIT_OK)
        }
        RubricCommand::Schema { kind } => {
            out.write_all(bank::json_schema((*kind).into()).as_bytes())?;
            Ok(EXIT_OK)
        }
    }
}

/// A model answer from a file or stdin, without front matter.
pub fn read_reference(path: &std::path::Path) -> Result<String, Error> {
    let file = if path.as_os_str() == "-" {
        crate::input::InputFile::Stdin
    } else {
        crate::input::InputFile::Text(path.to_owned())
    };
    let answer = crate::input::read(&file)
        .into_iter()
        .next()
        .expect("one answer per text input")?;
    Ok(answer.text)
}

fn check(cli: &Cli, strict: bool, out: &mut dyn Write) -> Result<i32, Error> {
    let files = match &cli.bank {
        Some(dir) => load::folder_files(dir)?,
        None => load::embedded_files(),
    };
    let questions = files
        .iter()
        .filter(|f| f.kind == bank::FileKind::Question)
        .count();
    let rubrics = files
        .iter()
        .filter(|f| f.kind == bank::FileKind::Rubric)
        .count();
    let parsed = load::parse_all(files);
    let concepts = parsed
        .library
        .entries()
        .iter()
        .filter(|e| e.origin != load::BUILTIN_ORIGIN)
        .count();
    let checked = validate::check(&parsed, true);
    let mut diagnostics = parsed.diagnostics.clone();
    diagnostics.extend(checked.diagnostics);
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    for diagnostic in &diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if questions == 0 {
        writeln!(
            out,
            "no questions found (expected questions/<theme>/<id>.yaml and rubrics/<id>.yaml)"
        )?;
        return Ok(EXIT_THRESHOLD);
    }
    let library = if concepts > 0 {
        format!(", {concepts} library concepts")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{questions} questions, {rubrics} rubrics{library}: {errors} errors, {warnings} warnings"
    )?;
    Ok(if errors > 0 || (strict && warnings > 0) {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    })
}

fn test(cli: &Cli, out: &mut dyn Write) -> Result<i32, Error> {
    let mut bank = match &cli.bank {
        Some(dir) => Bank::load(dir)?,
        None => Bank::builtin()?,
    };
    bank.set_encoder(crate::encoder::choose(cli.lexical_only, cli.model.as_deref())?.warned());
    let outcome = selftest::run(&bank);
    for failure in &outcome.failures {
        writeln!(
            out,
            "FAIL {}: {}: {}",
            crate::escape::inline(&failure.rubric_path),
            crate::escape::inline(&failure.target),
            failure.expectation
        )?;
        writeln!(out, "  sentence: {:?}", failure.sentence)?;
        for line in failure.trace.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    let failed = outcome.failures.len();
    writeln!(out, "{} passed, {failed} failed", outcome.checks - failed)?;
    Ok(if failed > 0 { EXIT_THRESHOLD } else { EXIT_OK })
}
