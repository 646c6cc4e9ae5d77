//! `mock ask`: the mock interview.
//!
//! The answer is written to a draft file line by line as it is typed (or
//! taken from the editor's file), so it is on disk before any scoring or
//! storage happens: Ctrl-C, a crash or a kill never loses more than the line
//! being typed, and `mock ask --resume` continues the newest draft. A draft
//! is a valid answer file (front matter `question: <id>`); when the
//! interview ends it moves to the answers folder and the attempt is stored in
//! the practice history.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{check_theme, question, Context};
use crate::bank::Entry;
use crate::cli::AskArgs;
use crate::error::{Error, EXIT_INPUT, EXIT_OK};
use crate::history::{self, schedule, Attempt, Filter, Store};
use crate::report::render_detail;
use crate::report::style::Color;
use crate::scoring::{score, Assessment};

/// The draft being typed, for the Ctrl-C handler.
static DRAFT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Runs one mock interview.
pub fn run(context: &Context, args: &AskArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let (entry, draft, previous) = if args.resume {
        resume(context)?
    } else {
        (pick(context, args)?, None, String::new())
    };
    let q = &entry.question;
    let style = &context.style;
    writeln!(
        out,
        "{} ({}, time box {} minutes)\n",
        style.paint(&q.title, Color::Bold),
        q.theme,
        q.time_box_minutes
    )?;
    writeln!(out, "{}\n", q.question.trim())?;
    let draft = match draft {
        Some(path) => {
            writeln!(
                out,
                "Resuming your draft {} ({} words so far):\n\n{}\n",
                path.display(),
                previous.split_whitespace().count(),
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
    let stdin = std::io::stdin();
    let mut lines = stdin.lock();
    let clock = Instant::now();
    let answer = if args.editor {
        // The editor starts from the previous text, so it returns all of it.
        edit(&draft, entry, None, &previous)?
    } else {
        join(
            &previous,
            &type_answer(&mut lines, &draft, entry, args, clock, &previous)?,
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
    // The follow-up is asked below, as the interviewer would, not listed.
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
    if let Some(follow_up) = assessment.follow_up.clone().filter(|_| !args.no_follow_up) {
        writeln!(
            out,
            "\n{} {follow_up}",
            style.paint("Interviewer:", Color::Bold)
        )?;
        out.flush()?;
        let extra = if args.editor {
            edit(&draft, entry, Some(&follow_up), &answer)?
        } else {
            type_answer(&mut lines, &draft, entry, args, Instant::now(), &answer)?
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
            writeln!(
                out,
                "\nWith the follow-up: score {:.1} ({:+.1}); newly covered: {}",
                after.score,
                after.score - assessment.score,
                if gained.is_empty() {
                    "nothing".to_owned()
                } else {
                    gained.join("; ")
                }
            )?;
            follow_up_pair = Some((follow_up, extra));
        }
    }

    let kept = keep_answer(&draft)?;
    set_current_draft(None);
    writeln!(out, "\nYour answer is saved in {}", kept.display())?;
    if let Some(path) = &context.history {
        // The attempt is scored on the first answer: the follow-up is help.
        let attempt = Attempt::new(
            &assessment,
            "ask",
            answer.trim(),
            follow_up_pair,
            started_at,
            history::now(),
            q.time_box_minutes,
            &history::bank_hash(&context.bank),
        );
        Store::open(path)?.record(&[attempt])?;
    }
    Ok(EXIT_OK)
}

/// Picks the question: `--id`, `--due`, or a random one of `--theme` (seeded).
fn pick<'a>(context: &'a Context, args: &AskArgs) -> Result<&'a Entry, Error> {
    if let Some(id) = &args.id {
        return question(&context.bank, id);
    }
    if args.due {
        let attempts = super::practice::store(context)?.attempts(&Filter::default())?;
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

/// The newest unfinished draft, its question and its text.
fn resume(context: &Context) -> Result<(&Entry, Option<PathBuf>, String), Error> {
    let dir = crate::paths::drafts_dir();
    let newest = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !is_hidden(p))
        .max()
        .ok_or_else(|| {
            Error::Usage(format!(
                "no unfinished draft to resume in {}",
                dir.display()
            ))
        })?;
    let bytes = std::fs::read(&newest)?;
    let source = newest.display().to_string();
    let answer = crate::batch::guarded(&source, || crate::input::parse_text(&source, &bytes))?;
    let id = answer.question.ok_or_else(|| {
        Error::Usage(format!("{}: the draft names no question", newest.display()))
    })?;
    Ok((
        question(&context.bank, &id)?,
        Some(newest),
        body(&String::from_utf8_lossy(&bytes)).to_owned(),
    ))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Reads an answer from stdin until EOF or a line holding only `.`, saving
/// the draft (`previous` text plus the new lines) after every line.
fn type_answer(
    lines: &mut dyn BufRead,
    draft: &Path,
    entry: &Entry,
    args: &AskArgs,
    started: Instant,
    previous: &str,
) -> Result<String, Error> {
    let interactive = std::io::stdin().is_terminal();
    let mut prompt = std::io::stderr();
    if interactive {
        writeln!(
            prompt,
            "Type your answer; finish with Ctrl-D or a line holding only '.'."
        )?;
    }
    let mut typed = String::new();
    let mut appender: Option<Appender> = None;
    let time_box = Duration::from_secs(u64::from(entry.question.time_box_minutes) * 60);
    let mut bytes = Vec::new();
    loop {
        if interactive && !args.no_timer {
            write!(
                prompt,
                "[{} / {}] ",
                clock(started.elapsed()),
                clock(time_box)
            )?;
            prompt.flush()?;
        }
        // Lines are read within the answer limit, however long they are.
        let limit =
            crate::input::MAX_ANSWER_BYTES.saturating_sub((previous.len() + typed.len()) as u64);
        match crate::input::read_line_bounded(lines, &mut bytes, limit)? {
            crate::input::Line::End => break,
            crate::input::Line::TooLong => {
                return Err(Error::Usage(format!(
                    "the answer is over the {} MB limit; the text before this line is saved in {}",
                    crate::input::MAX_ANSWER_MB,
                    draft.display()
                )))
            }
            crate::input::Line::Read => {}
        }
        let line = std::str::from_utf8(&bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if line.trim_end() == "." {
            break;
        }
        // Until the first words, the draft is rewritten whole (joining the
        // previous text); after them, each line is appended.
        let appending = !typed.trim().is_empty();
        typed.push_str(line);
        let appended = appending
            && appender
                .as_mut()
                .is_some_and(|appender| appender.append(line).is_ok());
        if !appended {
            save_draft(draft, entry, &join(previous, &typed))?;
            appender = Appender::open(draft);
        }
    }
    Ok(typed)
}

/// Appends lines to a saved draft: writing each line costs its own length,
/// not the whole draft's, and `fsync` runs at most once a second (a killed
/// process loses nothing written; a power cut at most the last second).
struct Appender {
    file: std::fs::File,
    synced: Instant,
}

impl Appender {
    fn open(draft: &Path) -> Option<Appender> {
        let file = std::fs::OpenOptions::new().append(true).open(draft).ok()?;
        Some(Appender {
            file,
            synced: Instant::now(),
        })
    }

    fn append(&mut self, line: &str) -> std::io::Result<()> {
        self.file.write_all(line.as_bytes())?;
        if self.synced.elapsed() >= Duration::from_secs(1) {
            self.file.sync_data()?;
            self.synced = Instant::now();
        }
        Ok(())
    }
}

impl Drop for Appender {
    fn drop(&mut self) {
        let _ = self.file.sync_data();
    }
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
    entry: &Entry,
    follow_up: Option<&str>,
    previous: &str,
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
    let answer: String = text
        .lines()
        .filter(|l| !l.starts_with("#>"))
        .collect::<Vec<_>>()
        .join("\n");
    if !answer.trim().is_empty() {
        let kept = if follow_up.is_some() {
            join(previous, &answer)
        } else {
            answer.clone()
        };
        save_draft(draft, entry, &kept)?;
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

/// A new draft path: `<drafts>/<unix-ms>-<id>.md`.
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
    Ok(dir.join(format!("{stamp}-{id}.md")))
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

/// Moves a finished draft to the answers folder.
fn keep_answer(draft: &Path) -> Result<PathBuf, Error> {
    let dir = crate::paths::answers_dir();
    let kept = dir.join(draft.file_name().expect("drafts have names"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::rename(draft, &kept))
        .map_err(|e| {
            Error::Usage(format!(
                "cannot move the answer to {}: {e}; it stays in {}",
                kept.display(),
                draft.display()
            ))
        })?;
    Ok(kept)
}

/// Writes the draft atomically: a temporary file renamed over the old one.
/// When it cannot be written, the answer is not lost: it goes to a file in
/// the temporary folder, or failing that is printed back, and the error
/// names the draft that failed.
fn save_draft(path: &Path, entry: &Entry, answer: &str) -> Result<(), Error> {
    let text = format!("---\nquestion: {}\n---\n{answer}", entry.question.id);
    let Err(error) = crate::fsutil::write_atomic(path, text.as_bytes()) else {
        return Ok(());
    };
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let fallback = std::env::temp_dir().join(format!("mock-answer-{stamp}.md"));
    let kept = match crate::fsutil::write_atomic(&fallback, text.as_bytes()) {
        Ok(()) => format!("your answer is kept in {}", fallback.display()),
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

/// Prints an answer that could not be saved, on stderr.
fn print_back(answer: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "\n----- your answer -----\n{}\n-----------------------",
        answer.trim_end()
    );
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
    let _ = ctrlc::set_handler(|| {
        let draft = DRAFT
            .lock()
            .ok()
            .and_then(|d| d.clone())
            .filter(|p| p.exists());
        let _ = match draft {
            Some(path) => writeln!(
                std::io::stderr(),
                "\nmock: interrupted; your answer so far is saved in {} (continue with: mock ask --resume)",
                path.display()
            ),
            None => writeln!(
                std::io::stderr(),
                "\nmock: interrupted before any answer was typed; nothing to save"
            ),
        };
        std::process::exit(130);
    });
}

fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}
