//! Helpers of the hostile-input tests (`tests/hostile_*.rs`): files in a
//! temporary folder, and `mock` with a private data folder and history.

use std::path::Path;

/// An answer to the built-in `cloud-native` question.
pub const GOOD: &str = "---\nquestion: cloud-native\n---\nWe design for failure with circuit breakers and keep services stateless.\n";

/// A question file of a one-question bank.
pub const QUESTION: &str =
    "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";

/// The rubric of that question.
pub const RUBRIC: &str = "question: q\nconcepts:\n  - id: c\n    label: C\n    weight: 1\n    phrases: [outbox]\n    hint: H\n";

/// Writes `bytes` to `dir/name` (creating folders); returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A bank folder `dir/bank` with [`QUESTION`] and `rubric`; returns its path.
pub fn bank(dir: &Path, rubric: &str) -> String {
    write(dir, "bank/questions/t/q.yaml", QUESTION);
    write(dir, "bank/rubrics/q.yaml", rubric);
    dir.join("bank").display().to_string()
}

/// Hermetic `mock` whose data folder and history are in `dir`.
pub fn mock(dir: &Path) -> assert_cmd::Command {
    let mut command = super::mock();
    command
        .env("MOCK_DATA_DIR", dir.join("data"))
        .env("MOCK_DB", dir.join("h.db"));
    command
}

/// What a run printed, and its exit code.
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// Runs `command` to its end.
pub fn run(command: &mut assert_cmd::Command) -> Run {
    let output = command.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `command`, killing it after `seconds`: `None` when it had to be
/// killed (a hang is a failure, not a stuck test run).
pub fn run_within(command: &mut std::process::Command, seconds: u64) -> Option<Run> {
    use std::io::Read;
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes on threads, so a full pipe never blocks the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > std::time::Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    status.map(|status| Run {
        code: status.code(),
        stdout,
        stderr,
    })
}

/// Peak memory of a run of `mock` in KB, measured by GNU time (`None`
/// without it).
pub fn peak_kb(args: &[&str], dir: &Path) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let mut command = std::process::Command::new(time);
    super::hermetic(&mut command);
    let output = command
        .args(["-f", "%M"])
        .arg(super::bin())
        .args(args)
        .env("MOCK_DATA_DIR", dir.join("data"))
        .env("MOCK_DB", dir.join("h.db"))
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// The user CPU time of a run of `mock` in seconds, measured by GNU time,
/// killed after `timeout` seconds (then infinite); `None` without GNU time
/// and `timeout`. CPU time, not wall time: the machine is shared, and file
/// syncs wait on the disk.
pub fn cpu_seconds(args: &[&str], dir: &Path, timeout: u64) -> Option<f64> {
    let time = Path::new("/usr/bin/time");
    let kill = Path::new("/usr/bin/timeout");
    if !time.exists() || !kill.exists() {
        return None;
    }
    let mut command = std::process::Command::new(time);
    super::hermetic(&mut command);
    let output = command
        .args(["-f", "%U"])
        .arg(kill)
        .args(["-s", "KILL", &timeout.to_string()])
        .arg(super::bin())
        .args(args)
        .env("MOCK_DATA_DIR", dir.join("data"))
        .env("MOCK_DB", dir.join("h.db"))
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    if output.status.code() == Some(137) || output.status.code() == Some(124) {
        return Some(f64::INFINITY);
    }
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}
