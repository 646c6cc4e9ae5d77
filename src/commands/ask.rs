//! `mock ask`: the mock interview.
//!
//! The answer is written to a draft file line by line as it is typed (or
//! taken from the editor's file), so it is on disk before any scoring
//! happens: Ctrl-C, a crash or a kill never loses more than the line being
//! typed. The draft is a valid answer file (front matter `question: <id>`),
//! so `mock score DRAFT` scores it later.

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
use crate::report::render_detail;
use crate::report::style::Color;
use crate::scoring::score;

/// The draft being typed, for the Ctrl-C handler.
static DRAFT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Runs one mock interview.
pub fn run(context: &Context, args: &AskArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let entry = pick(context, args)?;
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
    out.flush()?;

    install_interrupt_handler();
    let draft = draft_path(&q.id)?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock();
    let started = Instant::now();
    let answer = if args.editor {
        edit(&draft, entry, None, "")?
    } else {
        type_answer(&mut lines, &draft, entry, args, started)?
    };
    let elapsed = started.elapsed();
    if answer.trim().is_empty() {
        std::fs::remove_file(&draft).ok();
        writeln!(out, "No answer given; nothing scored.")?;
        return Ok(EXIT_INPUT);
    }

    let assessment = score(entry, &answer);
    // The follow-up is asked below, as the interviewer would, not listed.
    let shown = crate::scoring::Assessment {
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

    let follow_up = assessment.follow_up.clone().filter(|_| !args.no_follow_up);
    if let Some(follow_up) = follow_up {
        writeln!(
            out,
            "\n{} {follow_up}",
            style.paint("Interviewer:", Color::Bold)
        )?;
        out.flush()?;
        let extra = if args.editor {
            edit(&draft, entry, Some(&follow_up), &answer)?
        } else {
            type_answer(&mut lines, &draft, entry, args, Instant::now())?
        };
        let extra = extra
            .strip_prefix(answer.as_str())
            .unwrap_or(&extra)
            .trim()
            .to_owned();
        if !extra.is_empty() {
            let combined = format!("{answer}\n\n{extra}\n");
            let after = score(entry, &combined);
            let gained: Vec<&str> = after
                .concepts
                .iter()
                .zip(&assessment.concepts)
                .filter(|(now, before)| now.hit && !before.hit)
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
        }
    }
    DRAFT.lock().map(|mut d| d.take()).ok();
    writeln!(out, "\nYour answer is saved in {}", draft.display())?;
    Ok(EXIT_OK)
}

/// Picks the question: `--id`, or a random one of `--theme` (seeded).
fn pick<'a>(context: &'a Context, args: &AskArgs) -> Result<&'a Entry, Error> {
    if let Some(id) = &args.id {
        return question(&context.bank, id);
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

/// Reads an answer from stdin until EOF or a line holding only `.`, saving
/// the draft after every line.
fn type_answer(
    lines: &mut dyn BufRead,
    draft: &Path,
    entry: &Entry,
    args: &AskArgs,
    started: Instant,
) -> Result<String, Error> {
    let interactive = std::io::stdin().is_terminal();
    let mut prompt = std::io::stderr();
    if interactive {
        writeln!(
            prompt,
            "Type your answer; finish with Ctrl-D or a line holding only '.'."
        )?;
    }
    let previous = std::fs::read_to_string(draft)
        .ok()
        .map(|d| body(&d).to_owned())
        .unwrap_or_default();
    let mut answer = previous.clone();
    let time_box = Duration::from_secs(u64::from(entry.question.time_box_minutes) * 60);
    let mut line = String::new();
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
        line.clear();
        if lines.read_line(&mut line)? == 0 || line.trim_end() == "." {
            break;
        }
        answer.push_str(&line);
        save_draft(draft, entry, &answer)?;
    }
    Ok(answer
        .strip_prefix(previous.as_str())
        .unwrap_or(&answer)
        .to_owned())
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
        let kept = if previous.is_empty() {
            answer.clone()
        } else {
            format!("{previous}\n\n{answer}")
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

/// Where answers and drafts are kept: `MOCK_DATA_DIR`, else the platform
/// data directory (`$XDG_DATA_HOME/mock`, `~/.local/share/mock`).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MOCK_DATA_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("mock");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/mock"),
        None => std::env::temp_dir().join("mock"),
    }
}

fn draft_path(id: &str) -> Result<PathBuf, Error> {
    let dir = data_dir().join("answers");
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::Usage(format!(
            "cannot create {} to save your answer: {e} (set MOCK_DATA_DIR)",
            dir.display()
        ))
    })?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let path = dir.join(format!("{stamp}-{id}.md"));
    if let Ok(mut current) = DRAFT.lock() {
        *current = Some(path.clone());
    }
    Ok(path)
}

/// Writes the draft atomically: a temporary file renamed over the old one.
fn save_draft(path: &Path, entry: &Entry, answer: &str) -> Result<(), Error> {
    let text = format!("---\nquestion: {}\n---\n{answer}", entry.question.id);
    crate::fsutil::write_atomic(path, text.as_bytes())?;
    Ok(())
}

/// The answer part of a saved draft.
fn body(draft: &str) -> &str {
    draft.splitn(3, "---\n").nth(2).unwrap_or(draft)
}

#[allow(clippy::print_stderr)]
fn install_interrupt_handler() {
    // Ignore the error of a second installation (tests run several asks).
    let _ = ctrlc::set_handler(|| {
        let draft = DRAFT
            .lock()
            .ok()
            .and_then(|d| d.clone())
            .filter(|p| p.exists());
        match draft {
            Some(path) => eprintln!(
                "\nmock: interrupted; your answer so far is saved in {} (score it with: mock score {})",
                path.display(),
                path.display()
            ),
            None => eprintln!("\nmock: interrupted before any answer was typed; nothing to save"),
        }
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
