//! The one way the integration tests start `mock`: hermetic.
//!
//! Every spawned process loses the caller's `MOCK_*` and `XDG_*` variables
//! (and the few others that change output: `NO_COLOR`, `COLUMNS`, `LINES`,
//! `VISUAL`, `EDITOR`) and gets a `HOME` inside cargo's temporary folder, so
//! `cargo test` never reads or writes a user's real history, drafts or bank,
//! whatever is exported in the shell that runs it. A test that needs one of
//! these sets it on the returned command, after the clearing.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command as Process;

/// Variables cleared besides every `MOCK_*` and `XDG_*` one.
const CLEARED: &[&str] = &[
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "VISUAL",
    "EDITOR",
];

/// The `HOME` of every spawned process: a folder under cargo's
/// `CARGO_TARGET_TMPDIR`, never the user's.
pub fn home() -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hermetic-home");
    std::fs::create_dir_all(&home).expect("the hermetic HOME can be created");
    home
}

/// Makes `cmd` hermetic: see the module documentation.
pub fn hermetic(cmd: &mut Process) -> &mut Process {
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        if name.starts_with("MOCK_") || name.starts_with("XDG_") {
            cmd.env_remove(&key);
        }
    }
    for name in CLEARED {
        cmd.env_remove(name);
    }
    cmd.env("HOME", home())
}

/// The `mock` binary as a hermetic `std::process::Command`, for tests that
/// spawn it (signals, concurrency, pseudo-terminals).
pub fn process() -> Process {
    let mut cmd = Process::new(bin());
    hermetic(&mut cmd);
    cmd
}

/// The `mock` binary as a hermetic `assert_cmd::Command`.
pub fn mock() -> assert_cmd::Command {
    assert_cmd::Command::from_std(process())
}

/// The path of the `mock` binary under test.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mock")
}

pub mod hostile;
