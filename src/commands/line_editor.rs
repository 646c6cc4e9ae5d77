//! Line editing for `mock ask` on a terminal (rustyline, ADR 0008), with a
//! live clock in the prompt.
//!
//! The prompt `[mm:ss / mm:ss] ` shows the elapsed time against the time
//! box and is redrawn every second while a line is being edited: a ticker
//! thread sends rustyline's external printer a message made of one
//! cursor-up and a newline, after which rustyline repaints the prompt in
//! place through [`Highlighter::highlight_prompt`], which renders the
//! current time. Past the time box the prompt reads `[over by mm:ss] `, in
//! red when colour is on. Every text returned is cleaned of control
//! characters (see [`clean`]).

use std::borrow::Cow;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustyline::completion::Completer;
use rustyline::config::{Behavior, ColorMode, Config};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Editor, ExternalPrinter, Helper};

/// The interview clock: time already spent (a resumed draft) plus the time
/// since this run started.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: Instant,
    before: Duration,
    time_box: Duration,
}

impl Clock {
    /// A clock started now, `before` already spent, against `time_box`.
    pub fn new(before: Duration, time_box: Duration) -> Clock {
        Clock {
            started: Instant::now(),
            before,
            time_box,
        }
    }

    /// Time spent so far, including the time before a resume.
    pub fn elapsed(&self) -> Duration {
        self.before + self.started.elapsed()
    }

    /// The prompt for `elapsed`: `[03:12 / 07:00] ` or `[over by 01:01] `
    /// (both 16 columns, so the prompt never changes width), and whether
    /// the time box is over.
    pub fn prompt_at(&self, elapsed: Duration) -> (String, bool) {
        if elapsed > self.time_box {
            (
                format!("[over by {}] ", mm_ss(elapsed - self.time_box)),
                true,
            )
        } else {
            (
                format!("[{} / {}] ", mm_ss(elapsed), mm_ss(self.time_box)),
                false,
            )
        }
    }
}

/// `mm:ss` (minutes keep growing past 99).
pub fn mm_ss(duration: Duration) -> String {
    let seconds = duration.as_secs();
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// What one call to [`LineEditor::read`] gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    /// An entry (one line, or a whole multi-line paste), without its final
    /// newline and cleaned of control characters.
    Entry(String),
    /// Ctrl-D on an empty line: the answer is complete.
    End,
    /// Ctrl-C.
    Interrupted,
}

/// rustyline's helper: draws the clock prompt, nothing else.
struct ClockPrompt {
    clock: Option<Clock>,
    color: bool,
}

impl ClockPrompt {
    fn render(&self) -> String {
        let Some(clock) = self.clock else {
            return PLAIN_PROMPT.to_owned();
        };
        let elapsed = clock.elapsed();
        let (text, over) = clock.prompt_at(elapsed);
        if !self.color {
            return text;
        }
        let last_minute = clock.time_box.saturating_sub(elapsed) < Duration::from_secs(60);
        let code = if over {
            "1;31"
        } else if last_minute {
            "33"
        } else {
            "2"
        };
        format!("\x1b[{code}m{}\x1b[0m ", text.trim_end())
    }
}

/// The prompt without a clock (`--no-timer`).
const PLAIN_PROMPT: &str = "> ";

impl Highlighter for ClockPrompt {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        default: bool,
    ) -> Cow<'b, str> {
        if default {
            Cow::Owned(self.render())
        } else {
            // Another prompt of rustyline's own (reverse search).
            Cow::Borrowed(prompt)
        }
    }
}

impl Completer for ClockPrompt {
    type Candidate = String;
}

impl Hinter for ClockPrompt {
    type Hint = String;
}

impl Validator for ClockPrompt {}

impl Helper for ClockPrompt {}

/// A line editor on the terminal, with the session's lines as history.
pub struct LineEditor {
    editor: Editor<ClockPrompt, DefaultHistory>,
    clock: Option<Clock>,
    /// When the current `readline` started, while one runs.
    editing: Arc<Mutex<Option<Instant>>>,
    /// Dropping it stops the ticker.
    _ticker: Option<mpsc::Sender<()>>,
}

/// How long after a `readline` starts the ticker waits before its first
/// repaint, so that rustyline is in raw mode (its external printer writes
/// straight to the terminal otherwise).
const SETTLE: Duration = Duration::from_millis(250);

impl LineEditor {
    /// An editor on the terminal; `clock` is `None` with `--no-timer`.
    pub fn new(clock: Option<Clock>, color: bool) -> rustyline::Result<LineEditor> {
        let config = Config::builder()
            .behavior(Behavior::PreferTerm)
            // The helper decides about colour; rustyline must always ask it.
            .color_mode(ColorMode::Forced)
            .auto_add_history(true)
            .bracketed_paste(true)
            .build();
        let mut editor = Editor::with_config(config)?;
        editor.set_helper(Some(ClockPrompt { clock, color }));
        let editing = Arc::new(Mutex::new(None));
        let ticker = match (clock, editor.create_external_printer()) {
            (Some(clock), Ok(printer)) => Some(start_ticker(printer, clock, Arc::clone(&editing))),
            _ => None,
        };
        Ok(LineEditor {
            editor,
            clock,
            editing,
            _ticker: ticker,
        })
    }

    /// Reads one entry.
    pub fn read(&mut self) -> rustyline::Result<Read> {
        // The raw prompt only gives rustyline the width; the helper draws it.
        let prompt = match self.clock {
            Some(clock) => clock.prompt_at(clock.elapsed()).0,
            None => PLAIN_PROMPT.to_owned(),
        };
        set(&self.editing, Some(Instant::now()));
        let result = self.editor.readline(&prompt);
        set(&self.editing, None);
        match result {
            Ok(line) => Ok(Read::Entry(clean(&line))),
            Err(ReadlineError::Eof) => Ok(Read::End),
            Err(ReadlineError::Interrupted) => Ok(Read::Interrupted),
            Err(e) => Err(e),
        }
    }
}

fn set(editing: &Mutex<Option<Instant>>, value: Option<Instant>) {
    if let Ok(mut editing) = editing.lock() {
        *editing = value;
    }
}

/// Once a second, while a line is being edited, asks rustyline to repaint
/// the prompt. The thread ends when the returned sender is dropped.
fn start_ticker<P: ExternalPrinter + Send + 'static>(
    mut printer: P,
    clock: Clock,
    editing: Arc<Mutex<Option<Instant>>>,
) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::spawn(move || loop {
        // Just after the clock's next second, so the repaint shows it.
        let into_second = u64::from(clock.elapsed().subsec_millis());
        let wait = Duration::from_millis(1000 - into_second + 20);
        match stopped.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            _ => break,
        }
        let since = editing.lock().ok().and_then(|e| *e);
        // Up one row and back down: rustyline clears the prompt's rows,
        // writes this, then repaints the prompt in place.
        if since.is_some_and(|s| s.elapsed() >= SETTLE)
            && printer.print("\x1b[A\n".to_owned()).is_err()
        {
            break;
        }
    });
    stop
}

/// `text` without escape sequences and without control characters other
/// than newline and tab: nothing typed, pasted or sent by a terminal can put
/// a raw escape byte into a saved answer. Line ends become `\n`.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            match chars.next() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    while let Some(&next) = chars.peek() {
                        chars.next();
                        if ('\x40'..='\x7e').contains(&next) {
                            break;
                        }
                    }
                }
                // SS3 (ESC O A): one more character.
                Some('O') => {
                    chars.next();
                }
                // ESC followed by one character (Alt-x).
                _ => {}
            }
        } else if c == '\n' || c == '\t' || !c.is_control() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_keeps_its_width_and_says_when_the_time_box_is_over() {
        let clock = Clock::new(Duration::ZERO, Duration::from_secs(7 * 60));
        let (inside, over) = clock.prompt_at(Duration::from_secs(192));
        assert_eq!(inside, "[03:12 / 07:00] ");
        assert!(!over);
        let (outside, over) = clock.prompt_at(Duration::from_secs(481));
        assert_eq!(outside, "[over by 01:01] ");
        assert!(over);
        assert_eq!(inside.len(), outside.len());
    }

    #[test]
    fn a_resumed_clock_counts_the_time_already_spent() {
        let clock = Clock::new(Duration::from_secs(90), Duration::from_secs(300));
        assert!(clock.elapsed() >= Duration::from_secs(90));
        assert!(clock.elapsed() < Duration::from_secs(95));
    }

    #[test]
    fn clean_drops_escape_sequences_and_keeps_newlines_and_tabs() {
        assert_eq!(
            clean("We write ADRs. Left\x1b[D\x1b[DX\r\nnext\tline\x07 \x1bOH\x1b[1;5C\x1bb."),
            "We write ADRs. LeftX\nnext\tline ."
        );
    }
}
