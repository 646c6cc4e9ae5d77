//! `mock explain`: the scoring trace of one answer.

use std::io::{IsTerminal, Write};

use super::{question, Context};
use crate::cli::ExplainArgs;
use crate::error::{AnswerError, Error, EXIT_OK};
use crate::explain::explain;
use crate::input::{self, InputFile};

/// Prints the trace for one answer, then its score.
pub fn run(context: &Context, args: &ExplainArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let file =
        match &args.input {
            Some(path) if path.as_os_str() != "-" => InputFile::Text(path.clone()),
            Some(_) => InputFile::Stdin,
            // Waiting for a typed answer on a terminal looks like a hang.
            None if std::io::stdin().is_terminal() => return Err(Error::Usage(
                "no answer to explain: name an answer file (mock explain --question ID answer.md) \
                 or pipe one (echo 'We write ADRs.' | mock explain --question ID -)"
                    .into(),
            )),
            None => InputFile::Stdin,
        };
    let source = match &file {
        InputFile::Text(path) => path.display().to_string(),
        _ => "-".to_owned(),
    };
    let answer = crate::batch::guarded(&source, || {
        input::read(&file)
            .into_iter()
            .next()
            .expect("a text input gives one answer")
    })?;
    // An explicit --question wins here: explaining an answer against another
    // question's rubric is how a rubric author checks cross-question scores.
    // With --reference the bank holds the drafted rubric only.
    let drafted = (!args.reference.is_empty()).then(|| context.bank.ids()[0].to_owned());
    let id = drafted
        .or_else(|| args.question.clone())
        .or_else(|| answer.question.clone())
        .ok_or_else(|| AnswerError::NoQuestion {
            path: answer.source.clone(),
        })?;
    let entry = question(&context.bank, &id)?;
    let (trace, result) =
        crate::batch::guarded(&answer.source, || Ok(explain(entry, &answer.text)))?;
    out.write_all(trace.as_bytes())?;
    writeln!(
        out,
        "score {:.1} (coverage {:.1})",
        result.score, result.coverage
    )?;
    Ok(EXIT_OK)
}
