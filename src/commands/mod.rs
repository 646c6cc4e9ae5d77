//! The subcommands. [`run`] resolves the raw arguments once (bank, style)
//! and dispatches; each command lives in its own file.

mod ask;
mod concepts;
mod explain;
mod init;
mod interview;
mod line_editor;
mod list;
mod practice;
mod report;
mod rubric;
mod score;
mod show;

use std::io::{IsTerminal, Write};

use clap::CommandFactory;

use crate::bank::Bank;
use crate::cli::{Cli, ColorChoice, Command};
use crate::error::{Error, EXIT_OK};
use crate::output::Style;
use mock_engine::CompiledQuestion;

/// What every command needs, resolved from the arguments.
pub struct Context {
    /// The loaded bank.
    pub bank: Bank,
    /// How to decorate human output on stdout.
    pub style: Style,
    /// The practice-history database, unless `--no-history`.
    pub history: Option<std::path::PathBuf>,
}

/// Runs the command line; returns the exit code. Output goes to `out`
/// (stdout in the binary); diagnostics for single inputs go to stderr.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<i32, Error> {
    // Human output carries no control characters from untrusted text.
    let mut filtered;
    let out: &mut dyn Write = if is_human(&cli.command) {
        let color = style_for(cli.color, std::io::stdout().is_terminal()).color;
        filtered = crate::terminal::SafeWriter::new(out, color);
        &mut filtered
    } else {
        out
    };
    match &cli.command {
        Command::Completions { shell } => {
            let bank = match &cli.bank {
                Some(dir) => Bank::load(dir)?,
                None => Bank::builtin()?,
            };
            clap_complete::generate(*shell, &mut completing(&bank), "mock", out);
            return Ok(EXIT_OK);
        }
        Command::Man(args) => return man(args, out),
        Command::Rubric(command) => return rubric::run(&cli, command, out),
        Command::Init(args) => return init::run(args, out),
        Command::Bank(crate::cli::BankCommand::Import {
            file,
            out: dir,
            force,
        }) => {
            let text = crate::import::read_document(file)?;
            let drafter = builtin_drafter(&cli)?;
            let (imported, warnings) = crate::import::parse_with_warnings(file, &text, &drafter)?;
            for warning in &warnings {
                crate::terminal::error_line(warning);
            }
            let written = crate::import::write_bank(dir, &imported, *force)?;
            // Say what was found, not only what was written: a question
            // left out is counted here and located in the warning above.
            let left_out = if warnings.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} left out without a model answer (see the warnings above)",
                    warnings.len()
                )
            };
            let used: usize = imported
                .iter()
                .flat_map(|q| &q.rubric.concepts)
                .filter(|c| c.uses.is_some())
                .count();
            let concepts: usize = imported
                .iter()
                .flat_map(|q| &q.rubric.concepts)
                .filter(|c| c.uses.is_none())
                .count();
            let claims: usize = imported
                .iter()
                .flat_map(|q| &q.rubric.concepts)
                .filter(|c| c.uses.is_none())
                .map(|c| c.claims.len())
                .sum();
            writeln!(
                out,
                "found {} questions; imported {} questions into {} ({} files){left_out}",
                imported.len() + warnings.len(),
                imported.len(),
                dir.display(),
                written.len()
            )?;
            writeln!(
                out,
                "used {used} concepts of the concept library; drafted {concepts} more with {claims} claims from the model answers (drafted: true)"
            )?;
            writeln!(out, "Next: review the drafted rubrics, then mock --bank {} rubric check && mock --bank {} rubric test", dir.display(), dir.display())?;
            return Ok(EXIT_OK);
        }
        _ => {}
    }
    let mut bank = match (&cli.command, &cli.bank) {
        (Command::Score(args), _) if !args.reference.is_empty() => {
            reference_bank(&cli, &args.reference, args.question.as_deref())?
        }
        (Command::Explain(args), _) if !args.reference.is_empty() => {
            reference_bank(&cli, &args.reference, args.question.as_deref())?
        }
        (_, Some(dir)) => Bank::load(dir)?,
        (_, None) => Bank::builtin()?,
    };
    // Only the commands that score load a model (`--model DIR` is read, and
    // a broken one refused, before any answer is scored).
    if matches!(
        cli.command,
        Command::Ask(_)
            | Command::Interview(_)
            | Command::Score(_)
            | Command::Explain(_)
            | Command::Report(_)
    ) {
        bank.set_encoder(crate::encoder::choose(cli.lexical_only, cli.model.as_deref())?.warned());
    }
    let history =
        (!cli.no_history).then(|| cli.db.clone().unwrap_or_else(crate::history::default_path));
    let context = Context {
        bank,
        style: style_for(cli.color, std::io::stdout().is_terminal()),
        history,
    };
    match cli.command {
        Command::List(args) => list::run(&context, &args, out),
        Command::Concepts(args) => concepts::run(&context, &args, out),
        Command::Show(args) => show::run(&context, &args, out),
        Command::Ask(args) => ask::run(&context, &args, out),
        Command::Interview(args) => interview::run(&context, &args, out),
        Command::Score(args) => score::run(&context, &args, out),
        Command::Explain(args) => explain::run(&context, &args, out),
        Command::Report(args) => report::run(&context, &args, out),
        Command::History(args) => practice::history(&context, &args, out),
        Command::Stats(args) => practice::stats(&context, &args, out),
        Command::Due => practice::due(&context, out),
        Command::Export(args) => practice::export(&context, &args, out),
        Command::Import { file } => practice::import(&context, &file, out),
        Command::Completions { .. }
        | Command::Man(_)
        | Command::Rubric(_)
        | Command::Init(_)
        | Command::Bank(_) => {
            unreachable!("handled above")
        }
    }
}

/// The command line for the completion scripts: the options that take a
/// question id or a theme offer the bank's (instead of file names). Only
/// the scripts see these lists; parsing still accepts any value, so a bank
/// given with `--bank` works the same.
fn completing(bank: &Bank) -> clap::Command {
    use clap::builder::{PossibleValue, PossibleValuesParser};
    // The values must live as long as the command: this process only
    // writes one script and exits.
    let leak = |values: Vec<&str>| -> Vec<PossibleValue> {
        values
            .into_iter()
            .map(|v| PossibleValue::new(&*Box::leak(v.to_owned().into_boxed_str())))
            .collect()
    };
    let ids = leak(bank.ids());
    let themes = leak(bank.themes());
    let with = |values: &Vec<PossibleValue>| {
        let values = values.clone();
        move |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(values))
    };
    let mut cmd = Cli::command();
    for (command, arg, values) in [
        ("ask", "id", &ids),
        ("ask", "theme", &themes),
        ("interview", "theme", &themes),
        ("list", "theme", &themes),
        ("show", "id", &ids),
        ("history", "question", &ids),
        ("history", "theme", &themes),
        ("stats", "theme", &themes),
        ("score", "question", &ids),
        ("explain", "question", &ids),
    ] {
        cmd = cmd.mut_subcommand(command, |sub| sub.mut_arg(arg, with(values)));
    }
    cmd
}

/// `mock man`: the page of `mock` or of one command, or every page to a
/// folder. The main page's SUBCOMMANDS section names `mock-ask(1)` and so on:
/// `--out-dir` writes exactly those pages.
fn man(args: &crate::cli::ManArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cmd, dir))
            .map_err(|e| {
                Error::Usage(format!(
                    "{}: cannot write the man pages: {e}",
                    dir.display()
                ))
            })?;
        writeln!(out, "wrote the man pages to {}", dir.display())?;
        return Ok(EXIT_OK);
    }
    let mut page = cmd;
    for name in &args.command {
        let found = page.find_subcommand(name).cloned();
        page = found.ok_or_else(|| {
            let valid: Vec<&str> = page
                .get_subcommands()
                .map(clap::Command::get_name)
                .collect();
            Error::Usage(format!(
                "no man page for {name:?}; commands: {}",
                valid.join(", ")
            ))
        })?;
    }
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    if std::io::stdout().is_terminal() && show_in_pager(&roff) {
        return Ok(EXIT_OK);
    }
    out.write_all(&roff)?;
    Ok(EXIT_OK)
}

/// On a terminal, the page goes through `man -l -`, which formats it and
/// opens the pager ($MANPAGER, $PAGER); false when `man` cannot run, and
/// the raw page is printed instead.
fn show_in_pager(roff: &[u8]) -> bool {
    let child = std::process::Command::new("man")
        .args(["-l", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early closes the pipe: that is not an error.
        let _ = stdin.write_all(roff);
    }
    child.wait().is_ok_and(|status| status.success())
}

/// Whether the command writes text for people (tables, feedback, messages)
/// rather than a format for programs (JSON, Markdown, HTML, YAML, scripts).
fn is_human(command: &Command) -> bool {
    use crate::cli::{ListFormat, RubricCommand, StatsFormat};
    match command {
        Command::Score(args) => args.format.is_human(),
        Command::Report(args) => args.format.is_human(),
        Command::History(args) => args.format == ListFormat::Table,
        Command::Concepts(args) => args.format == ListFormat::Table,
        Command::Stats(args) => args.format == StatsFormat::Table,
        Command::Rubric(RubricCommand::Check { .. } | RubricCommand::Test) => true,
        Command::Rubric(_) | Command::Export(_) | Command::Completions { .. } | Command::Man(_) => {
            false
        }
        _ => true,
    }
}

/// A drafter that knows the built-in concept library, recognising its
/// concepts in other words with the encoder the settings ask for.
fn builtin_drafter(cli: &Cli) -> Result<crate::library_draft::LibraryDrafter, Error> {
    let encoder = crate::encoder::choose(cli.lexical_only, cli.model.as_deref())?.warned();
    Ok(crate::library_draft::LibraryDrafter::new(
        Bank::builtin()?.library(),
        encoder,
    ))
}

/// A one-question bank whose rubric is drafted from `--reference` answers;
/// every answer is scored against it.
/// `question` names it (default `reference`).
fn reference_bank(
    cli: &Cli,
    references: &[std::path::PathBuf],
    question: Option<&str>,
) -> Result<Bank, Error> {
    let texts = references
        .iter()
        .map(|p| rubric::read_reference(p))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let id = question.unwrap_or("reference").to_owned();
    // The id names the drafted question: a slug, as in any bank, checked
    // here so that a bad one is an error about the flag, not about a file
    // the user never wrote.
    if !crate::bank::validate::is_slug(&id) {
        return Err(Error::Usage(format!(
            "--question {}: not a question id (use letters, digits, '-' and '_', at most {} characters)",
            crate::escape::inline(&format!("{id:?}")),
            crate::bank::validate::MAX_ID_CHARS
        )));
    }
    let rubric = builtin_drafter(cli)?.draft(&id, "", &refs, crate::rubric_draft::DEFAULT_CONCEPTS);
    if rubric.concepts.is_empty() {
        let names: Vec<String> = references.iter().map(|p| crate::escape::path(p)).collect();
        return Err(Error::Usage(format!(
            "{}: no key phrase to draft a rubric from (the reference needs words beyond punctuation, numbers and the most common English words)",
            names.join(", ")
        )));
    }
    let question = serde_norway::to_string(&crate::bank::Question {
        id,
        theme: "reference".to_owned(),
        title: "Scored against a reference answer".to_owned(),
        question: "(reference answer)".to_owned(),
        probes: "Drafted from the reference.".to_owned(),
        time_box_minutes: 5,
        follow_ups: Vec::new(),
        key_points: Vec::new(),
    })
    .expect("a question serializes");
    let files = vec![
        crate::bank::load::BankFile {
            path: "<reference>/question.yaml".into(),
            kind: crate::bank::FileKind::Question,
            text: question,
        },
        crate::bank::load::BankFile {
            path: "<reference>/rubric.yaml".into(),
            kind: crate::bank::FileKind::Rubric,
            text: crate::rubric_draft::to_yaml(&rubric),
        },
    ];
    Ok(crate::bank::from_files(files)?)
}

/// Decides colour and decoration: `--color` wins, then `NO_COLOR`, then
/// whether stdout is a terminal.
pub fn style_for(choice: ColorChoice, stdout_is_terminal: bool) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && !no_color,
    };
    Style {
        color,
        decorated: stdout_is_terminal,
        width: output_width(stdout_is_terminal),
        verbose: false,
    }
}

/// The width to fit: the terminal's when stdout is one, else `COLUMNS` when
/// it is set (so piped output can be wrapped on purpose), else none.
fn output_width(stdout_is_terminal: bool) -> Option<u16> {
    let terminal = stdout_is_terminal
        .then(|| comfy_table::Table::new().width())
        .flatten();
    terminal
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<u16>().ok())
        })
        .filter(|&w| w >= 20)
}

/// Checks a `--theme` value against the bank.
fn check_theme(bank: &Bank, theme: Option<&str>) -> Result<(), Error> {
    match theme {
        Some(theme) if !bank.themes().contains(&theme) => Err(Error::Usage(format!(
            "unknown theme {theme:?}; valid themes: {}",
            bank.themes().join(", ")
        ))),
        _ => Ok(()),
    }
}

/// Looks up a question id given on the command line.
fn question<'a>(bank: &'a Bank, id: &str) -> Result<&'a CompiledQuestion, Error> {
    bank.get(id).ok_or_else(|| unknown_question(bank, id))
}

/// The error for a question id the bank does not have, naming valid ones.
fn unknown_question(bank: &Bank, id: &str) -> Error {
    Error::Usage(format!(
        "unknown question {id:?}; {}",
        bank.valid_ids_for(id)
    ))
}
