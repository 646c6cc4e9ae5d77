//! `mock ask`: the mock interview.
//!
//! The answer is written to a draft file line by line as it is typed (or
//! taken from the editor's file), so it is on disk before any scoring or
//! storage happens: Ctrl-C, a crash or a kill never loses more than the line
//! being typed, and `mock ask --resume` continues the newest draft. A draft
//! is a valid answer file (front matter `question: <id>`); when the
//! interview ends it moves to the answers folder and the attempt is stored in
//! the practice history.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::line_editor::{self, Clock, LineEditor, Read};
use super::{check_theme, question, Context};
use crate::cli::AskArgs;
use crate::error::{Error, EXIT_INPUT, EXIT_OK};
use crate::history::{self, schedule, Attempt, Filter, Store};
use crate::output::render_detail;
use crate::output::style::Color;
use crate::output::Style;
use crate::scoring::{score, Assessment};
use mock_engine::CompiledQuestion;

/// The draft being typed, for the Ctrl-C handler.
static DRAFT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Runs one mock interview.
pub fn run(context: &Context, args: &AskArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let (entry, draft, previous, spent) = if args.resume {
        resume(context)?
    } else {
        (pick(context, args)?, None, String::new(), Duration::ZERO)
    };
    let q = &entry.question;
    let style = &Style {
        verbose: args.verbose,
        ..context.style
    };
    writeln!(
        out,
        "{} ({}, time box {} minutes)\n",
        style.paint(&q.title, Color::Bold),
        q.theme,
        q.time_box_minutes
    )?;
    writeln!(
        out,
        "{}\n",
        style.emphasis(&style.wrap(q.question.trim(), "", ""))
    )?;
    let draft = match draft {
        Some(path) => {
            writeln!(
                out,
                "Resuming your draft {} ({} words so far, {} spent):\n\n{}\n",
                path.display(),
                previous.split_whitespace().count(),
                minutes(spent),
                previous.trim()
            )?;
            path
        }
        None => new_draft(&q.id)?,
    };
    out.flush()?;
    set_current_draft(Some(draft.clone()));
    install_interrupt_handler();

    let started_at = draft_started_at(&draft);
    let time_box = Duration::from_secs(u64::from(q.time_box_minutes) * 60);
    let clock = Clock::new(spent, time_box);
    let mut lines = Lines::new(args.no_timer, args.editor, clock, style.color);
    let answer = if args.editor {
        // The editor starts from the previous text, so it returns all of it.
        edit(&draft, entry, None, &previous, &clock)?
    } else {
        join(
            &previous,
            &type_answer(&mut lines, &draft, entry, &clock, &previous)?,
        )
    };
    let elapsed = clock.elapsed();
    if answer.trim().is_empty() {
        std::fs::remove_file(&draft).ok();
        set_current_draft(None);
        writeln!(out, "No answer given; nothing scored.")?;
        return Ok(EXIT_INPUT);
    }

    let assessment = score(entry, &answer);
    // The follow-up digs at the most important point not made (never at
    // one made); it is asked below, as the interviewer would, not listed.
    let follow_up = crate::interview::follow_up::choose(entry, &assessment, &[]);
    let shown = Assessment {
        follow_up: None,
        ..assessment.clone()
    };
    writeln!(out, "\n{}", render_detail(&shown, style))?;
    writeln!(
        out,
        "Time: {} of the {}-minute time box.",
        minutes(elapsed),
        q.time_box_minutes
    )?;

    let mut follow_up_pair = None;
    let concept_asked = follow_up.as_ref().map(|f| f.concept.clone());
    if let Some(follow_up) = follow_up.map(|f| f.question).filter(|_| !args.no_follow_up) {
        let asked = style.wrap(&format!("Interviewer: {follow_up}"), "", "  ");
        writeln!(
            out,
            "\n{}",
            asked.replacen("Interviewer:", &style.paint("Interviewer:", Color::Bold), 1)
        )?;
        out.flush()?;
        let extra = if args.editor {
            edit(&draft, entry, Some(&follow_up), &answer, &clock)?
        } else {
            type_answer(&mut lines, &draft, entry, &clock, &answer)?
        };
        let extra = extra.trim().to_owned();
        if !extra.is_empty() {
            let after = score(entry, &format!("{answer}\n\n{extra}\n"));
            let gained: Vec<&str> = after
                .concepts
                .iter()
                .zip(&assessment.concepts)
                .filter(|(now, before)| now.credit > before.credit)
                .map(|(now, _)| now.label.as_str())
                .collect();
            let text = format!(
                "With the follow-up: score {:.1} ({:+.1}); newly covered: {}",
                after.score,
                after.score - assessment.score,
                if gained.is_empty() {
                    "nothing".to_owned()
                } else {
                    gained.join("; ")
                }
            );
            writeln!(out, "\n{}", style.wrap(&text, "", "  "))?;
            follow_up_pair = Some((follow_up, extra, after));
        }
    }

    let kept = keep_answer(&draft)?;
    set_current_draft(None);
    let saved = format!("Your answer is saved in {}", kept.display());
    writeln!(out, "\n{}", style.wrap(&saved, "", "  "))?;
    if let Some(path) = &context.history {
        // Both scores are kept: before the follow-up, and with it (final).
        let mut attempt = Attempt::new(
            &assessment,
            "ask",
            answer.trim(),
            (started_at, history::now()),
            q.time_box_minutes,
            &history::bank_hash(&context.bank),
        );
        if let Some((question, answer, after)) = follow_up_pair {
            let exchange = history::FollowUpExchange {
                concept: concept_asked,
                question,
                score: after.score,
                answer,
            };
            attempt = attempt.with_follow_ups(vec![exchange], &after);
        }
        Store::open(path)?.record(&[attempt])?;
    }
    Ok(EXIT_OK)
}

/// Picks the question: `--id`, `--due`, or a random one of `--theme` (seeded).
fn pick<'a>(context: &'a Context, args: &AskArgs) -> Result<&'a CompiledQuestion, Error> {
    if let Some(id) = &args.id {
        return question(&context.bank, id);
    }
    if args.due {
        let attempts = super::practice::reading_store(context)?.attempts(&Filter::default())?;
        let ids = context.bank.ids();
        let most_due = schedule::order(&ids, &attempts)
            .into_iter()
            .next()
            .expect("a bank has questions");
        return question(&context.bank, &most_due.question);
    }
    check_theme(&context.bank, args.theme.as_deref())?;
    let candidates = context.bank.in_theme(args.theme.as_deref());
    let seed = args.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let index = StdRng::seed_from_u64(seed).gen_range(0..candidates.len());
    Ok(candidates[index])
}

/// The newest unfinished draft, its question, its text and the time already
/// spent on it.
fn resume(
    context: &Context,
) -> Result<(&CompiledQuestion, Option<PathBuf>, String, Duration), Error> {
    let dir = crate::paths::drafts_dir();
    let mut drafts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !is_hidden(p))
        // An empty file is a draft just created by a `mock ask` still
        // waiting for its first line (or killed before it).
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > 0))
        .collect();
    drafts.sort();
    let mut problems = Vec::new();
    // The newest draft that can be read: a broken one does not block the
    // others, and is named.
    while let Some(newest) = drafts.pop() {
        match read_draft(context, &newest) {
            Ok((entry, text, spent)) => {
                for problem in &problems {
                    crate::terminal::error_line(&format!("{problem}; resuming an older draft"));
                }
                return Ok((entry, Some(newest), text, spent));
            }
            Err(error) => problems.push(error.to_string()),
        }
    }
    match problems.pop() {
        Some(problem) => Err(Error::Usage(problem)),
        None => Err(Error::Usage(format!(
            "no unfinished draft to resume in {}",
            dir.display()
        ))),
    }
}

/// A draft's question, its text and the time already spent on it.
fn read_draft<'a>(
    context: &'a Context,
    path: &Path,
) -> Result<(&'a CompiledQuestion, String, Duration), Error> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let source = path.display().to_string();
    let answer = crate::batch::guarded(&source, || crate::input::parse_text(&source, &bytes))?;
    let id = answer
        .question
        .ok_or_else(|| Error::Usage(format!("{}: the draft names no question", path.display())))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok((
        question(&context.bank, &id)?,
        body(&text).to_owned(),
        Duration::from_secs(saved_elapsed(&text)),
    ))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Where the typed answer comes from: the line editor on a terminal, or
/// stdin line by line when it is piped (or the terminal cannot be edited).
/// `mock interview` reads its answers through it too.
pub(super) enum Lines {
    Editor(Box<LineEditor>),
    Plain {
        stdin: std::io::StdinLock<'static>,
        /// Print a plain `[mm:ss / mm:ss]` prompt before each line.
        clock: Option<Clock>,
        /// Stdin is a terminal (that rustyline could not edit).
        terminal: bool,
    },
}

impl Lines {
    pub(super) fn new(no_timer: bool, editor: bool, clock: Clock, color: bool) -> Lines {
        let terminal = std::io::stdin().is_terminal();
        let clock = (!no_timer).then_some(clock);
        if terminal && !editor {
            if let Ok(editor) = LineEditor::new(clock, color) {
                return Lines::Editor(Box::new(editor));
            }
        }
        Lines::Plain {
            stdin: std::io::stdin().lock(),
            clock: clock.filter(|_| terminal),
            terminal,
        }
    }

    /// The next entry: a line (or a multi-line paste) without its newline.
    pub(super) fn read(&mut self) -> Result<Read, Error> {
        match self {
            Lines::Editor(editor) => editor
                .read()
                .map_err(|e| Error::Usage(format!("cannot read from the terminal: {e}"))),
            Lines::Plain { stdin, clock, .. } => {
                if let Some(clock) = clock {
                    let mut prompt = std::io::stderr();
                    write!(prompt, "{}", clock.prompt_at(clock.elapsed()).0)?;
                    prompt.flush()?;
                }
                // A line is read within the answer limit, however long it is.
                let mut bytes = Vec::new();
                match crate::input::read_line_bounded(
                    stdin,
                    &mut bytes,
                    crate::input::MAX_ANSWER_BYTES,
                )? {
                    crate::input::Line::End => return Ok(Read::End),
                    crate::input::Line::TooLong => {
                        return Err(Error::Usage(format!(
                            "a line of the answer is over the {} MB limit",
                            crate::input::MAX_ANSWER_MB
                        )))
                    }
                    crate::input::Line::Read => {}
                }
                let line = String::from_utf8_lossy(&bytes).into_owned();
                let line = line.strip_suffix('\n').unwrap_or(&line);
                let line = line.strip_suffix('\r').unwrap_or(line);
                Ok(Read::Entry(line_editor::clean(line)))
            }
        }
    }

    /// Whether a person is typing (stdin is a terminal).
    pub(super) fn interactive(&self) -> bool {
        match self {
            Lines::Editor(_) => true,
            Lines::Plain { terminal, .. } => *terminal,
        }
    }
}

/// Reads an answer until the end of input (Ctrl-D) or a line holding only
/// `.`, saving the draft (`previous` text plus the new lines, and the time
/// spent) after every entry. Ctrl-C in the line editor ends the run as the
/// SIGINT handler does: the draft stays, with the time spent.
fn type_answer(
    lines: &mut Lines,
    draft: &Path,
    entry: &CompiledQuestion,
    clock: &Clock,
    previous: &str,
) -> Result<String, Error> {
    if lines.interactive() {
        tell(TYPING_HINT);
    }
    let mut typed = String::new();
    // A person types a line every few seconds, and each is saved at once.
    // Piped input can bring thousands of lines a second: rewriting (and
    // syncing) the whole draft for each would cost the square of its size,
    // so it is saved at most once a second, and when the input ends.
    let mut saved: Option<std::time::Instant> = None;
    let mut unsaved = false;
    // Before any error ends the answer, what was typed is saved: the error
    // then says where, and it is true.
    let save_then = |typed: &str, unsaved: bool, problem: String| -> Error {
        if unsaved {
            if let Err(error) = save_draft(draft, entry, &join(previous, typed), clock) {
                return error;
            }
        }
        Error::Usage(format!(
            "{problem}; the text before it is saved in {}",
            draft.display()
        ))
    };
    loop {
        let read = match lines.read() {
            Ok(read) => read,
            Err(Error::Usage(problem)) => return Err(save_then(&typed, unsaved, problem)),
            Err(error) => {
                if unsaved {
                    save_draft(draft, entry, &join(previous, &typed), clock)?;
                }
                return Err(error);
            }
        };
        match read {
            Read::Entry(line) if line.trim() == "." => break,
            Read::Entry(line) => {
                if (previous.len() + typed.len() + line.len()) as u64
                    > crate::input::MAX_ANSWER_BYTES
                {
                    let problem = format!(
                        "the answer is over the {} MB limit at this line",
                        crate::input::MAX_ANSWER_MB
                    );
                    return Err(save_then(&typed, unsaved, problem));
                }
                typed.push_str(&line);
                typed.push('\n');
                let due = saved.is_none_or(|at| at.elapsed() >= Duration::from_secs(1));
                if lines.interactive() || due {
                    save_draft(draft, entry, &join(previous, &typed), clock)?;
                    saved = Some(std::time::Instant::now());
                    unsaved = false;
                } else {
                    unsaved = true;
                }
            }
            Read::End => break,
            Read::Interrupted => {
                if draft.exists() {
                    save_draft(draft, entry, &join(previous, &typed), clock)?;
                }
                interrupted();
            }
        }
    }
    if unsaved {
        save_draft(draft, entry, &join(previous, &typed), clock)?;
    }
    Ok(typed)
}

/// How to finish an answer: under 80 columns, so no lone `.` wraps onto a
/// line of its own and reads as the end-of-answer marker.
pub(super) const TYPING_HINT: &str =
    "Type your answer; end it with Ctrl-D on an empty line or a line of just '.'";

/// A line for the person at the terminal, on stderr.
#[allow(clippy::print_stderr)]
pub(super) fn tell(text: &str) {
    eprintln!("{text}");
}

fn join(previous: &str, more: &str) -> String {
    if previous.trim().is_empty() {
        more.to_owned()
    } else if more.trim().is_empty() {
        previous.to_owned()
    } else {
        format!("{}\n\n{more}", previous.trim_end())
    }
}

/// Lets the user write the answer in `$VISUAL` or `$EDITOR`.
fn edit(
    draft: &Path,
    entry: &CompiledQuestion,
    follow_up: Option<&str>,
    previous: &str,
    clock: &Clock,
) -> Result<String, Error> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let mut template = format!(
        "#> {}\n#> Lines starting with '#>' are ignored.\n",
        entry.question.question.trim()
    );
    if let Some(follow_up) = follow_up {
        template.push_str(&format!(
            "#> Follow-up: {follow_up}\n#> Write your follow-up answer below.\n"
        ));
    } else if !previous.is_empty() {
        template.push_str(previous);
    }
    let path = draft.with_extension("edit.md");
    std::fs::write(&path, &template)?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .map_err(|e| Error::Usage(format!("cannot start the editor {editor:?}: {e}")))?;
    let text = std::fs::read_to_string(&path)?;
    let answer = line_editor::clean(
        &text
            .lines()
            .filter(|l| !l.starts_with("#>"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    if !answer.trim().is_empty() {
        let kept = if follow_up.is_some() {
            join(previous, &answer)
        } else {
            answer.clone()
        };
        save_draft(draft, entry, &kept, clock)?;
    }
    std::fs::remove_file(&path).ok();
    if !status.success() {
        return Err(Error::Usage(format!(
            "the editor {editor:?} failed ({status}); your text is in {}",
            draft.display()
        )));
    }
    Ok(answer)
}

/// A new draft: `<drafts>/<unix-ms>-<id>.md`, created empty and
/// exclusively, so that two `mock ask` started in the same millisecond
/// never share (and overwrite) one draft; the second gets `-2`, and so on.
fn new_draft(id: &str) -> Result<PathBuf, Error> {
    let dir = crate::paths::drafts_dir();
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::Usage(format!(
            "cannot create {} to save your answer: {e} (set MOCK_DATA_DIR)",
            dir.display()
        ))
    })?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stamp}-{id}.md")
        } else {
            format!("{stamp}-{id}-{n}.md")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot create the draft {}: {e} (set MOCK_DATA_DIR)",
                    path.display()
                )))
            }
        }
    }
}

/// When the draft was started, from its name (Unix milliseconds first).
fn draft_started_at(draft: &Path) -> i64 {
    draft
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('-').next())
        .and_then(|ms| ms.parse::<i64>().ok())
        .map_or_else(history::now, |ms| ms / 1000)
}

/// Moves a finished draft to the answers folder, under a name no other
/// answer has (an existing answer is never replaced).
fn keep_answer(draft: &Path) -> Result<PathBuf, Error> {
    let dir = crate::paths::answers_dir();
    let name = draft.file_name().expect("drafts have names").to_owned();
    let stays = || {
        if draft.exists() {
            format!("it stays in {}", draft.display())
        } else {
            format!("and the draft {} is gone", draft.display())
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::Usage(format!(
            "cannot create {} to keep the answer: {e}; {}",
            dir.display(),
            stays()
        ))
    })?;
    let mut n = 1;
    loop {
        let kept = if n == 1 {
            dir.join(&name)
        } else {
            let stem = Path::new(&name).file_stem().unwrap_or_default();
            dir.join(format!("{}-{n}.md", stem.to_string_lossy()))
        };
        // A hard link fails where a file exists; rename would replace it.
        let moved = match std::fs::hard_link(draft, &kept) {
            Ok(()) => {
                // Kept: a draft that cannot be removed is only a leftover.
                let _ = std::fs::remove_file(draft);
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // No hard links on this file system: rename, after a check.
            Err(_) if !kept.exists() => std::fs::rename(draft, &kept).map(|()| true),
            Err(_) => Ok(false),
        };
        match moved {
            Ok(true) => return Ok(kept),
            Ok(false) => n += 1,
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot move the answer to {}: {e}; {}",
                    kept.display(),
                    stays()
                )))
            }
        }
    }
}

/// Writes the draft atomically (a temporary file renamed over the old one),
/// with the time spent so far in its front matter for `--resume`. When it
/// cannot be written, the answer is not lost: it goes to a file in the
/// temporary folder, or failing that is printed back, and the error names
/// the draft that failed.
fn save_draft(
    path: &Path,
    entry: &CompiledQuestion,
    answer: &str,
    clock: &Clock,
) -> Result<(), Error> {
    let text = format!(
        "---\nquestion: {}\nelapsed_seconds: {}\n---\n{answer}",
        entry.question.id,
        clock.elapsed().as_secs()
    );
    let Err(error) = crate::fsutil::write_atomic(path, text.as_bytes()) else {
        return Ok(());
    };
    let kept = match keep_private(text.as_bytes()) {
        Ok(fallback) => format!("your answer is kept in {}", fallback.display()),
        Err(_) => {
            print_back(answer);
            "your answer so far is printed above".to_owned()
        }
    };
    Err(Error::Usage(format!(
        "cannot save the draft {}: {error}; {kept}",
        path.display()
    )))
}

/// Writes an answer whose draft could not be saved to a new file in the
/// temporary folder, readable by its owner only (the folder is shared).
fn keep_private(bytes: &[u8]) -> std::io::Result<PathBuf> {
    let mut file = tempfile::Builder::new()
        .prefix("mock-answer-")
        .suffix(".md")
        .tempfile_in(std::env::temp_dir())?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    let (_, path) = file.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Prints an answer that could not be saved, on stderr.
fn print_back(answer: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "\n----- your answer -----\n{}\n-----------------------",
        answer.trim_end()
    );
}

/// The `elapsed_seconds` of a draft's front matter (0 when absent).
fn saved_elapsed(draft: &str) -> u64 {
    let Some(front) = draft.strip_prefix("---\n") else {
        return 0;
    };
    front
        .lines()
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("elapsed_seconds:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// The answer part of a saved draft.
fn body(draft: &str) -> &str {
    draft.splitn(3, "---\n").nth(2).unwrap_or(draft)
}

fn set_current_draft(path: Option<PathBuf>) {
    if let Ok(mut current) = DRAFT.lock() {
        *current = path;
    }
}

fn install_interrupt_handler() {
    // Ignore the error of a second installation (tests run several asks).
    let _ = ctrlc::set_handler(|| interrupted());
}

/// Ctrl-C: says where the draft is (or that there is none) and exits 130.
/// From the SIGINT handler, or from the line editor, which reads Ctrl-C as a
/// key.
#[allow(clippy::print_stderr)]
fn interrupted() -> ! {
    let draft = DRAFT.lock().ok().and_then(|d| d.clone()).filter(|p| {
        let typed = std::fs::metadata(p).is_ok_and(|m| m.len() > 0);
        if !typed {
            // The empty draft created at the start: nothing to keep.
            let _ = std::fs::remove_file(p);
        }
        typed
    });
    match draft {
        Some(path) => eprintln!(
            "\nmock: interrupted; your answer so far is saved in {} (continue with: mock ask --resume)",
            path.display()
        ),
        None => eprintln!("\nmock: interrupted before any answer was typed; nothing to save"),
    }
    std::process::exit(130);
}

fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod hint_tests {
    #[test]
    fn the_typing_hint_fits_79_columns() {
        // 80 columns would wrap a lone '.' onto a line of its own, where it
        // reads as the end-of-answer marker.
        assert!(super::TYPING_HINT.chars().count() <= 79);
        assert!(super::TYPING_HINT.ends_with("'.'"));
    }
}

#[cfg(test)]
mod tests {
    /// The fallback for an answer whose draft could not be saved lives in
    /// the shared temporary folder: only its owner may read it (it was
    /// created 0644).
    #[cfg(unix)]
    #[test]
    fn the_fallback_answer_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let path = super::keep_private(b"my answer").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
}
