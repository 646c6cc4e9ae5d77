//! `mock ask` on a real (pseudo-)terminal, driven key by key with rexpect:
//! line editing, the session's history, a bracketed multi-line paste, the
//! clock ticking while nobody presses Enter, Ctrl-C keeping the draft, and
//! `--resume` continuing the clock past the time box; `mock interview` with
//! line editing, Ctrl-C keeping the session and `--resume` finishing it.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rexpect::session::{spawn_command, PtySession};

const LEFT: &str = "\x1b[D";
const HOME: &str = "\x1b[H";
const END: &str = "\x1b[F";
const UP: &str = "\x1b[A";
const WORD_BACK: &str = "\x1bb";
const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";

/// `mock ask ARGS` in a pseudo-terminal, with its data in `data`.
fn ask(data: &Path, args: &[&str]) -> PtySession {
    let mut cmd = common::process();
    cmd.env("MOCK_DATA_DIR", data)
        .env("TERM", "xterm-256color")
        .args(args);
    spawn_command(cmd, Some(15_000)).expect("mock starts in a pty")
}

/// Types `text` (rexpect's writer only flushes on a newline by itself).
fn keys(session: &mut PtySession, text: &str) {
    session.send(text).expect("the terminal takes input");
    session.flush().expect("the terminal takes input");
}

/// Waits until the editor reads the next line: rustyline turns bracketed
/// paste on as it enters raw mode for each line.
fn prompt(session: &mut PtySession) {
    session
        .exp_string("\x1b[?2004h")
        .expect("the editor reads a new line");
}

fn only_file(dir: PathBuf) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?} in {}", dir.display());
    files[0].clone()
}

/// The answer part of a saved answer file.
fn body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        !text.contains('\x1b'),
        "an escape byte was saved:\n{text:?}"
    );
    text.splitn(3, "---\n").nth(2).unwrap().to_owned()
}

fn elapsed_seconds(path: &Path) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("elapsed_seconds: "))
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_line_editor_edits_recalls_pastes_ticks_and_keeps_the_draft_on_ctrl_c() {
    let data = tempfile::tempdir().unwrap();
    let mut s = ask(
        data.path(),
        &["--color", "never", "ask", "--id", "adr-process"],
    );
    s.exp_string("Type your answer").unwrap();
    prompt(&mut s);
    s.exp_string("[00:00 / 06:00] ").unwrap();

    // Left, Home and End edit the line instead of adding escape bytes.
    keys(&mut s, "We write ADRs. Left");
    keys(&mut s, &LEFT.repeat(3));
    keys(&mut s, "X");
    keys(&mut s, HOME);
    keys(&mut s, "Yes. ");
    keys(&mut s, END);
    keys(&mut s, " end\r");
    prompt(&mut s);
    // Word moves.
    keys(&mut s, "alpha beta gamma");
    keys(&mut s, &WORD_BACK.repeat(2));
    keys(&mut s, "new ");
    keys(&mut s, END);
    keys(&mut s, "\r");
    prompt(&mut s);
    // Up recalls the session's previous line.
    keys(&mut s, UP);
    keys(&mut s, "\r");
    prompt(&mut s);
    // Lines typed ahead, faster than the editor reads them, are all kept.
    keys(&mut s, "Typed ahead one.\rTyped ahead two.\r");
    s.exp_string("Typed ahead two.").unwrap();
    prompt(&mut s);
    // A multi-line paste stays one piece, newlines included.
    keys(
        &mut s,
        &format!("{PASTE_START}First pasted line.\nSecond pasted line.{PASTE_END}"),
    );
    keys(&mut s, "\r");
    prompt(&mut s);

    // The clock moves while a line is being typed, without Enter.
    keys(&mut s, "half a thought");
    s.exp_regex(r"\[00:0[2-9] / 06:00\] half a thought")
        .expect("the prompt was redrawn with a later time");

    // Ctrl-C: the draft keeps every finished line, exactly.
    s.send_control('c').unwrap();
    s.exp_string("interrupted; your answer so far is saved in")
        .unwrap();
    s.exp_string("mock ask --resume").unwrap();
    assert_exited(&s, 130);
    let draft = only_file(data.path().join("drafts"));
    assert_eq!(
        body(&draft),
        "Yes. We write ADRs. LXeft end\n\
         alpha new beta gamma\n\
         alpha new beta gamma\n\
         Typed ahead one.\n\
         Typed ahead two.\n\
         First pasted line.\n\
         Second pasted line.\n"
    );
    assert!(elapsed_seconds(&draft) >= 2);
}

#[test]
fn resume_continues_the_clock_and_the_prompt_says_when_time_is_over() {
    let data = tempfile::tempdir().unwrap();
    let drafts = data.path().join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    // A draft with 5 minutes 58 seconds of a 6-minute time box spent.
    std::fs::write(
        drafts.join("1700000000000-adr-process.md"),
        "---\nquestion: adr-process\nelapsed_seconds: 358\n---\nWe write ADRs.\n",
    )
    .unwrap();
    let mut s = ask(
        data.path(),
        &["--color", "always", "ask", "--resume", "--no-follow-up"],
    );
    s.exp_string("5m58s spent").unwrap();
    prompt(&mut s);
    s.exp_regex(r"\[05:5[89] / 06:00\]").unwrap();
    keys(&mut s, "and we review them");
    // Past the time box, in bold red.
    s.exp_string("\x1b[1;31m[over by 00:0").unwrap();
    keys(&mut s, "\r");
    prompt(&mut s);
    keys(&mut s, "\x04");
    s.exp_string("Time: 6m0").unwrap();
    s.exp_string("Your answer is saved in").unwrap();
    s.exp_eof().unwrap();
    assert_exited(&s, 0);
    let answer = only_file(data.path().join("answers"));
    assert_eq!(body(&answer), "We write ADRs.\n\nand we review them\n");
    assert!(elapsed_seconds(&answer) >= 360);
}

#[test]
fn piped_stdin_needs_no_terminal_and_keeps_its_bytes_clean() {
    let data = tempfile::tempdir().unwrap();
    common::mock()
        .env("MOCK_DATA_DIR", data.path())
        .args(["ask", "--id", "adr-process", "--no-follow-up"])
        .write_stdin("We write ADRs. Left\x1b[D\x1b[DX\n")
        .timeout(Duration::from_secs(20))
        .assert()
        .success();
    let answer = only_file(data.path().join("answers"));
    assert_eq!(body(&answer), "We write ADRs. LeftX\n");
}

/// Waits for the process and checks its exit code (rexpect does not
/// re-export nix's `WaitStatus`, so this reads its `Debug` form).
fn assert_exited(session: &PtySession, code: i32) {
    let status = format!("{:?}", session.process().wait().unwrap());
    assert!(
        status.starts_with("Exited(") && status.ends_with(&format!(", {code})")),
        "{status}"
    );
}

#[test]
fn explain_on_a_terminal_without_a_file_says_how_to_give_it_an_answer() {
    let mut cmd = common::process();
    cmd.args(["explain", "--question", "adr-process"]);
    let mut s = spawn_command(cmd, Some(10_000)).expect("mock starts in a pty");
    s.exp_string("no answer to explain: name an answer file")
        .unwrap();
    s.exp_string("| mock explain --question ID -").unwrap();
    assert_exited(&s, 2);
}

/// `mock ARGS` in a pseudo-terminal, with its data and history in `data`.
fn interview(data: &Path, args: &[&str]) -> PtySession {
    let mut cmd = common::process();
    // Two cloud questions, cloud-native first, whatever the built-in bank holds.
    let bank = data.join("bank");
    if !bank.exists() {
        common::two_cloud_questions(data);
    }
    cmd.env("MOCK_DATA_DIR", data)
        .env("MOCK_DB", data.join("history.db"))
        .env("MOCK_BANK", &bank)
        .env("TERM", "xterm-256color")
        .args(["--color", "never", "interview"])
        .args(args);
    spawn_command(cmd, Some(30_000)).expect("mock starts in a pty")
}

#[test]
fn interview_edits_lines_keeps_the_session_on_ctrl_c_and_resume_finishes_it() {
    let data = tempfile::tempdir().unwrap();
    let mut s = interview(data.path(), &["--theme", "cloud", "--questions", "1"]);
    s.exp_string("Question 1 of 1: What cloud-native means")
        .unwrap();
    s.exp_string("Type your answer").unwrap();
    prompt(&mut s);
    s.exp_string("[00:00 / 05:00] ").unwrap();
    keys(&mut s, "We autoscale stateless services. Left");
    keys(&mut s, &LEFT.repeat(3));
    keys(&mut s, "X");
    keys(&mut s, END);
    keys(&mut s, "\r");
    prompt(&mut s);
    keys(&mut s, "half a thought");
    s.send_control('c').unwrap();
    s.exp_string("interrupted; the interview so far is saved in")
        .unwrap();
    s.exp_string("mock interview --resume").unwrap();
    assert_exited(&s, 130);
    let saved = only_json(data.path().join("interviews"));
    let session: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(
        session["current"]["answer"],
        "We autoscale stateless services. LXeft\n"
    );

    // --resume shows the answer so far and continues it.
    let mut s = interview(data.path(), &["--resume"]);
    s.exp_string("Resuming the interview").unwrap();
    s.exp_string("Your answer so far:").unwrap();
    prompt(&mut s);
    keys(&mut s, "Health checks restart failed instances.\r");
    prompt(&mut s);
    keys(&mut s, "\x04");
    s.exp_string("Your answer: score").unwrap();
    s.exp_string("Interviewer: ").unwrap();
    prompt(&mut s);
    keys(&mut s, "\x04");
    s.exp_string("No answer to the follow-up; moving on.")
        .unwrap();
    s.exp_string("Interview summary").unwrap();
    s.exp_eof().unwrap();
    assert_exited(&s, 0);
    let history = common::mock()
        .env("MOCK_DB", data.path().join("history.db"))
        .args(["history", "--format", "json"])
        .assert()
        .success();
    let attempts: serde_json::Value = serde_json::from_slice(&history.get_output().stdout).unwrap();
    assert_eq!(
        attempts[0]["answer"],
        "We autoscale stateless services. LXeft\nHealth checks restart failed instances."
    );
}

fn only_json(dir: PathBuf) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?} in {}", dir.display());
    files[0].clone()
}

#[test]
fn man_on_a_terminal_is_formatted_by_man_not_printed_as_roff() {
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_err()
    {
        // Without man(1) the raw page is printed, as when piped.
        return;
    }
    let mut cmd = common::process();
    cmd.env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .args(["man", "ask"]);
    let mut s = spawn_command(cmd, Some(15_000)).expect("mock starts in a pty");
    let page = s.exp_eof().unwrap();
    assert!(page.contains("General Commands Manual"), "{page}");
    assert!(!page.contains(".TH "), "raw roff on a terminal:\n{page}");
}
