//! `mock interview`: reads the answers and prints; the session logic (the
//! plan, the follow-ups, the state, the summary) is [`crate::interview`].
//!
//! The session is saved as JSON under `interviews/` in the data folder after
//! every line typed (at most once a second for piped input) and after every
//! question, so Ctrl-C keeps everything; `--resume` continues the newest
//! unfinished session, clock included. Each finished question is recorded in
//! the history at once, with its follow-ups and both scores.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::ask::{tell, Lines, TYPING_HINT};
use super::line_editor::{Clock, Read};
use super::{check_theme, question, Context};
use crate::cli::InterviewArgs;
use crate::error::{Error, EXIT_INPUT, EXIT_OK};
use crate::history::{self, Filter, Store};
use crate::interview::{self, summary, Asked, Current, Options, Session};
use crate::output::interview::{answer_line, follow_up_line, interview_summary};
use crate::output::style::Color;
use crate::readiness::{config, Config};
use crate::scoring::score;
use crate::terminal::plural;

/// The session file, for the Ctrl-C handler's message.
static SESSION_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Runs a mock interview.
pub fn run(context: &Context, args: &InterviewArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let dir = crate::paths::interviews_dir();
    let style = &context.style;
    // The verdict's thresholds, read first: a broken .mock.yaml is reported
    // before the interview, not after it.
    let config = readiness_config()?;
    let mut session = if args.resume {
        let (session, path) = Session::latest_unfinished(&dir).ok_or_else(|| {
            Error::Usage(format!(
                "no unfinished interview to resume in {}",
                dir.display()
            ))
        })?;
        writeln!(
            out,
            "Resuming the interview saved in {} ({} of {} done).\n",
            path.display(),
            plural(session.finished.len(), "question"),
            session.questions.len()
        )?;
        session
    } else {
        check_theme(&context.bank, args.theme.as_deref())?;
        let past = match &context.history {
            Some(path) => Store::open(path)?.attempts(&Filter::default())?,
            None => Vec::new(),
        };
        let options = Options {
            theme: args.theme.clone(),
            questions: args.questions.map(usize::from),
            minutes: args.minutes,
        };
        let plan = interview::plan(&context.bank, &past, &options, history::now());
        Session::new(plan, now_ms())
    };
    for id in &session.questions {
        question(&context.bank, id)?;
    }
    let minutes: u32 = session
        .questions
        .iter()
        .filter_map(|id| context.bank.question(id))
        .map(|q| q.time_box_minutes)
        .sum();
    let intro = format!(
        "Mock interview: {}, about {minutes} minutes: {}.",
        plural(session.questions.len(), "question"),
        session.questions.join(", ")
    );
    writeln!(out, "{}", style.wrap(&intro, "", "  "))?;
    let saved = save(&session, &dir)?;
    set_session_file(Some(saved));
    install_interrupt_handler();

    let bank_hash = history::bank_hash(&context.bank);
    let total = session.questions.len();
    while let Some(id) = session.next_question().map(str::to_owned) {
        let entry = question(&context.bank, &id)?;
        let q = &entry.question;
        let number = session.finished.len() + 1;
        let head = format!(
            "Question {number} of {total}: {} ({}, time box {} minutes)",
            q.title, q.theme, q.time_box_minutes
        );
        writeln!(
            out,
            "\n{}\n",
            style.paint(&style.wrap(&head, "", "  "), Color::Bold)
        )?;
        writeln!(
            out,
            "{}\n",
            style.emphasis(&style.wrap(q.question.trim(), "", ""))
        )?;
        let current = session
            .current
            .get_or_insert_with(|| Current::new(&id, history::now()));
        let time_box = Duration::from_secs(u64::from(q.time_box_minutes) * 60);
        let clock = Clock::new(Duration::from_secs(current.elapsed_seconds), time_box);
        let mut lines = Lines::new(args.no_timer, false, clock, style.color);

        if !current.answered {
            if !current.answer.trim().is_empty() {
                writeln!(out, "Your answer so far:\n\n{}\n", current.answer.trim())?;
            }
            out.flush()?;
            read_answer(&mut lines, &mut session, &dir, &clock, None)?;
        }
        let current = session.current.as_mut().expect("a question is being asked");
        current.answered = true;
        if current.answer.trim().is_empty() {
            // An empty answer ends the interview here.
            session.current = None;
            break;
        }
        let before = score(entry, &current.answer);
        writeln!(out, "\n{}", answer_line("Your answer", &before, style))?;

        loop {
            let spent = clock.elapsed() >= time_box;
            let Some(follow_up) = session.next_follow_up(entry, spent) else {
                let current = session.current.as_ref().expect("a question is being asked");
                let why = if spent {
                    "The time box is spent; next question."
                } else if current.follow_ups.len() >= interview::MAX_FOLLOW_UPS {
                    "That was the last follow-up on this question."
                } else if current
                    .follow_ups
                    .last()
                    .is_some_and(|a| !has_text(&a.answer))
                {
                    "No answer to the follow-up; moving on."
                } else {
                    "Every point of this question is made."
                };
                writeln!(out, "{why}")?;
                break;
            };
            let current = session.current.as_mut().expect("a question is being asked");
            let index = match current.follow_ups.iter().position(|a| !a.done) {
                Some(index) => index,
                None => {
                    current.follow_ups.push(Asked {
                        follow_up: follow_up.clone(),
                        answer: None,
                        done: false,
                    });
                    current.follow_ups.len() - 1
                }
            };
            let asked = style.wrap(&format!("Interviewer: {}", follow_up.question), "", "  ");
            writeln!(
                out,
                "\n{}",
                asked.replacen("Interviewer:", &style.paint("Interviewer:", Color::Bold), 1)
            )?;
            if let Some(so_far) = current.follow_ups[index].answer.as_deref() {
                writeln!(out, "Your answer so far:\n\n{}\n", so_far.trim())?;
            }
            out.flush()?;
            let previous = score(entry, &current.combined());
            read_answer(&mut lines, &mut session, &dir, &clock, Some(index))?;
            let current = session.current.as_mut().expect("a question is being asked");
            current.follow_ups[index].done = true;
            if has_text(&current.follow_ups[index].answer) {
                let after = score(entry, &current.combined());
                writeln!(out, "\n{}", follow_up_line(&previous, &after, style))?;
            }
        }

        let current = session.current.as_mut().expect("a question is being asked");
        current.elapsed_seconds = clock.elapsed().as_secs();
        let attempt = session
            .finish_question(entry, &bank_hash)
            .expect("a question is being asked")
            .clone();
        if let Some(path) = &context.history {
            Store::open(path)?.record(std::slice::from_ref(&attempt))?;
        }
        let text = format!(
            "Recorded {}: {:.1} before the follow-ups, {:.1} after.",
            attempt.question,
            attempt.score,
            attempt.final_score()
        );
        writeln!(out, "{}", style.wrap(&text, "", "  "))?;
        save(&session, &dir)?;
    }

    set_session_file(None);
    session.current = None;
    session.ended = true;
    let path = save(&session, &dir)?;
    if session.finished.is_empty() {
        std::fs::remove_file(&path).ok();
        writeln!(out, "\nNo answer given; nothing scored.")?;
        return Ok(EXIT_INPUT);
    }
    let summary = summary::summarize(&context.bank, &session, &config);
    writeln!(out, "\n{}", interview_summary(&summary, style))?;
    Ok(EXIT_OK)
}

fn has_text(answer: &Option<String>) -> bool {
    answer.as_deref().is_some_and(|a| !a.trim().is_empty())
}

/// The thresholds of `mock report`: `.mock.yaml` in the current folder or
/// its nearest parent, else the defaults.
fn readiness_config() -> Result<Config, Error> {
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match config::discover(&here) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

/// Reads one answer into the current question (`follow_up`: into that
/// follow-up's answer), until the end of input or a line holding only `.`,
/// saving the session after every line. Ctrl-C saves it and exits.
fn read_answer(
    lines: &mut Lines,
    session: &mut Session,
    dir: &Path,
    clock: &Clock,
    follow_up: Option<usize>,
) -> Result<(), Error> {
    if lines.interactive() {
        tell(TYPING_HINT);
    }
    // Piped input can bring thousands of lines a second: the session is
    // saved at most once a second then, and when the answer ends.
    let mut saved_at: Option<Instant> = None;
    let mut unsaved = false;
    loop {
        let read = lines.read()?;
        let current = session.current.as_mut().expect("a question is being asked");
        current.elapsed_seconds = clock.elapsed().as_secs();
        let line = match read {
            Read::Entry(line) if line.trim() == "." => break,
            Read::Entry(line) => line,
            Read::End => break,
            Read::Interrupted => {
                save(session, dir)?;
                interrupted();
            }
        };
        let slot = match follow_up {
            None => &mut current.answer,
            Some(index) => current.follow_ups[index]
                .answer
                .get_or_insert_with(String::new),
        };
        if (slot.len() + line.len()) as u64 > crate::input::MAX_ANSWER_BYTES {
            save(session, dir)?;
            return Err(Error::Usage(format!(
                "the answer is over the {} MB limit; the text before this line is saved (mock interview --resume)",
                crate::input::MAX_ANSWER_MB
            )));
        }
        slot.push_str(&line);
        slot.push('\n');
        if lines.interactive() || saved_at.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
            save(session, dir)?;
            saved_at = Some(Instant::now());
            unsaved = false;
        } else {
            unsaved = true;
        }
    }
    if unsaved {
        save(session, dir)?;
    }
    Ok(())
}

fn save(session: &Session, dir: &Path) -> Result<PathBuf, Error> {
    session.save(dir).map_err(|e| {
        Error::Usage(format!(
            "cannot save the interview in {}: {e} (set MOCK_DATA_DIR)",
            dir.display()
        ))
    })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn set_session_file(path: Option<PathBuf>) {
    if let Ok(mut current) = SESSION_FILE.lock() {
        *current = path;
    }
}

fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| interrupted());
}

/// Ctrl-C: says where the session is kept and exits 130.
#[allow(clippy::print_stderr)]
fn interrupted() -> ! {
    let file = SESSION_FILE.lock().ok().and_then(|f| f.clone());
    match file {
        Some(path) => eprintln!(
            "\nmock: interrupted; the interview so far is saved in {} (continue with: mock interview --resume)",
            path.display()
        ),
        None => eprintln!("\nmock: interrupted"),
    }
    std::process::exit(130);
}
